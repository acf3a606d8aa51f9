"""Loading YAML as text trees: scalars stay text, and the fast path reads exactly what the full one does."""

from __future__ import annotations

import pytest
import yaml

from scoring.load import fastyaml, yamlfile
from scoring.load.places import yaml_places
from scoring.load.yamlfile import YamlSyntaxError, parse_yaml

TRICKY = """\
# Every scalar stays text; the schema of each field decides what it means.
levels: {yes: 1, no: 0, on: 2, off: 3, true: 4, Null: x}
numbers: [0.10, 010, 1_000, -3, +2.5, 1e3, .5, "40%", 40%]
empty: [~, null, "", '~']
text: |
  two
  lines
anchor: &a {k: 1}
alias: *a
names: {甲公司: 380000, "quoted key": 'single'}
dates: 2024-01-02
"""


def test_scalars_load_as_text() -> None:
    data = parse_yaml(TRICKY.encode(), "t.yaml").data
    assert data["levels"] == {"yes": "1", "no": "0", "on": "2", "off": "3", "true": "4", "Null": "x"}
    assert data["numbers"] == ["0.10", "010", "1_000", "-3", "+2.5", "1e3", ".5", "40%", "40%"]
    assert data["alias"] == {"k": "1"}
    assert data["dates"] == "2024-01-02"
    assert data["empty"] == ["", "", "", "~"]


def test_fast_path_reads_the_same_data(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ryml")
    # TRICKY holds anchors, `~`, `Null`, `.5` and a block scalar, which the fast path
    # cannot prove it reads alike: it declines, and the file reads the same either way.
    assert fastyaml.fast_parse(TRICKY.encode()) is None
    safe = parse_yaml(TRICKY.encode(), "t.yaml").data
    monkeypatch.setattr(yamlfile, "FAST_PATH_BYTES", 0)
    assert parse_yaml(TRICKY.encode(), "t.yaml").data == safe
    # Without those, the fast path takes the file and agrees to the letter.
    source = (
        "levels: {yes: 1, no: 0, on: 2, off: 3, true: 4}\n"
        "numbers: [0.10, 010, 1_000, -3, 1e3, \"40%\", 40%]\n"
        "empty: [null, \"\", 'x']\n"
        "names: {甲公司: 380000, \"quoted key\": 'single'}\n"
        "dates: 2024-01-02\n"
    ).encode()
    fast = fastyaml.fast_parse(source)
    assert fast is not None
    assert fast == yamlfile._build(yaml.parse(source), "t.yaml")


def test_what_the_fast_path_cannot_carry_goes_to_the_full_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ryml")
    assert fastyaml.fast_parse(b"a: +2.5\n") is None  # not a JSON number
    assert fastyaml.fast_parse(b"base: &b {x: 1}\nc: {<<: *b, y: 2}\n") is None  # merge key
    monkeypatch.setattr(yamlfile, "FAST_PATH_BYTES", 0)
    assert parse_yaml(b"a: +2.5\n", "t.yaml").data == {"a": "+2.5"}


def test_fast_path_defers_duplicates_to_the_full_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "FAST_PATH_BYTES", 0)
    with pytest.raises(YamlSyntaxError) as err:
        parse_yaml(b"a: 1\nb: 2\na: 3\n", "d.yaml")
    assert str(err.value.problem) == "d.yaml:3:1: a: key 'a' appears twice"


def test_python_tags_construct_nothing() -> None:
    data = parse_yaml(b"x: !!python/object/apply:os.system ['echo hi']\n", "t.yaml").data
    assert data == {"x": ["echo hi"]}


def test_places_find_keys_and_values() -> None:
    places = {path: (line, column) for path, _, line, column, _ in yaml_places(b"a:\n  b: [1, {c: 2}]\n", "t.yaml")}
    # Line 2 is `  b: [1, {c: 2}]`: the scalar 2 is its 14th character, the key b its 3rd.
    assert places[("a", "b", 1, "c")] == (2, 14)  # a scalar stands at its value
    assert places[("a", "b")] == (2, 3)  # a collection stands at its key
