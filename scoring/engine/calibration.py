"""Forced distribution of grades (analysis.md §1): caps top down, then floors bottom up, within
each quota group; candidates sharing a rank move as one block; ranks and totals never change."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple

from scoring.model.errors import Problem, format_path
from scoring.model.expr import exact
from scoring.model.inputs import Candidate, Input
from scoring.model.numbers import percent_text
from scoring.model.results import CandidateResult, Distribution, GradeCount, Move, QuotaRule, has_quotas
from scoring.model.rubric import Grade, Rubric
from scoring.model.words import shown


class Member(NamedTuple):
    """A qualified candidate with a grade by score, in the order `score` lists it."""

    id: str
    rank: int
    grade: int
    """The index of its grade row, by score."""


class Calibration(NamedTuple):
    """What quotas decided: final grades, each group's distribution, and the problems found."""

    final: dict[str, str]
    """The final grade label of every member of a quota group, by candidate id."""
    groups: tuple[Distribution, ...]
    """Every group, in the order its first candidate appears in the input."""
    problems: tuple[Problem, ...]
    """Input errors: a missing grouping fact, a quota this input cannot meet."""


def cap_count(share: Decimal, n: int) -> int:
    """⌊share × n⌋, exactly: 20% of 12 is 2.4, cap 2."""
    return int(exact().multiply(share, Decimal(n)).to_integral_value(rounding=ROUND_FLOOR))


def floor_count(share: Decimal, n: int) -> int:
    """⌈share × n⌉, exactly: 10% of 12 is 1.2, floor 2."""
    return int(exact().multiply(share, Decimal(n)).to_integral_value(rounding=ROUND_CEILING))


def calibrate(rubric: Rubric, data: Input, ranked: Sequence[CandidateResult]) -> Calibration:
    """Apply the rubric's grade quotas to the qualified candidates of `ranked` (in `score`'s
    order); without quotas, nothing is decided and no group is listed."""
    if not has_quotas(rubric):
        return Calibration({}, (), ())
    groups, problems = _groups(rubric, data, ranked)
    labels = [g.label for g in rubric.grades]
    final: dict[str, str] = {}
    out: list[Distribution] = []
    for name, members in groups:
        exempt = len(members) < rubric.quota_min_group
        grades, counts, moves = distribute(rubric.grades, members, exempt=exempt)
        final.update({m.id: labels[grades[m.id]] for m in members})
        out.append(Distribution(name, exempt, len(members), counts, moves))
        problems.extend(_unmet(rubric, name, len(members), counts))
    return Calibration(final, tuple(out), tuple(problems))


def regrade(ranked: Sequence[CandidateResult], final: dict[str, str]) -> list[CandidateResult]:
    """`ranked` with each quota group member's final grade in `grade` and its grade by score kept
    in `grade_by_score`; totals, ranks and everything else unchanged."""
    if not final:
        return list(ranked)
    out = []
    for r in ranked:
        if r.score is not None and r.candidate.id in final:
            r = r._replace(score=r.score._replace(grade=final[r.candidate.id], grade_by_score=r.score.grade))
        out.append(r)
    return out


def distribute(
    rows: Sequence[Grade], members: Sequence[Member], *, exempt: bool = False
) -> tuple[dict[str, int], tuple[GradeCount, ...], tuple[Move, ...]]:
    """One group's final grade rows by candidate id, its counts and its moves (§1.3); an exempt
    group keeps its grades by score and has no quota."""
    n = len(members)
    caps = [None if exempt or g.at_most is None else cap_count(g.at_most, n) for g in rows]
    floors = [None if exempt or g.at_least is None else floor_count(g.at_least, n) for g in rows]
    # Each row's members best first. Grades by score follow the ranking and every move takes a
    # row's worst block to a lower row, so ranks stay in row order throughout: a row's lowest
    # block is at its end, and a block moved in is better than the members already there.
    held = [deque(m for m in members if m.grade == i) for i in range(len(rows))]
    by_score = [len(q) for q in held]
    moves: list[Move] = []
    for row, cap in enumerate(caps):
        # A cap on the last row cannot move anyone (and one below 0 only in a model built in
        # code): the check reports what stays over.
        while cap is not None and row + 1 < len(rows) and len(held[row]) > max(cap, 0):
            moves += _shift(rows, held, row, row + 1, "at-most")
    for row in range(len(rows) - 1, 0, -1):
        floor = floors[row]
        while floor is not None and len(held[row]) < floor:
            above = next((r for r in range(row - 1, -1, -1) if held[r]), None)
            if above is None:
                break  # nobody above is left to move down: the check reports it
            moves += _shift(rows, held, above, row, "at-least")
    counts = tuple(GradeCount(g, caps[i], floors[i], by_score[i], len(held[i])) for i, g in enumerate(rows))
    return {m.id: i for i, q in enumerate(held) for m in q}, counts, tuple(moves)


def _shift(rows: Sequence[Grade], held: list[deque[Member]], source: int, to: int, rule: QuotaRule) -> list[Move]:
    """Move the worst-ranked block of row `source` to row `to`, ahead of its members; the moves
    in `score`'s order."""
    block = [held[source].pop()]
    while held[source] and held[source][-1].rank == block[0].rank:
        block.append(held[source].pop())
    held[to].extendleft(block)  # popped worst first, so extendleft keeps score's order
    return [Move(m.id, rows[source].label, rows[to].label, rule) for m in reversed(block)]


def _groups(
    rubric: Rubric, data: Input, ranked: Sequence[CandidateResult]
) -> tuple[list[tuple[str | None, list[Member]]], list[Problem]]:
    """The quota groups (named by the grouping fact's value, or one unnamed group), each with its
    members in `score`'s order, in the order the groups first appear in the input; a qualified
    candidate without the grouping fact is a problem."""
    fact = rubric.quota_groups
    index = {g.label: i for i, g in enumerate(rubric.grades)}
    problems: list[Problem] = []
    named: dict[str | None, tuple[int, list[Member]]] = {}
    for r in ranked:
        if r.score is None:
            continue
        name = None if fact is None else _group_of(r.candidate, fact)
        if fact is not None and name is None:
            problems.append(_missing(data, r.candidate, fact))
            continue
        first, members = named.setdefault(name, (r.candidate.index, []))
        named[name] = (min(first, r.candidate.index), members)
        if r.score.grade is not None:
            members.append(Member(r.candidate.id, r.score.rank, index[r.score.grade]))
    ordered = sorted(named.items(), key=lambda item: item[1][0])
    return [(name, members) for name, (_, members) in ordered], problems


def _group_of(cand: Candidate, fact: str) -> str | None:
    """The candidate's group: its fact as written, surrounding spaces removed; None when absent or empty."""
    value = cand.facts.get(fact)
    value = value.strip() if isinstance(value, str) else None
    return value or None


def _missing(data: Input, cand: Candidate, fact: str) -> Problem:
    path = ("candidates", cand.index, "facts")
    file = data.files[0] if data.files else "<input>"
    return Problem(file, 0, 0, f"{format_path(path)}: candidate {shown(cand.id)} has no fact {shown(fact)}; "
                   "quota-groups needs it to place the candidate in a quota group", path=path)


def _unmet(rubric: Rubric, group: str | None, n: int, counts: Iterable[GradeCount]) -> list[Problem]:
    """A problem at the rubric's `grades` for each quota the group ends up breaking."""
    who = "all candidates" if group is None else f"group {shown(group)}"
    out = []
    for c in counts:
        if c.at_most is not None and c.count > c.at_most:
            quota = f"at-most {percent_text(c.grade.at_most or Decimal(0))} allows {c.at_most}"
        elif c.at_least is not None and c.count < c.at_least:
            quota = f"at-least {percent_text(c.grade.at_least or Decimal(0))} needs {c.at_least}"
        else:
            continue
        message = (f"grades: the quotas cannot hold for this input: {who}, N = {n}: grade {shown(c.label)} "
                   f"{quota}, it holds {c.count}")
        out.append(Problem(rubric.file, 0, 0, message, path=("grades",)))
    return out
