"""`record`: one evaluation stored as the run of a period, in one transaction."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from scoring import __version__
from scoring.history import rows
from scoring.history.db import HistoryError, insert, usable_version, writing
from scoring.history.periods import Period, period_key
from scoring.history.schema import migrate
from scoring.model.results import Evaluation


@dataclass(frozen=True)
class Recorded:
    """What `record` stored: the line the command prints."""

    period: str
    rubric_id: str
    candidates: int
    qualified: int
    file: str

    def __str__(self) -> str:
        return (f"recorded {self.period} of {self.rubric_id}: {self.candidates} candidates "
                f"({self.qualified} qualified) in {self.file}")


@dataclass(frozen=True)
class Sources:
    """The files an evaluation was read from: the rubric's bytes, the input and any score sheets."""

    rubric: bytes
    input: Path
    scores: Sequence[Path] = ()
    known: Mapping[str, str] = field(default_factory=dict)
    """SHA-256 of files already read, by `str(Path(name))`: what their readers worked out."""

    @classmethod
    def of(cls, evaluation: Evaluation, rubric: bytes, input_file: str | Path,
           scores: Sequence[str | Path] = ()) -> Sources:
        """The sources of an evaluation `score_files` read from these files, with the digests its readers made."""
        known = {str(Path(name)): digest for name, digest in evaluation.input.sha256.items()}
        return cls(rubric, Path(input_file), tuple(Path(s) for s in scores), known)

    def sha256(self, path: Path) -> str:
        """SHA-256 of the bytes of the file at `path`: as its reader saw them, else read now."""
        known = self.known.get(str(path))
        return known if known is not None else hashlib.sha256(path.read_bytes()).hexdigest()


def record(evaluation: Evaluation, sources: Sources, period: Period, file: Path, *, replace: bool = False,
           now: datetime | None = None) -> Recorded:
    """Store `evaluation` as the run of `period` for its rubric id; raises `HistoryError` when refused.

    The database is untouched unless everything is stored.
    """
    moment = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if hashlib.sha256(sources.rubric).hexdigest() != evaluation.rubric.sha256:
        raise HistoryError(f"{evaluation.rubric.file} changed while it was being recorded; record it again")
    with writing(file) as db:
        _prepare(db, file, moment)
        rubric_id = evaluation.rubric.id
        _check_period(db, rubric_id, period, replace)
        run_id = _insert_run(db, evaluation, sources, period, moment)
        _insert_results(db, run_id, evaluation)
    qualified = sum(1 for r in evaluation.candidates if r.qualified)
    return Recorded(period.text, rubric_id, len(evaluation.candidates), qualified, str(file))


def _prepare(db: sqlite3.Connection, file: Path, moment: str) -> None:
    """Inside the transaction: re-read what the file is, then migrate it to this version."""
    usable_version(db, file)
    migrate(db, moment)


def _check_period(db: sqlite3.Connection, rubric_id: str, period: Period, replace: bool) -> None:
    """Refuse a period of another kind than the rubric id's, or one already recorded without `replace`."""
    runs = db.execute("SELECT period, period_kind, recorded_at FROM run WHERE rubric_id = ?", (rubric_id,)).fetchall()
    other = sorted({p for p, kind, _ in runs if kind != period.kind}, key=period_key)
    if other:
        kinds = sorted({kind for _, kind, _ in runs if kind != period.kind})
        raise HistoryError(f"period {period.text} is a {period.kind}, but {rubric_id} is recorded by "
                           f"{' and '.join(kinds)}: {', '.join(other)}; one rubric id keeps to one kind of period")
    same = [at for p, _, at in runs if p == period.text]
    if same and not replace:
        raise HistoryError(f"{period.text} of {rubric_id} is already recorded (at {same[0]}); "
                           f"give --replace to replace it")
    if same:
        db.execute("DELETE FROM run WHERE rubric_id = ? AND period = ?", (rubric_id, period.text))


def _insert_run(db: sqlite3.Connection, evaluation: Evaluation, sources: Sources, period: Period, moment: str) -> int:
    """The rubric row (once per file) and the run row; returns the run's id."""
    rubric = evaluation.rubric
    db.execute("INSERT OR IGNORE INTO rubric (sha256, rubric_id, title, source) VALUES (?, ?, ?, ?)",
               (rubric.sha256, rubric.id, rubric.title, sources.rubric.decode("utf-8", "surrogateescape")))
    data = evaluation.input
    cursor = db.execute(
        "INSERT INTO run (rubric_id, period, period_kind, period_start, period_end, rubric_sha256, input_name, "
        "input_sha256, title, evaluated_on, recorded_at, tool_version, decimals, extra_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (rubric.id, period.text, period.kind, period.start.isoformat(), period.end.isoformat(), rubric.sha256,
         sources.input.name, sources.sha256(sources.input), data.title, data.date or moment[:10], moment, __version__,
         rubric.decimals, rows.run_extra(evaluation)))
    run_id = int(cursor.lastrowid or 0)
    db.executemany("INSERT INTO score_file (run_id, position, name, sha256) VALUES (?, ?, ?, ?)",
                   [(run_id, i, p.name, sources.sha256(p)) for i, p in enumerate(sources.scores, start=1)])
    return run_id


def _insert_results(db: sqlite3.Connection, run_id: int, evaluation: Evaluation) -> None:
    """Every candidate's rows, by candidate id: the primary keys' indexes then grow at their ends.

    Rows are made a candidate at a time as they are inserted, so memory stays flat however many
    candidates there are.
    """
    texts = rows.Texts(evaluation.rubric.decimals)
    items = evaluation.rubric.rounding == "items"
    section_of = rows.sections_of(evaluation)
    results = sorted(evaluation.candidates, key=lambda r: r.candidate.id)
    qualified = [r for r in results if r.score is not None]
    each = chain.from_iterable
    insert(db, "result", run_id, (rows.result_row(r, texts, items, evaluation) for r in results))
    insert(db, "section_result", run_id, each(rows.section_rows(r, texts, items) for r in qualified))
    insert(db, "criterion_result", run_id, each(rows.criterion_rows(r, texts, items, section_of) for r in qualified),
           rows.CRITERION_NULLABLE)
    insert(db, "evaluator_score", run_id, each(rows.evaluator_rows(r, texts) for r in qualified),
           rows.EVALUATOR_NULLABLE)
