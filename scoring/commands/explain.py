"""`scoring explain`: how a candidate's total or a criterion's points came about (tooling.md)."""

from __future__ import annotations

import click

from scoring.commands.options import ALLOW_MISSING, FORMATS, SCORES
from scoring.commands.output import emit


@click.command("explain")
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.argument("candidate")
@click.argument("criterion", required=False)
@click.option("--format", "fmt", type=FORMATS, help="table (text is the same) or json; by default taken "
              "from -o's suffix (.json), else table.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the table; default the rubric's locale.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option("--names", is_flag=True, help="Staff rubrics: show anonymous evaluators by id and name (for HR).")
@SCORES
@ALLOW_MISSING
def explain(rubric: str, input_file: str, candidate: str, criterion: str | None, fmt: str | None,
            lang: str | None, output: str | None, names: bool, scores: tuple[str, ...],
            allow_missing: bool) -> None:
    """Explain how CANDIDATE's total (or CRITERION's points) came about."""
    import json

    from scoring.cli import _check_output, _inputs, _warn
    from scoring.pipeline import score_files
    from scoring.tooling.explain import explain as explain_dict
    from scoring.tooling.explain import explanation
    from scoring.tooling.explain_text import explain_text

    if output is not None:
        _check_output("-o", output, _inputs(rubric, input_file, scores))
    if fmt is None:
        fmt = "json" if output is not None and output.lower().endswith(".json") else "table"
    evaluation = score_files(rubric, input_file, scores=scores, allow_missing=allow_missing)
    if fmt == "json":
        trail = explain_dict(evaluation, candidate, criterion, lang=lang, names=names)
        text = json.dumps(trail, ensure_ascii=False, indent=2) + "\n"
    else:
        text = explain_text(explanation(evaluation, candidate, criterion, lang=lang, names=names))
    emit(text, output)
    _warn(evaluation.warnings)
