"""The `scoring` command: a thin click layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scoring import __version__
from scoring.errors import InvalidError, ScoringError

_ALLOW_MISSING = click.option(
    "--allow-missing", is_flag=True,
    help="Score without an evaluator's empty judged score instead of rejecting the input.",
)


def _fail(exc: ScoringError) -> None:
    """Print a library error and exit 1: the one place errors become exit codes."""
    if isinstance(exc, InvalidError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scoring")
def cli() -> None:
    """Score vendors' bids and staff appraisals against YAML rubrics, exactly."""


@cli.command()
@click.argument("rubric")
@click.argument("inputs", nargs=-1, type=click.Path(dir_okay=False))
@_ALLOW_MISSING
def validate(rubric: str, inputs: tuple[str, ...], allow_missing: bool) -> None:
    """Check RUBRIC and any INPUTS; print one line per problem.

    RUBRIC is a file, or the id of a bundled rubric. Exit 0 when everything is valid,
    1 when anything is not.
    """
    from scoring.pipeline import check_files

    problems = check_files(rubric, inputs, allow_missing=allow_missing)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"valid: {rubric}" + "".join(f", {i}" for i in inputs))


@cli.command()
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              help="Output format; by default taken from -o's suffix, else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the terminal.")
@_ALLOW_MISSING
def score(rubric: str, input_file: str, fmt: str | None, output: str | None, allow_missing: bool) -> None:
    """Score INPUT against RUBRIC and print the ranking (or write it with -o)."""
    from scoring.atomic import write_atomic
    from scoring.output import render
    from scoring.pipeline import score_files

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("json", "csv") else "table"
    try:
        text = render(score_files(rubric, input_file, allow_missing=allow_missing), fmt)
    except ScoringError as exc:
        _fail(exc)
    if output:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
