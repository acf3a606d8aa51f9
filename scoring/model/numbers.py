"""Exact numbers as people write them: decimals, percents, thousands separators; and their shortest text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from scoring.model.limits import MAX_DECIMAL_PLACES, MAX_MAGNITUDE, MAX_NUMBER_CHARS
from scoring.model.words import fold_width, shown

if TYPE_CHECKING:
    from fractions import Fraction  # only analysis passes fractions; `score` never loads the module

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


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
    """An exact figure as short as it can be written: `5`, `4.25`, never `5.00` or `5E+0`.

    Every digit is kept: the text is trimmed, never rounded (`normalize` would round to the
    context's 28 digits, and exact values carry 40 places)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_text(fraction: Decimal) -> str:
    """A fraction as a percent literal: 0.4 as `40%`, 1.125 as `112.5%`."""
    return f"{plain(fraction * _HUNDRED)}%"


def round_fraction(value: Fraction, places: int) -> Decimal:
    """`value` rounded half-up (away from zero on a half) to `places` decimals, exactly."""
    scaled = abs(value) * 10**places
    whole = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)  # floor(scaled + 1/2)
    signed = whole if value >= 0 else -whole
    return Decimal(signed).scaleb(-places)


def percent_points(value: Fraction) -> Fraction:
    """A fraction of 1 as percent points: 22/37 as 2200/37."""
    return value * 100


class NumberError(ValueError):
    """Text that is not a number we accept; `str()` is the message tail `expected …, got …`."""

    def __init__(self, expected: str, text: str) -> None:
        self.expected = expected
        """What a number must look like, e.g. `a finite number`."""
        self.generic = expected == A_NUMBER
        """True when the text is simply not a number (callers may say what kind they wanted)."""
        found = shown(text.strip()) if text.strip() else "nothing"
        super().__init__(f"expected {expected}, got {found}")


A_NUMBER = "a number"
"""What `NumberError` expects when the text is not a number at all."""

# re.ASCII: `\d` must not take Arabic-Indic or other Unicode digits, which Decimal would accept.
_NUMBER = re.compile(r"[+-]?(?=\.?\d)(?P<int>\d*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?", re.ASCII)
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?", re.ASCII)
_NOT_FINITE = re.compile(r"[+-]?(s?nan\d*|inf(inity)?|∞)", re.IGNORECASE)
_MAX_ADJUSTED = MAX_MAGNITUDE.adjusted()
# The usual way to write a number, already inside every limit: at most 15 digits before the
# point (below MAX_MAGNITUDE) and MAX_DECIMAL_PLACES after it, nothing to fold or check.
_PLAIN = re.compile(rf"[+-]?\d{{1,{_MAX_ADJUSTED}}}(?:\.\d{{1,{MAX_DECIMAL_PLACES}}})?", re.ASCII)
_GROUPS = "a number written like 1,280,000.50: commas only between groups of three digits"
_BELOW = f"a number below 10^{_MAX_ADJUSTED} in magnitude"


def read_number(text: str, *, percent_ok: bool = True) -> Decimal:
    """A decimal number or percent literal (`"40%"` is 0.40), within the limits on numbers.

    Thousands separators (`1,280,000.50`) and full-width forms (`４０％`) are read; raises
    `NumberError` saying exactly what is wrong otherwise.
    """
    if _PLAIN.fullmatch(text):
        value = Decimal(text)
        return value if value else _ZERO  # every zero alike, as below
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_CHARS:  # before anything else: the text may be huge
        raise NumberError(f"a number of at most {MAX_NUMBER_CHARS} characters", text)
    body = fold_width(stripped).strip()
    percent = body.endswith("%")
    if percent:
        if not percent_ok:
            raise NumberError("a number, not a percent", text)
        body = body[:-1].strip()
    _check_shape(body, text)
    value = _bounded(body.replace(",", ""), text)
    return value / _HUNDRED if percent else value


def _check_shape(body: str, text: str) -> None:
    """Raise `NumberError` unless `body` (no `%`) is written like a number."""
    if "," in body:
        if _GROUPED.fullmatch(body):
            return
        if _NUMBER.fullmatch(body.replace(",", "")):
            raise NumberError(_GROUPS, text)
    if _NUMBER.fullmatch(body):
        return
    if _NOT_FINITE.fullmatch(body):
        raise NumberError("a finite number", text)
    if any(unicodedata.category(c) == "Sc" for c in body):
        raise NumberError("a number without a currency sign", text)
    raise NumberError(A_NUMBER, text)


def _bounded(body: str, text: str) -> Decimal:
    """`body` (a plain number) as a Decimal, once its size and places are checked on the text."""
    match = _NUMBER.fullmatch(body)
    assert match is not None  # _check_shape let it through
    whole, frac = match["int"], match["frac"] or ""
    exp = int(match["exp"] or 0)  # at most MAX_NUMBER_CHARS digits: cheap
    if not (whole + frac).strip("0"):
        adjusted = 0  # zero, however it is written
    elif whole.lstrip("0"):
        adjusted = len(whole.lstrip("0")) - 1 + exp
    else:
        adjusted = len(frac) - len(frac.lstrip("0")) - 1 + exp
    if adjusted > _MAX_ADJUSTED:
        raise NumberError(_BELOW, text)
    if len(frac) - exp > MAX_DECIMAL_PLACES:
        raise NumberError(f"a number with at most {MAX_DECIMAL_PLACES} decimal places", text)
    value = Decimal(body)  # now small: at most 15 digits before the point and 12 after
    if not value:
        return _ZERO  # no `0E+999999999`, whose plain text would be a billion zeros
    if abs(value) >= MAX_MAGNITUDE:
        raise NumberError(_BELOW, text)
    return value


def parse_number(text: str) -> Decimal | None:
    """`read_number(text)`, or None when the text is not a number we accept."""
    try:
        return read_number(text)
    except NumberError:
        return None


def json_number(value: Decimal) -> int | float:
    """A written value for JSON, every digit as written: an int when whole, else its float (whose
    shortest repr is the decimal text)."""
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
