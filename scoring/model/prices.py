"""Policy price adjustments and a candidate's price working: the bid price, the adjustments
applied, the evaluated price (procurement.md §1, §3–4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from scoring.model.expr import Expression


@dataclass(frozen=True)
class Applied:
    """One adjustment that applied to a price."""

    id: str
    """The adjustment's id."""
    deduct: Decimal
    """Its share of the original price, a fraction (0.10 for 10%)."""
    amount: Decimal
    """The money deducted: price × deduct, exact."""


@dataclass(frozen=True)
class Price:
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
    policy: Literal["sme", "sme-consortium", "domestic-product", "other"] = "other"
    """Which policy it applies; only `lint` reads it."""
