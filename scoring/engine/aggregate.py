"""Combine several evaluators' points for one criterion: mean, median, trimmed mean, role-weighted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from scoring.model.results import RoleMean
from scoring.model.rubric import Aggregation

_ZERO = Decimal(0)
_TWO = Decimal(2)


class Combined(NamedTuple):
    """The combined points, which entries a trimmed mean dropped, and whether it fell back."""

    points: Decimal
    dropped: frozenset[int]
    """Indexes into the entries given."""
    fallback: bool
    """True when a trimmed mean had fewer than 2·trim+1 scores and took the plain mean."""
    roles: tuple[RoleMean, ...] = ()
    """Weighted: the roles present, in the rubric's order, with their means."""
    present: Decimal | None = None
    """Weighted: the sum of the present roles' weights."""


def combine(
    how: Aggregation,
    points: Sequence[Decimal],
    roles: Sequence[str | None] = (),
    evaluators: Sequence[str] = (),
) -> Combined:
    """Combine `points`, one per evaluator (their ids in `evaluators`, their `roles` for weighting).

    There is no shortcut for a single score: one score under trim 1 is a fallback like two,
    and a weighted single score still goes through its role's weight.
    """
    n = len(points)
    if how.method == "median":
        return Combined(median(points), frozenset(), False)
    if how.method == "trimmed-mean":
        return _trimmed(how.trim, points, evaluators)
    if how.method == "weighted":
        return _weighted(how.roles, points, roles, evaluators)
    return Combined(sum(points, _ZERO) / n, frozenset(), False)


def _trimmed(trim: int, points: Sequence[Decimal], evaluators: Sequence[str]) -> Combined:
    """Drop the first and last `trim` after ordering by (points, evaluator id); else the mean."""
    n = len(points)
    if n < 2 * trim + 1:
        return Combined(sum(points, _ZERO) / n, frozenset(), True)
    # Equal points are ordered by evaluator id, so which of them is marked dropped does not
    # depend on the order the input lists evaluators in; the value is the same either way.
    names = list(evaluators) if len(evaluators) == n else [""] * n
    order = sorted(range(n), key=lambda i: (points[i], names[i]))
    dropped = frozenset(order[:trim] + order[n - trim:])
    kept = [p for i, p in enumerate(points) if i not in dropped]
    return Combined(sum(kept, _ZERO) / len(kept), dropped, False)


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value, or the mean of the middle two."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / _TWO


def _weighted(
    weights: Mapping[str, Decimal], points: Sequence[Decimal], roles: Sequence[str | None], evaluators: Sequence[str]
) -> Combined:
    """The mean within each role, then the roles' weights renormalised over the roles present."""
    by_role: dict[str, list[int]] = {}
    for i, role in enumerate(roles):
        by_role.setdefault(role or "", []).append(i)
    names = list(evaluators) if len(evaluators) == len(points) else [""] * len(points)
    means = tuple(
        RoleMean(r, w, tuple(names[i] for i in by_role[r]), sum((points[i] for i in by_role[r]), _ZERO) / len(by_role[r]))
        for r, w in weights.items() if r in by_role
    )
    # Renormalise over the roles present: a missing self-evaluation shifts its weight to the others.
    present = sum((weights[r] for r in by_role), _ZERO)
    value = sum((m.weight * m.mean for m in means), _ZERO) / present
    return Combined(value, frozenset(), False, means, present)
