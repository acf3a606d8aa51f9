"""What a review of an evaluation found: outlying scores, disagreement on facts, and agreement."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NamedTuple


class Flag(NamedTuple):
    """One thing to review."""

    kind: Literal["deviation", "objective"]
    candidate: str
    criterion: str
    evaluator: str | None
    """The evaluator whose score stands out (deviation only)."""
    points: Decimal | None
    """Their points (deviation only)."""
    median: Decimal | None
    """The median of the other evaluators' points (deviation only)."""
    given: tuple[tuple[str, str], ...]
    """(evaluator, value as written) of everyone who scored it."""


class Agreement(NamedTuple):
    """How alike the evaluators rank the candidates on one criterion."""

    criterion: str
    statistic: str
    value: Decimal | None
    """None when nobody's scores vary, so there is no order to agree on."""
    raters: int
    subjects: int
    reading: Literal["strong", "moderate", "fair", "weak", "none"]


class Review(NamedTuple):
    """Every flag and agreement figure of one evaluation."""

    flags: tuple[Flag, ...]
    agreement: tuple[Agreement, ...]
