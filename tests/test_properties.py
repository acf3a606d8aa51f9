"""Properties that must hold for any data, not just the examples."""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, RUBRICS
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import RubricError, evaluate, load_input, load_rubric
from scoring.load.yamlfile import load_yaml
from scoring.model.results import Evaluation

to_dict = Evaluation.to_dict

VENDOR = load_rubric(RUBRICS / "crm-vendor-selection.yaml")
LEVEL_ORDER = {"none": 0, "partial": 1, "full": 2, "no": 0, "yes": 1}
# Our own loader keeps every scalar as text, so yes/no survive the round trip below.
BIDS = load_yaml(EXAMPLES / "crm-vendor-bids.yaml").data


def score(data: dict, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return evaluate(VENDOR, load_input(path, VENDOR))


@settings(max_examples=25, deadline=None)
@given(candidate=st.integers(0, 2), evaluator=st.integers(0, 4), criterion=st.integers(0, 11))
def test_raising_one_score_never_lowers_a_total(tmp_path_factory: pytest.TempPathFactory,
                                                candidate: int, evaluator: int, criterion: int) -> None:
    tmp = tmp_path_factory.mktemp("raise")
    data = copy.deepcopy(BIDS)
    scores = data["candidates"][candidate]["scores"][f"e{evaluator + 1}"]
    key = list(scores)[criterion]
    before = {r.candidate.id: r.total for r in score(data, tmp).candidates}
    current = scores[key]
    options = ["none", "partial", "full"] if current in ("none", "partial", "full") else ["no", "yes"]
    higher = options[min(LEVEL_ORDER[current] + 1, len(options) - 1)]
    scores[key] = higher
    after = {r.candidate.id: r.total for r in score(data, tmp).candidates}
    cid = data["candidates"][candidate]["id"]
    assert after[cid] >= before[cid]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_input_order_never_changes_any_result(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    tmp = tmp_path_factory.mktemp("order")
    data = copy.deepcopy(BIDS)
    baseline = to_dict(score(data, tmp))
    random.Random(seed).shuffle(data["candidates"])
    assert to_dict(score(data, tmp)) == baseline


@settings(max_examples=40, deadline=None)
@given(weights=st.lists(st.integers(1, 100), min_size=1, max_size=6))
def test_weights_not_summing_to_100_are_always_rejected(tmp_path_factory: pytest.TempPathFactory,
                                                       weights: list[int]) -> None:
    tmp = tmp_path_factory.mktemp("weights")
    criteria = "".join(
        f"  - {{id: c{i}, title: C{i}, weight: \"{w}%\", scale: {{direct: {{min: 0, max: 5}}}}}}\n"
        for i, w in enumerate(weights)
    )
    path = tmp / "r.yaml"
    path.write_text("title: T\ncriteria:\n" + criteria, encoding="utf-8")
    if sum(weights) == 100:
        loaded = load_rubric(path)
        assert loaded.share(loaded.criteria[0]) == Decimal(weights[0])
    else:
        with pytest.raises(RubricError) as err:
            load_rubric(path)
        assert f"criterion weights must sum to 100%, got {sum(weights)}%" in str(err.value)
