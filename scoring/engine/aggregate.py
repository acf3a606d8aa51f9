"""Combine several evaluators' points for one criterion: mean, median, trimmed mean, role-weighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from scoring.model.rubric import Aggregation

_ZERO = Decimal(0)
_TWO = Decimal(2)


class Combined(NamedTuple):
    """The combined points, which entries a trimmed mean dropped, and whether it fell back."""

    points: Decimal
    dropped: frozenset[int]
    """Indexes into the entries given."""
    fallback: bool
    """True when a trimmed mean had too few scores and took the plain mean."""


def combine(how: Aggregation, points: Sequence[Decimal], roles: Sequence[str | None] = ()) -> Combined:
    """Combine `points` (one per evaluator, with their `roles` for the weighted method)."""
    n = len(points)
    if n == 1:
        return Combined(points[0], frozenset(), False)
    if how.method == "median":
        return Combined(median(points), frozenset(), False)
    if how.method == "trimmed-mean":
        if n < 2 * how.trim + 1:
            return Combined(sum(points, _ZERO) / n, frozenset(), True)
        # Ties between equal points drop the earlier evaluators first: the value is the same either way.
        order = sorted(range(n), key=points.__getitem__)
        dropped = frozenset(order[: how.trim] + order[n - how.trim :])
        kept = [p for i, p in enumerate(points) if i not in dropped]
        return Combined(sum(kept, _ZERO) / len(kept), dropped, False)
    if how.method == "weighted":
        return Combined(_weighted(how.roles, points, roles), frozenset(), False)
    return Combined(sum(points, _ZERO) / n, frozenset(), False)


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value, or the mean of the middle two."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / _TWO


def _weighted(weights: Mapping[str, Decimal], points: Sequence[Decimal], roles: Sequence[str | None]) -> Decimal:
    by_role: dict[str, list[Decimal]] = {}
    for p, role in zip(points, roles, strict=True):
        by_role.setdefault(role or "", []).append(p)
    # Renormalise over the roles present: a missing self-evaluation shifts its weight to the others.
    present = sum((weights[r] for r in by_role), _ZERO)
    return sum((weights[r] * sum(ps, _ZERO) / len(ps) for r, ps in by_role.items()), _ZERO) / present
