"""The 价格分计算 of a report (documents.md §3.3): benchmarks, each bid's formula, rank places.

Every figure is the engine's (`Evaluation.benchmarks`, each criterion's rule and points); this
module only writes them with `÷` and `×`.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.model import prices as model_prices
from scoring.model.prices import Price
from scoring.model.results import CandidateResult, CriterionResult, RankRule, RatioRule
from scoring.model.rubric import Criterion, RankScale, RatioScale
from scoring.render.context import Context
from scoring.render.figures import DIVIDE, TIMES, currency_word, equation, exact, fact, money, percent, percent_rounded
from scoring.render.summary import in_input_order
from scoring.render.views import PriceRow, PriceWorking


def price_weight(ctx: Context) -> str:
    """`价格权重：30%（投标报价）`: the price criteria's shares of `total` over `total`; '' without any."""
    rubric = ctx.evaluation.rubric
    prices = model_prices.price_criteria(rubric)
    if not prices or not rubric.total:
        return ""
    return ctx.word("price_weight").format(weight=percent_rounded(model_prices.price_weight(rubric)),
                                           criteria=ctx.word("list_sep").join(c.title for c in prices))


def ranking_prices(ctx: Context) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The ranking's price columns (documents.md §3.1): per price criterion the bid price and, when an
    adjustment names it, the evaluated price; returns the headers and each qualified candidate's cells."""
    rubric = ctx.evaluation.rubric
    adjusted = rubric.adjusted_ids
    crits = model_prices.price_criteria(rubric)
    headers: list[str] = []
    for c in crits:
        headers.append(_unit(ctx, c, c.title))
        if c.id in adjusted:
            headers.append(_unit(ctx, c, ctx.word("evaluated_price")))
    cells: dict[str, tuple[str, ...]] = {}
    for r in ctx.evaluation.candidates:
        row: list[str] = []
        for crit in crits:
            found = next((c for c in r.criteria if c.criterion.id == crit.id), None)
            price = ctx.evaluation.prices.get(r.candidate.id, {}).get(crit.id)
            value = found.value if found is not None and isinstance(found.value, Decimal) else None
            row.append(_figure(ctx, crit, price.price) if price else _figure(ctx, crit, value) if value is not None
                       else "—")
            if crit.id in adjusted:
                row.append(_figure(ctx, crit, price.evaluated) if price else row[-1])
        cells[r.candidate.id] = tuple(row)
    return tuple(headers), cells


def _unit(ctx: Context, crit: Criterion, what: str) -> str:
    """A column heading naming the currency when the values are money."""
    unit = currency_word(ctx.evaluation.rubric.currency, ctx.word("lang")) if model_prices.is_price(ctx.evaluation.rubric, crit) \
        else ""
    return ctx.word("unit_header").format(what=what, unit=unit) if unit else what


def _deductions(ctx: Context, crit: Criterion, price: Price | None) -> tuple[str, tuple[str, ...]]:
    """The bid price as given and each deduction applied (title, percent, amount); ('', ()) without."""
    if price is None:
        return "", ()
    titles = {a.id: a.title or a.id for a in ctx.evaluation.rubric.adjustments}
    return _figure(ctx, crit, price.price), tuple(
        ctx.word("deduction").format(title=titles.get(a.id, a.id), percent=percent(a.deduct),
                                     amount=_figure(ctx, crit, a.amount)) for a in price.applied)


def price_workings(ctx: Context) -> tuple[PriceWorking, ...]:
    """One working per ratio criterion and per rank-scaled price criterion, in rubric order."""
    found = []
    for crit in ctx.evaluation.rubric.criteria:
        if isinstance(crit.scale, RatioScale):
            found.append(_ratio(ctx, crit, crit.scale.best))
        elif isinstance(crit.scale, RankScale) and model_prices.is_price(ctx.evaluation.rubric, crit):
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
    if model_prices.is_price(ctx.evaluation.rubric, crit) and currency:
        return money(value, currency, ctx.word("lang"), alone=alone)
    return fact(value)


def price_label(ctx: Context, crit: Criterion, value: Decimal) -> str:
    """A price or value standing alone in a cell: money carries its currency."""
    return _figure(ctx, crit, value, alone=True)


def _header(ctx: Context, crit: Criterion) -> str:
    """The values' column heading, naming the currency when the values are money."""
    priced = model_prices.is_price(ctx.evaluation.rubric, crit)
    return _unit(ctx, crit, ctx.word("evaluated_price") if priced else ctx.word("item_value"))


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
        # The figure the ratio read: the evaluated price (the result's value is the price as given).
        value = c.rule.value if isinstance(c.rule, RatioRule) else None
        if mark is None or value is None:
            rows.append(PriceRow(r.candidate.name, "", "", ctx.show(c.points)))
            continue
        top, mine = _figure(ctx, crit, mark.value), _figure(ctx, crit, value)
        ratio = f"{top} {DIVIDE} {mine}" if best == "lowest" else f"{mine} {DIVIDE} {top}"
        bid, cuts = _deductions(ctx, crit, ctx.evaluation.prices.get(r.candidate.id, {}).get(crit.id))
        rows.append(PriceRow(r.candidate.name, mine,
                             equation(f"{ratio} {TIMES} {exact(c.maximum)}", ctx.show(c.points)),
                             ctx.show(c.points), price=bid, deductions=cuts))
    if mark is not None:
        who = ctx.word("list_sep").join(names[cid] for cid in mark.candidates)
        # An appraisal has no bidders: its benchmark sentence speaks of those ranked.
        staff = "_staff" if ctx.evaluation.rubric.subject == "staff" else ""
        benchmark = ctx.word(f"benchmark_{best}{staff}").format(
            benchmark=_figure(ctx, crit, mark.value, alone=True), who=who)
    return PriceWorking(crit.title, best, benchmark, _header(ctx, crit), tuple(rows), _excluded(ctx),
                        *_adjusted_headers(ctx, crit))


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
        value = _figure(ctx, crit, rule.value) if isinstance(rule, RankRule) else ""
        bid, cuts = _deductions(ctx, crit, ctx.evaluation.prices.get(r.candidate.id, {}).get(crit.id))
        rows.append(PriceRow(r.candidate.name, value, "", ctx.show(c.points), place, price=bid, deductions=cuts))
    return PriceWorking(crit.title, "rank", "", _header(ctx, crit), tuple(rows), _excluded(ctx),
                        *_adjusted_headers(ctx, crit))


def _adjusted_headers(ctx: Context, crit: Criterion) -> tuple[str, str]:
    """The bid price's and the deductions' column headings when an adjustment names `crit`; else ('', '')."""
    if crit.id not in ctx.evaluation.rubric.adjusted_ids:
        return "", ""
    return _unit(ctx, crit, ctx.word("bid_price")), ctx.word("deductions")
