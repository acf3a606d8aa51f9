"""Score sheets for evaluators: one workbook (or CSV file) each, to fill in and hand back.

Each sheet lists the judged criteria as rows (id, title, maximum or weight, the text of
every level) and the candidates as columns; a bidder that fails a gate the input decides gets
no column. In a workbook, level cells offer a drop-down of the levels' labels, number cells
accept only numbers in the scale's range, and all but the score cells is locked. The scores
sheet prints landscape, one page wide, its header rows on every page, with a signature line
under the table. A hidden sheet carries the rubric's id and SHA-256 and the
evaluator's id, so that `scoring.load.tabular` refuses a sheet filled for another rubric
version or handed in twice. It also lists every evaluator the sheets were made for, so a
sheet not handed back is noticed.

Cells are safe to open: text that a spreadsheet would evaluate (starting with `= + - @`,
a tab or a carriage return) is written as inert text, in a workbook as a string cell and in
CSV behind a `'`; `uninert` reads the latter back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scoring.engine.environment import FactEnv
from scoring.model.errors import ReportError
from scoring.model.exprrun import EvalError
from scoring.model.inputs import Candidate, Input
from scoring.model.numbers import plain
from scoring.model.rubric import Criterion, DirectScale, LevelsScale, Rubric
from scoring.model.sheetformat import ACTIVE_STARTS, FORMAT_TAG, META_SHEET, inert, judged_criteria
from scoring.model.words import fold_width, is_id, shown
from scoring.render.atomic import write_atomic
from scoring.render.figures import exact, percent
from scoring.render.paths import file_names

FIRST_ROW = 5
"""Rows 1–4 hold the title, the instructions, the candidate ids and their names."""
FIRST_COLUMN = 5
"""Columns A–D hold the criterion's id, title, maximum and standard."""
_TEXT = {
    "zh": {"sheet": "评分", "criterion": "编号", "title": "评分项", "max": "满分/权重", "standard": "评分标准",
           "evaluator": "评委", "help": "只在黄色单元格中评分：等级从下拉列表中选择，数值填写范围内的数字。"
                                          "整列留空表示不评该候选人。",
           "range": "{low} 至 {high} 之间的数", "date": "日期：",
           "sign_vendor": "评委签字：", "sign_staff": "考评人签字：",
           "left_off": "未通过资格审查，不参与评分：{names}"},
    "en": {"sheet": "Scores", "criterion": "id", "title": "Criterion", "max": "Max / weight", "standard": "Standard",
           "evaluator": "Evaluator", "help": "Score in the yellow cells only: pick a level from the list, or write a "
                                             "number within the range. Leave a whole column empty to not score that "
                                             "candidate.",
           "range": "a number from {low} to {high}", "date": "Date:",
           "sign_vendor": "Evaluator's signature:", "sign_staff": "Appraiser's signature:",
           "left_off": "Disqualified, not to be scored: {names}"},
}
LEVELS_SHEET = "_levels"
"""The hidden sheet holding a drop-down's labels when Excel cannot hold the list inline."""
_INLINE_LIST = 255
"""Excel refuses an inline list (`"a,b,c"`) longer than this many characters."""


def sheet_name(rubric: Rubric) -> str:
    """The title of the scores sheet, in the rubric's language."""
    return _TEXT[rubric.locale]["sheet"]


def write_sheets(rubric: Rubric, data: Input, evaluators: Sequence[str], folder: str | Path, *, fmt: str = "xlsx") -> list[Path]:
    """Write one sheet per evaluator into `folder` as `<evaluator>.xlsx` (or `.csv`)."""
    if fmt not in ("xlsx", "csv"):
        raise ReportError(f"unknown sheet format {fmt!r}; expected xlsx or csv")
    criteria = judged_criteria(rubric)
    if not criteria:
        raise ReportError(f"rubric '{rubric.id}' has no judged criteria to put on a score sheet")
    known = set(data.evaluators)
    strangers = [e for e in evaluators if known and e not in known]
    if strangers:
        raise ReportError(f"evaluator {', '.join(strangers)} is not listed in the input; "
                          f"expected one of {', '.join(sorted(known))}")
    bad = [shown(e) for e in evaluators if not is_id(fold_width(e))]
    if bad:
        raise ReportError(f"expected evaluator ids of letters, digits, '_', '.' or '-', got {', '.join(bad)}")
    target = Path(folder)
    names = file_names(list(evaluators), f".{fmt}")  # never outside `folder`; a clash is an error
    target.mkdir(parents=True, exist_ok=True)
    written = []
    kept, left_off = qualified(rubric, data.candidates)
    for eid in evaluators:
        ev = data.evaluators.get(eid)
        name = ev.name if ev is not None and ev.name else eid
        if fmt == "xlsx":
            _refuse_control(rubric, data.candidates, criteria, eid, name)
        path = target / names[eid]
        record = _meta(rubric, eid, evaluators)
        if fmt == "xlsx":
            body = _workbook(rubric, kept, criteria, (eid, name), record, left_off)
        else:
            body = _csv(rubric, kept, criteria, (eid, name), record)
        write_atomic(path, body)
        written.append(path)
    return written


def qualified(rubric: Rubric, candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates to score, and those a gate the input decides already shuts out.

    A gate decides before anyone scores when the input answers it `fail` or its check over the
    facts is false. A check that cannot be worked out yet (a fact missing) keeps the column:
    `scoring score` reports that problem in its place.
    """
    kept: list[Candidate] = []
    out: list[Candidate] = []
    for cand in candidates:
        (out if _fails_a_gate(rubric, cand) else kept).append(cand)
    return kept, out


def _fails_a_gate(rubric: Rubric, cand: Candidate) -> bool:
    env = FactEnv(rubric, cand)
    for gate in rubric.gates:
        if gate.check is None:
            if cand.gates.get(gate.id) is False:
                return True
            continue
        try:
            if gate.check.evaluate(env.lookup) is False:
                return True
        except EvalError:
            continue
    return False


def _refuse_control(rubric: Rubric, candidates: Sequence[Candidate], criteria: list[Criterion],
                    eid: str, name: str) -> None:
    """Refuse texts with control characters, which a workbook cannot hold, naming each one."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    texts = [("the rubric's title", rubric.title), (f"evaluator '{eid}'", eid + name)]
    texts += [(f"criterion '{c.id}'", f"{c.id}{c.category}{c.title}{standard(rubric, c)}") for c in criteria]
    texts += [(f"candidate {c.id!r}", c.id + c.name) for c in candidates]
    found = [(what, ILLEGAL_CHARACTERS_RE.search(text)) for what, text in texts]
    bad = [f"{what} (U+{ord(match.group()):04X})" for what, match in found if match is not None]
    if bad:
        raise ReportError(f"cannot write a workbook for evaluator {eid!r}: control characters, which a workbook "
                          f"cannot hold, in {', '.join(bad)}; remove them from the input or the rubric, "
                          "or make CSV sheets (--format csv)")


def standard(rubric: Rubric, criterion: Criterion) -> str:
    """What an evaluator may write, with what each choice is worth."""
    scale = criterion.scale
    if isinstance(scale, LevelsScale):
        return "\n".join(
            f"{key} = {lv.label or key} ({exact(lv.points.of(rubric.maximum(criterion)))})"
            + (f": {lv.description}" if lv.description else "")
            for key, lv in scale.levels.items()
        )
    assert isinstance(scale, DirectScale)
    return f"{exact(scale.min)} – {exact(scale.max)}"


def _meta(rubric: Rubric, evaluator: str, evaluators: Sequence[str]) -> list[tuple[str, str]]:
    """The sheet's record: what it is for, and every evaluator given a sheet with it."""
    return [("format", FORMAT_TAG), ("rubric", rubric.id), ("sha256", rubric.sha256), ("evaluator", evaluator),
            ("evaluators", ",".join(evaluators))]


def _maximum(rubric: Rubric, c: Criterion) -> str:
    return exact(rubric.maximum(c)) if c.points_style or c.weight is None else percent(c.weight)


def _put(ws: Any, row: int, column: int, value: str) -> Any:
    """Write text into a cell as a string, never as a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=column, value=value)
    if value.startswith(ACTIVE_STARTS):
        cell.data_type = "s"  # openpyxl took `=…` for a formula; this keeps it text
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _workbook(rubric: Rubric, candidates: Sequence[Candidate], criteria: list[Criterion], who: tuple[str, str],
              record: list[tuple[str, str]], left_off: Sequence[Candidate]) -> bytes:
    from openpyxl import Workbook  # deferred: only sheets and spreadsheet inputs need it
    from openpyxl.styles import Font

    text = _TEXT[rubric.locale]
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook has one
    ws.title = sheet_name(rubric)
    _put(ws, 1, 1, f"{rubric.title} — {text['evaluator']}: {who[1]} ({who[0]})").font = Font(bold=True, size=13)
    _put(ws, 2, 1, text["help"])
    for col, label in enumerate((text["criterion"], text["title"], text["max"], text["standard"]), start=1):
        _put(ws, 3, col, label).font = Font(bold=True)
    for j, cand in enumerate(candidates):
        _put(ws, 3, FIRST_COLUMN + j, cand.id).font = Font(bold=True)
        _put(ws, 4, FIRST_COLUMN + j, cand.name)
    _criteria_rows(ws, rubric, text, criteria, len(candidates))
    _print_setup(ws, rubric, text, FIRST_ROW + len(criteria), left_off)
    meta = wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate(record, start=1):
        _put(meta, r, 1, key)
        _put(meta, r, 2, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    _level_lists(wb, ws, criteria, len(candidates))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _criteria_rows(ws: Any, rubric: Rubric, text: dict[str, str], criteria: list[Criterion], count: int) -> None:
    """One row per criterion with its score cells open and checked, and the layout around them."""
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for j in range(count):
        ws.column_dimensions[get_column_letter(FIRST_COLUMN + j)].width = 14
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 14, 48
    ws.column_dimensions["C"].width, ws.column_dimensions["D"].width = 10, 40
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(FIRST_COLUMN + count - 1) if count else "E"
    for i, c in enumerate(criteria):
        row = FIRST_ROW + i
        _put(ws, row, 1, c.id)
        _put(ws, row, 2, f"{c.category} {c.title}".strip()).alignment = wrap
        _put(ws, row, 3, _maximum(rubric, c))
        _put(ws, row, 4, standard(rubric, c)).alignment = wrap
        for j in range(count):
            cell = ws.cell(row=row, column=FIRST_COLUMN + j)
            cell.protection = Protection(locked=False)
            cell.fill = fill
        if not count or not isinstance(c.scale, DirectScale):
            continue  # level drop-downs come with `_level_lists`, which may need a sheet of their own
        # The bounds Excel checks are numbers for a machine: plain, never `≈` or `−`.
        rule = DataValidation(type="decimal", operator="between", formula1=plain(c.scale.min),
                              formula2=plain(c.scale.max), allow_blank=True)
        rule.error = text["range"].format(low=exact(c.scale.min), high=exact(c.scale.max))
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(f"{get_column_letter(FIRST_COLUMN)}{row}:{last}{row}")
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=FIRST_COLUMN)
    ws.protection.sheet = True


def level_labels(scale: LevelsScale) -> list[str]:
    """What a drop-down offers, in the scale's order: each level's label, its key when it has none."""
    return [lv.label or key for key, lv in scale.levels.items()]


def _level_lists(wb: Any, ws: Any, criteria: list[Criterion], count: int) -> None:
    """A drop-down of labels on each levels row: inline when Excel can hold it, else from a hidden sheet."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if not count:
        return
    ranges: Any = None
    used = 0  # columns of the hidden sheet taken so far, one per list
    last = get_column_letter(FIRST_COLUMN + count - 1)
    for i, c in enumerate(criteria):
        if not isinstance(c.scale, LevelsScale):
            continue
        labels = level_labels(c.scale)
        inline = '"' + ",".join(labels) + '"'
        if any("," in label or '"' in label for label in labels) or len(inline) - 2 > _INLINE_LIST:
            if ranges is None:
                ranges = wb.create_sheet(LEVELS_SHEET)
                ranges.sheet_state = "hidden"
            used += 1
            column = get_column_letter(used)
            for r, label in enumerate(labels, start=1):
                _put(ranges, r, used, label)
            inline = f"{quote_sheetname(LEVELS_SHEET)}!${column}$1:${column}${len(labels)}"
        rule = DataValidation(type="list", formula1=inline, allow_blank=True)
        rule.error = "、".join(labels)
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(f"{get_column_letter(FIRST_COLUMN)}{FIRST_ROW + i}:{last}{FIRST_ROW + i}")


def _print_setup(ws: Any, rubric: Rubric, text: dict[str, str], row: int, left_off: Sequence[Candidate]) -> None:
    """Landscape A4, one page wide, header rows on every page; after the table (`row` on), an empty
    row, then the signature line."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the criteria need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{FIRST_ROW - 1}"
    # Column A stays empty below the table: the reader takes any id there for a criterion.
    sign = text[f"sign_{rubric.subject}"]
    _put(ws, row + 1, 2, f"{sign}________________")
    _put(ws, row + 1, 4, f"{text['date']}________________")
    if left_off:
        names = "、".join(f"{c.name} ({c.id})" if c.name != c.id else c.id for c in left_off)
        _put(ws, row + 2, 2, text["left_off"].format(names=names))


def _csv(rubric: Rubric, candidates: Sequence[Candidate], criteria: list[Criterion], who: tuple[str, str],
         record: list[tuple[str, str]]) -> bytes:
    text = _TEXT[rubric.locale]
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")

    def row(cells: list[str]) -> None:
        out.writerow([inert(c) for c in cells])

    for key, value in record:
        row([f"#{key}", value])
    row(["criterion", "title", "max", "standard", *[c.id for c in candidates]])
    row(["", f"{text['evaluator']}: {who[1]}", "", "", *[c.name for c in candidates]])
    for c in criteria:
        row([c.id, f"{c.category} {c.title}".strip(), _maximum(rubric, c),
             standard(rubric, c).replace("\n", "; "), *[""] * len(candidates)])
    return buffer.getvalue().encode("utf-8-sig")  # with a BOM, so Excel opens it as UTF-8
