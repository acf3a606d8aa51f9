"""The state of one evaluation run: what it was given, what it derived once, and what it found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.engine.scales import Points
from scoring.model.errors import PathKey, Problem, format_path
from scoring.model.inputs import Candidate, Input
from scoring.model.results import Aggregated, Benchmark, CriterionResult
from scoring.model.rubric import Criterion, Rubric


@dataclass(slots=True)
class Run:
    """One call of `evaluate`: its inputs, values derived once, caches, and the problems found.

    Owned by that call alone and dropped with it; nothing here outlives the evaluation.
    """

    rubric: Rubric
    data: Input
    allow_missing: bool
    maximum: dict[str, Decimal]
    """Each criterion's maximum, derived from the written weights once per run."""
    share: dict[str, Decimal]
    """Each criterion's share of the total, likewise."""
    roles: dict[str, str | None]
    """Each listed evaluator's role."""
    active: dict[str, list[str]]
    """By candidate id, its evaluators: those who gave it any score, within its own list."""
    sheets: dict[str, tuple[int, tuple[Mapping[str, str], ...]]]
    """By candidate id, the number of its (evaluator, role) group and its active sheets."""
    scored: set[str]
    """Criteria that some evaluator's sheet names and that take scores (no `value:`)."""
    criteria: dict[str, Criterion]
    """The rubric's criteria by id."""
    valued: frozenset[str]
    """The ids of criteria that take their value from `value:`: nobody may score them."""
    trimmed: Aggregated
    """The working of a trimmed mean that did not fall back: one for every such result."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    cache: dict[str, dict[str, Points]] = field(default_factory=dict)
    """Points per distinct written value, per criterion: judges repeat the same few values."""
    results: dict[str, dict[tuple[object, ...], CriterionResult]] = field(default_factory=dict)
    """Whole results per criterion, keyed by what decides them: (group, texts) for a judged
    criterion, (source, text) for a fact or metric. Results are immutable, so candidates
    scored alike share one; this is what keeps 10,000 candidates fast."""


def start(rubric: Rubric, data: Input, allow_missing: bool) -> Run:
    """A run's state with everything derived once: maxima, shares, each candidate's evaluators."""
    roles = {eid: ev.role for eid, ev in data.evaluators.items()}
    active: dict[str, list[str]] = {}
    sheets: dict[str, tuple[int, tuple[Mapping[str, str], ...]]] = {}
    groups: dict[tuple[tuple[str, str | None], ...], int] = {}
    scored: set[str] = set()
    for c in data.candidates:
        for given in c.scores.values():
            scored.update(given)
        mine = [e for e, given in c.scores.items()
                if any(map(str.strip, given.values())) and (not c.evaluators or e in c.evaluators)]
        # Each distinct list of evaluators with their roles gets a number, so a cache key stays flat.
        group = groups.setdefault(tuple((e, c.evaluators.get(e) or roles.get(e)) for e in mine), len(groups))
        active[c.id] = mine
        sheets[c.id] = (group, tuple(c.scores[e] for e in mine))
    # A criterion with `value:` always takes that value: a score for it is reported, not used.
    scored -= {c.id for c in rubric.criteria if c.value is not None}
    return Run(
        rubric, data, allow_missing,
        maximum={c.id: rubric.maximum(c) for c in rubric.criteria},
        share={c.id: rubric.share(c) for c in rubric.criteria},
        roles=roles, active=active, sheets=sheets, scored=scored,
        criteria={c.id: c for c in rubric.criteria},
        trimmed=Aggregated("trimmed-mean", rubric.aggregation.trim, None),
        valued=frozenset(c.id for c in rubric.criteria if c.value is not None),
        cache={c.id: {} for c in rubric.criteria},
        results={c.id: {} for c in rubric.criteria},
    )


def role_of(run: Run, cand: Candidate, evaluator: str) -> str | None:
    """The evaluator's role for this candidate: its own `evaluators:` first, then the input's."""
    return cand.evaluators.get(evaluator) or run.roles.get(evaluator)


def input_file(run: Run) -> str:
    """The name the input's problems carry: its first file, or `<input>` for data from code."""
    return run.data.files[0] if run.data.files else "<input>"


def in_data(run: Run, path: Sequence[PathKey], message: str) -> Problem:
    """A problem at a key path of the input, named by the input's source."""
    return Problem(input_file(run), 0, 0, f"{format_path(path)}: {message}", path=tuple(path))


def in_rubric(run: Run, path: Sequence[PathKey], message: str) -> Problem:
    """A problem at a key path of the rubric, named by the rubric's source."""
    return Problem(run.rubric.file, 0, 0, f"{format_path(path)}: {message}", path=tuple(path))


def at(run: Run, cand: Candidate, path: Sequence[PathKey], message: str) -> Problem:
    """A problem at `path` within the candidate, by key path in the input."""
    return in_data(run, ("candidates", cand.index, *path), message)


def error(run: Run, cand: Candidate, path: Sequence[PathKey], message: str) -> None:
    """Record a problem at `path` within the candidate."""
    run.problems.append(at(run, cand, path, message))


def where_in(cand: Candidate, path: Sequence[PathKey]) -> str:
    """The key path of a place in the candidate, for a message naming two places."""
    return format_path(("candidates", cand.index, *path))


def criterion_path(rubric: Rubric, criterion: Criterion) -> tuple[PathKey, ...]:
    """Where a criterion stands in the rubric's data: `criteria[j]` or `sections[i].criteria[j]`."""
    for i, section in enumerate(rubric.sections):
        for j, item in enumerate(section.criteria):
            if item is criterion:
                return ("criteria", j) if rubric.flat else ("sections", i, "criteria", j)
    return ()
