"""The typed, frozen model of an input: candidates, their facts and gate answers, and evaluators' scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.model.errors import Place


@dataclass(frozen=True)
class Moderation:
    """A committee's agreed score for one candidate and criterion, and why."""

    points: Decimal
    """In the criterion's own units (0 to its maximum)."""
    reason: str


@dataclass(frozen=True)
class Candidate:
    """One vendor or employee in an input."""

    id: str
    """Unique within the input."""
    name: str
    """Display name (the id when not given)."""
    facts: Mapping[str, str]
    """Facts as written (numbers, percents or level keys)."""
    gates: Mapping[str, bool]
    """Answers to gates that have no check."""
    scores: Mapping[str, Mapping[str, str]]
    """By evaluator id, the value each gave per criterion id."""
    index: int
    """Its place in the input's `candidates` list."""
    moderated: Mapping[str, Moderation] = field(default_factory=dict)
    """The committee's agreed points per criterion id, replacing the aggregate."""
    evaluators: Mapping[str, str] = field(default_factory=dict)
    """Who rates this candidate and in which role (a 360 appraisal), by evaluator id; `""` for
    no role. Empty when the input does not say: then whoever scored it is its evaluators."""
    answers: Mapping[str, str | bool] = field(default_factory=dict)
    """Each answer under `gates` exactly as written (`"通过"`, `"yes"`, `true`), by gate id;
    `gates` holds what it means. Empty for a model built in code: then `given` is the bool."""
    comments: Mapping[str, str] = field(default_factory=dict)
    """评语 by evaluator id, each text as written (line breaks kept); an empty text is none."""


@dataclass(frozen=True)
class Evaluator:
    """A committee member or appraiser."""

    id: str
    """As used under `scores`."""
    role: str | None = None
    """Their role, for role-weighted aggregation."""
    name: str = ""
    """Display name for reports and signature lines."""


@dataclass(frozen=True)
class Input:
    """The data to score: candidates and who evaluated them."""

    candidates: tuple[Candidate, ...]
    """In the input's order."""
    evaluators: Mapping[str, Evaluator]
    """By id; an evaluator who scores but is not listed has no role."""
    files: tuple[str, ...]
    """The files it came from."""
    sha256: Mapping[str, str]
    """SHA-256 of each file's bytes."""
    rubric: str | None = None
    """The rubric the input names, if any."""
    title: str = ""
    """What this round of evaluation is, e.g. 2026年第三季度考核."""
    date: str = ""
    """The date of the evaluation as written (YYYY-MM-DD)."""
    places: tuple[Place, ...] = field(default=(), compare=False, repr=False)
    """Provenance: where each key path was read (path, file, line, column, cell); `()` for an
    input built in code or parsed from data. The engine never reads it; `locate` does."""
