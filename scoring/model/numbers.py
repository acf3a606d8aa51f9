"""Exact numbers as people write them: decimals, percents, thousands separators; and their shortest text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)


class Amount(NamedTuple):
    """Points written either as a percent of a maximum or as an absolute number."""

    value: Decimal
    """The number; for a percent, the fraction (`"40%"` is 0.40)."""
    percent: bool
    """True when written as a percent."""

    def of(self, maximum: Decimal) -> Decimal:
        """The points this amount stands for on a criterion whose maximum is `maximum`."""
        return self.value * maximum if self.percent else self.value

    def __str__(self) -> str:
        return f"{self.value * _HUNDRED:f}%" if self.percent else f"{self.value:f}"


def plain(value: Decimal) -> str:
    """An exact figure as short as it can be written: `5`, `4.25`, never `5.00` or `5E+0`."""
    if value == value.to_integral_value():
        return f"{value.quantize(_ONE):f}"
    return f"{value.normalize():f}"


def percent_text(fraction: Decimal) -> str:
    """A fraction as a percent literal: 0.4 as `40%`, 1.125 as `112.5%`."""
    return f"{plain(fraction * _HUNDRED)}%"


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_number(text: str) -> Decimal | None:
    """A decimal number or percent literal (`"40%"` is 0.40); None if the text is neither."""
    text = text.strip()
    percent = text.endswith("%")
    body = text[:-1].strip() if percent else text
    if "," in body and _GROUPED.fullmatch(body):  # 380,000: thousands separators
        body = body.replace(",", "")
    if not _NUMBER.fullmatch(body):
        return None
    try:
        value = Decimal(body)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None
    return value / _HUNDRED if percent else value


