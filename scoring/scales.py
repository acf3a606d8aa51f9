"""The six scale kinds: reading them from a rubric and turning values into points."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from scoring.fields import Amount, Reader, describe, parse_number
from scoring.model import (
    Band,
    BandsScale,
    DirectScale,
    Level,
    LevelsScale,
    LinearScale,
    RankScale,
    RatioScale,
    Scale,
)
from scoring.yamlfile import PathKey, Tree

KINDS = ("levels", "direct", "bands", "linear", "ratio", "rank")


class ScaleError(Exception):
    """A value does not fit its scale; the message says what was expected and what was found."""


class Points(NamedTuple):
    """The points a value earned, with the value as read and the label of its level or band."""

    points: Decimal
    value: Decimal | str
    label: str = ""
    description: str = ""


# -- reading ------------------------------------------------------------------------


def parse_scale(r: Reader, path: tuple[PathKey, ...], raw: Tree) -> Scale | None:
    """Read an inline or named scale: a mapping with exactly one of the six kinds."""
    spec = r.mapping(path, raw, allowed=KINDS)
    if spec is None:
        return None
    kinds = [k for k in spec if k in KINDS]
    if len(kinds) != 1:
        if not kinds and not spec:
            r.error(path, f"expected one scale kind: {', '.join(KINDS)}")
        elif len(kinds) > 1:
            r.error(path, f"expected one scale kind, got {len(kinds)}: {', '.join(kinds)}")
        return None
    kind = kinds[0]
    body, kpath = spec[kind], (*path, kind)
    if kind == "levels":
        return _levels(r, kpath, body)
    if kind == "direct":
        return _direct(r, kpath, body)
    if kind == "bands":
        return _bands(r, kpath, body)
    if kind == "linear":
        return _linear(r, kpath, body)
    if kind == "ratio":
        best = r.choice(kpath, body, ("lowest", "highest"))
        return RatioScale(best) if best else None  # type: ignore[arg-type]
    return _rank(r, kpath, body)


def _levels(r: Reader, path: tuple[PathKey, ...], raw: Tree) -> LevelsScale | None:
    spec = r.mapping(path, raw)
    if spec is None:
        return None
    if not spec:
        r.error(path, "expected at least one level")
        return None
    levels = {}
    for key, body in spec.items():
        lpath = (*path, key)
        level = r.mapping(lpath, body, allowed={"points", "label", "description"}, required=("points",))
        if level is None or "points" not in level:
            continue
        points = r.amount((*lpath, "points"), level["points"])
        label = r.text((*lpath, "label"), level.get("label", key), required=False)
        text = r.text((*lpath, "description"), level.get("description", ""), required=False)
        if points is not None and label is not None and text is not None:
            levels[key] = Level(key, points, label or key, text)
    return LevelsScale(levels) if len(levels) == len(spec) else None


def _direct(r: Reader, path: tuple[PathKey, ...], raw: Tree) -> DirectScale | None:
    spec = r.mapping(path, raw, allowed={"min", "max"}, required=("min", "max"))
    if spec is None or "min" not in spec or "max" not in spec:
        return None
    low = r.number((*path, "min"), spec["min"])
    high = r.number((*path, "max"), spec["max"])
    if low is None or high is None:
        return None
    if not low < high or high <= 0:
        r.error(path, f"expected 'min' below a positive 'max', got min {low} and max {high}")
        return None
    return DirectScale(low, high)


def _bands(r: Reader, path: tuple[PathKey, ...], raw: Tree) -> BandsScale | None:
    items = r.sequence(path, raw)
    if items is None:
        return None
    if not items:
        r.error(path, "expected at least one band")
        return None
    bands = []
    for i, item in enumerate(items):
        bpath = (*path, i)
        spec = r.mapping(bpath, item, allowed={"min", "max", "points", "label"}, required=("points",))
        if spec is None or "points" not in spec:
            continue
        low = r.number((*bpath, "min"), spec["min"]) if "min" in spec else None
        high = r.number((*bpath, "max"), spec["max"]) if "max" in spec else None
        points = r.amount((*bpath, "points"), spec["points"])
        label = r.text((*bpath, "label"), spec.get("label", ""), required=False)
        if ("min" in spec and low is None) or ("max" in spec and high is None) or points is None:
            continue
        if low is not None and high is not None and low > high:
            r.error(bpath, f"band's min {low} is above its max {high}")
            continue
        bands.append(Band(low, high, points, label or ""))
    return BandsScale(tuple(bands)) if len(bands) == len(items) else None


def _linear(r: Reader, path: tuple[PathKey, ...], raw: Tree) -> LinearScale | None:
    items = r.sequence(path, raw)
    if items is None:
        return None
    knots: list[tuple[Decimal, Amount]] = []
    for i, item in enumerate(items):
        if not isinstance(item, list) or len(item) != 2:
            r.error((*path, i), f"expected a knot [value, points], got {describe(item)}")
            continue
        x = r.number((*path, i, 0), item[0])
        y = r.amount((*path, i, 1), item[1])
        if x is None or y is None:
            continue
        if knots and x <= knots[-1][0]:
            r.error((*path, i, 0), f"knot values must increase; {x} follows {knots[-1][0]}")
            continue
        knots.append((x, y))
    if len(items) < 2:
        r.error(path, "expected at least two knots")
        return None
    return LinearScale(tuple(knots)) if len(knots) == len(items) else None


def _rank(r: Reader, path: tuple[PathKey, ...], raw: Tree) -> RankScale | None:
    spec = r.mapping(path, raw, allowed={"order", "first", "middle", "last"}, required=("first", "middle", "last"))
    if spec is None:
        return None
    order = r.choice((*path, "order"), spec.get("order", "lowest-first"), ("lowest-first", "highest-first"))
    amounts = [r.amount((*path, k), spec[k]) if k in spec else None for k in ("first", "middle", "last")]
    if order is None or None in amounts:
        return None
    return RankScale(order, *amounts)  # type: ignore[arg-type]


def amounts(scale: Scale) -> list[tuple[str, Amount]]:
    """Every amount of points a scale can award, each with where it is written."""
    if isinstance(scale, LevelsScale):
        return [(f"level '{k}'", level.points) for k, level in scale.levels.items()]
    if isinstance(scale, BandsScale):
        return [(f"band {i + 1}", band.points) for i, band in enumerate(scale.bands)]
    if isinstance(scale, LinearScale):
        return [(f"knot {i + 1}", knot[1]) for i, knot in enumerate(scale.knots)]
    if isinstance(scale, RankScale):
        return [("first", scale.first), ("middle", scale.middle), ("last", scale.last)]
    return []


def check_fit(scale: Scale, points_style: bool, maximum: Decimal) -> list[str]:
    """Problems with using `scale` on a criterion of this style and maximum."""
    problems = []
    for where, amount in amounts(scale):
        if amount.percent:
            continue
        if not points_style and amount.value != 0:  # nothing is nothing in any unit
            problems.append(
                f"{where} gives absolute points ({amount}), which only make sense for a criterion "
                f"with 'points'; on a weighted criterion write a percent of its share, like \"60%\""
            )
        elif amount.value > maximum:
            problems.append(f"{where} gives {amount} points, more than the criterion's {maximum:f}")
    return problems


# -- scoring ------------------------------------------------------------------------


def number_of(text: str) -> Decimal:
    """A value as a number; raises `ScaleError`."""
    value = parse_number(text)
    if value is None:
        raise ScaleError(f"expected a number, got {describe(text)}")
    return value


def points(scale: Scale, text: str, maximum: Decimal) -> Points:
    """The points `text` earns on an absolute scale (levels, direct, bands, linear)."""
    if isinstance(scale, LevelsScale):
        level = scale.levels.get(text.strip())
        if level is None:
            raise ScaleError(f"{describe(text)} is not one of {', '.join(scale.levels)}")
        return Points(level.points.of(maximum), level.key, level.label, level.description)
    value = number_of(text)
    if isinstance(scale, DirectScale):
        if not scale.min <= value <= scale.max:
            raise ScaleError(f"expected a number from {scale.min:f} to {scale.max:f}, got {value:f}")
        return Points(value * maximum / scale.max, value)
    if isinstance(scale, BandsScale):
        for band in scale.bands:
            if band.takes(value):
                return Points(band.points.of(maximum), value, band.label)
        raise ScaleError(f"no band takes the value {value:f}; bands: {describe_bands(scale)}")
    if isinstance(scale, LinearScale):
        return Points(_interpolate(scale, value, maximum), value)
    raise AssertionError(f"{scale.kind} is relative")  # pragma: no cover


def describe_bands(scale: BandsScale) -> str:
    """The bands written out, for messages: `>= 9, >= 7, <= 4`."""
    parts = []
    for band in scale.bands:
        if band.min is not None and band.max is not None:
            parts.append(f"{band.min:f}–{band.max:f}")
        elif band.min is not None:
            parts.append(f">= {band.min:f}")
        elif band.max is not None:
            parts.append(f"<= {band.max:f}")
        else:
            parts.append("any")
    return ", ".join(parts)


def _interpolate(scale: LinearScale, value: Decimal, maximum: Decimal) -> Decimal:
    knots = scale.knots
    if value <= knots[0][0]:
        return knots[0][1].of(maximum)
    for (x0, a0), (x1, a1) in itertools.pairwise(knots):
        if value <= x1:
            y0, y1 = a0.of(maximum), a1.of(maximum)
            return y0 + (value - x0) * (y1 - y0) / (x1 - x0)
    return knots[-1][1].of(maximum)


def relative_points(
    scale: RatioScale | RankScale, values: Mapping[str, Decimal], maximum: Decimal
) -> dict[str, Points]:
    """Points of each qualified candidate (by id) on a ratio or rank scale.

    Raises `ScaleError` when a ratio needs a value that is zero or negative.
    """
    if not values:
        return {}
    if isinstance(scale, RatioScale):
        bad = sorted(cid for cid, v in values.items() if v <= 0)
        if bad:
            raise ScaleError(f"a ratio scale needs positive values; {', '.join(bad)} gave zero or less")
        if scale.best == "lowest":
            low = min(values.values())
            return {cid: Points(maximum * low / v, v) for cid, v in values.items()}
        high = max(values.values())
        return {cid: Points(maximum * v / high, v) for cid, v in values.items()}
    best, worst = _ends(values.values(), scale.order == "lowest-first")
    out = {}
    for cid, v in values.items():
        if v == best:
            out[cid] = Points(scale.first.of(maximum), v, "first")
        elif v == worst:
            out[cid] = Points(scale.last.of(maximum), v, "last")
        else:
            out[cid] = Points(scale.middle.of(maximum), v, "middle")
    return out


def _ends(values: Iterable[Decimal], lowest_first: bool) -> tuple[Decimal, Decimal]:
    vals = list(values)
    low, high = min(vals), max(vals)
    return (low, high) if lowest_first else (high, low)
