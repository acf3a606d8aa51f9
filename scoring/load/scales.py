"""Read the six scale kinds from a rubric, and check that a scale fits its criterion."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from scoring.load import keys
from scoring.load.fields import Reader, describe
from scoring.load.keys import BAND, DIRECT, LEVEL, RANK, SCALE
from scoring.load.places import PlainTree as Tree
from scoring.model.choices import BESTS, ORDERS
from scoring.model.errors import PathKey
from scoring.model.numbers import Amount, percent_text, plain
from scoring.model.rubric import Band, BandsScale, DirectScale, Level, LevelsScale, LinearScale, RankScale, RatioScale, Scale
from scoring.model.words import fold_width, id_key

KINDS = SCALE.allowed
Unit = Literal["percent", "plain"]
Path = tuple[PathKey, ...]


def parse_scale(r: Reader, path: Path, raw: Tree) -> Scale | None:
    """Read an inline or named scale: a mapping with exactly one of the six kinds."""
    spec = keys.mapping(r, path, raw, SCALE)
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
        best = r.choice(kpath, body, BESTS)
        return RatioScale(best) if best else None
    return _rank(r, kpath, body)


def _levels(r: Reader, path: Path, raw: Tree) -> LevelsScale | None:
    spec = r.mapping(path, raw)
    if spec is None:
        return None
    if not spec:
        r.error(path, "expected at least one level")
        return None
    levels = {}
    for key, body in spec.items():
        lpath = (*path, key)
        level = keys.mapping(r, lpath, body, LEVEL)
        if level is None or "points" not in level:
            continue
        points = _points(r, (*lpath, "points"), level["points"])
        label = keys.text_value(r, lpath, level, LEVEL, "label", absent=key)
        text = keys.text_value(r, lpath, level, LEVEL, "description", absent="")
        if points is not None and label is not None and text is not None:
            levels[key] = Level(key, points, label or key, text)
    if len(levels) != len(spec) or not _distinct_labels(r, path, levels):
        return None
    return LevelsScale(levels)


def _distinct_labels(r: Reader, path: Path, levels: dict[str, Level]) -> bool:
    """Whether every level can be told by its key or its label: an evaluator may write either."""
    before = len(r.problems)
    r.unique_ids([((*path, key), key) for key in levels])
    if len(r.problems) > before:
        return False
    ok = True
    keys = {id_key(key): key for key in levels}
    labels: dict[str, str] = {}
    for key, level in levels.items():
        where = (*path, key, "label")
        other = keys.get(id_key(level.label), key)
        if other != key:
            r.error(where, f"label {level.label!r} is the key of level {other!r}; a level may be given by "
                           "its key or its label, so no label may be another level's key")
            ok = False
        elif id_key(level.label) in labels:
            r.error(where, f"label {level.label!r} is also the label of level {labels[id_key(level.label)]!r}; "
                           "a level may be given by its label, so labels must differ")
            ok = False
        labels.setdefault(id_key(level.label), key)
    return ok


def _direct(r: Reader, path: Path, raw: Tree) -> DirectScale | None:
    spec = keys.mapping(r, path, raw, DIRECT)
    if spec is None or "min" not in spec or "max" not in spec:
        return None
    low = keys.decimal_value(r, path, spec, DIRECT, "min")
    high = keys.decimal_value(r, path, spec, DIRECT, "max")
    if low is None or high is None:
        return None
    if not low < high or high <= 0:
        r.error(path, f"expected 'min' below a positive 'max', got min {low} and max {high}")
        return None
    return DirectScale(low, high)


def _bands(r: Reader, path: Path, raw: Tree) -> BandsScale | None:
    items = r.sequence(path, raw)
    if items is None:
        return None
    if not items:
        r.error(path, "expected at least one band")
        return None
    bands = []
    bounds: list[tuple[Path, Tree, Decimal]] = []
    for i, item in enumerate(items):
        bpath = (*path, i)
        spec = keys.mapping(r, bpath, item, BAND)
        if spec is None or "points" not in spec:
            continue
        low = keys.decimal_value(r, bpath, spec, BAND, "min")
        high = keys.decimal_value(r, bpath, spec, BAND, "max")
        points = _points(r, (*bpath, "points"), spec["points"])
        label = keys.text_value(r, bpath, spec, BAND, "label", absent="")
        if ("min" in spec and low is None) or ("max" in spec and high is None) or points is None:
            continue
        bounds += [((*bpath, k), spec[k], v) for k, v in (("min", low), ("max", high)) if v is not None]
        if low is not None and high is not None and low > high:
            r.error(bpath, f"band's min {low} is above its max {high}")
            continue
        bands.append(Band(low, high, points, label or ""))
    if len(bands) != len(items):
        return None
    unit = _unit(r, bounds)
    if unit is False or not _reachable(r, path, bands, unit):
        return None
    return BandsScale(tuple(bands), unit)


def _reachable(r: Reader, path: Path, bands: Sequence[Band], unit: Unit | None) -> bool:
    """Whether every band takes some value that no earlier band takes (bands are tried in order)."""
    ok = True
    for j, band in enumerate(bands):
        earlier = [(i, b) for i, b in enumerate(bands[:j]) if _overlap(b, band)]
        if earlier and _covers([b for _, b in earlier], band):
            which = " and ".join(f"band {i + 1} ({_range(b, unit)})" for i, b in earlier)
            takes = "takes" if len(earlier) == 1 else "take"
            r.error((*path, j), f"band {j + 1} ({_range(band, unit)}) can never be reached: {which} already "
                                f"{takes} every value it would; bands are tried in the order written")
            ok = False
    return ok


def _overlap(a: Band, b: Band) -> bool:
    """Whether some value falls in both bands."""
    low = max((x for x in (a.min, b.min) if x is not None), default=None)
    high = min((x for x in (a.max, b.max) if x is not None), default=None)
    return low is None or high is None or low <= high


def _covers(earlier: Sequence[Band], band: Band) -> bool:
    """Whether the bands `earlier` together take every value `band` takes.

    Ranges are closed and values real: `[50, 70]` and `[70, 90]` join, but any gap between two
    ranges, however small, holds values.
    """
    lo, hi = _ends(band)
    covered = lo  # everything from `lo` up to and including `covered` is taken, once a span reaches `lo`
    for a, b in sorted(_ends(e) for e in earlier):
        if a > covered:
            return False  # values between `covered` and `a` are left to `band`
        if b >= hi:
            return True
        covered = max(covered, b)
    return False


_INF = Decimal("Infinity")


def _ends(band: Band) -> tuple[Decimal, Decimal]:
    """A band's range, with infinities where it has no bound."""
    return (-_INF if band.min is None else band.min, _INF if band.max is None else band.max)


def _range(band: Band, unit: Unit | None) -> str:
    """A band's range as a reader sees it: `>= 50`, `<= 10%`, `50 to 70`, `any value`."""
    def show(x: Decimal) -> str:
        return percent_text(x) if unit == "percent" else plain(x)

    if band.min is not None and band.max is not None:
        return f"{show(band.min)} to {show(band.max)}"
    if band.min is not None:
        return f">= {show(band.min)}"
    return f"<= {show(band.max)}" if band.max is not None else "any value"


def _unit(r: Reader, bounds: Sequence[tuple[Path, Tree, Decimal]]) -> Unit | None | Literal[False]:
    """The unit the written bounds fix (None when all are 0), or False after a located problem.

    A bound of 0 is 0 in any unit; the others must all be percents or all plain numbers.
    """
    first: tuple[Unit, Tree] | None = None
    for where, raw, value in bounds:
        if value == 0:
            continue
        unit: Unit = "percent" if isinstance(raw, str) and fold_width(raw).strip().endswith("%") else "plain"
        if first is None:
            first = (unit, raw)
        elif unit != first[0]:
            wanted = "a percent" if first[0] == "percent" else "a plain number"
            r.error(where, f"expected {wanted} like the scale's first bound {describe(first[1])}, got {describe(raw)}; "
                           "a scale's bounds are all percents or all plain numbers (0 may be either)")
            return False
    return None if first is None else first[0]


def _points(r: Reader, path: Path, raw: Tree) -> Amount | None:
    """Points a scale awards: a number or percent, 0 or more."""
    amount = r.amount(path, raw)
    if amount is not None and amount.value < 0:
        r.error(path, f"expected points of 0 or more, got {amount}")
        return None
    return amount


def _linear(r: Reader, path: Path, raw: Tree) -> LinearScale | None:
    items = r.sequence(path, raw)
    if items is None:
        return None
    knots: list[tuple[Decimal, Amount]] = []
    bounds: list[tuple[Path, Tree, Decimal]] = []
    for i, item in enumerate(items):
        if not isinstance(item, list) or len(item) != 2:
            r.error((*path, i), f"expected a knot [value, points], got {describe(item)}")
            continue
        x = r.number((*path, i, 0), item[0])
        y = _points(r, (*path, i, 1), item[1])
        if x is None or y is None:
            continue
        if knots and x <= knots[-1][0]:
            r.error((*path, i, 0), f"knot values must increase; {x} follows {knots[-1][0]}")
            continue
        knots.append((x, y))
        bounds.append(((*path, i, 0), item[0], x))
    if len(items) < 2:
        r.error(path, "expected at least two knots")
        return None
    if len(knots) != len(items):
        return None
    unit = _unit(r, bounds)
    return None if unit is False else LinearScale(tuple(knots), unit)


def _rank(r: Reader, path: Path, raw: Tree) -> RankScale | None:
    spec = keys.mapping(r, path, raw, RANK)
    if spec is None:
        return None
    order = keys.choice_value(r, path, spec, RANK, "order", ORDERS)
    first, middle, last = (_points(r, (*path, k), spec[k]) if k in spec else None for k in ("first", "middle", "last"))
    if order is None or first is None or middle is None or last is None:
        return None
    return RankScale(order, first, middle, last)
