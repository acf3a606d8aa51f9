"""Opening a history database: what FILE is, checked before anything touches it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import closing, contextmanager
from itertools import chain, islice
from pathlib import Path

from scoring.history.schema import MIN_SQLITE, VERSION, has_table, stored_version
from scoring.model.errors import ScoringError

BUSY_TIMEOUT = 60.0
"""Seconds a writer waits for another's transaction (history.md: at least 30)."""

_HEADER = b"SQLite format 3\x00"

NULL = 0
"""What a row gives `insert` for SQL NULL in a column it names as nullable. Python's sqlite3 binds
None (and True, False) ten times slower than an integer, as it first looks for an adapter for it:
at a million rows that is most of a second."""

ROWS_PER_STATEMENT = 100
"""Rows one INSERT writes. Running a statement costs more than binding one row's values: bench_history's
1.3 million rows took 5.3 s one a statement and 3.3 s a hundred a statement; more bought nothing measurable."""


class HistoryError(ScoringError):
    """A history database that cannot be used, a refused period, an unknown id: exit 1."""


def check_sqlite(command: str) -> None:
    """Stop when this Python's SQLite cannot make STRICT tables."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise HistoryError(f"scoring {command} needs SQLite 3.37 or newer; "
                           f"this Python's sqlite3 module has {sqlite3.sqlite_version}")


def inspect(path: Path) -> int | None:
    """The schema version of the database at `path`; None when it does not exist or is empty.

    Raises `HistoryError` for a file that is not SQLite, another program's database or a
    schema newer than this program's. Reads only: the file is opened read-only.
    """
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return None
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_HEADER))
    except OSError as exc:
        raise HistoryError(f"{path}: {exc.strerror or exc}") from None
    if header != _HEADER:
        raise HistoryError(f"{path} is not an SQLite database")
    try:
        with closing(_connect(path, read_only=True)) as db:
            return usable_version(db, path)
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path} is not an SQLite database ({exc})") from None


def usable_version(db: sqlite3.Connection, path: Path) -> int:
    """The schema version of `db`, the database at `path`, one this program can use.

    Raises `HistoryError` for another program's database (tables, none of them ours) or a
    schema newer than this program's.
    """
    version = stored_version(db)
    tables = db.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables and not has_table(db, "schema_version"):
        raise HistoryError(f"{path} is not a scoring history database")
    too_new(path, version)
    return version


def too_new(path: Path, version: int) -> None:
    """Refuse a schema newer than this program knows."""
    if version > VERSION:
        raise HistoryError(f"{path} has history schema version {version}; this scoring knows up to "
                           f"version {VERSION}: upgrade scoring to use it")


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection with foreign keys on, autocommit (transactions are explicit), a long busy wait."""
    target = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
    db = sqlite3.connect(target, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    return db


@contextmanager
def reading(path: Path, command: str) -> Iterator[sqlite3.Connection]:
    """A read-only connection to an existing history database (never created, migrated or written)."""
    check_sqlite(command)
    if inspect(path) is None:
        raise HistoryError(f"no history database at {path}")
    with closing(_connect(path, read_only=True)) as db:
        try:
            yield db
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{path}: {exc}") from None


@contextmanager
def writing(path: Path) -> Iterator[sqlite3.Connection]:
    """One BEGIN IMMEDIATE transaction on `path` (created when missing), committed when the block ends.

    On any error the transaction is rolled back and a file this call created is removed again.
    """
    check_sqlite("record")
    inspect(path)
    created = not path.exists()
    try:
        db = _connect(path, read_only=False)
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot open {path}: {exc}") from None
    try:
        with closing(db):
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError as exc:
        _forget(path, created)
        raise HistoryError(f"{path}: {exc}") from None
    except BaseException:
        _forget(path, created)
        raise


def _forget(path: Path, created: bool) -> None:
    """Remove the empty file a failed first write left, so a missing database stays missing."""
    if created and path.exists() and path.stat().st_size == 0:
        os.remove(path)


def insert(db: sqlite3.Connection, table: str, run_id: int, rows: Iterable[tuple[object, ...]],
           nullable: Collection[int] = ()) -> None:
    """Insert `rows` (each a row of `table` without its leading run id) as rows of run `run_id`.

    Many rows go in each INSERT; they are taken from `rows` as they are written, a statement at a time.
    At the positions in `nullable` a row gives `NULL` (the integer 0) for SQL NULL: `NULLIF(?, 0)` turns it
    back, and a text is never equal to an integer, so every text, '0' too, is stored as it is.
    """
    source = iter(rows)
    first = next(source, None)
    if first is None:
        return
    width = len(first)
    limit = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    size = max(1, min(ROWS_PER_STATEMENT, limit // width))
    values = ", ".join(f"NULLIF(?, {NULL})" if i in nullable else "?" for i in range(width))
    row = f"({int(run_id)}, {values})"  # the run id is our own integer: written in, not bound
    flat = chain.from_iterable
    source = chain((first,), source)
    full = f"INSERT INTO {table} VALUES {', '.join([row] * size)}"
    batch = tuple(flat(islice(source, size)))
    while len(batch) == size * width:
        db.execute(full, batch)
        batch = tuple(flat(islice(source, size)))
    if batch:
        db.execute(f"INSERT INTO {table} VALUES {', '.join([row] * (len(batch) // width))}", batch)
