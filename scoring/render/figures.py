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

_NO_MINOR_UNIT = frozenset({"JPY", "KRW"})
"""Currencies without a minor unit: money in them is written with no decimals."""
_MONEY_PLACES = 2
_CURRENCY_ZH = {"CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元", "GBP": "英镑"}
"""The word written after a figure in Chinese; any other code is written as it is."""


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


def grouped(text: str) -> str:
    """A plain figure with thousands separators in its integer part: `1234567.5` as `1,234,567.5`."""
    sign = MINUS if text.startswith(("-", MINUS)) else ""
    digits = text.lstrip("-" + MINUS)
    whole, dot, fraction = digits.partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}" if whole.isdigit() else text


def money(value: Decimal, currency: str | None, lang: str, *, alone: bool = False) -> str:
    """Money: separators and two decimals (none for JPY); with its currency when `alone`.

    Inside a formula, or under a header naming the unit, the figure stands alone (`alone=False`);
    in a sentence or a benchmark line it carries the currency: zh `1,280,000.00 元`, en `CNY 1,280,000.00`.
    """
    places = 0 if currency in _NO_MINOR_UNIT else _MONEY_PLACES
    figure = grouped(fixed(value, places))
    if not alone or not currency:
        return figure
    if lang == "zh":
        return f"{figure} {_CURRENCY_ZH.get(currency, currency)}"
    return f"{currency} {figure}"


def currency_word(currency: str | None, lang: str) -> str:
    """The unit a column header names, `元` or `CNY`; empty without a currency."""
    if not currency:
        return ""
    return _CURRENCY_ZH.get(currency, currency) if lang == "zh" else currency


def percent_rounded(fraction: Decimal) -> str:
    """A derived weight as a percent, half-up to two decimals, trailing zeros dropped: `21.05%`, `40%`."""
    return _signed(percent_text(reported(fraction * 100, 2) / 100))


def percent_fixed(fraction: Decimal, decimals: int) -> str:
    """A value that is a percent, as reported: 0.875 as `87.50%` with 2 decimals."""
    return f"{fixed(fraction * 100, decimals)}%"


def fact(value: Decimal) -> str:
    """A fact as given, with separators: `1250000` as `1,250,000`, `0.75` as it is."""
    text = exact(value)
    return "≈" + grouped(text[1:]) if text.startswith("≈") else grouped(text)


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
