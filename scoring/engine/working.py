"""Build a criterion's result with its working: the rule applied, each evaluator, the aggregation."""

from __future__ import annotations

from decimal import Decimal

from scoring.engine.aggregate import Combined
from scoring.engine.run import Run
from scoring.engine.scales import Points
from scoring.model.results import Aggregated, CriterionResult, EvaluatorPoints, Fallback
from scoring.model.rubric import Aggregation, Criterion


def aggregated(how: Aggregation, combined: Combined, n: int) -> Aggregated:
    """The working of a combination: method, trim, any fallback and its reason, role means."""
    if how.method != "trimmed-mean":
        return Aggregated(how.method, None, None, combined.roles, combined.present)
    fallback = None
    if combined.fallback:
        need = 2 * how.trim + 1
        fallback = Fallback(n, need, f"a trimmed mean needs at least {need} scores (trim {how.trim}), "
                            f"got {n}; took the plain mean")
    return Aggregated(how.method, how.trim, fallback)


def judged_result(run: Run, criterion: Criterion, trail: tuple[EvaluatorPoints, ...],
                  how: Aggregated, points: Decimal) -> CriterionResult:
    """A judged criterion's result: the evaluators' points and how they were combined."""
    maximum, share = run.maximum[criterion.id], run.share[criterion.id]
    return tuple.__new__(CriterionResult, (  # every field in order: no keyword handling, tens of thousands a run
        criterion, "judged", None, "", "", trail, how, None, points, maximum, share, points * share / maximum, None, "",
    ))


def valued_result(run: Run, criterion: Criterion, source: str, got: Points | CriterionResult,
                  contributions: dict[Decimal, Decimal] | None = None) -> CriterionResult:
    """A fact's or metric's result: the value read, its level or band, and the scale's rule,
    from `got`, the points read (or another criterion's result that read them alike).

    `contributions`, when given, holds this criterion's contribution by points: many values
    earn the same few points.
    """
    maximum, share = run.maximum[criterion.id], run.share[criterion.id]
    points = got.points
    contribution = None if contributions is None else contributions.get(points)
    if contribution is None:
        contribution = points * share / maximum
        if contributions is not None:
            contributions[points] = contribution
    return tuple.__new__(CriterionResult, (  # every field in order: no keyword handling, tens of thousands a run
        criterion, "metric" if source == "metric" else "fact", got.value, got.label, got.description,
        (), None, got.rule, points, maximum, share, contribution, None, "",
    ))

