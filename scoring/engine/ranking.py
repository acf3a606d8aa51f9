"""Order candidates by their reported totals, break ties, and share the ranks that stay tied."""

from __future__ import annotations

from decimal import Decimal

from scoring.model.results import CandidateResult, Score, reported
from scoring.model.rubric import Rubric


def rank(rubric: Rubric, results: list[CandidateResult]) -> list[CandidateResult]:
    """Order by reported total, then tie-break ids; equal keys share a rank (1, 1, 3)."""

    def key(r: CandidateResult) -> tuple[Decimal, ...]:
        assert r.score is not None  # only qualified candidates are ranked
        parts = [-r.score.reported_total]
        for ident in rubric.tie_break:
            parts.append(-reported(_part(r.score, ident), rubric.decimals))
        return tuple(parts)

    keyed = sorted(((key(r), r.candidate.id, r) for r in results), key=lambda item: item[:2])
    out = []
    previous: tuple[Decimal, ...] | None = None
    rank = 0
    for place, (k, _, r) in enumerate(keyed, start=1):
        if k != previous:
            rank, previous = place, k
        s = r.score
        assert s is not None
        # Built directly, not by `replace`: this runs once per qualified candidate.
        out.append(CandidateResult(r.candidate, r.gates, Score(s.criteria, s.sections, s.total, s.reported_total,
                                                               rank, s.grade, s.evaluator_totals), r.metrics))
    return out


def _part(result: Score, ident: str) -> Decimal:
    for s in result.sections:
        if s.section.id == ident:
            return s.points
    for c in result.criteria:
        if c.criterion.id == ident:
            return c.points
    raise KeyError(ident)  # pragma: no cover - tie-break ids are checked when the rubric loads
