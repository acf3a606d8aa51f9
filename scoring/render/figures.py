"""The one place numbers, percents and formulas are written for people: reports, forms and sheets.

Two kinds of figure: a *reported* figure (a computed score) is rounded half-up to the rubric's
decimals and keeps its trailing zeros (`5.00`), exactly as the engine rounds it; an *exact*
figure (a maximum, a raw score, a weight the user wrote) is written as short as it can be
(`5`, `4.25`). Formulas use `÷`, `×` and `−`, the signs a committee writes on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from scoring.model.numbers import percent_text, plain
from scoring.model.results import reported

DIVIDE = "÷"
TIMES = "×"
MINUS = "−"

_PLACES = 4
"""An exact figure with more decimals than this (10/3) is shown to this many places, with ≈."""
_STEP = Decimal(1).scaleb(-_PLACES)


def fixed(value: Decimal, decimals: int) -> str:
    """A computed figure as reported: rounded half-up to `decimals` places, zeros kept (`5.00`)."""
    return _signed(f"{reported(value, decimals):f}")


def exact(value: Decimal) -> str:
    """An exact figure as short as it can be written; a long fraction to 4 places after `≈`."""
    text = plain(value)
    if "." not in text or len(text.split(".")[1]) <= _PLACES:
        return _signed(text)
    return "≈" + _signed(f"{value.quantize(_STEP):f}")


def percent(fraction: Decimal) -> str:
    """A fraction as a percent: 0.6 as `60%`, 1/3 as `≈33.3333%`."""
    text = plain(fraction * 100)
    if "." not in text or len(text.split(".")[1]) <= _PLACES:
        return _signed(percent_text(fraction))
    return f"{exact(fraction * 100)}%"


def value_text(value: object) -> str:
    """A fact's or metric's value: a number exactly, a level key as written, nothing for None."""
    if isinstance(value, Decimal):
        return exact(value)
    return "" if value is None else str(value)


def added(terms: Iterable[str]) -> str:
    """`a + b + c`."""
    return " + ".join(terms)


def mean_of(terms: Iterable[str]) -> str:
    """`(a + b) ÷ 2`, or the one term alone."""
    listed = list(terms)
    return listed[0] if len(listed) == 1 else f"({added(listed)}) {DIVIDE} {len(listed)}"


def equation(left: str, right: str) -> str:
    """`left = right`."""
    return f"{left} = {right}"


def _signed(text: str) -> str:
    """A minus sign, not a hyphen, in front of a negative figure."""
    return MINUS + text[1:] if text.startswith("-") else text
