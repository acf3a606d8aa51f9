"""The fast reader parses a large file a piece at a time, and reads exactly what the safe one does."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from scoring.load import fastyaml, yamlfile
from scoring.load.yamlfile import YamlSyntaxError, parse_yaml

# Three top-level keys; the list under `candidates` is long enough (with a 64-byte piece) to be
# cut into several runs of entries. Comments, nested lists at a deeper indent and a flow
# mapping spanning lines all sit inside runs.
SOURCE = b"""\
# an input
evaluators:
  e0: {name: Evaluator 0}
candidates:
  # the first
  - id: a
    facts: {price: 100, months: 2}
    evaluators:
    - e0
  - id: b
    facts: {price: 200,
      months: 3}
  - id: c
    scores:
      e0: {c0: full, c1: 5}
  - id: d
    name: Dee
title: Round 1
"""


def _pieces(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Record every piece handed to rapidyaml, with pieces of 64 bytes."""
    seen: list[bytes] = []
    real = fastyaml._parse_piece

    def spy(ryml: Any, piece: bytes, share: Any) -> Any:
        seen.append(piece)
        return real(ryml, piece, share)

    monkeypatch.setattr(fastyaml, "_PIECE_BYTES", 64)
    monkeypatch.setattr(fastyaml, "_parse_piece", spy)
    return seen


def test_a_long_list_is_parsed_in_runs_and_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ryml")
    seen = _pieces(monkeypatch)
    fast = fastyaml.fast_parse(SOURCE)
    assert fast == yamlfile._build(yaml.parse(SOURCE), "t.yaml")
    # Pieces: the evaluators section (with the comment before it), the `candidates:` key line
    # with its comment, runs of whole entries (each cut at the first `  - ` line 64 bytes or
    # more past its start), and the `title` section.
    assert seen[0].startswith(b"# an input\nevaluators:")
    assert seen[1] == b"candidates:\n  # the first\n"
    runs = seen[2:-1]
    assert len(runs) >= 2  # the list really was cut
    assert b"".join(runs) == SOURCE[SOURCE.index(b"  - id: a") : SOURCE.index(b"title:")]
    assert all(run.startswith(b"  - id: ") for run in runs[1:])
    assert seen[-1] == b"title: Round 1\n"


def test_a_key_given_twice_across_sections_goes_to_the_safe_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ryml")
    _pieces(monkeypatch)
    twice = SOURCE + b"evaluators: {}\n"
    assert fastyaml.fast_parse(twice) is None
    monkeypatch.setattr(yamlfile, "FAST_PATH_BYTES", 0)
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(twice, "t.yaml")
    # SOURCE has 18 lines, so line 19 holds the second `evaluators`, at column 1.
    assert str(caught.value) == "t.yaml:19:1: evaluators: key 'evaluators' appears twice"


def test_a_flow_list_across_a_cut_goes_to_the_safe_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ryml")
    seen = _pieces(monkeypatch)
    # The flow list opened under `a` runs past a `  - ` line: its brackets do not balance in
    # any run, so the list is not cut there; the file is no YAML and the safe reader says so.
    source = b"x: 1\nitems:\n  - a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n  - 17]\n  - b\n"
    assert fastyaml.fast_parse(source) is None
    assert all(not piece.endswith(b"16,\n") for piece in seen)
    monkeypatch.setattr(yamlfile, "FAST_PATH_BYTES", 0)
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(source, "t.yaml")
    # libyaml stops at the `-` of line 4, column 3, inside the flow list.
    assert str(caught.value).startswith("t.yaml:4:3: invalid YAML: ")
