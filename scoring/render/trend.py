"""历史趋势: each candidate's earlier periods and this evaluation, as a table and a line chart (history.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.render.context import Context
from scoring.render.figures import fixed

SHOWN_PERIODS = 12
"""At most this many earlier periods are shown (history.md "Reports with history")."""


@dataclass(frozen=True)
class Point:
    """One candidate in one period, as the history database holds it (or as this evaluation would be)."""

    period: str
    """The period; '' for this evaluation when no recorded run is it."""
    total: str | None
    """The reported total as stored; None when disqualified."""
    grade: str | None
    rank: int | None
    of: int
    """How many were ranked in that period."""
    change: str | None
    """This total minus the candidate's previous shown total; None when there is none or it is not comparable."""
    rubric_change: str | None
    """What changed in the rubric since that previous period, when it changed."""
    current: bool = False


@dataclass(frozen=True)
class History:
    """What `report --db` adds: the shown periods and each candidate's points, by candidate id."""

    periods: tuple[str, ...]
    """The shown periods, oldest first, ending with this evaluation's ('' when it is not recorded)."""
    breaks: frozenset[str]
    """The shown periods whose rubric scores otherwise than the previous shown period's."""
    left_out: int
    """How many older periods are not shown."""
    points: Mapping[str, tuple[Point, ...]]


@dataclass(frozen=True)
class TrendRow:
    """One row of a candidate's trend table, every figure formatted."""

    period: str
    total: str
    grade: str
    rank: str
    change: str
    current: bool


@dataclass(frozen=True)
class LineChart:
    """An SVG line chart of totals over the shown periods, in user units."""

    title: str
    width: int
    height: int
    top: int
    bottom: int
    lines: tuple[str, ...]
    """Each unbroken run of totals as an SVG `points` list (a gap splits them)."""
    dots: tuple[tuple[int, int, bool, str], ...]
    """(x, y, this evaluation?, tooltip) per total."""
    breaks: tuple[int, ...]
    """x of each dashed mark where the rubric's scoring changed."""
    ticks: tuple[tuple[int, str], ...]
    """(x, period) under the axis."""
    scale: tuple[tuple[int, str], ...]
    """(y, value) of the axis' ends."""


@dataclass(frozen=True)
class TrendView:
    """One candidate's 历史趋势."""

    rows: tuple[TrendRow, ...]
    note: str
    chart: LineChart


def trend_views(ctx: Context, history: History | None) -> dict[str, TrendView]:
    """Each candidate's trend by id; empty without a history."""
    if history is None:
        return {}
    note = ctx.word("trend_left_out").format(count=history.left_out) if history.left_out else ""
    return {cid: TrendView(tuple(_row(ctx, p) for p in points), note, _chart(ctx, history, points))
            for cid, points in history.points.items()}


def _row(ctx: Context, p: Point) -> TrendRow:
    """A point as the table shows it."""
    period = p.period or ctx.word("trend_this")
    if p.current and p.period:
        period = ctx.word("trend_this_period").format(period=p.period)
    total = ctx.show(Decimal(p.total)) if p.total is not None else ctx.word("disqualified")
    rank = ctx.word("trend_rank").format(rank=p.rank, of=p.of) if p.rank is not None else "—"
    if p.change is not None:
        change = _signed(ctx, p.change)
    elif p.rubric_change is not None and p.total is not None:
        change = ctx.word("trend_not_comparable").format(summary=p.rubric_change)
    else:
        change = "—"
    return TrendRow(period, total, p.grade or "—", rank, change, p.current)


def _signed(ctx: Context, text: str) -> str:
    """A change with its sign: +3.5, −1.0 (`fixed` writes the minus), 0.0."""
    change = Decimal(text)
    return "+" + ctx.show(change) if change > 0 else ctx.show(change)


def _chart(ctx: Context, history: History, points: tuple[Point, ...]) -> LineChart:
    """The candidate's totals over the shown periods, from 0 to the rubric's total."""
    left, top, height = 40, 10, 110
    step = min(56, 480 // max(len(history.periods) - 1, 1))  # 13 points still fit a portrait page
    by_period = {p.period: p for p in points}
    most = ctx.evaluation.rubric.total or Decimal(1)
    lines: list[list[str]] = [[]]
    dots = []
    for i, period in enumerate(history.periods):
        p = by_period.get(period)
        if p is None or p.total is None:
            lines.append([])  # a gap: absent or disqualified
            continue
        x = left + i * step
        share = max(Decimal(0), min(Decimal(p.total) / most, Decimal(1)))
        y = top + height - int((share * height).to_integral_value())
        lines[-1].append(f"{x},{y}")
        dots.append((x, y, p.current, f"{p.period or ctx.word('trend_this')}: {ctx.show(Decimal(p.total))}"))
    breaks = tuple(left + i * step - step // 2 for i, period in enumerate(history.periods) if period in history.breaks)
    ticks = tuple((left + i * step, period or ctx.word("trend_this")) for i, period in enumerate(history.periods))
    width = left + max(len(history.periods) - 1, 1) * step + 40
    return LineChart(ctx.word("trend_chart"), width, top + height + 28, top, top + height,
                     tuple(" ".join(run) for run in lines if run), tuple(dots), breaks, ticks,
                     ((top, fixed(most, 0)), (top + height, "0")))
