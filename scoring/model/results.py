"""The typed results of an evaluation, with the full trail a report needs to show its working."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

from scoring.model.errors import Problem
from scoring.model.expr import Value, exact, round_half_up
from scoring.model.inputs import Candidate, Input
from scoring.model.rubric import Criterion, Rubric, Section

if TYPE_CHECKING:
    from scoring.engine.review import Review

# Divisions such as 1/3 are carried to 60 significant digits; snapping to 40 places before
# the final half-up rounding absorbs their last-digit error, so 89.99499…9 (really 89.995)
# is reported as 90.00, not 89.99.
_SNAP = Decimal(1).scaleb(-40)
_CONTEXT = exact()


def reported(value: Decimal, decimals: int) -> Decimal:
    """`value` rounded half-up to `decimals` places: the one rounding the product does."""
    if value.adjusted() < 15:  # room for 40 places within the precision
        value = value.quantize(_SNAP, context=_CONTEXT)
    return round_half_up(value, decimals)


class EvaluatorPoints(NamedTuple):
    """One evaluator's score on one criterion."""

    evaluator: str
    role: str | None
    given: str
    """The score as written (a level key or a number)."""
    points: Decimal
    """The points it is worth, in the criterion's own units."""
    label: str
    """The level's or band's label, if any."""
    dropped: bool
    """True when a trimmed mean left it out."""


class CriterionResult(NamedTuple):
    """How one criterion was scored for one candidate."""

    criterion: Criterion
    source: Literal["judged", "fact", "metric"]
    value: Decimal | str | None
    """The fact or metric value used; None for a judged criterion."""
    label: str
    """The level's, band's or rank's label for a fact or metric value."""
    description: str
    """The level's description, if any."""
    evaluators: tuple[EvaluatorPoints, ...]
    """Each evaluator's points, for a judged criterion."""
    fallback: bool
    """True when a trimmed mean had too few scores and took the plain mean."""
    points: Decimal
    """Points earned, exact, out of `criterion.maximum`."""
    contribution: Decimal
    """What it adds to the total, exact."""
    original: Decimal | None = None
    """The aggregate the committee's moderated `points` replaced; None when not moderated."""
    reason: str = ""
    """Why it was moderated."""


class SectionResult(NamedTuple):
    """One section's contribution to a candidate's total."""

    section: Section
    points: Decimal
    """Exact, out of `section.share`."""


@dataclass(frozen=True)
class CandidateResult:
    """Everything the engine decided about one candidate."""

    candidate: Candidate
    qualified: bool
    """False when any gate failed."""
    failed_gates: tuple[str, ...]
    """Ids of the failed gates, in rubric order."""
    criteria: tuple[CriterionResult, ...]
    """Per criterion, in rubric order; empty when disqualified."""
    sections: tuple[SectionResult, ...]
    """Per section, in rubric order; empty when disqualified."""
    total: Decimal | None
    """The exact total; None when disqualified."""
    reported_total: Decimal | None
    """The total rounded half-up to the rubric's decimals; rank and grade follow it."""
    rank: int | None
    """1 for the best; tied candidates share a rank (1, 1, 3)."""
    grade: str | None
    """The label of the first grade whose min the reported total reaches."""
    metrics: Mapping[str, Value]
    """Metric values the engine computed for this candidate."""


@dataclass(frozen=True)
class Evaluation:
    """The result of scoring one input against one rubric."""

    rubric: Rubric
    input: Input
    candidates: tuple[CandidateResult, ...]
    """By rank (ties by id), disqualified candidates last (by id)."""
    review: Review | None = None
    """Review flags and agreement, when the rubric asks for them."""
    warnings: tuple[Problem, ...] = ()
    """Things the user should know that are not errors (a trimmed mean that fell back, an evaluator
    who scored nobody, a criterion nobody scored, a fact nobody uses); `score` prints them on
    stderr and reports list them in their notes."""

    def round(self, value: Decimal) -> Decimal:
        """A figure as reported: rounded half-up to the rubric's decimals."""
        return reported(value, self.rubric.decimals)
