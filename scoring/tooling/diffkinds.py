"""The change kinds of `scoring diff` beyond sections and criteria (tooling.md's one list of kinds)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from scoring.model.numbers import Amount
from scoring.model.rubric import Criterion, Rubric
from scoring.model.scales import Scale

_HUNDRED = Decimal(100)
_FIELDS = ("total", "decimals", "rounding", "subject", "locale", "currency", "profile")


def change(kind: str, target: str | None, ident: str | None, old: Any = None, new: Any = None) -> dict[str, Any]:
    """One change as the JSON writes it."""
    return {"kind": kind, "target": target, "id": ident, "old": old, "new": new}


def _num(value: Decimal) -> float:
    return float(value)


def _amount(a: Amount) -> str | float:
    """Points as written: `"40%"` for a percent, else the number."""
    return f"{(a.value * _HUNDRED).normalize():f}%" if a.percent else float(a.value)


def scale_data(scale: Scale) -> dict[str, Any]:
    """What can be earned on a scale (labels and descriptions left out: they are wording)."""
    kind = scale.kind
    if kind == "levels":
        return {kind: {k: _amount(v.points) for k, v in scale.levels.items()}}  # type: ignore[union-attr]
    if kind == "direct":
        return {kind: {"min": _num(scale.min), "max": _num(scale.max)}}  # type: ignore[union-attr]
    if kind == "bands":
        return {kind: [[None if b.min is None else _num(b.min), None if b.max is None else _num(b.max),
                        _amount(b.points)] for b in scale.bands]}  # type: ignore[union-attr]
    if kind == "linear":
        return {kind: [[_num(x), _amount(y)] for x, y in scale.knots]}  # type: ignore[union-attr]
    if kind == "ratio":
        return {kind: scale.best}  # type: ignore[union-attr]
    return {kind: {"order": scale.order, "first": _amount(scale.first),  # type: ignore[union-attr]
                   "middle": _amount(scale.middle), "last": _amount(scale.last)}}  # type: ignore[union-attr]


def criterion_changes(old: Criterion, new: Criterion) -> list[dict[str, Any]]:
    """`scale`, `value` and `price` of a criterion present in both rubrics."""
    out = []
    if scale_data(old.scale) != scale_data(new.scale):
        out.append(change("scale", "criterion", new.id, scale_data(old.scale), scale_data(new.scale)))
    if old.value != new.value:
        out.append(change("value", "criterion", new.id, old.value, new.value))
    if old.price != new.price:
        out.append(change("price", "criterion", new.id, old.price, new.price))
    return out


def rubric_fields(old: Rubric, new: Rubric) -> list[dict[str, Any]]:
    """The rubric's own fields: title, total, decimals, rounding, subject, locale, currency, profile."""
    out = []
    if old.title != new.title:
        out.append(change("renamed", "rubric", new.id, old.title, new.title))
    for name in _FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            conv = _num if isinstance(before, Decimal) else (lambda v: v)
            out.append(change(name, "rubric", new.id, conv(before), conv(after)))
    return out


def evaluators(old: Rubric, new: Rubric) -> list[dict[str, Any]]:
    """`evaluators`: method, trim or role weights (percent points) changed."""
    def settings(r: Rubric) -> dict[str, Any]:
        a = r.aggregation
        return {"method": a.method, "trim": a.trim, "roles": {k: _num(v * _HUNDRED) for k, v in a.roles.items()}}
    return [] if settings(old) == settings(new) else [change("evaluators", None, None, settings(old), settings(new))]


def keyed(target: str, kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Added, changed (`kind`) and removed entries of two id → comparable-value maps."""
    out = [change("added", target, i, None, v) if i not in old else change(kind, target, i, old[i], v)
           for i, v in new.items() if i not in old or old[i] != v]
    return out + [change("removed", target, i, v, None) for i, v in old.items() if i not in new]


def gates_metrics_adjustments(old: Rubric, new: Rubric) -> list[dict[str, Any]]:
    """Gates (their checks), metrics (their formulas) and adjustments (when, price, deduct)."""
    def gates(r: Rubric) -> dict[str, Any]:
        return {g.id: None if g.check is None else g.check.text for g in r.gates}

    def adjustments(r: Rubric) -> dict[str, Any]:
        return {a.id: {"when": a.when.text, "price": list(a.price), "deduct": _num(a.deduct * _HUNDRED)}
                for a in r.adjustments}
    return (keyed("gate", "gate", gates(old), gates(new))
            + keyed("metric", "metric", {k: v.text for k, v in old.metrics.items()},
                    {k: v.text for k, v in new.metrics.items()})
            + keyed("adjustment", "adjustment", adjustments(old), adjustments(new)))


def facts(old: Rubric, new: Rubric) -> list[dict[str, Any]]:
    """Declared facts added or removed (wording), and `unit` changes to or from `%`."""
    out = [change("added", "fact", i) for i in new.facts if i not in old.facts]
    out += [change("removed", "fact", i) for i in old.facts if i not in new.facts]
    for i in sorted(set(old.facts) | set(new.facts)):
        units = [_percent(r.facts.get(i)) for r in (old, new)]
        if units[0] != units[1]:
            out.append(change("unit", "fact", i, *units))
    return out


def _percent(q: Any) -> str | None:
    return "%" if q is not None and q.unit == "%" else None


def quotas(old: Rubric, new: Rubric) -> list[dict[str, Any]]:
    """`quotas`: a grade's at-most or at-least, quota-groups or quota-min-group changed."""
    def data(r: Rubric) -> dict[str, Any]:
        def pct(v: Decimal | None) -> float | None:
            return None if v is None else _num(v * _HUNDRED)
        return {"rows": [[g.label, pct(g.at_most), pct(g.at_least)] for g in r.grades],
                "groups": r.quota_groups, "min_group": r.quota_min_group}
    def caps(r: Rubric) -> list[tuple[Decimal | None, Decimal | None]]:
        return [(g.at_most, g.at_least) for g in r.grades]
    # A renamed or re-thresholded grade alone is a `grades` change, not a quota change.
    same = caps(old) == caps(new) and data(old)["groups"] == data(new)["groups"] \
        and old.quota_min_group == new.quota_min_group
    return [] if same else [change("quotas", None, None, data(old), data(new))]
