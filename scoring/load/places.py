"""Provenance: plain data read as a text tree, key paths mapped to places, problems located.

`plain_tree` turns the plain Python data `parse_rubric` and `parse_input` take into the
text tree the validators read, as a YAML file would give it. `yaml_places` records where
each key path of a YAML file stands, and `locate` moves problems found by key path to
those places. Nothing here imports YAML until a YAML file's places are asked for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Union

from scoring.load.paths import stem as path_stem
from scoring.load.paths import suffix as path_suffix
from scoring.model.errors import PathKey, Place, Problem, format_path
from scoring.model.limits import MAX_YAML_DEPTH
from scoring.model.words import describe, is_id_character

if TYPE_CHECKING:
    from scoring.model.inputs import Input
    from scoring.model.rubric import Rubric

PLACES_BYTES = 1 << 20
"""A YAML file this large or larger keeps no places on its model (a place per node would
outgrow the file); its problems are placed by reading it again (`locate_files`)."""

PlainTree = Union[str, bool, list["PlainTree"], dict[str, "PlainTree"]]
"""A text tree as the validators read it; a `bool` only from plain data."""


def derived_id(source: str) -> str:
    """The id a rubric without `id` takes from its file name or source: the stem, NFKC-folded,
    spaces as `-`, every character outside the id alphabet dropped (`<data>` gives `data`)."""
    stem = path_stem(source) if source not in ("", ".") else ""
    folded = unicodedata.normalize("NFKC", stem).replace(" ", "-")
    return "".join(char for char in folded if is_id_character(char))


def data_sha256(data: Any) -> str:
    """SHA-256 of plain data's canonical JSON, as api.md defines it."""
    import hashlib
    import json  # only for data given in code; loading a file does not need it

    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(source: bytes) -> str:
    """SHA-256 of a file's bytes, hex."""
    import hashlib  # loads OpenSSL: only once a file is read

    return hashlib.sha256(source).hexdigest()


def plain_tree(data: Any, source: str, problems: list[Problem]) -> PlainTree:
    """Plain Python data as a text tree: `str` as written, `int`/`Decimal` as decimal text,
    `float` by its shortest round-trip text, `None` as empty, `bool` kept (only a yes/no
    takes it); a value of any other type, a non-text key or nesting beyond
    MAX_YAML_DEPTH is a problem, and reads as an empty value."""
    return _plain(data, (), source, problems)


def _plain(value: Any, path: tuple[PathKey, ...], source: str, problems: list[Problem]) -> PlainTree:
    if isinstance(value, (str, bool)):
        return value
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (Mapping, list, tuple)) and len(path) >= MAX_YAML_DEPTH:
        problems.append(_problem(source, path, f"nested deeper than {MAX_YAML_DEPTH} levels"))
        return ""
    if isinstance(value, Mapping):
        out: dict[str, PlainTree] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                found = describe(_plain(key, path, source, []))
                problems.append(_problem(source, path, f"expected text keys, got the key {found}"))
                continue
            out[key] = _plain(item, (*path, key), source, problems)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, (*path, i), source, problems) for i, item in enumerate(value)]
    problems.append(_problem(source, path, f"expected text, a number, a mapping or a list, got a {type(value).__name__}"))
    return ""


def _problem(source: str, path: tuple[PathKey, ...], message: str) -> Problem:
    where = format_path(path)
    return Problem(source, 0, 0, f"{where}: {message}" if where else message, path=path)


# -- locating -----------------------------------------------------------------------------


def locate(problems: Iterable[Problem], *models: Rubric | Input) -> tuple[Problem, ...]:
    """The problems in their order, each whose `path` has a recorded prefix in the models'
    provenance taking file, line, column and cell from the longest such prefix.

    A model's places apply to the problems that name one of its sources (a rubric's file,
    an input's files), whichever file or sheet each place itself names.
    """
    table: dict[tuple[str, tuple[PathKey, ...]], Place] = {}
    for model in models:
        for source in _sources(model):
            for place in model.places:
                table.setdefault((source, place[0]), place)
    return tuple(_located(problem, table) for problem in problems)


def _sources(model: Rubric | Input) -> tuple[str, ...]:
    """The names a model's problems carry as their file."""
    files: tuple[str, ...] | None = getattr(model, "files", None)
    return files if files is not None else (str(getattr(model, "file", "")),)


def locate_places(problems: Iterable[Problem], places: Iterable[Place], file: str) -> tuple[Problem, ...]:
    """`locate` against one file's places: the problems naming `file` are placed."""
    table: dict[tuple[str, tuple[PathKey, ...]], Place] = {}
    for place in places:
        table.setdefault((file, place[0]), place)
    return tuple(_located(problem, table) for problem in problems)


def _located(problem: Problem, table: dict[tuple[str, tuple[PathKey, ...]], Place]) -> Problem:
    if problem.line or problem.cell:
        return problem
    for end in range(len(problem.path), -1, -1):
        place = table.get((problem.file, problem.path[:end]))
        if place is not None:
            _, file, line, column, cell = place
            return Problem(file, line, column, problem.message, cell, problem.path)
    return problem


def located_in_file(problems: Iterable[Problem], source: bytes, file: str) -> tuple[Problem, ...]:
    """The problems naming `file` placed in its YAML `source` (reading only the paths they need)."""
    problems = tuple(problems)
    wanted = [p.path for p in problems if p.file == file]
    return locate_places(problems, yaml_places(source, file, wanted), file) if wanted else problems


def located_as_read(problems: Iterable[Problem], source: bytes, file: str,
                    places: tuple[Place, ...] | None) -> tuple[Problem, ...]:
    """`located_in_file`, from the places recorded as the file was read when there are some
    (a file below PLACES_BYTES is then not parsed a second time)."""
    if places is None:
        return located_in_file(problems, source, file)
    return locate_places(problems, places, file)


def locate_files(problems: Iterable[Problem], *models: Rubric | Input) -> tuple[Problem, ...]:
    """`locate`, then the problems still unplaced that name a models' YAML file kept without
    places (a large one) placed by reading that file again."""
    located = locate(problems, *models)
    files = {file for model in models if not model.places for file in _sources(model)}
    for file in sorted(files):
        if path_suffix(file).lower() not in (".yaml", ".yml") or not any(p.file == file for p in located):
            continue
        try:
            with open(file, "rb") as handle:
                source = handle.read()
        except OSError:
            continue  # gone since it was loaded: the key paths still say where
        try:
            located = located_in_file(located, source, file)
        except Exception:  # changed since it was loaded and no longer YAML: keep the key paths
            continue
    return located


def yaml_places(source: bytes, file: str, wanted: Iterable[Sequence[PathKey]] | None = None) -> tuple[Place, ...]:
    """Where each key path of a YAML text stands: a scalar at its value, a collection at its
    key (in a list, where it starts). With `wanted`, only the prefixes of those paths are
    kept, so a large file is walked without holding a place for every node. (A file below
    PLACES_BYTES has them recorded as it is loaded: `load_yaml(..., places=True)`.)"""
    import yaml

    from scoring.load.yamlfile import PlaceRecorder

    keep = None if wanted is None else {tuple(p[:end]) for p in wanted for end in range(len(p) + 1)}
    recorder = PlaceRecorder(file, keep)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where installed
    for event in yaml.parse(source, Loader=loader):
        recorder.feed(event)
    return recorder.places()
