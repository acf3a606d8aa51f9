"""Price criteria and a rubric's price weight (procurement.md §1, "Price criteria")."""

from __future__ import annotations

from scoring.model.errors import PathKey
from scoring.model.prices import by_scale_alone as by_scale_alone
from scoring.model.prices import price_criteria as price_criteria
from scoring.model.prices import price_weight as price_weight
from scoring.model.rubric import Criterion, Rubric


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
