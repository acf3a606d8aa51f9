"""`scoring record`, `history` and `trend`: evaluations kept per period in SQLite (history.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from scoring.commands.options import ALLOW_MISSING, SCORES

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable

    from scoring.history.changes import Change
    from scoring.history.query import Run
    from scoring.history.store import Sources
    from scoring.history.trend import Entry
    from scoring.model.results import CandidateResult, Evaluation
    from scoring.render.trend import History, Point

_DB = click.option("--db", "db", type=click.Path(dir_okay=False), default="scoring-history.sqlite",
                   show_default=True, help="The history database file.")


@click.command()
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--period", required=True, help="The period evaluated: 2026, 2026H1, 2026Q3 or 2026-03.")
@_DB
@click.option("--replace", is_flag=True, help="Replace the run already recorded for this period.")
@SCORES
@ALLOW_MISSING
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
    sources = Sources.of(evaluation, Path(rubric_file).read_bytes(), input_file, scores)
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
    from scoring.commands.output import emit
    from scoring.history.db import reading
    from scoring.history.output import trend_csv, trend_json, trend_table
    from scoring.history.trend import trend as build

    with reading(Path(db), "trend") as conn:
        found = build(conn, Path(db), candidate, rubric_id)
    text = {"json": trend_json, "csv": trend_csv}.get(fmt, trend_table)(found)
    emit(text, output or None, "utf-8-sig" if fmt == "csv" else "utf-8")  # `-o ""` prints, as no -o does



def report_history(evaluation: Evaluation, sources: Sources, file: Path, period: str | None) -> History:
    """Each candidate's earlier periods and this evaluation, for `report --db` (history.md); reads only."""
    from scoring.history import query
    from scoring.history.changes import compare
    from scoring.history.db import reading
    from scoring.history.periods import period_key
    from scoring.history.trend import trend
    from scoring.render.trend import SHOWN_PERIODS, History

    with reading(file, "report") as db:
        series = query.runs(db, file, evaluation.rubric.id)
        current = period if period is not None else _recorded_as(db, series, evaluation, sources, file)
        earlier = [r for r in series if current is None or period_key(r.period) < period_key(current)]
        shown = earlier[-SHOWN_PERIODS:]
        found = trend(db, file, "ALL", evaluation.rubric.id).candidates if shown else ()
        texts = {r.rubric_sha256: query.rubric_source(db, r.rubric_sha256) for r in shown}
    now = sources.rubric.decode("utf-8", "surrogateescape")
    texts[evaluation.rubric.sha256] = now
    shas = [*(r.rubric_sha256 for r in shown), evaluation.rubric.sha256]
    labels = [*(r.period for r in shown), current or ""]
    compared: dict[tuple[str, str], Change] = {}  # each pair of rubric texts once, not once per candidate

    def change(older: str, newer: str) -> Change:
        if (older, newer) not in compared:
            compared[older, newer] = compare(texts[older], texts[newer])
        return compared[older, newer]

    breaks = {labels[i] for i in range(1, len(shas))
              if shas[i - 1] != shas[i] and not change(shas[i - 1], shas[i]).comparable}
    rubric_of = {r.period: r.rubric_sha256 for r in shown}

    def since(period: str) -> Change | None:
        sha = rubric_of[period]
        return None if sha == evaluation.rubric.sha256 else change(sha, evaluation.rubric.sha256)

    periods = set(rubric_of)
    past = {s.id: [e for e in s.entries if e.period in periods] for s in found}
    of = sum(1 for c in evaluation.candidates if c.score is not None)
    points = {r.candidate.id: (*(_point(e) for e in past.get(r.candidate.id, [])),
                               _current(r, of, current, past.get(r.candidate.id, []), since))
              for r in evaluation.candidates}
    return History(tuple(labels), frozenset(breaks), len(earlier) - len(shown), points)


def _recorded_as(db: sqlite3.Connection, series: list[Run], evaluation: Evaluation, sources: Sources,
                 file: Path) -> str | None:
    """The period of the recorded run with this evaluation's files; None when none; refused when several."""
    from scoring.history.db import HistoryError

    rubric = evaluation.rubric.sha256  # the digest of the rubric as it was evaluated
    given = sources.sha256(sources.input)
    scores = [sources.sha256(p) for p in sources.scores]
    same = [r.period for r in series if (r.rubric_sha256, r.input_sha256) == (rubric, given)
            and [row[0] for row in db.execute("SELECT sha256 FROM score_file WHERE run_id = ? ORDER BY position",
                                              (r.run_id,))] == scores]
    if len(same) > 1:
        raise HistoryError(f"{file}: this evaluation is recorded as several periods ({', '.join(same)}); "
                           f"choose one with --period")
    return same[0] if same else None


def _point(e: Entry) -> Point:
    """A recorded period of a candidate."""
    from scoring.render.trend import Point

    return Point(e.period, e.total, e.grade, e.rank, e.of, e.change, e.rubric_change)


def _current(r: CandidateResult, of: int, current: str | None, past: list[Entry],
             since: Callable[[str], Change | None]) -> Point:
    """This evaluation of a candidate (one of `of` qualified), compared with its latest shown
    period that has a total."""
    from scoring.render.trend import Point

    score = r.score
    if score is None:
        return Point(current or "", None, None, None, of, None, None, current=True)
    total = format(score.reported_total, "f")
    before = next((e for e in reversed(past) if e.total is not None), None)
    diff = summary = None
    if before is not None:
        moved = since(before.period)
        summary = moved.summary if moved is not None else None
        if moved is None or moved.comparable:
            from decimal import Decimal

            diff = format(Decimal(total) - Decimal(before.total or "0"), "f")
    return Point(current or "", total, score.grade, score.rank, of, diff, summary, current=True)


def check_report_period(db: str | None, period: str | None) -> None:
    """`report --period`: well formed (a misuse otherwise, before anything is read) and only with --db."""
    from scoring.history.periods import PeriodFormatError, parse_period

    if period is None:
        return
    if db is None:
        raise click.UsageError("--period is for --db: give the history database too")
    try:
        parse_period(period)
    except PeriodFormatError as exc:
        raise click.UsageError(f"--period: {exc}") from None


def report_history_option(evaluation: Evaluation, input_file: str, scores: tuple[str, ...], db: str | None,
                          period: str | None) -> History | None:
    """The history `report --db` shows; None without --db. A vendor rubric's report never shows it."""
    if db is None:
        return None
    if evaluation.rubric.subject == "vendor":
        raise click.UsageError(f"--db is for staff appraisals: {evaluation.rubric.id} scores bidders, and a "
                               f"bidder's past results must not appear in a tender's report")
    from scoring.history.store import Sources

    # The files' digests are the ones their readers already worked out; the rubric's text is read
    # to compare it with the texts of earlier periods' rubrics.
    sources = Sources.of(evaluation, Path(evaluation.rubric.file).read_bytes(), input_file, scores)
    return report_history(evaluation, sources, Path(db), period)
