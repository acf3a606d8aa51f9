"""Order candidates by their reported totals, break ties, and share the ranks that stay tied."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.engine.totals import Figures
from scoring.model.expr import Value
from scoring.model.inputs import Candidate
from scoring.model.results import CandidateResult, GateResult, reported
from scoring.model.rubric import Rubric

Ranked = tuple[Candidate, tuple[GateResult, ...], Figures, Mapping[str, Value]]
"""A qualified candidate, its gates, its figures and its metrics, to be ranked."""


def rank(rubric: Rubric, scored: list[Ranked]) -> list[CandidateResult]:
    """Results ordered by reported total, then tie-break ids, then id; equal keys share a rank (1, 1, 3)."""

    def key(item: Ranked) -> tuple[Decimal, ...]:
        figures = item[2]
        parts = [-figures.reported_total]
        for ident in rubric.tie_break:
            parts.append(-reported(_part(figures, ident), rubric.decimals))
        return tuple(parts)

    keyed = sorted(((key(item), item[0].id, item) for item in scored), key=lambda k: k[:2])
    out = []
    previous: tuple[Decimal, ...] | None = None
    place_rank = 0
    for place, (k, _, (cand, gates, figures, metrics)) in enumerate(keyed, start=1):
        if k != previous:
            place_rank, previous = place, k
        out.append(CandidateResult(cand, gates, figures.score(place_rank), metrics))
    return out


def _part(figures: Figures, ident: str) -> Decimal:
    for s in figures.sections:
        if s.section.id == ident:
            return s.points
    for c in figures.criteria:
        if c.criterion.id == ident:
            return c.points
    raise KeyError(ident)  # pragma: no cover - tie-break ids are checked when the rubric loads
