"""Counting the bootstrap's draws: first places shared, reported totals, discarded draws."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.model.numbers import read_number
from scoring.model.results import CandidateResult, Evaluation, reported
from scoring.model.rubric import TieFact

if TYPE_CHECKING:
    from scoring.analysis.winprob import Chance


@dataclass
class Tally:
    """The running counts of one bootstrap call (built, filled and read inside that call)."""

    evaluation: Evaluation
    discarded: int = 0
    kept: int = 0
    wins: dict[str, Fraction] = field(default_factory=dict)
    totals: dict[str, Counter[Decimal]] = field(default_factory=dict)
    memo: dict[tuple[str, tuple[str, ...]], Decimal | None] = field(default_factory=dict)
    """`rescore`'s answer per candidate and multiset of evaluators drawn: draws repeat."""
    fixed: dict[str, tuple[Decimal, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for result in self.evaluation.candidates:
            if result.score is not None:
                self.wins[result.candidate.id] = Fraction(0)
                self.totals[result.candidate.id] = Counter()
                self.fixed[result.candidate.id] = _fixed_tie_break(self.evaluation, result)

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


def tally_draw(tally: Tally, totals: dict[str, Decimal | None], weight: int) -> None:
    """Count one draw `weight` times: discarded when a candidate could not be scored in it."""
    scored = {ident: total for ident, total in totals.items() if total is not None}
    if len(scored) < len(totals):
        tally.discarded += weight
        return
    tally.kept += weight
    decimals = tally.evaluation.rubric.decimals
    keys = {}
    for ident, total in scored.items():
        shown = reported(total, decimals)
        tally.totals[ident][shown] += weight
        keys[ident] = (shown, *tally.fixed[ident])
    if not keys:
        return
    best = max(keys.values())
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


def _fixed_tie_break(evaluation: Evaluation, result: CandidateResult) -> tuple[Decimal, ...]:
    """The tie-break points that no draw changes (sections and criteria nobody judges), in order;
    the tie-break stops at the first judged one, whose points `rescore` does not give."""
    rubric = evaluation.rubric
    parts = []
    for ident in rubric.tie_break:
        if isinstance(ident, TieFact):  # a fact as given: no draw changes it
            text = result.candidate.facts.get(ident.fact)
            if text is None:
                break  # a shorter key loses to a longer one: lacking the fact ranks after
            value = read_number(text)
            parts.append(-value if ident.order == "lowest-first" else value)
            continue
        criteria = [c for c in result.criteria if c.criterion.id == ident
                    or any(c.criterion is x for s in rubric.sections if s.id == ident for x in s.criteria)]
        if any(c.aggregation is not None for c in criteria):
            break
        parts.append(reported(sum((c.contribution for c in criteria), Decimal(0))
                              if any(s.id == ident for s in rubric.sections)
                              else sum((c.points for c in criteria), Decimal(0)), rubric.decimals))
    return tuple(parts)
