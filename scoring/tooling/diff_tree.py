"""The view of a rubric read from its raw YAML tree, for a stored text that no longer validates.

The same parts and matching by id as `diff_view.model_view`, with the values as written (text)
instead of as read; nothing is defaulted. A shape no rubric has raises `TypeError`,
`AttributeError`, `KeyError` or `ValueError`; history's summary then says `not comparable`.
"""

from __future__ import annotations

from typing import Any

from scoring.load.keys import RUBRIC
from scoring.tooling.diff_view import CRITERION_WORDS, FIELDS, SCALE_WORDS, View, raw_criteria

KNOWN = frozenset(RUBRIC.allowed)
"""The rubric's keys; any other (an older version's) counts as the rubric's wording."""


def _bare(value: Any) -> Any:
    """A scale without its labels and descriptions: what can be earned."""
    if isinstance(value, dict):
        return {k: _bare(v) for k, v in value.items() if k not in SCALE_WORDS}
    return [_bare(v) for v in value] if isinstance(value, list) else value


def _words(value: Any) -> Any:
    """Only a scale's labels and descriptions, where they are."""
    if isinstance(value, dict):
        return {k: v if k in SCALE_WORDS else _words(v) for k, v in value.items() if k in SCALE_WORDS or _nested(v)}
    return [_words(v) for v in value] if isinstance(value, list) else None


def _nested(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _by_id(items: Any) -> dict[str, Any]:
    """A list of mappings with ids, by id, in order."""
    if not isinstance(items, list):
        if items:
            raise TypeError("not a list")
        return {}
    return {str(i["id"]): i for i in items}


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        if value:
            raise TypeError("not a mapping")
        return {}
    return value


def _size(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ("weight", "points") if k in item}


def _criterion(raw: Any, section: str | None) -> dict[str, Any]:
    scale = raw.get("scale")
    named = scale if isinstance(scale, str) else None
    words = {k: raw.get(k) for k in CRITERION_WORDS}
    if named is None:
        words["scale"] = _words(scale)
    return {"section": section, "title": raw.get("title"), "size": _size(raw),
            "scale": None if named else _bare(scale), "named": named, "value": raw.get("value"),
            "price": raw.get("price"), "wording": words}


def _metric(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return {"formula": raw.get("formula"), "wording": {"title": raw.get("title"), "unit": raw.get("unit")}}
    return {"formula": raw, "wording": {"title": None, "unit": None}}


def _fact(raw: Any) -> dict[str, Any]:
    raw = _mapping(raw)
    unit = raw.get("unit")
    return {"percent": unit == "%", "wording": {"title": raw.get("title"), "unit": None if unit == "%" else unit}}


def _pairwise(tree: dict[str, Any], sections: dict[str, Any]) -> dict[str, Any]:
    containers = [("rubric", tree)] + list(sections.items())
    return {k: {"comparisons": c["pairwise"], "weights": {}} for k, c in containers if c.get("pairwise")}


def tree_view(tree: Any) -> View:
    """The view of a raw rubric tree (see the module's note on what it raises)."""
    if not isinstance(tree, dict):
        raise TypeError("not a mapping")
    ev = _mapping(tree.get("evaluators"))
    sections = _by_id(tree.get("sections"))
    grades = tree.get("grades") or []
    return {
        "id": str(tree.get("id", "")), "title": tree.get("title"),
        "fields": {k: tree.get(k) for k in FIELDS},
        "wording": {"description": tree.get("description"), "anonymous": ev.get("anonymous"),
                    "review": tree.get("review"), "other": {k: v for k, v in tree.items() if k not in KNOWN}},
        "evaluators": {k: v for k, v in ev.items() if k != "anonymous"},
        "gates": {k: {"title": g.get("title"), "check": g.get("check")} for k, g in _by_id(tree.get("gates")).items()},
        "metrics": {str(k): _metric(v) for k, v in _mapping(tree.get("metrics")).items()},
        "adjustments": {k: {"data": {f: x.get(f) for f in ("when", "price", "deduct")},
                            "wording": {"title": x.get("title"), "policy": x.get("policy")}}
                        for k, x in _by_id(tree.get("adjustments")).items()},
        "facts": {str(k): _fact(v) for k, v in _mapping(tree.get("facts")).items()},
        "scales": {str(k): {"data": _bare(v), "wording": _words(v)} for k, v in _mapping(tree.get("scales")).items()},
        "pairwise": _pairwise(tree, sections),
        "sections": {k: {"title": s.get("title"), "size": _size(s), "wording": {"description": s.get("description")}}
                     for k, s in sections.items()},
        "criteria": {k: _criterion(c, s) for k, (c, s) in raw_criteria(tree).items()},
        "grades": [[g.get("min"), g.get("label")] for g in grades],
        "quotas": {"rows": [[g.get("label"), g.get("at-most"), g.get("at-least")] for g in grades],
                   "groups": tree.get("quota-groups"), "min_group": tree.get("quota-min-group")},
        "tie_break": list(tree.get("tie-break") or []),
    }
