"""The price keys of `score --format json` (procurement.md §4): `benchmarks` and each
candidate's `prices`. Money computed here is half-up to 2 decimals; a price as given."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoring.model.expr import round_half_up
from scoring.model.numbers import json_number
from scoring.model.prices import Price
from scoring.model.rubric import RatioScale

if TYPE_CHECKING:
    from scoring.model.results import CandidateResult, Evaluation

_HUNDRED = Decimal(100)


def _money(value: Decimal) -> float:
    return float(round_half_up(value, 2))


def benchmarks_dict(evaluation: Evaluation) -> dict[str, float | int | None]:
    """Per ratio criterion, the value every candidate was compared with; None when no qualified
    candidate had one. An adjusted (evaluated) price is money computed here: 2 decimals."""
    adjusted = evaluation.rubric.adjusted_ids
    out: dict[str, float | int | None] = {}
    for c in evaluation.rubric.criteria:
        if isinstance(c.scale, RatioScale):
            got = evaluation.benchmarks.get(c.id)
            out[c.id] = None if got is None else _money(got.value) if c.id in adjusted else json_number(got.value)
    return out


def prices_dict(evaluation: Evaluation, result: CandidateResult) -> dict[str, Any] | None:
    """A candidate's `prices`: None when disqualified."""
    if not result.qualified:
        return None
    own = evaluation.prices.get(result.candidate.id, {})
    return {cid: _price(own[cid]) for cid in evaluation.rubric.adjusted_ids if cid in own}


def _price(p: Price) -> dict[str, Any]:
    return {"price": json_number(p.price), "evaluated": _money(p.evaluated),
            "adjustments": [{"id": a.id, "deduct": float(a.deduct * _HUNDRED), "amount": _money(a.amount)}
                            for a in p.applied]}
