"""The history database's schema (version 1, a public contract) and its migrations."""

from __future__ import annotations

import sqlite3

VERSION = 1
"""The newest schema version this program knows."""

MIN_SQLITE = (3, 37, 0)
"""STRICT tables need SQLite 3.37 or newer."""

_V1 = """
CREATE TABLE IF NOT EXISTS schema_version (
  version    INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS rubric (
  sha256    TEXT PRIMARY KEY,
  rubric_id TEXT NOT NULL,
  title     TEXT NOT NULL,
  source    TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS run (
  run_id        INTEGER PRIMARY KEY,
  rubric_id     TEXT NOT NULL,
  period        TEXT NOT NULL,
  period_kind   TEXT NOT NULL CHECK (period_kind IN ('year', 'half', 'quarter', 'month')),
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL,
  rubric_sha256 TEXT NOT NULL REFERENCES rubric (sha256),
  input_name    TEXT NOT NULL,
  input_sha256  TEXT NOT NULL,
  title         TEXT NOT NULL,
  evaluated_on  TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  tool_version  TEXT NOT NULL,
  decimals      INTEGER NOT NULL,
  extra_json    TEXT NOT NULL DEFAULT '{}',
  UNIQUE (rubric_id, period)
) STRICT;
CREATE TABLE IF NOT EXISTS score_file (
  run_id   INTEGER NOT NULL REFERENCES run (run_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  sha256   TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
) STRICT;
CREATE TABLE IF NOT EXISTS result (
  run_id       INTEGER NOT NULL REFERENCES run (run_id) ON DELETE CASCADE,
  candidate_id TEXT NOT NULL,
  name         TEXT NOT NULL,
  qualified    INTEGER NOT NULL CHECK (qualified IN (0, 1)),
  failed_gates TEXT NOT NULL,
  total        TEXT,
  total_exact  TEXT,
  grade        TEXT,
  grade_by_score TEXT,
  rank         INTEGER,
  extra_json   TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, candidate_id)
) STRICT;
CREATE TABLE IF NOT EXISTS section_result (
  run_id             INTEGER NOT NULL,
  candidate_id       TEXT NOT NULL,
  section_id         TEXT NOT NULL,
  contribution       TEXT NOT NULL,
  contribution_exact TEXT NOT NULL,
  share              TEXT NOT NULL,
  PRIMARY KEY (run_id, candidate_id, section_id),
  FOREIGN KEY (run_id, candidate_id) REFERENCES result (run_id, candidate_id) ON DELETE CASCADE
) STRICT;
CREATE TABLE IF NOT EXISTS criterion_result (
  run_id             INTEGER NOT NULL,
  candidate_id       TEXT NOT NULL,
  criterion_id       TEXT NOT NULL,
  section_id         TEXT,
  source             TEXT NOT NULL CHECK (source IN ('judged', 'fact', 'metric')),
  value              TEXT,
  label              TEXT NOT NULL,
  points             TEXT NOT NULL,
  points_exact       TEXT NOT NULL,
  maximum            TEXT NOT NULL,
  contribution_exact TEXT NOT NULL,
  fallback           INTEGER NOT NULL CHECK (fallback IN (0, 1)),
  moderated_from     TEXT,
  moderation_reason  TEXT,
  PRIMARY KEY (run_id, candidate_id, criterion_id),
  FOREIGN KEY (run_id, candidate_id) REFERENCES result (run_id, candidate_id) ON DELETE CASCADE
) STRICT;
CREATE TABLE IF NOT EXISTS evaluator_score (
  run_id       INTEGER NOT NULL,
  candidate_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  evaluator_id TEXT NOT NULL,
  role         TEXT,
  given        TEXT NOT NULL,
  points       TEXT NOT NULL,
  dropped      INTEGER NOT NULL CHECK (dropped IN (0, 1)),
  PRIMARY KEY (run_id, candidate_id, criterion_id, evaluator_id),
  FOREIGN KEY (run_id, candidate_id, criterion_id)
    REFERENCES criterion_result (run_id, candidate_id, criterion_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX IF NOT EXISTS result_by_candidate ON result (candidate_id);
"""

MIGRATIONS: dict[int, str] = {1: _V1}
"""Per version, the SQL that brings a database at the version before it up to it (1: from empty).
A later version adds its entry here; `migrate` applies every one above the stored version."""


def stored_version(db: sqlite3.Connection) -> int:
    """The largest applied version; 0 for a database without the schema_version table."""
    if not has_table(db, "schema_version"):
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """True when the database has a table `name`."""
    row = db.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def migrate(db: sqlite3.Connection, now: str) -> None:
    """Inside the caller's write transaction: apply every migration above the stored version."""
    for version in range(stored_version(db) + 1, VERSION + 1):
        for statement in MIGRATIONS[version].split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, now))
