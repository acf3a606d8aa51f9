"""The floor of bench_api.py's evaluate figure: the benchmark rubric's rules as a plain exact-Decimal loop.

The rubric is bench_engine.write_rubric's, with its last criterion turned into a ratio on the price
(bench_api.write_bench_rubric). Everything it says is written here as constants, so the loop does
no interpreting: gates first; rank and ratio over the qualified; a trimmed mean (trim 1) per judged
criterion; section = earned / maximum × share; the total rounded half-up once; grade and rank on
the reported total. Nothing is shared between candidates except each scale's table of the score
texts it has read (each distinct text is parsed once per scale).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import NamedTuple, Protocol

# The engine's working precision (scoring.model.expr.PRECISION), so both divide alike.
PRECISION = 60
ZERO = Decimal(0)
CENT = Decimal("0.01")  # the rubric's `decimals: 2`
POINTS = Decimal(5)  # every criterion's maximum
TRIM = 1
TOTAL = Decimal(100)
SECTION_WEIGHT = Decimal("0.5")  # two sections of 50%
LEVELS = {"full": POINTS, "partial": POINTS * Decimal("0.6"), "none": ZERO}
DIRECT_MAX = Decimal(10)
BANDS = ((Decimal(20000), POINTS), (Decimal(60000), POINTS * Decimal("0.6")), (None, ZERO))  # on price / months
LINEAR_TOP = Decimal(100)  # knots (0, 0) and (100, 100%)
RANK_FIRST, RANK_MIDDLE, RANK_LAST = Decimal(5), Decimal(4), Decimal(3)  # lowest-first, absolute points
MONTHS_LIMIT = Decimal(6)  # gate delivery: months <= 6
GRADES = ((Decimal(80), "A"), (Decimal(60), "B"), (Decimal(0), "C"))


class CandidateLike(Protocol):
    """What the floor reads of a loaded candidate."""

    @property
    def id(self) -> str: ...
    @property
    def facts(self) -> Mapping[str, str]: ...
    @property
    def scores(self) -> Mapping[str, Mapping[str, str]]: ...


class Outcome(NamedTuple):
    """A candidate's reported total, rank and grade; all None when a gate failed."""

    total: Decimal | None
    rank: int | None
    grade: str | None


class Item(NamedTuple):
    """One criterion of the plan: its id, kind, section (0 or 1) and, when judged, its read texts."""

    id: str
    kind: str
    section: int
    memo: dict[str, Decimal]


def kind_of(index: int, criteria: int) -> str:
    """The scale kind bench_engine.write_rubric gives criterion `index` (the last one: the ratio on price)."""
    if index == criteria - 1:
        return "ratio"
    return {7: "bands", 8: "linear", 9: "rank"}.get(index % 10, "direct" if index % 2 else "levels")


def floor_evaluate(candidates: Sequence[CandidateLike], criteria: int) -> dict[str, Outcome]:
    """Every candidate's outcome under the benchmark rubric, by candidate id."""
    with decimal.localcontext(decimal.Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)):
        half = criteria // 2
        plan = [Item(f"c{i}", kind_of(i, criteria), int(i >= half), {}) for i in range(criteria)]
        maxima = (half * POINTS, (criteria - half) * POINTS)
        qualified = [c for c in candidates if Decimal(c.facts["months"]) <= MONTHS_LIMIT]
        values = [{item.id: Decimal(c.facts["price" if item.kind == "ratio" else item.id])
                   for item in plan if item.kind in ("rank", "ratio")} for c in qualified]
        ends = {item.id: (min(v[item.id] for v in values), max(v[item.id] for v in values))
                for item in plan if item.kind in ("rank", "ratio")} if values else {}
        totals = {c.id: _total(c, own, plan, ends, maxima) for c, own in zip(qualified, values, strict=True)}
        ranks = _ranks(totals)
        out = {c.id: Outcome(None, None, None) for c in candidates}
        for cid, total in totals.items():
            out[cid] = Outcome(total, ranks[cid], next(label for low, label in GRADES if total >= low))
        return out


def _total(cand: CandidateLike, own: dict[str, Decimal], plan: list[Item],
           ends: dict[str, tuple[Decimal, Decimal]], maxima: tuple[Decimal, Decimal]) -> Decimal:
    """One qualified candidate's reported total."""
    facts = cand.facts
    sheets = [cand.scores[e] for e in sorted(cand.scores)]  # by evaluator id: the trimmed mean's tie order
    per_month = Decimal(facts["price"]) / Decimal(facts["months"])
    earned = [ZERO, ZERO]
    for item in plan:
        kind = item.kind
        if kind == "levels" or kind == "direct":
            points = _judged(item, sheets)
        elif kind == "bands":
            points = next(p for bound, p in BANDS if bound is None or per_month <= bound)
        elif kind == "linear":
            v = Decimal(facts[item.id])
            points = ZERO if v <= 0 else POINTS if v >= LINEAR_TOP else v * POINTS / LINEAR_TOP
        elif kind == "rank":
            v, (low, high) = own[item.id], ends[item.id]
            points = RANK_FIRST if v == low else RANK_LAST if v == high else RANK_MIDDLE
        else:  # ratio, lowest is best
            points = POINTS * ends[item.id][0] / own[item.id]
        earned[item.section] += points
    share = SECTION_WEIGHT * TOTAL
    total = earned[0] / maxima[0] * share + earned[1] / maxima[1] * share
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def _judged(item: Item, sheets: list[Mapping[str, str]]) -> Decimal:
    """The trimmed mean of the evaluators' points; the plain mean when fewer than 2·trim+1 scored."""
    memo, read = item.memo, _READERS[item.kind]
    points = []
    for sheet in sheets:
        text = sheet[item.id]
        p = memo.get(text)
        if p is None:
            p = memo[text] = read(text)
        points.append(p)
    points.sort()  # equal points are interchangeable, so ordering by (points, evaluator id) is this
    n = len(points)
    if n >= 2 * TRIM + 1:
        points = points[TRIM : n - TRIM]
    return sum(points, ZERO) / len(points)


def _level(text: str) -> Decimal:
    return LEVELS[text.strip()]


def _direct(text: str) -> Decimal:
    value = Decimal(text.strip())
    if not ZERO <= value <= DIRECT_MAX:
        raise ValueError(f"direct score {value} outside 0..{DIRECT_MAX}")
    return value * POINTS / DIRECT_MAX


_READERS: dict[str, Callable[[str], Decimal]] = {"levels": _level, "direct": _direct}


def _ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    """Rank by reported total, highest first; equal totals share a rank (1, 1, 3)."""
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    ranks: dict[str, int] = {}
    previous, rank = None, 0
    for place, (cid, total) in enumerate(ordered, start=1):
        if total != previous:
            rank, previous = place, total
        ranks[cid] = rank
    return ranks
