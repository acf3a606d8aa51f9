"""Score sheets out, filled sheets in: the round trip a procurement secretary makes."""

from __future__ import annotations

import copy
import csv
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import DATA, EXAMPLES, RUBRICS
from openpyxl import load_workbook

from scoring.cli import cli
from scoring.load.yamlfile import load_yaml
from scoring.model.errors import InputError
from scoring.model.results import Evaluation
from scoring.pipeline import score_files

to_dict = Evaluation.to_dict

VENDOR = RUBRICS / "crm-vendor-selection.yaml"
BIDS = EXAMPLES / "crm-vendor-bids.yaml"
# The judged criteria of the vendor rubric in sheet order (rows 5 …), and the candidate
# columns (E …), as `scoring sheet` lays them out; vendor-d (丁公司) answered its qualification
# gate `fail` in the input, so it gets no column.
ROWS = ["func-scope", "multi-org", "i18n", "mobile", "messaging", "solution",
        "interfaces", "local-support", "upgrades", "sla", "analytics", "reserved-interfaces"]
COLUMNS = {"vendor-a": "E", "vendor-b": "F", "vendor-c": "G"}


def unscored(tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    """The bundled bids without their scores, and the scores as the judges gave them."""
    data = load_yaml(BIDS).data
    scores = {c["id"]: c.pop("scores", {}) for c in data["candidates"]}  # type: ignore[index, union-attr]
    data["rubric"] = str(VENDOR)  # type: ignore[index]
    path = tmp_path / "bids.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, scores


def fill(sheet: Path, evaluator: str, scores: dict) -> None:  # type: ignore[type-arg]
    """Type one judge's scores into their workbook, as they would in Excel."""
    wb = load_workbook(sheet)
    ws = wb["评分"]
    for cand, by_judge in scores.items():
        if cand not in COLUMNS:
            continue  # no column: disqualified before scoring
        for crit, value in by_judge.get(evaluator, {}).items():
            ws[f"{COLUMNS[cand]}{5 + ROWS.index(crit)}"] = value
    wb.save(sheet)


def make_sheets(runner: CliRunner, bids: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(cli, ["sheet", str(VENDOR), str(bids), "--evaluators", "e1,e2,e3,e4,e5",
                                 "-o", str(out), *extra])
    assert result.exit_code == 0, result.output


def test_round_trip_equals_the_yaml_scores(runner: CliRunner, tmp_path: Path) -> None:
    bids, scores = unscored(tmp_path)
    make_sheets(runner, bids, tmp_path / "sheets")
    for e in ("e1", "e2", "e3", "e4", "e5"):
        fill(tmp_path / "sheets" / f"{e}.xlsx", e, scores)
    sheets = sorted((tmp_path / "sheets").glob("*.xlsx"))
    from_sheets = score_files(VENDOR, bids, scores=sheets)
    from_yaml = score_files(VENDOR, BIDS)
    # Same scores, so the same JSON document but for the rubric line; 乙公司 84.21 as hand-worked.
    assert to_dict(from_sheets)["candidates"] == to_dict(from_yaml)["candidates"]
    assert from_sheets.candidates[0].reported_total == from_yaml.candidates[0].reported_total
    assert sorted(from_sheets.input.files)[1:] == sorted(str(s) for s in sheets)


def test_workbook_offers_levels_locks_the_rest_and_carries_its_origin(runner: CliRunner, tmp_path: Path) -> None:
    bids, _ = unscored(tmp_path)
    make_sheets(runner, bids, tmp_path / "sheets")
    wb = load_workbook(tmp_path / "sheets" / "e2.xlsx")
    ws = wb["评分"]
    assert ws.protection.sheet is True
    assert ws["E5"].protection.locked is False and ws["B5"].protection.locked is True
    assert ws["D5"].value == "full = 满足 (5)\npartial = 部分满足 (3)\nnone = 不满足 (0)"
    assert ws["C11"].value == "2" and ws["F3"].value == "vendor-b" and ws["F4"].value == "乙公司"
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    # The levels' labels in the scale's order (compliance: 满足, 部分满足, 不满足; yes/no: 能提供, 不能提供).
    assert lists["E5:G5"] == '"满足,部分满足,不满足"' and lists["E11:G11"] == '"能提供,不能提供"'
    meta = wb["_scoring"]
    assert meta.sheet_state == "veryHidden"
    rubric_sha = score_files(VENDOR, BIDS).rubric.sha256
    assert [[c.value for c in row] for row in meta.iter_rows()] == [
        ["format", "scoring-sheet/1"], ["rubric", "crm-vendor-selection"], ["sha256", rubric_sha], ["evaluator", "e2"],
        ["evaluators", "e1,e2,e3,e4,e5"]]


def test_every_problem_of_every_sheet_at_once(runner: CliRunner, tmp_path: Path) -> None:
    bids, scores = unscored(tmp_path)
    make_sheets(runner, bids, tmp_path / "sheets")
    for e in ("e1", "e2", "e3", "e4", "e5"):
        fill(tmp_path / "sheets" / f"{e}.xlsx", e, scores)
    typo = copy.deepcopy(scores)
    typo["vendor-a"]["e2"]["multi-org"] = "ful"  # row 6, column E
    typo["vendor-c"]["e2"]["sla"] = ""  # row 14, column G: left empty
    fill(tmp_path / "sheets" / "e2.xlsx", "e2", typo)
    # e5's sheet comes from an older version of the rubric (its weights changed since).
    older = tmp_path / "older.yaml"
    older.write_text(VENDOR.read_text(encoding="utf-8").replace("weight: 60%", "weight: 61%")
                     .replace("weight: 40%", "weight: 39%"), encoding="utf-8")
    shutil.rmtree(tmp_path / "old", ignore_errors=True)
    assert runner.invoke(cli, ["sheet", str(older), str(bids), "--evaluators", "e5", "-o", str(tmp_path / "old")]).exit_code == 0
    out = tmp_path / "result.json"
    sheets = [str(tmp_path / "sheets" / f"e{i}.xlsx") for i in (1, 2, 3, 4)] + [str(tmp_path / "old" / "e5.xlsx")]
    result = runner.invoke(cli, ["score", str(VENDOR), str(bids), "-o", str(out), *sum((["--scores", s] for s in sheets), [])])
    assert result.exit_code == 1
    e2, e5 = sheets[1], sheets[4]
    # Sorted by file, then row and column.
    assert result.output.splitlines() == [
        f"{e5}: this sheet was made for rubric 'crm-vendor-selection' version "
        f"{load_rubric_sha(older)[:12]}, but the rubric is 'crm-vendor-selection' version "
        f"{load_rubric_sha(VENDOR)[:12]}; make new sheets with `scoring sheet`",
        f"{e2}!评分!E6: 'ful' is not one of full, partial, none",
        f"{e2}!评分!G14: evaluator 'e2' left criterion 'sla' of candidate 'vendor-c' empty "
        "(use --allow-missing to score without it)",
    ]
    assert not out.exists()


def load_rubric_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sheet_handed_in_twice_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    bids, scores = unscored(tmp_path)
    make_sheets(runner, bids, tmp_path / "sheets")
    fill(tmp_path / "sheets" / "e1.xlsx", "e1", scores)
    copy_of = tmp_path / "copy-of-e1.xlsx"
    shutil.copy(tmp_path / "sheets" / "e1.xlsx", copy_of)
    with pytest.raises(InputError) as err:
        score_files(VENDOR, bids, scores=[tmp_path / "sheets" / "e1.xlsx", copy_of])
    assert [str(p) for p in err.value.problems] == [
        f"{copy_of}: evaluator 'e1' already handed in {tmp_path / 'sheets' / 'e1.xlsx'}; each evaluator's sheet may be read once"]


def test_csv_sheets_and_a_number_out_of_range(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = DATA / "spec" / "rubric.yaml", tmp_path / "in.yaml"
    data.write_text(f"rubric: {rubric}\nevaluators:\n  wang: {{role: superior}}\n  li: {{role: peer}}\n"
                    "candidates:\n  - id: vendor-a\n    name: 甲公司\n"
                    "    facts: {license-fee: 380000, implementation_months: 3}\n", encoding="utf-8")
    made = runner.invoke(cli, ["sheet", str(rubric), str(data), "--evaluators", "wang,li", "-o", str(tmp_path / "s"),
                               "--format", "csv"])
    assert made.exit_code == 0, made.output

    def filled(name: str, values: dict[str, str]) -> Path:
        path = tmp_path / "s" / f"{name}.csv"
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        for row in rows:
            if row and row[0] in values:
                row[4] = values[row[0]]
        path.write_text("\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n",
                        encoding="utf-8")
        return path

    # The spec's worked example: multi-org (5 + 3) / 2 = 4.0, solution (4.5 + 4) / 2 = 4.25,
    # tech 8.25 / 10 × 60% × 100 = 49.5, total 89.5.
    wang = filled("wang", {"multi-org": "full", "solution": "4.5"})
    li = filled("li", {"multi-org": "partial", "solution": "4"})
    result = score_files(rubric, data, scores=[wang, li])
    assert str(result.candidates[0].reported_total) == "89.50"
    # Line 9 (five #-lines, the header, the names row, multi-org, then solution), field 5.
    li = filled("li", {"multi-org": "partial", "solution": "7"})
    with pytest.raises(InputError) as err:
        score_files(rubric, data, scores=[wang, li])
    assert [str(p) for p in err.value.problems] == [f"{li}:9:5: expected a number from 0 to 5, got 7"]


def test_long_format_scores(tmp_path: Path) -> None:
    rubric, data = DATA / "spec" / "rubric.yaml", tmp_path / "in.yaml"
    data.write_text("candidates:\n  - id: vendor-a\n    facts: {license-fee: 380000, implementation_months: 3}\n"
                    "evaluators: {wang: {role: superior}, li: {role: peer}}\n", encoding="utf-8")
    long = tmp_path / "scores.csv"
    long.write_text("candidate,evaluator,criterion,value\n"
                    "vendor-a,wang,multi-org,full\nvendor-a,wang,solution,4.5\n"
                    "vendor-a,li,multi-org,partial\nvendor-a,li,solution,4\n"
                    "vendor-b,li,solution,4\nvendor-a,li,solution,3\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        score_files(rubric, data, scores=[long])
    assert [str(p) for p in err.value.problems] == [
        f"{long}:6:1: unknown candidate 'vendor-b', did you mean 'vendor-a'?",
        f"{long}:7:4: a second score of evaluator 'li' for 'vendor-a' on 'solution' (the first is on line 5)",
    ]
    long.write_text("\n".join(long.read_text(encoding="utf-8").splitlines()[:5]) + "\n", encoding="utf-8")
    assert str(score_files(rubric, data, scores=[long]).candidates[0].reported_total) == "89.50"  # as above


def test_candidates_and_facts_from_a_table(tmp_path: Path) -> None:
    table = tmp_path / "bids.csv"
    table.write_text("id,name,license-fee,implementation-fee,implementation_months,gate:qualification\n"
                     "vendor-a,甲公司,380000,120000,3,pass\nvendor-b,乙公司,420000,100000,4,pass\n"
                     "vendor-c,丙公司,350000,150000,2,pass\nvendor-d,丁公司,300000,90000,3,fail\n", encoding="utf-8")
    long = tmp_path / "scores.csv"
    rows = ["candidate,evaluator,criterion,value"]
    for cand in load_yaml(BIDS).data["candidates"]:  # type: ignore[index]
        for judge, given in cand.get("scores", {}).items():  # type: ignore[union-attr]
            rows += [f"{cand['id']},{judge},{crit},{value}" for crit, value in given.items()]  # type: ignore[index]
    long.write_text("\n".join(rows) + "\n", encoding="utf-8")
    # The same facts and scores as the bundled YAML example: the same results.
    assert to_dict(score_files(VENDOR, table, scores=[long]))["candidates"] == to_dict(score_files(VENDOR, BIDS))["candidates"]
    table.write_text("id,name,license-fee,gate:qualification\nvendor-a,甲公司,lots,maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        score_files(VENDOR, table, scores=[long])
    assert str(err.value.problems[0]) == (f"{table}:2:4: expected pass or fail "
                                            "(pass/fail, 通过/不通过, 合格/不合格, true/false, yes/no or 是/否), got 'maybe'")
