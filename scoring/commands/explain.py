"""`scoring explain`: how a candidate's total or a criterion's points came about (tooling.md)."""

from __future__ import annotations

import click

from scoring.commands.output import FORMATS, emit


@click.command("explain")
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.argument("candidate")
@click.argument("criterion", required=False)
@click.option("--format", "fmt", type=FORMATS, default="table", help="table (text is the same) or json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def explain(rubric: str, input_file: str, candidate: str, criterion: str | None, fmt: str,
            output: str | None) -> None:
    """Explain how CANDIDATE's total (or CRITERION's points) came about."""
    import json

    from scoring.cli import _check_output, _inputs, _warn
    from scoring.pipeline import score_files
    from scoring.tooling.explain import explain as explain_dict
    from scoring.tooling.explain_text import explain_text

    if output is not None:
        _check_output("-o", output, _inputs(rubric, input_file))
        fmt = "json" if output.lower().endswith(".json") else fmt
    evaluation = score_files(rubric, input_file)
    _warn(evaluation.warnings)
    trail = explain_dict(evaluation, candidate, criterion)
    text = json.dumps(trail, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else explain_text(trail)
    emit(text, output)
