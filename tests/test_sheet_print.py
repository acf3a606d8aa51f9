"""Score sheets that print and read back (documents.md §6): page setup, signature line, label
drop-downs, and no column for a bidder a gate already shuts out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA
from openpyxl import load_workbook

from scoring.cli import cli
from scoring.pipeline import score_files

RUBRIC = DATA / "spec" / "rubric.yaml"
# vendor-b needs 4 months, so the rubric's gate `implementation_months <= 3` shuts it out before
# anyone scores; vendor-c answers nothing a gate asks, so it keeps its column.
INPUT = ("evaluators:\n  wang: {name: 王伟, role: superior}\n  li: {name: 李娜, role: peer}\n"
         "candidates:\n"
         "  - {id: vendor-a, name: 甲公司, facts: {license-fee: 380000, implementation_months: 3}}\n"
         "  - {id: vendor-b, name: 乙公司, facts: {license-fee: 300000, implementation_months: 4}}\n")


def make(runner: CliRunner, tmp_path: Path, rubric_text: str | None = None, *extra: str) -> tuple[Path, Path, Path]:
    """The rubric (the spec's, or `rubric_text`), the input above, and the folder of sheets made."""
    rubric = RUBRIC
    if rubric_text is not None:
        rubric = tmp_path / "rubric.yaml"
        rubric.write_text(rubric_text, encoding="utf-8")
    data = tmp_path / "in.yaml"
    data.write_text(f"rubric: {rubric}\n{INPUT}", encoding="utf-8")
    out = tmp_path / "sheets"
    made = runner.invoke(cli, ["sheet", str(rubric), str(data), "--evaluators", "wang,li", "-o", str(out), *extra])
    assert made.exit_code == 0, made.output
    return rubric, data, out


def test_the_scores_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(
        runner: CliRunner, tmp_path: Path) -> None:
    _, _, out = make(runner, tmp_path)
    ws = load_workbook(out / "wang.xlsx")["评分"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4 in the OOXML paper codes
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    # Rows 1–4: title, instructions, candidate ids, candidate names.
    assert ws.print_title_rows == "$1:$4"
    # Two judged criteria on rows 5 and 6, an empty row 7, the signature line on row 8.
    assert [ws.cell(row=7, column=c).value for c in range(1, 6)] == [None] * 5
    assert ws["B8"].value == "评委签字：________________" and ws["D8"].value == "日期：________________"
    assert ws["A8"].value is None  # column A below the table would be read as a criterion id
    assert ws["B9"].value == "未通过资格审查，不参与评分：乙公司 (vendor-b)"
    assert "从下拉列表中选择" in ws["A2"].value


def test_a_bidder_shut_out_by_a_gate_gets_no_column_in_xlsx_or_csv(runner: CliRunner, tmp_path: Path) -> None:
    _, _, out = make(runner, tmp_path)
    ws = load_workbook(out / "li.xlsx")["评分"]
    assert [ws.cell(row=3, column=c).value for c in (5, 6)] == ["vendor-a", None]
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert lists == {"E5": '"满足,部分满足,不满足"', "E6": "0"}  # E6: the 0–5 number check
    (tmp_path / "c").mkdir()
    make(runner, tmp_path / "c", None, "--format", "csv")
    rows = list(csv.reader((tmp_path / "c" / "sheets" / "li.csv").read_text(encoding="utf-8-sig").splitlines()))
    header = next(r for r in rows if r and r[0] == "criterion")
    assert header[4:] == ["vendor-a"]


def test_labels_typed_into_the_sheets_read_back_as_their_levels(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data, out = make(runner, tmp_path)
    for name, level, number in (("wang", "部分满足", 4.5), ("li", "满足", 4)):
        wb = load_workbook(out / f"{name}.xlsx")
        wb["评分"]["E5"], wb["评分"]["E6"] = level, number
        wb.save(out / f"{name}.xlsx")
    result = score_files(rubric, data, scores=[out / "wang.xlsx", out / "li.xlsx"])
    # multi-org: 部分满足 = 3 and 满足 = 5; two scores are too few to trim one each way, so the
    # mean: (3 + 5) / 2 = 4. solution (4.5 + 4) / 2 = 4.25. tech (4 + 4.25) / 10 × 60 = 49.5.
    # price: vendor-a is the only bidder ranked, so first: 5 / 5 × 40 = 40. Total 89.50.
    assert str(result.candidates[0].reported_total) == "89.50"
    assert result.candidates[1].failed_gates == ("delivery",)


def test_a_label_excel_cannot_hold_inline_comes_from_a_hidden_sheet_and_reads_back(
        runner: CliRunner, tmp_path: Path) -> None:
    text = RUBRIC.read_text(encoding="utf-8").replace("label: 部分满足", 'label: "部分满足,需补充"')
    text = text.replace("subject: vendor", "subject: staff")
    rubric, data, out = make(runner, tmp_path, text)
    wb = load_workbook(out / "wang.xlsx")
    ws = wb["评分"]
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["E5"] == "'_levels'!$A$1:$A$3"
    levels = wb["_levels"]
    assert levels.sheet_state == "hidden"
    assert [levels.cell(row=r, column=1).value for r in (1, 2, 3)] == ["满足", "部分满足,需补充", "不满足"]
    assert ws["B8"].value == "考评人签字：________________"  # a staff rubric's appraiser
    ws["E5"], ws["E6"] = "部分满足,需补充", 4
    wb.save(out / "wang.xlsx")
    li = load_workbook(out / "li.xlsx")
    li["评分"]["E5"], li["评分"]["E6"] = "满足", 4
    li.save(out / "li.xlsx")
    scored = runner.invoke(cli, ["score", str(rubric), str(data), "--scores", str(out / "wang.xlsx"),
                                 "--scores", str(out / "li.xlsx"), "--format", "json", "-o", str(tmp_path / "r.json")])
    assert scored.exit_code == 0, scored.output
    # multi-org (3 + 5) / 2 = 4, solution (4 + 4) / 2 = 4, tech (4 + 4) / 10 × 60 = 48, price 40:
    # total 88.00.
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["candidates"][0]["total"] == 88
