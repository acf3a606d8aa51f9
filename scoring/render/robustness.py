"""稳健性 / Robustness: each weight's stability intervals as a chart, and the win probabilities (analysis.md §2)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.model.numbers import percent_points, round_fraction
from scoring.render.context import Context, short
from scoring.render.figures import fixed, grouped

if TYPE_CHECKING:  # render never imports the analysis layer above it at run time
    from scoring.analysis.run import Sensitivity
    from scoring.analysis.stability import Pair

_LEFT, _TRACK, _ROW = 150, 300, 30
"""The chart's label column, the 0–100% track and a row's height, in SVG user units."""


@dataclass(frozen=True)
class WeightRow:
    """One top-level weight: its intervals in words and as x positions on the chart."""

    title: str
    weight: str
    first: str
    first_beyond: str
    ranking: str
    ranking_beyond: str
    y: int
    first_x: tuple[int, int]
    """The first-place interval's left x and width."""
    ranking_x: tuple[int, int]
    now_x: int


@dataclass(frozen=True)
class RobustnessView:
    """The 稳健性 section."""

    weights: tuple[WeightRow, ...]
    width: int
    height: int
    left: int
    track: int
    wins: tuple[tuple[str, str, str], ...]
    """(candidate, P(first), 90% interval of its total) per qualified candidate."""
    how: str
    """How the panels were resampled, in words."""


def robustness(ctx: Context, found: Sensitivity | None) -> RobustnessView | None:
    """The section, from `scoring.analysis.sensitivity`'s result; None without one."""
    if found is None:
        return None
    names = {r.candidate.id: r.candidate.name for r in ctx.evaluation.candidates}
    rows = []
    for i, s in enumerate(found.weights):
        first = (s.first.low, s.first.high)
        ranking = (s.ranking.low, s.ranking.high)
        rows.append(WeightRow(
            short(s.item.title, 20), _pct(s.item.weight), _span(first), _beyond(ctx, names.get(s.first.below or ""),
                                                                                 names.get(s.first.above or "")),
            _span(ranking), _beyond(ctx, _pairs(ctx, names, s.ranking.below), _pairs(ctx, names, s.ranking.above)),
            8 + i * _ROW, _x(first), _x(ranking), _LEFT + _scaled(s.item.weight)))
    wins = tuple((names.get(c.id, c.id), "—" if c.p_first is None else _pct(c.p_first),
                  "—" if c.low is None or c.high is None else f"{ctx.show(c.low)} – {ctx.show(c.high)}")
                 for c in found.win.candidates)
    win = found.win
    how = (ctx.word("robust_exact").format(resamples=grouped(str(win.resamples))) if win.exact
           else ctx.word("robust_drawn").format(draws=grouped(str(win.draws)), seed=win.seed))
    if win.discarded:
        how += ctx.word("robust_discarded").format(count=grouped(str(win.discarded)))
    return RobustnessView(tuple(rows), _LEFT + _TRACK + 20, 24 + len(rows) * _ROW, _LEFT, _TRACK, wins, how)


def _pct(value: Fraction) -> str:
    """A fraction of 1 as a percent to two places, half-up."""
    return f"{fixed(round_fraction(percent_points(value), 2), 2)}%"


def _span(ends: tuple[Fraction, Fraction]) -> str:
    return f"{_pct(ends[0])} – {_pct(ends[1])}"


def _scaled(t: Fraction) -> int:
    """x offset of weight t (0–1) on the track, rounded half-up to a whole unit."""
    return int(round_fraction(t * _TRACK, 0))


def _x(ends: tuple[Fraction, Fraction]) -> tuple[int, int]:
    low = _scaled(ends[0])
    return _LEFT + low, max(_scaled(ends[1]) - low, 1)


def _pairs(ctx: Context, names: dict[str, str], pairs: tuple[Pair, ...] | None) -> str | None:
    """Swapping pairs as `A ↔ B`, by name."""
    if not pairs:
        return None
    return ctx.word("comma").join(f"{names.get(i, i)} ↔ {names.get(j, j)}" for i, j in pairs)


def _beyond(ctx: Context, below: str | None, above: str | None) -> str:
    """Who takes over below the low end and above the high end."""
    parts = ([ctx.word("robust_below").format(who=below)] if below else []) + \
        ([ctx.word("robust_above").format(who=above)] if above else [])
    return ctx.word("comma").join(parts) or "—"
