"""`scoring sensitivity`: how stable the ranking is under the weights and the panel (analysis.md §2)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from scoring.commands.options import ALLOW_MISSING, SCORES

if TYPE_CHECKING:
    from scoring.analysis.run import Sensitivity


@click.command()
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]),
              help="Output format; by default taken from -o's suffix, else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the terminal.")
@click.option("--draws", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Bootstrap draws over the evaluators.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the draws: the same seed gives the same output on every machine.")
@click.option("--exact", is_flag=True, help="Take every possible draw once (small panels); ignores --draws and --seed.")
@SCORES
@ALLOW_MISSING
def sensitivity(rubric: str, input_file: str, fmt: str | None, output: str | None, draws: int, seed: int,
                exact: bool, scores: tuple[str, ...], allow_missing: bool) -> None:
    """How far each top-level weight may move before the winner or the ranking changes, and
    each candidate's chance of coming first had the evaluators been another sample."""
    from scoring.cli import _check_output, _inputs, _warn

    if output is not None:
        _check_output("-o", output, _inputs(rubric, input_file, scores))
    if fmt is None:
        fmt = "json" if output and Path(output).suffix.lower() == ".json" else "table"
    from scoring.analysis.run import sensitivity as analyse
    from scoring.analysis.winprob import TooManyResamples
    from scoring.pipeline import score_files

    evaluation = score_files(rubric, input_file, scores=scores, allow_missing=allow_missing)
    try:
        found = analyse(evaluation, draws=draws, seed=seed, exact=exact)
    except TooManyResamples as exc:
        raise click.UsageError(str(exc)) from None
    from scoring.commands.output import emit

    emit(_render(found, fmt), output or None)  # `-o ""` prints, as no -o does
    _warn(evaluation.warnings)


def _render(found: Sensitivity, fmt: str) -> str:
    """The document in `fmt`."""
    import json

    from scoring.analysis.output import sensitivity_dict, sensitivity_table

    if fmt == "json":
        return json.dumps(sensitivity_dict(found), ensure_ascii=False, indent=2) + "\n"
    return sensitivity_table(found)
