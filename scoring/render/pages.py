"""Each bidder's working page of a committee report (评分明细, documents.md §3.4).

One table per bidder: a column per evaluator holding the points their score is worth, the
aggregate, the points, the contribution, a subtotal row per section and the total row, all
read from the result's working (`working.section` writes the subtotal formulas).
"""

from __future__ import annotations

from decimal import Decimal

from scoring.model.prices import is_price
from scoring.model.results import CandidateResult, CriterionResult, Score
from scoring.render.context import Context, short
from scoring.render.figures import exact, fact
from scoring.render.pricing import price_label
from scoring.render.summary import panel
from scoring.render.views import BidderPage, WorkingRow
from scoring.render.working import section

TITLE_CHARACTERS = 15
"""A criterion's title on a working page is cut to this many characters, so that its row is one line."""


def bidder_pages(ctx: Context) -> tuple[BidderPage, ...]:
    """A page per qualified bidder, in rank order."""
    evaluators = panel(ctx.evaluation)
    return tuple(_page(ctx, r, r.score, evaluators) for r in ctx.evaluation.candidates if r.score is not None)


def _page(ctx: Context, r: CandidateResult, score: Score, evaluators: list[str]) -> BidderPage:
    """The heading line and the rows of one bidder."""
    heading = (f"{score.rank}. {r.candidate.name} ({r.candidate.id}) — {ctx.word('total')} "
               f"{ctx.show(score.reported_total)} {score.grade or ''}").rstrip()
    by_id = {c.criterion.id: c for c in score.criteria}
    rows: list[WorkingRow] = []
    number = 0
    for s in score.sections:
        results = [by_id[c.id] for c in s.section.criteria]
        for c in results:
            number += 1
            rows.append(_row(ctx, c, number, evaluators))
        if s.section.id:
            formula = section(ctx, s, results).formula
            rows.append(WorkingRow(f"{ctx.word('section_formula')} {short(s.section.title, TITLE_CHARACTERS)}",
                                   exact(s.share), (), formula, "", "", ctx.show(s.points), "subtotal"))
    parts = [ctx.show(s.points) for s in score.sections]
    total = ctx.show(score.reported_total)
    formula = f"{' + '.join(parts)} = {total}" if len(parts) > 1 else ""
    rows.append(WorkingRow(ctx.word("total_formula"), exact(ctx.evaluation.rubric.total), (), formula,
                           "", "", total, "total"))
    return BidderPage(heading, tuple(ctx.evaluator_name(e) for e in evaluators), tuple(rows))


def _row(ctx: Context, c: CriterionResult, number: int, evaluators: list[str]) -> WorkingRow:
    """One criterion: the evaluators' points (dropped marked), or the value of a fact or metric."""
    label = f"{number}. {short(c.criterion.title, TITLE_CHARACTERS)}"
    points = ctx.show(c.points)
    if c.source != "judged":
        return WorkingRow(label, exact(c.maximum), (), _value(ctx, c), "", points, ctx.show(c.contribution))
    given = {e.evaluator: e for e in c.evaluators}
    cells = tuple((exact(given[e].points), given[e].dropped) if e in given else ("", False) for e in evaluators)
    aggregate = ctx.show(c.original if c.original is not None else c.points)
    notes = []
    if c.fallback:
        notes.append(ctx.word("fallback_mark"))
    if c.original is not None:
        notes.append(ctx.word("moderated").format(original=ctx.show(c.original), points=points, reason=c.reason))
    return WorkingRow(label, exact(c.maximum), cells, "", aggregate, points, ctx.show(c.contribution),
                      note=" ".join(notes))


def _value(ctx: Context, c: CriterionResult) -> str:
    """`数据：满足`, or a price as money with a pointer to the price working."""
    if is_price(ctx.evaluation.rubric, c.criterion) and isinstance(c.value, Decimal):
        return price_label(ctx, c.criterion, c.value) + ctx.word("aside").format(ctx.word("see_prices"))
    shown = fact(c.value) if isinstance(c.value, Decimal) else str(c.value or "")
    label = f" → {c.label}" if c.label else ""
    return f"{ctx.word(c.source)}{ctx.word('colon')}{shown}{label}"
