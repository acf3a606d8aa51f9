"""Read a candidate table: an INPUT given as `.csv` or `.xlsx`, with the columns `id`,
`name`, one column per fact, and `gate:ID` columns with pass/fail answers.

The grid is read safely by `scoring.load.grid`; ids and names are checked by the rules of
a YAML input, and every problem names its cell. Filled score sheets are merged by
`scoring.load.scoresheets` (`merge_scores` is importable from here too).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from scoring.load.fields import Reader
from scoring.load.grid import Grid, read_grid
from scoring.load.places import locate_places
from scoring.load.scoresheets import merge_scores
from scoring.model.errors import InputError, Place, Problem, unknown
from scoring.model.inputs import Candidate, Input
from scoring.model.rubric import Rubric
from scoring.model.words import answer_words, fold_width, id_clashes, shown, yes_no

__all__ = ["Grid", "load_table_input", "merge_scores", "read_grid"]



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
                  problems: list[Problem]) -> tuple[dict[str, bool], dict[str, str | bool]]:
    """A row's gate answers read, and each as written, by gate id."""
    gates: dict[str, bool] = {}
    written: dict[str, str | bool] = {}
    for heading, value in cells.items():
        if not heading.startswith("gate:") or not value:
            continue
        answer = yes_no(value, gate=True)
        if answer is None:
            problems.append(grid.problem(row, columns[heading], f"expected pass or fail ({answer_words(gate=True)}), "
                                         f"got {shown(value)}"))
        else:
            gates[heading[5:]] = answer
            written[heading[5:]] = value
    return gates, written


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
        gates, written = _gate_answers(grid, r, cells, columns, problems)
        facts = {h: v for h, v in cells.items() if h not in ("id", "name") and not h.startswith("gate:") and v}
        candidates.append(Candidate(cid, name or cid, facts, gates, {}, len(candidates), {}, {}, written))
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
