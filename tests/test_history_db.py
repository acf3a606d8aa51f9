"""History's database file rules: refusals leave every file as it was (history.md, "The database file")."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_history import QUARTERS, record, recorded_three

from scoring.cli import cli
from scoring.history import db as history_db
from tests.team import write_input, write_rubric


def _bytes_after(runner: CliRunner, args: list[str], file: Path) -> tuple[int, str, bytes]:
    result = runner.invoke(cli, args)
    return result.exit_code, result.output, file.read_bytes()


def test_rerecording_without_replace_leaves_the_file_byte_identical(runner: CliRunner) -> None:
    rubric = recorded_three(runner)
    before = Path("h.sqlite").read_bytes()
    recorded_at = sqlite3.connect("h.sqlite").execute("SELECT recorded_at FROM run WHERE period = '2026Q1'").fetchone()
    code, out = record(runner, rubric, "2026q1", QUARTERS["2026Q2"])
    assert code == 1
    assert out == (f"error: 2026Q1 of team-review is already recorded (at {recorded_at[0]}); "
                   "give --replace to replace it\n")
    assert Path("h.sqlite").read_bytes() == before


def test_mixed_period_kinds_are_refused(runner: CliRunner) -> None:
    rubric = recorded_three(runner)
    before = Path("h.sqlite").read_bytes()
    code, out = record(runner, rubric, "2026-07", QUARTERS["2026Q2"])
    assert (code, out) == (1, "error: period 2026-07 is a month, but team-review is recorded by quarter: "
                              "2025Q4, 2026Q1, 2026Q2; one rubric id keeps to one kind of period\n")
    assert Path("h.sqlite").read_bytes() == before


def test_mixed_kinds_written_by_another_tool_stop_trend(runner: CliRunner) -> None:
    recorded_three(runner)
    with sqlite3.connect("h.sqlite") as db:
        db.execute("UPDATE run SET period = '2026-04', period_kind = 'month' WHERE period = '2026Q2'")
    before = Path("h.sqlite").read_bytes()
    result = runner.invoke(cli, ["trend", "ALL", "--db", "h.sqlite"])
    assert result.exit_code == 1
    assert result.output == ("error: team-review is recorded by periods of several kinds (month and quarter): "
                             "2025Q4 (quarter), 2026Q1 (quarter), 2026-04 (month); "
                             "one rubric id keeps to one kind of period\n")
    assert Path("h.sqlite").read_bytes() == before


@pytest.mark.parametrize("period", ["2026Q5", "2026-3", "Q3-2026"])
def test_malformed_period_is_exit_2_before_anything(runner: CliRunner, period: str) -> None:
    rubric = write_rubric(Path("team.yaml"))
    code, out = record(runner, rubric, period, QUARTERS["2026Q1"])
    assert code == 2
    assert f"--period: period '{period}' is none of the accepted forms: YYYY (2026), YYYYH1/H2 (2026H1), " in out
    assert not Path("h.sqlite").exists()


def test_not_sqlite(runner: CliRunner) -> None:
    rubric = write_rubric(Path("team.yaml"))
    Path("h.sqlite").write_text("name,total\nann,80\n")
    before = Path("h.sqlite").read_bytes()
    code, out = record(runner, rubric, "2026Q1", QUARTERS["2026Q1"])
    assert (code, out) == (1, "error: h.sqlite is not an SQLite database\n")
    assert Path("h.sqlite").read_bytes() == before
    code, out, after = _bytes_after(runner, ["trend", "ALL", "--db", "h.sqlite"], Path("h.sqlite"))
    assert (code, out, after) == (1, "error: h.sqlite is not an SQLite database\n", before)


def test_another_programs_database(runner: CliRunner) -> None:
    rubric = write_rubric(Path("team.yaml"))
    with sqlite3.connect("h.sqlite") as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount TEXT)")
    before = Path("h.sqlite").read_bytes()
    code, out = record(runner, rubric, "2026Q1", QUARTERS["2026Q1"])
    assert (code, out) == (1, "error: h.sqlite is not a scoring history database\n")
    assert Path("h.sqlite").read_bytes() == before
    code, out, after = _bytes_after(runner, ["history", "--db", "h.sqlite"], Path("h.sqlite"))
    assert (code, out, after) == (1, "error: h.sqlite is not a scoring history database\n", before)


def test_newer_schema_version(runner: CliRunner) -> None:
    rubric = recorded_three(runner)
    with sqlite3.connect("h.sqlite") as db:
        db.execute("INSERT INTO schema_version VALUES (2, '2030-01-01T00:00:00Z')")
    before = Path("h.sqlite").read_bytes()
    message = ("error: h.sqlite has history schema version 2; this scoring knows up to version 1: "
               "upgrade scoring to use it\n")
    assert record(runner, rubric, "2026Q3", QUARTERS["2026Q1"]) == (1, message)
    assert Path("h.sqlite").read_bytes() == before
    assert _bytes_after(runner, ["trend", "ALL", "--db", "h.sqlite"], Path("h.sqlite")) == (1, message, before)


def test_reading_commands_never_create(runner: CliRunner) -> None:
    for args in (["history"], ["trend", "ALL"]):
        result = runner.invoke(cli, [*args, "--db", "none.sqlite"])
        assert (result.exit_code, result.output) == (1, "error: no history database at none.sqlite\n")
        assert not Path("none.sqlite").exists()


def test_failed_evaluation_stores_nothing(runner: CliRunner) -> None:
    rubric = write_rubric(Path("team.yaml"))
    data = write_input(Path("bad.yaml"), {"ann": ((11, 9), (7, 7))})  # 11 is above the scale's max of 10
    result = runner.invoke(cli, ["record", str(rubric), str(data), "--period", "2026Q1", "--db", "h.sqlite"])
    assert result.exit_code == 1
    assert not Path("h.sqlite").exists()


def test_old_sqlite_is_refused(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = write_rubric(Path("team.yaml"))
    monkeypatch.setattr(history_db.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(history_db.sqlite3, "sqlite_version", "3.31.1")
    code, out = record(runner, rubric, "2026Q1", QUARTERS["2026Q1"])
    assert (code, out) == (1, "error: scoring record needs SQLite 3.37 or newer; "
                              "this Python's sqlite3 module has 3.31.1\n")
    assert not Path("h.sqlite").exists()


@pytest.mark.parametrize("earlier", ["empty file", "empty database"])
def test_earlier_versions_are_migrated(runner: CliRunner, earlier: str) -> None:
    # Version 0 (no schema yet): a 0-byte file, or an SQLite database without tables.
    if earlier == "empty file":
        Path("h.sqlite").write_bytes(b"")
    else:
        sqlite3.connect("h.sqlite").execute("PRAGMA user_version = 7").connection.close()
        assert Path("h.sqlite").stat().st_size > 0
    rubric = write_rubric(Path("team.yaml"))
    assert record(runner, rubric, "2026Q1", QUARTERS["2026Q1"])[0] == 0
    with sqlite3.connect("h.sqlite") as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
        assert db.execute("SELECT count(*) FROM result").fetchone() == (2,)
    assert sorted(p.name for p in Path().iterdir() if p.name.startswith("h.")) == ["h.sqlite"]
