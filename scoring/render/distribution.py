"""成绩分布 / Grade distribution: grade quotas per group, counts and moves (analysis.md §1.5; documents.md §4.2)."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.model.results import CandidateResult, Distribution, GradeCount, Move
from scoring.model.rubric import Grade
from scoring.render.context import Context
from scoring.render.figures import percent


@dataclass(frozen=True)
class GradeRow:
    """One grade row of a group: its quota in words and as a count, its count by score and final."""

    label: str
    quota: str
    limit: str
    by_score: str
    count: str


@dataclass(frozen=True)
class GroupView:
    """One quota group's distribution."""

    heading: str
    """The group's name and size; '' for the single group of a rubric without `quota-groups`."""
    exempt: str
    """The sentence saying the group is exempt; '' when its quotas apply."""
    rows: tuple[GradeRow, ...]
    moves: tuple[str, ...]
    """Each move in the order made: who, from, to and the rule in words."""


def distribution_views(ctx: Context) -> tuple[GroupView, ...]:
    """The 成绩分布 section's groups, in the evaluation's order; empty when no grade carries a quota."""
    names = {r.candidate.id: r.candidate.name for r in ctx.evaluation.candidates}
    return tuple(_group(ctx, d, names) for d in ctx.evaluation.distribution)


def _group(ctx: Context, d: Distribution, names: dict[str, str]) -> GroupView:
    heading = ctx.word("dist_group").format(group=d.group, n=d.n) if d.group is not None else \
        ctx.word("dist_all").format(n=d.n)
    exempt = ctx.word("dist_exempt").format(min=ctx.evaluation.rubric.quota_min_group) if d.exempt else ""
    rows = tuple(GradeRow(g.label, _quota(ctx, g.grade) if not d.exempt else "—", _limit(ctx, g),
                          str(g.by_score), str(g.count)) for g in d.grades)
    grades = {g.label: g.grade for g in d.grades}
    moves = tuple(ctx.word("dist_move").format(name=names.get(m.candidate, m.candidate), source=m.source, to=m.to,
                                                rule=_rule(ctx, m, grades)) for m in d.moves)
    return GroupView(heading, exempt, rows, moves)


def _quota(ctx: Context, grade: Grade) -> str:
    """A row's quotas in words: 不超过20%, 不少于10%, both, or —."""
    parts = ([ctx.word("quota_at_most").format(p=percent(grade.at_most))] if grade.at_most is not None else []) + \
        ([ctx.word("quota_at_least").format(p=percent(grade.at_least))] if grade.at_least is not None else [])
    return ctx.word("comma").join(parts) or "—"


def _limit(ctx: Context, g: GradeCount) -> str:
    """A row's quotas as counts of this group: 至多1人, 至少1人."""
    parts = ([ctx.word("count_at_most").format(n=g.at_most)] if g.at_most is not None else []) + \
        ([ctx.word("count_at_least").format(n=g.at_least)] if g.at_least is not None else [])
    return ctx.word("comma").join(parts) or "—"


def _rule(ctx: Context, m: Move, grades: dict[str, Grade]) -> str:
    """The quota that made a move, in words: the source grade's cap, or the target grade's floor."""
    if m.rule == "at-most":
        cap = grades[m.source].at_most
        return ctx.word("rule_at_most").format(grade=m.source, p=percent(cap) if cap is not None else "?")
    floor = grades[m.to].at_least
    return ctx.word("rule_at_least").format(grade=m.to, p=percent(floor) if floor is not None else "?")


def grade_texts(ctx: Context, r: CandidateResult) -> tuple[str, str]:
    """(as the ranking shows it, as the employee's form shows it): the final grade, and for a moved
    candidate its grade by score, the form adding the rules that moved it."""
    grade = r.grade or ""
    by_score = r.grade_by_score
    if r.score is None or by_score is None or by_score == grade:
        return grade, grade
    found = [(m, {g.label: g.grade for g in d.grades}) for d in ctx.evaluation.distribution for m in d.moves
             if m.candidate == r.candidate.id]
    rules = ctx.word("sep").join(dict.fromkeys(_rule(ctx, m, grades) for m, grades in found))
    return (ctx.word("grade_moved").format(grade=grade, by_score=by_score),
            ctx.word("grade_moved_rule").format(grade=grade, by_score=by_score, rules=rules))
