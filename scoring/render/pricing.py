"""The 价格分计算 of a report (documents.md §3.3): benchmarks, each bid's formula, rank places.

Every figure is the engine's (`Evaluation.benchmarks`, each criterion's rule and points); this
module only writes them with `÷` and `×`.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.model.results import CandidateResult, CriterionResult, RankRule
from scoring.model.rubric import Criterion, RankScale, RatioScale
from scoring.render.context import Context
from scoring.render.figures import DIVIDE, TIMES, currency_word, equation, exact, fact, money
from scoring.render.summary import in_input_order
from scoring.render.views import PriceRow, PriceWorking


def is_price(criterion: Criterion) -> bool:
    """A price criterion: `price: true`, or by default a `ratio: lowest` or lowest-first `rank` scale."""
    if criterion.price is not None:
        return criterion.price
    scale = criterion.scale
    return (isinstance(scale, RatioScale) and scale.best == "lowest") or (
        isinstance(scale, RankScale) and scale.order == "lowest-first")


def price_workings(ctx: Context) -> tuple[PriceWorking, ...]:
    """One working per ratio criterion and per rank-scaled price criterion, in rubric order."""
    found = []
    for crit in ctx.evaluation.rubric.criteria:
        if isinstance(crit.scale, RatioScale):
            found.append(_ratio(ctx, crit, crit.scale.best))
        elif isinstance(crit.scale, RankScale) and is_price(crit):
            found.append(_rank(ctx, crit))
    return tuple(found)


def _results(ctx: Context, crit: Criterion) -> list[tuple[CandidateResult, CriterionResult]]:
    """Each qualified bidder (input order) with its result on `crit`."""
    pairs = []
    for r in in_input_order(ctx.evaluation):
        pairs += [(r, c) for c in r.criteria if c.criterion.id == crit.id]
    return pairs


def _figure(ctx: Context, crit: Criterion, value: Decimal, *, alone: bool = False) -> str:
    """A value as money when the criterion is a price and the rubric has a currency, else as a fact."""
    currency = ctx.evaluation.rubric.currency
    if is_price(crit) and currency:
        return money(value, currency, ctx.word("lang"), alone=alone)
    return fact(value)


def price_label(ctx: Context, crit: Criterion, value: Decimal) -> str:
    """A price or value standing alone in a cell: money carries its currency."""
    return _figure(ctx, crit, value, alone=True)


def _header(ctx: Context, crit: Criterion) -> str:
    """The values' column heading, naming the currency when the values are money."""
    what = ctx.word("evaluated_price") if is_price(crit) else ctx.word("item_value")
    unit = currency_word(ctx.evaluation.rubric.currency, ctx.word("lang")) if is_price(crit) else ""
    return ctx.word("unit_header").format(what=what, unit=unit) if unit else what


def _excluded(ctx: Context) -> tuple[str, ...]:
    """The bidders that failed a gate, in input order."""
    return tuple(r.candidate.name for r in in_input_order(ctx.evaluation) if r.score is None)


def _ratio(ctx: Context, crit: Criterion, best: str) -> PriceWorking:
    """`ratio: lowest` / `highest`: the benchmark and who set it, then each bid's formula."""
    mark = ctx.evaluation.benchmarks.get(crit.id)
    names = {r.candidate.id: r.candidate.name for r in ctx.evaluation.candidates}
    benchmark = ""
    rows = []
    for r, c in _results(ctx, crit):
        value = c.value if isinstance(c.value, Decimal) else None
        if mark is None or value is None:
            rows.append(PriceRow(r.candidate.name, "", "", ctx.show(c.points)))
            continue
        top, mine = _figure(ctx, crit, mark.value), _figure(ctx, crit, value)
        ratio = f"{top} {DIVIDE} {mine}" if best == "lowest" else f"{mine} {DIVIDE} {top}"
        rows.append(PriceRow(r.candidate.name, mine,
                             equation(f"{ratio} {TIMES} {exact(c.maximum)}", ctx.show(c.points)),
                             ctx.show(c.points)))
    if mark is not None:
        who = ctx.word("list_sep").join(names[cid] for cid in mark.candidates)
        # An appraisal has no bidders: its benchmark sentence speaks of those ranked.
        staff = "_staff" if ctx.evaluation.rubric.subject == "staff" else ""
        benchmark = ctx.word(f"benchmark_{best}{staff}").format(
            benchmark=_figure(ctx, crit, mark.value, alone=True), who=who)
    return PriceWorking(crit.title, best, benchmark, _header(ctx, crit), tuple(rows), _excluded(ctx))


def _rank(ctx: Context, crit: Criterion) -> PriceWorking:
    """A rank scale: the qualified bidders best first, each with its value, place and points."""
    places = ctx.t["rank_places"]
    rows = []
    pairs = sorted(_results(ctx, crit), key=lambda p: p[1].rule.position if isinstance(p[1].rule, RankRule) else 0)
    for r, c in pairs:
        rule = c.rule
        place = ""
        if isinstance(rule, RankRule):
            lowest = (rule.order == "lowest-first") == (rule.place == "first")
            place = str(places["middle" if rule.place == "middle" else "lowest" if lowest else "highest"])
        value = _figure(ctx, crit, c.value) if isinstance(c.value, Decimal) else ""
        rows.append(PriceRow(r.candidate.name, value, "", ctx.show(c.points), place))
    return PriceWorking(crit.title, "rank", "", _header(ctx, crit), tuple(rows), _excluded(ctx))
