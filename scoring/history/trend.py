"""`trend`: each candidate's totals, grades and ranks across periods, with breaks where the rubric changed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from scoring.history import query
from scoring.history.changes import Change, compare
from scoring.history.db import HistoryError
from scoring.model.errors import unknown


@dataclass(frozen=True)
class Entry:
    """One candidate in one period."""

    period: str
    qualified: bool
    failed_gates: tuple[str, ...]
    total: str | None
    grade: str | None
    rank: int | None
    of: int
    since: str | None
    change: str | None
    rank_change: int | None
    rubric_change: str | None


@dataclass(frozen=True)
class Series:
    """One candidate's entries, in period order."""

    id: str
    name: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Break:
    """A period scored with another rubric file than the previous recorded period."""

    period: str
    previous: str
    summary: str
    comparable: bool


@dataclass(frozen=True)
class Trend:
    """The trend of one rubric id's candidates."""

    rubric_id: str
    title: str
    decimals: int
    periods: tuple[str, ...]
    breaks: tuple[Break, ...]
    candidates: tuple[Series, ...]


@dataclass
class _Changes:
    """Rubric comparisons, each pair of files compared once."""

    db: sqlite3.Connection
    seen: dict[tuple[str, str], Change] = field(default_factory=dict)

    def between(self, older: str, newer: str) -> Change | None:
        if older == newer:
            return None
        if (older, newer) not in self.seen:
            self.seen[older, newer] = compare(query.rubric_source(self.db, older), query.rubric_source(self.db, newer))
        return self.seen[older, newer]


class _Period(NamedTuple):
    """One recorded run's rows by candidate id, and how many of them were ranked."""

    run: query.Run
    rows: dict[str, tuple[Any, ...]]
    of: int


def trend(db: sqlite3.Connection, file: Path, candidate: str, rubric: str | None = None) -> Trend:
    """The trend of `candidate` (or every one, for `ALL`) in the series of `rubric`."""
    rubric_id = query.choose_rubric(db, file, rubric)
    series = query.runs(db, file, rubric_id)
    query.check_kinds(series, rubric_id)
    changes = _Changes(db)
    breaks = tuple(Break(run.period, before.period, change.summary, change.comparable)
                   for before, run in zip(series, series[1:], strict=False)
                   if (change := changes.between(before.rubric_sha256, run.rubric_sha256)) is not None)
    per_run = []
    for run in series:
        rows = query.results(db, run.run_id)
        per_run.append(_Period(run, {row[0]: row for row in rows}, sum(1 for r in rows if r[6] is not None)))
    ids = _order(per_run)
    if candidate != "ALL":
        if candidate not in ids:
            raise HistoryError(f"{file}: {unknown(f'candidate of {rubric_id}', candidate, ids)}")
        ids = [candidate]
    latest = series[-1]
    return Trend(rubric_id, query.rubric_title(db, latest.rubric_sha256), latest.decimals,
                 tuple(r.period for r in series), breaks, tuple(_series(cid, per_run, changes) for cid in ids))


def _order(per_run: list[_Period]) -> list[str]:
    """Candidates by the latest period's ranking, then those disqualified in it or absent, by id."""
    latest = per_run[-1].rows.values()
    ranked = [row[0] for row in sorted((r for r in latest if r[6] is not None), key=lambda r: (r[6], r[0]))]
    others = sorted({cid for p in per_run for cid in p.rows} - set(ranked))
    return ranked + others


def _series(cid: str, per_run: list[_Period], changes: _Changes) -> Series:
    """One candidate's entries, each compared with its latest earlier period that has a total."""
    entries: list[Entry] = []
    name = ""
    last: tuple[query.Run, str, int] | None = None  # the run, total and rank of `since`
    for run, rows, of in per_run:
        row = rows.get(cid)
        if row is None:
            continue
        _, name, qualified, gates, total, grade, rank = row
        since = change = rank_change = summary = None
        if total is not None and last is not None:
            before, before_total, before_rank = last
            since = before.period
            diff = changes.between(before.rubric_sha256, run.rubric_sha256)
            summary = diff.summary if diff is not None else None
            if diff is None or diff.comparable:
                change = format(Decimal(total) - Decimal(before_total), "f")
                rank_change = before_rank - rank
        entries.append(Entry(run.period, bool(qualified), tuple(gates.split()), total, grade, rank, of, since,
                             change, rank_change, summary))
        if total is not None:
            last = (run, total, rank)
    return Series(cid, name, tuple(entries))
