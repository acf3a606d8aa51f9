"""The one exception hierarchy of the library; the CLI turns it into exit codes."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Union

from scoring.model.words import shown

PathKey = Union[str, int]
"""One step of a key path: a mapping key or a list index."""

Place = tuple[tuple[PathKey, ...], str, int, int, str]
"""One entry of a model's provenance: (key path, file, line, column, cell)."""


MAX_SUGGESTIONS = 5
"""Names a "did you mean" offers, and the most a message lists when none is close: a long list is noise."""


def unknown(what: str, word: str, known: Collection[str]) -> str:
    """`unknown WHAT 'word'`, with up to five close names, a short list, or how many there are."""
    message = f"unknown {what} {shown(word)}"
    names = sorted(known)
    close = _closest(word, names)
    if close:
        quoted = [shown(name) for name in close]
        choices = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
        return f"{message}, did you mean {choices}?"
    if not names:
        return f"{message}; none are defined"
    if len(names) <= MAX_SUGGESTIONS:
        return f"{message}; expected one of {', '.join(names)}"
    return f"{message}; none of the {len(names)} defined names is close"


def _closest(word: str, names: list[str]) -> list[str]:
    """Up to MAX_SUGGESTIONS names like `word`, best first; a name much further than the best
    is left out, so `retension_rate` suggests `retention_rate` alone, not every `*_rate`."""
    import difflib  # only when a name is wrong: it is not needed to start

    close = difflib.get_close_matches(word, names, n=MAX_SUGGESTIONS, cutoff=0.6)
    ratios = [difflib.SequenceMatcher(None, name, word).ratio() for name in close]
    return [name for name, ratio in zip(close, ratios, strict=True) if ratio >= ratios[0] - _MARGIN]


_MARGIN = 0.1
"""How much less alike than the best a suggestion may be: `retention_rate` is 0.93 like
`retension_rate`, `resolution_rate` 0.69; two equally likely names are both offered."""


@dataclass(frozen=True)
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
    path: tuple[PathKey, ...] = ()
    """The key path into the data (`("sections", 0, "weight")`); `()` for the whole document."""

    def __lt__(self, other: Problem) -> bool:
        """Problems sort by place, then message (see `_order`)."""
        return _order(self) < _order(other)

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}!{self.cell}: {self.message}"
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file}: {self.message}"


def format_path(path: Sequence[PathKey]) -> str:
    """Write a path the way a reader finds it: `sections[1].criteria[0].weight`."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def _order(problem: Problem) -> tuple[str, int, int, str, str, tuple[tuple[int, str], ...]]:
    """How problems are sorted: by place, then message; a path's steps compare as (kind, text),
    so a list index and a key at the same depth never meet as int and str."""
    steps = tuple((0, f"{step:020d}") if isinstance(step, int) else (1, step) for step in problem.path)
    return (problem.file, problem.line, problem.column, problem.message, problem.cell, steps)


class ScoringError(Exception):
    """Base of every error the library raises on purpose."""


class InvalidError(ScoringError):
    """A rubric or input file has problems; carries every one of them, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_order))
        super().__init__("\n".join(str(p) for p in self.problems))


class RubricError(InvalidError):
    """Raised by `load_rubric` when the rubric file is not valid."""


class InputError(InvalidError):
    """Raised by `load_input` or `evaluate` when an input file or its data is not valid."""


class ReportError(ScoringError):
    """Raised when a report cannot be rendered or written (missing WeasyPrint, bad template)."""
