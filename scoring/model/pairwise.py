"""Weights from pairwise comparisons (层次分析法, AHP; analysis.md §3): the principal eigenvector,
exact fractions for consistent judgements, and the consistency ratio."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

MAX_POWER_STEPS = 10_000
"""Power iteration stops here at the latest: judgements that pass the CR check converge in a few
dozen steps, and a hostile matrix must not spin."""

RANDOM_INDEX = {3: "0.58", 4: "0.90", 5: "1.12", 6: "1.24", 7: "1.32", 8: "1.41", 9: "1.45", 10: "1.49",
                11: "1.51", 12: "1.48", 13: "1.56", 14: "1.57", 15: "1.59"}
"""Saaty's random index RI(n), as the spec's table writes it."""

MAX_CR = Decimal("0.10")
_STEP = Decimal("1e-50")


@dataclass(frozen=True)
class Comparison:
    """One entry [first, second, value]: first is `value` times as important as second."""

    first: str
    second: str
    value: Fraction
    text: str
    """The value as written (`2`, `1/3`), for messages."""


class Derived(NamedTuple):
    """The weights of one `pairwise` list and its consistency."""

    weights: dict[str, Decimal]
    """By sibling id, summing to 1 (60 significant digits; exact for consistent judgements)."""
    exact: dict[str, Fraction] | None
    """The weights as fractions when the judgements are consistent; None otherwise."""
    lambda_max: Decimal
    cr: Decimal


def _matrix(ids: Sequence[str], entries: Sequence[Comparison]) -> list[list[Fraction]]:
    at = {ident: i for i, ident in enumerate(ids)}
    a = [[Fraction(1) if i == j else Fraction(0) for j in range(len(ids))] for i in range(len(ids))]
    for e in entries:
        a[at[e.first]][at[e.second]] = e.value
        a[at[e.second]][at[e.first]] = 1 / e.value
    return a


def derive(ids: Sequence[str], entries: Sequence[Comparison]) -> Derived:
    """The weights of `ids` from complete, valid `entries` (every pair once)."""
    a = _matrix(ids, entries)
    n = len(ids)
    if all(a[x][y] * a[y][z] == a[x][z] for x in range(n) for y in range(n) for z in range(n)):
        column = sum((a[y][0] for y in range(n)), Fraction(0))
        exact = {ident: a[i][0] / column for i, ident in enumerate(ids)}
        with decimal.localcontext(decimal.Context(prec=60)):
            weights = {k: Decimal(v.numerator) / Decimal(v.denominator) for k, v in exact.items()}
        return Derived(weights, exact, Decimal(n), Decimal(0))
    with decimal.localcontext(decimal.Context(prec=60)):
        rows = [[Decimal(v.numerator) / Decimal(v.denominator) for v in row] for row in a]
        w = _principal(rows)
        product = [sum((rows[i][j] * w[j] for j in range(n)), Decimal(0)) for i in range(n)]
        lam = sum((product[i] / w[i] for i in range(n)), Decimal(0)) / n
        cr = Decimal(0) if n < 3 else (lam - n) / (n - 1) / Decimal(RANDOM_INDEX[n])
    return Derived(dict(zip(ids, w, strict=True)), None, lam, cr)


def _principal(rows: list[list[Decimal]]) -> list[Decimal]:
    """Power iteration from (1/n, …) until no component moves by 10⁻⁵⁰ (at most MAX_POWER_STEPS)."""
    n = len(rows)
    x = [Decimal(1) / n] * n
    for _ in range(MAX_POWER_STEPS):
        y = [sum((rows[i][j] * x[j] for j in range(n)), Decimal(0)) for i in range(n)]
        total = sum(y, Decimal(0))
        y = [v / total for v in y]
        if all(abs(p - q) < _STEP for p, q in zip(x, y, strict=True)):
            return y
        x = y
    return x


def inconsistency(entries: Sequence[Comparison], found: Derived) -> tuple[int, str] | None:
    """None when CR ≤ 0.10; else the index of the most inconsistent entry (the ratio
    e = v·w_y/w_x furthest from 1; of equal ones to 12 places the first written) and the message."""
    if found.cr <= MAX_CR:
        return None
    w = found.weights
    with decimal.localcontext(decimal.Context(prec=60)):
        def off(e: Comparison) -> Decimal:
            ratio = Decimal(e.value.numerator) / Decimal(e.value.denominator) * w[e.second] / w[e.first]
            return max(ratio, 1 / ratio).quantize(Decimal("1e-12"))

        worst = max(range(len(entries)), key=lambda i: (off(entries[i]), -i))
        e = entries[worst]
        implied = (w[e.first] / w[e.second]).quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    n = len(w)
    three = Decimal("0.001")
    return worst, (f"inconsistent comparisons: CR = {found.cr.quantize(three, rounding=decimal.ROUND_HALF_UP)} > 0.10 "
                   f"(λmax = {found.lambda_max.quantize(three, rounding=decimal.ROUND_HALF_UP)}, n = {n}, "
                   f"RI = {RANDOM_INDEX[n]}); most inconsistent: [{e.first}, {e.second}, {e.text}], "
                   f"the weights imply {implied}")


def complete(ids: Sequence[str], entries: Sequence[Comparison]) -> bool:
    """Whether `entries` compare every pair of distinct `ids` exactly once (in either order), with
    nothing else and positive values: only then can weights be derived."""
    known = set(ids)
    pairs = {frozenset((e.first, e.second)) for e in entries
             if e.first in known and e.second in known and e.first != e.second and e.value > 0}
    n = len(known)
    return len(ids) == n >= 2 and len(entries) == len(pairs) == n * (n - 1) // 2


def weights_of(ids: Sequence[str], entries: Sequence[Comparison]) -> Derived | None:
    """The derived weights of `ids`, or None when `entries` are not a complete comparison."""
    return derive(ids, entries) if complete(ids, entries) else None
