"""Score sheets for evaluators: one workbook (or CSV file) each, to fill in and hand back.

Each sheet lists the judged criteria as rows (id, title, maximum or weight, the text of
every level) and the candidates as columns. In a workbook, level cells offer a drop-down
of the allowed levels, number cells accept only numbers in the scale's range, and all but
the score cells is locked. A hidden sheet carries the rubric's id and SHA-256 and the
evaluator's id, so that `scoring.load.tabular` refuses a sheet filled for another rubric
version or handed in twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from scoring.model.errors import ReportError
from scoring.model.inputs import Candidate, Input
from scoring.model.numbers import percent_text, plain
from scoring.model.rubric import Criterion, DirectScale, LevelsScale, Rubric
from scoring.render.atomic import write_atomic

FORMAT_TAG = "scoring-sheet/1"
META_SHEET = "_scoring"
FIRST_ROW = 5
"""Rows 1–4 hold the title, the instructions, the candidate ids and their names."""
FIRST_COLUMN = 5
"""Columns A–D hold the criterion's id, title, maximum and standard."""

_TEXT = {
    "zh": {"sheet": "评分", "criterion": "编号", "title": "评分项", "max": "满分/权重", "standard": "评分标准",
           "evaluator": "评委", "help": "只在黄色单元格中评分：等级填写其代码（如 full），数值填写范围内的数字。"
                                          "整列留空表示不评该候选人。",
           "range": "{low} 至 {high} 之间的数"},
    "en": {"sheet": "Scores", "criterion": "id", "title": "Criterion", "max": "Max / weight", "standard": "Standard",
           "evaluator": "Evaluator", "help": "Score in the yellow cells only: a level by its code (e.g. full), a number "
                                             "within the range. Leave a whole column empty to not score that candidate.",
           "range": "a number from {low} to {high}"},
}


def judged_criteria(rubric: Rubric) -> list[Criterion]:
    """The criteria an evaluator scores: level and direct scales not tied to a fact or metric."""
    return [c for c in rubric.criteria if isinstance(c.scale, (LevelsScale, DirectScale)) and c.value is None]


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
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for eid in evaluators:
        ev = data.evaluators.get(eid)
        name = ev.name if ev is not None and ev.name else eid
        path = target / f"{eid}.{fmt}"
        body = (_workbook if fmt == "xlsx" else _csv)(rubric, data.candidates, criteria, eid, name)
        write_atomic(path, body)
        written.append(path)
    return written


def standard(criterion: Criterion) -> str:
    """What an evaluator may write, with what each choice is worth."""
    scale = criterion.scale
    if isinstance(scale, LevelsScale):
        return "\n".join(
            f"{key} = {lv.label or key} ({plain(lv.points.of(criterion.maximum))})"
            + (f": {lv.description}" if lv.description else "")
            for key, lv in scale.levels.items()
        )
    assert isinstance(scale, DirectScale)
    return f"{plain(scale.min)} – {plain(scale.max)}"


def _meta(rubric: Rubric, evaluator: str) -> list[tuple[str, str]]:
    return [("format", FORMAT_TAG), ("rubric", rubric.id), ("sha256", rubric.sha256), ("evaluator", evaluator)]


def _maximum(c: Criterion) -> str:
    return plain(c.maximum) if c.points_style or c.weight is None else percent_text(c.weight)


def _workbook(rubric: Rubric, candidates: Sequence[Candidate], criteria: list[Criterion], eid: str, name: str) -> bytes:
    from openpyxl import Workbook  # deferred: only sheets and spreadsheet inputs need it
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    text = _TEXT[rubric.locale]
    wb = Workbook()
    ws = wb.active
    ws.title = text["sheet"]
    ws["A1"] = f"{rubric.title} — {text['evaluator']}: {name} ({eid})"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = text["help"]
    for col, label in enumerate((text["criterion"], text["title"], text["max"], text["standard"]), start=1):
        ws.cell(row=3, column=col, value=label).font = Font(bold=True)
    for j, cand in enumerate(candidates):
        ws.cell(row=3, column=FIRST_COLUMN + j, value=cand.id).font = Font(bold=True)
        ws.cell(row=4, column=FIRST_COLUMN + j, value=cand.name)
        ws.column_dimensions[get_column_letter(FIRST_COLUMN + j)].width = 14
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 14, 48
    ws.column_dimensions["C"].width, ws.column_dimensions["D"].width = 10, 40
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(FIRST_COLUMN + len(candidates) - 1) if candidates else "E"
    for i, c in enumerate(criteria):
        row = FIRST_ROW + i
        ws.cell(row=row, column=1, value=c.id)
        ws.cell(row=row, column=2, value=f"{c.category} {c.title}".strip()).alignment = wrap
        ws.cell(row=row, column=3, value=_maximum(c))
        ws.cell(row=row, column=4, value=standard(c)).alignment = wrap
        for j in range(len(candidates)):
            cell = ws.cell(row=row, column=FIRST_COLUMN + j)
            cell.protection = Protection(locked=False)
            cell.fill = fill
        if not candidates:
            continue
        if isinstance(c.scale, LevelsScale):
            rule = DataValidation(type="list", formula1='"' + ",".join(c.scale.levels) + '"', allow_blank=True)
            rule.error = f"{', '.join(c.scale.levels)}"
        else:
            assert isinstance(c.scale, DirectScale)
            rule = DataValidation(type="decimal", operator="between", formula1=plain(c.scale.min),
                                  formula2=plain(c.scale.max), allow_blank=True)
            rule.error = text["range"].format(low=plain(c.scale.min), high=plain(c.scale.max))
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(f"{get_column_letter(FIRST_COLUMN)}{row}:{last}{row}")
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=FIRST_COLUMN)
    ws.protection.sheet = True
    meta = wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate(_meta(rubric, eid), start=1):
        meta.cell(row=r, column=1, value=key)
        meta.cell(row=r, column=2, value=value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _csv(rubric: Rubric, candidates: Sequence[Candidate], criteria: list[Criterion], eid: str, name: str) -> bytes:
    text = _TEXT[rubric.locale]
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    for key, value in _meta(rubric, eid):
        out.writerow([f"#{key}", value])
    out.writerow(["criterion", "title", "max", "standard", *[c.id for c in candidates]])
    out.writerow(["", f"{text['evaluator']}: {name}", "", "", *[c.name for c in candidates]])
    for c in criteria:
        out.writerow([c.id, f"{c.category} {c.title}".strip(), _maximum(c), standard(c).replace("\n", "; "),
                      *[""] * len(candidates)])
    return buffer.getvalue().encode("utf-8-sig")  # with a BOM, so Excel opens it as UTF-8
