"""`scoring sensitivity`'s weight stability (analysis.md §2.1): hand-worked exact intervals and a
property re-scoring with `dataclasses.replace`."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scoring import evaluate, parse_input, parse_rubric
from scoring.analysis.items import build_model
from scoring.analysis.stability import leader, stability
from scoring.cli import cli


def _direct(ident: str, size: str, key: str = "weight", top: str = "100") -> dict[str, Any]:
    return {"id": ident, "title": ident, key: size, "scale": {"direct": {"min": "0", "max": top}}}


def _run(runner: Any, tmp_path: Path, rubric: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    (tmp_path / "r.yaml").write_text(json.dumps(rubric), encoding="utf-8")
    (tmp_path / "i.yaml").write_text(json.dumps(data), encoding="utf-8")
    out = runner.invoke(cli, ["sensitivity", str(tmp_path / "r.yaml"), str(tmp_path / "i.yaml"), "--format", "json"])
    assert out.exit_code == 0, out.output
    found: dict[str, Any] = json.loads(out.stdout)
    return found


FLAT = {"id": "flat", "title": "flat",
        "criteria": [_direct("tech", "50%"), _direct("service", "20%"), _direct("price", "30%")]}
FLAT_INPUT = {"candidates": [
    {"id": "A", "facts": {"tech": "90", "service": "70", "price": "60"}},
    {"id": "B", "facts": {"tech": "75", "service": "80", "price": "90"}},
    {"id": "C", "facts": {"tech": "80", "service": "90", "price": "70"}}]}


def test_flat_worked_example(runner: Any, tmp_path: Path) -> None:
    # analysis.md §2.1: totals A 77, B 80.5, C 79, B leads. Tech: S_A = 64 + 26t, S_B = 86 − 11t,
    # S_C = 78 + 2t: B ≥ A ⇔ t ≤ 22/37 (59.46%), C ≥ A ⇔ t ≤ 7/12 (58.33%).
    found = _run(runner, tmp_path, FLAT, FLAT_INPUT)
    assert found["leader"] == "B"
    tech, service, price = found["weights"]
    assert tech["weight"] == 50.0
    assert tech["first"] == {"low": 0.0, "high": 59.46, "low_exact": "0", "high_exact": "2200/37",
                             "below": None, "above": "A"}
    assert tech["ranking"] == {"low": 0.0, "high": 58.33, "low_exact": "0", "high_exact": "175/3",
                               "below": None, "above": [["C", "A"]]}
    # Service (w = 1/5): R_A = (45 + 18)/0.8 = 78.75, R_B = (37.5 + 27)/0.8 = 80.625,
    # R_C = (40 + 21)/0.8 = 76.25. B ≥ C ⇔ 80.625 − 0.625t ≥ 76.25 + 13.75t ⇔ t ≤ 4.375/14.375
    # = 7/23 (700/23 = 30.43%); C ≥ A ⇔ 76.25 + 13.75t ≥ 78.75 − 8.75t ⇔ t ≥ 2.5/22.5 = 1/9.
    assert service["first"]["high_exact"] == "700/23" and service["first"]["above"] == "C"
    assert service["ranking"]["low_exact"] == "100/9" and service["ranking"]["low"] == 11.11
    assert service["ranking"]["below"] == [["C", "A"]] and service["ranking"]["above"] == [["B", "C"]]
    # Price (w = 3/10): R_A = (45 + 14)/0.7 = 590/7, R_B = (37.5 + 16)/0.7 = 535/7, R_C = (40 + 18)/0.7
    # = 580/7. B ≥ C ⇔ 535/7 + (90 − 535/7)t ≥ 580/7 + (70 − 580/7)t ⇔ (20 + 45/7)t ≥ 45/7
    # ⇔ t ≥ 45/185 = 9/37 (900/37 = 24.32%).
    assert price["first"] == {"low": 24.32, "high": 100.0, "low_exact": "900/37", "high_exact": "100",
                              "below": "C", "above": None}
    assert price["ranking"]["below"] == [["B", "C"]] and price["ranking"]["above"] is None


def test_flat_table(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(json.dumps(FLAT), encoding="utf-8")
    (tmp_path / "i.yaml").write_text(json.dumps(FLAT_INPUT), encoding="utf-8")
    out = runner.invoke(cli, ["sensitivity", str(tmp_path / "r.yaml"), str(tmp_path / "i.yaml")])
    assert out.exit_code == 0
    # The spec's table rows: an exact fraction is written once per row, where first met.
    assert "tech 50% | 0.00% – 59.46% (2200/37) | above: A | 0.00% – 58.33% (175/3) | above: [C, A]" in out.stdout
    assert ("service 20% | 0.00% – 30.43% (700/23) | above: C | 11.11% (100/9) – 30.43% | "
            "below: [C, A]; above: [B, C]") in out.stdout
    assert "price 30% | 24.32% (900/37) – 100.00% | below: C | 24.32% – 100.00% | below: [B, C]" in out.stdout


def test_sectioned(runner: Any, tmp_path: Path) -> None:
    rubric = {"id": "sec", "title": "sec", "sections": [
        {"id": "tech", "title": "tech", "weight": "60%",
         "criteria": [_direct("t1", "5", "points", "5"), _direct("t2", "5", "points", "5")]},
        {"id": "price", "title": "price", "weight": "40%", "criteria": [_direct("p", "10", "points", "10")]}]}
    data = {"candidates": [{"id": "P", "facts": {"t1": "5", "t2": "5", "p": "5"}},
                           {"id": "Q", "facts": {"t1": "3", "t2": "3", "p": "10"}}]}
    found = _run(runner, tmp_path, rubric, data)
    # a: P tech 1, price 1/2 (total 80); Q tech 3/5, price 1 (total 76): P leads.
    # Tech (w = 3/5): R = a_price, S_P = 1/2 + t/2, S_Q = 1 − 2t/5; P ≥ Q ⇔ 9t/10 ≥ 1/2 ⇔ t ≥ 5/9.
    assert found["leader"] == "P"
    tech, price = found["weights"]
    assert tech["first"] == {"low": 55.56, "high": 100.0, "low_exact": "500/9", "high_exact": "100",
                             "below": "Q", "above": None}
    assert tech["ranking"]["below"] == [["P", "Q"]]
    # Price (w = 2/5): R = a_tech, S_P = 1 − t/2, S_Q = 3/5 + 2t/5; P ≥ Q ⇔ 2/5 ≥ 9t/10 ⇔ t ≤ 4/9.
    assert price["first"]["high_exact"] == "400/9" and price["first"]["high"] == 44.44
    assert price["first"]["above"] == "Q" and price["weight"] == 40.0


def test_points(runner: Any, tmp_path: Path) -> None:
    rubric = {"id": "pts", "title": "pts",
              "criteria": [_direct("a", "60", "points", "60"), _direct("b", "40", "points", "40")]}
    data = {"candidates": [{"id": "U", "facts": {"a": "60", "b": "10"}},
                           {"id": "V", "facts": {"a": "36", "b": "40"}}]}
    found = _run(runner, tmp_path, rubric, data)
    # Weights 60/100 and 40/100; a: U (1, 1/4) total 70, V (3/5, 1) total 76: V leads.
    # a (w = 3/5): S_U = 1/4 + 3t/4, S_V = 1 − 2t/5; V ≥ U ⇔ 3/4 ≥ 23t/20 ⇔ t ≤ 15/23.
    # b (w = 2/5): S_U = 1 − 3t/4, S_V = 3/5 + 2t/5; V ≥ U ⇔ 23t/20 ≥ 2/5 ⇔ t ≥ 8/23.
    a, b = found["weights"]
    assert (a["weight"], a["first"]["high_exact"], a["first"]["high"], a["first"]["above"]) == (60.0, "1500/23", 65.22, "U")
    assert (b["first"]["low_exact"], b["first"]["low"], b["first"]["below"]) == ("800/23", 34.78, "U")


def test_one_weight_and_nobody(runner: Any, tmp_path: Path) -> None:
    rubric = {"id": "one", "title": "one", "criteria": [_direct("a", "100%")]}
    found = _run(runner, tmp_path, rubric, {"candidates": [{"id": "X", "facts": {"a": "5"}}]})
    assert found["leader"] == "X" and found["weights"] == []  # nothing to vary


def _weights_replaced(rubric: Any, k: int, u: Decimal) -> Any:
    """Criterion k's weight set to 1 − u·(1 − w_k), every other weight multiplied by u: they keep
    their proportions and the sum stays exactly 1."""
    criteria = list(rubric.sections[0].criteria)
    moved = Decimal(1) - u * (Decimal(1) - criteria[k].weight)
    new = [replace(c, weight=moved if i == k else c.weight * u) for i, c in enumerate(criteria)]
    return replace(rubric, sections=(replace(rubric.sections[0], criteria=tuple(new)),))


def _firsts(rubric: Any, data: Any) -> tuple[set[str], Decimal]:
    results = [r for r in evaluate(rubric, data).candidates if r.score is not None]
    best = max(r.score.total for r in results if r.score is not None)
    return {r.candidate.id for r in results if r.score is not None and r.score.total == best}, best


_EPSILON = Decimal("1e-9")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 18), st.integers(1, 18),
       st.lists(st.lists(st.integers(0, 100), min_size=3, max_size=3), min_size=2, max_size=4),
       st.integers(0, 2))
def test_leader_interval_property(first: int, second: int, facts: list[list[int]], k: int) -> None:
    assume(first + second < 20)
    weights = [Decimal(n) * Decimal("0.05") for n in (first, second, 20 - first - second)]  # 5% steps
    rubric = parse_rubric({"id": "p", "title": "p", "criteria": [
        _direct(f"c{i}", f"{w * 100}%") for i, w in enumerate(weights)]})
    data = parse_input({"candidates": [{"id": f"k{n}", "facts": {f"c{i}": str(v) for i, v in enumerate(row)}}
                                       for n, row in enumerate(facts)]}, rubric)
    evaluation = evaluate(rubric, data)
    model = build_model(evaluation)
    best = model.ids[leader(model) or 0]
    found = stability(model)[k].first
    w = Fraction(weights[k])

    def u_of(t: Fraction) -> Fraction:
        return (1 - t) / (1 - w)

    inside = (u_of(found.low) + u_of(found.high)) / 2
    u = Decimal(inside.numerator) / Decimal(inside.denominator)
    u = u.quantize(Decimal("1e-6"))
    if u_of(found.high) <= Fraction(u) <= u_of(found.low):
        assert best in _firsts(_weights_replaced(rubric, k, u), data)[0]
    assert best in _firsts(_weights_replaced(rubric, k, Decimal(1)), data)[0]  # at w itself
    assert (found.above is None) == (found.high == 1) and (found.below is None) == (found.low == 0)
    for t, step in ((found.high, _EPSILON), (found.low, -_EPSILON)):  # just inside each end
        edge = u_of(t)
        u = (Decimal(edge.numerator) / Decimal(edge.denominator)).quantize(_EPSILON) + 2 * step
        if u_of(found.high) <= Fraction(u) <= u_of(found.low):
            assert best in _firsts(_weights_replaced(rubric, k, u), data)[0]
    if found.above is not None:  # just above `high`: u just below u(high)
        edge = u_of(found.high)
        u = (Decimal(edge.numerator) / Decimal(edge.denominator)).quantize(_EPSILON) - _EPSILON
        assert found.above in _firsts(_weights_replaced(rubric, k, u), data)[0]
        assert best not in _firsts(_weights_replaced(rubric, k, u), data)[0]
    if found.below is not None:
        edge = u_of(found.low)
        u = (Decimal(edge.numerator) / Decimal(edge.denominator)).quantize(_EPSILON) + 2 * _EPSILON
        assert found.below in _firsts(_weights_replaced(rubric, k, u), data)[0]
        assert best not in _firsts(_weights_replaced(rubric, k, u), data)[0]
