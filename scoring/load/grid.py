"""Read a CSV file or a workbook's first sheet as a grid of text, safely.

Workbooks and CSV files come from outside and are read as hostile: sizes are checked from
the zip directory before anything is unpacked, rows and columns are counted as they are
read (a workbook's claimed dimension is ignored), CSV text is UTF-8 or GB18030, and every
reader error becomes a located `InputError`. A `Grid` names each cell's place
(`e2.xlsx!评分!D7`, or a CSV file's line and column).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.model.errors import InputError, PathKey, Place, Problem
from scoring.model.limits import (
    MAX_FILE_BYTES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED,
)
from scoring.model.sheetformat import META_SHEET, uninert
from scoring.model.words import shown

if TYPE_CHECKING:
    # `Sheet` is what the stubs give for `workbook[title]`: every kind of sheet's methods,
    # read-only ones too.
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.workbook.workbook import _WorksheetOrChartsheetLike as Sheet

__all__ = ["Grid", "read_grid"]


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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a directory claiming a zip version or feature Python cannot read.
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


def _workbook_grid(values: Workbook, formulas: Workbook, name: str) -> Grid:
    """The first sheet other than our hidden record, with that record as `meta`."""
    sheets = [s for s in values.sheetnames if s != META_SHEET]
    if not sheets:
        raise InputError([Problem(name, 0, 0, f"expected a sheet of scores or candidates, got a workbook whose only "
                                  f"sheet is the hidden '{META_SHEET}' record")])
    meta: dict[str, str] = {}
    if META_SHEET in values.sheetnames:
        record = _cells(values[META_SHEET], formulas[META_SHEET], f"{name}!{META_SHEET}")
        meta = {row[0]: (row[1] if len(row) > 1 else "") for row in record if row and row[0]}
    rows = _cells(values[sheets[0]], formulas[sheets[0]], f"{name}!{sheets[0]}")
    return Grid(f"{name}!{sheets[0]}", rows, spreadsheet=True, meta=meta)


def _cells(values: Sheet, formulas: Sheet, grid_name: str) -> list[list[str]]:
    """A sheet's cells as text, row by row; a formula counts by its saved value."""
    for sheet in (values, formulas):
        sheet.reset_dimensions()  # never trust the claimed size
    rows: list[list[str]] = []
    problems: list[Problem] = []
    pairs = zip(values.iter_rows(values_only=True), formulas.iter_rows(), strict=False)
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
