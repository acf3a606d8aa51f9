"""AHP weights from pairwise comparisons (analysis.md §3): exact weights for consistent judgements,
the consistency ratio and the message naming the most inconsistent entry."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from scoring.model.pairwise import Comparison, derive, inconsistency


def _c(first: str, second: str, text: str) -> Comparison:
    return Comparison(first, second, Fraction(text), text)


def test_consistent_gives_exact_fractions() -> None:
    # analysis.md §3: tech 2× service, tech 4× price, service 2× price: consistent, so
    # w = column of price / its sum = (4, 2, 1)/7: 4/7, 2/7, 1/7, λmax = n = 3, CR = 0.
    entries = [_c("tech", "service", "2"), _c("tech", "price", "4"), _c("service", "price", "2")]
    found = derive(["tech", "service", "price"], entries)
    assert found.exact == {"tech": Fraction(4, 7), "service": Fraction(2, 7), "price": Fraction(1, 7)}
    assert (found.lambda_max, found.cr) == (Decimal(3), Decimal(0))
    assert inconsistency(entries, found) is None


def test_reciprocal_entry_and_two_siblings() -> None:
    # [support, func, 1/5]: func is 5× support, so func 5/6, support 1/6 (n = 2: always consistent).
    found = derive(["func", "support"], [_c("support", "func", "1/5")])
    assert found.exact == {"func": Fraction(5, 6), "support": Fraction(1, 6)}
    assert found.cr == 0


def test_inconsistent_rejected_with_its_cr() -> None:
    # The spec's example: [a, b, 2], [b, c, 4], [a, c, 1]: w = (0.4, 0.4, 0.2) since A·w = 3.5·w;
    # λmax = 3.5, CI = 0.25, CR = 0.25/0.58 = 0.431; every ratio e is 2 or 0.5, so the first entry
    # is named, and w_a/w_b = 1.00.
    entries = [_c("a", "b", "2"), _c("b", "c", "4"), _c("a", "c", "1")]
    found = derive(["a", "b", "c"], entries)
    assert found.exact is None
    assert abs(found.weights["a"] - Decimal("0.4")) < Decimal("1e-45")
    assert abs(found.weights["c"] - Decimal("0.2")) < Decimal("1e-45")
    assert inconsistency(entries, found) == (0, (
        "inconsistent comparisons: CR = 0.431 > 0.10 (λmax = 3.500, n = 3, RI = 0.58); "
        "most inconsistent: [a, b, 2], the weights imply 1.00"))


def test_slightly_inconsistent_accepted() -> None:
    # a 2× b, b 2× c, a 3× c (4 would be consistent): CR is small (well under 0.10), so accepted.
    entries = [_c("a", "b", "2"), _c("b", "c", "2"), _c("a", "c", "3")]
    found = derive(["a", "b", "c"], entries)
    assert found.exact is None and Decimal(0) < found.cr < Decimal("0.10")
    assert inconsistency(entries, found) is None
    assert abs(sum(found.weights.values()) - 1) < Decimal("1e-50")


def _rubric(tech: dict[str, object]) -> dict[str, object]:
    return {"id": "ahp", "title": "AHP", "sections": [
        {"id": "tech", "title": "技术", "weight": "60%", **tech, "criteria": [
            {"id": "func", "title": "功能", "scale": {"direct": {"min": 0, "max": 10}}},
            {"id": "support", "title": "服务", "scale": {"direct": {"min": 0, "max": 10}}}]},
        {"id": "price", "title": "价格", "weight": "40%", "criteria": [
            {"id": "cost", "title": "费用", "weight": "100%", "scale": {"direct": {"min": 0, "max": 10}}}]}]}


def test_a_pairwise_section_is_scored_with_exact_weights() -> None:
    from scoring import evaluate, parse_input, parse_rubric

    rubric = parse_rubric(_rubric({"pairwise": [["support", "func", "1/5"]]}))
    data = parse_input({"candidates": [{"id": "a", "scores": {"x": {"func": 6, "support": 10, "cost": 5}}}]}, rubric)
    (a,) = evaluate(rubric, data).candidates
    # func 5/6, support 1/6 of tech's 60: 6/10 × 5/6 × 60 + 10/10 × 1/6 × 60 = 30 + 10 = 40; cost 5/10 × 40 = 20
    assert a.total == Decimal(60)


def test_an_inconsistent_section_is_rejected_at_its_worst_entry_with_its_cr() -> None:
    import pytest

    from scoring import RubricError, parse_rubric

    data = _rubric({"pairwise": [["a", "b", "2"], ["b", "c", "4"], ["a", "c", "1"]]})
    data["sections"][0]["criteria"] = [  # type: ignore[index]
        {"id": k, "title": k, "scale": {"direct": {"min": 0, "max": 10}}} for k in "abc"]
    with pytest.raises(RubricError) as caught:
        parse_rubric(data)
    # analysis.md §3's worked example: λmax = 3.5, CI = 0.25, CR = 0.25/0.58 = 0.431; every ratio is 2
    # away, so the first written is named; w = (0.4, 0.4, 0.2) implies a/b = 1.00
    assert [str(p) for p in caught.value.problems] == [
        "<data>: sections[0].pairwise[0]: inconsistent comparisons: CR = 0.431 > 0.10 (λmax = 3.500, n = 3, "
        "RI = 0.58); most inconsistent: [a, b, 2], the weights imply 1.00"]


def test_children_of_a_pairwise_section_carrying_a_weight_are_rejected() -> None:
    import pytest

    from scoring import RubricError, parse_rubric

    data = _rubric({"pairwise": [["support", "func", "1/5"]]})
    data["sections"][0]["criteria"][0]["weight"] = "50%"  # type: ignore[index]
    with pytest.raises(RubricError) as caught:
        parse_rubric(data)
    assert [str(p) for p in caught.value.problems] == [
        "<data>: sections[0].criteria[0].weight: expected no 'weight': the criteria here are weighed by 'pairwise'"]


def test_rubric_pairwise_weighs_the_sections_exactly_and_is_serialized() -> None:
    from scoring import evaluate, parse_input, parse_rubric
    from scoring.model.serialize import evaluation_dict

    top = [["tech", "service", "2"], ["tech", "price", "4"], ["service", "price", "2"]]
    data = _rubric({"pairwise": [["support", "func", "1/5"]]})
    sections = data["sections"]
    for s in sections:  # type: ignore[attr-defined]
        del s["weight"]
    sections.insert(1, {"id": "service", "title": "服务", "criteria": [  # type: ignore[attr-defined]
        {"id": "svc", "title": "响应", "weight": "100%", "scale": {"direct": {"min": 0, "max": 10}}}]})
    rubric = parse_rubric({**data, "pairwise": top})  # keeps the entries it checked, for the JSON
    scores = {"func": 6, "support": 10, "svc": 7, "cost": 7}
    (a,) = evaluate(rubric, parse_input({"candidates": [{"id": "a", "scores": {"x": scores}}]}, rubric)).candidates
    # sections 4/7, 2/7, 1/7 of 100; tech: (6/10 × 5/6 + 10/10 × 1/6) × 400/7 = 2/3 × 400/7 = 800/21
    # service 7/10 × 200/7 = 20; price 7/10 × 100/7 = 10; total 800/21 + 30 = 68.095238095238…
    assert round(a.total, 10) == Decimal("68.0952380952")
    assert a.reported_total == Decimal("68.10")  # half-up at 2 places of 68.0952…
    doc = evaluation_dict(evaluate(rubric, parse_input({"candidates": []}, rubric)), working=False)
    # 4/7 = 57.142…%, 2/7 = 28.571…%, 1/7 = 14.285…%; func 5/6 = 83.33…%, support 16.66…%
    assert doc["pairwise"] == [
        {"section": None, "weights": {"tech": 57.14, "service": 28.57, "price": 14.29}, "lambda_max": 3.0, "cr": 0.0},
        {"section": "tech", "weights": {"func": 83.33, "support": 16.67}, "lambda_max": 2.0, "cr": 0.0}]


def test_rubric_level_pairwise_from_a_yaml_file() -> None:
    # tech is 2× service and 4× price, service 2× price: consistent, so the weights are exactly
    # 4/7, 2/7, 1/7 (CR 0). Candidate a earns 10/10, 5/10 and 0/10: total
    # 4/7 × 100 + 1/2 × 2/7 × 100 + 0 = 400/7 + 100/7 = 500/7 = 71.428… → 71.43.
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from scoring.cli import cli

    data = Path(__file__).parent / "data" / "ahp"
    out = CliRunner().invoke(cli, ["score", str(data / "rubric.yaml"), str(data / "input.yaml"), "--format", "json"])
    assert out.exit_code == 0, out.output
    (candidate,) = json.loads(out.stdout)["candidates"]
    assert candidate["total"] == 71.43
    assert candidate["sections"] == {"tech": 57.14, "service": 14.29, "price": 0.0}
    shown = CliRunner().invoke(cli, ["validate", str(data / "rubric.yaml")])
    assert "pairwise weights of rubric (AHP): tech 57.14%, service 28.57%, price 14.29%; CR = 0.0000" in shown.output
