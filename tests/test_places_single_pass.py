"""Places recorded in the loader's one pass are exactly those `yaml_places` finds reading again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ROOT, RUBRICS

from scoring.load import places as places_module
from scoring.load.inputs import load_input
from scoring.load.places import PLACES_BYTES, yaml_places
from scoring.load.rubric import load_rubric
from scoring.load.yamlfile import YamlSyntaxError, parse_yaml
from scoring.model.errors import InputError, RubricError

HOSTILE = ROOT / "tests" / "hostile"
FILES = sorted(
    p for folder in (RUBRICS, DATA, HOSTILE) for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")
)

# The corner cases of the rules, whether or not a file above has them: a scalar at its value,
# a collection or an empty value at its key, list items where they start, merge keys skipped,
# aliases, flow style, a collection as a key, and empty values in lists and at the top.
PIECES = {
    "merge": b"base: &b {x: 1, y: ~}\nuse:\n  <<: *b\n  y: 2\nlist: [&s 1, *s, ~, '', {}]\n",
    "flow": b"a: {b: [1, {c: }], d: null}\ne: [[], [[3]]]\nf:\n",
    "complex key": b"? [k1, k2]\n: v\nz: {? {m: 1} : n, o: p}\n",
    "block": b"s:\n  - id: x\n    text: |\n      two\n      lines\n  -\n  - - 1\n    - 2\n",
    "top list": b"- 1\n- a: ~\n  b:\n",
    "top scalar": b"just text\n",
}


def _single_pass(source: bytes, name: str) -> tuple[object, ...] | None:
    """The places `parse_yaml` records as it reads, or None when the safe reader refuses the file."""
    try:
        return parse_yaml(source, name, places=True).places
    except YamlSyntaxError:
        return None


READABLE = [f for f in FILES if _single_pass(f.read_bytes(), str(f)) is not None]
"""The files the safe reader reads: one it refuses has no tree, so nothing keeps its places."""


@pytest.mark.parametrize("file", READABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_and_test_file_is_placed_alike(file: Path) -> None:
    source = file.read_bytes()
    name = str(file)
    recorded = _single_pass(source, name)
    if len(source) >= PLACES_BYTES:
        assert recorded is None
        return
    assert recorded == yaml_places(source, name)


def test_the_corpus_is_read() -> None:
    # The parity above must compare real files: rubrics/ alone holds more than ten YAML files,
    # and nearly all of the corpus is readable.
    assert len(FILES) > 40
    assert len(READABLE) > len(FILES) * 3 // 4


@pytest.mark.parametrize("piece", PIECES)
def test_corner_cases_are_placed_alike(piece: str) -> None:
    source = PIECES[piece]
    recorded = _single_pass(source, "t.yaml")
    assert recorded is not None and recorded  # every piece is readable and has nodes
    assert recorded == yaml_places(source, "t.yaml")


def test_merge_keys_empty_values_and_lists_take_the_rules_places() -> None:
    # By the rules: `base` (a mapping) at its key 1:1; `base.x` (a scalar) at its value 1:14;
    # `base.y` (empty) at its key 1:17; `use` at 2:1; `<<` skipped; `use.y` at its value 4:6;
    # `list` at 5:1; list items where they start (`list: [` is 7 characters): `&s 1` at 5:8,
    # `*s` 5:14, `~` 5:18, `''` 5:21, `{}` 5:25.
    found = {path: (line, column) for path, _, line, column, _ in _single_pass(PIECES["merge"], "t.yaml") or ()}
    assert found == {
        (): (1, 1), ("base",): (1, 1), ("base", "x"): (1, 14), ("base", "y"): (1, 17),
        ("use",): (2, 1), ("use", "y"): (4, 6),
        ("list",): (5, 1), ("list", 0): (5, 8), ("list", 1): (5, 14), ("list", 2): (5, 18),
        ("list", 3): (5, 21), ("list", 4): (5, 25),
    }


def test_a_large_file_records_no_places() -> None:
    source = b"a: 1\n" + b"#" * PLACES_BYTES + b"\n"
    assert parse_yaml(source, "big.yaml", places=True).places is None
    assert parse_yaml(b"a: 1\n", "t.yaml").places is None  # not asked


def _no_second_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed a second time")

    monkeypatch.setattr(places_module, "yaml_places", refuse)


def test_loaders_place_problems_from_their_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_second_pass(monkeypatch)
    rubric = tmp_path / "r.yaml"
    # `decimal` is at line 2, column 1: an unknown key is placed at its key (the mapping rule
    # gives a scalar's value, but the problem's path `decimal` names the key's own value 2:10).
    rubric.write_text("id: r\ndecimal: 2\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(rubric)
    assert any(str(p).startswith(f"{rubric}:2:10: decimal: unknown key 'decimal'") for p in caught.value.problems)
    data = tmp_path / "i.yaml"
    # `candidats` is at line 1; its value (a list) is placed at its key, 1:1.
    data.write_text("candidats: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught_input:
        load_input(data)
    assert any(str(p).startswith(f"{data}:1:1: ") for p in caught_input.value.problems)


def test_loaded_models_keep_the_one_pass_places(monkeypatch: pytest.MonkeyPatch) -> None:
    file = RUBRICS / "crm-vendor-selection.yaml"
    expected = yaml_places(file.read_bytes(), str(file))
    _no_second_pass(monkeypatch)
    assert load_rubric(file).places == expected


def test_a_collection_as_a_key_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text("id: r\n? [k1, k2]\n: {deep: [1]}\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(rubric)
    # The key has no text, so neither it nor its value is placed: its problem takes the place
    # of the mapping it is in, the document at 1:1.
    assert f"{rubric}:1:1: ['k1', 'k2']: unknown key \"['k1', 'k2']\"" in [
        str(p).split(";")[0] for p in caught.value.problems
    ]
