"""Price criteria and a rubric's price weight (procurement.md §1, "Price criteria")."""

from __future__ import annotations

from decimal import Decimal

from scoring.model.errors import PathKey
from scoring.model.rubric import Criterion, RankScale, RatioScale, Rubric


def adjusted_ids(rubric: Rubric) -> frozenset[str]:
    """The ids of the criteria some adjustment names in its `price`."""
    return frozenset(i for a in rubric.adjustments for i in a.price)


def by_scale(criterion: Criterion) -> bool:
    """Whether its scale makes a criterion a price criterion: `ratio: lowest` or a lowest-first `rank`."""
    scale = criterion.scale
    return (isinstance(scale, RatioScale) and scale.best == "lowest") or (
        isinstance(scale, RankScale) and scale.order == "lowest-first")


def is_price(rubric: Rubric, criterion: Criterion) -> bool:
    """`price:` as written, else its scale, else whether an adjustment names it."""
    if criterion.price is not None:
        return criterion.price
    return by_scale(criterion) or criterion.id in adjusted_ids(rubric)


def by_scale_alone(rubric: Rubric, criterion: Criterion) -> bool:
    """A price criterion only because of its scale: no `price` key, no adjustment naming it (CN-24)."""
    return criterion.price is None and criterion.id not in adjusted_ids(rubric) and by_scale(criterion)


def price_criteria(rubric: Rubric) -> tuple[Criterion, ...]:
    """The price criteria in the rubric's order."""
    return tuple(c for c in rubric.criteria if is_price(rubric, c))


def price_weight(rubric: Rubric) -> Decimal:
    """The sum of the price criteria's shares of `total`, divided by `total` (exact)."""
    return sum((rubric.share(c) for c in price_criteria(rubric)), Decimal(0)) / rubric.total


def criterion_path(rubric: Rubric, criterion: Criterion) -> tuple[PathKey, ...]:
    """Where a criterion is written: `criteria[j]`, or `sections[i].criteria[j]`."""
    for i, section in enumerate(rubric.sections):
        for j, c in enumerate(section.criteria):
            if c.id == criterion.id:
                return ("criteria", j) if rubric.flat else ("sections", i, "criteria", j)
    raise KeyError(criterion.id)


def price_summary(rubric: Rubric) -> str | None:
    """`price weight: 21.05% (license-fee, implementation-fee)` for `validate`; None without a price criterion."""
    from scoring.lint.context import percent

    prices = price_criteria(rubric)
    if not prices:
        return None
    return f"price weight: {percent(price_weight(rubric))} ({', '.join(c.id for c in prices)})"
