"""`scoring schema`, `init`, `explain` and `diff`: editor support and explanations (tooling.md)."""

from __future__ import annotations

from pathlib import Path

import click

_FORMATS = click.Choice(["table", "text", "json"])


@click.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema to this file.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of rubric files (draft 2020-12), for editors."""
    from scoring.render.atomic import write_atomic
    from scoring.tooling.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}")


@click.command("init")
@click.argument("kind", type=click.Choice(["vendor", "appraisal"]), default="vendor", required=False)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The rubric file to write.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of titles and labels.")
@click.option("--force", is_flag=True, help="Overwrite an existing rubric or differing schema file.")
def init(kind: str, output: str, lang: str, force: bool) -> None:
    """Write a commented starter rubric (and rubric.schema.json beside it)."""
    from scoring.render.atomic import write_atomic
    from scoring.tooling.starter import plan_init

    planned = plan_init(kind, lang, Path(output), force=force)
    for item in planned:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(item.path, item.data)
        click.echo(f"wrote {item.path}")


@click.command("explain")
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.argument("candidate")
@click.argument("criterion", required=False)
@click.option("--format", "fmt", type=_FORMATS, default="table", help="table (text is the same) or json.")
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
    _emit(text, output)


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.argument("input_file", metavar="[INPUT]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=_FORMATS, default="table", help="table (text is the same) or json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def diff(old: str, new: str, input_file: str | None, fmt: str, output: str | None) -> None:
    """Show what changed between two rubrics and, with INPUT, whom it moves."""
    import json

    from scoring.cli import _check_output, _inputs
    from scoring.tooling.diff import diff_files, diff_text

    if output is not None:
        _check_output("-o", output, _inputs(old, new, *([input_file] if input_file else [])))
        fmt = "json" if output.lower().endswith(".json") else fmt
    result = diff_files(old, new, input_file)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else diff_text(result)
    _emit(text, output)


def _emit(text: str, output: str | None) -> None:
    """Print `text`, or write it atomically to `output` and say so."""
    from scoring.render.atomic import write_atomic

    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}")
