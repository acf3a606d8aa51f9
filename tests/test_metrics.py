"""The KPI catalogue against the seeds' own worked examples, and the rubrics built on it."""

from __future__ import annotations

import decimal
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, RUBRICS, D

from scoring import InputError, evaluate, load_input, load_rubric, locate
from scoring.cli import cli
from scoring.model.expr import EvalError, exact
from scoring.model.metrics import CATALOGUE

# name: (facts, expected value, where the expectation comes from)
CASES: dict[str, tuple[dict[str, str], str]] = {
    # Seed 001: "100 × 5 × 3 = 1500元" (平均购买价值 100, 购买频率 5 次/年, 生命周期 3 年),
    # with the average and the frequency given directly as facts.
    "clv": ({"average_order_value": "100", "purchase_frequency": "5", "customer_lifespan": "3"}, "1500"),
    # Seed 001: "500,000 / 500 = 1000元".
    "cac": ({"acquisition_cost": "500000", "new_customers": "500"}, "1000"),
    # Seed 001: "(900 – 200) / 1000 × 100% = 70%".
    "retention_rate": ({"customers_end": "900", "new_customers": "200", "customers_start": "1000"}, "0.7"),
    # Seed 001: "(1000 – 900) / 1000 × 100% = 10%".
    "churn_rate": ({"customers_start": "1000", "customers_end": "900"}, "0.1"),
    # Seed 004's template: 流失客户 / 总客户; 80 of 2,000 = 4%.
    "customer_loss_rate": ({"lost_customers": "80", "total_customers": "2000"}, "0.04"),
    # Seed 001: "60 / 80 × 100% = 75%".
    "csat": ({"satisfied_customers": "60", "surveyed_customers": "80"}, "0.75"),
    # Seed 001: 100 asked, 60 promoters, 20 detractors: "60% – 20% = 40%".
    "nps": ({"promoters": "60", "detractors": "20", "respondents": "100"}, "0.4"),
    # Seed 001: "300 / 1000 × 100% = 30%".
    "repurchase_rate": ({"repeat_customers": "300", "total_customers": "1000"}, "0.3"),
    # Seed 001: "50 / 1000 × 100% = 5%".
    "complaint_rate": ({"complaining_customers": "50", "total_customers": "1000"}, "0.05"),
    # 320 hours to first response over 400 requests: 0.8 hours each on average.
    "response_time": ({"response_hours": "320", "support_requests": "400"}, "0.8"),
    # 9,120 hours over 380 resolved problems: 24 hours each.
    "resolution_time": ({"resolution_hours": "9120", "resolved_issues": "380"}, "24"),
    # 380 resolved of 400 submitted: 95%.
    "resolution_rate": ({"resolved_issues": "380", "support_requests": "400"}, "0.95"),
    # 16 repeats of 400: 4%.
    "repeat_problem_rate": ({"repeated_issues": "16", "support_requests": "400"}, "0.04"),
    # 250 members of 1,000 customers: 25%.
    "loyalty_participation_rate": ({"loyalty_members": "250", "total_customers": "1000"}, "0.25"),
    # 200 won, 120 lost: 80 net.
    "net_customer_additions": ({"new_customers": "200", "lost_customers": "120"}, "80"),
    # (1,200,000 − 1,000,000) / 1,000,000 = 20%.
    "sales_growth_rate": ({"sales": "1200000", "previous_sales": "1000000"}, "0.2"),
    # 1,200,000 of a 1,000,000 quota: 120%.
    "quota_attainment": ({"sales": "1200000", "sales_quota": "1000000"}, "1.2"),
    # 36 deals from 120 leads: 30%.
    "win_rate": ({"deals_won": "36", "leads": "120"}, "0.3"),
    # 1,200,000 over 400 orders: 3,000 元.
    "average_order_value": ({"sales": "1200000", "orders": "400"}, "3000"),
    # 1,000 items over 400 orders: 2.5 件.
    "items_per_transaction": ({"items_sold": "1000", "orders": "400"}, "2.5"),
    # 4,000 orders over 1,000 customers: 4 times.
    "purchase_frequency": ({"orders": "4000", "total_customers": "1000"}, "4"),
    # 900,000 of won deals over 36 deals: 25,000 元.
    "average_deal_size": ({"won_deal_value": "900000", "deals_won": "36"}, "25000"),
    # 8,000 interactions with 1,000 customers: 8 each.
    "interaction_frequency": ({"interactions": "8000", "total_customers": "1000"}, "8"),
}


def compute(name: str, facts: dict[str, str]) -> Decimal:
    values = {k: Decimal(v) for k, v in facts.items()}

    def lookup(n: str) -> Decimal:
        if n in values:
            return values[n]
        if n in CATALOGUE:
            return CATALOGUE[n].evaluate(lookup)  # type: ignore[return-value]
        raise EvalError(f"lacks fact '{n}'", n, missing=True)

    with decimal.localcontext(exact()):
        return CATALOGUE[name].evaluate(lookup)  # type: ignore[return-value]


def test_every_catalogue_metric_has_a_worked_example() -> None:
    assert set(CASES) == set(CATALOGUE)


@pytest.mark.parametrize("name", sorted(CASES))
def test_catalogue_metric(name: str) -> None:
    facts, expected = CASES[name]
    assert compute(name, facts) == D(expected)


def test_clv_from_raw_figures_chains_the_seed_definitions() -> None:
    # Seed 001: 平均购买价值 = 总收入 / 总购买次数 = 500,000 / 5,000 = 100; 购买频率 =
    # 总购买次数 / 总客户数 = 5,000 / 1,000 = 5; × 3 years = 1500.
    facts = {"sales": "500000", "orders": "5000", "total_customers": "1000", "customer_lifespan": "3"}
    assert compute("clv", facts) == D("1500")


@pytest.mark.parametrize(("name", "facts", "message"), [
    ("cac", {"acquisition_cost": "500000", "new_customers": "0"}, "division by zero: new_customers is 0"),
    ("csat", {"satisfied_customers": "-1", "surveyed_customers": "80"},
     "fact 'satisfied_customers' is -1, but it counts something and cannot be negative"),
    ("csat", {"satisfied_customers": "90", "surveyed_customers": "80"},
     "it comes to 112.5%, above 100%: check satisfied_customers, surveyed_customers"),
    ("retention_rate", {"customers_end": "900", "new_customers": "950", "customers_start": "1000"},
     "it comes to -0.05, below zero: check customers_end, new_customers, customers_start"),
])
def test_impossible_figures_are_errors_not_zero(name: str, facts: dict[str, str], message: str) -> None:
    with pytest.raises(EvalError) as err:
        compute(name, facts)
    assert str(err.value) == message


def flat(tmp_path: Path, criteria: str, candidates: str) -> tuple[Path, Path]:
    rubric, data = tmp_path / "r.yaml", tmp_path / "in.yaml"
    rubric.write_text("title: T\n" + criteria, encoding="utf-8")
    data.write_text("candidates:\n" + candidates, encoding="utf-8")
    return rubric, data


def test_impossible_figures_name_candidate_metric_and_fact(tmp_path: Path) -> None:
    rubric, data = flat(
        tmp_path,
        "criteria:\n  - {id: c, title: C, weight: 100%, value: csat, scale: {linear: [[0, 0], [100%, 100%]]}}\n",
        "  - {id: a, facts: {satisfied_customers: 10, surveyed_customers: 0}}\n"
        "  - {id: b, facts: {satisfied_customers: 90, surveyed_customers: 80}}\n"
        "  - {id: d, facts: {satisfied_customers: 5}}\n",
    )
    loaded = load_rubric(rubric)
    read = load_input(data, loaded)
    with pytest.raises(InputError) as err:
        evaluate(loaded, read)
    assert [str(p) for p in locate(err.value.problems, loaded, read)] == [
        f"{data}:2:66: candidates[0].facts.surveyed_customers: criterion 'c': candidate 'a', metric 'csat' "
        "(satisfied_customers / surveyed_customers): division by zero: surveyed_customers is 0",
        f"{data}:3:13: candidates[1].facts: criterion 'c': candidate 'b', metric 'csat' "
        "(satisfied_customers / surveyed_customers): it comes to 112.5%, above 100%: "
        "check satisfied_customers, surveyed_customers",
        f"{data}:4:13: candidates[2].facts: candidate 'd' lacks fact 'surveyed_customers', needed by metric 'csat' "
        "(satisfied_customers / surveyed_customers) for criterion 'c'",
    ]


def test_rubric_metric_overrides_the_catalogue_and_a_fact_is_taken_as_given(tmp_path: Path) -> None:
    rubric, data = flat(
        tmp_path,
        "metrics:\n  nps: (promoters - detractors) / respondents * 100\n"  # NPS as a whole number
        "criteria:\n"
        "  - {id: n, title: N, weight: 50%, value: nps, scale: {linear: [[0, 0], [50, 100%]]}}\n"
        "  - {id: a, title: A, weight: 50%, value: average_order_value, scale: {linear: [[0, 0], [1000, 100%]]}}\n",
        "  - {id: x, facts: {promoters: 60, detractors: 20, respondents: 100, average_order_value: 800}}\n",
    )
    loaded = load_rubric(rubric)
    result = evaluate(loaded, load_input(data, loaded)).candidates[0]
    # The rubric's nps is 40 (not 0.4): 40 / 50 of 50 = 40. The fact 800 is used as given
    # (no sales or orders needed): 800 / 1000 of 50 = 40. Total 80.
    assert [c.points for c in result.criteria] == [D("40"), D("40")]
    assert result.total == D("80")


def by_id(rubric: str, data: str) -> dict[str, object]:
    loaded = load_rubric(RUBRICS / rubric)
    return {r.candidate.id: r for r in evaluate(loaded, load_input(EXAMPLES / data, loaded)).candidates}


def test_customer_relationship_assessment() -> None:
    r = by_id("customer-relationship-assessment.yaml", "customer-relationship-2026h1.yaml")
    east, south, north = r["east"], r["south"], r["north"]
    # 华东: CSAT 460/500 = 92% ≥ 90% → 100% of 25 = 25. NPS (120 − 30)/300 = 30%, on the
    # line 0 → 50%: 60% of 20 = 12. Churn (1000 − 940)/1000 = 6%, on the falling line
    # 5% → 100%, 20% → 0: 1 − 1/15 = 14/15 of 20 = 18.666…. CLV: 客单价 3,600,000/4,000 = 900
    # × 购买频次 4,000/1,000 = 4 × 3 years = 10,800 ≥ 10,000 → 20. Interactions 8,000/1,000
    # = 8, on 2 → 0, 12 → 100%: 60% of 15 = 9. Total 84.666… → 84.67, 良好 (< 85).
    assert east.reported_total == D("84.67") and east.grade == "良好" and east.rank == 1  # type: ignore[attr-defined]
    assert east.criteria[2].points.quantize(D("0.0001")) == D("18.6667")  # type: ignore[attr-defined]
    # 华南: CSAT 340/400 = 85% → 80% of 25 = 20. NPS 150/300 = 50% → 20. Churn 160/800 = 20%
    # → 0. CLV 600 × 4 × 2.5 = 6,000 → 60% of 20 = 12. Interactions 13 > 12 → flat, 15.
    # Total 67.00, 合格.
    assert south.reported_total == D("67.00") and south.grade == "合格"  # type: ignore[attr-defined]
    # 华北: CSAT 69% is under the 70% cliff → 0. NPS (40 − 50)/200 = −5% → flat at 0.
    # Churn (500 − 510)/500 = −2% (the base grew) → flat at 100%, 20. CLV 800 × 5 × 2 =
    # 8,000 → 80%, 16. Interactions 2 → 0. Total 36.00, 不合格.
    assert north.reported_total == D("36.00") and north.grade == "不合格"  # type: ignore[attr-defined]
    assert north.criteria[0].label == "差"  # type: ignore[attr-defined]


def test_customer_service_quality() -> None:
    r = by_id("customer-service-quality.yaml", "customer-service-2026q3.yaml")
    # 客服一组: response 320/400 = 0.8 h ≤ 1 → 15; resolution 9,120/380 = 24 h → 15;
    # rating 9.2 ≥ 9 → 15; resolved 380/400 = 95%, on 80% → 0, 100% → 100%: 75% of 15 =
    # 11.25; repeats 16/400 = 4% ≤ 5% → 10; satisfaction 92 ≥ 90 → 10; complaints 12/2,000
    # = 0.6% ≤ 1% → 10; lost 80/2,000 = 4% ≤ 5% → 10. Total 96.25, 优秀.
    assert r["service-1"].reported_total == D("96.25") and r["service-1"].grade == "优秀"  # type: ignore[attr-defined]
    # 客服二组: 1,500/500 = 3 h ≤ 4 → 80%, 12; 21,600/450 = 48 h, halfway down 24 → 72: 7.5;
    # rating 7.5 → 80%, 12; 450/500 = 90% → 50%, 7.5; 40/500 = 8% ≤ 10% → 60%, 6;
    # satisfaction 75 → 80%, 8; 50/2,500 = 2% ≤ 3% → 60%, 6; 200/2,500 = 8% ≤ 10% → 50%, 5.
    # Total 64.00, 合格.
    assert r["service-2"].reported_total == D("64.00") and r["service-2"].grade == "合格"  # type: ignore[attr-defined]
    # 客服三组: 30 h > 24 → 0; 80 h ≥ 72 → 0; rating 4 → 不合格, 0; 70% < 80% → 0;
    # 15% > 10% → 0; satisfaction 55 → 一般 50%, 5; complaints 30/1,000 = exactly 3%, the
    # band's max is inclusive → 60%, 6; lost 50/1,000 = exactly 5% → 100%, 10. Total 21.00.
    s3 = r["service-3"]
    assert s3.reported_total == D("21.00") and s3.grade == "不合格"  # type: ignore[attr-defined]
    assert [c.points for c in s3.criteria][-2:] == [D(6), D(10)]  # type: ignore[attr-defined]


def test_crm_sales_kpi() -> None:
    r = by_id("crm-sales-kpi.yaml", "crm-sales-2026q3.yaml")
    # 客单价 ratio to the highest: 吴刚 900,000/200 = 4,500 is the best; 周敏 1,200,000/400 =
    # 3,000, 孙强 1,000,000/250 = 4,000, 郑丽 700,000/350 = 2,000.
    # 周敏: attainment 120% → flat, 30; growth 20% → 20; win 36/120 = 30%, on 10% → 0,
    # 40% → 100%: 2/3 of 20 = 13.33…; 客单价 3,000/4,500 of 15 = 10; CRM A → 15. 88.33, 良好.
    assert r["zhou"].reported_total == D("88.33") and r["zhou"].grade == "良好"  # type: ignore[attr-defined]
    # 吴刚: 90% → (90 − 60)/40 = 75% of 30 = 22.5; growth −10% → 0; win 50% → flat, 20;
    # 客单价 best → 15; CRM C → 60% of 15 = 9. 66.50, 合格.
    assert r["wu"].reported_total == D("66.50") and r["wu"].grade == "合格"  # type: ignore[attr-defined]
    # 孙强: 80% → 50%, 15; growth 0% → 持平 50%, 10; win 25% → 50%, 10; 4,000/4,500 of 15 =
    # 13.33…; CRM B → 12. 60.33, 合格.
    assert r["sun"].reported_total == D("60.33") and r["sun"].rank == 3  # type: ignore[attr-defined]
    # 郑丽: 70% → 25%, 7.5; growth (700,000 − 625,000)/625,000 = 12% → 80%, 16; win 20/200
    # = 10% → 0; 2,000/4,500 of 15 = 6.66…; CRM B → 12. 42.1666… → 42.17, 不合格.
    assert r["zheng"].reported_total == D("42.17") and r["zheng"].grade == "不合格"  # type: ignore[attr-defined]


def test_metrics_command(runner: CliRunner) -> None:
    listed = runner.invoke(cli, ["metrics"])
    assert listed.exit_code == 0
    for name in CATALOGUE:
        assert f"\n{name} " in listed.output
    assert "客单价" in listed.output and "sales / orders" in listed.output
    one = runner.invoke(cli, ["metrics", "retention_rate"])
    assert one.exit_code == 0
    assert "formula: retention_rate = (customers_end - new_customers) / customers_start" in one.output
    assert "facts:   customers_end, new_customers, customers_start" in one.output
    bad = runner.invoke(cli, ["metrics", "retension_rate"])
    assert bad.exit_code == 1
    assert bad.output.strip() == "error: unknown metric 'retension_rate', did you mean 'retention_rate'?"
