"""The public API of api.md §1: rubrics and inputs from plain data, key-path problems, places."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, EXAMPLES, RUBRICS, D

import scoring
from scoring import InputError, RubricError, evaluate, load_input, load_rubric, locate, parse_input, parse_rubric
from scoring.cli import cli
from scoring.load.yamlfile import load_yaml
from scoring.model.errors import Problem

SPEC_RUBRIC: dict[str, Any] = {
    "id": "crm-vendor-selection",
    "title": "CRM系统选型评分标准",
    "subject": "vendor",
    "locale": "zh",
    "total": 100,
    "decimals": 2,
    "evaluators": {"method": "trimmed-mean", "trim": 1},
    "gates": [{"id": "delivery", "title": "实施周期", "check": "implementation_months <= 3"}],
    "scales": {"compliance": {"levels": {
        "full": {"points": "100%", "label": "满足"},
        "partial": {"points": 3, "label": "部分满足"},
        "none": {"points": 0, "label": "不满足"},
    }}},
    "sections": [
        {"id": "tech", "title": "技术部分", "weight": "60%", "criteria": [
            {"id": "multi-org", "title": "多层级", "points": 5, "scale": "compliance"},
            {"id": "solution", "title": "方案", "points": 5, "scale": {"direct": {"min": 0, "max": 5}}},
        ]},
        {"id": "price", "title": "价格因素", "weight": "40%", "criteria": [
            {"id": "license-fee", "title": "许可费", "points": 5,
             "scale": {"rank": {"order": "lowest-first", "first": 5, "middle": 4, "last": 3}}},
        ]},
    ],
    "grades": [{"min": 90, "label": "优秀"}, {"min": 75, "label": "良好"}, {"min": 0, "label": "不合格"}],
    "tie-break": ["price", "tech"],
}

SPEC_INPUT: dict[str, Any] = {
    "evaluators": {"wang": {"role": "superior"}, "li": {"role": "peer"}},
    "candidates": [{
        "id": "vendor-a", "name": "甲公司",
        "facts": {"license-fee": 380000, "implementation_months": 3},
        "scores": {"wang": {"multi-org": "full", "solution": 4.5}, "li": {"multi-org": "partial", "solution": 4}},
    }],
}


def totals(rubric: scoring.Rubric, data: scoring.Input) -> list[tuple[str, Any, Any]]:
    return [(r.candidate.id, r.total, r.reported_total) for r in evaluate(rubric, data).candidates]


def messages(problems: tuple[Problem, ...]) -> list[str]:
    return [str(p) for p in problems]


def test_a_rubric_and_input_from_dicts_score_like_their_yaml_twins() -> None:
    rubric = parse_rubric(SPEC_RUBRIC)
    data = parse_input(SPEC_INPUT, rubric)
    (vendor,) = evaluate(rubric, data).candidates
    # multi-org: full = 5, partial = 3; two scores under trim 1 fall back to the mean: 4
    # solution: direct 0-5, 4.5 and 4 of 5 points; mean 4.25
    # tech: (4 + 4.25) / 10 × 60% × 100 = 49.5; price: the only bid ranks first: 5/5 × 40% × 100 = 40
    assert vendor.total == D("89.5")  # 49.5 + 40
    assert vendor.grade == "良好"  # 89.5 reaches 75, not 90
    yaml_rubric = load_rubric(DATA / "spec" / "rubric.yaml")
    yaml_data = load_input(DATA / "spec" / "input.yaml", yaml_rubric)
    assert totals(rubric, data) == totals(yaml_rubric, yaml_data)
    assert rubric.places == () and data.places == ()


def test_the_bundled_example_from_its_text_tree_scores_like_the_file() -> None:
    rubric_file, input_file = RUBRICS / "crm-vendor-selection.yaml", EXAMPLES / "crm-vendor-bids.yaml"
    loaded = load_rubric(rubric_file)
    read = load_input(input_file, loaded)
    parsed = parse_rubric(load_yaml(rubric_file).data, source=str(rubric_file))  # type: ignore[arg-type]
    data = parse_input(load_yaml(input_file).data, parsed, source=str(input_file))  # type: ignore[arg-type]
    assert parsed.sha256 != loaded.sha256  # the data's canonical JSON, not the file's bytes
    assert replace(parsed, sha256=loaded.sha256) == loaded  # places are compare=False
    assert totals(parsed, data) == totals(loaded, read)
    assert evaluate(parsed, data).candidates == evaluate(loaded, read).candidates


def bad(**changes: Any) -> dict[str, Any]:
    criteria = [{"id": "a", "title": "A", "weight": "60%", "scale": {"direct": {"min": 0, "max": 10}}},
                {"id": "b", "title": "B", "weight": "40%", "scale": {"direct": {"min": 0, "max": 10}}}]
    for key, value in changes.items():
        criteria[1][key] = value
    return {"title": "T", "sections": [{"id": "s", "title": "S", "weight": "100%", "criteria": criteria}]}


@pytest.mark.parametrize(("weight", "found"), [("high", "'high'"), (0.4, "'0.4'"), (True, "true")])
def test_a_bad_weight_in_a_dict_is_a_problem_at_its_key_path(weight: object, found: str) -> None:
    with pytest.raises(RubricError) as caught:
        parse_rubric(bad(weight=weight))
    assert messages(caught.value.problems) == [
        f'<data>: sections[0].criteria[1].weight: expected a percent like "30%", got {found}',
    ]
    assert caught.value.problems[0].path == ("sections", 0, "criteria", 1, "weight")


def test_a_float_weight_gets_the_message_a_yaml_weight_of_0_4_gets(tmp_path: Path) -> None:
    file = tmp_path / "r.yaml"
    file.write_text(
        "title: T\nsections:\n  - id: s\n    title: S\n    weight: 100%\n    criteria:\n"
        "      - {id: a, title: A, weight: 60%, scale: {direct: {min: 0, max: 10}}}\n"
        "      - {id: b, title: B, weight: 0.4, scale: {direct: {min: 0, max: 10}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as from_file:
        load_rubric(file)
    with pytest.raises(RubricError) as from_dict:
        parse_rubric(bad(weight=0.4), source=str(file))
    assert [p.message for p in from_file.value.problems] == [p.message for p in from_dict.value.problems]
    # the file's problem is placed at the value: line 8, after `      - {id: b, title: B, weight: `
    # (6 + 2 + 1 + 7 + 10 + 8 = 34 characters), so `0.4` starts at column 35
    assert messages(from_file.value.problems) == [
        f'{file}:8:35: sections[0].criteria[1].weight: expected a percent like "30%", got \'0.4\'',
    ]


def test_a_bool_where_a_number_is_expected_is_a_problem() -> None:
    data = {"candidates": [{"id": "a", "scores": {"wang": {"solution": True}}}]}
    with pytest.raises(InputError) as caught:
        parse_input(data)
    assert messages(caught.value.problems) == ["<data>: candidates[0].scores.wang.solution: expected a score, got true"]
    with pytest.raises(RubricError) as total:
        parse_rubric({**SPEC_RUBRIC, "total": True})
    assert [p.path for p in total.value.problems] == [("total",)]
    assert str(total.value.problems[0]).endswith(", got true")


def test_a_bool_is_a_yes_no_where_one_is_expected() -> None:
    criteria = SPEC_RUBRIC["sections"][0]["criteria"]
    objective = [{**criteria[0], "objective": True}, criteria[1]]
    rubric = parse_rubric({**SPEC_RUBRIC, "sections": [{**SPEC_RUBRIC["sections"][0], "criteria": objective},
                                                       SPEC_RUBRIC["sections"][1]]})
    assert rubric.sections[0].criteria[0].objective is True


@pytest.mark.parametrize("name", ["unknown-key", "weights-sum", "duplicate-ids", "unknown-names"])
def test_load_and_parse_of_the_text_tree_report_the_same_problems(name: str) -> None:
    file = DATA / "invalid" / f"{name}.yaml"
    with pytest.raises(RubricError) as loaded:
        load_rubric(file)
    with pytest.raises(RubricError) as parsed:
        parse_rubric(load_yaml(file).data, source=str(file))  # type: ignore[arg-type]
    by_path = sorted((p.path, p.message) for p in loaded.value.problems)  # type: ignore[type-var]
    assert by_path == sorted((p.path, p.message) for p in parsed.value.problems)  # type: ignore[type-var]
    assert all(p.line for p in loaded.value.problems)
    assert not any(p.line for p in parsed.value.problems)


def test_the_id_comes_from_the_source_name() -> None:
    body = {k: v for k, v in SPEC_RUBRIC.items() if k != "id"}
    assert parse_rubric(body).id == "data"  # `<data>`: the brackets are outside the id alphabet
    assert parse_rubric(body, source="招标 评分（２０２６）.yaml").id == "招标-评分2026"
    with pytest.raises(RubricError) as caught:
        parse_rubric(body, source="（）.json")
    assert [p.path for p in caught.value.problems] == [()]


def test_an_evaluate_problem_names_the_key_path_and_locate_places_it(tmp_path: Path) -> None:
    data = {"candidates": [{"id": "a", "facts": {"license-fee": 1, "implementation_months": 1},
                            "scores": {"wang": {"multi-org": "ful", "solution": 3}}}]}
    rubric = parse_rubric(SPEC_RUBRIC)
    with pytest.raises(InputError) as caught:
        evaluate(rubric, parse_input(data, rubric, source="web-form"))
    (problem,) = caught.value.problems
    assert str(problem).startswith("web-form: candidates[0].scores.wang.multi-org: ")
    assert locate(caught.value.problems, rubric) == caught.value.problems  # no places: unchanged


def test_the_cli_still_places_an_evaluate_problem_at_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "i.yaml"
    file.write_text("candidates:\n  - id: a\n    facts: {license-fee: 1, implementation_months: 1}\n"
                    "    scores:\n      wang: {multi-org: ful, solution: 3}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(DATA / "spec" / "rubric.yaml"), str(file)])
    assert result.exit_code == 1
    # `ful` is the value on line 5, at column 25
    assert f"{file}:5:25: candidates[0].scores.wang.multi-org: " in result.output


def test_a_pickled_rubric_evaluates_identically() -> None:
    rubric = load_rubric(RUBRICS / "crm-vendor-selection.yaml")
    data = load_input(EXAMPLES / "crm-vendor-bids.yaml", rubric)
    again = pickle.loads(pickle.dumps(rubric))
    assert again == rubric
    assert evaluate(again, pickle.loads(pickle.dumps(data))).candidates == evaluate(rubric, data).candidates


def test_problem_keeps_positional_construction_and_sorts_mixed_paths() -> None:
    a = Problem("f", 0, 0, "m", "", ("x", 1))
    b = Problem("f", 0, 0, "m", "", ("x", "y"))
    assert sorted([b, a]) == [a, b]
    assert str(Problem("f", 2, 3, "m")) == "f:2:3: m"


def test_import_and_parsing_import_no_heavy_module() -> None:
    code = (
        "import sys, scoring\n"
        "from tests_api_data import R, I\n"
        "r = scoring.parse_rubric(R); scoring.evaluate(r, scoring.parse_input(I, r))\n"
        "heavy = {'yaml', '_yaml', 'ryml', 'openpyxl', 'jinja2', 'weasyprint', 'click'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    helper = f"R = {SPEC_RUBRIC!r}\nI = {SPEC_INPUT!r}\n"
    folder = Path(__file__).parent / "data"
    env_path = f"{Path(scoring.__file__).parent.parent}"
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = [{env_path!r}]\n"
         f"import types; m = types.ModuleType('tests_api_data'); exec({helper!r}, m.__dict__); "
         f"sys.modules['tests_api_data'] = m\n{code}"],
        capture_output=True, text=True, check=True, cwd=folder,
    )
    assert out.stdout.strip() == "[]"
