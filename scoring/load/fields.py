"""Typed reading of text trees: numbers, percents, ids and mappings, with located problems.

A `Reader` walks one `Document`; each accessor returns the typed value or `None` and
records a problem naming the place, what was expected and what was found, so that a
whole file is checked in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal

from scoring.load.yamlfile import Document, Tree
from scoring.model.errors import PathKey, Problem, unknown
from scoring.model.numbers import Amount, parse_number

_ID = re.compile(r"[\w.-]+")


def describe(value: Tree) -> str:
    """How a found value is named in a message."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value == "":
        return "nothing"
    return repr(value)


class Reader:
    """Reads typed values out of one document, collecting every problem found."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems

    def error(self, path: Sequence[PathKey], message: str, *, key: bool = False) -> None:
        """Record a problem at `path`."""
        self.problems.append(self.doc.problem(path, message, key=key))

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
                    self.error((*path, k), self.unknown_key(k, allowed), key=True)
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
        """A scalar as text; with `required`, empty text is a problem."""
        if not isinstance(value, str):
            self.error(path, f"expected text, got {describe(value)}")
            return None
        if required and not value.strip():
            self.error(path, "expected text, got nothing")
            return None
        return value

    def ident(self, path: Sequence[PathKey], value: Tree) -> str | None:
        """An id: letters (Chinese too), digits, `_`, `.` and `-`."""
        text = self.text(path, value)
        if text is None:
            return None
        if not _ID.fullmatch(text):
            self.error(path, f"expected an id of letters, digits, '_', '.' or '-', got {text!r}")
            return None
        return text

    def number(self, path: Sequence[PathKey], value: Tree, *, percent_ok: bool = True) -> Decimal | None:
        """A decimal number (or, with `percent_ok`, a percent literal)."""
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is not None and (percent_ok or not value.strip().endswith("%")):
                return parsed
        self.error(path, f"expected a number, got {describe(value)}")
        return None

    def percent(self, path: Sequence[PathKey], value: Tree) -> Decimal | None:
        """A percent literal such as `"30%"`, as a fraction."""
        if isinstance(value, str) and value.strip().endswith("%"):
            parsed = parse_number(value)
            if parsed is not None:
                return parsed
        self.error(path, f'expected a percent like "30%", got {describe(value)}')
        return None

    def amount(self, path: Sequence[PathKey], value: Tree) -> Amount | None:
        """Points: a percent of the maximum (`"60%"`) or an absolute number (`3`)."""
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is not None:
                return Amount(parsed, value.strip().endswith("%"))
        self.error(path, f'expected points as a number like 3 or a percent like "60%", got {describe(value)}')
        return None

    def choice(self, path: Sequence[PathKey], value: Tree, options: Sequence[str]) -> str | None:
        """One of a fixed set of words."""
        if isinstance(value, str) and value in options:
            return value
        self.error(path, f"expected one of {', '.join(options)}, got {describe(value)}")
        return None

    def integer(self, path: Sequence[PathKey], value: Tree, *, minimum: int = 0) -> int | None:
        """A whole number no smaller than `minimum`."""
        if isinstance(value, str) and re.fullmatch(r"\+?\d+", value.strip()) and int(value) >= minimum:
            return int(value)
        self.error(path, f"expected a whole number of at least {minimum}, got {describe(value)}")
        return None
