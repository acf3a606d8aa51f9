"""Every rubric key is declared once (api.md §4): the bundled rubrics use only declared keys, an
undeclared key is rejected with a suggestion, and the declared required keys are the ones the
validator asks for."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import RUBRICS

from scoring import RubricError, parse_rubric
from scoring.load.keys import TABLES, Table
from scoring.load.yamlfile import load_yaml

# A small rubric holding one of every declared mapping: evaluators, gate, fact, metric, review,
# grade, section, criterion, each scale kind with fixed keys (levels' level, direct, bands' band, rank)
# and a tie-break fact.
MINIMAL: dict[str, Any] = {
    "id": "r",
    "title": "R",
    "evaluators": {"method": "mean"},
    "gates": [{"id": "g", "title": "G"}],
    "facts": {"sales": {"title": "Sales"}},
    "metrics": {"ratio": {"formula": "sales / 2"}},
    "review": {"deviation": "30%"},
    "grades": [{"min": 50, "label": "pass", "at-most": "50%"}, {"min": 0, "label": "fail"}],
    "scales": {"yes": {"levels": {"full": {"points": "100%"}, "none": {"points": 0}}}},
    "sections": [
        {"id": "s", "title": "S", "criteria": [
            {"id": "a", "title": "A", "points": 40, "scale": "yes"},
            {"id": "b", "title": "B", "points": 20, "scale": {"direct": {"min": 0, "max": 5}}},
            {"id": "c", "title": "C", "points": 20, "scale": {"bands": [{"min": 9, "points": "100%"}, {"points": 0}]}},
            {"id": "d", "title": "D", "points": 20, "scale": {"rank": {"first": 20, "middle": 10, "last": 0}}},
        ]},
    ],
    "adjustments": [{"id": "sme", "when": "sme", "price": "d", "deduct": "10%"}],
    "tie-break": [{"fact": "sales", "order": "lowest-first"}],
}
# Where one mapping of each table stands in MINIMAL.
PLACES: dict[str, tuple[str | int, ...]] = {
    "rubric": (),
    "evaluators": ("evaluators",),
    "gate": ("gates", 0),
    "fact": ("facts", "sales"),
    "metric": ("metrics", "ratio"),
    "review": ("review",),
    "grade": ("grades", 0),
    "section": ("sections", 0),
    "criterion": ("sections", 0, "criteria", 0),
    "scale": ("sections", 0, "criteria", 1, "scale"),
    "level": ("scales", "yes", "levels", "full"),
    "direct": ("sections", 0, "criteria", 1, "scale", "direct"),
    "band": ("sections", 0, "criteria", 2, "scale", "bands", 0),
    "rank": ("sections", 0, "criteria", 3, "scale", "rank"),
    "adjustment": ("adjustments", 0),
    "tie-fact": ("tie-break", 0),
}


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _where(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".")


def _messages(data: dict[str, Any]) -> list[str]:
    with pytest.raises(RubricError) as caught:
        parse_rubric(data)
    return [p.message for p in caught.value.problems]


def test_minimal_rubric_is_valid_and_holds_every_table() -> None:
    rubric = parse_rubric(MINIMAL)
    assert [c.id for c in rubric.sections[0].criteria] == ["a", "b", "c", "d"]
    assert set(PLACES) == set(TABLES)  # every declared table is exercised below


def _used_keys(table: Table, node: Any, where: str, out: list[tuple[str, str, str]]) -> None:
    """Collect (place, table, key) for every key written in `node`, read as a mapping of `table`."""
    if not isinstance(node, dict):
        return  # a named scale's name, or a value of another shape
    for name, value in node.items():
        out.append((f"{where}.{name}", table.name, name))
        if name not in table.allowed:
            continue
        key = table.key(name)
        inner = TABLES.get(key.of)
        if inner is None:
            continue
        if key.kind == "mapping":
            _used_keys(inner, value, f"{where}.{name}", out)
        elif key.kind == "named" and isinstance(value, dict):
            for sub, item in value.items():
                _used_keys(inner, item, f"{where}.{name}.{sub}", out)
        elif key.kind == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                _used_keys(inner, item, f"{where}.{name}[{i}]", out)


@pytest.mark.parametrize("path", sorted(Path(RUBRICS).glob("*.yaml")), ids=lambda p: p.name)
def test_every_key_a_bundled_rubric_uses_is_declared_with_a_description(path: Path) -> None:
    used: list[tuple[str, str, str]] = []
    _used_keys(TABLES["rubric"], load_yaml(path).data, path.stem, used)
    assert len(used) > 20  # the walk reached into sections, criteria and scales
    assert {t for _, t, _ in used} >= {"rubric", "criterion", "scale"}
    undeclared = [place for place, table, key in used if key not in TABLES[table].allowed]
    assert undeclared == []
    for _, table, key in used:
        assert TABLES[table].key(key).description.strip()


def test_every_declaration_has_a_description_and_a_consistent_shape() -> None:
    for table in TABLES.values():
        assert table.description.strip()
        assert len(set(table.allowed)) == len(table.keys)  # no key declared twice
        for key in table.keys:
            assert key.description.strip(), (table.name, key.name)
            assert (key.kind == "choice") == bool(key.options), (table.name, key.name)
            assert not (key.required and key.default is not None), (table.name, key.name)
            if key.kind in ("mapping",):
                assert key.of in TABLES, (table.name, key.name)


@pytest.mark.parametrize(("table", "key", "typo", "suggestion"), [
    ("rubric", "title", "titel", "title"),
    ("evaluators", "trim", "trimm", "trim"),
    ("gate", "check", "chek", "check"),
    ("fact", "unit", "unt", "unit"),
    ("metric", "formula", "formla", "formula"),
    ("review", "deviation", "deviaton", "deviation"),
    ("grade", "label", "lable", "label"),
    ("section", "weight", "wieght", "weight"),
    ("criterion", "scale", "scael", "scale"),
    ("scale", "direct", "drect", "direct"),
    ("level", "label", "labl", "label"),
    ("direct", "max", "maxx", "max"),
    ("band", "points", "piont", "points"),
    ("rank", "order", "ordr", "order"),
    ("adjustment", "deduct", "dedcut", "deduct"),
])
def test_an_undeclared_key_is_rejected_with_did_you_mean(table: str, key: str, typo: str, suggestion: str) -> None:
    data = copy.deepcopy(MINIMAL)
    _at(data, PLACES[table])[typo] = "x"
    place = _where((*PLACES[table], typo))
    assert f"{place}: unknown key '{typo}', did you mean '{suggestion}'?" in _messages(data)


REQUIRED = [(t.name, k) for t in TABLES.values() for k in t.required]


def test_the_declared_required_keys_are_the_expected_ones() -> None:
    # Written out from rubric-format.md, so a declaration dropped or added by mistake shows here.
    assert sorted(REQUIRED) == sorted([
        ("rubric", "title"), ("metric", "formula"), ("gate", "id"), ("gate", "title"), ("grade", "min"), ("grade", "label"),
        ("section", "id"), ("section", "title"), ("section", "criteria"),
        ("criterion", "id"), ("criterion", "title"), ("criterion", "scale"),
        ("level", "points"), ("direct", "min"), ("direct", "max"), ("band", "points"),
        ("rank", "first"), ("rank", "middle"), ("rank", "last"),
        ("adjustment", "id"), ("adjustment", "when"), ("adjustment", "price"), ("adjustment", "deduct"),
        ("tie-fact", "fact"), ("tie-fact", "order"),
    ])


@pytest.mark.parametrize(("table", "key"), REQUIRED)
def test_a_missing_required_key_is_the_missing_key_problem(table: str, key: str) -> None:
    data = copy.deepcopy(MINIMAL)
    del _at(data, PLACES[table])[key]
    where = _where(PLACES[table])
    expected = f"{where}: missing key '{key}'" if where else f"missing key '{key}'"
    assert expected in _messages(data)


@pytest.mark.parametrize(("table", "key"), [
    (t.name, k.name) for t in TABLES.values() for k in t.keys if not k.required and k.kind in ("text", "id", "note")
    and t.name in ("rubric", "section", "criterion", "gate")
])
def test_an_optional_key_may_be_left_out(table: str, key: str) -> None:
    data = copy.deepcopy(MINIMAL)
    _at(data, PLACES[table]).pop(key, None)
    parse_rubric(data)  # no problem


@pytest.mark.parametrize(("table", "key"), [
    (t.name, k.name) for t in TABLES.values() for k in t.keys if k.default is not None
])
def test_writing_a_default_out_changes_nothing(table: str, key: str) -> None:
    data = copy.deepcopy(MINIMAL)
    place = _at(data, PLACES[table])
    place.pop(key, None)
    implied = replace(parse_rubric(data), sha256="")  # the digest is of the data as written
    place[key] = TABLES[table].key(key).default
    assert replace(parse_rubric(data), sha256="") == implied
