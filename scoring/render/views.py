"""The typed views a report's templates lay out: every figure already formatted, every formula written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EvaluatorView:
    """One evaluator's score on one criterion."""

    name: str
    role: str
    given: str
    """The level's label (and key), or the number written."""
    points: str
    dropped: bool


@dataclass(frozen=True)
class LevelView:
    """One level of a levels scale, and who picked it."""

    key: str
    label: str
    description: str
    points: str
    chosen: tuple[str, ...]
    """Names of the evaluators who picked it."""
    taken: bool
    """True when it is the level a fact's or metric's value took."""


@dataclass(frozen=True)
class CriterionView:
    """One criterion's row of the working."""

    id: str
    title: str
    category: str
    description: str
    source: str
    assessor: str
    maximum: str
    weight: str
    kind: str
    """judged, fact or metric."""
    value: str
    label: str
    level_description: str
    levels: tuple[LevelView, ...]
    evaluators: tuple[EvaluatorView, ...]
    formula: str
    fallback: str
    points: str
    contribution: str
    moderated: str = ""
    """The committee's change and its reason, when the aggregate was moderated."""


@dataclass(frozen=True)
class SectionView:
    """One section's table of the working, with its subtotal's formula."""

    id: str
    title: str
    description: str
    weight: str
    criteria: tuple[CriterionView, ...]
    formula: str


@dataclass(frozen=True)
class Bar:
    """One horizontal bar of a chart, in SVG user units."""

    label: str
    y: int
    segments: tuple[tuple[int, int, int, str], ...]
    """(x, width, colour index, title) of each filled part."""
    track: int
    """The width standing for the maximum."""
    value: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, laid out."""

    title: str
    width: int
    height: int
    left: int
    """Where bars start: the label column's width."""
    bars: tuple[Bar, ...]
    legend: tuple[tuple[int, str], ...]
    """(colour index, section title)."""


@dataclass(frozen=True)
class CandidateView:
    """One candidate: headline figures, sections and chart (empty when disqualified)."""

    id: str
    name: str
    qualified: bool
    rank: str
    total: str
    grade: str
    failed_gates: tuple[str, ...]
    sections: tuple[SectionView, ...]
    section_totals: tuple[str, ...]
    total_formula: str
    chart: Chart | None
    kpi: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(criterion title, its KPI working lines) per criterion valued by a fact or metric (§4.3)."""
    comments: tuple[tuple[str, str], ...] = ()
    """(author and role, text) of every 评语, authors by name (the HR summary; a form has its own)."""
    grade_form: str = ""
    """The grade as the employee's form shows it: for one moved by a quota, also its grade by score and
    the rule (`良好（按得分为优秀；优秀不超过20%）`); otherwise the grade."""


@dataclass(frozen=True)
class ReportView:
    """Everything a report or a form shows."""

    lang: str
    t: Mapping[str, Any]
    title: str
    subject: str
    """vendor or staff."""
    description: str
    round: str
    date: str
    files: tuple[tuple[str, str, str], ...]
    """(what, file, SHA-256) of the rubric and every input file."""
    program: str
    rounding: str
    """The sentence saying how figures were rounded (`rounding: total` or `items`)."""
    flat: bool
    section_titles: tuple[str, ...]
    method: str
    ranked: tuple[CandidateView, ...]
    disqualified: tuple[CandidateView, ...]
    chart: Chart | None
    committee: tuple[str, ...]
    """Every evaluator's display name, for the committee's signature block."""
    review: tuple[str, ...] | None = None
    """Review flags as sentences; None when the rubric asks for no review."""
    agreement: tuple[tuple[str, str, str], ...] = ()
    """(criterion, Kendall's W, reading) per judged criterion, under review."""
    notes: tuple[str, ...] = ()
    """The evaluation's warnings (a trimmed mean that fell back, a fact nobody uses...), one
    line each, located by file name when they have a place."""
    summary: tuple[SummaryTable, ...] = ()
    """The 评分汇总表 (vendor reports), split at 8 bidder columns."""
    summary_note: str = ""
    prices: tuple[PriceWorking, ...] = ()
    """The 价格分计算, one per price or ratio criterion in rubric order."""
    standards: StandardsView | None = None
    """The 评分标准 (vendor reports)."""
    pages: tuple[BidderPage, ...] = ()
    """Each qualified bidder's working page, in rank order (vendor reports)."""
    form_of: Callable[[str], Any] | None = None
    """A candidate's private form view by id (`render.forms.form_view` bound to the evaluation
    and language); None when the report was made without it."""
    trends: Mapping[str, Any] = field(default_factory=dict)
    """历史趋势 with `report --db`: each candidate's `render.trend.TrendView` by id; empty without."""
    distribution: tuple[Any, ...] = ()
    """成绩分布: each quota group's `render.distribution.GroupView`; empty when no grade carries a quota."""
    price_weight: str = ""
    """`价格权重：30%（投标报价）`: the price criteria's share of the total; '' without a price criterion."""
    price_columns: tuple[str, ...] = ()
    """The ranking's price headings: per price criterion the bid price, and the evaluated price when adjusted."""
    price_cells: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Each candidate's cells under `price_columns`, by id."""
    robustness: Any = None
    """稳健性 with `report --sensitivity` (`render.robustness.RobustnessView`); None without."""


@dataclass(frozen=True)
class SummaryTable:
    """One part of the 评分汇总表: at most 8 bidder columns, every row label repeated."""

    bidders: tuple[str, ...]
    """The column headings: qualified bidders' names in the input's order."""
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    """(row label, one cell per bidder): each evaluator's totals, then 最终得分 and 名次."""


@dataclass(frozen=True)
class PriceRow:
    """One bidder's line of the price working."""

    name: str
    value: str
    """The evaluated price (or value), without the unit its column header names."""
    formula: str
    """`benchmark ÷ price × maximum = points`; empty for a rank scale."""
    points: str
    place: str = ""
    """A rank scale's place in words (最低 / 中间 / 最高)."""
    price: str = ""
    """The bid price as given, when an adjustment names the criterion; '' otherwise."""
    deductions: tuple[str, ...] = ()
    """Each deduction applied: its title, percent and amount (`小微企业价格扣除 10%：50,000.00`)."""


@dataclass(frozen=True)
class PriceWorking:
    """The working of one price or ratio criterion (价格分计算)."""

    title: str
    kind: str
    """`lowest`, `highest` or `rank`."""
    benchmark: str
    """The benchmark sentence with who set it; empty for a rank scale."""
    value_header: str
    """The values' column heading, naming the unit when there is one (`评标价格（元）`)."""
    rows: tuple[PriceRow, ...]
    excluded: tuple[str, ...]
    """Bidders that failed a gate and take no part."""
    price_header: str = ""
    """The bid price's column heading when an adjustment names the criterion; '' when none does."""
    deductions_header: str = ""


@dataclass(frozen=True)
class StandardView:
    """One criterion of the 评分标准, in full."""

    number: str
    title: str
    category: str
    description: str
    maximum: str
    """Its points, or its weight."""
    scale: str
    """How it is scored, in words; a shared levels scale by reference (`见等级 A`)."""


@dataclass(frozen=True)
class StandardsView:
    """The 评分标准: each section's criteria, and each levels scale listed once."""

    sections: tuple[tuple[str, tuple[StandardView, ...]], ...]
    """(section heading, its criteria)."""
    scales: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]
    """(scale name, its levels as (label, points, description))."""


@dataclass(frozen=True)
class WorkingRow:
    """One criterion's row of a bidder's working page, or a subtotal or total row."""

    label: str
    maximum: str
    cells: tuple[tuple[str, bool], ...]
    """Per evaluator (in the summary's order): the points in the criterion's units, and whether dropped."""
    value: str
    """For a fact, metric or price: the value shown across the evaluator cells."""
    aggregate: str
    points: str
    contribution: str
    kind: str = "criterion"
    """criterion, subtotal or total."""
    note: str = ""
    """A fallback or a moderation, marked under the figures."""


@dataclass(frozen=True)
class BidderPage:
    """One qualified bidder's working on its own page (评分明细, documents.md §3.4)."""

    heading: str
    evaluators: tuple[str, ...]
    rows: tuple[WorkingRow, ...]
