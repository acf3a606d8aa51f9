"""Turn a value into points on each scale kind: absolute scales one value at a time, relative ones over all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, DecimalException
from typing import Literal, NamedTuple

from scoring.model.numbers import NumberError, percent_text, plain, read_number
from scoring.model.results import BandsRule, DirectRule, LevelsRule, LinearRule, RankRule, RatioRule, Rule
from scoring.model.rubric import (
    BandsScale,
    Criterion,
    DirectScale,
    LevelsScale,
    LinearScale,
    RankScale,
    RatioScale,
    Scale,
)
from scoring.model.sheetformat import judged_score_problem
from scoring.model.words import describe, fold_width


class ScaleError(Exception):
    """A value does not fit its scale; the message says what was expected and what was found."""


class Points(NamedTuple):
    """The points a value earned, with the value as read, the label of its level or band, and the rule."""

    points: Decimal
    value: Decimal | str
    label: str
    description: str
    rule: Rule


def number_of(text: str) -> Decimal:
    """A value as a number, within the limits on numbers; raises `ScaleError`."""
    try:
        return read_number(text)
    except NumberError as exc:
        raise ScaleError(str(exc)) from None


def points(criterion: Criterion, text: str | Decimal, maximum: Decimal, *, neutral: bool = False) -> Points:
    """The points `text` earns on the criterion's absolute scale (levels, direct, bands, linear).

    A written score on a level or direct scale is checked by `judged_score_problem`, the one
    check the score-sheet reader also applies. Unless `neutral` (a metric's computed value), a
    number must be written in the unit the scale's bounds fix: a percent for percent bounds, a
    plain number for plain ones. A computed value comes as a Decimal and is taken as it is: the
    limits on written numbers are not for it. Raises `ScaleError`, also for arithmetic that
    cannot be carried out exactly.
    """
    scale = criterion.scale
    if isinstance(scale, (LevelsScale, DirectScale)) and (isinstance(text, str) or isinstance(scale, LevelsScale)):
        written = text if isinstance(text, str) else f"{text:f}"
        problem = judged_score_problem(criterion, written)
        if problem is not None:
            raise ScaleError(problem)
        text = written
    try:
        return _points(scale, text, maximum, neutral)
    except DecimalException as exc:
        raise ScaleError(f"cannot compute points from {describe(text)} ({type(exc).__name__})") from None


def _points(scale: Scale, given: str | Decimal, maximum: Decimal, neutral: bool) -> Points:
    """Points on an absolute scale; a written level or direct score was checked by the caller."""
    if isinstance(scale, LevelsScale):
        assert isinstance(given, str)  # `points` passes a level as its text
        level = scale.levels[given.strip()]
        return Points(level.points.of(maximum), level.key, level.label, level.description,
                      LevelsRule(level.key, level.label))
    if isinstance(given, Decimal):
        value = given
        if isinstance(scale, DirectScale) and not scale.min <= value <= scale.max:
            raise ScaleError(f"expected a number from {scale.min:f} to {scale.max:f}, got {value:f}")
    else:
        value = number_of(given)
        if not neutral and isinstance(scale, (BandsScale, LinearScale)):
            check_unit(scale, given)
    if isinstance(scale, DirectScale):
        return Points(value * maximum / scale.max, value, "", "", DirectRule(value, scale.min, scale.max))
    if isinstance(scale, BandsScale):
        for i, band in enumerate(scale.bands):
            if band.takes(value):  # the tuple made directly: one per candidate when a metric is banded
                return tuple.__new__(Points, (band.points.of(maximum), value, band.label, "", BandsRule(value, i, band.label)))
        raise ScaleError(f"no band takes the value {value:f}; bands: {describe_bands(scale)}")
    if isinstance(scale, LinearScale):
        return _interpolate(scale, value, maximum)
    raise ScaleError(f"a {scale.kind} scale compares candidates; it cannot score one value")


def check_unit(scale: BandsScale | LinearScale, text: str) -> None:
    """Raise `ScaleError` when `text` is a percent and the scale's bounds are plain, or the reverse."""
    unit = scale.unit  # "percent", "plain", or None when no bound fixes it
    if unit is None:
        return
    percent = fold_width(text).strip().endswith("%")
    if percent == (unit == "percent"):
        return
    what = "bands" if isinstance(scale, BandsScale) else "knots"
    bound = _first_bound(scale)
    example = "" if bound is None else f" ({percent_text(bound) if unit == 'percent' else plain(bound)})"
    wanted = "a percent" if unit == "percent" else "a plain number"
    raise ScaleError(f"expected {wanted}, as the scale's {what} are written{example}, got {describe(text)}")


def _first_bound(scale: BandsScale | LinearScale) -> Decimal | None:
    """The first non-zero bound of a scale, to show its unit in a message."""
    if isinstance(scale, BandsScale):
        bounds = [b for band in scale.bands for b in (band.min, band.max) if b is not None]
    else:
        bounds = [x for x, _ in scale.knots]
    return next((b for b in bounds if b != 0), None)


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


def _interpolate(scale: LinearScale, value: Decimal, maximum: Decimal) -> Points:
    """Points on the first segment [i, i+1] with value <= x(i+1); flat beyond both ends."""
    knots = [(x, a.of(maximum)) for x, a in scale.knots]
    last = len(knots) - 1
    if value <= knots[0][0]:
        return Points(knots[0][1], value, "", "", LinearRule(value, (0, 0), knots[0], knots[0]))
    for i in range(last):
        (x0, y0), (x1, y1) = knots[i], knots[i + 1]
        if value <= x1:
            got = y0 + (value - x0) * (y1 - y0) / (x1 - x0)
            return Points(got, value, "", "", LinearRule(value, (i, i + 1), knots[i], knots[i + 1]))
    return Points(knots[last][1], value, "", "", LinearRule(value, (last, last), knots[last], knots[last]))


def relative_points(
    scale: RatioScale | RankScale, values: Mapping[str, Decimal], maximum: Decimal
) -> Mapping[str, Points]:
    """Points of each qualified candidate (by id, in input order) on a ratio or rank scale.

    Raises `ScaleError` when a ratio needs a value that is zero or negative.
    """
    try:
        return _relative(scale, values, maximum)
    except DecimalException as exc:
        raise ScaleError(f"cannot compute points ({type(exc).__name__})") from None


def _relative(
    scale: RatioScale | RankScale, values: Mapping[str, Decimal], maximum: Decimal
) -> Mapping[str, Points]:
    if not values:
        return {}
    if isinstance(scale, RatioScale):
        return Ratios(scale, values, maximum)
    lowest_first = scale.order == "lowest-first"
    best, worst = _ends(values.values(), lowest_first)
    # 1 + how many did strictly better: the first index of each value in the best-first order.
    positions: dict[Decimal, int] = {}
    for i, v in enumerate(sorted(values.values(), reverse=not lowest_first), start=1):
        positions.setdefault(v, i)
    amounts = {"first": scale.first.of(maximum), "middle": scale.middle.of(maximum), "last": scale.last.of(maximum)}
    out = {}
    # Equal values written alike earn one shared Points: values repeat across candidates.
    made: dict[str, Points] = {}
    for cid, v in values.items():
        got = made.get(str(v))
        if got is None:
            place: Literal["first", "middle", "last"] = "first" if v == best else "last" if v == worst else "middle"
            rule = RankRule(scale.order, v, place, positions[v], len(values))
            got = made[str(v)] = Points(amounts[place], v, place, "", rule)
        out[cid] = got
    return out


class Ratios(Mapping[str, Points]):
    """Each qualified candidate's points on a ratio scale, by id in input order, worked out when
    read: every candidate's are its own, so none is kept here, and a caller that builds a result
    from them and lets them go holds one at a time."""

    __slots__ = ("_scale", "_values", "_maximum", "benchmark", "setters")

    def __init__(self, scale: RatioScale, values: Mapping[str, Decimal], maximum: Decimal) -> None:
        bad = [cid for cid, v in values.items() if v <= 0]
        if bad:
            raise ScaleError(f"a ratio scale needs positive values; {', '.join(sorted(bad))} gave zero or less")
        self._scale, self._values, self._maximum = scale, values, maximum
        self.benchmark = min(values.values()) if scale.best == "lowest" else max(values.values())
        self.setters = tuple(cid for cid, v in values.items() if v == self.benchmark)
        """The candidates whose value is the benchmark, in input order."""

    def __getitem__(self, cid: str) -> Points:
        """The candidate's points; KeyError for one not compared, `ScaleError` when they cannot be computed."""
        v, mark = self._values[cid], self.benchmark
        try:
            got = self._maximum * mark / v if self._scale.best == "lowest" else self._maximum * v / mark
        except DecimalException as exc:
            raise ScaleError(f"cannot compute points from {v:f} ({type(exc).__name__})") from None
        return tuple.__new__(Points, (got, v, "", "", RatioRule(self._scale.best, v, mark, self.setters)))

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _ends(values: Iterable[Decimal], lowest_first: bool) -> tuple[Decimal, Decimal]:
    vals = list(values)
    low, high = min(vals), max(vals)
    return (low, high) if lowest_first else (high, low)
