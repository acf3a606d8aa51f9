"""Tooling.md's one list of change kinds, found by comparing two views of a rubric by id.

`compare_views` takes two views of the same kind (`diff_view.model_view` or `diff_tree.tree_view`)
and gives the changes in the spec's order: the rubric's own fields, evaluators, gates, metrics,
adjustments, facts, named scales, then sections and criteria in NEW's order (removed ones after,
in OLD's order), then grades, quotas and tie-break.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scoring.tooling.diff_view import FIELDS, View

Change = dict[str, Any]


def change(kind: str, target: str | None, ident: str | None, old: Any = None, new: Any = None) -> Change:
    """One change as the JSON writes it."""
    return {"kind": kind, "target": target, "id": ident, "old": old, "new": new}


def compare_views(old: View, new: View) -> list[Change]:
    """Every change from the view `old` to the view `new`, in the spec's order."""
    out = _rubric(old, new)
    if old["evaluators"] != new["evaluators"]:
        out.append(change("evaluators", None, None, old["evaluators"], new["evaluators"]))
    out += _keyed(old, new, "gates", "gate", lambda g: g["check"], _gate)
    out += _keyed(old, new, "metrics", "metric", lambda m: m["formula"], _wording("metric"))
    out += _keyed(old, new, "adjustments", "adjustment", lambda a: a["data"], _wording("adjustment"))
    out += _facts(old, new) + _scales(old, new) + _pairwise(old, new, "rubric", "rubric", old["id"])
    out += _sections_and_criteria(old, new)
    if old["grades"] != new["grades"]:
        out.append(change("grades", None, None, old["grades"], new["grades"]))
    if _caps(old) != _caps(new):
        out.append(change("quotas", None, None, old["quotas"], new["quotas"]))
    if old["tie_break"] != new["tie_break"]:
        out.append(change("tie-break", None, None, old["tie_break"], new["tie_break"]))
    return out


def _rubric(old: View, new: View) -> list[Change]:
    """The rubric's title, its own fields and its wording."""
    out = [change("renamed", "rubric", new["id"], old["title"], new["title"])] if old["title"] != new["title"] else []
    out += [change(k, "rubric", new["id"], old["fields"][k], new["fields"][k])
            for k in FIELDS if old["fields"][k] != new["fields"][k]]
    return out + ([change("wording", "rubric", new["id"])] if old["wording"] != new["wording"] else [])


def _keyed(old: View, new: View, part: str, kind: str, data: Any, more: Any) -> list[Change]:
    """Entries of a part by id: added and removed (with their data), `kind` when the data
    changed, then what `more` finds (titles, wording) for the ids in both."""
    before, after = old[part], new[part]
    out = []
    for i, v in after.items():
        if i not in before:
            out.append(change("added", kind, i, None, data(v)))
            continue
        if data(before[i]) != data(v):
            out.append(change(kind, kind, i, data(before[i]), data(v)))
        out += more(i, before[i], v)
    return out + [change("removed", kind, i, data(v), None) for i, v in before.items() if i not in after]


def _gate(i: str, old: Any, new: Any) -> list[Change]:
    return [change("renamed", "gate", i, old["title"], new["title"])] if old["title"] != new["title"] else []


def _wording(target: str) -> Callable[[str, Any, Any], list[Change]]:
    """For `_keyed`: a `wording` change of the `target` entry `i` when its wording differs."""
    def more(i: str, old: Any, new: Any) -> list[Change]:
        return [change("wording", target, i)] if old["wording"] != new["wording"] else []

    return more


def _facts(old: View, new: View) -> list[Change]:
    """Declarations added or removed, wording, and `unit` changes to or from `%` (in NEW's order,
    then the removed ones)."""
    before, after = old["facts"], new["facts"]
    out = []
    for i in [*after, *(i for i in before if i not in after)]:
        o, n = before.get(i), after.get(i)
        if o is None or n is None:
            out.append(change("added" if o is None else "removed", "fact", i))
        elif o["wording"] != n["wording"]:
            out.append(change("wording", "fact", i))
        units = ["%" if f is not None and f["percent"] else None for f in (o, n)]
        if units[0] != units[1]:
            out.append(change("unit", "fact", i, *units))
    return out


def _scales(old: View, new: View) -> list[Change]:
    """Named scales added, removed, changed (with the criteria that use them) or reworded."""
    before, after = old["scales"], new["scales"]
    out = []
    for i, s in after.items():
        if i not in before:
            out.append(change("added", "scale", i))
            continue
        if before[i]["data"] != s["data"]:
            users = [c for c, v in new["criteria"].items() if v["named"] == i]
            out.append({**change("scale", "scale", i, before[i]["data"], s["data"]), "criteria": users})
        if before[i]["wording"] != s["wording"]:
            out.append(change("wording", "scale", i))
    return out + [change("removed", "scale", i) for i in before if i not in after]


def _pairwise(old: View, new: View, key: str, target: str, ident: str) -> list[Change]:
    o, n = old["pairwise"].get(key), new["pairwise"].get(key)
    return [] if o == n else [change("pairwise", target, ident, o, n)]


def _caps(view: View) -> Any:
    # A renamed or re-thresholded grade alone is a `grades` change, not a quota change.
    q = view["quotas"]
    return [r[1:] for r in q["rows"]], q["groups"], q["min_group"]


def _sections_and_criteria(old: View, new: View) -> list[Change]:
    """Sections and criteria in NEW's order, each section before its criteria; removed after."""
    os_, ns, oc, nc = old["sections"], new["sections"], old["criteria"], new["criteria"]
    out = []
    for sid in [None, *ns]:
        if sid is not None:
            out += _section(old, new, sid)
        for cid, c in nc.items():
            if c["section"] == sid:
                out += _criterion(cid, oc.get(cid), c)
    out += [change("removed", "section", i, s["size"], None) for i, s in os_.items() if i not in ns]
    return out + [change("removed", "criterion", i, _where(c), None) for i, c in oc.items() if i not in nc]


def _where(c: dict[str, Any]) -> dict[str, Any]:
    """A criterion's section (when it has one) and its weight or points."""
    return {**({"section": c["section"]} if c["section"] else {}), **c["size"]}


def _section(old: View, new: View, sid: str) -> list[Change]:
    o, n = old["sections"].get(sid), new["sections"][sid]
    if o is None:
        return [change("added", "section", sid, None, n["size"])]
    out = _titled("section", sid, o, n)
    out += _pairwise(old, new, sid, "section", sid)
    return out + ([change("wording", "section", sid)] if o["wording"] != n["wording"] else [])


def _titled(target: str, ident: str, o: Any, n: Any) -> list[Change]:
    """`renamed` and `weight` of a section or criterion present in both."""
    out = [change("renamed", target, ident, o["title"], n["title"])] if o["title"] != n["title"] else []
    return out + ([change("weight", target, ident, o["size"], n["size"])] if o["size"] != n["size"] else [])


def _written(c: dict[str, Any]) -> Any:
    """A criterion's scale written out, with the name of the named scale it uses."""
    return c["scale"] if c["named"] is None else {"name": c["named"], **(c["scale"] or {})}


def _criterion(cid: str, o: Any, n: Any) -> list[Change]:
    if o is None:
        return [change("added", "criterion", cid, None, _where(n))]
    out = [change("moved", "criterion", cid, o["section"], n["section"])] if o["section"] != n["section"] else []
    out += _titled("criterion", cid, o, n)
    # A named scale used by both is compared once, as the scale's own change.
    if o["named"] != n["named"] or (n["named"] is None and o["scale"] != n["scale"]):
        out.append(change("scale", "criterion", cid, _written(o), _written(n)))
    for kind in ("value", "price"):
        if o[kind] != n[kind]:
            out.append(change(kind, "criterion", cid, o[kind], n[kind]))
    return out + ([change("wording", "criterion", cid)] if o["wording"] != n["wording"] else [])
