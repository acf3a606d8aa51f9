"""Order candidates by their reported totals, break ties, and share the ranks that stay tied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from scoring.engine.run import Run, error
from scoring.engine.totals import Figures
from scoring.model.expr import Value
from scoring.model.inputs import Candidate
from scoring.model.numbers import NumberError, read_number
from scoring.model.results import CandidateResult, CriterionResult, GateResult, SectionResult, reported
from scoring.model.rubric import Rubric, TieFact
from scoring.model.words import shown


class Ranked(NamedTuple):
    """The qualified candidates to rank, side by side (no tuple per candidate): each one's gates,
    figures and metrics."""

    candidates: list[Candidate]
    gates: list[tuple[GateResult, ...]]
    figures: Figures
    metrics: Sequence[Mapping[str, Value]]


TieKey = tuple[tuple[int, Decimal], ...]
"""A ranking key's tie-break parts: (0 present / 1 lacking, value), smaller first."""

_HAS, _LACKS = 0, 1
"""A tie-break part's first member: a candidate lacking a tie-break fact sorts after one having it."""


def rank(rubric: Rubric, scored: Ranked) -> list[CandidateResult]:
    """Results ordered by reported total, then each tie-break entry, then id; equal keys share a
    rank (1, 1, 3).

    A section or criterion id compares its reported points, higher first. A `{fact, order}` entry
    compares the candidate's fact as a number as given (before any adjustment), lowest or highest
    first; candidates lacking the fact rank after those that have it, and tie among themselves.
    `check_tie_facts` has made sure every such fact present is a number.
    """

    cands, figs = scored.candidates, scored.figures
    keys: list[Decimal] | list[TieKey]
    if rubric.tie_break:
        keys = [((_HAS, -shown), *tie_key(rubric, cand, sections, criteria)) for cand, shown, sections, criteria
                in zip(cands, figs.reported_total, figs.sections, figs.criteria, strict=True)]
    else:  # the reported total alone: no key tuple per candidate
        keys = [-shown for shown in figs.reported_total]
    # By key, then id: a stable sort by key of the order by id.
    order = sorted(range(len(cands)), key=[cand.id for cand in cands].__getitem__)
    order.sort(key=keys.__getitem__)
    out = []
    previous: Decimal | TieKey | None = None
    place_rank = 0
    for place, i in enumerate(order, start=1):
        if keys[i] != previous:
            place_rank, previous = place, keys[i]
        out.append(tuple.__new__(CandidateResult, (cands[i], scored.gates[i], figs.score(i, place_rank),
                                                   scored.metrics[i])))
    return out


def check_tie_facts(run: Run, cand: Candidate) -> None:
    """Record a problem for each tie-break fact the candidate gives that is not a number."""
    for entry in run.rubric.tie_break:
        if not isinstance(entry, TieFact) or entry.fact not in cand.facts:
            continue
        text = cand.facts[entry.fact]
        try:
            read_number(text)
        except NumberError as exc:
            error(run, cand, ("facts", entry.fact),
                  f"fact '{entry.fact}' is {shown(text)}, expected {exc.expected} (it breaks ties)")


def _fact_part(cand: Candidate, entry: TieFact) -> tuple[int, Decimal]:
    """The sort part of a fact entry: present facts first, in the entry's order."""
    text = cand.facts.get(entry.fact)
    if text is None:
        return (_LACKS, Decimal(0))
    value = read_number(text)
    return (_HAS, value if entry.order == "lowest-first" else -value)


def tie_key(rubric: Rubric, cand: Candidate, sections: Sequence[SectionResult],
            criteria: Sequence[CriterionResult]) -> TieKey:
    """The tie-break part of a ranking key, smaller first: each entry as `rank` compares it.

    The bootstrap (analysis) ranks its draws with the same key, from a draw's sections and criteria.
    """
    parts = []
    for entry in rubric.tie_break:
        if isinstance(entry, TieFact):
            parts.append(_fact_part(cand, entry))
        else:
            parts.append((_HAS, -reported(_part(sections, criteria, entry), rubric.decimals)))
    return tuple(parts)


def _part(sections: Sequence[SectionResult], criteria: Sequence[CriterionResult], ident: str) -> Decimal:
    for s in sections:
        if s.section.id == ident:
            return s.points
    for c in criteria:
        if c.criterion.id == ident:
            return c.points
    raise KeyError(ident)  # pragma: no cover - tie-break ids are checked when the rubric loads
