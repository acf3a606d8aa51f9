"""Counting the bootstrap's draws: first places shared, reported totals, discarded draws."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.engine.ranking import TieKey, tie_key
from scoring.model.results import CandidateResult, CriterionResult, Evaluation, SectionResult, reported

if TYPE_CHECKING:
    from scoring.analysis.winprob import Chance

Parts = tuple[tuple[CriterionResult, ...], tuple[SectionResult, ...], Decimal]
"""A draw's rescored criteria, sections and exact total."""
Drawn = tuple[Decimal, TieKey]
"""A candidate's exact total in a draw, and its tie-break key (smaller first, as `rank` sorts)."""


@dataclass
class Tally:
    """The running counts of one bootstrap call (built, filled and read inside that call)."""

    evaluation: Evaluation
    discarded: int = 0
    kept: int = 0
    wins: dict[str, Fraction] = field(default_factory=dict)
    totals: dict[str, Counter[Decimal]] = field(default_factory=dict)
    memo: dict[tuple[str, tuple[str, ...]], Drawn | None] = field(default_factory=dict)
    """The rescored total and tie-break parts per candidate and multiset of evaluators drawn: draws repeat."""

    def __post_init__(self) -> None:
        for result in self.evaluation.candidates:
            if result.score is not None:
                self.wins[result.candidate.id] = Fraction(0)
                self.totals[result.candidate.id] = Counter()

    def chances(self) -> tuple[Chance, ...]:
        """Each qualified candidate's figures, in `score`'s order."""
        from scoring.analysis.winprob import Chance

        out = []
        for result in self.evaluation.candidates:
            ident = result.candidate.id
            if result.score is None:
                continue
            p = self.wins[ident] / self.kept if self.kept else None
            low = _nth(self.totals[ident], -(-self.kept * 5 // 100)) if self.kept else None
            high = _nth(self.totals[ident], -(-self.kept * 95 // 100)) if self.kept else None
            out.append(Chance(ident, result.candidate.name, p, low, high))
        return tuple(out)


def tally_draw(tally: Tally, totals: dict[str, Drawn | None], weight: int) -> None:
    """Count one draw `weight` times: discarded when a candidate could not be scored in it."""
    scored = {ident: drawn for ident, drawn in totals.items() if drawn is not None}
    if len(scored) < len(totals):
        tally.discarded += weight
        return
    tally.kept += weight
    decimals = tally.evaluation.rubric.decimals
    keys = {}
    for ident, (total, tie) in scored.items():
        shown = reported(total, decimals)
        tally.totals[ident][shown] += weight
        keys[ident] = ((0, -shown), *tie)  # as `rank` keys: the total present, higher first
    if not keys:
        return
    best = min(keys.values())  # ranking keys: smaller first
    first = [ident for ident, key in keys.items() if key == best]
    for ident in first:
        tally.wins[ident] += Fraction(weight, len(first))


def _nth(counts: Counter[Decimal], n: int) -> Decimal:
    """The n-th smallest (1-based) of the values, each counted as often as drawn."""
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= n:
            return value
    raise ValueError(n)  # pragma: no cover - n never exceeds the count


def in_draw(evaluation: Evaluation, result: CandidateResult, parts: Parts | None) -> Drawn | None:
    """A candidate's exact total in a draw and its tie-break key, built by the ranking's own
    `tie_key` from the draw's sections and criteria, so a draw is ranked exactly as `score` ranks."""
    if parts is None:
        return None
    criteria, sections, total = parts
    return total, tie_key(evaluation.rubric, result.candidate, sections, criteria)
