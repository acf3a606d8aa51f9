"""The 评分汇总表 of a committee report (documents.md §3.2), read from the engine's `evaluator_totals`.

A cell is the engine's total of one evaluator for one bidder: this module never recomputes it.
"""

from __future__ import annotations

from scoring.model.results import CandidateResult, Evaluation
from scoring.render.context import Context
from scoring.render.views import SummaryTable

SUMMARY_COLUMNS = 8
"""At most this many bidder columns per table; more bidders split the table (documents.md §3.2)."""

_NONE = "—"


def committee_order(evaluation: Evaluation) -> list[str]:
    """Every evaluator id: the input's `evaluators:` first, then others by first appearance in input order."""
    ids = dict.fromkeys(evaluation.input.evaluators)
    for r in in_input_order(evaluation):
        ids.update(dict.fromkeys(e.evaluator for c in r.criteria for e in c.evaluators))
    return list(ids)


def in_input_order(evaluation: Evaluation) -> list[CandidateResult]:
    """The results in the order the input lists the candidates (the order bids were opened)."""
    return sorted(evaluation.candidates, key=lambda r: r.candidate.index)


def panel(evaluation: Evaluation) -> list[str]:
    """The evaluators who scored any qualified bidder, in committee order: the summary's rows."""
    scored = {e for r in evaluation.candidates if r.score is not None for e in r.score.evaluator_totals}
    return [e for e in committee_order(evaluation) if e in scored]


def summary_tables(ctx: Context) -> tuple[SummaryTable, ...]:
    """The 评分汇总表, one table per at most 8 qualified bidders, each repeating the row labels."""
    qualified = [r for r in in_input_order(ctx.evaluation) if r.score is not None]
    evaluators = panel(ctx.evaluation)
    return tuple(
        _table(ctx, qualified[start:start + SUMMARY_COLUMNS], evaluators)
        for start in range(0, len(qualified), SUMMARY_COLUMNS)
    )


def _table(ctx: Context, bidders: list[CandidateResult], evaluators: list[str]) -> SummaryTable:
    """One table: a row per evaluator, then the official total and the rank."""
    rows = []
    for eid in evaluators:
        cells = []
        for r in bidders:
            total = r.score.evaluator_totals.get(eid) if r.score is not None else None
            cells.append(_NONE if total is None else ctx.show(total))
        rows.append((ctx.evaluator_name(eid), tuple(cells)))
    rows.append((ctx.word("final_score"), tuple(ctx.show(r.reported_total) if r.reported_total is not None
                                                else _NONE for r in bidders)))
    rows.append((ctx.word("rank"), tuple(str(r.rank) for r in bidders)))
    return SummaryTable(tuple(r.candidate.name for r in bidders), tuple(rows))
