"""The typed, frozen models of a rubric and of an input; the engine reads only these.

The scale models live in `scoring.model.scales` and are re-exported here for existing importers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from scoring.model.choices import Locale, Method, Order, Profile, Rounding, Subject
from scoring.model.errors import Place
from scoring.model.expr import Expression
from scoring.model.prices import Adjustment
from scoring.model.scales import RELATIVE_KINDS as RELATIVE_KINDS
from scoring.model.scales import Band as Band
from scoring.model.scales import BandsScale as BandsScale
from scoring.model.scales import DirectScale as DirectScale
from scoring.model.scales import Level as Level
from scoring.model.scales import LevelsScale as LevelsScale
from scoring.model.scales import LinearScale as LinearScale
from scoring.model.scales import RankScale as RankScale
from scoring.model.scales import RatioScale as RatioScale
from scoring.model.scales import Scale as Scale
from scoring.model.scales import amounts as amounts
from scoring.model.scales import fit_problems as fit_problems

if TYPE_CHECKING:
    from scoring.model.inputs import Input
    from scoring.model.pairwise import Comparison, Derived

_ZERO = Decimal(0)
DEFAULT_ANONYMOUS = ("peer", "subordinate")
"""The roles shown without names when a rubric does not say (documents.md §1)."""


@dataclass(frozen=True)
class Quantity:
    """What a fact or metric is called in documents, and its unit."""

    title: str = ""
    """Its name in documents, e.g. 销售额; "" to use its key."""
    unit: str = ""
    """"" for none, "money" (in the rubric's currency), "%" (a percent), or free text like 次."""


@dataclass(frozen=True)
class Criterion:
    """One scored item of a rubric."""

    id: str
    """Unique within the rubric."""
    title: str
    """The item as the rubric words it."""
    scale: Scale
    """How a value turns into points."""
    weight: Decimal | None = None
    """Its weight as a fraction of its siblings, as written (weight style only)."""
    points: Decimal | None = None
    """Its maximum raw points, as written (points style only)."""
    value: str | None = None
    """A fact or metric that gives its value, when it is not judged or a fact of its own id."""
    description: str = ""
    """Longer explanation, e.g. the seed's 评分说明."""
    source: str = ""
    """Where the figure comes from (信息来源)."""
    evaluator: str = ""
    """Who assesses it (考评人)."""
    category: str = ""
    """A grouping label (指标类别)."""
    objective: bool = False
    """Evaluators only record a verifiable fact (能提供 or not), so they must agree."""
    price: bool | None = None
    """`price: true/false` as written (it scores the bid price, 价格分); None without the key,
    when the scale decides (procurement.md, "Price criteria")."""

    @property
    def points_style(self) -> bool:
        """True when the rubric gives it `points`; False when it gives a `weight`."""
        return self.points is not None

    @property
    def size(self) -> Decimal:
        """Its written weight or points (0 when neither is written)."""
        return self.points if self.points is not None else self.weight or _ZERO


@dataclass(frozen=True)
class Section:
    """A group of criteria with a share of the total."""

    id: str
    """Unique within the rubric."""
    title: str
    """Its heading."""
    criteria: tuple[Criterion, ...]
    """Its criteria in order."""
    weight: Decimal | None = None
    """Its weight as written, when sections carry weights."""
    description: str = ""
    """Longer explanation shown in reports."""
    pairwise: tuple[Comparison, ...] = ()
    """Comparisons weighing its criteria, as written (analysis.md §3); `()` when none."""


@dataclass(frozen=True)
class Gate:
    """A pass/fail check before scoring (资格性/符合性审查)."""

    id: str
    """Unique within the rubric."""
    title: str
    """The requirement as worded."""
    check: Expression | None = None
    """An expression over facts and metrics; without it, the input answers pass or fail."""


@dataclass(frozen=True)
class Grade:
    """A grade band: the first whose `min` the reported total reaches applies."""

    min: Decimal
    """The lowest reported total that earns it."""
    label: str
    """The grade's name, e.g. 良好."""
    at_most: Decimal | None = None
    """A cap (`at-most`): at most this fraction of a quota group holds the grade; None for none."""
    at_least: Decimal | None = None
    """A floor (`at-least`): at least this fraction of a quota group holds the grade; None for none."""


@dataclass(frozen=True)
class TieFact:
    """A `tie-break` entry `{fact: NAME, order: ...}`: a fact compared as a number, as given."""

    fact: str
    """The fact's name, read from each candidate's facts before any adjustment."""
    order: Order
    """Which end of the fact ranks first."""




@dataclass(frozen=True)
class Aggregation:
    """How several evaluators' points for one criterion combine."""

    method: Method = "mean"
    """mean, median, trimmed-mean or weighted."""
    trim: int = 1
    """trimmed-mean: how many highest and lowest points are dropped."""
    roles: Mapping[str, Decimal] = field(default_factory=dict)
    """weighted: each role's weight as a fraction."""
    anonymous: tuple[str, ...] | None = None
    """Roles shown without names on employees' forms, as written; None when the rubric does not
    say, so the default rule applies (see `Rubric.anonymous_roles`)."""


@dataclass(frozen=True)
class ReviewRule:
    """When the committee must look at a score again (畸高畸低)."""

    deviation: Decimal | None = None
    """Flag a score further than this fraction of the criterion's maximum from the median
    of the other evaluators' scores."""


@dataclass(frozen=True)
class Rubric:
    """A whole rubric, validated."""

    id: str
    """Its id (the file's stem unless given)."""
    title: str
    """Its title."""
    subject: Subject
    """Whom it scores, which sets the wording of reports."""
    locale: Locale
    """Default language of reports."""
    total: Decimal
    """The scale of the final score."""
    decimals: int
    """Places reported figures are rounded to, half-up, at the end."""
    aggregation: Aggregation
    """How evaluators' points combine."""
    gates: tuple[Gate, ...]
    """Checks every candidate must pass to be scored."""
    metrics: Mapping[str, Expression]
    """Derived values by name."""
    sections: tuple[Section, ...]
    """The sections; a flat sheet has one section with an empty id."""
    grades: tuple[Grade, ...]
    """Grade bands in order."""
    tie_break: tuple[str | TieFact, ...]
    """What breaks ties, in order: section or criterion ids (higher points first) or facts."""
    file: str
    """The file it was read from, as named."""
    sha256: str
    """SHA-256 of the file's bytes (of the data's canonical JSON for `parse_rubric`)."""
    description: str = ""
    """Longer explanation shown in reports."""
    review: ReviewRule | None = None
    """Review flags to raise; None for none."""
    rounding: Rounding = "total"
    """`total`: round only the total; `items`: round each criterion's contribution, so printed parts add up."""
    currency: str | None = None
    """The ISO 4217 code of every money figure (`CNY`), or None when the rubric gives none."""
    facts: Mapping[str, Quantity] = field(default_factory=dict)
    """Declared facts by name: their titles and units (a `%` fact may be written 0.92 or 92%)."""
    metric_info: Mapping[str, Quantity] = field(default_factory=dict)
    """Titles and units of the metrics written as mappings, by metric name."""
    quota_groups: str | None = None
    """The fact whose values split the candidates into quota groups; None: one group of all."""
    quota_min_group: int = 5
    """A quota group with fewer qualified graded candidates keeps its grades by score."""
    profile: Profile = "none"
    """The procurement regime it is written for; the default profile of `lint` (procurement.md §1)."""
    adjustments: tuple[Adjustment, ...] = ()
    """Policy price deductions, in the rubric's order."""
    pairwise: tuple[Comparison, ...] = ()
    """Comparisons weighing the sections (a flat rubric's criteria), as written; `()` when none."""
    places: tuple[Place, ...] = field(default=(), compare=False, repr=False)
    """Provenance: where each key path was read (path, file, line, column, cell); `()` for a
    rubric built in code or parsed from data. The engine never reads it; `locate` does."""

    def anonymous_roles(self, data: Input) -> frozenset[str]:
        """The roles whose evaluators are shown without names for `data` (documents.md §1):
        `evaluators.anonymous` as written, else peer and subordinate as soon as any evaluator
        of `data` has a role, else none."""
        if self.aggregation.anonymous is not None:
            return frozenset(self.aggregation.anonymous)
        roles = [e.role for e in data.evaluators.values()] + [r for c in data.candidates for r in c.evaluators.values()]
        return frozenset(DEFAULT_ANONYMOUS) if any(roles) else frozenset()

    def is_anonymous(self, role: str | None, data: Input) -> bool:
        """Whether an evaluator in `role` is shown without a name; one without a role never is."""
        return bool(role) and role in self.anonymous_roles(data)

    def unit_of(self, name: str) -> str:
        """The unit of fact or metric `name`: as declared (`facts:`, a metric's mapping), else a
        catalogue metric's (`%` for rates) unless a metric of the rubric takes the name, else ""."""
        from scoring.model.metrics import lookup_metric  # the catalogue is read only when asked

        declared = self.facts.get(name) or self.metric_info.get(name)
        known = None if name in self.metrics or (declared and declared.unit) else lookup_metric(name)
        return declared.unit if declared and declared.unit else known.unit if known else ""

    def is_percent(self, name: str, scale: Scale | None = None) -> bool:
        """Whether the value of `name` is a percent (documents.md §2): its unit is `%`, or, with no
        unit anywhere, `scale` (the one reading it) writes its bounds or knots as percents."""
        unit = self.unit_of(name)
        return unit == "%" or (not unit and isinstance(scale, (BandsScale, LinearScale)) and scale.unit == "percent")

    @property
    def flat(self) -> bool:
        """True for a rubric that lists `criteria` at the top level."""
        return len(self.sections) == 1 and self.sections[0].id == ""

    @cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion in order."""
        return tuple(c for s in self.sections for c in s.criteria)

    @cached_property
    def adjusted_ids(self) -> tuple[str, ...]:
        """The ids of the criteria some adjustment names in its `price`, in the rubric's order:
        its price criteria whose value an adjustment reduces (procurement.md §3)."""
        named = {i for a in self.adjustments for i in a.price}
        return tuple(c.id for c in self.criteria if c.id in named)

    @property
    def weighted_sections(self) -> bool:
        """True when the sections carry weights, written or derived from the rubric's `pairwise`
        (each section's share is then its weight of `total`)."""
        return any(s.weight is not None for s in self.sections) or (bool(self.pairwise) and not self.flat)

    @cached_property
    def derived(self) -> Mapping[str | None, Derived]:
        """The weights derived from each complete `pairwise` (never stored on the children): the
        rubric's under None, each section's under its id; a broken comparison derives nothing."""
        from scoring.model.pairwise import weights_of  # fractions only for rubrics that compare

        out: dict[str | None, Derived] = {}
        if self.pairwise:
            ids = [c.id for c in self.sections[0].criteria] if self.flat else [s.id for s in self.sections]
            found = weights_of(ids, self.pairwise)
            if found is not None:
                out[None] = found
        for s in self.sections:
            if s.pairwise and not self.flat:
                found = weights_of([c.id for c in s.criteria], s.pairwise)
                if found is not None:
                    out[s.id] = found
        return out

    def section_weight(self, section: Section) -> Decimal | None:
        """`section`'s weight as a fraction: written, or derived from the rubric's `pairwise`."""
        if self.pairwise and not self.flat:
            found = self.derived.get(None)
            return found.weights.get(section.id, _ZERO) if found else _ZERO
        return section.weight

    def weight_of(self, criterion: Criterion) -> Decimal | None:
        """`criterion`'s weight among its siblings: written, or derived from the `pairwise` of its
        container; None in points style."""
        section = self.section_of(criterion)
        comparisons = self.pairwise if self.flat else section.pairwise
        if not comparisons:
            return criterion.weight
        found = self.derived.get(None if self.flat else section.id)
        return found.weights.get(criterion.id, _ZERO) if found else _ZERO

    def section_share(self, section: Section) -> Decimal:
        """The most `section` can add to the final score, in units of `total`."""
        if self.weighted_sections:
            return (self.section_weight(section) or _ZERO) * self.total
        return sum((self._pooled_share(c) for c in section.criteria), _ZERO)

    def share(self, criterion: Criterion) -> Decimal:
        """The most `criterion` can add to the final score, in units of `total`."""
        if not self.weighted_sections:
            return self._pooled_share(criterion)
        section = self.section_of(criterion)
        if section.pairwise:  # derived weights sum to 1 by construction: no pool to divide by
            return (self.weight_of(criterion) or _ZERO) * self.section_share(section)
        pool = sum((c.size for c in section.criteria), _ZERO) or Decimal(1)
        return criterion.size / pool * self.section_share(section)

    def maximum(self, criterion: Criterion) -> Decimal:
        """The most points `criterion` can earn in its own units: its `points`, or its share."""
        return criterion.points if criterion.points is not None else self.share(criterion)

    def section_of(self, criterion: Criterion) -> Section:
        """The section holding `criterion` (by identity, else by id); KeyError when none does."""
        for section in self.sections:
            if any(c is criterion for c in section.criteria):
                return section
        for section in self.sections:
            if any(c.id == criterion.id for c in section.criteria):
                return section
        raise KeyError(criterion.id)

    def _pooled_share(self, criterion: Criterion) -> Decimal:
        # Without section weights, points are shares of the whole and weights fractions of it.
        return criterion.points if criterion.points is not None else (self.weight_of(criterion) or _ZERO) * self.total
