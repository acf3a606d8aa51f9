"""An evaluation as the rows of the history schema: exact and reported figures as TEXT."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from scoring.history.db import NULL
from scoring.model.expr import exact
from scoring.model.pricejson import prices_dict
from scoring.model.results import CandidateResult, CriterionResult, Evaluation, exact_text, reported

_CONTEXT = exact()  # only read: every method it is passed to takes it as a parameter
_ZERO = Decimal(0)
COLUMNS = frozenset({"id", "name", "qualified", "failed_gates", "rank", "total", "grade", "sections", "criteria"})
"""The keys of a candidate in `score --format json` that the columns hold; the rest go to extra_json."""


class _Memo(dict[Decimal, str]):
    """A Decimal's text, worked out by `make` the first time it is asked for and then looked up."""

    def __init__(self, make: Callable[[Decimal], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: Decimal) -> str:
        text = self[value] = self._make(value)
        return text


class Texts:
    """`exact_text` and `reported_text` for one run, each distinct value worked out once."""

    def __init__(self, decimals: int) -> None:
        self.decimals = decimals
        # Equal values have the same text, so one entry serves them all; indexing a dict is the
        # cheapest lookup per row (a million rows: a method call each would cost seconds).
        self.exacts = _Memo(exact_text)
        self.reporteds = _Memo(lambda value: reported_text(value, decimals))

    def exact(self, value: Decimal) -> str:
        """`exact_text(value)`."""
        return self.exacts[value]

    def reported(self, value: Decimal) -> str:
        """`reported_text(value, decimals)`."""
        return self.reporteds[value]


def reported_text(value: Decimal, decimals: int) -> str:
    """The figure a report shows: half-up to `decimals` places, written with exactly that many."""
    return format(reported(value, decimals), "f")


def canonical_json(value: Any) -> str:
    """history.md's canonical JSON."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def run_extra(evaluation: Evaluation) -> str:
    """Every top-level key of `score --format json` other than rubric and candidates."""
    # Serialising 10,000 candidates' figures costs as much as scoring them; their columns hold them.
    document = replace(evaluation, candidates=()).to_dict()
    return canonical_json({k: v for k, v in document.items() if k not in ("rubric", "candidates")})


def candidate_extra(evaluation: Evaluation, r: CandidateResult, t: Texts) -> dict[str, Any]:
    """The candidate's keys in `score --format json` that no column holds (a test keeps them equal)."""
    extra: dict[str, Any] = {"fallbacks": [c.criterion.id for c in r.criteria if c.fallback]}
    if evaluation.rubric.adjustments:  # procurement.md §4: on every candidate, null when disqualified
        extra["prices"] = prices_dict(evaluation, r)
    moderated = {c.criterion.id: {"original": float(t.reported(c.original)), "points": float(t.reported(c.points)),
                                  "reason": c.reason} for c in r.criteria if c.original is not None}
    if moderated:
        extra["moderated"] = moderated
    if r.candidate.comments:
        extra["comments"] = dict(r.candidate.comments)
    return extra


def result_row(r: CandidateResult, t: Texts, items: bool, evaluation: Evaluation) -> tuple[Any, ...]:
    """One `result` row of `evaluation`'s candidate `r`, without its run id."""
    score = r.score
    others = canonical_json(candidate_extra(evaluation, r, t))
    if score is None:
        return (r.candidate.id, r.candidate.name, 0, " ".join(r.failed_gates),
                None, None, None, None, None, others)
    total = sum((_contribution(c, items) for c in score.criteria), _ZERO) if items else score.total
    return (r.candidate.id, r.candidate.name, 1, "", format(score.reported_total, "f"),
            t.exact(total), score.grade, score.grade, score.rank, others)


def _contribution(c: CriterionResult, items: bool) -> Decimal:
    """What a criterion adds to the total, unrounded (under `rounding: items` the engine rounds it)."""
    if not items:
        return c.contribution
    if c.maximum == 0:
        return _ZERO
    return _CONTEXT.multiply(_CONTEXT.divide(c.points, c.maximum), c.share)


def section_rows(r: CandidateResult, t: Texts, items: bool) -> list[tuple[Any, ...]]:
    """The `section_result` rows of a qualified candidate (rubrics with sections only), without run ids."""
    if r.score is None:
        return []
    found, start = [], 0
    for s in r.score.sections:
        size = len(s.section.criteria)
        mine = r.score.criteria[start:start + size]
        start += size
        if not s.section.id:
            continue
        points = sum((_contribution(c, items) for c in mine), _ZERO) if items else s.points
        found.append((r.candidate.id, s.section.id, t.reported(s.points), t.exact(points), t.exact(s.share)))
    return found


CRITERION_NULLABLE = (2, 4, 11, 12)
"""Where a `criterion_rows` row gives `NULL`: section_id, value, moderated_from, moderation_reason."""


def criterion_rows(r: CandidateResult, t: Texts, items: bool, section_of: dict[str, str | int]) -> list[tuple[Any, ...]]:
    """The `criterion_result` rows of a qualified candidate, without run ids; `NULL` for SQL NULL."""
    exacts, reporteds, candidate = t.exacts, t.reporteds, r.candidate.id
    # One comprehension per candidate: at 10,000 candidates × 50 criteria every step per row counts.
    return [(candidate, c.criterion.id, section_of.get(c.criterion.id, NULL), c.source,
             NULL if c.value is None else c.value if isinstance(c.value, str) else format(c.value, "f"), c.label,
             reporteds[c.points], exacts[c.points], exacts[c.maximum],
             exacts[_contribution(c, items) if items else c.contribution],
             1 if c.aggregation is not None and c.aggregation.fallback is not None else 0,
             NULL if c.original is None else exacts[c.original], NULL if c.original is None else c.reason)
            for c in r.criteria]


EVALUATOR_NULLABLE = (3,)
"""Where an `evaluator_rows` row gives `NULL`: role."""


def evaluator_rows(r: CandidateResult, t: Texts) -> list[tuple[Any, ...]]:
    """The `evaluator_score` rows of a qualified candidate, without run ids; `NULL` for SQL NULL."""
    exacts, candidate = t.exacts, r.candidate.id
    return [(candidate, c.criterion.id, e.evaluator, NULL if e.role is None else e.role, e.given, exacts[e.points],
             1 if e.dropped else 0)
            for c in r.criteria for e in c.evaluators]


def sections_of(evaluation: Evaluation) -> dict[str, str | int]:
    """Each criterion's section id (`NULL` in a rubric without sections)."""
    return {c.id: (s.id or NULL) for s in evaluation.rubric.sections for c in s.criteria}
