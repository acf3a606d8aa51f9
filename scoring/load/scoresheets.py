"""Read filled score sheets and long-format score files into an input's scores.

- Score sheets made by `scoring sheet` (XLSX or CSV) are checked against the rubric's id
  and SHA-256 and the evaluator they were made for.
- A long-format file has the header `candidate,evaluator,criterion,value`.

Every problem names its file, sheet and cell (`e2.xlsx!评分!D7: ...`) or, in a CSV file,
its line and column, and all of them are reported at once. This reader shares the sheet
format with the writer through `scoring.model.sheetformat`, never by importing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scoring.load.grid import Grid, read_grid
from scoring.load.places import locate
from scoring.model.errors import InputError, PathKey, Place, Problem, unknown
from scoring.model.inputs import Evaluator, Input
from scoring.model.rubric import Criterion, LevelsScale, Rubric
from scoring.model.sheetformat import FORMAT_TAG, judged_criteria, judged_score_problem, uninert
from scoring.model.words import fold_width

__all__ = ["LONG_HEADER", "merge_scores"]

LONG_HEADER = ["candidate", "evaluator", "criterion", "value"]
_MISSING_HINT = "(use --allow-missing to score without it)"



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
        problem = judged_score_problem(criterion, text)
        if problem is not None:
            self.error(row, col, problem)
            return
        self.merge.found.setdefault(cand, {}).setdefault(eid, {})[crit] = text
