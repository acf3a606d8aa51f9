"""Forced distribution of grades (analysis.md §1, issue 14): quotas in the rubric, who moves and
why, and what the outputs show. Every expected move is worked out by hand beside it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import InputError, RubricError, evaluate, load_rubric, parse_input, parse_rubric
from scoring.cli import cli
from scoring.engine.calibration import Member, cap_count, distribute, floor_count
from scoring.model.rubric import Grade
from scoring.render.output import to_csv, to_json, to_table

# The grades of §1.1: 优秀 ≥ 90 at most 20%, 良好 ≥ 75 at most 40%, 合格 ≥ 60, 待改进 at least 10%.
GRADES = (
    Grade(Decimal(90), "优秀", at_most=Decimal("0.2")),
    Grade(Decimal(75), "良好", at_most=Decimal("0.4")),
    Grade(Decimal(60), "合格"),
    Grade(Decimal(0), "待改进", at_least=Decimal("0.1")),
)
LABELS = [g.label for g in GRADES]


def members(*rows: tuple[str, int, int]) -> list[Member]:
    """Members from (id, rank, grade row by score), already in `score`'s order."""
    return [Member(*row) for row in rows]


def finals(rows: tuple[Grade, ...], group: list[Member], **kw: Any) -> dict[str, str]:
    where, _, _ = distribute(rows, group, **kw)
    return {cid: rows[row].label for cid, row in where.items()}


def moves(rows: tuple[Grade, ...], group: list[Member], **kw: Any) -> list[tuple[str, str, str, str]]:
    _, _, made = distribute(rows, group, **kw)
    return [(m.candidate, m.source, m.to, m.rule) for m in made]


# -- counts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("share", "n", "cap", "floor"), [
    ("0.2", 12, 2, 3),  # 20% of 12 = 2.4: cap ⌊2.4⌋ = 2, floor ⌈2.4⌉ = 3
    ("0.25", 6, 1, 2),  # 25% of 6 = 1.5: cap 1, floor 2
    ("0.1", 12, 1, 2),  # 10% of 12 = 1.2: cap 1, floor 2
    ("0.1", 5, 0, 1),  # 10% of 5 = 0.5: cap 0, floor 1
    ("0.2", 10, 2, 2),  # 20% of 10 is exactly 2, never 1.999…: cap 2, floor 2
    ("0.3", 10, 3, 3),  # 0.3 × 10 = 3 exactly (a float gives 3.0000000000000004, floor 4)
    ("0", 9, 0, 0),  # 0% of anything is 0
    ("1", 7, 7, 7),  # 100% of 7 is 7
])
def test_counts_are_exact(share: str, n: int, cap: int, floor: int) -> None:
    assert cap_count(Decimal(share), n) == cap
    assert floor_count(Decimal(share), n) == floor


# -- who moves ------------------------------------------------------------------------------------


def test_worked_example_of_the_spec() -> None:
    # §1.4, N = 7. Caps: 优秀 ⌊0.2 × 7⌋ = ⌊1.4⌋ = 1; 良好 ⌊0.4 × 7⌋ = ⌊2.8⌋ = 2. Floor 待改进 ⌈0.7⌉ = 1.
    # 优秀 holds wang, li, zhang (3 > 1): the lowest block {li, zhang} (rank 2) moves to 良好.
    # 良好 holds li, zhang, zhao, qian, sun (5 > 2): sun (6), qian (5), zhao (4) move to 合格.
    # 待改进 holds 0 < 1: the lowest block above it, {zhou} (7, in 合格), moves down.
    group = members(("wang", 1, 0), ("li", 2, 0), ("zhang", 2, 0), ("zhao", 4, 1), ("qian", 5, 1),
                    ("sun", 6, 1), ("zhou", 7, 2))
    assert moves(GRADES, group) == [
        ("li", "优秀", "良好", "at-most"), ("zhang", "优秀", "良好", "at-most"),
        ("sun", "良好", "合格", "at-most"), ("qian", "良好", "合格", "at-most"), ("zhao", "良好", "合格", "at-most"),
        ("zhou", "合格", "待改进", "at-least"),
    ]
    _, counts, _ = distribute(GRADES, group)
    assert [(c.label, c.at_most, c.at_least, c.by_score, c.count) for c in counts] == [
        ("优秀", 1, None, 3, 1), ("良好", 2, None, 3, 2), ("合格", None, None, 1, 3), ("待改进", None, 1, 0, 1),
    ]


def test_a_cap_moves_the_lowest_ranked_down_one_row() -> None:
    # 10 people, 3 of them 优秀 by score; cap ⌊20% × 10⌋ = 2: c (rank 3) moves to 良好.
    # 良好 then holds c and d (2 ≤ ⌊40% × 10⌋ = 4); 待改进 holds j (1 ≥ ⌈10% × 10⌉ = 1): nothing else.
    group = members(("a", 1, 0), ("b", 2, 0), ("c", 3, 0), ("d", 4, 1), *((x, 5 + i, 2) for i, x in enumerate("efghi")),
                    ("j", 10, 3))
    assert moves(GRADES, group) == [("c", "优秀", "良好", "at-most")]


def test_a_floor_pulls_the_lowest_ranked_block_from_the_grades_above() -> None:
    # 5 people, none 待改进 by score: floor ⌈10% × 5⌉ = ⌈0.5⌉ = 1. Caps: 优秀 ⌊1⌋ = 1, 良好 ⌊2⌋ = 2.
    # By score a 优秀, b 良好, c d e 合格: no cap is exceeded. The lowest block above 待改进 is {e}
    # (rank 5, in 合格): it moves to 待改进.
    group = members(("a", 1, 0), ("b", 2, 1), ("c", 3, 2), ("d", 4, 2), ("e", 5, 2))
    assert moves(GRADES, group) == [("e", "合格", "待改进", "at-least")]


def test_a_floor_move_may_skip_empty_grades() -> None:
    # Rows A ≥ 50, B ≥ 20, C (at least 50%); 4 people all A by score. Floor ⌈50% × 4⌉ = 2:
    # the lowest block {d} (rank 4, in A) moves to C, then {c} (rank 3): B stays empty.
    rows = (Grade(Decimal(50), "A"), Grade(Decimal(20), "B"), Grade(Decimal(0), "C", at_least=Decimal("0.5")))
    group = members(("a", 1, 0), ("b", 2, 0), ("c", 3, 0), ("d", 4, 0))
    assert moves(rows, group) == [("d", "A", "C", "at-least"), ("c", "A", "C", "at-least")]


def test_caps_cascade_and_a_moved_candidate_is_the_last_to_move_on() -> None:
    # Rows A at most 20%, B at most 20%, C; 10 people: caps ⌊2⌋ = 2 each.
    # By score A: p1..p5 (ranks 1-5), B: p6, C: p7..p10.
    # A holds 5 > 2: p5, p4, p3 move to B (lowest rank first). B holds p3, p4, p5, p6: 4 > 2:
    # p6 (rank 6, its own member) moves first, then p5: B keeps p3, p4, the best.
    rows = (Grade(Decimal(80), "A", at_most=Decimal("0.2")), Grade(Decimal(60), "B", at_most=Decimal("0.2")),
            Grade(Decimal(0), "C"))
    group = members(*((f"p{i}", i, 0 if i <= 5 else 1 if i == 6 else 2) for i in range(1, 11)))
    assert moves(rows, group) == [
        ("p5", "A", "B", "at-most"), ("p4", "A", "B", "at-most"), ("p3", "A", "B", "at-most"),
        ("p6", "B", "C", "at-most"), ("p5", "B", "C", "at-most"),
    ]
    assert finals(rows, group)["p5"] == "C"  # moved twice: A → B → C, listed twice above


def test_a_tie_block_at_the_cut_moves_together_and_leaves_the_grade_below_its_cap() -> None:
    # 10 people, cap on 优秀 ⌊20% × 10⌋ = 2. By score 优秀: a (1), b and c tied (2). 优秀 holds 3 > 2:
    # the lowest block {b, c} moves as one, so 优秀 keeps a alone (1 < 2).
    group = members(("a", 1, 0), ("b", 2, 0), ("c", 2, 0), *((x, 4 + i, 2) for i, x in enumerate("defghi")),
                    ("j", 10, 3))
    assert moves(GRADES, group) == [("b", "优秀", "良好", "at-most"), ("c", "优秀", "良好", "at-most")]
    _, counts, _ = distribute(GRADES, group)
    assert counts[0].count == 1


def test_a_floor_block_may_exceed_the_floor() -> None:
    # 10 people; floor ⌈10% × 10⌉ = 1 on 待改进, nobody there by score. The lowest block above is
    # {i, j}, tied at rank 9 in 合格: both move, so 待改进 holds 2 > 1.
    group = members(("a", 1, 0), ("b", 2, 0), *((x, 3 + k, 2) for k, x in enumerate("cdefgh")), ("i", 9, 2), ("j", 9, 2))
    assert moves(GRADES, group)[-2:] == [("i", "合格", "待改进", "at-least"), ("j", "合格", "待改进", "at-least")]


def test_a_group_so_small_that_a_cap_rounds_to_zero() -> None:
    # 4 people (quota-min-group 1 lets quotas apply): 优秀 cap ⌊20% × 4⌋ = ⌊0.8⌋ = 0, 良好 ⌊1.6⌋ = 1,
    # 待改进 floor ⌈0.4⌉ = 1. By score a 优秀, b 良好, c d 合格.
    # 优秀 0 allowed: a moves to 良好. 良好 holds a, b (2 > 1): b (rank 2) moves to 合格.
    # 待改进 holds 0 < 1: the lowest block above, {d} (4, in 合格), moves.
    group = members(("a", 1, 0), ("b", 2, 1), ("c", 3, 2), ("d", 4, 2))
    assert moves(GRADES, group) == [
        ("a", "优秀", "良好", "at-most"), ("b", "良好", "合格", "at-most"), ("d", "合格", "待改进", "at-least"),
    ]
    assert finals(GRADES, group) == {"a": "良好", "b": "合格", "c": "合格", "d": "待改进"}


def test_an_exempt_group_keeps_its_grades_by_score() -> None:
    # The same 4 people, exempt: no count applies, nobody moves, count = by score.
    group = members(("a", 1, 0), ("b", 2, 1), ("c", 3, 2), ("d", 4, 2))
    where, counts, made = distribute(GRADES, group, exempt=True)
    assert made == ()
    assert [(c.at_most, c.at_least, c.by_score, c.count) for c in counts] == [
        (None, None, 1, 1), (None, None, 1, 1), (None, None, 2, 2), (None, None, 0, 0),
    ]
    assert where == {"a": 0, "b": 1, "c": 2, "d": 2}


def test_floors_that_need_more_people_than_are_above_stop_short() -> None:
    # Rows A, B at least 50%, C at least 50%; 2 people, both C by score. Floors ⌈1⌉ = 1 each.
    # C holds 2 ≥ 1. B holds 0 < 1, and nobody is above B: it stays short (the check reports it).
    rows = (Grade(Decimal(80), "A"), Grade(Decimal(60), "B", at_least=Decimal("0.5")),
            Grade(Decimal(0), "C", at_least=Decimal("0.5")))
    _, counts, made = distribute(rows, members(("a", 1, 2), ("b", 2, 2)))
    assert made == ()
    assert counts[1].count == 0 and counts[1].at_least == 1


# -- the property ---------------------------------------------------------------------------------


@st.composite
def groups(draw: st.DrawFn) -> tuple[tuple[Grade, ...], list[Member]]:
    """2 to 4 grade rows with caps on any but the last and floors on any but the first (each
    floor at most its row's cap, the floors summing to at most 100%), and 1 to 8 members whose
    scores come from few values, so that ties are common."""
    size = draw(st.integers(2, 4))
    percents = st.sampled_from(["0", "0.1", "0.2", "0.25", "0.3", "0.5", "1"])
    rows = []
    floors = Decimal(0)
    for i in range(size):
        cap = draw(st.none() | percents) if i < size - 1 else None
        floor = draw(st.none() | percents) if i > 0 else None
        if floor is not None and (floors + Decimal(floor) > 1 or (cap is not None and Decimal(floor) > Decimal(cap))):
            floor = None
        floors += Decimal(floor or 0)
        rows.append(Grade(Decimal(10 * (size - 1 - i)), f"g{i}", None if cap is None else Decimal(cap),
                          None if floor is None else Decimal(floor)))
    scores = sorted(draw(st.lists(st.integers(0, 10 * size), min_size=1, max_size=8)), reverse=True)
    group = [Member(f"c{k}", scores.index(s) + 1, next(i for i, g in enumerate(rows) if s >= g.min))
             for k, s in enumerate(scores)]
    return tuple(rows), group


def _holds(rows: tuple[Grade, ...], n: int, counts: list[int]) -> bool:
    """Whether every cap and floor of `rows` holds for these final counts (§1.2's counts)."""
    return all((g.at_most is None or counts[i] <= cap_count(g.at_most, n))
               and (g.at_least is None or counts[i] >= floor_count(g.at_least, n)) for i, g in enumerate(rows))


def _feasible(rows: tuple[Grade, ...], group: list[Member]) -> bool:
    """Brute force, independent of `distribute`: is there any final grading in which nobody moves
    up, tied candidates share a grade and a better rank never ends in a lower grade than a worse
    one, that meets every quota?"""
    blocks = [[m for m in group if m.rank == r] for r in sorted({m.rank for m in group})]

    def search(k: int, least: int, counts: list[int]) -> bool:
        if k == len(blocks):
            return _holds(rows, len(group), counts)
        for row in range(max(least, blocks[k][0].grade), len(rows)):
            counts[row] += len(blocks[k])
            found = search(k + 1, row, counts)
            counts[row] -= len(blocks[k])
            if found:
                return True
        return False

    return search(0, 0, [0] * len(rows))


@settings(max_examples=400, deadline=None)
@given(groups())
def test_quotas_hold_and_nobody_moves_up_or_without_cause(case: tuple[tuple[Grade, ...], list[Member]]) -> None:
    rows, group = case
    where, counts, made = distribute(rows, group)
    by_score = {m.id: m.grade for m in group}
    assert all(where[cid] >= by_score[cid] for cid in where)  # nobody moves up
    for m in group:
        assert all(where[o.id] == where[m.id] for o in group if o.rank == m.rank)  # blocks stay whole
    # Replay the moves: each one is forced, a cap exceeded or a floor short at the moment it is made.
    # A block moves in one step: only its first member's move is checked against the counts.
    labels = [g.label for g in rows]
    rank = {m.id: m.rank for m in group}
    now = dict(by_score)
    n = len(group)
    for i, step in enumerate(made):
        source, to = labels.index(step.source), labels.index(step.to)
        before = made[i - 1] if i else None
        if before and (rank[before.candidate], before.rule, before.to) == (rank[step.candidate], step.rule, step.to):
            now[step.candidate] = to
            continue
        held = sum(1 for row in now.values() if row == (source if step.rule == "at-most" else to))
        if step.rule == "at-most":
            cap = rows[source].at_most
            assert cap is not None and held > cap_count(cap, n) and to == source + 1
        else:
            floor = rows[to].at_least
            assert floor is not None and held < floor_count(floor, n) and to > source
        now[step.candidate] = to
    assert now == where
    # Without ties, when any grading that respects rank meets the quotas, the one made meets them
    # too. (With ties it need not: §1.3 makes a block that a floor pulls over a cap an error, even
    # where moving a better-ranked block further down would have fitted.)
    if len({m.rank for m in group}) == n and _feasible(rows, group):
        assert _holds(rows, n, [c.count for c in counts])


# -- rubric errors --------------------------------------------------------------------------------


def test_every_impossible_quota_is_a_located_rubric_error(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(
        "title: Q\n"
        "criteria:\n"
        "  - {id: a, title: A, weight: 100%, scale: {direct: {min: 0, max: 100}}}\n"
        "grades:\n"
        "  - {min: 90, label: 优秀, at-least: 5%}\n"
        "  - {min: 75, label: 良好, at-most: 20%, at-least: 60%}\n"
        "  - {min: 60, label: 合格, at-most: 120%, at-least: 50%}\n"
        "  - {min: 0, label: 待改进, at-most: 10%}\n"
        "quota-min-group: 0\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    f = str(path)
    # Floors: 5% + 60% + 50% = 115% > 100%.
    assert [str(p) for p in caught.value.problems] == [
        f"{f}:4:1: grades: the floors (at-least) add up to 115%; expected at most 100%",
        f"{f}:5:36: grades[0].at-least: a floor (at-least) on the first grade '优秀' cannot hold: "
        "nobody ever moves up into the first grade",
        f"{f}:6:5: grades[1]: at-least 60% is above at-most 20%: no count can meet both",
        f"{f}:7:35: grades[2].at-most: expected a percent from 0% to 100%, got 120%",
        f"{f}:8:35: grades[3].at-most: a cap (at-most) on the last grade '待改进' cannot hold: "
        "nobody can move below the last grade",
        f"{f}:9:18: quota-min-group: expected a whole number of at least 1, got '0'",
    ]


def test_group_keys_without_any_quota_are_rubric_errors(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(
        "title: Q\n"
        "criteria:\n"
        "  - {id: a, title: A, weight: 100%, scale: {direct: {min: 0, max: 100}}}\n"
        "grades:\n"
        "  - {min: 60, label: 合格}\n"
        "  - {min: 0, label: 待改进}\n"
        "quota-groups: department\n"
        "quota-min-group: 3\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    f = str(path)
    why = "the grades carry no quota (at-most or at-least), so there is nothing to apply"
    assert [str(p) for p in caught.value.problems] == [
        f"{f}:7:15: quota-groups: {why}", f"{f}:8:18: quota-min-group: {why}",
    ]


# -- through `evaluate` and the outputs ----------------------------------------------------------

QUOTA_RUBRIC: dict[str, Any] = {
    "id": "q", "title": "Q", "subject": "staff",
    "criteria": [{"id": "result", "title": "业绩", "weight": "100%", "value": "result",
                  "scale": {"direct": {"min": 0, "max": 100}}}],
    "grades": [
        {"min": 90, "label": "优秀", "at-most": "20%"},
        {"min": 75, "label": "良好", "at-most": "40%"},
        {"min": 60, "label": "合格"},
        {"min": 0, "label": "待改进", "at-least": "10%"},
    ],
}
# §1.4's seven people: a direct 0-100 scale of weight 100% makes each total its `result`.
SEVEN = [("wang", "王", "95"), ("li", "李", "92"), ("zhang", "张", "92"), ("zhao", "赵", "86"),
         ("qian", "钱", "80"), ("sun", "孙", "77"), ("zhou", "周", "66")]


def scored(people: list[tuple[str, str, str]], rubric_extra: dict[str, Any] | None = None,
           depts: list[str] | None = None) -> Any:
    rubric = parse_rubric({**QUOTA_RUBRIC, **(rubric_extra or {})})
    candidates = [{"id": cid, "name": name, "facts": {"result": total, **({"department": depts[i]} if depts else {})}}
                  for i, (cid, name, total) in enumerate(people)]
    return evaluate(rubric, parse_input({"candidates": candidates}, rubric))


def test_the_worked_example_gives_the_json_of_the_spec() -> None:
    ev = scored(SEVEN)  # N = 7 ≥ the default quota-min-group 5: quotas apply
    doc = json.loads(to_json(ev))
    assert doc["distribution"] == json.loads("""[
      {
        "group": null,
        "exempt": false,
        "n": 7,
        "grades": [
          {"label": "优秀", "at_most": 1, "at_least": null, "by_score": 3, "count": 1},
          {"label": "良好", "at_most": 2, "at_least": null, "by_score": 3, "count": 2},
          {"label": "合格", "at_most": null, "at_least": null, "by_score": 1, "count": 3},
          {"label": "待改进", "at_most": null, "at_least": 1, "by_score": 0, "count": 1}
        ],
        "moves": [
          {"candidate": "li", "from": "优秀", "to": "良好", "rule": "at-most"},
          {"candidate": "zhang", "from": "优秀", "to": "良好", "rule": "at-most"},
          {"candidate": "sun", "from": "良好", "to": "合格", "rule": "at-most"},
          {"candidate": "qian", "from": "良好", "to": "合格", "rule": "at-most"},
          {"candidate": "zhao", "from": "良好", "to": "合格", "rule": "at-most"},
          {"candidate": "zhou", "from": "合格", "to": "待改进", "rule": "at-least"}
        ]
      }
    ]""")
    # The table of §1.4: final grade and grade by score; totals and ranks as by score.
    assert [(c["id"], c["rank"], c["total"], c["grade_by_score"], c["grade"]) for c in doc["candidates"]] == [
        ("wang", 1, 95.0, "优秀", "优秀"), ("li", 2, 92.0, "优秀", "良好"), ("zhang", 2, 92.0, "优秀", "良好"),
        ("zhao", 4, 86.0, "良好", "合格"), ("qian", 5, 80.0, "良好", "合格"), ("sun", 6, 77.0, "良好", "合格"),
        ("zhou", 7, 66.0, "合格", "待改进"),
    ]
    keys = list(doc["candidates"][0])
    assert keys[keys.index("grade") + 1] == "grade_by_score"


def test_a_rubric_without_quotas_gives_the_old_output() -> None:
    rows = [{k: v for k, v in g.items() if k in ("min", "label")} for g in QUOTA_RUBRIC["grades"]]
    ev = scored(SEVEN, {"grades": rows})
    doc = json.loads(to_json(ev))
    assert "distribution" not in doc and all("grade_by_score" not in c for c in doc["candidates"])
    assert to_csv(ev).splitlines()[0] == "rank,id,name,qualified,failed_gates,total,grade,result"
    assert "Grade quotas:" not in to_table(ev)


def test_the_table_and_the_csv_show_the_moves() -> None:
    ev = scored(SEVEN)
    table = to_table(ev)
    assert "良好 ← 优秀 (at-most)" in table  # li and zhang
    assert "待改进 ← 合格 (at-least)" in table  # zhou
    # 优秀 at-most 20% of 7 = ⌊1.4⌋ = 1; 良好 ⌊2.8⌋ = 2; 待改进 at-least ⌈0.7⌉ = 1.
    assert table.endswith(
        "\nGrade quotas:\n"
        "  优秀 at-most 20% of 7 = 1: 3 by score, 1 now\n"
        "  良好 at-most 40% of 7 = 2: 3 by score, 2 now\n"
        "  待改进 at-least 10% of 7 = 1: 0 by score, 1 now\n"
    )
    lines = to_csv(ev).splitlines()
    assert lines[0] == "rank,id,name,qualified,failed_gates,total,grade,grade_by_score,result"
    assert lines[2] == "2,li,李,yes,,92.00,良好,优秀,92.00"


def test_groups_apply_quotas_separately_and_ranks_stay_global() -> None:
    # 销售部: a 95, b 93, c 91, d 70, e 65 (N = 5, caps 优秀 ⌊1⌋ = 1, 良好 ⌊2⌋ = 2, floor ⌈0.5⌉ = 1).
    #   优秀 holds a, b, c (3 > 1): c (rank 3) then b (rank 2) move to 良好; 良好 holds b, c (2 ≤ 2).
    #   待改进 holds 0 < 1: the lowest above, e (rank 7, in 合格), moves down.
    # 法务部: f 92, g 68 (N = 2 < 5): exempt, both keep their grades by score.
    people = [("a", "A", "95"), ("b", "B", "93"), ("f", "F", "92"), ("c", "C", "91"), ("d", "D", "70"),
              ("e", "E", "65"), ("g", "G", "68")]
    depts = ["销售部", "销售部", " 法务部 ", "销售部", "销售部", "销售部", "法务部"]
    ev = scored(people, {"quota-groups": "department"}, depts)
    doc = json.loads(to_json(ev))
    assert [(d["group"], d["exempt"], d["n"]) for d in doc["distribution"]] == [("销售部", False, 5), ("法务部", True, 2)]
    assert [(m["candidate"], m["rule"]) for m in doc["distribution"][0]["moves"]] == [
        ("c", "at-most"), ("b", "at-most"), ("e", "at-least")]
    assert doc["distribution"][1]["moves"] == []
    assert [g["at_most"] for g in doc["distribution"][1]["grades"]] == [None] * 4
    assert {c["id"]: (c["rank"], c["grade"]) for c in doc["candidates"]} == {
        "a": (1, "优秀"), "b": (2, "良好"), "f": (3, "优秀"), "c": (4, "良好"), "d": (5, "合格"),
        "g": (6, "合格"), "e": (7, "待改进")}
    assert "  法务部: 2 graded, fewer than 5: no quotas" in to_table(ev)
    assert ev.warnings == ()  # the grouping fact is read, so it is not an unused fact


def test_a_qualified_candidate_without_the_group_fact_is_an_input_error() -> None:
    rubric = parse_rubric({**QUOTA_RUBRIC, "quota-groups": "department"})
    data = parse_input({"candidates": [
        {"id": "a", "facts": {"result": "95", "department": "x"}},
        {"id": "b", "facts": {"result": "90"}},
        {"id": "c", "facts": {"result": "80"}},
        {"id": "d", "facts": {"result": "70", "department": "x"}},
    ]}, rubric)
    with pytest.raises(InputError) as caught:
        evaluate(rubric, data)
    why = "quota-groups needs it to place the candidate in a quota group"
    assert [str(p) for p in caught.value.problems] == [
        f"<data>: candidates[1].facts: candidate 'b' has no fact 'department'; {why}",
        f"<data>: candidates[2].facts: candidate 'c' has no fact 'department'; {why}",
    ]  # both at once; an empty value is already refused when the input is read


def test_quotas_that_cannot_hold_for_this_n_are_an_input_error(tmp_path: Path) -> None:
    # Rows A, B at least 50%, C at least 50%; two people both C by score (N = 2, quota-min-group 1).
    # Floors ⌈50% × 2⌉ = 1 each. C holds 2 ≥ 1; B holds 0 < 1 and nobody is graded above it.
    rubric_file = tmp_path / "r.yaml"
    rubric_file.write_text(
        "title: R\nsubject: staff\n"
        "criteria:\n"
        "  - {id: result, title: R, weight: 100%, value: result, scale: {direct: {min: 0, max: 100}}}\n"
        "grades:\n"
        "  - {min: 80, label: A}\n"
        "  - {min: 60, label: B, at-least: 50%}\n"
        "  - {min: 0, label: C, at-least: 50%}\n"
        "quota-min-group: 1\n", encoding="utf-8")
    input_file = tmp_path / "i.yaml"
    input_file.write_text("candidates:\n  - {id: x, facts: {result: 10}}\n  - {id: y, facts: {result: 20}}\n",
                          encoding="utf-8")
    expected = (f"{rubric_file}:5:1: grades: the quotas cannot hold for this input: all candidates, N = 2: "
                "grade 'B' at-least 50% needs 1, it holds 0\n")
    for command in ("score", "validate"):
        result = CliRunner().invoke(cli, [command, str(rubric_file), str(input_file)])
        assert (result.exit_code, result.output) == (1, expected), command


def test_the_disqualified_and_the_ungraded_are_outside_the_quotas() -> None:
    # Grades 优秀 ≥ 90 (at most 50%), 合格 ≥ 60; a gate result ≥ 20. a 95, b 92, c 50 (no grade:
    # below every min), d 10 (disqualified). N = 2 (a, b): cap ⌊50% × 2⌋ = 1, so b moves to 合格.
    ev = scored([("a", "A", "95"), ("b", "B", "92"), ("c", "C", "50"), ("d", "D", "10")], {
        "grades": [{"min": 90, "label": "优秀", "at-most": "50%"}, {"min": 60, "label": "合格"}],
        "gates": [{"id": "floor", "title": "至少20", "check": "result >= 20"}],
        "quota-min-group": 1,
    })
    doc = json.loads(to_json(ev))
    assert [(c["id"], c["grade_by_score"], c["grade"]) for c in doc["candidates"]] == [
        ("a", "优秀", "优秀"), ("b", "优秀", "合格"), ("c", None, None), ("d", None, None)]
    assert doc["distribution"][0]["n"] == 2
    # rank, id, name, qualified, failed_gates, then empty total, grade, grade_by_score and result: 9 cells.
    assert to_csv(ev).splitlines()[-1] == ",d,D,no,floor,,,,"
    assert ev.warnings == ()


def test_a_block_a_floor_pulls_over_a_cap_is_an_input_error() -> None:
    # Rows A ≥ 80, B ≥ 50 (at most 50%, at least 50%), C. a, b, c tie at 90 (A), d has 30 (C).
    # N = 4: B's cap ⌊2⌋ = 2, floor ⌈2⌉ = 2. B holds 0 < 2: the lowest block above, {a, b, c}
    # (all rank 1), moves as one, so B holds 3 > 2.
    with pytest.raises(InputError) as caught:
        scored([("a", "A", "90"), ("b", "B", "90"), ("c", "C", "90"), ("d", "D", "30")], {
            "grades": [{"min": 80, "label": "A"}, {"min": 50, "label": "B", "at-most": "50%", "at-least": "50%"},
                       {"min": 0, "label": "C"}],
            "quota-min-group": 1,
        })
    assert [str(p) for p in caught.value.problems] == [
        "<data>: grades: the quotas cannot hold for this input: all candidates, N = 4: grade 'B' at-most 50% "
        "allows 2, it holds 3"]
