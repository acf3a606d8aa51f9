"""Typed reading of text trees: numbers, percents, ids and mappings, with located problems.

A `Reader` walks one text tree (from a file or from plain data); each accessor returns the
typed value or `None` and records a problem naming the key path, what was expected and what
was found, so that a whole file is checked in one pass. Problems carry key paths only: the
loaders turn them into places.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from decimal import Decimal

from scoring.load.places import PlainTree as Tree
from scoring.model.choices import Word, one_of
from scoring.model.errors import PathKey, Problem, format_path, unknown
from scoring.model.limits import MAX_ID_CHARS, MAX_TEXT_CHARS
from scoring.model.numbers import Amount, NumberError, read_number
from scoring.model.words import (
    answer_words,
    fold_width,
    id_clashes,
    is_id,
    shown,
    yes_no,
)
from scoring.model.words import describe as _describe

__all__ = ["Reader", "describe"]

# Bidirectional overrides and isolates reorder what a terminal or a report shows ("Trojan source").
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def describe(value: object) -> str:
    """How a found value is named in a message; a `bool` from plain data as `true`/`false`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _describe(value)


def _is_percent(text: str) -> bool:
    """Whether `text` is written as a percent (`40%`, `４０％`)."""
    return fold_width(text).strip().endswith("%")


def _bad_char(text: str) -> int:
    """The index of the first character a text may not hold (a control character other than
    tab and newline, a lone surrogate, a bidirectional override), or -1."""
    for index, char in enumerate(text):
        if char in "\t\n":
            continue
        if unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI:
            return index
    return -1


class Reader:
    """Reads typed values out of one text tree, collecting every problem found by key path."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        """The file as the user named it, or the `source` given to `parse_*`."""
        self.problems = problems

    def error(self, path: Sequence[PathKey], message: str) -> None:
        """Record a problem at `path`: its message prefixed with the path written out."""
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        self.problems.append(Problem(self.source, 0, 0, text, path=tuple(path)))

    def mapping(
        self,
        path: Sequence[PathKey],
        value: Tree,
        *,
        allowed: Collection[str] | None = None,
        required: Collection[str] = (),
    ) -> dict[str, Tree] | None:
        """Check that `value` is a mapping with only `allowed` keys and every `required` one."""
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping, got {describe(value)}")
            return None
        if allowed is not None:
            for k in value:
                if k not in allowed:
                    self.error((*path, k), self.unknown_key(k, allowed))
        for k in required:
            if k not in value:
                self.error(path, f"missing key '{k}'")
        return value

    @staticmethod
    def unknown_key(key: str, allowed: Collection[str]) -> str:
        """The message for a key that is not one of `allowed`, with a suggestion."""
        return unknown("key", key, allowed)

    def sequence(self, path: Sequence[PathKey], value: Tree) -> list[Tree] | None:
        """Check that `value` is a list."""
        if not isinstance(value, list):
            self.error(path, f"expected a list, got {describe(value)}")
            return None
        return value

    def text(self, path: Sequence[PathKey], value: Tree, *, required: bool = True) -> str | None:
        """A scalar as text of at most MAX_TEXT_CHARS printable characters; with `required`, not empty."""
        if not isinstance(value, str):
            self.error(path, f"expected text, got {describe(value)}")
            return None
        if required and not value.strip():
            self.error(path, "expected text, got nothing")
            return None
        if len(value) > MAX_TEXT_CHARS:
            self.error(path, f"expected text of at most {MAX_TEXT_CHARS:,} characters, got {len(value):,}")
            return None
        bad = _bad_char(value)
        if bad >= 0:
            self.error(
                path,
                f"expected text without control characters, got {shown(value)} "
                f"(U+{ord(value[bad]):04X} at character {bad + 1})",
            )
            return None
        return value

    def ident(self, path: Sequence[PathKey], value: Tree) -> str | None:
        """An id: letters (Chinese too), digits, `_`, `.` and `-`; full-width forms read as ASCII."""
        if isinstance(value, str) and len(value) > MAX_ID_CHARS:  # before text's own, looser bound
            self.error(path, f"expected an id of at most {MAX_ID_CHARS} characters, got {len(value):,}")
            return None
        text = self.text(path, value)
        if text is None:
            return None
        folded = fold_width(text)
        if not is_id(folded):
            self.error(path, f"expected an id of letters, digits, '_', '.' or '-', got {shown(text)}")
            return None
        return folded

    def unique_ids(self, paths_and_ids: Sequence[tuple[Sequence[PathKey], str]]) -> None:
        """Record a problem at each id that differs from an earlier one only by case or width.

        Exact duplicates are not reported here: callers already report them.
        """
        ids = [ident for _, ident in paths_and_ids]
        for first, later in id_clashes(ids):
            self.error(
                paths_and_ids[later][0],
                f"expected an id that differs from {shown(ids[first])} by more than letter case "
                f"or full-width form, got {shown(ids[later])}",
            )

    def yes_no(self, path: Sequence[PathKey], value: Tree | bool, *, gate: bool = False) -> bool | None:
        """A yes/no answer: true/false, yes/no, 是/否 (with `gate`, pass/fail words too), or a bool."""
        if isinstance(value, bool):  # from plain data
            return value
        answer = yes_no(value, gate=gate) if isinstance(value, str) else None
        if answer is None:
            what = "pass or fail" if gate else "yes or no"
            self.error(path, f"expected {what} ({answer_words(gate=gate)}), got {describe(value)}")
        return answer

    def _number(self, path: Sequence[PathKey], value: Tree, expected: str, *, percent_ok: bool) -> Decimal | None:
        """`read_number` of a scalar; a problem saying `expected` when it is not a number at all."""
        if isinstance(value, str):
            try:
                return read_number(value, percent_ok=percent_ok)
            except NumberError as err:
                if not err.generic:
                    self.error(path, str(err))
                    return None
        self.error(path, f"expected {expected}, got {describe(value)}")
        return None

    def number(self, path: Sequence[PathKey], value: Tree, *, percent_ok: bool = True) -> Decimal | None:
        """A decimal number (or, with `percent_ok`, a percent literal)."""
        return self._number(path, value, "a number", percent_ok=percent_ok)

    def percent(self, path: Sequence[PathKey], value: Tree) -> Decimal | None:
        """A percent literal such as `"30%"`, as a fraction."""
        expected = 'a percent like "30%"'
        if isinstance(value, str) and _is_percent(value):
            return self._number(path, value, expected, percent_ok=True)
        self.error(path, f"expected {expected}, got {describe(value)}")
        return None

    def amount(self, path: Sequence[PathKey], value: Tree) -> Amount | None:
        """Points: a percent of the maximum (`"60%"`) or an absolute number (`3`)."""
        expected = 'points as a number like 3 or a percent like "60%"'
        parsed = self._number(path, value, expected, percent_ok=True)
        if parsed is None:
            return None
        assert isinstance(value, str)  # _number reads only text
        return Amount(parsed, _is_percent(value))

    def choice(self, path: Sequence[PathKey], value: Tree, options: tuple[Word, ...]) -> Word | None:
        """One of a fixed set of words, as the option it is (typed as its model's Literal)."""
        word = one_of(value, options)
        if word is not None:
            return word
        self.error(path, f"expected one of {', '.join(options)}, got {describe(value)}")
        return None

    def integer(self, path: Sequence[PathKey], value: Tree, *, minimum: int = 0) -> int | None:
        """A whole number no smaller than `minimum`."""
        expected = f"a whole number of at least {minimum}"
        if isinstance(value, str) and _is_percent(value):
            self.error(path, f"expected {expected}, got {describe(value)}")
            return None
        number = self._number(path, value, expected, percent_ok=False)
        if number is None:
            return None
        if number != number.to_integral_value() or number < minimum:
            self.error(path, f"expected {expected}, got {describe(value)}")
            return None
        return int(number)
