"""History (history.md): `record`, periods, the database file's rules, `history` and `trend`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import cli
from scoring.history.periods import PeriodFormatError, parse_period
from tests.team import rubric_text, write_input, write_rubric

# Three quarters. Quality is worth 60, manner 40: a mean m out of 10 adds m/10 × 60 (or × 40).
# 2025Q4: ann quality (7+8)/2 = 7.5 → 45, manner 7.5 → 30: 75.00; bob 9.5 → 57, 8 → 32: 89.00.
# 2026Q1: ann 8.5 → 51, 7 → 28: 79.00; bob 9 → 54, 8.5 → 34: 88.00.
# 2026Q2: ann 9 → 54, 8.5 → 34: 88.00; bob 8 → 48, 7.5 → 30: 78.00.
QUARTERS = {
    "2025Q4": {"ann": ((7, 8), (7, 8)), "bob": ((9, 10), (8, 8))},
    "2026Q1": {"ann": ((8, 9), (7, 7)), "bob": ((9, 9), (9, 8))},
    "2026Q2": {"ann": ((9, 9), (8, 9)), "bob": ((8, 8), (8, 7))},
}


def record(runner: CliRunner, rubric: Path, period: str, scores: dict[str, tuple[tuple[int, ...], tuple[int, ...]]],
           *extra: str, db: str = "h.sqlite", gates: dict[str, str] | None = None) -> tuple[int, str]:
    """`scoring record` of a fresh input; its exit code and output."""
    data = write_input(Path(f"in-{period}.yaml"), scores, gates)
    result = runner.invoke(cli, ["record", str(rubric), str(data), "--period", period, "--db", db, *extra])
    return result.exit_code, result.output


def recorded_three(runner: CliRunner) -> Path:
    """The three quarters recorded out of order: 2026Q2, then 2025Q4, then 2026Q1."""
    rubric = write_rubric(Path("team.yaml"))
    for period in ("2026Q2", "2025Q4", "2026Q1"):
        code, out = record(runner, rubric, period, QUARTERS[period])
        assert code == 0, out
    return rubric


def trend_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(cli, ["trend", *args, "--db", "h.sqlite", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# ---- periods ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "text", "kind", "start", "end"), [
    ("2026", "2026", "year", "2026-01-01", "2026-12-31"),
    ("2026h2", "2026H2", "half", "2026-07-01", "2026-12-31"),
    ("2026q3", "2026Q3", "quarter", "2026-07-01", "2026-09-30"),
    ("2024-02", "2024-02", "month", "2024-02-01", "2024-02-29"),  # 2024 is a leap year
    ("2026-02", "2026-02", "month", "2026-02-01", "2026-02-28"),
])
def test_period_forms(written: str, text: str, kind: str, start: str, end: str) -> None:
    period = parse_period(written)
    assert (period.text, period.kind, period.start.isoformat(), period.end.isoformat()) == (text, kind, start, end)


@pytest.mark.parametrize("written", ["2026Q5", "2026-13", "2026-3", "Q3-2026", "2026W12", "0999", " 2026", "２０２６"])
def test_malformed_periods_are_refused(written: str) -> None:
    with pytest.raises(PeriodFormatError, match="accepted forms"):
        parse_period(written)


def test_periods_sort_by_first_day() -> None:
    written = ["2026Q2", "2025Q4", "2026Q1"]
    assert sorted(written, key=lambda p: parse_period(p).key) == ["2025Q4", "2026Q1", "2026Q2"]
    assert sorted(["2026-10", "2026-03"], key=lambda p: parse_period(p).key) == ["2026-03", "2026-10"]


# ---- record and trend ------------------------------------------------------------------------

def test_three_periods_out_of_order_come_back_in_order(runner: CliRunner) -> None:
    recorded_three(runner)
    doc = trend_json(runner, "ALL")
    assert doc["periods"] == ["2025Q4", "2026Q1", "2026Q2"]
    assert doc["breaks"] == []
    # Latest period (2026Q2) ranks ann (88.00) above bob (78.00).
    ann, bob = doc["candidates"]
    assert (ann["id"], bob["id"]) == ("ann", "bob")
    rows = [(p["period"], p["total"], p["since"], p["change"], p["rank"], p["of"], p["rank_change"], p["grade"])
            for p in ann["periods"]]
    assert rows == [
        ("2025Q4", 75.0, None, None, 2, 2, None, "B"),
        ("2026Q1", 79.0, "2025Q4", 4.0, 2, 2, 0, "B"),      # 79.00 − 75.00 = +4.00; rank 2 → 2
        ("2026Q2", 88.0, "2026Q1", 9.0, 1, 2, 1, "A"),      # 88.00 − 79.00 = +9.00; rank 2 → 1: +1
    ]
    rows = [(p["total"], p["change"], p["rank_change"]) for p in bob["periods"]]
    assert rows == [(89.0, None, None), (88.0, -1.0, 0), (78.0, -10.0, -1)]  # 88−89 = −1; 78−88 = −10; 1 → 2: −1


def test_trend_csv_and_table(runner: CliRunner) -> None:
    recorded_three(runner)
    result = runner.invoke(cli, ["trend", "bob", "--db", "h.sqlite", "-o", "bob.csv"])
    assert result.exit_code == 0, result.output
    text = Path("bob.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffrubric,candidate,name,period,qualified,total,change,since,grade,rank,of,")
    # bob in 2026Q2: 78.00, 78.00 − 88.00 = −10.00 since 2026Q1, grade B, rank 2 of 2, one place down.
    assert text.splitlines()[-1] == "team-review,bob,Bob,2026Q2,yes,78.00,-10.00,2026Q1,B,2,2,-1,"
    table = runner.invoke(cli, ["trend", "ann", "--db", "h.sqlite"]).output
    assert "2026Q2" in table and "+9.00" in table and "↑1" in table


def test_disqualified_period_is_skipped_by_since(runner: CliRunner) -> None:
    rubric = recorded_three(runner)
    # 2026Q3: ann fails the gate; 2026Q4: ann quality 10 → 60, manner 10 → 40: 100.00.
    assert record(runner, rubric, "2026Q3", QUARTERS["2026Q1"], gates={"ann": "fail"})[0] == 0
    assert record(runner, rubric, "2026Q4", {"ann": ((10, 10), (10, 10)), "bob": ((8, 8), (8, 7))})[0] == 0
    ann = trend_json(runner, "ann")["candidates"][0]["periods"]
    assert ann[3] == {"period": "2026Q3", "qualified": False, "failed_gates": ["present"], "total": None,
                      "grade": None, "rank": None, "of": 1, "since": None, "change": None, "rank_change": None,
                      "rubric_change": None}
    # 2026Q4 compares with 2026Q2 (88.00): 100.00 − 88.00 = +12.00; rank 1 → 1: 0.
    assert (ann[4]["since"], ann[4]["change"], ann[4]["rank_change"]) == ("2026Q2", 12.0, 0)


def test_rubric_change_marks_a_break_without_change(runner: CliRunner) -> None:
    recorded_three(runner)
    # 2026Q3 with weights 50/50: ann quality 9 → 45, manner 9 → 45: 90.00, not comparable with 88.00.
    changed = write_rubric(Path("team-v2.yaml"), work=50, conduct=50)
    assert record(runner, changed, "2026Q3", {"ann": ((9, 9), (9, 9)), "bob": ((8, 8), (8, 8))})[0] == 0
    doc = trend_json(runner, "ann")
    assert doc["breaks"] == [{"period": "2026Q3", "previous": "2026Q2", "summary": "weights of work, conduct",
                              "comparable": False}]
    last = doc["candidates"][0]["periods"][-1]
    assert (last["total"], last["since"], last["change"], last["rank_change"], last["rubric_change"]) == (
        90.0, "2026Q2", None, None, "weights of work, conduct")
    table = runner.invoke(cli, ["trend", "ann", "--db", "h.sqlite"]).output
    assert "rubric changed: weights of work, conduct — not comparable" in table


def test_wording_change_keeps_the_change(runner: CliRunner) -> None:
    recorded_three(runner)
    renamed = write_rubric(Path("team-v2.yaml"), title="Team review 2026")
    # ann 2026Q3: quality 9 → 54, manner 9 → 36: 90.00; 90.00 − 88.00 = +2.00.
    assert record(runner, renamed, "2026Q3", {"ann": ((9, 9), (9, 9)), "bob": ((8, 8), (8, 8))})[0] == 0
    doc = trend_json(runner, "ann")
    assert doc["breaks"] == [{"period": "2026Q3", "previous": "2026Q2", "summary": "renamed team-review",
                              "comparable": True}]
    last = doc["candidates"][0]["periods"][-1]
    assert (last["change"], last["rubric_change"]) == (2.0, "renamed team-review")


def test_replace_stores_the_new_run(runner: CliRunner) -> None:
    rubric = recorded_three(runner)
    code, out = record(runner, rubric, "2026Q1", QUARTERS["2026Q2"], "--replace")
    assert code == 0, out
    assert out == "recorded 2026Q1 of team-review: 2 candidates (2 qualified) in h.sqlite\n"
    ann = trend_json(runner, "ann")["candidates"][0]["periods"]
    # 2026Q1 now holds 88.00: +13.00 on 75.00, and 2026Q2's 88.00 is +0.00 on it.
    assert [(p["total"], p["change"]) for p in ann] == [(75.0, None), (88.0, 13.0), (88.0, 0.0)]
    with sqlite3.connect("h.sqlite") as db:
        assert db.execute("SELECT count(*) FROM result").fetchone()[0] == 6  # 3 runs × 2, none left over


def test_unknown_candidate_and_several_rubrics(runner: CliRunner) -> None:
    recorded_three(runner)
    result = runner.invoke(cli, ["trend", "anne", "--db", "h.sqlite"])
    assert result.exit_code == 1
    assert result.output == "error: h.sqlite: unknown candidate of team-review 'anne', did you mean 'ann'?\n"
    other = Path("other.yaml")
    other.write_text(rubric_text(title="x").replace("id: team-review", "id: other"))
    assert record(runner, other, "2026", QUARTERS["2026Q1"])[0] == 0
    result = runner.invoke(cli, ["trend", "ann", "--db", "h.sqlite"])
    assert (result.exit_code, result.output) == (
        1, "error: h.sqlite holds several rubric ids (other, team-review); choose one with --rubric\n")


def test_history_lists_runs_in_period_order(runner: CliRunner) -> None:
    recorded_three(runner)
    result = runner.invoke(cli, ["history", "--db", "h.sqlite", "--format", "json"])
    runs = json.loads(result.output)["runs"]
    assert [(r["period"], r["period_start"], r["period_end"], r["candidates"]) for r in runs] == [
        ("2025Q4", "2025-10-01", "2025-12-31", 2), ("2026Q1", "2026-01-01", "2026-03-31", 2),
        ("2026Q2", "2026-04-01", "2026-06-30", 2)]
    table = runner.invoke(cli, ["history", "--db", "h.sqlite"]).output.splitlines()
    assert table[0].split() == ["rubric", "period", "recorded", "at", "candidates", "qualified", "input", "rubric",
                                "sha256"]
    assert len(table) == 4


# ---- stored values ---------------------------------------------------------------------------

def test_stored_values_are_exact(runner: CliRunner) -> None:
    rubric = write_rubric(Path("team.yaml"))
    # Three evaluators: quality (10+10+0)/3 = 20/3, manner (10+0+0)/3 = 10/3.
    # Contributions: 20/3 / 10 × 60 = 40; 10/3 / 10 × 40 = 40/3 = 13.333…; total 53.333… → 53.33.
    assert record(runner, rubric, "2026", {"ann": ((10, 10, 0), (10, 0, 0))})[0] == 0
    db = sqlite3.connect("h.sqlite")
    thirds = "3" * 40
    assert db.execute("SELECT total, total_exact, grade, rank FROM result").fetchone() == (
        "53.33", f"53.{thirds}", "B", 1)
    rows = db.execute("SELECT criterion_id, section_id, source, points, points_exact, maximum, contribution_exact "
                      "FROM criterion_result ORDER BY criterion_id").fetchall()
    assert rows == [
        ("manner", "conduct", "judged", "3.33", f"3.{thirds}", "10", f"13.{thirds}"),
        ("quality", "work", "judged", "6.67", "6." + "6" * 39 + "7", "10", "40"),  # 20/3 snapped to 40 places
    ]
    assert db.execute("SELECT section_id, contribution, contribution_exact, share FROM section_result "
                      "ORDER BY section_id").fetchall() == [("conduct", "13.33", f"13.{thirds}", "40"),
                                                           ("work", "40.00", "40", "60")]
    assert db.execute("SELECT evaluator_id, given, points, dropped FROM evaluator_score WHERE criterion_id = "
                      "'manner' ORDER BY evaluator_id").fetchall() == [("e1", "10", "10", 0), ("e2", "0", "0", 0),
                                                                        ("e3", "0", "0", 0)]
    assert all(row[0] == "text" for row in db.execute("SELECT typeof(total_exact) FROM result"))
    source, sha = db.execute("SELECT source, sha256 FROM rubric").fetchone()
    assert source == rubric.read_text(encoding="utf-8")
    # `benchmarks` is always in score's JSON (procurement.md §4); this rubric has no ratio criterion.
    assert db.execute("SELECT rubric_sha256, input_name, extra_json FROM run").fetchone() == (
        sha, "in-2026.yaml", '{"benchmarks":{}}')
    db.close()
    assert Decimal(f"53.{thirds}").quantize(Decimal("0.01")) == Decimal("53.33")


def test_tables_are_strict(runner: CliRunner) -> None:
    recorded_three(runner)
    with sqlite3.connect("h.sqlite") as db:
        tables = db.execute("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' "
                            "AND name NOT LIKE 'sqlite_%'").fetchall()
        assert sorted(tables) == [(n, 1) for n in ("criterion_result", "evaluator_score", "result", "rubric", "run",
                                                    "schema_version", "score_file", "section_result")]
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_concurrent_records_all_land(tmp_path: Path) -> None:
    rubric = write_rubric(tmp_path / "team.yaml")
    periods = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    inputs = [write_input(tmp_path / f"{p}.yaml", QUARTERS["2026Q1"]) for p in periods]
    db = tmp_path / "new.sqlite"  # does not exist yet: the writers race to create it
    procs = [subprocess.Popen([sys.executable, "-m", "scoring", "record", str(rubric), str(i), "--period", p,
                               "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p, i in zip(periods, inputs, strict=True)]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert outcomes == [(0, b"")] * len(periods)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert sorted(r[0] for r in conn.execute("SELECT period FROM run")) == periods
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) == ["new.sqlite"]


def test_every_figure_of_score_json_is_in_the_tables(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import EXAMPLES, RUBRICS

    from scoring.history.rows import COLUMNS, canonical_json
    from scoring.pipeline import score_files

    bids = tmp_path / "bids.yaml"
    bids.write_text((EXAMPLES / "crm-vendor-bids.yaml").read_text(encoding="utf-8")
                    .replace("rubric: ../", f"rubric: {RUBRICS}/")
                    .replace("    gates: {qualification: pass}\n", "    gates: {qualification: pass}\n"
                             "    moderated:\n      mobile: {points: 5, reason: 复核}\n", 1), encoding="utf-8")
    rubric = RUBRICS / "crm-vendor-selection.yaml"
    result = runner.invoke(cli, ["record", str(rubric), str(bids), "--period", "2026", "--db", "h.sqlite"])
    assert result.exit_code == 0, result.output
    document = score_files(rubric, bids).to_dict()
    db = sqlite3.connect("h.sqlite")
    run_extra = db.execute("SELECT extra_json FROM run").fetchone()[0]
    assert run_extra == canonical_json({k: v for k, v in document.items() if k not in ("rubric", "candidates")})
    assert "moderated" in json.dumps(document, ensure_ascii=False)  # the moderation is there to be found
    for cand in document["candidates"]:
        total, rank, grade, extra = db.execute("SELECT total, rank, grade, extra_json FROM result WHERE "
                                               "candidate_id = ?", (cand["id"],)).fetchone()
        assert (None if total is None else float(total), rank, grade) == (cand["total"], cand["rank"], cand["grade"])
        assert extra == canonical_json({k: v for k, v in cand.items() if k not in COLUMNS})
        points = dict(db.execute("SELECT criterion_id, points FROM criterion_result WHERE candidate_id = ?",
                                 (cand["id"],)).fetchall())
        assert {k: float(v) for k, v in points.items()} == (cand["criteria"] or {})
        sections = dict(db.execute("SELECT section_id, contribution FROM section_result WHERE candidate_id = ?",
                                   (cand["id"],)).fetchall())
        assert {k: float(v) for k, v in sections.items()} == (cand["sections"] or {})
    db.close()


def test_each_candidates_prices_are_kept_in_its_extra_json(runner: CliRunner) -> None:
    from conftest import EXAMPLES

    result = runner.invoke(cli, ["record", str(EXAMPLES / "gov-goods-tender.yaml"),
                                 str(EXAMPLES / "gov-goods-bids.yaml"), "--period", "2026", "--db", "h.sqlite"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect("h.sqlite")
    extra = dict(db.execute("SELECT candidate_id, extra_json FROM result").fetchall())
    db.close()
    # procurement.md §4. 甲 is 小微: 500,000 − 10% × 500,000 = 450,000. 乙 has no deduction.
    # 丙 is a consortium with a 35% 小微 share (≥ 30%): 490,000 − 4% × 490,000 = 470,400.
    assert json.loads(extra["jia"])["prices"] == {"bid-price": {
        "price": 500000.0, "evaluated": 450000.0,
        "adjustments": [{"id": "sme-deduction", "deduct": 10.0, "amount": 50000.0}]}}
    assert json.loads(extra["yi"])["prices"] == {"bid-price": {"price": 470000.0, "evaluated": 470000.0,
                                                               "adjustments": []}}
    assert json.loads(extra["bing"])["prices"] == {"bid-price": {
        "price": 490000.0, "evaluated": 470400.0,
        "adjustments": [{"id": "consortium-deduction", "deduct": 4.0, "amount": 19600.0}]}}
