"""Spreadsheets in and out, trusted like YAML: duplicates, formulas, labels, missing and
unlisted evaluators, CSV encodings, hostile workbooks and cells that must stay inert.

Most cases use the spec's example rubric (tests/data/spec/rubric.yaml) and its one bidder
vendor-a: multi-org is a levels criterion (full 5, partial 3, none 0 of 5 points), solution
a direct 0–5 criterion; with one bidder its license fee ranks first (5 of 5), so price is
5/5 × 40% × 100 = 40.00 whatever the judges say.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA
from openpyxl import Workbook, load_workbook

from scoring.load.inputs import load_input
from scoring.load.rubric import load_rubric
from scoring.load.tabular import load_table_input, merge_scores, read_grid
from scoring.model.errors import InputError, ReportError
from scoring.model.inputs import Candidate, Input
from scoring.pipeline import score_files
from scoring.render.paths import FileNameError
from scoring.render.sheets import write_sheets

RUBRIC = DATA / "spec" / "rubric.yaml"
# Rows of the judged criteria in a workbook made by `scoring sheet` (5, 6) and the first
# candidate's column (E); in a CSV sheet the header is the line after the five #-lines.
ROW = {"multi-org": 5, "solution": 6}


def bids(tmp_path: Path, evaluators: str = "wang: {role: superior}\n  li: {role: peer}\n",
         candidates: tuple[str, ...] = ("vendor-a",)) -> Path:
    """An input naming the evaluators (when given) and bidders without scores."""
    path = tmp_path / "in.yaml"
    people = f"evaluators:\n  {evaluators}" if evaluators else ""
    body = "".join(f"  - id: {c}\n    facts: {{license-fee: 380000, implementation_months: 3}}\n" for c in candidates)
    path.write_text(f"{people}candidates:\n{body}", encoding="utf-8")
    return path


def sheets(tmp_path: Path, data: Path, who: list[str], fmt: str = "xlsx") -> dict[str, Path]:
    rubric = load_rubric(RUBRIC)
    written = write_sheets(rubric, load_input(data, rubric), who, tmp_path / "s", fmt=fmt)
    return dict(zip(who, written, strict=True))


def fill(path: Path, cells: dict[str, object]) -> Path:
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb["评分"][ref] = value
    wb.save(path)
    return path


def problems(data: Path, files: list[Path], **kw: bool) -> list[str]:
    rubric = load_rubric(RUBRIC)
    with pytest.raises(InputError) as err:
        merge_scores(rubric, load_input(data, rubric), files, **kw)
    return [str(p) for p in err.value.problems]


# -- read back like YAML --------------------------------------------------------------------


def test_a_duplicate_candidate_column_names_both_cells(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"])
    wang = fill(made["wang"], {"E5": "full", "E6": 4.5, "F3": "vendor-a", "F5": "none", "F6": 1})
    fill(made["li"], {"E5": "partial", "E6": 4})
    assert problems(data, [wang, made["li"]]) == [f"{wang}!评分!F3: duplicate candidate 'vendor-a' (first at E3)"]


def test_a_duplicate_criterion_row_names_both_cells(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"])
    wang = fill(made["wang"], {"E5": "full", "E6": 4.5, "A7": "solution", "E7": 2})
    fill(made["li"], {"E5": "partial", "E6": 4})
    assert problems(data, [wang, made["li"]]) == [f"{wang}!评分!A7: duplicate judged criterion 'solution' (first at A6)"]


def test_two_sheets_of_one_evaluator_name_both_files(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"], fmt="csv")
    again = tmp_path / "wang-again.csv"
    again.write_bytes(made["wang"].read_bytes())
    assert problems(data, [made["wang"], again, made["li"]], allow_missing=True) == [
        f"{again}: evaluator 'wang' already handed in {made['wang']}; each evaluator's sheet may be read once"]


def with_saved_value(path: Path, ref: str, formula: str, saved: str | None) -> Path:
    """Put a formula into a cell as Excel saves it: `<f>` with the value it computed in `<v>`.

    openpyxl writes formulas without values, so the sheet's XML is edited in place.
    """
    wb = load_workbook(path)
    wb["评分"][ref] = f"={formula}"
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                value = b"<v />" if saved is None else f"<v>{saved}</v>".encode()
                body = body.replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f>".encode() + value)
            dst.writestr(item, body)
    path.write_bytes(out.getvalue())
    return path


def test_a_formula_counts_by_its_saved_value(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"])
    wang = with_saved_value(fill(made["wang"], {"E5": "full"}), "E6", "9/2", "4.5")
    li = fill(made["li"], {"E5": "partial", "E6": 4})
    # The formula's saved 4.5 is wang's solution score, so the spec's example again:
    # multi-org (5 + 3) / 2 = 4, solution (4.5 + 4) / 2 = 4.25, tech 8.25 / 10 × 60 = 49.5,
    # price 40, total 89.50.
    assert str(score_files(RUBRIC, data, scores=[wang, li]).candidates[0].reported_total) == "89.50"


def test_a_formula_without_a_saved_value_is_an_error(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"])
    wang = with_saved_value(fill(made["wang"], {"E5": "full"}), "E6", "9/2", None)
    li = fill(made["li"], {"E5": "partial", "E6": 4})
    assert problems(data, [wang, li]) == [
        f"{wang}!评分!E6: expected a value, got the formula '=9/2' with no value saved; open and save the file "
        "in Excel, or type the value"]


def test_a_level_by_its_label_counts_like_its_key(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"])
    wang = fill(made["wang"], {"E5": "满足", "E6": 4.5})
    li = fill(made["li"], {"E5": "部分满足", "E6": 4})
    # 满足 is full (5) and 部分满足 partial (3): the spec's example, total 89.50 as above.
    assert str(score_files(RUBRIC, data, scores=[wang, li]).candidates[0].reported_total) == "89.50"
    fill(made["li"], {"E5": "部分"})
    assert problems(data, [wang, li]) == [f"{li}!评分!E5: 'partial' is not one of full, partial, none"
                                          .replace("'partial'", "'部分'")]


def test_a_missing_sheet_of_an_evaluator_the_input_names(tmp_path: Path) -> None:
    data = bids(tmp_path)
    made = sheets(tmp_path, data, ["wang", "li"])
    wang = fill(made["wang"], {"E5": "full", "E6": 4.5})
    # li is named on line 3 of the input (`  li: {role: peer}`), key at column 3.
    assert problems(data, [wang]) == [
        f"{data}:3:3: evaluators.li: evaluator 'li' is listed in the input but handed in no score sheet "
        "(use --allow-missing to score without it)"]
    # Allowed: wang alone scores; multi-org 5, solution 4.5, tech 9.5 / 10 × 60 = 57, total 97.00.
    result = score_files(RUBRIC, data, scores=[wang], allow_missing=True)
    assert str(result.candidates[0].reported_total) == "97.00"


def test_a_missing_sheet_the_sheets_own_record_names(tmp_path: Path) -> None:
    data = bids(tmp_path, evaluators="")
    made = sheets(tmp_path, data, ["wang", "li"], fmt="csv")
    wang = made["wang"]
    rows = list(csv.reader(wang.read_text(encoding="utf-8-sig").splitlines()))
    rows[7][4], rows[8][4] = "full", "4.5"  # lines 8 and 9: multi-org, solution
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    wang.write_text(buffer.getvalue(), encoding="utf-8")
    assert problems(data, [wang]) == [
        f"{wang}: this sheet was made together with one for evaluator 'li', whose sheet was not handed in "
        "(use --allow-missing to score without it)"]


def test_a_score_from_someone_who_does_not_rate_that_candidate(tmp_path: Path) -> None:
    data_file = bids(tmp_path, evaluators="", candidates=("zhao", "qian"))
    made = sheets(tmp_path, data_file, ["wang"])
    wang = fill(made["wang"], {"E5": "full", "E6": 4, "F5": "none", "F6": 2})
    rubric = load_rubric(RUBRIC)
    loaded = load_input(data_file, rubric)
    # In a 360 appraisal wang rates zhao (as superior) but not qian, whose raters are li and zhang.
    rated = {"zhao": {"wang": "superior"}, "qian": {"li": "peer", "zhang": "self"}}
    data = replace(loaded, candidates=tuple(replace(c, evaluators=rated[c.id]) for c in loaded.candidates))
    with pytest.raises(InputError) as err:
        merge_scores(rubric, data, [wang])
    assert [str(p) for p in err.value.problems] == [
        f"{wang}!评分!F3: evaluator 'wang' does not rate candidate 'qian'; its evaluators are li, zhang"]


def test_gate_answers_take_the_yaml_words(tmp_path: Path) -> None:
    rubric = load_rubric(DATA / "spec" / "rubric.yaml")
    table = tmp_path / "bids.csv"
    table.write_text("id,gate:delivery\na,合格\nb,不合格\nc,是\nd,No\ne,maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_table_input(table, rubric)
    # `delivery` is decided by its check in this rubric, but the words are read first.
    assert [str(p) for p in err.value.problems][-1] == (
        f"{table}:6:2: expected pass or fail (pass/fail, 通过/不通过, 合格/不合格, true/false, yes/no or 是/否), "
        "got 'maybe'")
    table.write_text("id,gate:delivery\na,合格\nb,不合格\nc,是\nd,No\n", encoding="utf-8")
    read = load_table_input(table)
    assert {c.id: c.gates["delivery"] for c in read.candidates} == {"a": True, "b": False, "c": True, "d": False}


# -- CSV ------------------------------------------------------------------------------------


def test_csv_in_utf8_with_a_bom_and_in_gb18030(tmp_path: Path) -> None:
    text = "id,name,license-fee\nvendor-a,甲公司,380000\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        table = tmp_path / f"{encoding}.csv"
        table.write_bytes(text.encode(encoding))
        read = load_table_input(table)
        assert [(c.id, c.name, dict(c.facts)) for c in read.candidates] == [("vendor-a", "甲公司", {"license-fee": "380000"})]


def test_neither_utf8_nor_gb18030(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_bytes(b"id,name\nx,\x80\n")  # 0x80 alone is not a character in either encoding
    with pytest.raises(InputError) as err:
        read_grid(table)
    assert str(err.value) == f"{table}: expected a UTF-8 or GB18030 text file, got bytes that are neither at byte 11"


def test_an_empty_csv_and_one_with_only_a_header(tmp_path: Path) -> None:
    empty, header = tmp_path / "empty.csv", tmp_path / "header.csv"
    empty.write_text("", encoding="utf-8")
    header.write_text("id,name,license-fee\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_table_input(empty)
    assert str(err.value) == f"{empty}: expected a header row and rows of data, got an empty file"
    with pytest.raises(InputError) as err:
        load_table_input(header)
    assert str(err.value) == f"{header}:1:1: expected candidate rows under the header, got none"
    long = tmp_path / "long.csv"
    long.write_text("candidate,evaluator,criterion,value\n", encoding="utf-8")
    assert problems(bids(tmp_path), [long]) == [f"{long}:1:1: expected rows of scores under the header, got none"]


def test_line_numbers_after_a_cell_of_several_lines(tmp_path: Path) -> None:
    table = tmp_path / "bids.csv"
    # Line 1 header, lines 2–4 one row whose name spans three lines, line 5 the next row.
    table.write_text('id,name,gate:delivery\nvendor-a,"甲\n公\n司",pass\nvendor-a,乙公司,pass\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_table_input(table)
    assert str(err.value) == f"{table}:5:1: duplicate candidate id 'vendor-a' (first at line 2, column 1)"


def test_a_duplicate_column_in_a_candidate_table(tmp_path: Path) -> None:
    table = tmp_path / "bids.csv"
    table.write_text("id,license-fee,license-fee\nvendor-a,380000,1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_table_input(table)
    assert str(err.value) == f"{table}:1:3: duplicate column 'license-fee' (first at line 1, column 2)"


# -- hostile workbooks ----------------------------------------------------------------------


def xlsx_error(path: Path) -> str:
    with pytest.raises(InputError) as err:
        read_grid(path)
    return str(err.value)


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,name\n", encoding="utf-8")
    assert xlsx_error(fake) == (f"{fake}: expected an Excel workbook (.xlsx, a zip file), got a file that is not one "
                                "(File is not a zip file)")


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 1_000_000)  # deflates ~1000:1
    info = zipfile.ZipFile(bomb).getinfo("xl/worksheets/sheet1.xml")
    ratio = info.file_size // info.compress_size
    assert ratio > 200
    assert xlsx_error(bomb) == (f"{bomb}: expected workbook parts compressed at most 200:1, got "
                                f"'xl/worksheets/sheet1.xml' at {ratio:,}:1 (refused unread: a possible zip bomb)")
    # The total: lowered here so that a small file stands for a 256 MiB one.
    import scoring.load.grid as grid

    monkeypatch.setattr(grid, "MAX_XLSX_UNCOMPRESSED", 999_999)
    assert xlsx_error(bomb) == (f"{bomb}: expected a workbook that unpacks to at most 999,999 bytes, got 1,000,000 "
                                "(refused unread: a possible zip bomb)")


def crafted(tmp_path: Path, sheet_xml: str) -> Path:
    """A real workbook whose first sheet's XML is replaced by `sheet_xml`."""
    wb = Workbook()
    wb.active["A1"] = "id"
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = sheet_xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            dst.writestr(item, body)
    return path


_SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<dimension ref="A1:XFD1048576"/><sheetData>{}</sheetData></worksheet>')


def test_a_claimed_dimension_is_ignored_and_rows_and_columns_are_bounded(tmp_path: Path) -> None:
    # Claims the whole grid but holds two cells: read as the two cells it holds.
    small = crafted(tmp_path, _SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
                                            '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'))
    assert read_grid(small).rows == [["id"], ["x"]]
    far = crafted(tmp_path, _SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
                                          '<row r="200000"><c r="A200000"><v>1</v></c></row>'))
    # Rows are counted as they come: row 100,001 is one too many.
    assert xlsx_error(far) == f"{far}!Sheet!A100001: expected at most 100,000 rows, got more"
    wide = crafted(tmp_path, _SHEET.format('<row r="1"><c r="A1"><v>1</v></c><c r="ALN1"><v>1</v></c></row>'))
    # ALN is column 1,002 (A–Z 26, AA–ZZ 676, then AAA… : 702 + 11·26 + 14 = 1002); the
    # first column past the bound, 1,001, is ALM.
    assert xlsx_error(wide) == f"{wide}!Sheet!ALM1: expected at most 1,000 columns, got 1,002 in this row"


def test_broken_xml_is_a_located_error(tmp_path: Path) -> None:
    broken = crafted(tmp_path, "<worksheet><sheetData><row")
    assert xlsx_error(broken).startswith(f"{broken}: expected an Excel workbook (.xlsx), got one that cannot be read (")


def test_a_workbook_with_only_the_hidden_record(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "_scoring"
    path = tmp_path / "record.xlsx"
    wb.save(path)
    assert xlsx_error(path) == (f"{path}: expected a sheet of scores or candidates, got a workbook whose only sheet is "
                                "the hidden '_scoring' record")


# -- writing sheets -------------------------------------------------------------------------


def test_active_text_is_written_inert_and_read_back_as_written(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    data = tmp_path / "in.yaml"
    data.write_text("candidates:\n  - id: -x\n    name: '=HYPERLINK(\"http://evil\",\"click\")'\n"
                    "    facts: {license-fee: 1, implementation_months: 1}\n", encoding="utf-8")
    loaded = load_input(data, rubric)
    xlsx, = write_sheets(rubric, loaded, ["-e"], tmp_path / "x")
    ws = load_workbook(xlsx)["评分"]
    assert (ws["E3"].value, ws["E3"].data_type) == ("-x", "s")
    assert (ws["E4"].value, ws["E4"].data_type) == ('=HYPERLINK("http://evil","click")', "s")
    made, = write_sheets(rubric, loaded, ["-e"], tmp_path / "c", fmt="csv")
    lines = made.read_text(encoding="utf-8-sig").splitlines()
    assert lines[3] == "#evaluator,'-e" and lines[5].endswith(",'-x")
    assert lines[6].endswith(',"\'=HYPERLINK(""http://evil"",""click"")"')
    # Read back, the neutralised id is the id: 4 of 5 on solution and full on multi-org;
    # tech (5 + 4) / 10 × 60 = 54, price 40, total 94.00.
    rows = list(csv.reader(lines))
    rows[7][4], rows[8][4] = "full", "4"
    made.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    assert str(score_files(RUBRIC, data, scores=[made]).candidates[0].reported_total) == "94.00"


def test_control_characters_are_refused_with_a_message(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    data = Input((Candidate("a", "甲\x07公司", {}, {}, {}, 0),), {}, (), {})
    with pytest.raises(ReportError) as err:
        write_sheets(rubric, data, ["e1"], tmp_path / "x")
    assert str(err.value) == ("cannot write a workbook for evaluator 'e1': control characters, which a workbook cannot "
                              "hold, in candidate 'a' (U+0007); remove them from the input or the rubric, or make CSV "
                              "sheets (--format csv)")
    table = tmp_path / "bids.csv"
    table.write_text("id,name\na,甲\x07公司\n", encoding="utf-8")
    with pytest.raises(InputError) as ierr:
        load_table_input(table)
    # The name is the second column; the message is a YAML input's.
    assert str(ierr.value) == (f"{table}:2:2: candidates[0].name: expected text without control characters, got '甲\\x07公司' "
                               "(U+0007 at character 2)")
    table.write_text("id,name\n../x,甲公司\n", encoding="utf-8")
    with pytest.raises(InputError) as ierr:
        load_table_input(table)
    assert str(ierr.value) == f"{table}:2:1: candidates[0].id: expected an id of letters, digits, '_', '.' or '-', got '../x'"


def test_sheet_files_never_leave_their_folder(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    data = load_input(bids(tmp_path, evaluators=""), rubric)
    with pytest.raises(ReportError) as err:
        write_sheets(rubric, data, ["../x", "/abs", "ok", "=1+1"], tmp_path / "s", fmt="csv")
    assert str(err.value) == "expected evaluator ids of letters, digits, '_', '.' or '-', got '../x', '/abs', '=1+1'"
    assert not (tmp_path / "s").exists()
    # A valid id that a file system would still misread: `.x` is a hidden file, so it gets a `_`.
    written = write_sheets(rubric, data, [".x", "ok"], tmp_path / "s", fmt="csv")
    assert [(p.parent, p.name) for p in written] == [(tmp_path / "s", "_.x.csv"), (tmp_path / "s", "ok.csv")]
    with pytest.raises(FileNameError):
        write_sheets(rubric, data, ["E1", "e1"], tmp_path / "t", fmt="csv")  # one file on a case-folding disk


def test_a_workbook_claiming_an_unknown_zip_version_is_refused(tmp_path: Path) -> None:
    # Found by the fuzz test: a central directory whose "version needed to extract" is 6.4
    # made zipfile raise NotImplementedError; it must be an input error like any bad workbook.
    from scoring.load.grid import read_grid

    book = tmp_path / "odd.xlsx"
    Workbook().save(book)
    data = bytearray(book.read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6:at + 8] = (64).to_bytes(2, "little")  # version needed to extract: 6.4
    book.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        read_grid(book)
    assert "expected an Excel workbook (.xlsx, a zip file), got a file that is not one" in str(caught.value)
