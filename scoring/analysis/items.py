"""The top-level weights of a rubric and what each qualified candidate earned of each (§2.1's model)."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.analysis.exact import exact_fraction
from scoring.model.expr import exact
from scoring.model.results import CandidateResult, CriterionResult, Evaluation


@dataclass(frozen=True)
class Item:
    """One top-level weight: a weighted section, or a criterion's share of `total`."""

    id: str
    title: str
    weight: Fraction
    """w_k, a fraction of 1."""


@dataclass(frozen=True)
class Model:
    """The weights and, per qualified candidate in `score`'s order, a_ik: the fraction of item k's
    maximum that candidate i earned, exactly."""

    items: tuple[Item, ...]
    ids: tuple[str, ...]
    """The qualified candidates' ids, in `score`'s order."""
    earned: tuple[tuple[Fraction, ...], ...]
    """earned[i][k] = a_ik."""

    def total(self, i: int) -> Fraction:
        """Σ_k w_k·a_ik: candidate i's exact total as a fraction of `total`."""
        return sum((item.weight * a for item, a in zip(self.items, self.earned[i], strict=True)), Fraction(0))


def build_model(evaluation: Evaluation) -> Model:
    """The top-level items of `evaluation`'s rubric and every qualified candidate's a_ik."""
    rubric = evaluation.rubric
    qualified = [r for r in evaluation.candidates if r.score is not None]
    seen: dict[tuple[Decimal, Decimal], Fraction] = {}  # this call's: levels and scores repeat
    with decimal.localcontext(exact()):
        total = rubric.total
        if not rubric.weighted_sections:
            items = tuple(Item(c.id, c.title, exact_fraction(rubric.share(c) / total)) for c in rubric.criteria)
            earned = tuple(tuple(_earned(c, seen) for c in r.criteria) for r in qualified)
            return Model(items, tuple(r.candidate.id for r in qualified), earned)
        items = tuple(Item(s.id, s.title, exact_fraction(rubric.section_share(s) / total)) for s in rubric.sections)
        # Within a section, each criterion's part of the section's share, the same for everyone.
        parts = [[exact_fraction(rubric.share(c) / rubric.section_share(s)) for c in s.criteria]
                 for s in rubric.sections]
        earned = tuple(_by_section(r, parts, seen) for r in qualified)
    return Model(items, tuple(r.candidate.id for r in qualified), earned)


def _earned(result: CriterionResult, seen: dict[tuple[Decimal, Decimal], Fraction]) -> Fraction:
    # points / maximum, never the contribution: that one is rounded under `rounding: items`.
    key = (result.points, result.maximum)
    found = seen.get(key)
    if found is None:
        found = seen[key] = exact_fraction(result.points / result.maximum)
    return found


def _by_section(result: CandidateResult, parts: list[list[Fraction]],
                seen: dict[tuple[Decimal, Decimal], Fraction]) -> tuple[Fraction, ...]:
    out = []
    criteria = iter(result.criteria)  # in rubric order, section after section
    for shares in parts:
        out.append(sum((_earned(next(criteria), seen) * part for part in shares), Fraction(0)))
    return tuple(out)
