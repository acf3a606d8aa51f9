"""The one exception hierarchy of the library; the CLI turns it into exit codes."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, Union

PathKey = Union[str, int]
"""One step of a key path: a mapping key or a list index."""


def unknown(what: str, word: str, known: Collection[str]) -> str:
    """`unknown WHAT 'word'`, with the closest known word or the list of them."""
    message = f"unknown {what} '{word}'"
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"{message}, did you mean '{close[0]}'?"
    if not known:
        return f"{message}; none are defined"
    return f"{message}; expected one of {', '.join(sorted(known))}"


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a rubric or input file."""

    file: str
    """The file as the user named it."""
    line: int
    """1-based line, or 0 when the problem concerns the whole file."""
    column: int
    """1-based column, or 0 when the problem concerns the whole file."""
    message: str
    """What was expected and what was found."""
    cell: str = ""
    """In a spreadsheet, the cell (`D7`); `file` then names the workbook and sheet
    (`e2.xlsx!评分`) and `line`/`column` its row and column, for ordering."""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}!{self.cell}: {self.message}"
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file}: {self.message}"


class Locator(Protocol):
    """Whatever can say where a path of the input model stands in its file."""

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        """A `Problem` located at `path`."""
        ...


class ScoringError(Exception):
    """Base of every error the library raises on purpose."""


class InvalidError(ScoringError):
    """A rubric or input file has problems; carries every one of them, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


class RubricError(InvalidError):
    """Raised by `load_rubric` when the rubric file is not valid."""


class InputError(InvalidError):
    """Raised by `load_input` or `evaluate` when an input file or its data is not valid."""


class ReportError(ScoringError):
    """Raised when a report cannot be rendered or written (missing WeasyPrint, bad template)."""
