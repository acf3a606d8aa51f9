"""The state of one evaluation run: what it was given, what it derived once, and what it found."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.engine.environment import FactEnv, Values
from scoring.engine.scales import Points
from scoring.model.errors import PathKey, Problem, format_path
from scoring.model.expr import Value
from scoring.model.inputs import Candidate, Input
from scoring.model.prices import Price
from scoring.model.results import Aggregated, Benchmark, CriterionResult, EvaluatorPoints, GateResult
from scoring.model.rubric import Criterion, Rubric

Judged = tuple[tuple[EvaluatorPoints, ...], Aggregated, Decimal]
"""What decides a judged result beyond its criterion: each evaluator's points, the working, the points."""


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
    active: dict[str, tuple[str, ...]]
    """By candidate id, its evaluators: those who gave it any score, within its own list."""
    group: dict[str, int]
    """By candidate id, the number of its (evaluator, role) group: candidates of one group share
    their `active` tuple."""
    scored: set[str]
    """Criteria that some evaluator's sheet names and that take scores (no `value:`)."""
    fact_names: set[str]
    """Every fact name some candidate gives."""
    criteria: dict[str, Criterion]
    """The rubric's criteria by id."""
    clashing: frozenset[str]
    """Ids that some sheet names and that a sheet may not name for some candidate (the one-value
    rule): criteria with `value:`, and ids named like some candidate's fact. Mostly none."""
    trimmed: Aggregated
    """The working of a trimmed mean that did not fall back: one for every such result."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    prices: dict[str, dict[str, Price]] = field(default_factory=dict)
    """By candidate id, by price criterion id: its evaluated price and the adjustments applied (adjust.py)."""
    adjusted: dict[tuple[int, str], bool | None] = field(default_factory=dict)
    """Whether adjustment i applies to a candidate, by (i, candidate id); None after a problem."""
    reads: dict[str, Value] = field(default_factory=dict)
    """Each fact text as read (a number, or a yes/no word's truth), for every candidate: facts repeat."""
    fell_back: bool = False
    """True once some judged result took a trimmed mean's fallback: only then are results searched."""
    decisions: dict[tuple[int, tuple[str, ...]], bool] = field(default_factory=dict)
    """A gate's check decided, by (gate index, the texts of the facts it reads): a check reads only
    its names, and facts repeat."""
    checked: dict[tuple[str, bool], GateResult] = field(default_factory=dict)
    """A gate's check decided each way, shared by every candidate it was decided so for."""
    cache: dict[str, dict[str, Points]] = field(default_factory=dict)
    """Points per distinct written value, per criterion: judges repeat the same few values."""
    valued_points: dict[str, dict[Decimal | tuple[bool, str | Decimal], Points | CriterionResult]] = field(
        default_factory=dict)
    """The points of a fact or metric (its Points, or a result that holds them alike) per
    (neutral, value), or per number of a metric, by criterion; criteria with equal scales and
    maxima share one table, as several often read one metric on one scale."""
    judged_parts: dict[str, dict[tuple[int, tuple[str, ...]], Judged]] = field(default_factory=dict)
    """A judged criterion's working and points per (group, texts); criteria with equal scales and
    maxima share one table, as judges read the same few values on the same scale."""
    results: dict[str, dict[tuple[object, ...], CriterionResult]] = field(default_factory=dict)
    """Whole results of a fact or metric per criterion, keyed by what decides them: (source, text).
    Results are immutable, so candidates scored alike share one (judged results are shared the
    same way by `judge_all`, per evaluator group and texts); this is what keeps 10,000 candidates fast."""


class Rows:
    """The qualified candidates and their computed metrics, side by side: iterating gives
    (candidate, values) pairs made on the fly, so a run keeps no tuple per candidate."""

    __slots__ = ("cands", "values")

    def __init__(self, cands: list[Candidate], values: list[Values]) -> None:
        self.cands = cands
        self.values = values

    def __iter__(self) -> Iterator[tuple[Candidate, Values]]:
        return zip(self.cands, self.values, strict=True)

    def __len__(self) -> int:
        return len(self.cands)


def env_of(run: Run, cand: Candidate, values: Values) -> FactEnv:
    """A lookup of the candidate's facts and metrics that remembers what it computes in `values`."""
    return FactEnv(run.rubric, cand, run.reads, values)


def start(rubric: Rubric, data: Input, allow_missing: bool) -> Run:
    """A run's state with everything derived once: maxima, shares, each candidate's evaluators."""
    roles = {eid: ev.role for eid, ev in data.evaluators.items()}
    active: dict[str, tuple[str, ...]] = {}
    group: dict[str, int] = {}
    groups: dict[tuple[tuple[str, str | None], ...] | tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
    scored: set[str] = set()
    fact_names: set[str] = set()
    for c in data.candidates:
        fact_names.update(c.facts)
        for given in c.scores.values():
            scored.update(given)
        # Who gave any score: the first one written almost always settles it.
        mine = tuple([e for e, given in c.scores.items()
                      if (next(iter(given.values()), "").strip() or any(map(str.strip, given.values())))
                      and (not c.evaluators or e in c.evaluators)])
        # Each distinct list of evaluators with their roles gets a number, so a cache key stays
        # flat, and one tuple of their ids shared by its candidates. Without its own `evaluators:`,
        # a candidate's ids decide their roles: they alone are the key.
        key = tuple([(e, c.evaluators.get(e) or roles.get(e)) for e in mine]) if c.evaluators else mine
        number, active[c.id] = groups.setdefault(key, (len(groups), mine))
        group[c.id] = number
    # A criterion with `value:` always takes that value: a score for it is reported, not used.
    valued = {c.id for c in rubric.criteria if c.value is not None}
    clashing = frozenset((valued | fact_names) & scored)
    scored -= valued
    return Run(
        rubric, data, allow_missing,
        maximum={c.id: rubric.maximum(c) for c in rubric.criteria},
        share={c.id: rubric.share(c) for c in rubric.criteria},
        roles=roles, active=active, group=group, scored=scored, fact_names=fact_names,
        criteria={c.id: c for c in rubric.criteria},
        trimmed=Aggregated("trimmed-mean", rubric.aggregation.trim, None),
        clashing=clashing,
        cache={c.id: {} for c in rubric.criteria},
        results={c.id: {} for c in rubric.criteria},
        valued_points=_shared_tables(rubric), judged_parts=_shared_tables(rubric),
    )


def _shared_tables(rubric: Rubric) -> dict[str, dict[Any, Any]]:
    """One table per distinct (scale, maximum) as written: by `repr`, since 0 and 0.0 are equal
    but a rule shows the bound as the rubric wrote it."""
    by_scale: dict[str, dict[Any, Any]] = {}
    return {c.id: by_scale.setdefault(repr((c.scale, rubric.maximum(c))), {}) for c in rubric.criteria}


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
