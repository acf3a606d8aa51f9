"""Read YAML into plain text trees and map paths back to line and column.

Every scalar comes back as a `str`: the schema of each field decides what the text
means (a number, a percent, a level key). So YAML 1.1's `yes`/`no`/`on`/`off` never
become booleans and `0.10` is never a binary float. Nothing is constructed from tags:
loading can never reach Python objects.

Large files are parsed with rapidyaml when it is installed (more than ten times
faster than libyaml through PyYAML); positions are then recovered with PyYAML only
when there is a problem to report, so the fast path costs nothing in error quality.
The fast path may spell a number differently (`.5` as `0.5`) but never changes its
value; anything it cannot carry over exactly (merge keys, duplicate keys, a number
JSON cannot hold such as `+2.5`) sends the file to the full loader.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from scoring.model.errors import PathKey, Problem

try:  # libyaml's C parser where it is installed, the pure-Python one otherwise
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Tree = Union[str, list["Tree"], dict[str, "Tree"]]
"""A loaded document: text scalars, lists and string-keyed mappings."""

TreePath = tuple[PathKey, ...]

#: Plain scalars that mean "no value"; they load as "".
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

#: Files at least this large take the rapidyaml path when it is available.
FAST_PATH_BYTES = 1 << 20


class _TextLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A loader whose resolver tags every scalar as a string."""


_TextLoader.yaml_implicit_resolvers = {}


class _Duplicate(Exception):
    def __init__(self, path: TreePath, key: str, mark: yaml.Mark) -> None:
        self.path = path
        self.key = key
        self.mark = mark
        """Where the repeated key stands."""


@dataclass
class Document:
    """One loaded YAML file: its text tree, and a way to find where a path sits in it."""

    name: str
    """The file name as the user gave it, used in messages."""
    data: Tree
    """The document's content."""
    source: bytes = field(repr=False)
    _root: yaml.Node | None = field(default=None, repr=False)

    def locate(self, path: Sequence[PathKey], *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of the node at `path`.

        With `key=True` the position of the mapping key is returned instead of its
        value. A path that leaves the document stops at the deepest node it reached.
        """
        node = self._nodes()
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for step in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for knode, vnode in node.value:
                    if knode.value == step:
                        mark = knode.start_mark if key and step == path[-1] else vnode.start_mark
                        child = vnode
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                child = node.value[step]
                mark = child.start_mark
            if child is None:
                break
            node = child
        return (mark.line + 1, mark.column + 1)

    def problem(self, path: Sequence[PathKey], message: str, *, key: bool = False) -> Problem:
        """A problem at `path`, its message prefixed with the path written out."""
        line, column = self.locate(path, key=key)
        where = format_path(path)
        return Problem(self.name, line, column, f"{where}: {message}" if where else message)

    def _nodes(self) -> yaml.Node | None:
        if self._root is None:
            self._root = yaml.compose(self.source, Loader=_TextLoader)
        return self._root


def format_path(path: Sequence[PathKey]) -> str:
    """Write a path the way a reader finds it: `sections[1].criteria[0].weight`."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def load_yaml(file: str | Path, *, name: str | None = None) -> Document:
    """Load a YAML file into a `Document`.

    Raises `YamlSyntaxError` (with a located `Problem`) when the file cannot be read or
    parsed, or has a duplicated mapping key.
    """
    name = name if name is not None else str(file)
    try:
        source = Path(file).read_bytes()
    except OSError as exc:
        raise YamlSyntaxError(Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")) from None
    return parse_yaml(source, name)


def parse_yaml(source: bytes, name: str) -> Document:
    """Parse YAML bytes into a `Document` named `name` (see `load_yaml`)."""
    if len(source) >= FAST_PATH_BYTES:
        data = _fast_parse(source)
        if data is not None:
            return Document(name, data, source)
    try:
        root = yaml.compose(source, Loader=_TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "not valid YAML"
        if exc.context:
            where = exc.context_mark
            since = f" at line {where.line + 1}, column {where.column + 1}" if where and where is not mark else ""
            what = f"{what} ({exc.context}{since})"
        raise YamlSyntaxError(Problem(name, line, column, f"invalid YAML: {what}")) from None
    except yaml.YAMLError as exc:  # a reader error: bad encoding, control characters
        raise YamlSyntaxError(Problem(name, 0, 0, f"invalid YAML: {exc}")) from None
    doc = Document(name, "", source, root)
    try:
        doc.data = _tree(root, ()) if root is not None else {}
    except _Duplicate as dup:
        line, column = dup.mark.line + 1, dup.mark.column + 1
        place = format_path(dup.path) or "the document"
        raise YamlSyntaxError(
            Problem(name, line, column, f"{place}: key {dup.key!r} appears twice")
        ) from None
    except RecursionError:
        raise YamlSyntaxError(Problem(name, 0, 0, "invalid YAML: nested too deeply")) from None
    return doc


class YamlSyntaxError(Exception):
    """The file is not readable YAML; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _tree(node: yaml.Node, path: TreePath) -> Tree:
    if isinstance(node, yaml.ScalarNode):
        text: str = node.value
        plain = not node.style  # libyaml says '' for plain scalars, the pure-Python parser None
        return "" if plain and text in _NULLS else text
    if isinstance(node, yaml.SequenceNode):
        return [_tree(child, path + (i,)) for i, child in enumerate(node.value)]
    out: dict[str, Tree] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode):
            key = str(_tree(knode, path))
        else:
            key = knode.value
        if key == "<<":  # merge key: fold the referenced mapping(s) in, ours win
            merged = _tree(vnode, path)
            for part in merged if isinstance(merged, list) else [merged]:
                if isinstance(part, dict):
                    for k, v in part.items():
                        out.setdefault(k, v)
            continue
        if key in out:
            raise _Duplicate(path + (key,), key, knode.start_mark)
        out[key] = _tree(vnode, path + (key,))
    return out


def _fast_parse(source: bytes) -> Tree | None:
    """Parse with rapidyaml; None when it is missing or declines the file."""
    try:
        import ryml
    except ImportError:
        return None
    if b"<<" in source:  # merge keys: leave them to the full loader
        return None
    try:
        tree = ryml.parse_in_arena(source)
        tree.resolve()
        text = ryml.emit_json_malloc(tree, 0)
        data: Tree = json.loads(
            text,
            parse_float=str,
            parse_int=str,
            parse_constant=str,
            object_pairs_hook=_pairs,
        )
    except Exception:  # any refusal or mismatch: the full loader decides and reports
        return None
    return data


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Tree]:
    out: dict[str, Tree] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key")
        out[key] = _scalar(value)
    return out


def _scalar(value: Any) -> Tree:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, str) and value == "~":
        return ""
    return value  # type: ignore[no-any-return]
