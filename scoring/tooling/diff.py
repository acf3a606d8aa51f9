"""`scoring diff`: what changed between two rubrics, and with an input whom the change moves.

Matching is by id. This module reports the changes that move figures most often (sections and
criteria added, removed, renamed, moved or re-weighted; grades; tie-break), in tooling.md's kinds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.model.results import Evaluation
from scoring.model.rubric import Criterion, Rubric, Section
from scoring.tooling import diffkinds as k

_HUNDRED = Decimal(100)
_WORDING = ("renamed", "price", "subject", "locale", "currency", "profile", "wording")
_GRADES = ("grades", "quotas", "tie-break")


def tag(c: dict[str, Any]) -> str:
    """What a change does to figures, from tooling.md's table of kinds."""
    if c["kind"] in _WORDING or (c["kind"] in ("added", "removed") and c["target"] in ("scale", "fact")):
        return "wording only"
    return "changes grades only" if c["kind"] in _GRADES else "changes totals"


def _size(item: Section | Criterion) -> dict[str, float]:
    """The written weight (in percent points) or points of a section or criterion."""
    points = getattr(item, "points", None)
    if item.weight is not None:
        return {"weight": float(item.weight * _HUNDRED)}
    return {"points": float(points)} if points is not None else {}


_change = k.change


def _items(rubric: Rubric) -> tuple[dict[str, Section], dict[str, tuple[str, Criterion]]]:
    sections = {s.id: s for s in rubric.sections}
    criteria = {c.id: (s.id, c) for s in rubric.sections for c in s.criteria}
    return sections, criteria


def diff_rubrics(old: Rubric, new: Rubric) -> list[dict[str, Any]]:
    """The changes from `old` to `new`: sections and criteria in NEW's order, removed ones after."""
    out = k.rubric_fields(old, new) + k.evaluators(old, new) + k.gates_metrics_adjustments(old, new)
    out += k.facts(old, new)
    old_s, old_c = _items(old)
    new_s, new_c = _items(new)
    for section in new.sections:
        out += _compare("section", section.id, old_s.get(section.id), section)
        for crit in section.criteria:
            before = old_c.get(crit.id)
            if before is not None and before[0] != section.id:
                out.append(_change("moved", "criterion", crit.id, before[0], section.id))
            out += _compare("criterion", crit.id, before[1] if before else None, crit, section.id)
    out += [_change("removed", "section", s.id, _size(s), None) for s in old.sections if s.id not in new_s]
    out += [_change("removed", "criterion", i, {"section": s, **_size(c)}, None)
            for i, (s, c) in old_c.items() if i not in new_c]
    grades = ([[float(g.min), g.label] for g in old.grades], [[float(g.min), g.label] for g in new.grades])
    if grades[0] != grades[1]:
        out.append(_change("grades", None, None, *grades))
    out += k.quotas(old, new)
    if old.tie_break != new.tie_break:
        out.append(_change("tie-break", None, None, _ties(old), _ties(new)))
    return out


def _ties(rubric: Rubric) -> list[str | dict[str, str]]:
    """The tie-break entries as written: ids, and `{fact, order}` mappings."""
    return [t if isinstance(t, str) else {"fact": t.fact, "order": t.order} for t in rubric.tie_break]


def _compare(target: str, ident: str, old: Section | Criterion | None, new: Section | Criterion,
             section: str | None = None) -> list[dict[str, Any]]:
    """Added, renamed or re-weighted: one section or criterion present in NEW."""
    if old is None:
        where = {"section": section} if section else {}
        return [_change("added", target, ident, None, {**where, **_size(new)})]
    out = []
    if old.title != new.title:
        out.append(_change("renamed", target, ident, old.title, new.title))
    if _size(old) != _size(new):
        out.append(_change("weight", target, ident, _size(old), _size(new)))
    if isinstance(old, Criterion) and isinstance(new, Criterion):
        out += k.criterion_changes(old, new)
    return out


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


def diff_files(old: str, new: str, input_file: str | None) -> dict[str, Any]:
    """`diff_rubrics` of two rubric files and, with an input, `compare` of their evaluations."""
    from scoring.load.rubric import load_rubric
    from scoring.pipeline import score_files
    from scoring.resources import resolve_rubric

    rubrics = load_rubric(resolve_rubric(old)), load_rubric(resolve_rubric(new))
    out: dict[str, Any] = {
        "old": {"id": rubrics[0].id, "title": rubrics[0].title, "sha256": rubrics[0].sha256},
        "new": {"id": rubrics[1].id, "title": rubrics[1].title, "sha256": rubrics[1].sha256},
        "changes": diff_rubrics(*rubrics),
    }
    if input_file is not None:
        out["candidates"] = compare(score_files(old, input_file), score_files(new, input_file))
    return out


def diff_text(result: dict[str, Any]) -> str:
    """One line per change in words with its tag; with an input, the candidates' table and who moved."""
    from scoring.tooling.diffwords import candidates_table, change_line

    lines = [f"{change_line(c)} [{tag(c)}]" for c in result["changes"]] or ["no changes"]
    if "candidates" in result:
        lines += candidates_table(result["candidates"])
    return "\n".join(lines) + "\n"
