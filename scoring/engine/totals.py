"""Add criteria up into sections and a total, and re-score a candidate with other evaluators."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal

from scoring.engine.aggregate import combine
from scoring.model.expr import exact
from scoring.model.results import CriterionResult, Evaluation, Score, SectionResult, reported
from scoring.model.rubric import Rubric

_ZERO = Decimal(0)


def add_up(
    rubric: Rubric, results: Sequence[CriterionResult]
) -> tuple[tuple[CriterionResult, ...], tuple[SectionResult, ...], Decimal]:
    """The criteria (contributions rounded under `rounding: items`), the sections and the exact total.

    Under `rounding: items` each criterion's contribution is rounded half-up first and the
    sections and total are sums of those, so the printed parts add up to the printed total.
    """
    criteria = tuple(results)
    if rubric.rounding == "items":
        criteria = tuple(r._replace(contribution=reported(r.contribution, rubric.decimals)) for r in criteria)
    sections = []
    start = 0
    for section in rubric.sections:
        mine = criteria[start:start + len(section.criteria)]
        start += len(section.criteria)
        sections.append(SectionResult(
            section,
            sum([c.points for c in mine], _ZERO),
            sum([c.maximum for c in mine], _ZERO),
            rubric.section_share(section),
            sum([c.contribution for c in mine], _ZERO),
        ))
    return criteria, tuple(sections), sum([s.points for s in sections], _ZERO)


def make_score(rubric: Rubric, results: Sequence[CriterionResult]) -> Score:
    """A qualified candidate's figures, not yet ranked (rank 0)."""
    criteria, sections, total = add_up(rubric, results)
    shown = reported(total, rubric.decimals)
    grade = next((g.label for g in rubric.grades if shown >= g.min), None)
    totals = evaluator_totals(rubric, criteria) if rubric.subject == "vendor" else {}
    return Score(criteria, sections, total, shown, 0, grade, totals)


def evaluator_totals(rubric: Rubric, criteria: Sequence[CriterionResult]) -> dict[str, Decimal | None]:
    """Per evaluator who scored the candidate (first appearance order): their total alone, unmoderated."""
    who = dict.fromkeys(e.evaluator for c in criteria for e in c.evaluators)
    return {e: total_with(rubric, criteria, [e], moderated=False) for e in who}


def total_with(
    rubric: Rubric, criteria: Sequence[CriterionResult], evaluators: Iterable[str], *, moderated: bool = True
) -> Decimal | None:
    """The exact total had `evaluators` (a multiset) scored the judged criteria; None when one has no score."""
    listed = list(evaluators)
    redone = []
    for c in criteria:
        if c.aggregation is None or (moderated and c.original is not None):
            redone.append(c)
            continue
        entries = [e for name in listed for e in c.evaluators if e.evaluator == name]
        if not entries:
            return None
        got = combine(rubric.aggregation, [e.points for e in entries], [e.role for e in entries],
                      [e.evaluator for e in entries])
        redone.append(c._replace(points=got.points, contribution=got.points * c.share / c.maximum))
    return add_up(rubric, redone)[2]


def rescore(evaluation: Evaluation, candidate_id: str, evaluators: Iterable[str], *,
            moderated: bool = True) -> Decimal | None:
    """A candidate's exact total (before the final rounding) had only `evaluators` scored it.

    Every judged criterion takes the rubric's method over the listed evaluators' scores (one
    listed twice counts twice; one who left the criterion empty is skipped for it); every other
    criterion keeps its points; moderated points stay unless `moderated=False`. None when none of
    the evaluators scored one of the judged criteria. KeyError for an unknown or disqualified id.
    """
    found = next((r for r in evaluation.candidates if r.candidate.id == candidate_id), None)
    if found is None or found.score is None:
        raise KeyError(candidate_id)
    context = exact()
    context.traps[decimal.DivisionByZero] = True
    with decimal.localcontext(context):
        return total_with(evaluation.rubric, found.score.criteria, evaluators, moderated=moderated)
