"""What the engine's fast paths must keep true: results in rubric order whatever order the
engine works in, equal inputs sharing one immutable result, and results made field by field
that are whole results."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

from scoring import evaluate, parse_input, parse_rubric
from scoring.engine import scales
from scoring.engine.scales import ScaleError
from scoring.model.results import CandidateResult, CriterionResult, RatioRule
from scoring.model.rubric import RatioScale

# Judged, fact, metric and relative criteria interleaved, so that the engine's order of work
# (judged criteria last) differs from the rubric's.
RUBRIC: dict[str, Any] = {
    "id": "fast-paths",
    "title": "Fast paths",
    "decimals": 2,
    "evaluators": {"method": "trimmed-mean", "trim": 1},
    "gates": [{"id": "units", "title": "Units", "check": "units >= 1"}],
    "metrics": {"per_unit": "price / units"},
    "scales": {"compliance": {"levels": {
        "full": {"points": "100%", "label": "Full"},
        "partial": {"points": "60%", "label": "Partial"},
        "none": {"points": 0, "label": "None"},
    }}},
    "sections": [
        {"id": "s1", "title": "One", "weight": "50%", "criteria": [
            {"id": "fit", "title": "Fit", "points": 5, "scale": "compliance"},
            {"id": "lin", "title": "Linear", "points": 5, "scale": {"linear": [[0, 0], [100, "100%"]]}},
        ]},
        {"id": "s2", "title": "Two", "weight": "50%", "criteria": [
            {"id": "band", "title": "Band", "points": 5, "value": "per_unit",
             "scale": {"bands": [{"max": 10, "points": "100%"}, {"points": 0}]}},
            {"id": "r", "title": "Rank", "points": 5,
             "scale": {"rank": {"order": "lowest-first", "first": 5, "middle": 4, "last": 3}}},
            {"id": "dir", "title": "Direct", "points": 5, "scale": {"direct": {"min": 0, "max": 10}}},
        ]},
    ],
    "grades": [{"min": 0, "label": "Any"}],
}


def _candidate(cid: str, facts: dict[str, int], fit: tuple[str, str, str], direct: tuple[int, int, int]) -> dict[str, Any]:
    scores = {e: {"fit": f, "dir": d} for e, f, d in zip(("e1", "e2", "e3"), fit, direct, strict=True)}
    return {"id": cid, "facts": facts, "scores": scores}


INPUT: dict[str, Any] = {
    "evaluators": {"e1": {}, "e2": {}, "e3": {}},
    "candidates": [
        _candidate("a", {"lin": 50, "price": 100, "units": 20, "r": 10}, ("full", "full", "none"), (4, 6, 8)),
        _candidate("b", {"lin": 50, "price": 100, "units": 20, "r": 20}, ("full", "full", "none"), (4, 6, 8)),
        _candidate("c", {"lin": 100, "price": 300, "units": 10, "r": 30}, ("partial", "partial", "partial"), (10, 10, 10)),
    ],
}


def _results() -> dict[str, CandidateResult]:
    evaluation = evaluate(parse_rubric(RUBRIC), parse_input(INPUT))
    return {r.candidate.id: r for r in evaluation.candidates}


def test_results_come_in_rubric_order_with_their_points() -> None:
    got = _results()
    for r in got.values():
        assert [c.criterion.id for c in r.criteria] == ["fit", "lin", "band", "r", "dir"]
    # a: fit scores 5, 5, 0 -> trimmed (drop 0 and one 5) -> 5; lin 50 of 100 -> 2.5;
    #    per_unit 100/20 = 5 <= 10 -> 5; r 10 is the lowest -> first, 5;
    #    dir 4, 6, 8 of 10 -> 2, 3, 4 points -> trimmed -> 3.
    assert [c.points for c in got["a"].criteria] == [5, Decimal("2.5"), 5, 5, 3]
    # c: fit 3, 3, 3 -> 3; lin 100 -> 5; per_unit 300/10 = 30 > 10 -> 0; r 30 highest -> last, 3;
    #    dir 10, 10, 10 -> 5, 5, 5 -> 5.
    assert [c.points for c in got["c"].criteria] == [3, 5, 0, 3, 5]
    # a: s1 (5 + 2.5) / 10 x 50 = 37.5; s2 (5 + 5 + 3) / 15 x 50 = 43.333...; total 80.8333... -> 80.83.
    # b: as a but r 20 is in the middle -> 4: s2 12 / 15 x 50 = 40; total 77.5.
    # c: s1 (3 + 5) / 10 x 50 = 40; s2 (0 + 3 + 5) / 15 x 50 = 26.666...; total 66.666... -> 66.67.
    assert [got[c].reported_total for c in "abc"] == [Decimal("80.83"), Decimal("77.50"), Decimal("66.67")]
    assert [s.earned for s in got["a"].sections] == [Decimal("7.5"), 13]


def test_equal_inputs_share_one_result() -> None:
    got = _results()
    a, b, c = (got[k].criteria for k in "abc")
    # a and b gave the same scores, the same linear fact and the same metric value (100/20).
    for i in (0, 1, 2, 4):
        assert a[i] is b[i], a[i].criterion.id
    assert a[3] is not b[3]  # different rank facts: first and middle
    assert a[2] is not c[2]  # per_unit 5 and 30
    # Every gate passed alike: one shared tuple of gate results.
    assert got["a"].gates is got["b"].gates is got["c"].gates


def test_results_made_field_by_field_are_whole() -> None:
    for r in _results().values():
        for c in r.criteria:
            assert type(c) is CriterionResult
            assert len(c) == len(CriterionResult._fields)
            assert (c.original, c.reason) == (None, "")
            assert c == CriterionResult(*c)
        for s in r.sections:
            assert len(s) == len(type(s)._fields)


def test_a_section_earned_alike_is_one_result() -> None:
    got = _results()
    # a and b both earn 5 + 2.5 = 7.5 in s1, so they share one section result; in s2 a earns
    # 5 + 5 + 3 = 13 and b 5 + 4 + 3 = 12, and c earns 8 in s1.
    assert got["a"].sections[0] is got["b"].sections[0]
    assert got["a"].sections[1] is not got["b"].sections[1]
    assert got["c"].sections[0].earned == 8 and got["c"].sections[0] is not got["a"].sections[0]


def test_ratio_points_are_worked_out_as_read() -> None:
    values = {"x": Decimal(200), "y": Decimal(100), "z": Decimal(100)}
    ratios = scales.relative_points(RatioScale("lowest"), values, Decimal(10))
    assert isinstance(ratios, scales.Ratios)
    # Lowest is best: the benchmark is 100, set by y and z (input order); x earns 10 × 100 / 200 = 5.
    assert (ratios.benchmark, ratios.setters) == (100, ("y", "z"))
    assert list(ratios) == ["x", "y", "z"] and len(ratios) == 3
    assert [ratios[c].points for c in ratios] == [5, 10, 10]
    assert ratios["x"].rule == RatioRule("lowest", Decimal(200), Decimal(100), ("y", "z"))
    assert ratios["x"] is not ratios["x"]  # nothing is kept: each read makes its own
    with pytest.raises(KeyError):
        ratios["w"]


def test_ratio_points_that_cannot_be_computed_are_a_scale_error() -> None:
    ratios = scales.relative_points(RatioScale("lowest"), {"a": Decimal(300), "b": Decimal(100)}, Decimal(10))
    # 10 × 100 / 300 = 3.33…: inexact, which this context traps.
    with decimal.localcontext(decimal.Context(traps=[decimal.Inexact])), pytest.raises(ScaleError, match="Inexact"):
        ratios["a"]
    assert ratios["b"].points == 10
