"""`scoring lint`: check a rubric against a procurement regime's rules (procurement.md §5)."""

from __future__ import annotations

import sys

import click

from scoring.model.choices import LOCALES, PROFILES, one_of


@click.command("lint")
@click.argument("rubric")
@click.argument("input_file", metavar="[INPUT]", required=False, type=click.Path(dir_okay=False))
@click.option("--profile", type=click.Choice(PROFILES),
              help="The regime whose rules apply; default the rubric's profile, else none.")
@click.option("--format", "fmt", type=click.Choice(["table", "text", "json"]), default="table",
              help="table (one line per finding; text is the same) or json.")
@click.option("--lang", type=click.Choice(LOCALES), help="Language of the messages; default the rubric's locale.")
def lint(rubric: str, input_file: str | None, profile: str | None, fmt: str, lang: str | None) -> None:
    """Check RUBRIC (and INPUT) against a procurement regime's rules; exit 1 on any error finding.

    RUBRIC is a file, or the id of a bundled rubric. Each finding is printed as
    FILE:LINE:COL: severity CODE: message（依据：source）.
    """
    from scoring.cli import _say_problems
    from scoring.lint.files import lint_files
    from scoring.lint.output import as_json, as_text

    linted = lint_files(rubric, input_file, profile=one_of(profile, PROFILES), lang=one_of(lang, LOCALES))
    if linted.problems or linted.rubric is None:
        _say_problems(linted.problems)
        sys.exit(1)
    if fmt == "json":
        click.echo(as_json(linted.rubric, linted.profile, linted.findings), nl=False)
    else:
        click.echo(as_text(linted.profile, linted.findings, linted.lang), nl=False)
    if linted.failed:
        sys.exit(1)
