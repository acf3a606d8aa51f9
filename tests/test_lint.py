"""`scoring lint` (procurement.md §5–6): one test per rule that fires, a rubric on every bound."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from scoring.lint.findings import Profile
from scoring.lint.prices import price_weight
from scoring.lint.run import lint
from scoring.load.rubric import load_rubric, parse_rubric
from scoring.model.inputs import Evaluator, Input

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "rubrics" / "crm-vendor-selection.yaml"


def _levels() -> dict[str, Any]:
    return {"levels": {"full": {"points": "100%", "label": "全部满足"}, "most": {"points": "80%", "label": "大部分满足"},
                       "none": {"points": 0, "label": "不满足"}}}


# A goods rubric on every bound: price weight exactly 30% (30/30 of a 30% section), sme
# deductions of exactly 10% and 20%, consortium 4% and 6%, domestic product exactly 20%,
# total exactly 100, mean aggregation, levels with distinct points (40, 32, 0 and 30, 24, 0).
BOUND: dict[str, Any] = {
    "id": "bound", "title": "T", "total": 100, "evaluators": {"method": "mean"},
    "gates": [{"id": "qualification", "title": "投标人资格审查合格"}],
    "sections": [
        {"id": "tech", "title": "技术部分", "weight": "70%", "criteria": [
            {"id": "functions", "title": "功能满足采购需求", "points": 40, "scale": _levels()},
            {"id": "plan", "title": "实施方案", "points": 30, "scale": _levels()},
        ]},
        {"id": "price", "title": "价格部分", "weight": "30%", "criteria": [
            {"id": "bid-price", "title": "投标报价", "points": 30, "price": True, "value": "bid_price",
             "scale": {"ratio": "lowest"}},
        ]},
    ],
    "adjustments": [
        {"id": "sme-low", "policy": "sme", "when": "sme", "price": "bid-price", "deduct": "10%"},
        {"id": "sme-high", "policy": "sme", "when": "sme", "price": "bid-price", "deduct": "20%"},
        {"id": "cons-low", "policy": "sme-consortium", "when": "consortium", "price": "bid-price", "deduct": "4%"},
        {"id": "cons-high", "policy": "sme-consortium", "when": "consortium", "price": "bid-price", "deduct": "6%"},
        {"id": "domestic", "policy": "domestic-product", "when": "domestic", "price": "bid-price", "deduct": "20%"},
    ],
}
CN15 = ("CN-15", "error", "", "得分相同的，应按投标报价由低到高顺序排列：tie-break 第一项应为 "
        "{fact: bid_price, order: lowest-first}，现未规定")


def _committee(size: int) -> Input:
    return Input(candidates=(), evaluators={f"e{i}": Evaluator(f"e{i}") for i in range(size)}, files=("in.yaml",),
                 sha256={})


def _found(data: dict[str, Any], profile: Profile = "cn-gov-goods", lang: str = "zh",
           committee: Input | None = None) -> list[tuple[str, str, str, str]]:
    """(code, severity, path, message) of each finding, CN-15 left out unless asked for below."""
    _, found = lint(parse_rubric(data), committee, profile=profile, lang=lang)  # type: ignore[arg-type]
    from scoring.model.errors import format_path
    return [(x.finding.code, x.finding.severity, format_path(x.finding.path), x.finding.message) for x in found]


def _without_cn15(found: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    # BOUND has no tie-break on purpose, so every test of another rule also sees CN-15.
    assert CN15 in found
    return [f for f in found if f != CN15]


def _edit(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BOUND)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("profile", ["cn-gov-goods", "cn-gov-services"])
def test_a_rubric_on_every_bound_is_clean(profile: Profile) -> None:
    assert price_weight(parse_rubric(BOUND)) == Decimal("0.3")  # 30/30 points of a 30% section
    assert _without_cn15(_found(BOUND, profile, committee=_committee(5))) == []


def test_engineering_bounds_are_clean() -> None:
    data = copy.deepcopy(BOUND)
    # Engineering bands: sme 3%–5%, consortium 1%–2%, bounds included; domestic product exactly 20%.
    for adj, rate in zip(data["adjustments"], ["3%", "5%", "1%", "2%", "20%"], strict=True):
        adj["deduct"] = rate
    assert _found(data, "cn-gov-engineering", committee=_committee(5)) == []


def test_profile_none_finds_nothing() -> None:
    assert _found(_edit(("total",), 120), "none") == []


def test_cn01_price_weight_below_the_floor() -> None:
    data = _edit(("sections", 1, "weight"), "29%")
    data["sections"][0]["weight"] = "71%"
    assert _without_cn15(_found(data)) == [
        ("CN-01", "error", "sections[1].weight", "价格分权重为29%，货物项目不得低于30%（价格评审因素：bid-price）"),
    ]


def test_cn01_services_floor_is_ten_percent() -> None:
    data = _edit(("sections", 1, "weight"), "9%")
    data["sections"][0]["weight"] = "91%"
    assert _without_cn15(_found(data, "cn-gov-services")) == [
        ("CN-01", "error", "sections[1].weight", "价格分权重为9%，服务项目不得低于10%（价格评审因素：bid-price）"),
    ]


def test_cn01_no_price_criterion_at_all() -> None:
    data = _edit(("sections", 1, "criteria", 0, "price"), False)
    data["adjustments"] = []
    assert _found(data, lang="en") == [
        ("CN-01", "error", "sections", "no criterion scores the price (price weight 0%); a goods tender needs at "
         "least 30%"),
    ]


def test_cn03_price_scored_by_rank_and_a_second_price_criterion() -> None:
    data = _edit(("sections", 1, "criteria", 0, "scale"), {"rank": {"first": 30, "middle": 20, "last": 10}})
    data["sections"][1]["criteria"].append(
        {"id": "fee", "title": "服务费", "points": 30, "price": True, "scale": {"ratio": "lowest"}})
    # Price weight stays 30/60 + 30/60 of 30% = 30%: no CN-01.
    assert _without_cn15(_found(data)) == [
        ("CN-03", "error", "sections[1].criteria[0].scale",
         "价格评审因素“投标报价”的评分方式为rank (lowest-first)，应采用低价优先法（ratio: lowest）"),
        ("CN-03", "error", "sections[1].criteria[1].id", "“服务费”是又一个价格评审因素（第一个为bid-price），价格分只能有一项"),
    ]


@pytest.mark.parametrize(("profile", "index", "rate", "band"), [
    ("cn-gov-goods", 0, "9.99%", "10%–20%"), ("cn-gov-services", 1, "20.01%", "10%–20%"),
    ("cn-gov-goods", 2, "3%", "4%–6%"), ("cn-gov-engineering", 0, "10%", "3%–5%"),
])
def test_cn06_deduction_outside_its_band(profile: Profile, index: int, rate: str, band: str) -> None:
    data = _edit(("adjustments", index, "deduct"), rate)
    found = [f for f in _found(data, profile, committee=_committee(5)) if f[2] == f"adjustments[{index}].deduct"]
    adj = BOUND["adjustments"][index]
    assert found == [("CN-06", "error", f"adjustments[{index}].deduct",
                      f"价格扣除“{adj['id']}”（policy: {adj['policy']}）扣除{rate}，应在{band}之间（含）")]


def test_cn08_domestic_product_not_twenty_percent_is_a_note() -> None:
    found = _without_cn15(_found(_edit(("adjustments", 4, "deduct"), "15%")))
    assert found == [("CN-08", "note", "adjustments[4].deduct", "本国产品价格扣除“domestic”扣除15%，应为20%")]


@pytest.mark.parametrize(("code", "title", "word"), [
    ("CN-09", "注册资本达到1000万元的得满分", "注册资本"),
    ("CN-10", "本市注册的供应商加分", "本市"),
    ("CN-11", "国有企业加分", "国有企业"),
])
def test_keyword_rules(code: str, title: str, word: str) -> None:
    found = _without_cn15(_found(_edit(("sections", 0, "criteria", 1, "title"), title)))
    assert [f[:3] for f in found] == [(code, "warning", "sections[0].criteria[1].title")]
    assert found[0][3].startswith(f"sections[0].criteria[1].title含有“{word}”：")


def test_bare_local_service_is_not_a_region() -> None:
    assert _without_cn15(_found(_edit(("sections", 0, "criteria", 1, "title"), "提供本地化服务"))) == []


def test_cn12_a_gate_scored_again() -> None:
    data = _edit(("sections", 0, "criteria", 1, "title"), "投标人资格审查合格。")  # same title but for punctuation
    data["sections"][0]["criteria"][0]["id"] = "qualification"
    assert [f[:3] for f in _without_cn15(_found(data))] == [
        ("CN-12", "error", "sections[0].criteria[0].id"), ("CN-12", "error", "sections[0].criteria[1].title"),
    ]


def test_cn12_statutory_condition_named_is_a_warning() -> None:
    found = _without_cn15(_found(_edit(("sections", 0, "criteria", 1, "description"), "提供营业执照的得分")))
    assert found == [("CN-12", "warning", "sections[0].criteria[1].description",
                      "sections[0].criteria[1].description含有法定资格条件“营业执照”：资格条件不得作为评审因素")]


def test_cn13_free_score_and_levels() -> None:
    data = _edit(("sections", 0, "criteria", 1, "scale"), {"direct": {"min": 0, "max": 10}})
    data["sections"][0]["criteria"][0]["scale"] = {"levels": {"a": {"points": "100%"}, "b": {"points": 40}}}
    assert _without_cn15(_found(data)) == [
        # 100% of 40 points is 40, the same as level b's 40.
        ("CN-13", "error", "sections[0].criteria[0].scale", "评审因素“功能满足采购需求”的档次“a”与“b”同为40分，各档次分值应不同"),
        ("CN-13", "error", "sections[0].criteria[1].scale",
         "评审因素“实施方案”由评委在0至10分之间自由打分，未细化为各档次及对应分值"),
    ]


def test_cn13_a_direct_scale_fed_by_a_fact_is_quantified() -> None:
    data = _edit(("sections", 0, "criteria", 1, "scale"), {"direct": {"min": 0, "max": 10}})
    data["sections"][0]["criteria"][1]["value"] = "certificates"
    assert _without_cn15(_found(data)) == []


def test_cn13_one_level_and_discretion_words() -> None:
    data = _edit(("sections", 0, "criteria", 1, "scale"), {"levels": {"ok": {"points": "100%", "label": "评委酌情给分"}}})
    assert _without_cn15(_found(data)) == [
        ("CN-13", "error", "sections[0].criteria[1].scale", "评审因素“实施方案”只有1个档次，应至少两档且分值各不相同"),
        ("CN-13", "warning", "sections[0].criteria[1].scale.levels.ok.label",
         "sections[0].criteria[1].scale.levels.ok.label含有“酌情”：评审因素应当细化和量化"),
    ]


@pytest.mark.parametrize("size", [4, 6])
def test_cn14_committee_of_five_or_more_odd(size: int) -> None:
    found = _without_cn15(_found(BOUND, committee=_committee(size)))
    assert found == [("CN-14", "error", "evaluators", f"评标委员会成员为{size}人，应为5人以上单数")]


def test_cn15_a_criterion_id_first_in_tie_break() -> None:
    found = _found(_edit(("tie-break",), ["bid-price"]), lang="en")
    assert found == [("CN-15", "error", "tie-break[0]", "equal totals must be ranked by the bid price, lowest first: "
                      "the first tie-break entry must be {fact: bid_price, order: lowest-first}; got bid-price, which "
                      "compares points")]


def test_cn15_accepts_the_bid_price_as_given_lowest_first() -> None:
    assert _found(_edit(("tie-break",), [{"fact": "bid_price", "order": "lowest-first"}, "tech"])) == []


def test_cn15_the_bid_price_highest_first_is_not_enough() -> None:
    found = _found(_edit(("tie-break",), [{"fact": "bid_price", "order": "highest-first"}]), lang="en")
    assert found == [("CN-15", "error", "tie-break[0]", "equal totals must be ranked by the bid price, lowest first: "
                      "the first tie-break entry must be {fact: bid_price, order: lowest-first}; got "
                      "{fact: bid_price, order: highest-first}")]


def test_cn21_cn22_cn23_cn24() -> None:
    data = _edit(("total",), 120)
    data["evaluators"]["method"] = "median"
    del data["sections"][1]["criteria"][0]["price"]
    data["adjustments"] = []  # the price criterion is now one by its scale alone
    # Built from data, nothing has a line: findings sort by code; CN-23 is at the top level (no key).
    assert _without_cn15(_found(data)) == [
        ("CN-21", "warning", "total", "总分为120分，第五十五条的计分公式以100分为满分"),
        ("CN-22", "warning", "evaluators.method",
         "评委评分的汇总方式为median，应为 mean（各评委独立评分后汇总，不去掉、不加权任何成员的评分）"),
        ("CN-23", "warning", "", "没有小微企业价格扣除（policy: sme）；非专门面向中小企业的项目应给予小微企业价格扣除"),
        ("CN-24", "note", "sections[1].criteria[0].scale",
         "“投标报价”按其评分方式（ratio: lowest）视为价格评审因素；如不是价格，请写 price: false"),
    ]


def test_price_weight_counts_price_criteria_only() -> None:
    from scoring.lint.prices import price_summary

    # procurement.md §1's example: a 50% section of 6, 6 and 8 points, the two 6-point criteria
    # price criteria: 12/20 × 50% = 30%.
    data = copy.deepcopy(BOUND)
    data["sections"][0]["weight"] = "50%"
    data["sections"][1] = {"id": "price", "title": "价格", "weight": "50%", "criteria": [
        {"id": "p1", "title": "P1", "points": 6, "price": True, "scale": {"ratio": "lowest"}},
        {"id": "p2", "title": "P2", "points": 6, "scale": {"rank": {"first": 6, "middle": 4, "last": 2}}},
        {"id": "other", "title": "O", "points": 8, "scale": _levels()},
    ]}
    data["adjustments"] = []
    assert price_summary(parse_rubric(data)) == "price weight: 30% (p1, p2)"
    assert price_summary(load_rubric(SEED)) == "price weight: 21.05% (license-fee, implementation-fee)"  # 10/19 × 40%
