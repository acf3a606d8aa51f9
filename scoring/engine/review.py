"""What a committee must look at again: outlying scores, disagreement on facts, and agreement.

- A *deviation* flag marks a score further from the median of the other evaluators'
  scores than the rubric's `review: {deviation: 30%}` of the criterion's maximum: the
  畸高畸低 scores of a tender evaluation.
- An *objective* flag marks a criterion the rubric calls `objective: true` (a fact such as
  能提供 or not) on which the evaluators recorded different values.
- Per judged criterion, Kendall's coefficient of concordance W says how alike the
  evaluators rank the candidates (0: no agreement, 1: the same order), with ties
  corrected, over the candidates every one of those evaluators scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from scoring.engine.aggregate import median
from scoring.model.results import CandidateResult, CriterionResult
from scoring.model.review import Agreement, Flag, Review
from scoring.model.rubric import Rubric

_TWO = Decimal(2)
_TWELVE = Decimal(12)


def review(rubric: Rubric, results: Sequence[CandidateResult]) -> Review | None:
    """The review of qualified candidates' results; None when the rubric asks for none."""
    objective = any(c.objective for c in rubric.criteria)
    if rubric.review is None and not objective:
        return None
    deviation = rubric.review.deviation if rubric.review is not None else None
    flags: list[Flag] = []
    by_criterion: dict[str, list[tuple[str, CriterionResult]]] = {}
    for r in results:
        if not r.qualified:
            continue
        for c in r.criteria:
            if not c.evaluators:
                continue
            by_criterion.setdefault(c.criterion.id, []).append((r.candidate.id, c))
            if deviation is not None:
                flags += _deviations(r.candidate.id, c, deviation * c.maximum)
            if c.criterion.objective and len({e.given.strip() for e in c.evaluators}) > 1:
                flags.append(Flag("objective", r.candidate.id, c.criterion.id, None, None, None,
                                  tuple((e.evaluator, e.given) for e in c.evaluators)))
    agreement = tuple(a for cid, rows in by_criterion.items() if (a := _concordance(cid, rows)) is not None)
    return Review(tuple(flags), agreement)


def _deviations(candidate: str, c: CriterionResult, limit: Decimal) -> list[Flag]:
    if len(c.evaluators) < 2:
        return []
    given = tuple((e.evaluator, e.given) for e in c.evaluators)
    out = []
    for i, e in enumerate(c.evaluators):
        others = [o.points for j, o in enumerate(c.evaluators) if j != i]
        middle = median(others)
        if abs(e.points - middle) > limit:
            out.append(Flag("deviation", candidate, c.criterion.id, e.evaluator, e.points, middle, given))
    return out


def _concordance(criterion: str, rows: list[tuple[str, CriterionResult]]) -> Agreement | None:
    """Kendall's W over the candidates that every evaluator of this criterion scored."""
    scorers = [{e.evaluator: e.points for e in c.evaluators} for _, c in rows]
    raters = sorted(set.intersection(*(set(s) for s in scorers))) if scorers else []
    m, n = len(raters), len(scorers)
    if m < 2 or n < 2:
        return None
    w = kendalls_w([[s[r] for s in scorers] for r in raters])
    return Agreement(criterion, "Kendall's W", w, m, n, reading(w))


def kendalls_w(scores: Sequence[Sequence[Decimal]]) -> Decimal | None:
    """Kendall's W with the tie correction, for `scores[rater][subject]`; None without spread.

    W = 12 S / (m² (n³ − n) − m Σ T), where S is the sum of squared deviations of the
    subjects' rank sums from their mean m (n + 1) / 2, and T = Σ (t³ − t) over each
    rater's groups of t tied scores.
    """
    m, n = len(scores), len(scores[0])
    sums = [Decimal(0)] * n
    ties = Decimal(0)
    for row in scores:
        ranks, tied = _ranks(row)
        ties += tied
        sums = [a + b for a, b in zip(sums, ranks, strict=True)]
    mean = Decimal(m * (n + 1)) / _TWO
    spread = sum(((r - mean) ** 2 for r in sums), Decimal(0))
    denominator = Decimal(m * m * (n**3 - n)) - m * ties
    if denominator == 0:
        return None
    return _TWELVE * spread / denominator


def _ranks(values: Sequence[Decimal]) -> tuple[list[Decimal], Decimal]:
    """Ranks from 1 (ties share their average rank) and this rater's Σ (t³ − t)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [Decimal(0)] * len(values)
    ties = Decimal(0)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        shared = Decimal(i + j + 2) / _TWO  # the mean of ranks i+1 … j+1
        for k in range(i, j + 1):
            ranks[order[k]] = shared
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    return ranks, ties


def reading(w: Decimal | None) -> Literal["strong", "moderate", "fair", "weak", "none"]:
    """A word for W: strong from 0.7, moderate from 0.5, fair from 0.3, else weak."""
    if w is None:
        return "none"
    if w >= Decimal("0.7"):
        return "strong"
    if w >= Decimal("0.5"):
        return "moderate"
    if w >= Decimal("0.3"):
        return "fair"
    return "weak"
