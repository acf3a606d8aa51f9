"""`scoring record`, `history` and `trend`: evaluations kept per period in SQLite (history.md)."""

from __future__ import annotations

from pathlib import Path

import click

_DB = click.option("--db", "db", type=click.Path(dir_okay=False), default="scoring-history.sqlite",
                   show_default=True, help="The history database file.")


@click.command()
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--period", required=True, help="The period evaluated: 2026, 2026H1, 2026Q3 or 2026-03.")
@_DB
@click.option("--replace", is_flag=True, help="Replace the run already recorded for this period.")
@click.option("--scores", multiple=True, type=click.Path(dir_okay=False),
              help="A filled score sheet or long-format CSV, as for `scoring score`; repeat for each file.")
@click.option("--allow-missing", is_flag=True,
              help="Score without an evaluator's empty judged score instead of rejecting the input.")
def record(rubric: str, input_file: str, period: str, db: str, replace: bool, scores: tuple[str, ...],
           allow_missing: bool) -> None:
    """Evaluate INPUT against RUBRIC and store it as the run of PERIOD in the history database."""
    from scoring.history.periods import PeriodFormatError, parse_period

    try:
        when = parse_period(period)
    except PeriodFormatError as exc:
        raise click.UsageError(f"--period: {exc}") from None
    from scoring.cli import _warn
    from scoring.history.db import check_sqlite, inspect
    from scoring.history.store import Sources
    from scoring.history.store import record as store
    from scoring.pipeline import score_files
    from scoring.resources import resolve_rubric

    check_sqlite("record")
    inspect(Path(db))  # an unusable file is refused before the evaluation's work
    rubric_file = resolve_rubric(rubric)
    evaluation = score_files(rubric, input_file, scores=scores, allow_missing=allow_missing)
    sources = Sources(Path(rubric_file).read_bytes(), Path(input_file), tuple(Path(s) for s in scores))
    click.echo(str(store(evaluation, sources, when, Path(db), replace=replace)))
    _warn(evaluation.warnings)


@click.command()
@_DB
@click.option("--rubric", "rubric_id", help="Only the runs of this rubric id.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def history(db: str, rubric_id: str | None, fmt: str) -> None:
    """List the recorded runs, by rubric id and period."""
    from scoring.history.db import reading
    from scoring.history.output import history_json, history_table
    from scoring.history.query import runs

    with reading(Path(db), "history") as conn:
        found = runs(conn, Path(db), rubric_id)
    click.echo(history_json(found) if fmt == "json" else history_table(found), nl=False)


@click.command()
@click.argument("candidate")
@_DB
@click.option("--rubric", "rubric_id", help="The rubric id of the series; needed when the database holds several.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              help="Output format; by default taken from -o's suffix, else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the terminal.")
def trend(candidate: str, db: str, rubric_id: str | None, fmt: str | None, output: str | None) -> None:
    """Show CANDIDATE's (or ALL candidates') totals, grades and ranks across the recorded periods."""
    from scoring.cli import _check_output

    if output is not None:
        _check_output("-o", output, [db])
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("json", "csv") else "table"
    from scoring.history.db import reading
    from scoring.history.output import trend_csv, trend_json, trend_table
    from scoring.history.trend import trend as build
    from scoring.render.atomic import write_atomic

    with reading(Path(db), "trend") as conn:
        found = build(conn, Path(db), candidate, rubric_id)
    text = {"json": trend_json, "csv": trend_csv}.get(fmt, trend_table)(found)
    if output:
        write_atomic(output, text.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
