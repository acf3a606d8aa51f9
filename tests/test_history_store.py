"""How `record` writes (history.md): many rows to a statement, every one landing, digests of the bytes evaluated."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from test_history import record

from scoring.cli import cli
from scoring.history.db import NULL, ROWS_PER_STATEMENT, insert
from scoring.history.periods import parse_period
from scoring.history.store import Sources
from scoring.history.store import record as store
from tests.team import write_input, write_rubric


def _table() -> tuple[sqlite3.Connection, list[str]]:
    """An in-memory table shaped like the history's (a run id first) and the INSERTs run on it."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE t (run_id INTEGER NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL) STRICT")
    statements: list[str] = []
    db.set_trace_callback(lambda sql: statements.append(sql) if sql.startswith("INSERT") else None)
    return db, statements


def test_insert_writes_a_hundred_rows_to_a_statement() -> None:
    db, statements = _table()
    insert(db, "t", 7, ((f"r{i}", i) for i in range(203)))
    # 203 rows at 100 a statement: two full statements and one of the 3 left.
    assert ROWS_PER_STATEMENT == 100
    assert len(statements) == 3
    assert db.execute("SELECT count(*), min(n), max(n), sum(n) FROM t").fetchone() == (203, 0, 202, 20503)
    # 0 + 1 + … + 202 = 202 × 203 / 2 = 20503; every row carries the run id given, written into the statement.
    assert db.execute("SELECT DISTINCT run_id FROM t").fetchall() == [(7,)]
    assert db.execute("SELECT name FROM t WHERE n = 150").fetchone() == ("r150",)


def test_insert_keeps_within_the_variable_limit() -> None:
    db, statements = _table()
    db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 20)
    insert(db, "t", 1, ((f"r{i}", i) for i in range(203)))
    # Two values a row under a limit of 20 values: 10 rows a statement, 20 full ones and one of the 3 left.
    assert len(statements) == 21
    assert db.execute("SELECT count(*) FROM t").fetchone() == (203,)


def test_insert_of_no_rows_runs_nothing() -> None:
    db, statements = _table()
    insert(db, "t", 1, iter(()))
    assert statements == []


def test_insert_turns_null_back_into_sql_null_and_keeps_every_text() -> None:
    db, _ = _table()
    db.execute("CREATE TABLE u (run_id INTEGER NOT NULL, name TEXT NOT NULL, note TEXT) STRICT")
    insert(db, "u", 3, [("a", NULL), ("b", "0"), ("c", ""), ("d", "x")], nullable=(1,))
    # Only the integer NULL stands for SQL NULL: the texts '0' and '' are kept as written.
    assert db.execute("SELECT name, note, typeof(note) FROM u ORDER BY name").fetchall() == [
        ("a", None, "null"), ("b", "0", "text"), ("c", "", "text"), ("d", "x", "text")]


def test_a_run_of_many_rows_lands_whole(runner: CliRunner) -> None:
    rubric = write_rubric(Path("team.yaml"))
    scores = {f"c{i:03d}": ((i % 11, 10 - i % 11, 5), (2, 4, 6)) for i in range(70)}
    assert record(runner, rubric, "2026", scores)[0] == 0
    db = sqlite3.connect("h.sqlite")
    # 70 candidates, 2 criteria each, 3 evaluators on each criterion: 140 criterion rows (one full statement
    # and 40 left) and 420 evaluator rows (four full statements and 20 left).
    counts = [db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("result", "section_result", "criterion_result", "evaluator_score")]
    assert counts == [70, 140, 140, 420]
    # c013: quality 13 % 11 = 2, 10 - 2 = 8, 5: mean 15/3 = 5 → 5/10 × 60 = 30; manner (2+4+6)/3 = 4 → 16; 46.00.
    assert db.execute("SELECT total, total_exact FROM result WHERE candidate_id = 'c013'").fetchone() == ("46.00", "46")
    assert db.execute("SELECT evaluator_id, given, points, dropped, typeof(dropped) FROM evaluator_score "
                      "WHERE candidate_id = 'c013' AND criterion_id = 'quality' ORDER BY evaluator_id").fetchall() == [
        ("e1", "2", "2", 0, "integer"), ("e2", "8", "8", 0, "integer"), ("e3", "5", "5", 0, "integer")]
    # c000: quality given 0 % 11 = 0 by e1, a text '0'; the input gives no roles, nothing is moderated and
    # every criterion is judged, so role, value, moderated_from and moderation_reason are NULL.
    assert db.execute("SELECT given, typeof(given), role FROM evaluator_score WHERE candidate_id = 'c000' "
                      "AND criterion_id = 'quality' AND evaluator_id = 'e1'").fetchone() == ("0", "text", None)
    assert db.execute("SELECT count(*) FROM evaluator_score WHERE role IS NULL").fetchone() == (420,)
    assert db.execute("SELECT count(*) FROM criterion_result WHERE value IS NULL AND moderated_from IS NULL "
                      "AND moderation_reason IS NULL AND section_id IS NOT NULL").fetchone() == (140,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def test_the_input_digest_is_of_the_bytes_evaluated(runner: CliRunner) -> None:
    from scoring.pipeline import score_files

    rubric = write_rubric(Path("team.yaml"))
    given = write_input(Path("in.yaml"), {"ann": ((7,), (8,))})
    evaluated = given.read_bytes()
    evaluation = score_files(rubric, str(given))
    given.write_bytes(evaluated + b"# edited after the evaluation\n")
    store(evaluation, Sources.of(evaluation, rubric.read_bytes(), str(given)), parse_period("2026"), Path("h.sqlite"))
    stored = sqlite3.connect("h.sqlite").execute("SELECT input_sha256 FROM run").fetchone()[0]
    assert stored == hashlib.sha256(evaluated).hexdigest()
    assert stored != hashlib.sha256(given.read_bytes()).hexdigest()


def test_a_file_no_reader_saw_is_read_for_its_digest(tmp_path: Path) -> None:
    (tmp_path / "abc.csv").write_bytes(b"abc")
    sources = Sources(b"", tmp_path / "in.yaml", (tmp_path / "abc.csv",), {str(tmp_path / "in.yaml"): "f" * 64})
    assert sources.sha256(tmp_path / "in.yaml") == "f" * 64
    # FIPS 180-2's example: SHA-256 of "abc".
    assert sources.sha256(tmp_path / "abc.csv") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_roles_and_missing_sections_are_stored(runner: CliRunner) -> None:
    from conftest import EXAMPLES, RUBRICS

    result = runner.invoke(cli, ["record", str(RUBRICS / "crm-supervisor-appraisal.yaml"),
                                 str(EXAMPLES / "crm-supervisor-q3.yaml"), "--period", "2026Q3", "--db", "h.sqlite"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect("h.sqlite")
    # The input: wang is the superior, li and zhao peers, zhang-self a self-evaluation of zhang.
    assert db.execute("SELECT evaluator_id, role FROM evaluator_score WHERE candidate_id = 'zhang' AND "
                      "criterion_id = 'standards' ORDER BY evaluator_id").fetchall() == [
        ("li", "peer"), ("wang", "superior"), ("zhang-self", "self"), ("zhao", "peer")]
    # The rubric lists its four criteria without sections: 3 supervisors × 4 = 12 rows, none with a section id.
    assert db.execute("SELECT count(*), count(section_id) FROM criterion_result").fetchone() == (12, 0)
    db.close()


def test_values_and_moderations_are_stored(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import EXAMPLES, RUBRICS

    bids = tmp_path / "bids.yaml"
    bids.write_text((EXAMPLES / "crm-vendor-bids.yaml").read_text(encoding="utf-8")
                    .replace("rubric: ../", f"rubric: {RUBRICS}/")
                    .replace("    gates: {qualification: pass}\n", "    gates: {qualification: pass}\n"
                             "    moderated:\n      mobile: {points: 5, reason: 复核}\n", 1), encoding="utf-8")
    result = runner.invoke(cli, ["record", str(RUBRICS / "crm-vendor-selection.yaml"), str(bids),
                                 "--period", "2026", "--db", "h.sqlite"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect("h.sqlite")
    # vendor-a's facts: license-fee 380000, implementation_months 3 (delivery's value); its mobile is moderated
    # to 5 points because 复核; judged criteria have no value.
    values = dict(db.execute("SELECT criterion_id, value FROM criterion_result WHERE candidate_id = 'vendor-a' "
                             "AND criterion_id IN ('license-fee', 'delivery', 'solution')").fetchall())
    assert values == {"license-fee": "380000", "delivery": "3", "solution": None}
    assert db.execute("SELECT points_exact, typeof(moderated_from), moderation_reason FROM criterion_result "
                      "WHERE candidate_id = 'vendor-a' AND criterion_id = 'mobile'").fetchone() == ("5", "text", "复核")
    assert db.execute("SELECT count(*) FROM criterion_result WHERE moderated_from IS NOT NULL").fetchone() == (1,)
    db.close()
