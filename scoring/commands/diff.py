"""`scoring diff`: what changed between two rubrics and whom it moves (tooling.md)."""

from __future__ import annotations

import click

from scoring.commands.options import ALLOW_MISSING, FORMATS, SCORES
from scoring.commands.output import emit


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.argument("input_file", metavar="[INPUT]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, help="table (text is the same) or json; by default taken "
              "from -o's suffix (.json), else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@SCORES
@ALLOW_MISSING
def diff(old: str, new: str, input_file: str | None, fmt: str | None, output: str | None,
         scores: tuple[str, ...], allow_missing: bool) -> None:
    """Show what changed between two rubrics and, with INPUT, whom it moves.

    Score sheets given with --scores are applied to INPUT under both rubrics.
    """
    import json

    from scoring.cli import _check_output, _inputs
    from scoring.tooling.diff import diff_files, diff_text

    if output is not None:
        _check_output("-o", output, _inputs(old, new, *([input_file] if input_file else []), scores))
    if fmt is None:
        fmt = "json" if output is not None and output.lower().endswith(".json") else "table"
    if scores and input_file is None:
        raise click.UsageError("--scores needs INPUT: the score sheets are applied to it")
    result = diff_files(old, new, input_file, scores=scores, allow_missing=allow_missing)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else diff_text(result)
    emit(text, output)
