"""The comparable view of a rubric that `scoring diff` matches by id (tooling.md).

A view is plain data, one mapping per part of a rubric, each entry split into what moves figures
and what is only wording. `model_view` builds it from a validated `Rubric` (with the YAML tree
for the named scales, which the model resolves away); `tree_view` from a raw YAML tree alone,
for a stored text that no longer validates (history.md). `diffkinds.compare_views` compares two
views of the same kind, so `diff` and `trend` share one comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from scoring.model.numbers import Amount, json_number
from scoring.model.pairwise import Comparison
from scoring.model.rubric import Criterion, Rubric, Section
from scoring.model.scales import BandsScale, DirectScale, LevelsScale, LinearScale, RatioScale, Scale

_HUNDRED = Decimal(100)
FIELDS = ("total", "decimals", "rounding", "subject", "locale", "currency", "profile")
"""The rubric's own fields that are a change kind of their own, in the spec's order."""
SCALE_WORDS = ("label", "description")
"""Keys of a scale's levels and bands that are wording, not what can be earned."""
CRITERION_WORDS = ("description", "source", "evaluator", "category", "objective")
"""A criterion's fields that are wording."""

View = dict[str, Any]


def _num(value: Decimal) -> int | float:
    """A value as written, every digit (api.md §6): `5` stays 5, `0.10` is 0.1."""
    return json_number(value)


def _pct(value: Decimal | None) -> float | None:
    """A fraction in percent points (0.6 → 60.0)."""
    return None if value is None else float(value * _HUNDRED)


def _amount(a: Amount) -> str | int | float:
    """Points as written: `"40%"` for a percent, else the number."""
    return f"{(a.value * _HUNDRED).normalize():f}%" if a.percent else _num(a.value)


def scale_data(scale: Scale) -> dict[str, Any]:
    """What can be earned on a scale (labels and descriptions left out: they are wording)."""
    if isinstance(scale, LevelsScale):
        return {scale.kind: {k: _amount(v.points) for k, v in scale.levels.items()}}
    if isinstance(scale, DirectScale):
        return {scale.kind: {"min": _num(scale.min), "max": _num(scale.max)}}
    if isinstance(scale, BandsScale):
        return {scale.kind: [[None if b.min is None else _num(b.min), None if b.max is None else _num(b.max),
                              _amount(b.points)] for b in scale.bands]}
    if isinstance(scale, LinearScale):
        return {scale.kind: [[_num(x), _amount(y)] for x, y in scale.knots]}
    if isinstance(scale, RatioScale):
        return {scale.kind: scale.best}
    return {scale.kind: {"order": scale.order, "first": _amount(scale.first), "middle": _amount(scale.middle),
                         "last": _amount(scale.last)}}


def _scale_words(scale: Scale) -> Any:
    """The labels and descriptions of a scale's levels or bands."""
    if scale.kind == "levels":
        return {k: [v.label, v.description] for k, v in scale.levels.items()}
    return [b.label for b in scale.bands] if scale.kind == "bands" else None


def _size(item: Section | Criterion) -> dict[str, int | float]:
    """The written weight (in percent points) or points of a section or criterion."""
    points = getattr(item, "points", None)
    if item.weight is not None:
        return {"weight": float(item.weight * _HUNDRED)}
    return {"points": _num(points)} if points is not None else {}


def raw_criteria(tree: Any) -> dict[str, tuple[Any, str | None]]:
    """Every criterion of a raw tree by id, with its section id (None on a flat sheet)."""
    found: dict[str, tuple[Any, str | None]] = {}
    for c in tree.get("criteria") or []:
        found[str(c["id"])] = (c, None)
    for s in tree.get("sections") or []:
        for c in s.get("criteria") or []:
            found[str(c["id"])] = (c, str(s["id"]))
    return found


def _named_scales(tree: Mapping[str, Any] | None) -> dict[str, Scale]:
    """The named scales of a valid rubric's tree, read again (the model keeps only their uses)."""
    from scoring.load.fields import Reader
    from scoring.load.scales import parse_scale

    out = {}
    for name, body in ((tree or {}).get("scales") or {}).items():
        scale = parse_scale(Reader("<scales>", []), ("scales", name), body)
        if scale is not None:
            out[str(name)] = scale
    return out


def _comparisons(entries: tuple[Comparison, ...]) -> list[list[Any]]:
    """The comparisons as written, a value like 1/3 as its text."""
    return [[e.first, e.second, int(e.value) if e.value.denominator == 1 else e.text] for e in entries]


def _pairwise(rubric: Rubric) -> dict[str, Any]:
    """Each container with comparisons (`rubric` or a section id): the comparisons and the weights."""
    out = {}
    containers = [("rubric", None, rubric.pairwise)] + [(s.id, s.id, s.pairwise) for s in rubric.sections]
    for key, ident, entries in containers:
        if entries:
            derived = rubric.derived.get(ident)
            weights = {k: _pct(v) for k, v in derived.weights.items()} if derived else {}
            out[key] = {"comparisons": _comparisons(entries), "weights": weights}
    return out


def _criterion(c: Criterion, section: str, named: str | None) -> dict[str, Any]:
    words = {k: getattr(c, k) for k in CRITERION_WORDS}
    if named is None:
        words["scale"] = _scale_words(c.scale)
    return {"section": section or None, "title": c.title, "size": _size(c), "scale": scale_data(c.scale),
            "named": named, "value": c.value, "price": c.price, "wording": words}


def model_view(rubric: Rubric, tree: Mapping[str, Any] | None = None) -> View:
    """The view of a validated rubric; `tree` (its YAML tree) names the named scales it uses."""
    uses = {i: c[0].get("scale") for i, c in raw_criteria(tree or {}).items()}
    a = rubric.aggregation
    view: View = {
        "id": rubric.id, "title": rubric.title,
        "fields": {k: _num(v) if isinstance(v, Decimal) else v for k, v in
                   ((k, getattr(rubric, k)) for k in FIELDS)},
        "wording": {"description": rubric.description, "anonymous": a.anonymous,
                    "review": None if rubric.review is None else _pct(rubric.review.deviation)},
        "evaluators": {"method": a.method, "trim": a.trim, "roles": {k: _pct(v) for k, v in a.roles.items()}},
        "gates": {g.id: {"title": g.title, "check": None if g.check is None else g.check.text}
                  for g in rubric.gates},
        "metrics": {k: {"formula": v.text, "wording": _quantity(rubric.metric_info.get(k), all_units=True)}
                    for k, v in rubric.metrics.items()},
        "adjustments": {x.id: {"data": {"when": x.when.text, "price": list(x.price), "deduct": _pct(x.deduct)},
                               "wording": {"title": x.title, "policy": x.policy}} for x in rubric.adjustments},
        "facts": {k: {"percent": q.unit == "%", "wording": _quantity(q)} for k, q in rubric.facts.items()},
        "scales": {k: {"data": scale_data(s), "wording": _scale_words(s)} for k, s in _named_scales(tree).items()},
        "pairwise": _pairwise(rubric),
        "sections": {s.id: {"title": s.title, "size": _size(s), "wording": {"description": s.description}}
                     for s in rubric.sections if not rubric.flat},
        "criteria": {c.id: _criterion(c, s.id, v if isinstance(v := uses.get(c.id), str) else None)
                     for s in rubric.sections for c in s.criteria},
        "grades": [[_num(g.min), g.label] for g in rubric.grades],
        "quotas": {"rows": [[g.label, _pct(g.at_most), _pct(g.at_least)] for g in rubric.grades],
                   "groups": rubric.quota_groups, "min_group": rubric.quota_min_group},
        "tie_break": [t if isinstance(t, str) else {"fact": t.fact, "order": t.order} for t in rubric.tie_break],
    }
    return view


def _quantity(q: Any, *, all_units: bool = False) -> dict[str, Any]:
    """A fact's or metric's wording: its title, and its unit unless `%` counts apart (facts)."""
    if q is None:
        return {"title": "", "unit": ""}
    return {"title": q.title, "unit": q.unit if all_units or q.unit != "%" else ""}
