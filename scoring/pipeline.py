"""Load, check and evaluate files in one call: what each command of the CLI needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from scoring.engine.evaluation import evaluate
from scoring.load.inputs import load_input
from scoring.load.paths import suffix
from scoring.load.places import locate_files
from scoring.load.rubric import load_rubric
from scoring.model.errors import InvalidError, Problem, RubricError
from scoring.model.inputs import Input
from scoring.model.results import Evaluation
from scoring.model.rubric import Rubric
from scoring.resources import resolve_rubric

if TYPE_CHECKING:
    from pathlib import Path


def read_data(rubric: Rubric | None, file: str | Path, scores: Sequence[str | Path] = (),
              *, allow_missing: bool = False) -> Input:
    """An input (YAML, or a CSV/XLSX candidate table) with any score sheets merged in.

    Raises `InputError` with the problems of the input and of every sheet together.
    """
    from scoring.model.errors import InputError

    problems: list[Problem] = []
    data = None
    try:
        if suffix(file).lower() in (".csv", ".xlsx"):
            from scoring.load.tabular import load_table_input

            data = load_table_input(file, rubric)
        else:
            data = load_input(file, rubric)
    except InvalidError as exc:
        problems += exc.problems
    if scores and rubric is not None and data is not None:
        from scoring.load.tabular import merge_scores

        try:
            data = merge_scores(rubric, data, scores, allow_missing=allow_missing)
        except InvalidError as exc:
            problems += locate_files(exc.problems, data)
    if problems or data is None:
        raise InputError(problems)
    return data


def check_files(rubric: str | Path, inputs: Sequence[str | Path] = (), *, scores: Sequence[str | Path] = (),
                allow_missing: bool = False) -> list[Problem]:
    """Every problem in a rubric and its inputs, as `validate` reports them (empty when valid).

    Each input is also evaluated, so values outside their scales and missing facts count.
    """
    return check_all(rubric, inputs, scores=scores, allow_missing=allow_missing).problems


class Checked(NamedTuple):
    """What `check_all` found, and the models it loaded (so a caller never reads the files twice)."""

    problems: list[Problem]
    warnings: list[Problem]
    """The warnings of every input that evaluated cleanly."""
    rubric: Rubric | None
    """The rubric, when it loaded."""
    inputs: list[Input]
    """The inputs that loaded, in order."""


def check_all(rubric: str | Path, inputs: Sequence[str | Path] = (), *, scores: Sequence[str | Path] = (),
              allow_missing: bool = False) -> Checked:
    """`check_files`'s problems, the warnings of every input that evaluated cleanly, and the models."""
    checked = Checked([], [], None, [])
    try:
        checked = checked._replace(rubric=load_rubric(resolve_rubric(str(rubric))))
    except RubricError as exc:
        checked.problems.extend(exc.problems)
    for file in inputs:
        try:
            data = read_data(checked.rubric, file, scores, allow_missing=allow_missing)
            checked.inputs.append(data)
            if checked.rubric is not None:
                checked.warnings.extend(_evaluate(checked.rubric, data, allow_missing).warnings)
        except InvalidError as exc:
            checked.problems.extend(exc.problems)
    return checked


def score_files(rubric: str | Path, input_file: str | Path, *, scores: Sequence[str | Path] = (),
                allow_missing: bool = False) -> Evaluation:
    """Load a rubric, an input and any score sheets, and evaluate them; raises `RubricError` or `InputError`."""
    loaded = load_rubric(resolve_rubric(str(rubric)))
    data = read_data(loaded, input_file, scores, allow_missing=allow_missing)
    return _evaluate(loaded, data, allow_missing)


def _evaluate(rubric: Rubric, data: Input, allow_missing: bool) -> Evaluation:
    """`evaluate`, with its problems and warnings placed in the files the models came from."""
    try:
        result = evaluate(rubric, data, allow_missing=allow_missing)
    except InvalidError as exc:
        raise type(exc)(locate_files(exc.problems, rubric, data)) from None
    return replace(result, warnings=tuple(sorted(locate_files(result.warnings, rubric, data))))


__all__ = ["Checked", "check_all", "check_files", "read_data", "score_files"]
