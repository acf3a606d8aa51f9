"""Scores worked out by hand from the rule text, against what `evaluate` computes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, EXAMPLES, RUBRICS, D

from scoring import evaluate, load_input, load_rubric
from scoring.model.results import Evaluation, reported

to_dict = Evaluation.to_dict


def run(rubric: Path, data: Path, **kw: bool):  # type: ignore[no-untyped-def]
    loaded = load_rubric(rubric)
    return evaluate(loaded, load_input(data, loaded), **kw)


def by_id(evaluation):  # type: ignore[no-untyped-def]
    return {r.candidate.id: r for r in evaluation.candidates}


def test_spec_example_matches_the_contract() -> None:
    result = to_dict(run(DATA / "spec" / "rubric.yaml", DATA / "spec" / "input.yaml"))
    (vendor,) = result["candidates"]
    # multi-org: full = 100% of 5 = 5 and partial = 3; trimmed-mean of two falls back to the mean: 4.0
    assert vendor["criteria"]["multi-org"] == D("4.00")
    # solution: direct 0-5, 4.5 and 4 earn 4.5/5 and 4/5 of 5 points; mean 4.25
    assert vendor["criteria"]["solution"] == D("4.25")
    # tech: (4 + 4.25) / 10 × 60% × 100 = 49.5
    assert vendor["sections"] == {"tech": D("49.50"), "price": D("40.00")}
    # price: the only candidate is first on the rank scale: 5/5 × 40% × 100 = 40
    assert vendor["total"] == D("89.50")  # 49.5 + 40
    assert vendor["grade"] == "良好"  # 89.5 reaches 75, not 90
    assert vendor["rank"] == 1
    assert result["rubric"]["id"] == "crm-vendor-selection"


def test_spec_example_notes_the_trimmed_mean_fallback() -> None:
    (vendor,) = run(DATA / "spec" / "rubric.yaml", DATA / "spec" / "input.yaml").candidates
    multi = vendor.criteria[0]
    assert multi.fallback  # 2 scores < 2 × 1 + 1
    assert [(e.evaluator, e.points, e.dropped) for e in multi.evaluators] == [
        ("wang", D("5"), False),
        ("li", D("3"), False),
    ]


def test_bundled_vendor_selection_example() -> None:
    ev = run(RUBRICS / "crm-vendor-selection.yaml", EXAMPLES / "crm-vendor-bids.yaml")
    r = by_id(ev)
    # Tech is 60% over 38 points (5 items × 5, solution 5 + interfaces 2, service 3 × 2);
    # price is 40% over 19 points (fees 5 + 5, analytics 5, reserved interfaces 2, delivery 2).
    # Committee of five, trimmed mean drops one highest and one lowest.
    #
    # 甲公司 (vendor-a), tech: func-scope 5; multi-org 5,5,3,5,5 -> drop 3 and a 5 -> 5;
    # i18n partial = 3; mobile 5,5,5,3,0 -> drop 0 and a 5 -> (5+5+3)/3 = 13/3; messaging 5;
    # solution 5,3,5,5,3 -> drop a 3 and a 5 -> 13/3; interfaces 2; local-support 2;
    # upgrades 2,2,2,2,0 -> 2; sla 0.  Sum = 24 + 26/3 = 98/3.  Tech = 98/3 / 38 × 60 = 980/19 = 51.578…
    # Price among qualified a, b, c (d is disqualified though cheapest): licence 380000 is
    # the middle -> 4; implementation 120000 middle -> 4; analytics partial 3;
    # reserved interfaces 2; delivery 3 months <= 3 -> 2.  Sum 15.  Price = 15/19 × 40 = 600/19 = 31.578…
    # Total = 1580/19 = 83.157… -> 83.16, 良好 (>= 75).
    a = r["vendor-a"]
    assert a.reported_total == D("83.16")
    assert ev.round(a.sections[0].points) == D("51.58")
    assert ev.round(a.sections[1].points) == D("31.58")
    assert a.grade == "良好"
    # 乙公司: tech 25 + solution partial 3 + 2 + 2 + 2 + 2 = 36 -> 36/38 × 60 = 1080/19 = 56.842…
    # price: licence 420000 highest -> 3; implementation 100000 lowest -> 5; analytics
    # 5,5,5,0,5 -> 5; reserved interfaces 0; delivery 4 months -> 0.  13/19 × 40 = 520/19 = 27.368…
    # Total = 1600/19 = 84.210… -> 84.21
    b = r["vendor-b"]
    assert b.reported_total == D("84.21")
    assert [ev.round(s.points) for s in b.sections] == [D("56.84"), D("27.37")]
    # 丙公司: func-scope 3,3,5,3,0 -> 3; multi-org 5; i18n 0; mobile 5; messaging 3 -> 16;
    # solution 5 + interfaces 2; local-support 0, upgrades 2, sla 2 -> 27; 27/38 × 60 = 810/19 = 42.631…
    # price: licence lowest -> 5; implementation 150000 highest -> 3; analytics 3; reserved 2;
    # delivery 2 months -> 2: 15 -> 600/19 = 31.578…;  total 1410/19 = 74.210… -> 74.21, 合格
    c = r["vendor-c"]
    assert c.reported_total == D("74.21")
    assert c.grade == "合格"
    assert [x.candidate.id for x in ev.candidates] == ["vendor-b", "vendor-a", "vendor-c", "vendor-d"]
    assert [x.rank for x in ev.candidates] == [1, 2, 3, None]
    d = r["vendor-d"]
    assert not d.qualified and d.failed_gates == ("qualification",)
    assert d.total is None and d.grade is None


def test_bundled_vendor_selection_marks_trimmed_scores() -> None:
    a = by_id(run(RUBRICS / "crm-vendor-selection.yaml", EXAMPLES / "crm-vendor-bids.yaml"))["vendor-a"]
    mobile = next(c for c in a.criteria if c.criterion.id == "mobile")
    # e1..e5 gave full, full, full, partial, none = 5, 5, 5, 3, 0: the 0 (e5) and one 5 are dropped
    dropped = [e.evaluator for e in mobile.evaluators if e.dropped]
    assert "e5" in dropped and len(dropped) == 2
    assert reported(mobile.points, 20) == D("4.33333333333333333333")  # 13/3


def test_bundled_supervisor_appraisal_example() -> None:
    ev = run(RUBRICS / "crm-supervisor-appraisal.yaml", EXAMPLES / "crm-supervisor-q3.yaml")
    r = by_id(ev)
    # Levels A/B/C/D earn 100/80/60/0% of the weight (30, 20, 20, 30 points of 100).
    # Roles: superior 60%, peer 20% (peers averaged first), self 20%.
    # 张伟: standards  sup A 30, peers A 30 & B 24 -> 27, self A 30: 18 + 5.4 + 6 = 29.4
    #       training   sup B 16, peers 20 & 20 -> 20, self 20:         9.6 + 4 + 4 = 17.6
    #       coordination sup A 20, peers B 16 & A 20 -> 18, self 20:  12 + 3.6 + 4 = 19.6
    #       data-entry sup B 24, peers B 24 & C 18 -> 21, self A 30: 14.4 + 4.2 + 6 = 24.6
    #       total 91.2 -> 优秀
    z = r["zhang"]
    assert [ev.round(c.points) for c in z.criteria] == [D("29.40"), D("17.60"), D("19.60"), D("24.60")]
    assert z.reported_total == D("91.20") and z.grade == "优秀" and z.rank == 1
    # 陈静 has no self-evaluation: weights 60% and 20% renormalise over 80%.
    #       standards (0.6 × 24 + 0.2 × 30) / 0.8 = 25.5; training 16; coordination
    #       (0.6 × 12 + 0.2 × 16) / 0.8 = 13; data-entry 30.  Total 84.5 -> 良好
    c = r["chen"]
    assert [ev.round(x.points) for x in c.criteria] == [D("25.50"), D("16.00"), D("13.00"), D("30.00")]
    assert c.reported_total == D("84.50") and c.grade == "良好"
    # 刘洋: standards 0.6 × 18 + 0.2 × 24 + 0.2 × 24 = 20.4; training 7.2 + 2.4 + 3.2 = 12.8;
    #       coordination 9.6 + 2.4 + 3.2 = 15.2; data-entry 0 + 0 + 0.2 × 18 = 3.6; total 52 -> 不合格
    liu = r["liu"]
    assert liu.reported_total == D("52.00") and liu.grade == "不合格" and liu.rank == 3


def test_every_scale_kind_and_metric() -> None:
    ev = run(DATA / "inputs" / "rubric.yaml", DATA / "inputs" / "valid.yaml")
    r = by_id(ev)
    # ann, superior and peer only, so their 60% and 20% renormalise over 80%:
    #   attitude (20): yes 20 and no 0 -> 12 / 0.8 = 15
    #   teamwork (20, direct 1-5 earns n/5): 4 -> 16 and 5 -> 20 -> (9.6 + 4) / 0.8 = 17
    #   rating "8.5" falls in the band min 7 -> 80% of 20 = 16
    #   attainment 95 / 100 = 0.95 on knots (80%, 0) .. (100%, 100%): 0.15 / 0.2 × 40 = 30
    #   total 78
    ann = r["ann"]
    assert [c.points for c in ann.criteria] == [D(15), D(17), D(16), D(30)]
    assert ann.reported_total == D("78.00")
    assert ann.metrics["attainment"] == D("0.95")
    # bob: attitude 20; teamwork 3 -> 12, 3 -> 12, self 5 -> 20: 7.2 + 2.4 + 4 = 13.6; rating 9 -> 20;
    #   attainment 1.2 is past the last knot, flat at 100% -> 40; total 93.6
    assert r["bob"].reported_total == D("93.60")
    # cal has 2 months in post: the tenure check (>= 3) fails
    assert r["cal"].failed_gates == ("tenure",)


def flat(tmp_path: Path, body: str, candidates: str) -> tuple[Path, Path]:
    rubric = tmp_path / "r.yaml"
    rubric.write_text("title: T\n" + body, encoding="utf-8")
    data = tmp_path / "i.yaml"
    data.write_text("candidates:\n" + candidates, encoding="utf-8")
    return rubric, data


def test_half_up_at_the_end_on_a_boundary_reached_through_thirds(tmp_path: Path) -> None:
    rubric, data = flat(
        tmp_path,
        "grades: [{min: 90, label: top}, {min: 0, label: rest}]\n"
        "sections:\n  - id: s\n    title: S\n    weight: 100%\n    criteria:\n"
        "      - {id: a, title: A, points: 3, scale: {direct: {min: 0, max: 3}}}\n"
        "      - {id: b, title: B, points: 6, scale: {direct: {min: 0, max: 6}}}\n",
        "  - {id: x, facts: {a: 3, b: 5.09955}}\n",
    )
    (x,) = run(rubric, data).candidates
    # shares are 3/9 and 6/9 of 100 (non-terminating); total = (3 + 5.09955) / 9 × 100 = 89.995 exactly,
    # rounded half-up once: 90.00, and the grade follows the reported figure
    assert x.reported_total == D("90.00")
    assert x.grade == "top"


def test_ties_share_a_rank_and_tie_break_splits_them(tmp_path: Path) -> None:
    body = (
        "sections:\n"
        "  - {id: s1, title: S1, weight: 50%, criteria: [{id: a, title: A, points: 10, scale: {direct: {min: 0, max: 10}}}]}\n"
        "  - {id: s2, title: S2, weight: 50%, criteria: [{id: b, title: B, points: 10, scale: {direct: {min: 0, max: 10}}}]}\n"
    )
    people = (
        "  - {id: p, facts: {a: 10, b: 6}}\n"   # 50 + 30 = 80
        "  - {id: q, facts: {a: 6, b: 10}}\n"   # 30 + 50 = 80
        "  - {id: r, facts: {a: 5, b: 5}}\n"    # 25 + 25 = 50
    )
    rubric, data = flat(tmp_path, body, people)
    assert [(c.candidate.id, c.rank) for c in run(rubric, data).candidates] == [("p", 1), ("q", 1), ("r", 3)]
    rubric, data = flat(tmp_path, body + "tie-break: [s2]\n", people)
    # q's s2 is 50 against p's 30
    assert [(c.candidate.id, c.rank) for c in run(rubric, data).candidates] == [("q", 1), ("p", 2), ("r", 3)]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("mean", "3.2000000000"),  # (1 + 2 + 3 + 5 + 5) / 5 = 16 / 5
        ("median", "3.0000000000"),  # middle of 1 2 3 5 5
        ("trimmed-mean", "3.3333333333"),  # drop 1 and a 5: (2 + 3 + 5) / 3 = 10/3
    ],
)
def test_aggregation_methods(tmp_path: Path, method: str, expected: str) -> None:
    rubric, data = flat(
        tmp_path,
        f"total: 5\nevaluators: {{method: {method}}}\ncriteria:\n"
        "  - {id: a, title: A, points: 5, scale: {direct: {min: 0, max: 5}}}\n",
        "  - id: x\n    scores: {e1: {a: 1}, e2: {a: 2}, e3: {a: 3}, e4: {a: 5}, e5: {a: 5}}\n",
    )
    (x,) = run(rubric, data).candidates
    assert reported(x.criteria[0].points, 10) == D(expected)


def test_median_of_an_even_count_averages_the_middle_two(tmp_path: Path) -> None:
    rubric, data = flat(
        tmp_path,
        "total: 5\nevaluators: {method: median}\n"
        "criteria:\n  - {id: a, title: A, points: 5, scale: {direct: {min: 0, max: 5}}}\n",
        "  - id: x\n    scores: {e1: {a: 1}, e2: {a: 2}, e3: {a: 4}, e4: {a: 5}}\n",
    )
    # middle two of 1 2 4 5 are 2 and 4: 3
    assert run(rubric, data).candidates[0].criteria[0].points == D(3)


def test_ratio_scale_ignores_disqualified_candidates(tmp_path: Path) -> None:
    rubric, data = flat(
        tmp_path,
        "total: 10\ngates: [{id: ok, title: OK}]\ncriteria:\n  - {id: price, title: Price, points: 10, scale: {ratio: lowest}}\n",
        "  - {id: a, facts: {price: 100}, gates: {ok: pass}}\n"
        "  - {id: b, facts: {price: 125}, gates: {ok: pass}}\n"
        "  - {id: c, facts: {price: 50}, gates: {ok: fail}}\n",
    )
    r = by_id(run(rubric, data))
    # benchmark is the lowest qualified price, 100 (c's 50 does not count): a 10, b 10 × 100/125 = 8
    assert r["a"].criteria[0].points == D(10)
    assert r["b"].criteria[0].points == D(8)
    assert r["b"].reported_total == D("8.00")  # 8 of 10 points, the whole rubric (total 10)


def test_allow_missing_leaves_the_empty_score_out(tmp_path: Path) -> None:
    rubric, data = flat(
        tmp_path,
        "total: 10\ncriteria:\n  - {id: a, title: A, points: 5, scale: {direct: {min: 0, max: 5}}}\n"
        "  - {id: b, title: B, points: 5, scale: {direct: {min: 0, max: 5}}}\n",
        "  - id: x\n    scores: {e1: {a: 4, b: 2}, e2: {a: 2}}\n",
    )
    (x,) = run(rubric, data, allow_missing=True).candidates
    # a: (4 + 2) / 2 = 3; b: only e1's 2; total (3 + 2) / 10 × 10 = 5
    assert x.reported_total == D("5.00")
