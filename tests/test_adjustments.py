"""`adjustments:` and `profile` in rubrics (procurement.md §1–2): reading and its errors."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from scoring.load.rubric import load_rubric, parse_rubric
from scoring.model.errors import RubricError
from scoring.model.expr import parse

RUBRIC: dict[str, Any] = {
    "id": "t", "title": "T",
    "criteria": [
        {"id": "quality", "title": "Q", "points": 70, "scale": {"direct": {"min": 0, "max": 10}}},
        {"id": "bid-price", "title": "P", "points": 30, "value": "bid_price", "scale": {"ratio": "lowest"}},
    ],
    "adjustments": [
        {"id": "sme", "title": "小微企业价格扣除", "policy": "sme", "when": "sme", "price": "bid-price", "deduct": "10%"},
        {"id": "cons", "when": "consortium and sme_share >= 30%", "price": ["bid-price"], "deduct": "4%"},
    ],
}


def test_adjustments_and_profile_are_read() -> None:
    rubric = parse_rubric({**RUBRIC, "profile": "cn-gov-goods"})
    assert rubric.profile == "cn-gov-goods"
    sme, cons = rubric.adjustments
    assert (sme.id, sme.title, sme.policy, sme.price, sme.deduct) == ("sme", "小微企业价格扣除", "sme", ("bid-price",),
                                                                      Decimal("0.10"))
    assert (cons.policy, cons.price, cons.deduct) == ("other", ("bid-price",), Decimal("0.04"))  # policy's default
    assert parse_rubric(RUBRIC).profile == "none"


def test_every_problem_of_the_adjustments_at_once(tmp_path: Path) -> None:
    data = copy.deepcopy(RUBRIC)
    data["criteria"][0]["price"] = False
    data["adjustments"] = [
        {"id": "a", "when": "sme and", "price": "bid-prise", "deduct": "100%", "policy": "small"},
        {"id": "a", "when": "sme", "price": ["quality"], "deduct": "0%", "extra": 1},
        {"id": "b", "price": "bid-price", "deduct": "ten"},
    ]
    with pytest.raises(RubricError) as caught:
        parse_rubric(data)
    assert [p.message for p in caught.value.problems] == [
        "adjustments[0].deduct: expected a percent above 0% and below 100%, got 100%",
        "adjustments[0].policy: expected one of sme, sme-consortium, domestic-product, other, got 'small'",
        "adjustments[0].price: unknown criterion 'bid-prise', did you mean 'bid-price'?",
        "adjustments[0].when: invalid expression at character 8 of 'sme and': unexpected end of expression",
        "adjustments[1].deduct: expected a percent above 0% and below 100%, got 0%",
        "adjustments[1].extra: unknown key 'extra'; none of the 6 defined names is close",
        "adjustments[1].id: duplicate adjustment id 'a'",
        "adjustments[1].price[0]: criterion 'quality' is marked 'price: false', so no adjustment may reduce it",
        "adjustments[2].deduct: expected a percent like \"30%\", got 'ten'",
        "adjustments[2]: missing key 'when'",
    ]


def test_adjustment_problems_are_located_in_the_file(tmp_path: Path) -> None:
    file = tmp_path / "r.yaml"
    file.write_text(
        "title: T\nprofile: goods\ncriteria:\n  - {id: p, title: P, points: 100, scale: {ratio: lowest}}\n"
        "adjustments:\n  - id: sme\n    when: sme\n    price: q\n    deduct: 120%\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(file)
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:2:10: profile: expected one of cn-gov-goods, cn-gov-services, cn-gov-engineering, none, got 'goods'",
        f"{file}:8:12: adjustments[0].price: unknown criterion 'q'; expected one of p",
        f"{file}:9:13: adjustments[0].deduct: expected a percent above 0% and below 100%, got 120%",
    ]


def test_true_and_false_are_literals() -> None:
    facts: dict[str, Decimal | bool] = {"sme": True, "consortium": False, "sme_share": Decimal("0.3")}
    assert parse("sme == true").evaluate(facts.__getitem__) is True
    assert parse("consortium or false").evaluate(facts.__getitem__) is False
    # A percent fact compares exactly with a percent literal: 30% >= 30%.
    assert parse("sme_share >= 30%").evaluate(facts.__getitem__) is True
    # `and` stops at a false: `missing` is never read.
    assert parse("consortium and missing >= 30%").evaluate(facts.__getitem__) is False


# -- scoring with adjustments (procurement.md §3) ------------------------------------------------

TENDER: dict[str, Any] = {
    "id": "tender", "title": "T",
    "gates": [{"id": "cap", "title": "最高限价", "check": "bid_price <= 480000"}],
    "criteria": [
        # A fact on a direct 0–10 scale: quality / 10 × 70 points.
        {"id": "quality", "title": "Q", "points": 70, "value": "quality", "scale": {"direct": {"min": 0, "max": 10}}},
        {"id": "bid-price", "title": "P", "points": 30, "value": "bid_price", "scale": {"ratio": "lowest"}},
    ],
    "adjustments": [
        {"id": "sme", "policy": "sme", "when": "sme", "price": "bid-price", "deduct": "10%"},
        {"id": "domestic", "policy": "domestic-product", "when": "domestic == true", "price": "bid-price",
         "deduct": "20%"},
    ],
}


def _bid(cid: str, price: int, **facts: Any) -> dict[str, Any]:
    return {"id": cid, "facts": {"quality": 9, "bid_price": price, "sme": "no", "domestic": "no", **facts}}


def _evaluate(*bids: dict[str, Any], rubric: dict[str, Any] | None = None) -> Any:
    from scoring.engine.evaluation import evaluate
    from scoring.load.inputs import parse_input

    parsed = parse_rubric({**TENDER, "gates": []} if rubric is None else rubric)
    return evaluate(parsed, parse_input({"candidates": list(bids)}, parsed))


def _points(evaluation: Any) -> dict[str, tuple[int | None, float | None, float | None]]:
    doc = evaluation.to_dict()
    return {c["id"]: (c["rank"], c["criteria"]["bid-price"] if c["criteria"] else None, c["total"])
            for c in doc["candidates"]}


def test_a_deduction_changes_the_winner() -> None:
    # jia is 小微: 500,000 × (1 − 10%) = 450,000, the benchmark, though yi's 470,000 bid is lower.
    # jia: 30 × 450,000 / 450,000 = 30.00, total 63 + 30 = 93.00 (quality 9/10 × 70 = 63).
    # yi: 30 × 450,000 / 470,000 = 28.7234… → 28.72, total 91.72.
    got = _evaluate(_bid("jia", 500000, sme="yes"), _bid("yi", 470000))
    assert _points(got) == {"jia": (1, 30.0, 93.0), "yi": (2, 28.72, 91.72)}
    assert got.to_dict()["benchmarks"] == {"bid-price": 450000.0}
    # Without the deduction the benchmark is yi's 470,000: jia 30 × 470,000 / 500,000 = 28.20.
    plain = _evaluate(_bid("jia", 500000), _bid("yi", 470000))
    assert _points(plain) == {"yi": (1, 30.0, 93.0), "jia": (2, 28.2, 91.2)}


def test_stacked_deductions_add_up_on_the_original_price() -> None:
    # bing: 小微 and 本国产品: 10% + 20% = 30% of 600,000 → 420,000 (not 600,000 × 0.9 × 0.8 =
    # 432,000); amounts 60,000 and 120,000. ding: 430,000, no deduction.
    # bing sets the benchmark 420,000: 30.00; ding: 30 × 420,000 / 430,000 = 29.3023… → 29.30.
    got = _evaluate(_bid("bing", 600000, sme="yes", domestic="yes"), _bid("ding", 430000))
    assert _points(got) == {"bing": (1, 30.0, 93.0), "ding": (2, 29.3, 92.3)}
    doc = {c["id"]: c for c in got.to_dict()["candidates"]}
    assert doc["bing"]["prices"] == {"bid-price": {"price": 600000, "evaluated": 420000.0, "adjustments": [
        {"id": "sme", "deduct": 10.0, "amount": 60000.0}, {"id": "domestic", "deduct": 20.0, "amount": 120000.0}]}}
    assert doc["ding"]["prices"] == {"bid-price": {"price": 430000, "evaluated": 430000.0, "adjustments": []}}


def test_a_disqualified_bid_never_sets_the_benchmark() -> None:
    # wu is 小微 at 490,000 (evaluated 441,000) but fails the cap of 480,000 on its bid as given:
    # not scored. yi's 470,000 is the benchmark: 30.00. ji, 小微 at 480,000, exactly on the cap:
    # 432,000 evaluated, which is lower: it sets the benchmark instead; yi 30 × 432,000 / 470,000
    # = 27.5744… → 27.57.
    got = _evaluate(_bid("wu", 490000, sme="yes"), _bid("yi", 470000), rubric=TENDER)
    assert _points(got) == {"yi": (1, 30.0, 93.0), "wu": (None, None, None)}
    assert {c["id"]: c["prices"] for c in got.to_dict()["candidates"]}["wu"] is None
    got = _evaluate(_bid("wu", 490000, sme="yes"), _bid("yi", 470000), _bid("ji", 480000, sme="yes"), rubric=TENDER)
    assert _points(got)["yi"] == (2, 27.57, 90.57)
    assert got.to_dict()["benchmarks"] == {"bid-price": 432000.0}


def test_bad_adjustment_input_is_reported_in_one_pass() -> None:
    from scoring.model.errors import InputError, InvalidError

    rubric = copy.deepcopy(TENDER)
    rubric["adjustments"][1]["when"] = "bid_price"  # a number, not true/false
    with pytest.raises(InvalidError) as caught:  # located in the rubric, found while scoring
        _evaluate(_bid("jia", 400000), rubric=rubric)
    assert [str(p) for p in caught.value.problems] == [
        "<data>: adjustments[1].when: expected a true/false condition such as 'sme', got a number (400000)"]
    rubric = copy.deepcopy(TENDER)
    rubric["adjustments"][1]["deduct"] = "95%"
    lacking = _bid("yi", 400000)
    del lacking["facts"]["sme"]
    out_of_cap = _bid("wu", 900000)  # disqualified: needs no fact of the adjustments
    del out_of_cap["facts"]["sme"]
    with pytest.raises(InvalidError) as failed:
        _evaluate(_bid("jia", 400000, sme="yes", domestic="yes"), lacking, out_of_cap, rubric=rubric)
    assert isinstance(failed.value, InputError)
    assert [p.message for p in failed.value.problems] == [
        # 10% + 95% = 105% of jia's price.
        "candidates[0].id: candidate 'jia': the adjustments 'sme', 'domestic' of criterion 'bid-price' deduct 105% "
        "together; expected less than 100%",
        "candidates[1].facts: candidate 'yi' lacks fact 'sme', needed by adjustment 'sme' (sme)",
    ]


def test_the_bundled_example_tender_scores_its_deductions() -> None:
    from scoring.pipeline import score_files

    root = Path(__file__).resolve().parent.parent / "rubrics" / "examples"
    doc = score_files(root / "gov-goods-tender.yaml", root / "gov-goods-bids.yaml").to_dict()
    # jia (小微) 500,000 − 10% = 450,000: the benchmark. bing (consortium, 35% 小微 share, not
    # 小微 itself) 490,000 − 4% = 470,400: 30 × 450,000 / 470,400 = 28.6989… → 28.70.
    # yi 470,000, no deduction: 30 × 450,000 / 470,000 = 28.7234… → 28.72.
    assert doc["benchmarks"] == {"bid-price": 450000.0}
    assert {c["id"]: (c["criteria"]["bid-price"], c["prices"]["bid-price"]["evaluated"]) for c in doc["candidates"]} == {
        "jia": (30.0, 450000.0), "bing": (28.7, 470400.0), "yi": (28.72, 470000.0)}
