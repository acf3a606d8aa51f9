"""`scoring diff`: what changed between two rubrics, and with an input whom the change moves.

Matching is by id (tooling.md). The rubrics become views (`diff_view`), `diffkinds` compares
them into tooling.md's one list of change kinds, and `tag` says what each does to figures;
history's trend summary (`scoring.history.changes`) is built from the same comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from scoring.model.errors import InvalidError, Problem, RubricError
from scoring.model.results import Evaluation
from scoring.model.rubric import Rubric
from scoring.tooling.diff_view import model_view
from scoring.tooling.diffkinds import compare_views

_WORDING = ("renamed", "price", "subject", "locale", "currency", "profile", "wording")
_GRADES = ("grades", "quotas", "tie-break")


def tag(c: Mapping[str, Any]) -> str:
    """What a change does to figures, from tooling.md's table of kinds."""
    if c["kind"] in _WORDING or (c["kind"] in ("added", "removed") and c["target"] in ("scale", "fact")):
        return "wording only"
    return "changes grades only" if c["kind"] in _GRADES else "changes totals"


def diff_rubrics(old: Rubric, new: Rubric, old_tree: Mapping[str, Any] | None = None,
                 new_tree: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The changes from `old` to `new` in tooling.md's order. The YAML trees they were read from,
    when given, name the named scales (the models keep only the scales' uses)."""
    return compare_views(model_view(old, old_tree), model_view(new, new_tree))


def compare(old: Evaluation, new: Evaluation) -> list[dict[str, Any]]:
    """Each candidate's total, rank and grade under both, in NEW's order, with the changes."""
    before = {r.candidate.id: r for r in old.candidates}
    out = []
    for r in new.candidates:
        o = before.get(r.candidate.id)
        change = rank_change = None
        if o is not None and o.reported_total is not None and r.reported_total is not None:
            change = float(r.reported_total - o.reported_total)
        if o is not None and o.rank is not None and r.rank is not None:
            rank_change = o.rank - r.rank
        out.append({"id": r.candidate.id, "name": r.candidate.name,
                    "old": None if o is None else _outcome(o), "new": _outcome(r),
                    "change": change, "rank_change": rank_change})
    return out


def _outcome(r: Any) -> dict[str, Any]:
    total = r.reported_total
    return {"qualified": r.qualified, "total": None if total is None else float(total),
            "rank": r.rank, "grade": r.grade}


def diff_files(old: str, new: str, input_file: str | None, *, scores: Sequence[str] = (),
               allow_missing: bool = False) -> dict[str, Any]:
    """`diff_rubrics` of two rubric files and, with an input (and score sheets), `compare` of
    their evaluations; raises `InvalidError` with every problem of both rubrics, or of the input
    against either (each naming that rubric)."""
    from scoring.load.yamlfile import load_yaml
    from scoring.resources import resolve_rubric

    paths = resolve_rubric(old), resolve_rubric(new)
    rubrics = _load_both(*paths)
    trees = [load_yaml(p).data for p in paths]
    out: dict[str, Any] = {
        "old": {"id": rubrics[0].id, "title": rubrics[0].title, "sha256": rubrics[0].sha256},
        "new": {"id": rubrics[1].id, "title": rubrics[1].title, "sha256": rubrics[1].sha256},
        "changes": diff_rubrics(*rubrics, *(t if isinstance(t, dict) else None for t in trees)),
    }
    if input_file is not None:
        out["candidates"] = compare(*_score_both(old, new, input_file, scores, allow_missing))
    return out


def _load_both(old: Any, new: Any) -> tuple[Rubric, Rubric]:
    """Both rubrics, or `RubricError` with the problems of both."""
    from scoring.load.rubric import load_rubric

    found: list[Rubric] = []
    problems: list[Problem] = []
    for path in (old, new):
        try:
            found.append(load_rubric(path))
        except RubricError as exc:
            problems += exc.problems
    if problems:
        raise RubricError(problems)
    return found[0], found[1]


def _score_both(old: str, new: str, input_file: str, scores: Sequence[str],
                allow_missing: bool) -> tuple[Evaluation, Evaluation]:
    """The input scored under each rubric; every problem under either, naming the rubric."""
    from scoring.pipeline import score_files

    found: list[Evaluation] = []
    problems: list[Problem] = []
    errors: list[type[InvalidError]] = []
    for rubric in (old, new):
        try:
            found.append(score_files(rubric, input_file, scores=scores, allow_missing=allow_missing))
        except InvalidError as exc:
            errors.append(type(exc))
            problems += [replace(p, message=f"{p.message} (against rubric {rubric})") for p in exc.problems]
    if problems:
        raise errors[0](problems)
    return found[0], found[1]


def diff_text(result: dict[str, Any]) -> str:
    """One line per change in words with its tag; with an input, the candidates' table and who moved."""
    from scoring.tooling.diffwords import candidates_table, change_line

    lines = [f"{change_line(c)} [{tag(c)}]" for c in result["changes"]] or ["no changes"]
    if "candidates" in result:
        lines += candidates_table(result["candidates"])
    return "\n".join(lines) + "\n"
