"""What changed between two stored rubric texts, as the one-line summary `trend` shows.

`scoring diff` (tooling.md) does not exist yet; this compares the two texts' YAML trees, matching
sections, criteria, gates, metrics and scales by id, and names tooling.md's change kinds in
history.md's order. When `diff` lands, both should share one comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

_WORDING_KEYS = frozenset({"label", "description", "category", "source", "title", "name", "unit", "policy"})


@dataclass(frozen=True)
class Change:
    """The summary of a rubric change, and whether totals across it still score alike."""

    summary: str
    comparable: bool


def compare(older: str, newer: str) -> Change:
    """The change from the rubric text `older` to `newer` (texts that differ)."""
    try:
        old, new = yaml.safe_load(older), yaml.safe_load(newer)
    except yaml.YAMLError:
        return Change("not comparable", False)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return Change("not comparable", False)
    try:
        totals, wording = _totals(old, new), _wording(old, new)
    except (TypeError, AttributeError, KeyError):  # a shape no rubric has
        return Change("not comparable", False)
    parts = totals + wording
    return Change("; ".join(parts) if parts else "formatting or comments only", not totals)


def _criteria(tree: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str | None]]:
    """Every criterion by id, with its section id (None without sections), in rubric order."""
    found: dict[str, tuple[dict[str, Any], str | None]] = {}
    for c in tree.get("criteria") or []:
        found[str(c["id"])] = (c, None)
    for s in tree.get("sections") or []:
        for c in s.get("criteria") or []:
            found[str(c["id"])] = (c, str(s["id"]))
    return found


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    if isinstance(items, dict):
        return {str(k): (v if isinstance(v, dict) else {"formula": v}) for k, v in items.items()}
    return {str(i["id"]): i for i in items or []}


def _bare(value: Any) -> Any:
    """A tree without its wording keys: what can be earned, not what it is called."""
    if isinstance(value, dict):
        return {k: _bare(v) for k, v in value.items() if k not in _WORDING_KEYS}
    if isinstance(value, list):
        return [_bare(v) for v in value]
    return value


def _ids(label: str, ids: list[str]) -> list[str]:
    return [f"{label} {', '.join(ids)}"] if ids else []


def _changed(old: dict[str, Any], new: dict[str, Any], test: Callable[[Any, Any], bool]) -> list[str]:
    """Ids present in both whose entries differ by `test`, in the newer order."""
    return [k for k in new if k in old and test(old[k], new[k])]


def _totals(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The parts that change totals, in history.md's order."""
    parts = [k for k in ("total", "decimals", "rounding", "evaluators") if old.get(k) != new.get(k)]
    for key in ("gates", "metrics", "adjustments"):
        if _bare(_by_id(old.get(key))) != _bare(_by_id(new.get(key))):
            parts.append(key)
    os_, ns = _by_id(old.get("sections")), _by_id(new.get("sections"))
    parts += _ids("sections added:", [k for k in ns if k not in os_])
    parts += _ids("sections removed:", [k for k in os_ if k not in ns])
    oc, nc = _criteria(old), _criteria(new)
    parts += _ids("criteria added:", [k for k in nc if k not in oc])
    parts += _ids("criteria removed:", [k for k in oc if k not in nc])
    parts += _ids("criteria moved:", _changed(oc, nc, lambda a, b: a[1] != b[1]))
    weighed = _changed(os_, ns, _weight_differs) + _changed(oc, nc, lambda a, b: _weight_differs(a[0], b[0]))
    parts += _ids("weights of", weighed)
    pairwise = ["rubric"] if old.get("pairwise") != new.get("pairwise") else []
    parts += _ids("pairwise of", pairwise + _changed(os_, ns, lambda a, b: a.get("pairwise") != b.get("pairwise")))
    parts += _ids("scales of", _changed(oc, nc, lambda a, b: _scale(old, a[0]) != _scale(new, b[0])))
    parts += _ids("values of", _changed(oc, nc, lambda a, b: a[0].get("value") != b[0].get("value")))
    of, nf = old.get("facts") or {}, new.get("facts") or {}
    parts += _ids("units of", [k for k in {**of, **nf} if _percent(of.get(k)) != _percent(nf.get(k))])
    return parts


def _weight_differs(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (a.get("weight"), a.get("points")) != (b.get("weight"), b.get("points"))


def _scale(tree: dict[str, Any], criterion: dict[str, Any], *, bare: bool = True) -> Any:
    """A criterion's scale written out (a named one looked up), by default without its wording."""
    scale = criterion.get("scale")
    if isinstance(scale, str):
        scale = (tree.get("scales") or {}).get(scale, scale)
    return _bare(scale) if bare else scale


def _declared(tree: dict[str, Any]) -> dict[str, Any]:
    """The facts' declarations but for a `%` unit (the `units` part speaks for that)."""
    facts = tree.get("facts") or {}
    return {k: {kk: vv for kk, vv in (f or {}).items() if (kk, vv) != ("unit", "%")} for k, f in facts.items()}


def _percent(fact: Any) -> bool:
    return isinstance(fact, dict) and fact.get("unit") == "%"


def _wording(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The parts that change grades only or wording only, in history.md's order."""
    og, ng = old.get("grades") or [], new.get("grades") or []
    parts = ["grade thresholds"] if _rows(og, ("min", "label")) != _rows(ng, ("min", "label")) else []
    quota = ("at-most", "at-least")
    if (_rows(og, quota), old.get("quota-groups"), old.get("quota-min-group")) != (
            _rows(ng, quota), new.get("quota-groups"), new.get("quota-min-group")):
        parts.append("quotas")
    parts += ["tie-break"] if old.get("tie-break") != new.get("tie-break") else []
    parts += _ids("renamed", _renamed(old, new))
    oc, nc = _criteria(old), _criteria(new)
    parts += _ids("price flags of", _changed(oc, nc, lambda a, b: a[0].get("price") != b[0].get("price")))
    parts += [k for k in ("subject", "locale", "currency", "profile") if old.get(k) != new.get(k)]
    parts += _ids("wording of", _worded(old, new))
    return parts


_COVERED = frozenset({"id", "title", "weight", "points", "scale", "value", "price", "criteria", "pairwise"})
"""Keys another part of the summary already speaks for."""


def _worded(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Ids whose wording alone changed: descriptions, labels, the rubric's declarations and settings."""
    def rest(tree: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in tree.items() if k not in _COVERED}

    def criterion(a: Any, b: Any) -> bool:
        labels = _scale(old, a[0], bare=False) != _scale(new, b[0], bare=False)
        return rest(a[0]) != rest(b[0]) or labels and _scale(old, a[0]) == _scale(new, b[0])

    found = _changed(_by_id(old.get("sections")), _by_id(new.get("sections")), lambda a, b: rest(a) != rest(b))
    found += _changed(_criteria(old), _criteria(new), criterion)
    unknown = {k: v for k, v in old.items() if k not in _KNOWN} != {k: v for k, v in new.items() if k not in _KNOWN}
    scales = (old.get("scales") or {}).keys() != (new.get("scales") or {}).keys()
    if unknown or scales or _declared(old) != _declared(new):
        found.insert(0, str(new.get("id", "rubric")))
    return found


_KNOWN = frozenset({"id", "title", "subject", "locale", "currency", "profile", "total", "decimals", "rounding",
                    "evaluators", "gates", "metrics", "adjustments", "sections", "criteria", "pairwise", "scales",
                    "facts", "grades", "quota-groups", "quota-min-group", "tie-break"})


def _rows(grades: Any, keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(g.get(k) for k in keys) for g in grades]


def _renamed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Ids whose title changed; the rubric's own title counts under its id."""
    found = [str(new.get("id", "rubric"))] if old.get("title") != new.get("title") else []
    for key in ("sections", "gates"):
        found += _changed(_by_id(old.get(key)), _by_id(new.get(key)), lambda a, b: a.get("title") != b.get("title"))
    found += _changed(_criteria(old), _criteria(new), lambda a, b: a[0].get("title") != b[0].get("title"))
    return found
