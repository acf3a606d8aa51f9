"""Results carry their working: trail fields, to_dict(working=True), derived values, rescore."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scoring import evaluate, load_input, load_rubric, parse_input, parse_rubric, rescore
from scoring.cli import cli
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


# -- the scale rules' working, worked by hand (helper W2) ---------------------------------------


def _flat(criterion: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A flat rubric of one criterion worth 10 of a total of 10."""
    return {"id": "s", "title": "S", "total": "10", "decimals": "2", "criteria": [criterion], **extra}


def _facts(values: dict[str, str], name: str, **extra: Any) -> dict[str, Any]:
    return {"candidates": [{"id": cid, "name": cid.upper(), "facts": {name: v}, **extra.get(cid, {})}
                           for cid, v in values.items()]}


def _criteria(out: dict[str, Any], cid: str) -> dict[str, Any]:
    return {c["id"]: c["working"]["criteria"][cid] for c in out["candidates"]}


def test_ratio_rule_names_its_benchmark_and_who_set_it() -> None:
    rubric = _flat({"id": "price", "title": "Price", "points": "10", "scale": {"ratio": "lowest"}},
                   gates=[{"id": "license", "title": "License"}])
    data = _facts({"a": "200", "b": "100", "c": "100"}, "price")
    for cand, answer in zip(data["candidates"], ["通过", "yes", True], strict=True):
        cand["gates"] = {"license": answer}
    evaluation = _run(rubric, data)
    out = evaluation.to_dict(working=True)
    got = _criteria(out, "price")
    # Lowest price 100, set by b and c (a tie: both, in input order). a: 10 × 100 / 200 = 5; b, c: 10.
    assert got["a"]["rule"] == {"kind": "ratio", "best": "lowest", "value": 200, "benchmark": 100,
                                "benchmark_candidates": ["b", "c"]}
    assert [got[c]["points"] for c in "abc"] == [5.0, 10.0, 10.0]
    assert got["c"]["rule"]["benchmark_candidates"] == ["b", "c"]
    bench = evaluation.benchmarks["price"]
    assert (bench.value, bench.candidates) == (Decimal(100), ("b", "c"))
    # A gate's `given` is the answer as written; `answer` what it means.
    gates = {c["id"]: c["working"]["gates"]["license"] for c in out["candidates"]}
    assert gates["a"] == {"passed": True, "check": None, "answer": "pass", "given": "通过"}
    assert gates["b"]["given"] == "yes"
    assert gates["c"]["given"] is True


def test_rank_rule_shares_the_position_of_a_tie() -> None:
    rubric = _flat({"id": "fee", "title": "Fee", "points": "5",
                    "scale": {"rank": {"order": "lowest-first", "first": "5", "middle": "4", "last": "3"}}},
                   total="5")
    out = _run(rubric, _facts({"a": "300", "b": "100", "c": "200", "d": "100"}, "fee")).to_dict(working=True)
    got = _criteria(out, "fee")
    # Lowest first over 4 qualified: b and d (100) are first, nobody better: position 1, 5 points;
    # c (200): two strictly better → position 3, middle, 4; a (300): three better → 4, last, 3.
    assert [(got[c]["rule"]["place"], got[c]["rule"]["position"], got[c]["rule"]["of"], got[c]["points"])
            for c in "abcd"] == [("last", 4, 4, 3.0), ("first", 1, 4, 5.0), ("middle", 3, 4, 4.0),
                                 ("first", 1, 4, 5.0)]
    assert got["c"]["rule"] == {"kind": "rank", "order": "lowest-first", "value": 200, "place": "middle",
                                "position": 3, "of": 4}


def test_linear_rule_names_its_segment_and_is_flat_beyond_the_ends() -> None:
    rubric = _flat({"id": "x", "title": "X", "points": "10",
                    "scale": {"linear": [["10", "0"], ["20", "50%"], ["30", "100%"]]}})
    out = _run(rubric, _facts({"lo": "5", "p": "15", "q": "25", "hi": "35"}, "x")).to_dict(working=True)
    got = _criteria(out, "x")
    # Knots in points of 10: (10, 0), (20, 5), (30, 10).
    # 5 ≤ x₀ = 10: segment [0, 0], flat at 0.
    assert {k: got["lo"]["rule"][k] for k in ("segment", "from", "to")} == {
        "segment": [0, 0], "from": [10, 0.0], "to": [10, 0.0]}
    assert got["lo"]["points"] == 0.0
    # 15 ≤ 20: segment [0, 1]: 0 + (15 − 10) × (5 − 0) / (20 − 10) = 2.5.
    assert (got["p"]["rule"]["segment"], got["p"]["rule"]["from"], got["p"]["rule"]["to"],
            got["p"]["points"]) == ([0, 1], [10, 0.0], [20, 5.0], 2.5)
    # 25 ≤ 30: segment [1, 2]: 5 + (25 − 20) × (10 − 5) / (30 − 20) = 7.5.
    assert (got["q"]["rule"]["segment"], got["q"]["points"]) == ([1, 2], 7.5)
    # 35 > the last knot (index n−1 = 2): [2, 2], flat at 10.
    assert (got["hi"]["rule"]["segment"], got["hi"]["rule"]["from"], got["hi"]["rule"]["to"],
            got["hi"]["points"]) == ([2, 2], [30, 10.0], [30, 10.0], 10.0)


def test_weighted_roles_renormalise_over_the_roles_present() -> None:
    rubric = _flat({"id": "q", "title": "Q", "points": "10", "scale": {"direct": {"min": "0", "max": "10"}}},
                   evaluators={"method": "weighted", "roles": {"superior": "60%", "peer": "20%", "self": "20%"}})
    data = {
        "evaluators": {"boss": {"role": "superior"}, "li": {"role": "peer"}, "me": {"role": "self"}},
        "candidates": [
            {"id": "a", "name": "A", "scores": {"boss": {"q": "8"}, "li": {"q": "6"}}},
            {"id": "b", "name": "B", "scores": {"boss": {"q": "10"}, "li": {"q": "5"}, "me": {"q": "0"}}},
        ],
    }
    got = _criteria(_run(rubric, data).to_dict(working=True), "q")
    # a: no self score, so the present weights are 60% + 20% = 80%:
    # (60 × 8 + 20 × 6) / 80 = (480 + 120) / 80 = 7.5.
    assert got["a"]["aggregation"] == {
        "method": "weighted",
        "roles": [{"role": "superior", "weight": 60, "evaluators": ["boss"], "mean": 8.0},
                  {"role": "peer", "weight": 20, "evaluators": ["li"], "mean": 6.0}],
        "present_weight": 80}
    assert got["a"]["points"] == 7.5
    # b: all three present (100%): (60 × 10 + 20 × 5 + 20 × 0) / 100 = 7.
    assert got["b"]["aggregation"]["present_weight"] == 100
    assert got["b"]["points"] == 7.0


@pytest.mark.parametrize("working", [False, True])
def test_to_dict_is_the_cli_json(working: bool) -> None:
    top = Path(__file__).resolve().parents[1]
    rubric_file = top / "rubrics" / "crm-vendor-selection.yaml"
    input_file = top / "rubrics" / "examples" / "crm-vendor-bids.yaml"
    rubric = load_rubric(rubric_file)
    evaluation = evaluate(rubric, load_input(input_file, rubric))
    args = ["score", str(rubric_file), str(input_file), "--format", "json", *(["--working"] if working else [])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    # The same evaluation, formatted by the library and printed by the CLI, is the same data.
    assert evaluation.to_dict(working=working) == json.loads(result.stdout)
    assert ("working" in json.loads(result.stdout)["candidates"][0]) is working
