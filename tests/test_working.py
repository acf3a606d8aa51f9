"""Results carry their working: trail fields, to_dict(working=True), derived values, rescore."""

from __future__ import annotations

import pickle
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from scoring import evaluate, parse_input, parse_rubric, rescore
from scoring.model.errors import RubricError

RUBRIC: dict[str, Any] = {
    "id": "w", "title": "W", "subject": "vendor", "total": "100", "decimals": "2",
    "evaluators": {"method": "trimmed-mean", "trim": "1"},
    "sections": [
        {"id": "tech", "title": "Tech", "weight": "60%",
         "criteria": [{"id": "sol", "title": "Solution", "points": "10", "scale": {"direct": {"min": "0", "max": "10"}}}]},
        {"id": "svc", "title": "Service", "weight": "40%",
         "criteria": [{"id": "sup", "title": "Support", "points": "10", "scale": {"direct": {"min": "0", "max": "10"}}}]},
    ],
}
INPUT: dict[str, Any] = {
    "candidates": [
        {"id": "a", "name": "A", "scores": {"wang": {"sol": "7", "sup": "6"}, "li": {"sol": "9", "sup": "8"},
                                            "zhao": {"sol": "4", "sup": "4"}}},
        {"id": "b", "name": "B", "scores": {"wang": {"sol": "8", "sup": "5"}, "li": {"sol": "6", "sup": "9"}}},
    ],
}


def _run(rubric: dict[str, Any] = RUBRIC, data: dict[str, Any] = INPUT) -> Any:
    r = parse_rubric(rubric)
    return evaluate(r, parse_input(data, r))


def test_working_of_a_trimmed_mean_with_a_drop_and_a_fallback() -> None:
    out = _run().to_dict(working=True)
    a = next(c for c in out["candidates"] if c["id"] == "a")["working"]
    sol = a["criteria"]["sol"]
    # a/sol: points 7, 9, 4 (direct 0..10 on 10 points); ordered by (points, id): zhao 4, wang 7,
    # li 9: trim 1 drops zhao and li, keeps wang: 7.
    assert [(e["evaluator"], e["points"], e["dropped"]) for e in sol["evaluators"]] == [
        ("wang", 7.0, False), ("li", 9.0, True), ("zhao", 4.0, True)]
    assert sol["aggregation"] == {"method": "trimmed-mean", "trim": 1, "fallback": None}
    assert sol["evaluators"][0]["rule"] == {"kind": "direct", "value": 7, "min": 0, "max": 10}
    # maximum 10; share 10/10 × 60% × 100 = 60; contribution 7 / 10 × 60 = 42.
    assert (sol["points"], sol["maximum"], sol["share"], sol["contribution"]) == (7.0, 10.0, 60.0, 42.0)
    b = next(c for c in out["candidates"] if c["id"] == "b")
    # b has two scores per criterion: 2 < 2·1+1 = 3, so the plain mean: sol (8+6)/2 = 7.
    fallback = b["working"]["criteria"]["sol"]["aggregation"]["fallback"]
    assert fallback == {"to": "mean", "scores": 2, "needed": 3,
                        "reason": "a trimmed mean needs at least 3 scores (trim 1), got 2; took the plain mean"}
    assert b["fallbacks"] == ["sol", "sup"]
    # b/tech: earned 7 of 10, share 60: 7/10 × 60 = 42.
    assert b["working"]["sections"]["tech"] == {"earned": 7.0, "maximum": 10.0, "share": 60.0, "points": 42.0}


def test_replace_of_a_section_weight_changes_the_total() -> None:
    rubric = parse_rubric(RUBRIC)
    data = parse_input(INPUT, rubric)
    # a: sol 7 (see above); sup 6, 8, 4 → drops 4 (zhao) and 8 (li), keeps 6.
    # 60/40: 7/10 × 60 + 6/10 × 40 = 42 + 24 = 66.
    assert {r.candidate.id: r.total for r in evaluate(rubric, data).candidates}["a"] == Decimal(66)
    swapped = replace(rubric, sections=(replace(rubric.sections[0], weight=Decimal("0.5")),
                                        replace(rubric.sections[1], weight=Decimal("0.5"))))
    # 50/50: 7/10 × 50 + 6/10 × 50 = 35 + 30 = 65.
    found = {r.candidate.id: r.total for r in evaluate(swapped, data).candidates}
    assert found["a"] == Decimal(65)


def test_a_replace_that_breaks_the_sum_is_a_rubric_error() -> None:
    rubric = parse_rubric(RUBRIC)
    broken = replace(rubric, sections=(replace(rubric.sections[0], weight=Decimal("0.55")), rubric.sections[1]))
    with pytest.raises(RubricError) as caught:
        evaluate(broken, parse_input(INPUT, rubric))
    # 55% + 40% = 95%.
    assert [p.message for p in caught.value.problems] == ["sections: section weights must sum to 100%, got 95%"]
    assert caught.value.problems[0].path == ("sections",)


def test_pickle_round_trip_evaluates_identically() -> None:
    rubric = parse_rubric(RUBRIC)
    data = parse_input(INPUT, rubric)
    again = pickle.loads(pickle.dumps(rubric))
    assert evaluate(again, data).to_dict(working=True) == evaluate(rubric, data).to_dict(working=True)
    result = evaluate(rubric, data)
    assert pickle.loads(pickle.dumps(result)).to_dict() == result.to_dict()


def test_rescore_for_a_subset_of_evaluators() -> None:
    evaluation = _run()
    # a by wang and li: sol (7+9)/2 = 8 (fallback mean), sup (6+8)/2 = 7:
    # 8/10 × 60 + 7/10 × 40 = 48 + 28 = 76.
    assert rescore(evaluation, "a", ["wang", "li"]) == Decimal(76)
    # wang alone: 7/10 × 60 + 6/10 × 40 = 42 + 24 = 66; listed twice, the mean is the same.
    assert rescore(evaluation, "a", ["wang"]) == Decimal(66)
    assert rescore(evaluation, "a", ["wang", "wang"]) == Decimal(66)
    assert rescore(evaluation, "a", ["nobody"]) is None
    # evaluator_totals (vendor): b by wang: 8/10 × 60 + 5/10 × 40 = 48 + 20 = 68; by li: 36 + 36 = 72.
    b = next(r for r in evaluation.candidates if r.candidate.id == "b")
    assert b.score is not None and dict(b.score.evaluator_totals) == {"wang": Decimal(68), "li": Decimal(72)}


def test_a_computed_metric_flows_as_a_decimal() -> None:
    rubric = {
        "id": "m", "title": "M", "total": "10", "decimals": "2",
        "metrics": {"monthly": "price / months"},
        "criteria": [{"id": "cost", "title": "Cost", "points": "10", "value": "monthly",
                      "scale": {"bands": [{"max": "20000", "points": "10"}, {"points": "0"}]}}],
    }
    data = {"candidates": [{"id": "a", "name": "A", "facts": {"price": "225710", "months": "12"}}]}
    # 225710 / 12 = 18809.1666…: more than 12 decimals, yet ≤ 20000: the first band, 10 points.
    assert _run(rubric, data).candidates[0].total == Decimal(10)
