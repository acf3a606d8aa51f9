"""`scoring diff`: what changed between two rubrics and whom it moves (tooling.md)."""

from __future__ import annotations

import click

from scoring.commands.output import FORMATS, emit


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.argument("input_file", metavar="[INPUT]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", help="table (text is the same) or json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option("--scores", multiple=True, type=click.Path(dir_okay=False),
              help="A filled score sheet or long-format CSV, as for `scoring score`, applied to INPUT "
                   "under both rubrics; repeat for each file.")
@click.option("--allow-missing", is_flag=True,
              help="Score without an evaluator's empty judged score instead of rejecting the input.")
def diff(old: str, new: str, input_file: str | None, fmt: str, output: str | None,
         scores: tuple[str, ...], allow_missing: bool) -> None:
    """Show what changed between two rubrics and, with INPUT, whom it moves."""
    import json

    from scoring.cli import _check_output, _inputs
    from scoring.tooling.diff import diff_files, diff_text

    if output is not None:
        _check_output("-o", output, _inputs(old, new, *([input_file] if input_file else []), scores))
        fmt = "json" if output.lower().endswith(".json") else fmt
    if scores and input_file is None:
        raise click.UsageError("--scores needs INPUT: the score sheets are applied to it")
    result = diff_files(old, new, input_file, scores=scores, allow_missing=allow_missing)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else diff_text(result)
    emit(text, output)
