"""Exact fractions from the engine's decimals, and how fractions are written (rounding: `model.numbers`)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

RECOVER_DENOMINATOR = 10**24
"""Largest denominator recovered from a 60-digit decimal: far beyond any ratio of written values
(12 places each), yet two such fractions differ by over 10^-48, a thousand million times the
engine's last-digit error, so the recovery is unique."""

_KEEP_DENOMINATOR = 10**36
"""A decimal whose exact denominator is at most this terminated: it is taken as it is."""
_TOLERANCE = Fraction(1, 10**54)
"""How far (relative) a recovered fraction may be from the 60-digit decimal it explains."""


def exact_fraction(value: Decimal) -> Fraction:
    """The fraction a decimal of the engine stands for.

    A terminating value is taken as it is; a 60-digit approximation of a ratio of written values
    (2/7, 22/3) is recovered as that ratio (the best approximation with a denominator of at most
    RECOVER_DENOMINATOR, accepted only within the engine's own error); anything else, such as an
    eigenvector weight, is taken exactly as the decimal it is.
    """
    found = Fraction(value)
    if found.denominator <= _KEEP_DENOMINATOR:
        return found
    guess = found.limit_denominator(RECOVER_DENOMINATOR)
    if abs(guess - found) <= _TOLERANCE * max(abs(found), Fraction(1)):
        return guess
    return found


def fraction_text(value: Fraction) -> str:
    """A fraction in lowest terms, `2200/37`, or a whole number without `/1`."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"

