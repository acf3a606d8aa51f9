"""The score-sheet format that `scoring sheet` writes and the score reader reads back:
its record, which criteria it carries, inert cell text, and what a judged score may hold."""

from __future__ import annotations

from decimal import DecimalException

from scoring.model.numbers import NumberError, read_number
from scoring.model.rubric import Criterion, DirectScale, LevelsScale, Rubric
from scoring.model.words import describe

FORMAT_TAG = "scoring-sheet/1"
"""The `format` a sheet's hidden record names: a sheet of another program or version is refused."""
META_SHEET = "_scoring"
"""The hidden sheet (in CSV, the leading `#` rows) holding the record."""
ACTIVE_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet evaluates when a cell's text starts with it (formula injection)."""


def judged_criteria(rubric: Rubric) -> list[Criterion]:
    """The criteria an evaluator scores: level and direct scales not tied to a fact or metric."""
    return [c for c in rubric.criteria if isinstance(c.scale, (LevelsScale, DirectScale)) and c.value is None]


def inert(text: str) -> str:
    """CSV text that no spreadsheet evaluates: a leading `'` before an active first character."""
    return "'" + text if text.startswith(ACTIVE_STARTS) else text


def uninert(text: str) -> str:
    """The text `inert` was given: a CSV cell read back as the id or name we wrote."""
    return text[1:] if text.startswith("'") and text[1:].startswith(ACTIVE_STARTS) else text


def judged_score_problem(criterion: Criterion, text: str) -> str | None:
    """Why `text` is no score on a judged criterion's scale (a level key, or a number within a
    direct scale's range), in the words of the engine's own check; None when it is one."""
    scale = criterion.scale
    if isinstance(scale, LevelsScale):
        return None if text.strip() in scale.levels else f"{describe(text)} is not one of {', '.join(scale.levels)}"
    if not isinstance(scale, DirectScale):
        return None  # not a judged scale: the engine checks it with its facts
    try:
        value = read_number(text)
        inside = scale.min <= value <= scale.max
    except NumberError as exc:
        return str(exc)
    except DecimalException as exc:
        return f"cannot compute points from {describe(text)} ({type(exc).__name__})"
    return None if inside else f"expected a number from {scale.min:f} to {scale.max:f}, got {value:f}"
