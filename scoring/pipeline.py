"""Load, check and evaluate files in one call: what each command of the CLI needs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scoring.engine import evaluate
from scoring.errors import InvalidError, Problem, RubricError
from scoring.inputs import load_input
from scoring.resources import resolve_rubric
from scoring.results import Evaluation
from scoring.rubric import load_rubric


def check_files(rubric: str | Path, inputs: Sequence[str | Path] = (), *, allow_missing: bool = False) -> list[Problem]:
    """Every problem in a rubric and its inputs, as `validate` reports them (empty when valid).

    Each input is also evaluated, so values outside their scales and missing facts count.
    """
    problems: list[Problem] = []
    loaded = None
    try:
        loaded = load_rubric(resolve_rubric(str(rubric)))
    except RubricError as exc:
        problems.extend(exc.problems)
    for file in inputs:
        try:
            data = load_input(file, loaded)
            if loaded is not None:
                evaluate(loaded, data, allow_missing=allow_missing)
        except InvalidError as exc:
            problems.extend(exc.problems)
    return problems


def score_files(rubric: str | Path, input_file: str | Path, *, allow_missing: bool = False) -> Evaluation:
    """Load a rubric and an input and evaluate them; raises `RubricError` or `InputError`."""
    loaded = load_rubric(resolve_rubric(str(rubric)))
    return evaluate(loaded, load_input(input_file, loaded), allow_missing=allow_missing)


__all__ = ["check_files", "score_files"]
