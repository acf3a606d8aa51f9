"""Reading a history database: runs, rubric ids and results (never writing)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.history.db import HistoryError
from scoring.history.periods import PeriodFormatError, period_key
from scoring.model.errors import unknown


@dataclass(frozen=True)
class Run:
    """One recorded run, as `history` lists it."""

    run_id: int
    rubric_id: str
    period: str
    period_kind: str
    period_start: str
    period_end: str
    title: str
    recorded_at: str
    rubric_sha256: str
    input_name: str
    input_sha256: str
    tool_version: str
    decimals: int
    candidates: int
    qualified: int

    def to_dict(self) -> dict[str, Any]:
        """The run as `history --format json` lists it."""
        return {"rubric": self.rubric_id, "period": self.period, "period_kind": self.period_kind,
                "period_start": self.period_start, "period_end": self.period_end, "title": self.title,
                "recorded_at": self.recorded_at, "rubric_sha256": self.rubric_sha256,
                "input_name": self.input_name, "input_sha256": self.input_sha256,
                "candidates": self.candidates, "qualified": self.qualified, "tool_version": self.tool_version}


_RUNS = """
SELECT run_id, rubric_id, period, period_kind, period_start, period_end, title, recorded_at, rubric_sha256,
       input_name, input_sha256, tool_version, decimals,
       (SELECT count(*) FROM result r WHERE r.run_id = run.run_id),
       (SELECT count(*) FROM result r WHERE r.run_id = run.run_id AND r.qualified = 1)
FROM run
"""


def runs(db: sqlite3.Connection, file: Path, rubric_id: str | None = None) -> list[Run]:
    """The recorded runs (of `rubric_id`, when given), by rubric id and then period order."""
    found = [Run(*row) for row in db.execute(_RUNS)]
    if rubric_id is not None:
        found = [r for r in found if r.rubric_id == rubric_id]
    try:
        return sorted(found, key=lambda r: (r.rubric_id, period_key(r.period)))
    except PeriodFormatError as exc:
        raise HistoryError(f"{file}: a stored {exc}") from None


def choose_rubric(db: sqlite3.Connection, file: Path, given: str | None) -> str:
    """The rubric id of the series: `given` (which must be recorded) or the database's only one."""
    ids = [row[0] for row in db.execute("SELECT DISTINCT rubric_id FROM run ORDER BY rubric_id")]
    if given is not None:
        if given not in ids:
            raise HistoryError(f"{file}: {unknown('rubric id', given, ids)}")
        return given
    if not ids:
        raise HistoryError(f"{file} has no recorded runs")
    if len(ids) > 1:
        raise HistoryError(f"{file} holds several rubric ids ({', '.join(ids)}); choose one with --rubric")
    return str(ids[0])


def check_kinds(series: list[Run], rubric_id: str) -> None:
    """A rubric id's periods are of one kind; another tool may have written mixed ones."""
    kinds = sorted({r.period_kind for r in series})
    if len(kinds) > 1:
        listed = ", ".join(f"{r.period} ({r.period_kind})" for r in series)
        raise HistoryError(f"{rubric_id} is recorded by periods of several kinds ({' and '.join(kinds)}): {listed}; "
                           f"one rubric id keeps to one kind of period")


def rubric_source(db: sqlite3.Connection, sha256: str) -> str:
    """The stored text of a rubric file ('' when the row is missing)."""
    row = db.execute("SELECT source FROM rubric WHERE sha256 = ?", (sha256,)).fetchone()
    return str(row[0]) if row else ""


def rubric_title(db: sqlite3.Connection, sha256: str) -> str:
    """The stored title of a rubric file."""
    row = db.execute("SELECT title FROM rubric WHERE sha256 = ?", (sha256,)).fetchone()
    return str(row[0]) if row else ""


def results(db: sqlite3.Connection, run_id: int) -> list[tuple[Any, ...]]:
    """A run's results: candidate id, name, qualified, failed gates, total, grade, rank."""
    return db.execute("SELECT candidate_id, name, qualified, failed_gates, total, grade, rank FROM result "
                      "WHERE run_id = ?", (run_id,)).fetchall()
