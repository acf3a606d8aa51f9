"""Read the six scale kinds from a rubric, and check that a scale fits its criterion."""

from __future__ import annotations

from decimal import Decimal

from scoring.load.fields import Reader, describe
from scoring.load.yamlfile import Tree
from scoring.model.errors import PathKey
from scoring.model.numbers import Amount
from scoring.model.rubric import Band, BandsScale, DirectScale, Level, LevelsScale, LinearScale, RankScale, RatioScale, Scale

KINDS = ("levels", "direct", "bands", "linear", "ratio", "rank")


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


