"""Policy price adjustments and a candidate's price working: the bid price, the adjustments
applied, the evaluated price (procurement.md §1, §3–4); which criteria are price criteria and
the rubric's price weight (§1, "Price criteria"), shared by `lint`, `validate` and the report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from scoring.model.choices import Policy
from scoring.model.expr import Expression
from scoring.model.scales import RankScale, RatioScale

if TYPE_CHECKING:
    # rubric.py imports this module (Rubric.adjustments): only the types, never at run time.
    from scoring.model.rubric import Criterion, Rubric


class Applied(NamedTuple):
    """One adjustment that applied to a price."""

    id: str
    """The adjustment's id."""
    deduct: Decimal
    """Its share of the original price, a fraction (0.10 for 10%)."""
    amount: Decimal
    """The money deducted: price × deduct, exact."""


class Price(NamedTuple):
    """A price criterion's value for one qualified candidate, before and after adjustments."""

    price: Decimal
    """The price as given (the criterion's fact or `value:`)."""
    evaluated: Decimal
    """price × (1 − the sum of the deducts that applied), exact: what the scale sees."""
    applied: tuple[Applied, ...]
    """The adjustments that applied, in the rubric's order; empty when none did."""


@dataclass(frozen=True)
class Adjustment:
    """A policy price deduction (政策性价格扣除) applied before the benchmark (procurement.md §1)."""

    id: str
    """Unique among adjustments."""
    when: Expression
    """A true/false condition over the candidate's facts and metrics."""
    price: tuple[str, ...]
    """The ids of the price criteria whose value it reduces."""
    deduct: Decimal
    """The share of the original price deducted, a fraction in (0, 1)."""
    title: str = ""
    """Shown in reports."""
    policy: Policy = "other"
    """Which policy it applies; only `lint` reads it."""


def by_scale(criterion: Criterion) -> bool:
    """Whether its scale makes a criterion a price criterion: `ratio: lowest` or a lowest-first `rank`."""
    scale = criterion.scale
    return (isinstance(scale, RatioScale) and scale.best == "lowest") or (
        isinstance(scale, RankScale) and scale.order == "lowest-first")


def is_price(rubric: Rubric, criterion: Criterion) -> bool:
    """A price criterion (procurement.md §1): `price:` as written, else its scale, else whether an
    adjustment names it."""
    if criterion.price is not None:
        return criterion.price
    return by_scale(criterion) or criterion.id in rubric.adjusted_ids


def by_scale_alone(rubric: Rubric, criterion: Criterion) -> bool:
    """A price criterion only because of its scale: no `price` key, no adjustment naming it (CN-24)."""
    return criterion.price is None and criterion.id not in rubric.adjusted_ids and by_scale(criterion)


def price_criteria(rubric: Rubric) -> tuple[Criterion, ...]:
    """The price criteria in the rubric's order."""
    return tuple(c for c in rubric.criteria if is_price(rubric, c))


def price_weight(rubric: Rubric) -> Decimal:
    """The sum of the price criteria's shares of `total`, divided by `total` (exact)."""
    return sum((rubric.share(c) for c in price_criteria(rubric)), Decimal(0)) / rubric.total
