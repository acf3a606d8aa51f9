"""Every kind of bad rubric or input gets its exact, located message: the message is the product."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

from scoring.pipeline import check_files

INVALID = DATA / "invalid"
INPUTS = DATA / "inputs"


def messages(rubric: Path, *inputs: Path) -> list[str]:
    """The problems as printed, with the data folder cut off the front."""
    return [str(p).replace(str(DATA) + "/", "") for p in check_files(rubric, inputs)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("yaml-syntax", [
            "invalid/yaml-syntax.yaml:5:1: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 4, column 12)",
        ]),
        ("unknown-key", [
            "invalid/unknown-key.yaml:2:10: decimal: unknown key 'decimal', did you mean 'decimals'?",
            "invalid/unknown-key.yaml:4:5: criteria[0]: missing 'weight' (a percent) or 'points' (a maximum)",
            "invalid/unknown-key.yaml:6:13: criteria[0].weigth: unknown key 'weigth', did you mean 'weight'?",
        ]),
        ("weights-sum", [
            "invalid/weights-sum.yaml:2:1: sections: section weights must sum to 100%, got 90%",
            "invalid/weights-sum.yaml:6:5: sections[0].criteria: criterion weights must sum to 100%, got 90%",
        ]),
        ("mixed-styles", [
            "invalid/mixed-styles.yaml:4:5: criteria[1]: criteria of the rubric must all use 'weight' or all "
            "use 'points'; 'b' uses points but 'a' uses weight",
            "invalid/mixed-styles.yaml:5:5: criteria[2]: expected either 'weight' or 'points', not both",
        ]),
        ("duplicate-ids", [
            # 5 + 5 + 5 = 15 points in sections without weights: shares of the rubric, but total is 100
            "invalid/duplicate-ids.yaml:2:1: sections: criterion points of all sections must sum to 'total' (100), "
            "got 15: without section weights points are shares of the whole rubric",
            "invalid/duplicate-ids.yaml:6:14: sections[0].criteria[0].id: duplicate id 'tech' "
            "(first used at sections[0].id)",
            "invalid/duplicate-ids.yaml:8:14: sections[0].criteria[2].id: duplicate id 'b' "
            "(first used at sections[0].criteria[1].id)",
        ]),
        ("unknown-names", [
            "invalid/unknown-names.yaml:3:15: metrics.attainment: invalid expression at character 16 of "
            "'sales / quota +': unexpected end of expression",
            "invalid/unknown-names.yaml:4:9: metrics.loop: metrics refer to each other in a cycle: loop → loop",
            # 5 + 5 = 10 points with the default total of 100
            "invalid/unknown-names.yaml:10:1: criteria: criterion points must sum to 'total' (100), got 10: "
            "without section weights points are shares of the whole rubric",
            "invalid/unknown-names.yaml:11:41: criteria[0].scale: unknown scale 'complience', did you mean 'compliance'?",
            # six scale kinds, none close to 'stars': more than five names are counted, not listed
            "invalid/unknown-names.yaml:12:49: criteria[1].scale.stars: unknown key 'stars'; "
            "none of the 6 defined names is close",
            "invalid/unknown-names.yaml:13:13: tie-break[0]: unknown section or criterion 'price'; expected one of a, b",
        ]),
        ("absolute-on-weight", [
            "invalid/absolute-on-weight.yaml:6:5: criteria[0].scale: level 'partial' gives absolute points (3), "
            "which only make sense for a criterion with 'points'; on a weighted criterion write a percent of "
            'its share, like "60%"',
        ]),
    ],
)
def test_invalid_rubric(name: str, expected: list[str]) -> None:
    assert messages(INVALID / f"{name}.yaml") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("level-outside", [
            "inputs/level-outside.yaml:7:24: candidates[0].scores.boss.attitude: 'maybe' is not one of yes, no",
            "inputs/level-outside.yaml:7:41: candidates[0].scores.boss.teamwork: expected a number from 1 to 5, got 6",
        ]),
        ("band-and-empty", [
            "inputs/band-and-empty.yaml:4:63: candidates[0].facts.rating: criterion 'rating': no band takes "
            "the value 4; bands: >= 9, >= 7, >= 5",
            "inputs/band-and-empty.yaml:8:7: candidates[0].scores.pal: evaluator 'pal' left criterion "
            "'teamwork' of candidate 'ann' empty (use --allow-missing to score without it)",
        ]),
        ("facts", [
            "inputs/facts.yaml:1:50: evaluators.pal.role: role 'visitor' has no weight in the rubric; "
            "expected one of superior, peer, self",
            "inputs/facts.yaml:4:50: candidates[0].facts.quota: criterion 'quota-attainment': candidate 'ann', "
            "metric 'attainment' (sales / quota): division by zero: quota is 0",
            "inputs/facts.yaml:9:5: candidates[1].facts: candidate 'bob' lacks fact 'months_in_post', "
            "needed by gate 'tenure' (months_in_post >= 3)",
            "inputs/facts.yaml:9:5: candidates[1].facts: candidate 'bob' lacks fact 'quota', needed by "
            "metric 'attainment' (sales / quota) for criterion 'quota-attainment'",
            "inputs/facts.yaml:13:9: candidates[2].id: candidate 'cat' has no answer for gate 'conduct' "
            "(No conduct warning this quarter); expected pass or fail under gates.conduct",
            "inputs/facts.yaml:17:7: candidates[2].scores.stranger: evaluator 'stranger' has no role; "
            "method 'weighted' needs one of superior, peer, self under evaluators.stranger.role",
        ]),
    ],
)
def test_invalid_input(name: str, expected: list[str]) -> None:
    assert messages(INPUTS / "rubric.yaml", INPUTS / f"{name}.yaml") == expected


def test_valid_files_have_no_problems() -> None:
    assert messages(INPUTS / "rubric.yaml", INPUTS / "valid.yaml") == []


def test_unknown_input_keys_suggest_the_right_one(tmp_path: Path) -> None:
    data = tmp_path / "typo.yaml"
    data.write_text(
        "candidates:\n  - id: a\n    fact: {sales: 1}\n    scores: {boss: {atitude: yes}}\n", encoding="utf-8"
    )
    got = [str(p).replace(str(tmp_path) + "/", "") for p in check_files(INPUTS / "rubric.yaml", [data])]
    assert got == [
        "typo.yaml:3:5: candidates[0].fact: unknown key 'fact', did you mean 'facts'?",
        "typo.yaml:4:30: candidates[0].scores.boss.atitude: unknown criterion 'atitude', did you mean 'attitude'?",
    ]


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    rubric = tmp_path / "dup.yaml"
    rubric.write_text("title: A\ntitle: B\ncriteria: []\n", encoding="utf-8")
    got = [str(p).replace(str(tmp_path) + "/", "") for p in check_files(rubric)]
    assert got == ["dup.yaml:2:1: title: key 'title' appears twice"]


def test_yes_and_no_stay_level_keys() -> None:
    from scoring import load_rubric

    rubric = load_rubric(INPUTS / "rubric.yaml")
    attitude = rubric.criteria[0]
    assert list(attitude.scale.levels) == ["yes", "no"]  # type: ignore[union-attr]
