"""`scoring sheet`: one score sheet per evaluator, to fill in and hand back with `--scores`."""

from __future__ import annotations

import os

import click


@click.command("sheet")
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--evaluators", required=True,
              help="Comma-separated ids of the evaluators who get a sheet, e.g. e1,e2,e3.")
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False),
              help="The folder to write <evaluator>.xlsx (or .csv) into.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
def sheet(rubric: str, input_file: str, evaluators: str, folder: str, fmt: str) -> None:
    """Write one score sheet per evaluator for the candidates of INPUT.

    Each evaluator scores alone: rows are the judged criteria with every level's text,
    columns the candidates. Hand the filled sheets back with `--scores`.
    """
    from scoring.cli import _check_output
    from scoring.load.rubric import load_rubric
    from scoring.pipeline import read_data
    from scoring.render.sheets import write_sheets
    from scoring.resources import resolve_rubric

    ids = [e.strip() for e in evaluators.split(",") if e.strip()]
    if not ids:
        raise click.UsageError("--evaluators needs at least one id")
    _check_output("-o", os.path.join(folder, "x"), [])
    loaded = load_rubric(resolve_rubric(rubric))
    written = write_sheets(loaded, read_data(loaded, input_file), ids, folder, fmt=fmt)
    for path in written:
        click.echo(f"wrote {path}")
