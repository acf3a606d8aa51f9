"""The typed views a report's templates lay out: every figure already formatted, every formula written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
