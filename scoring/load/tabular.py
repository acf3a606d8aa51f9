"""Read spreadsheets: filled score sheets, long-format score files, and candidate tables.

Every problem names its file, sheet and cell (`e2.xlsx!评分!D7: ...`) or, in a CSV file,
its line and column, and all of them are reported at once.

- Score sheets made by `scoring sheet` (XLSX or CSV) are checked against the rubric's id
  and SHA-256 and the evaluator they were made for.
- A long-format file has the header `candidate,evaluator,criterion,value`.
- A candidate table (an INPUT given as `.csv` or `.xlsx`) has the columns `id`, `name`,
  one column per fact, and `gate:ID` columns with pass/fail answers.

Workbooks and CSV files come from outside and are read as hostile: sizes are checked from
the zip directory before anything is unpacked, rows and columns are counted as they are
read (a workbook's claimed dimension is ignored), and every reader error becomes a
located `InputError`.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scoring.engine import scales
from scoring.engine.scales import ScaleError
from scoring.load.fields import Reader
from scoring.load.places import locate, locate_places
from scoring.model.errors import InputError, PathKey, Place, Problem, unknown
from scoring.model.inputs import Candidate, Evaluator, Input
from scoring.model.limits import (
    MAX_FILE_BYTES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED,
)
from scoring.model.rubric import Criterion, LevelsScale, Rubric
from scoring.model.words import answer_words, fold_width, id_clashes, shown, yes_no
from scoring.render.sheets import FORMAT_TAG, META_SHEET, judged_criteria, uninert

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
LONG_HEADER = ["candidate", "evaluator", "criterion", "value"]
_MISSING_HINT = "(use --allow-missing to score without it)"


@dataclass(frozen=True)
class Grid:
    """The text of one sheet, and where each cell is."""

    name: str
    """`file` for CSV, `file!sheet` for a workbook."""
    rows: list[list[str]]
    spreadsheet: bool
    meta: dict[str, str]
    lines: list[int] = field(default_factory=list)
    """CSV: the 1-based line each row starts on (a quoted cell may span several lines)."""

    def cell(self, row: int, column: int) -> str:
        """The text at 0-based (row, column), empty when outside the sheet."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def _line(self, row: int) -> int:
        if row < len(self.lines):
            return self.lines[row]
        return (self.lines[-1] if self.lines else 0) + 1 + row - len(self.lines)

    def problem(self, row: int, column: int, message: str) -> Problem:
        """A problem at 0-based (row, column) of `rows`."""
        if self.spreadsheet:
            from openpyxl.utils import get_column_letter

            return Problem(self.name, row + 1, column + 1, message, cell=f"{get_column_letter(column + 1)}{row + 1}")
        return Problem(self.name, self._line(row), column + 1, message)

    def place(self, path: tuple[PathKey, ...], row: int, column: int) -> Place:
        """The provenance entry saying that `path` was read at 0-based (row, column)."""
        found = self.problem(row, column, "")
        return (path, found.file, found.line, found.column, found.cell)

    def where(self, row: int, column: int) -> str:
        """A cell's place within this sheet, for messages that name two places: `E3`, or `line 3, column 5`."""
        found = self.problem(row, column, "")
        return found.cell or f"line {found.line}, column {found.column}"


def read_grid(file: str | Path) -> Grid:
    """Load a CSV file, or the first sheet of a workbook, as text; raises `InputError`."""
    path, name = Path(file), str(file)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        raise InputError([Problem(name, 0, 0, f"expected a file of at most {MAX_FILE_BYTES:,} bytes, got {size:,}")])
    grid = _read_xlsx(path, name) if path.suffix.lower() == ".xlsx" else _read_csv(path, name)
    if not any(any(row) for row in grid.rows):
        what = "sheet" if grid.spreadsheet else "file"
        raise InputError([Problem(grid.name, 0, 0, f"expected a header row and rows of data, got an empty {what}")])
    return grid


def _too_big(grid_name: str, row: int, width: int, *, spreadsheet: bool) -> Problem | None:
    """A problem when a row is past MAX_SHEET_ROWS or wider than MAX_SHEET_COLUMNS (0-based row;
    a CSV caller puts its own line number in)."""
    grid = Grid(grid_name, [], spreadsheet, {})
    if row >= MAX_SHEET_ROWS:
        return grid.problem(row, 0, f"expected at most {MAX_SHEET_ROWS:,} rows, got more")
    if width > MAX_SHEET_COLUMNS:
        return grid.problem(row, MAX_SHEET_COLUMNS, f"expected at most {MAX_SHEET_COLUMNS:,} columns, got {width:,} in this row")
    return None


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without a BOM), else GB18030 as Chinese Excel saves CSV."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, 0, 0, "expected a UTF-8 or GB18030 text file, got bytes that are "
                                  f"neither at byte {exc.start + 1:,}")]) from None


def _read_csv(path: Path, name: str) -> Grid:
    try:
        text = _decode(path.read_bytes(), name)
    except OSError as exc:
        raise InputError([Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1  # csv counts the lines it has consumed; a row starts just after the previous one
    try:
        for row in reader:
            too_big = _too_big(name, len(rows), len(row), spreadsheet=False)
            if too_big is not None:
                raise InputError([replace(too_big, line=start)])
            lines.append(start)
            rows.append([c.strip() for c in row])
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError([Problem(name, reader.line_num, 1, f"not a readable CSV file: {exc}")]) from None
    meta = {}
    while rows and rows[0] and rows[0][0].startswith("#"):
        meta[rows[0][0][1:]] = uninert(rows[0][1]) if len(rows[0]) > 1 else ""
        rows.pop(0)
        lines.pop(0)
    return Grid(name, rows, spreadsheet=False, meta=meta, lines=lines)


def _check_zip(path: Path, name: str) -> None:
    """Refuse a file that is not a zip, or whose directory promises a zip bomb, before unpacking anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError([Problem(name, 0, 0, f"expected an Excel workbook (.xlsx, a zip file), got a file that "
                                  f"is not one ({exc})")]) from None
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise InputError([Problem(name, 0, 0, f"expected a workbook that unpacks to at most {MAX_XLSX_UNCOMPRESSED:,} "
                                  f"bytes, got {total:,} (refused unread: a possible zip bomb)")])
    for m in members:
        if m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1):
            raise InputError([Problem(name, 0, 0, f"expected workbook parts compressed at most {MAX_XLSX_RATIO}:1, got "
                                      f"{shown(m.filename)} at {m.file_size // max(m.compress_size, 1):,}:1 "
                                      "(refused unread: a possible zip bomb)")])


# What openpyxl, zipfile and the XML parsers raise on a damaged or crafted workbook
# (SyntaxError covers ElementTree's and lxml's parse errors).
_XLSX_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError, AttributeError,
                EOFError, OSError, SyntaxError, NotImplementedError, OverflowError)


def _read_xlsx(path: Path, name: str) -> Grid:
    _check_zip(path, name)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Read twice, streaming: once for the values Excel saved (a formula's too) and once
        # to know which cells are formulas, so that one saved without a value is an error.
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
        try:
            return _workbook_grid(values, formulas, name)
        finally:
            values.close()
            formulas.close()
    except (InvalidFileException, *_XLSX_ERRORS) as exc:
        raise InputError([Problem(name, 0, 0, f"expected an Excel workbook (.xlsx), got one that cannot be read "
                                  f"({type(exc).__name__}: {shown(str(exc))})")]) from None


def _workbook_grid(values: object, formulas: object, name: str) -> Grid:
    """The first sheet other than our hidden record, with that record as `meta`."""
    sheets = [s for s in values.sheetnames if s != META_SHEET]  # type: ignore[attr-defined]
    if not sheets:
        raise InputError([Problem(name, 0, 0, f"expected a sheet of scores or candidates, got a workbook whose only "
                                  f"sheet is the hidden '{META_SHEET}' record")])
    meta: dict[str, str] = {}
    if META_SHEET in values.sheetnames:  # type: ignore[attr-defined]
        record = _cells(values[META_SHEET], formulas[META_SHEET], f"{name}!{META_SHEET}")  # type: ignore[index]
        meta = {row[0]: (row[1] if len(row) > 1 else "") for row in record if row and row[0]}
    rows = _cells(values[sheets[0]], formulas[sheets[0]], f"{name}!{sheets[0]}")  # type: ignore[index]
    return Grid(f"{name}!{sheets[0]}", rows, spreadsheet=True, meta=meta)


def _cells(values: object, formulas: object, grid_name: str) -> list[list[str]]:
    """A sheet's cells as text, row by row; a formula counts by its saved value."""
    for sheet in (values, formulas):
        sheet.reset_dimensions()  # type: ignore[attr-defined]  # never trust the claimed size
    rows: list[list[str]] = []
    problems: list[Problem] = []
    pairs = zip(values.iter_rows(values_only=True), formulas.iter_rows(), strict=False)  # type: ignore[attr-defined]
    for r, (saved, cells) in enumerate(pairs):
        too_big = _too_big(grid_name, r, len(saved), spreadsheet=True)
        if too_big is not None:
            raise InputError([too_big])
        row = [_text(v) for v in saved]
        for c, cell in enumerate(cells):
            if cell.data_type == "f" and saved[c] is None:
                problems.append(Grid(grid_name, [], True, {}).problem(r, c, (
                    f"expected a value, got the formula {shown(str(cell.value))} with no value saved; "
                    "open and save the file in Excel, or type the value")))
        rows.append(row)
    if problems:
        raise InputError(problems)
    return rows


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


@dataclass
class _Merge:
    """What the score files of one run have given so far, and where each piece came from."""

    found: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """candidate -> evaluator -> criterion -> the value as written (a level by its key)."""
    places: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(candidate, evaluator, criterion) -> where its value was read, for a second one."""
    cells: dict[tuple[str, str, str], Place] = field(default_factory=dict)
    """(candidate, evaluator, criterion) -> the provenance of its value (a path filled in later)."""
    origin: dict[str, str] = field(default_factory=dict)
    """evaluator -> the file their sheet came from."""
    handed: set[str] = field(default_factory=set)
    """Evaluators who handed in a sheet or a row of scores."""
    named: dict[str, str] = field(default_factory=dict)
    """Evaluators the sheets' own records name -> the first file that names them."""
    strangers: set[tuple[str, str]] = field(default_factory=set)
    """(candidate, evaluator) pairs already reported as not rating each other."""


def merge_scores(rubric: Rubric, data: Input, files: Sequence[str | Path], *, allow_missing: bool = False) -> Input:
    """`data` with the scores of filled sheets and score files added; raises `InputError`."""
    problems: list[Problem] = []
    merge = _Merge()
    digests = dict(data.sha256)
    for file in files:
        try:
            grid = read_grid(file)
            digests[str(file)] = hashlib.sha256(Path(file).read_bytes()).hexdigest()
        except InputError as exc:
            problems += exc.problems
            continue
        reader = _ScoreReader(rubric, data, grid, merge, problems, allow_missing)
        if grid.meta:
            reader.wide(str(file))
        elif grid.rows and [c.lower() for c in grid.rows[0][:4]] == LONG_HEADER:
            reader.long()
        else:
            problems.append(Problem(grid.name, 0, 0, "not a score sheet made by `scoring sheet`, nor a long-format "
                                    f"file with the header {','.join(LONG_HEADER)}"))
    if not problems and not allow_missing:
        problems += _missing_sheets(data, merge)
    if problems:
        raise InputError(locate(problems, data))
    evaluators = dict(data.evaluators)
    candidates = []
    for cand in data.candidates:
        extra = merge.found.get(cand.id, {})
        for eid in extra:
            evaluators.setdefault(eid, Evaluator(eid))
        candidates.append(replace(cand, scores={**cand.scores, **extra}) if extra else cand)
    return replace(data, candidates=tuple(candidates), evaluators=evaluators,
                   files=(*data.files, *[str(f) for f in files]), sha256=digests,
                   places=data.places + _score_places(data, merge))


def _score_places(data: Input, merge: _Merge) -> tuple[Place, ...]:
    """Where each merged score was read: its cell (or CSV line), by its key path in the input."""
    index = {cand.id: cand.index for cand in data.candidates}
    return tuple((("candidates", index[cand], "scores", eid, crit), *where[1:])
                 for (cand, eid, crit), where in merge.cells.items() if cand in index)


def _missing_sheets(data: Input, merge: _Merge) -> list[Problem]:
    """An evaluator the input or the sheets' records name, who handed in nothing at all."""
    present = merge.handed | {eid for cand in data.candidates for eid in cand.scores}
    problems = []
    for eid in data.evaluators:
        if eid in present:
            continue
        message = f"evaluator '{eid}' is listed in the input but handed in no score sheet {_MISSING_HINT}"
        path: tuple[PathKey, ...] = ("evaluators", eid)
        problems.append(Problem(data.files[0] if data.files else "input", 0, 0, f"evaluators.{eid}: {message}", path=path))
    for eid, file in merge.named.items():
        if eid not in present and eid not in data.evaluators:
            problems.append(Problem(file, 0, 0, f"this sheet was made together with one for evaluator '{eid}', "
                                    f"whose sheet was not handed in {_MISSING_HINT}"))
    return problems


def _level_key(criterion: Criterion, text: str) -> str:
    """A level given by its label (部分满足) as its key (partial); any other text as it is."""
    scale = criterion.scale
    if not isinstance(scale, LevelsScale) or text in scale.levels:
        return text
    if fold_width(text) in scale.levels:
        return fold_width(text)
    for key, level in scale.levels.items():
        if level.label and level.label == text:
            return key
    return text


class _ScoreReader:
    """Reads one score file into the run's `_Merge`, recording located problems."""

    def __init__(self, rubric: Rubric, data: Input, grid: Grid, merge: _Merge, problems: list[Problem],
                 allow_missing: bool) -> None:
        self.rubric, self.data, self.grid = rubric, data, grid
        self.merge, self.problems, self.allow_missing = merge, problems, allow_missing
        self.judged = {c.id: c for c in judged_criteria(rubric)}
        self.candidates = {c.id: c for c in data.candidates}

    def error(self, row: int, column: int, message: str) -> None:
        self.problems.append(self.grid.problem(row, column, message))

    def _record(self, file: str) -> str | None:
        """The evaluator a sheet was made for, when its record fits this rubric and run; else None."""
        meta, rubric, whole = self.grid.meta, self.rubric, self.grid.name.split("!")[0]
        if meta.get("format") != FORMAT_TAG:
            self.problems.append(Problem(whole, 0, 0, f"not a score sheet of this program (format {meta.get('format')!r})"))
            return None
        if meta.get("rubric") != rubric.id or meta.get("sha256") != rubric.sha256:
            self.problems.append(Problem(whole, 0, 0, (
                f"this sheet was made for rubric '{meta.get('rubric')}' version {meta.get('sha256', '')[:12]}, "
                f"but the rubric is '{rubric.id}' version {rubric.sha256[:12]}; make new sheets with `scoring sheet`")))
            return None
        eid = fold_width(meta.get("evaluator", ""))
        if self.data.evaluators and eid not in self.data.evaluators:
            self.problems.append(Problem(whole, 0, 0, f"this sheet was made for evaluator '{eid}', who is not "
                                         f"listed in the input ({', '.join(self.data.evaluators)})"))
            return None
        if eid in self.merge.origin:
            self.problems.append(Problem(whole, 0, 0, f"evaluator '{eid}' already handed in {self.merge.origin[eid]}; "
                                         "each evaluator's sheet may be read once"))
            return None
        self.merge.origin[eid] = file
        self.merge.handed.add(eid)
        for other in filter(None, meta.get("evaluators", "").split(",")):
            self.merge.named.setdefault(fold_width(other), whole)
        return eid

    def _ids(self, cells: dict[int, str], what: str, known: Collection[str],
             place: Callable[[int], tuple[int, int]]) -> dict[int, str]:
        """Known ids by row or column (`place` gives each one's cell); an unknown one, or one
        given twice, is a problem at its cell."""
        out: dict[int, str] = {}
        first: dict[str, int] = {}
        for at, raw in cells.items():
            ident = fold_width(uninert(raw))
            if not ident:
                continue
            if ident not in known:
                self.error(*place(at), unknown(what, ident, known))
            elif ident in first:
                self.error(*place(at), f"duplicate {what} '{ident}' (first at {self.grid.where(*place(first[ident]))})")
            else:
                first[ident] = at
                out[at] = ident
        return out

    def wide(self, file: str) -> None:
        """A sheet made by `scoring sheet`: criteria down, candidates across."""
        grid = self.grid
        eid = self._record(file)
        if eid is None:
            return
        header = 2 if grid.spreadsheet else 0  # xlsx: title, help, then ids; CSV: ids first
        width = len(grid.rows[header]) if header < len(grid.rows) else 0
        columns = self._ids({c: grid.cell(header, c) for c in range(4, width)}, "candidate", self.candidates,
                            lambda c: (header, c))
        rows = self._ids({r: grid.cell(r, 0) for r in range(header + 2, len(grid.rows))}, "judged criterion",
                         self.judged, lambda r: (r, 0))
        for col, cand in columns.items():
            cells = {row: grid.cell(row, col) for row in rows}
            if not any(cells.values()):
                continue  # a whole column left empty: this evaluator did not score this candidate
            if not self._rates(header, col, cand, eid):
                continue
            for row, text in cells.items():
                self.take(row, col, cand, eid, rows[row], text)

    def _rates(self, row: int, col: int, cand: str, eid: str) -> bool:
        """Whether `eid` may score `cand` (the candidate's who-rates-whom list); reported once when not."""
        allowed = self.candidates[cand].evaluators
        if not allowed or eid in allowed:
            return True
        if (cand, eid) not in self.merge.strangers:
            self.merge.strangers.add((cand, eid))
            self.error(row, col, f"evaluator '{eid}' does not rate candidate '{cand}'; "
                       f"its evaluators are {', '.join(allowed)}")
        return False

    def long(self) -> None:
        """`candidate,evaluator,criterion,value`, one score a row."""
        seen: dict[tuple[str, str, str], int] = {}
        if not any(any(row) for row in self.grid.rows[1:]):
            self.error(0, 0, "expected rows of scores under the header, got none")
        for row in range(1, len(self.grid.rows)):
            cand, eid, crit = (fold_width(self.grid.cell(row, c)) for c in range(3))
            text = self.grid.cell(row, 3)
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
                           f"(the first is on line {self.grid.problem(seen[(cand, eid, crit)], 0, '').line})")
                continue
            seen[(cand, eid, crit)] = row
            self.merge.handed.add(eid)
            if self._rates(row, 1, cand, eid):
                self.take(row, 3, cand, eid, crit, text)

    def take(self, row: int, col: int, cand: str, eid: str, crit: str, text: str) -> None:
        """Check one score against the input, earlier files and its scale, and keep it."""
        key = (cand, eid, crit)
        if self.candidates[cand].scores.get(eid, {}).get(crit, "").strip():
            self.error(row, col, f"evaluator '{eid}' also scored '{crit}' of '{cand}' in the input file")
            return
        if key in self.merge.places:
            self.error(row, col, f"a second score of evaluator '{eid}' for '{cand}' on '{crit}' "
                       f"(the first is at {self.merge.places[key]})")
            return
        self.merge.places[key] = str(self.grid.problem(row, col, "")).removesuffix(": ")
        self.merge.cells[key] = self.grid.place((), row, col)
        if not text:
            if not self.allow_missing:
                self.error(row, col, f"evaluator '{eid}' left criterion '{crit}' of candidate '{cand}' empty "
                           f"{_MISSING_HINT}")
            return
        criterion = self.judged[crit]
        text = _level_key(criterion, text)
        try:
            scales.points(criterion.scale, text, criterion.maximum)
        except ScaleError as exc:
            self.error(row, col, str(exc))
            return
        self.merge.found.setdefault(cand, {}).setdefault(eid, {})[crit] = text


# -- candidate tables -------------------------------------------------------------------


def _header(grid: Grid, rubric: Rubric | None, problems: list[Problem]) -> dict[str, int]:
    """Column by heading; a heading given twice, or an unknown gate, is a problem at its cell."""
    columns: dict[str, int] = {}
    gate_ids = {g.id for g in rubric.gates} if rubric is not None else None
    for col, heading in enumerate(grid.rows[0]):
        if not heading:
            continue
        if heading in columns:
            problems.append(grid.problem(0, col, f"duplicate column '{heading}' (first at {grid.where(0, columns[heading])})"))
            continue
        columns[heading] = col
        if heading.startswith("gate:") and gate_ids is not None and heading[5:] not in gate_ids:
            problems.append(grid.problem(0, col, unknown("gate", heading[5:], gate_ids)))
    return columns


def _id_and_name(reader: Reader, index: int, cells: dict[str, str]) -> tuple[str | None, str | None]:
    """A row's id and name, checked like a YAML input's; None for one that is not valid."""
    cid = reader.ident(("candidates", index, "id"), cells.get("id", ""))
    name = cells.get("name", "")
    return cid, reader.text(("candidates", index, "name"), name, required=False) if name else ""


def _gate_answers(grid: Grid, row: int, cells: dict[str, str], columns: dict[str, int],
                  problems: list[Problem]) -> dict[str, bool]:
    gates: dict[str, bool] = {}
    for heading, value in cells.items():
        if not heading.startswith("gate:") or not value:
            continue
        answer = yes_no(value, gate=True)
        if answer is None:
            problems.append(grid.problem(row, columns[heading], f"expected pass or fail ({answer_words(gate=True)}), "
                                         f"got {shown(value)}"))
        else:
            gates[heading[5:]] = answer
    return gates


def load_table_input(file: str | Path, rubric: Rubric | None = None) -> Input:
    """Candidates and their facts from a CSV file or a workbook's first sheet."""
    grid = read_grid(file)
    problems: list[Problem] = []
    if [fold_width(h).lower() for h in grid.rows[0][:1]] != ["id"]:
        raise InputError([grid.problem(0, 0, "expected a header row starting with 'id' "
                                       "(then 'name', one column per fact, and 'gate:ID' columns)")])
    columns = _header(grid, rubric, problems)
    columns["id"] = columns.pop(grid.rows[0][0])
    places: list[Place] = [grid.place((), 0, 0)]
    # Ids and names are checked by the very rules (and messages) of a YAML input, by key
    # path; `places` then puts each of those problems in its cell.
    reader = Reader(grid.name, problems)
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for r in range(1, len(grid.rows)):
        cells = {h: grid.cell(r, c) for h, c in columns.items()}
        if not any(cells.values()):
            continue
        places += _row_places(grid, len(candidates), r, columns)
        cid, name = _id_and_name(reader, len(candidates), cells)
        if cid is not None and cid in seen:
            problems.append(grid.problem(r, 0, f"duplicate candidate id '{cid}' (first at {grid.where(seen[cid], 0)})"))
        if cid is None or name is None or cid in seen:
            continue
        seen[cid] = r
        gates = _gate_answers(grid, r, cells, columns, problems)
        facts = {h: v for h, v in cells.items() if h not in ("id", "name") and not h.startswith("gate:") and v}
        candidates.append(Candidate(cid, name or cid, facts, gates, {}, len(candidates), {}))
    if not seen and not problems:
        problems.append(grid.problem(0, 0, "expected candidate rows under the header, got none"))
    ids = list(seen)
    for first, later in id_clashes(ids):
        problems.append(grid.problem(seen[ids[later]], 0, f"expected an id that differs from {shown(ids[first])} by more "
                                     f"than letter case or full-width form, got {shown(ids[later])}"))
    if problems:
        raise InputError(locate_places(problems, places, grid.name))
    return Input(candidates=tuple(candidates), evaluators={}, files=(str(file),),
                 sha256={str(file): hashlib.sha256(Path(file).read_bytes()).hexdigest()}, places=tuple(places))


def _row_places(grid: Grid, index: int, row: int, columns: dict[str, int]) -> list[Place]:
    """Where candidate `index`'s values were read: its row, and each value's cell in it."""
    out = [grid.place(("candidates", index), row, 0)]
    for heading, col in columns.items():
        if heading in ("id", "name"):
            out.append(grid.place(("candidates", index, heading), row, col))
        elif heading.startswith("gate:"):
            out.append(grid.place(("candidates", index, "gates", heading[5:]), row, col))
        else:
            out.append(grid.place(("candidates", index, "facts", heading), row, col))
    return out


def is_table(file: str | Path) -> bool:
    """Whether an INPUT is a spreadsheet rather than YAML."""
    return Path(file).suffix.lower() in SPREADSHEET_SUFFIXES


__all__ = ["Grid", "is_table", "load_table_input", "merge_scores", "read_grid"]
