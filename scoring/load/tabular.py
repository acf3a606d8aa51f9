"""Read spreadsheets: filled score sheets, long-format score files, and candidate tables.

Every problem names its file, sheet and cell (`e2.xlsx!评分!D7: ...`) or, in a CSV file,
its line and column, and all of them are reported at once.

- Score sheets made by `scoring sheet` (XLSX or CSV) are checked against the rubric's id
  and SHA-256 and the evaluator they were made for.
- A long-format file has the header `candidate,evaluator,criterion,value`.
- A candidate table (an INPUT given as `.csv` or `.xlsx`) has the columns `id`, `name`,
  one column per fact, and `gate:ID` columns with pass/fail answers.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scoring.engine import scales
from scoring.engine.scales import ScaleError
from scoring.model.errors import InputError, Problem, unknown
from scoring.model.inputs import Candidate, Evaluator, Input
from scoring.model.rubric import Rubric
from scoring.render.sheets import FORMAT_TAG, META_SHEET, judged_criteria

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
LONG_HEADER = ["candidate", "evaluator", "criterion", "value"]
_PASS, _FAIL = ("pass", "yes", "true", "通过", "合格"), ("fail", "no", "false", "不通过", "不合格")


@dataclass
class Grid:
    """The text of one sheet, and where each cell is."""

    name: str
    """`file` for CSV, `file!sheet` for a workbook."""
    rows: list[list[str]]
    spreadsheet: bool
    meta: dict[str, str]
    offset: int = 0
    """Lines above `rows` (a CSV sheet's `#key,value` lines), for line numbers."""

    def cell(self, row: int, column: int) -> str:
        """The text at 0-based (row, column), empty when outside the sheet."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def problem(self, row: int, column: int, message: str) -> Problem:
        """A problem at 0-based (row, column) of `rows`."""
        row += self.offset
        if self.spreadsheet:
            from openpyxl.utils import get_column_letter

            return Problem(self.name, row + 1, column + 1, message, cell=f"{get_column_letter(column + 1)}{row + 1}")
        return Problem(self.name, row + 1, column + 1, message)


def read_grid(file: str | Path) -> Grid:
    """Load a CSV file, or the scores sheet of a workbook, as text; raises `InputError`."""
    path = Path(file)
    name = str(file)
    try:
        if path.suffix.lower() == ".xlsx":
            return _read_xlsx(path, name)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [[c.strip() for c in row] for row in csv.reader(handle)]
    except OSError as exc:
        raise InputError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")]) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError([Problem(name, 0, 0, f"not a UTF-8 CSV file: {exc}")]) from None
    meta = {}
    while rows and rows[0] and rows[0][0].startswith("#"):
        meta[rows[0][0][1:]] = rows[0][1] if len(rows[0]) > 1 else ""
        rows.pop(0)
    return Grid(name, rows, spreadsheet=False, meta=meta, offset=len(meta))


def _read_xlsx(path: Path, name: str) -> Grid:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InputError([Problem(name, 0, 0, f"not an Excel workbook (.xlsx): {exc}")]) from None
    try:
        meta: dict[str, str] = {}
        if META_SHEET in wb.sheetnames:
            for row in wb[META_SHEET].iter_rows(values_only=True):
                if row and row[0] is not None:
                    meta[str(row[0])] = _text(row[1] if len(row) > 1 else None)
        sheet = next(wb[s] for s in wb.sheetnames if s != META_SHEET)
        rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        return Grid(f"{name}!{sheet.title}", rows, spreadsheet=True, meta=meta)
    finally:
        wb.close()


def _text(value: object) -> str:
    """A cell's value as the text a user typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return str(value).strip()


# -- scores ----------------------------------------------------------------------------


def merge_scores(rubric: Rubric, data: Input, files: Sequence[str | Path], *, allow_missing: bool = False) -> Input:
    """`data` with the scores of filled sheets and score files added; raises `InputError`."""
    problems: list[Problem] = []
    found: dict[str, dict[str, dict[str, str]]] = {}  # candidate -> evaluator -> criterion -> text
    origin: dict[str, str] = {}  # evaluator -> the file their sheet came from
    digests = dict(data.sha256)
    for file in files:
        try:
            grid = read_grid(file)
            digests[str(file)] = hashlib.sha256(Path(file).read_bytes()).hexdigest()
        except InputError as exc:
            problems += exc.problems
            continue
        reader = _ScoreReader(rubric, data, grid, found, problems, allow_missing)
        if grid.meta:
            reader.wide(origin, str(file))
        elif grid.rows and [c.lower() for c in grid.rows[0][:4]] == LONG_HEADER:
            reader.long()
        else:
            problems.append(Problem(grid.name, 0, 0, "not a score sheet made by `scoring sheet`, nor a long-format "
                                    f"file with the header {','.join(LONG_HEADER)}"))
    if problems:
        raise InputError(problems)
    evaluators = dict(data.evaluators)
    candidates = []
    for cand in data.candidates:
        extra = found.get(cand.id, {})
        for eid in extra:
            evaluators.setdefault(eid, Evaluator(eid))
        candidates.append(replace(cand, scores={**cand.scores, **extra}) if extra else cand)
    return replace(data, candidates=tuple(candidates), evaluators=evaluators,
                   files=(*data.files, *[str(f) for f in files]), sha256=digests)


class _ScoreReader:
    def __init__(self, rubric: Rubric, data: Input, grid: Grid, found: dict[str, dict[str, dict[str, str]]],
                 problems: list[Problem], allow_missing: bool) -> None:
        self.rubric, self.data, self.grid = rubric, data, grid
        self.found, self.problems, self.allow_missing = found, problems, allow_missing
        self.judged = {c.id: c for c in judged_criteria(rubric)}
        self.candidates = {c.id: c for c in data.candidates}

    def error(self, row: int, column: int, message: str) -> None:
        self.problems.append(self.grid.problem(row, column, message))

    def wide(self, origin: dict[str, str], file: str) -> None:
        """A sheet made by `scoring sheet`: criteria down, candidates across."""
        grid, meta, rubric = self.grid, self.grid.meta, self.rubric
        whole = grid.name.split("!")[0]
        if meta.get("format") != FORMAT_TAG:
            self.problems.append(Problem(whole, 0, 0, f"not a score sheet of this program (format {meta.get('format')!r})"))
            return
        if meta.get("rubric") != rubric.id or meta.get("sha256") != rubric.sha256:
            self.problems.append(Problem(whole, 0, 0, (
                f"this sheet was made for rubric '{meta.get('rubric')}' version {meta.get('sha256', '')[:12]}, "
                f"but the rubric is '{rubric.id}' version {rubric.sha256[:12]}; make new sheets with `scoring sheet`")))
            return
        eid = meta.get("evaluator", "")
        if self.data.evaluators and eid not in self.data.evaluators:
            self.problems.append(Problem(whole, 0, 0, f"this sheet was made for evaluator '{eid}', who is not "
                                         f"listed in the input ({', '.join(self.data.evaluators)})"))
            return
        if eid in origin:
            self.problems.append(Problem(whole, 0, 0, f"evaluator '{eid}' already handed in {origin[eid]}; "
                                         "each evaluator's sheet may be read once"))
            return
        origin[eid] = file
        header = 2 if grid.spreadsheet else 0  # xlsx: title, help, then ids; CSV: ids first
        first = header + 2  # the names row follows the ids
        columns: dict[int, str] = {}
        for col in range(4, len(grid.rows[header]) if header < len(grid.rows) else 4):
            cid = grid.cell(header, col)
            if not cid:
                continue
            if cid not in self.candidates:
                self.error(header, col, unknown("candidate", cid, self.candidates))
            else:
                columns[col] = cid
        rows: dict[int, str] = {}
        for row in range(first, len(grid.rows)):
            crit = grid.cell(row, 0)
            if not crit:
                continue
            if crit not in self.judged:
                self.error(row, 0, unknown("judged criterion", crit, self.judged))
            else:
                rows[row] = crit
        for col, cand in columns.items():
            cells = {row: grid.cell(row, col) for row in rows}
            if not any(cells.values()):
                continue  # a whole column left empty: this evaluator did not score this candidate
            for row, text in cells.items():
                self.take(row, col, cand, eid, rows[row], text)

    def long(self) -> None:
        """`candidate,evaluator,criterion,value`, one score a row."""
        seen: dict[tuple[str, str, str], int] = {}
        for row in range(1, len(self.grid.rows)):
            cand, eid, crit, text = (self.grid.cell(row, c) for c in range(4))
            if not (cand or eid or crit or text):
                continue
            if cand not in self.candidates:
                self.error(row, 0, unknown("candidate", cand, self.candidates))
                continue
            if not eid:
                self.error(row, 1, "expected an evaluator id, got nothing")
                continue
            if crit not in self.judged:
                self.error(row, 2, unknown("judged criterion", crit, self.judged))
                continue
            if (cand, eid, crit) in seen:
                self.error(row, 3, f"a second score of evaluator '{eid}' for '{cand}' on '{crit}' "
                           f"(the first is on line {seen[(cand, eid, crit)] + 1})")
                continue
            seen[(cand, eid, crit)] = row
            self.take(row, 3, cand, eid, crit, text)

    def take(self, row: int, col: int, cand: str, eid: str, crit: str, text: str) -> None:
        if self.candidates[cand].scores.get(eid, {}).get(crit, "").strip():
            self.error(row, col, f"evaluator '{eid}' also scored '{crit}' of '{cand}' in the input file")
            return
        if not text:
            if not self.allow_missing:
                self.error(row, col, f"evaluator '{eid}' left criterion '{crit}' of candidate '{cand}' empty "
                           "(use --allow-missing to score without it)")
            return
        criterion = self.judged[crit]
        try:
            scales.points(criterion.scale, text, criterion.maximum)
        except ScaleError as exc:
            self.error(row, col, str(exc))
            return
        self.found.setdefault(cand, {}).setdefault(eid, {})[crit] = text


# -- candidate tables -------------------------------------------------------------------


class _TableLocator:
    """Maps a problem's path in the input model to a cell of the candidate table."""

    def __init__(self, grid: Grid, columns: dict[str, int]) -> None:
        self.grid, self.columns = grid, columns

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        row = int(path[1]) + 1 if len(path) > 1 and isinstance(path[1], int) else 0
        column = 0
        if len(path) > 3 and path[2] == "facts" and str(path[3]) in self.columns:
            column = self.columns[str(path[3])]
        elif len(path) > 3 and path[2] == "gates" and f"gate:{path[3]}" in self.columns:
            column = self.columns[f"gate:{path[3]}"]
        return self.grid.problem(row, column, message)


def load_table_input(file: str | Path, rubric: Rubric | None = None) -> Input:
    """Candidates and their facts from a CSV file or a workbook's first sheet."""
    grid = read_grid(file)
    problems: list[Problem] = []
    if not grid.rows or [h.lower() for h in grid.rows[0][:1]] != ["id"]:
        raise InputError([grid.problem(0, 0, "expected a header row starting with 'id' "
                                       "(then 'name', one column per fact, and 'gate:ID' columns)")])
    header = grid.rows[0]
    columns = {h: i for i, h in enumerate(header) if h}
    locator = _TableLocator(grid, columns)
    gate_ids = {g.id for g in rubric.gates} if rubric is not None else None
    for h, col in columns.items():
        if h.startswith("gate:") and gate_ids is not None and h[5:] not in gate_ids:
            problems.append(grid.problem(0, col, unknown("gate", h[5:], gate_ids)))
    candidates, seen = [], set()
    for i, row in enumerate(grid.rows[1:]):
        cells = {h: (row[c] if c < len(row) else "") for h, c in columns.items()}
        if not any(cells.values()):
            continue
        cid = cells.get("id", "")
        if not cid or cid in seen:
            problems.append(grid.problem(i + 1, 0, f"duplicate candidate id '{cid}'" if cid
                                         else "expected a candidate id, got nothing"))
            continue
        seen.add(cid)
        gates: dict[str, bool] = {}
        for h, value in cells.items():
            if not h.startswith("gate:") or not value:
                continue
            if value.lower() in _PASS or value.lower() in _FAIL:
                gates[h[5:]] = value.lower() in _PASS
            else:
                problems.append(grid.problem(i + 1, columns[h], f"expected pass or fail, got {value!r}"))
        facts = {h: v for h, v in cells.items() if h not in ("id", "name") and not h.startswith("gate:") and v}
        candidates.append(Candidate(cid, cells.get("name") or cid, facts, gates, {}, i, {}, locator))
    if problems:
        raise InputError(problems)
    return Input(candidates=tuple(candidates), evaluators={}, files=(str(file),),
                 sha256={str(file): hashlib.sha256(Path(file).read_bytes()).hexdigest()}, document=locator)


def is_table(file: str | Path) -> bool:
    """Whether an INPUT is a spreadsheet rather than YAML."""
    return Path(file).suffix.lower() in SPREADSHEET_SUFFIXES


__all__ = ["Grid", "is_table", "load_table_input", "merge_scores", "read_grid"]
