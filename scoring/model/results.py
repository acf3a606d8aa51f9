"""The typed results of an evaluation, with the full trail a report needs to show its working.

The records an evaluation makes by the hundred thousand are NamedTuples: immutable and typed like
frozen dataclasses, but one object each instead of two (no `__dict__`), cheaper to build and to
collect, and cheaper to define at start-up. `Evaluation` stays a frozen dataclass."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple, Union

from scoring.model.choices import Best, Order
from scoring.model.errors import Problem
from scoring.model.expr import Value, exact, round_half_up
from scoring.model.inputs import Candidate, Input
from scoring.model.numbers import plain
from scoring.model.prices import Price
from scoring.model.review import Review
from scoring.model.rubric import Criterion, Grade, Rubric, Section

# Divisions such as 1/3 are carried to 60 significant digits; snapping to 40 places before
# the final half-up rounding absorbs their last-digit error, so 89.99499…9 (really 89.995)
# is reported as 90.00, not 89.99.
_SNAP = Decimal(1).scaleb(-40)
_CONTEXT = exact()


def snapped(value: Decimal) -> Decimal:
    """`value` snapped to 40 places: the engine's exact value (api.md §6), the step before the
    one half-up rounding."""
    if value.adjusted() < 15:  # room for 40 places within the precision
        return value.quantize(_SNAP, context=_CONTEXT)
    return value


def exact_text(value: Decimal) -> str:
    """An exact value as api.md §6 writes it: snapped to 40 places, in plain notation without
    trailing zeros (`78.505`, `40`), and zero without a sign."""
    text = plain(snapped(value))
    return "0" if text == "-0" else text


def reported(value: Decimal, decimals: int) -> Decimal:
    """`value` rounded half-up to `decimals` places: the one rounding the product does."""
    return round_half_up(snapped(value), decimals)


class LevelsRule(NamedTuple):
    """A levels scale read `level` (its key as the rubric writes it)."""

    level: str
    label: str
    kind: Literal["levels"] = "levels"


class DirectRule(NamedTuple):
    """A direct scale read `value` within [min, max]."""

    value: Decimal
    min: Decimal
    max: Decimal
    kind: Literal["direct"] = "direct"


class BandsRule(NamedTuple):
    """A bands scale: `band` is the 0-based index of the band that took `value`."""

    value: Decimal
    band: int
    label: str
    kind: Literal["bands"] = "bands"


class LinearRule(NamedTuple):
    """A linear scale: the knot indexes of the segment used and its two knots (x, points)."""

    value: Decimal
    segment: tuple[int, int]
    start: tuple[Decimal, Decimal]
    end: tuple[Decimal, Decimal]
    kind: Literal["linear"] = "linear"


class RatioRule(NamedTuple):
    """A ratio scale: `value` against the benchmark set by `benchmark_candidates`."""

    best: Best
    value: Decimal
    benchmark: Decimal
    benchmark_candidates: tuple[str, ...]
    kind: Literal["ratio"] = "ratio"


class RankRule(NamedTuple):
    """A rank scale: `position` is 1 + how many of the `of` qualified did strictly better."""

    order: Order
    value: Decimal
    place: Literal["first", "middle", "last"]
    position: int
    of: int
    kind: Literal["rank"] = "rank"


Rule = Union[LevelsRule, DirectRule, BandsRule, LinearRule, RatioRule, RankRule]


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
    rule: Rule
    """The scale rule applied to `given`."""


class Fallback(NamedTuple):
    """A trimmed mean that had too few scores and took the plain mean."""

    scores: int
    needed: int
    reason: str
    to: Literal["mean"] = "mean"


class RoleMean(NamedTuple):
    """Under role weighting: one role present, its weight, its evaluators and their mean points."""

    role: str
    weight: Decimal
    evaluators: tuple[str, ...]
    mean: Decimal


class Aggregated(NamedTuple):
    """How a judged criterion's scores were combined."""

    method: str
    trim: int | None = None
    """The rubric's trim, for a trimmed mean only."""
    fallback: Fallback | None = None
    roles: tuple[RoleMean, ...] = ()
    """Weighted only: the roles present, in the rubric's order of roles."""
    present_weight: Decimal | None = None
    """Weighted only: the sum of the present roles' weights (points = Σ weight × mean / this)."""


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
    aggregation: Aggregated | None
    """How the evaluators' points combined; None unless judged."""
    rule: Rule | None
    """The scale rule applied to `value`; None when judged."""
    points: Decimal
    """Points earned, exact, out of `maximum`."""
    maximum: Decimal
    """The most it can earn, in its own units."""
    share: Decimal
    """The most it can add to the total."""
    contribution: Decimal
    """What it adds to the total: points / maximum × share (rounded under `rounding: items`)."""
    original: Decimal | None = None
    """The aggregate the committee's moderated `points` replaced; None when not moderated."""
    reason: str = ""
    """Why it was moderated."""

    @property
    def fallback(self) -> bool:
        """True when a trimmed mean had too few scores and took the plain mean."""
        return self.aggregation is not None and self.aggregation.fallback is not None


class SectionResult(NamedTuple):
    """One section's contribution to a candidate's total."""

    section: Section
    earned: Decimal
    """The sum of its criteria's points."""
    maximum: Decimal
    """The sum of its criteria's maxima."""
    share: Decimal
    """The most it can add to the total."""
    points: Decimal
    """Its contribution, exact, out of `share`."""


class GateResult(NamedTuple):
    """How one gate was decided for one candidate."""

    id: str
    passed: bool
    check: str | None
    """The check's text, or None for a gate the input answers."""
    answer: Literal["pass", "fail"] | None
    """The input's answer normalised, for a gate without a check."""
    given: str | bool | None
    """The answer as written, for a gate without a check."""


class Score(NamedTuple):
    """A qualified candidate's figures."""

    criteria: tuple[CriterionResult, ...]
    """Per criterion, in rubric order."""
    sections: tuple[SectionResult, ...]
    """Per section, in rubric order."""
    total: Decimal
    """The exact total."""
    reported_total: Decimal
    """The total rounded half-up to the rubric's decimals; rank and grade follow it."""
    rank: int
    """1 for the best; tied candidates share a rank (1, 1, 3); 0 before ranking."""
    grade: str | None
    """The final grade: the label of the first grade whose min the reported total reaches, as
    quotas moved it (analysis.md §1); None when no grade applies."""
    evaluator_totals: Mapping[str, Decimal | None]
    """Vendor rubrics: per evaluator who scored the candidate, the total by that evaluator alone,
    unmoderated (`rescore`); None when that evaluator left a judged criterion empty. Empty for staff."""
    grade_by_score: str | None = None
    """The grade the reported total earns before quotas; None when the rubric has no quota (then
    it is `grade`) or no grade applies."""


class CandidateResult(NamedTuple):
    """Everything the engine decided about one candidate."""

    candidate: Candidate
    gates: tuple[GateResult, ...]
    """Every gate of the rubric, in rubric order."""
    score: Score | None
    """The figures; None when disqualified."""
    metrics: Mapping[str, Value]
    """Metric values the engine computed for this candidate."""

    @property
    def qualified(self) -> bool:
        """False when any gate failed."""
        return self.score is not None

    @property
    def failed_gates(self) -> tuple[str, ...]:
        """Ids of the failed gates, in rubric order."""
        return tuple(g.id for g in self.gates if not g.passed)

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Per criterion, in rubric order; empty when disqualified."""
        return self.score.criteria if self.score is not None else ()

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        """Per section, in rubric order; empty when disqualified."""
        return self.score.sections if self.score is not None else ()

    @property
    def total(self) -> Decimal | None:
        """The exact total; None when disqualified."""
        return self.score.total if self.score is not None else None

    @property
    def reported_total(self) -> Decimal | None:
        """The reported total; None when disqualified."""
        return self.score.reported_total if self.score is not None else None

    @property
    def rank(self) -> int | None:
        """The rank; None when disqualified."""
        return self.score.rank if self.score is not None else None

    @property
    def grade(self) -> str | None:
        """The final grade; None when disqualified or no grade applies."""
        return self.score.grade if self.score is not None else None

    @property
    def grade_by_score(self) -> str | None:
        """The grade the reported total earns before quotas; None when disqualified or ungraded."""
        if self.score is None:
            return None
        return self.score.grade_by_score if self.score.grade_by_score is not None else self.score.grade


class Benchmark(NamedTuple):
    """The best value of a ratio criterion among the qualified, and who set it (input order)."""

    value: Decimal
    candidates: tuple[str, ...]


def has_quotas(rubric: Rubric) -> bool:
    """True when any grade row of `rubric` carries a cap or a floor (analysis.md §1)."""
    return any(g.at_most is not None or g.at_least is not None for g in rubric.grades)


@dataclass(frozen=True)
class GradeCount:
    """One grade row within a quota group: its quotas as counts, its count by score and final."""

    grade: Grade
    """The rubric's row (label and quota percents)."""
    at_most: int | None
    """The cap count ⌊P × N⌋; None when the row has no cap or the group is exempt."""
    at_least: int | None
    """The floor count ⌈P × N⌉; None when the row has no floor or the group is exempt."""
    by_score: int
    """How many of the group hold it by score."""
    count: int
    """How many hold it after the moves."""

    @property
    def label(self) -> str:
        """The grade's name."""
        return self.grade.label


QuotaRule = Literal["at-most", "at-least"]


class Move(NamedTuple):
    """One candidate moved one step by a quota."""

    candidate: str
    """The candidate's id."""
    source: str
    """The grade it held at that step (`from` in JSON)."""
    to: str
    """The grade it moved to."""
    rule: QuotaRule
    """`at-most` (a cap pushed it down) or `at-least` (a floor pulled it down)."""


class Distribution(NamedTuple):
    """How the grade quotas applied to one quota group."""

    group: str | None
    """The grouping fact's value; None for the single group of a rubric without `quota-groups`."""
    exempt: bool
    """True when the group has fewer than `quota-min-group` graded candidates: nobody moved."""
    n: int
    """Its qualified candidates with a grade by score."""
    grades: tuple[GradeCount, ...]
    """Every grade row, in the rubric's order."""
    moves: tuple[Move, ...]
    """Every step in the order made: caps top down, then floors bottom up."""


@dataclass(frozen=True)
class Evaluation:
    """The result of scoring one input against one rubric."""

    rubric: Rubric
    input: Input
    candidates: tuple[CandidateResult, ...]
    """By rank (ties by id), disqualified candidates last (by id)."""
    benchmarks: Mapping[str, Benchmark] = field(default_factory=dict)
    """Per ratio criterion (by id): its benchmark among the qualified."""
    review: Review | None = None
    """Review flags and agreement, when the rubric asks for them."""
    warnings: tuple[Problem, ...] = ()
    """Things the user should know that are not errors (a trimmed mean that fell back, an evaluator
    who scored nobody, a criterion nobody scored, a fact nobody uses); `score` prints them on
    stderr and reports list them in their notes."""
    distribution: tuple[Distribution, ...] = ()
    """Per quota group, how the grade quotas applied; empty when the rubric has none."""
    prices: Mapping[str, Mapping[str, Price]] = field(default_factory=dict)
    """By qualified candidate id, by adjusted price criterion id: the price, the adjustments
    applied and the evaluated price (procurement.md §3); empty without `adjustments`."""

    def round(self, value: Decimal) -> Decimal:
        """A figure as reported: rounded half-up to the rubric's decimals."""
        return reported(value, self.rubric.decimals)

    def to_dict(self, *, working: bool = False) -> dict[str, Any]:
        """The JSON document of `scoring score --format json` (`--working` adds each candidate's trail)."""
        from scoring.model.serialize import evaluation_dict

        return evaluation_dict(self, working=working)
