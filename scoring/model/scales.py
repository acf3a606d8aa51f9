"""The typed, frozen models of scales: how a criterion's answer or value becomes points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Union

from scoring.model.choices import Best, Order
from scoring.model.numbers import Amount


@dataclass(frozen=True)
class Level:
    """One level of a levels scale, such as full / partial / none."""

    key: str
    """What an evaluator writes, e.g. `full`."""
    points: Amount
    """Points earned: absolute, or a percent of the criterion's maximum."""
    label: str
    """The level's name in reports, e.g. 满足."""
    description: str = ""
    """The standard a candidate must meet for this level."""


@dataclass(frozen=True)
class LevelsScale:
    """The evaluator picks one level."""

    levels: Mapping[str, Level]
    """The levels by key, in the rubric's order."""
    kind: Literal["levels"] = "levels"


@dataclass(frozen=True)
class DirectScale:
    """The evaluator gives a number in [min, max]; it earns number / max of the maximum."""

    min: Decimal
    """The lowest number accepted."""
    max: Decimal
    """The highest number accepted; giving it earns the full maximum."""
    kind: Literal["direct"] = "direct"


@dataclass(frozen=True)
class Band:
    """One band of a bands scale."""

    min: Decimal | None
    """The value reaches the band when it is at least this (no bound when None)."""
    max: Decimal | None
    """The value reaches the band when it is at most this (no bound when None)."""
    points: Amount
    """Points earned in this band."""
    label: str = ""
    """The band's name in reports, e.g. 优秀."""

    def takes(self, value: Decimal) -> bool:
        """Whether `value` falls in this band."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class BandsScale:
    """The first band that takes the value gives the points."""

    bands: tuple[Band, ...]
    """The bands, tried in order."""
    unit: Literal["percent", "plain"] | None = None
    """How its bounds are written, which a fact feeding it must match: `percent` (`{min: 90%}`,
    so `csat: 92%`), `plain` (`{min: 90}`, so `csat: 92`), or None when every bound is 0 (or
    there is none), which says nothing. A metric, a computed number, may feed either."""
    kind: Literal["bands"] = "bands"


@dataclass(frozen=True)
class LinearScale:
    """Piecewise-linear through knots (value, points), flat beyond both ends."""

    knots: tuple[tuple[Decimal, Amount], ...]
    """The knots, by strictly increasing value."""
    unit: Literal["percent", "plain"] | None = None
    """How its knot values are written, which a fact feeding it must match: `percent` (knots at
    `80%`…`120%`, so `attainment: 95%`), `plain` (knots at `80`…`120`), or None when every knot
    value is 0, which says nothing. A metric, a computed number, may feed either."""
    kind: Literal["linear"] = "linear"


@dataclass(frozen=True)
class RatioScale:
    """Points in proportion to the best value among qualified candidates."""

    best: Best
    """`lowest`: maximum × lowest / value (benchmark price); `highest`: maximum × value / highest."""
    kind: Literal["ratio"] = "ratio"


@dataclass(frozen=True)
class RankScale:
    """First, middle or last place among qualified candidates."""

    order: Order
    """Which end of the values is best."""
    first: Amount
    """Points for the candidates sharing the best value."""
    middle: Amount
    """Points for everyone strictly between best and worst."""
    last: Amount
    """Points for the candidates sharing the worst value."""
    kind: Literal["rank"] = "rank"


Scale = Union[LevelsScale, DirectScale, BandsScale, LinearScale, RatioScale, RankScale]
RELATIVE_KINDS = ("ratio", "rank")
"""Scale kinds whose points depend on the other qualified candidates' values."""


def fit_problems(scale: Scale, points_style: bool, maximum: Decimal) -> list[str]:
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
