"""`tie-break` entries `{fact: NAME, order: lowest-first|highest-first}` (rubric-format.md,
"Gates, ranking, grades"): the fact compared as given, beside section and criterion ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scoring import evaluate, load_rubric, parse_input, parse_rubric
from scoring.model.errors import InputError, RubricError

# One criterion read from the fact `quality`: 5 or more earns all 100 points, less earns 0.
RUBRIC: dict[str, Any] = {
    "id": "t", "title": "T", "total": 100,
    "criteria": [{"id": "quality", "title": "Q", "points": 100, "value": "quality",
                  "scale": {"bands": [{"min": 5, "points": "100%"}, {"points": 0}]}}],
}


def _ranks(order: str, prices: dict[str, str | None]) -> list[tuple[str, int | None]]:
    """(id, rank) in ranking order, for candidates a (quality 9), b (7) and c (1) giving `prices`."""
    rubric = parse_rubric({**RUBRIC, "tie-break": [{"fact": "bid_price", "order": order}]})
    quality = {"a": "9", "b": "7", "c": "1"}
    cands = [{"id": i, "name": i.upper(), "facts": {"quality": q, **({"bid_price": prices[i]} if prices[i] else {})}}
             for i, q in quality.items()]
    results = evaluate(rubric, parse_input({"candidates": cands}, rubric)).candidates
    return [(r.candidate.id, r.rank) for r in results]


def test_equal_totals_ranked_by_the_lower_bid_price() -> None:
    # a and b both reach quality 5, so both total 100; c totals 0. lowest-first: b's 480,000
    # is below a's 500,000, so b ranks 1, a 2; c 3 by its total, its price 400,000 notwithstanding.
    ranks = _ranks("lowest-first", {"a": "500,000", "b": "480000", "c": "400000"})
    assert ranks == [("b", 1), ("a", 2), ("c", 3)]


def test_equal_totals_ranked_by_the_higher_fact() -> None:
    # The same totals; highest-first puts a's 500,000 above b's 480,000.
    ranks = _ranks("highest-first", {"a": "500,000", "b": "480000", "c": "400000"})
    assert ranks == [("a", 1), ("b", 2), ("c", 3)]


@pytest.mark.parametrize("order", ["lowest-first", "highest-first"])
def test_a_candidate_lacking_the_fact_ranks_after_one_that_has_it(order: str) -> None:
    # a and b tie on 100; a gives no bid_price, so b ranks first whichever the order.
    assert _ranks(order, {"a": None, "b": "480000", "c": "1"}) == [("b", 1), ("a", 2), ("c", 3)]


def test_candidates_lacking_the_fact_stay_tied() -> None:
    # Neither a nor b gives it: they share rank 1 (id order within), c is 3rd.
    assert _ranks("lowest-first", {"a": None, "b": None, "c": "1"}) == [("a", 1), ("b", 1), ("c", 3)]


def test_a_fact_that_is_not_a_number_is_a_located_problem() -> None:
    rubric = parse_rubric({**RUBRIC, "tie-break": [{"fact": "bid_price", "order": "lowest-first"}]})
    data = parse_input({"candidates": [{"id": "a", "name": "A", "facts": {"quality": "9", "bid_price": "cheap"}}]},
                       rubric)
    with pytest.raises(InputError) as caught:
        evaluate(rubric, data)
    assert [p.message for p in caught.value.problems] == [
        "candidates[0].facts.bid_price: fact 'bid_price' is 'cheap', expected a number (it breaks ties)"]


def test_a_bad_order_word_is_a_located_error(tmp_path: Path) -> None:
    file = tmp_path / "r.yaml"
    file.write_text("title: T\ncriteria:\n  - {id: q, title: Q, points: 100, scale: {direct: {min: 0, max: 100}}}\n"
                    "tie-break: [q, {fact: bid_price, order: cheapest}]\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(file)
    # Line 4; `cheapest` starts at column 41: "tie-break: [q, {fact: bid_price, order: " is 40 characters.
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:4:41: tie-break[1].order: expected one of lowest-first, highest-first, got 'cheapest'"]


def test_a_tie_fact_mapping_needs_both_keys() -> None:
    with pytest.raises(RubricError) as caught:
        parse_rubric({**RUBRIC, "tie-break": [{"fact": "bid_price"}]})
    assert [p.message for p in caught.value.problems] == ["tie-break[0]: missing key 'order'"]
