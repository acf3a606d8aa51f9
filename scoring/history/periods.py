"""Periods of history: `2026`, `2026H1`, `2026Q3`, `2026-03`, their kinds, days and natural order."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_FORMS = re.compile(r"(?P<year>[0-9]{4})(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|-(?P<month>0[1-9]|1[0-2]))?")
ACCEPTED = "YYYY (2026), YYYYH1/H2 (2026H1), YYYYQ1…Q4 (2026Q3) or YYYY-MM (2026-03)"
"""The accepted forms, as messages name them."""


class PeriodFormatError(ValueError):
    """A period written in none of the four forms: a misuse of the command (exit 2)."""


@dataclass(frozen=True, order=False)
class Period:
    """One period: its canonical text, kind and first and last days."""

    text: str
    kind: str
    start: date
    end: date

    @property
    def key(self) -> tuple[date, date]:
        """The natural order: by first day (then last day, so a year sorts before its first month)."""
        return (self.start, self.end)


def parse_period(written: str) -> Period:
    """The period `written` stands for (letters in either case); raises `PeriodFormatError`."""
    canonical = written.upper()
    match = _FORMS.fullmatch(canonical)
    if match is None or match["year"] < "1000":
        raise PeriodFormatError(f"period {written!r} is none of the accepted forms: {ACCEPTED}")
    year = int(match["year"])
    if match["half"]:
        first = 1 if match["half"] == "H1" else 7
        return Period(canonical, "half", date(year, first, 1), _last_day(year, first + 5))
    if match["quarter"]:
        first = 3 * int(match["quarter"][1]) - 2
        return Period(canonical, "quarter", date(year, first, 1), _last_day(year, first + 2))
    if match["month"]:
        month = int(match["month"])
        return Period(canonical, "month", date(year, month, 1), _last_day(year, month))
    return Period(canonical, "year", date(year, 1, 1), date(year, 12, 31))


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_key(text: str) -> tuple[date, date]:
    """The sort key of a stored period's text (any text that parses)."""
    return parse_period(text).key
