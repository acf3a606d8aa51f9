"""The table form of `scoring diff`: each change in words, the candidates' table, who moved."""

from __future__ import annotations

import json
from typing import Any


def _v(value: Any) -> str:
    """A weight or points object in words (`30%`, `5 points`); anything else as compact JSON."""
    if isinstance(value, dict) and set(value) <= {"weight", "points", "section"}:
        if "weight" in value:
            return f"{value['weight']:g}%"
        if "points" in value:
            return f"{value['points']:g} points"
    if isinstance(value, str):
        return value
    if value is None:
        return "none"
    return json.dumps(value, ensure_ascii=False)


def change_line(c: dict[str, Any]) -> str:
    """One change in words, as tooling.md writes them (without its tag)."""
    kind, target, ident, old, new = c["kind"], c["target"], c["id"], c["old"], c["new"]
    who = f"{target} {ident}" if target and ident else (target or ident or "")
    if kind in ("added", "removed"):
        item = new if kind == "added" else old
        where = f" {'to' if kind == 'added' else 'from'} section {item['section']}" \
            if isinstance(item, dict) and "section" in item else ""
        size = f" ({_v(item)})" if isinstance(item, dict) and ({"weight", "points"} & set(item)) else ""
        return f"{who} {kind}{where}{size}"
    if kind == "wording":
        return f"wording of {who} changed"
    if kind == "scale" and "criteria" in c:
        used = f" (used by {', '.join(c['criteria'])})" if c["criteria"] else " (used by no criterion)"
        return f"scale of {who}{used}: {_v(old)} -> {_v(new)}"
    if kind == "renamed":
        return f"{who} renamed: {old} -> {new}"
    if kind == "moved":
        return f"{who} moved: section {old} -> section {new}"
    if kind in ("grades", "quotas", "tie-break", "evaluators"):
        return f"{kind}: {_v(old)} -> {_v(new)}"
    return f"{kind} of {who}: {_v(old)} -> {_v(new)}"


def _outcome(o: dict[str, Any] | None) -> str:
    if o is None:
        return "absent"
    if not o["qualified"]:
        return "disqualified"
    return f"{o['total']:g} (#{o['rank']})"


def candidates_table(rows: list[dict[str, Any]]) -> list[str]:
    """Each candidate's old and new total and rank, the change and ↑/↓; then who changed places."""
    lines = ["candidate: old -> new, change, rank"]
    for c in rows:
        change = "" if c["change"] is None else f"{c['change']:+g}"
        move = c["rank_change"]
        arrow = "" if not move else ("↑" if move > 0 else "↓") + str(abs(move))
        lines.append(f"{c['id']}: {_outcome(c['old'])} -> {_outcome(c['new'])}, {change or '-'}, {arrow or '='}")
    moved = [f"{c['id']} ({'↑' if c['rank_change'] > 0 else '↓'}{abs(c['rank_change'])})"
             for c in rows if c["rank_change"]]
    lines.append(f"changed places: {', '.join(moved)}" if moved else "nobody changed places")
    return lines
