"""Opening a history database: what FILE is, checked before anything touches it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from scoring.history.schema import MIN_SQLITE, VERSION, has_table, stored_version
from scoring.model.errors import ScoringError

BUSY_TIMEOUT = 60.0
"""Seconds a writer waits for another's transaction (history.md: at least 30)."""

_HEADER = b"SQLite format 3\x00"


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
            version = stored_version(db)
            others = db.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").fetchone()[0]
            if version == 0 and others and not has_table(db, "schema_version"):
                raise HistoryError(f"{path} is not a scoring history database")
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path} is not an SQLite database ({exc})") from None
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
