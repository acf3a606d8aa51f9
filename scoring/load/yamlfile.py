"""Read YAML into plain text trees and map paths back to line and column.

Every scalar comes back as a `str`: the schema of each field decides what the text
means (a number, a percent, a level key). So YAML 1.1's `yes`/`no`/`on`/`off` never
become booleans and `0.10` is never a binary float. Nothing is constructed from tags:
loading can never reach Python objects. A plain `~`, `null`, `Null`, `NULL` or empty
value loads as "".

Every file is first checked as text (size, UTF-8, control characters, not empty). The
safe reader then builds the tree from libyaml's events, checking nesting depth and alias
uses as each event arrives, so nothing is composed or expanded beyond a bound.

Files of 1 MiB and more may take rapidyaml (more than ten times faster), but only when a
byte scan proves they hold nothing but constructs both readers read alike (that fast
path is `scoring.load.fastyaml`); anything else, and anything rapidyaml refuses, goes to the safe
reader. So a file means the same and gives the same errors whichever reader it takes.
Where each key path stands (load/places.py's rules) is recorded by `PlaceRecorder`: in the
safe reader's one pass when a loader asks, or by `yaml_places` reading a file again.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, Union

import yaml

from scoring.model.errors import PathKey, Place, Problem, format_path
from scoring.model.limits import MAX_FILE_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH

try:  # libyaml's C parser where it is installed, the pure-Python one otherwise
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]  # the same interface, a different class

if TYPE_CHECKING:
    from pathlib import Path

Tree = Union[str, list["Tree"], dict[str, "Tree"]]
"""A loaded document: text scalars, lists and string-keyed mappings."""

TreePath = tuple[PathKey, ...]

#: Plain scalars that mean "no value"; they load as "".
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

#: Files at least this large take the rapidyaml path when it is available.
FAST_PATH_BYTES = 1 << 20

_CHUNK = 1 << 20
"""Bytes decoded at a time when checking UTF-8, so a check never holds a decoded copy of a big file."""

# YAML's printable set (1.1 and 1.2): tab, line breaks, and no C0/C1 controls or non-characters.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_PRINTABLE_ASCII = re.compile(rb"[^\t\n\r\x20-\x7e]")


class _TextLoader(_BaseLoader):
    """A loader whose resolver tags every scalar as a string."""


_TextLoader.yaml_implicit_resolvers = {}


class Document(NamedTuple):
    """One loaded YAML file: its text tree, and the bytes it was read from."""

    name: str
    """The file name as the user gave it, used in messages."""
    data: Tree
    """The document's content."""
    source: bytes
    """The file's bytes, for finding places (load/places.py) and hashing."""
    places: tuple[Place, ...] | None = None
    """Where every key path stands, when asked for and the file is below PLACES_BYTES
    (and so read by the safe reader); None when not recorded."""


class YamlSyntaxError(Exception):
    """The file is not readable YAML; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_yaml(file: str | Path, *, name: str | None = None, places: bool = False) -> Document:
    """Load a YAML file into a `Document`; with `places`, its places recorded as it is read
    (below load/places.py's PLACES_BYTES; a larger file keeps none), without reading it twice.

    Raises `YamlSyntaxError` (with a located `Problem`) when the file cannot be read,
    is too large, is not UTF-8 text, cannot be parsed, is nested too deeply, uses too
    many aliases or has a duplicated mapping key.
    """
    name = name if name is not None else str(file)
    try:
        with open(file, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise YamlSyntaxError(Problem(name, 0, 0, "cannot read the file: it is a folder"))
            if info.st_size > MAX_FILE_BYTES:  # checked before reading a byte
                raise _too_big(name)
            source = handle.read(MAX_FILE_BYTES + 1)  # a pipe or device has no size to check
    except IsADirectoryError:
        raise YamlSyntaxError(Problem(name, 0, 0, "cannot read the file: it is a folder")) from None
    except OSError as exc:
        raise YamlSyntaxError(Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")) from None
    if len(source) > MAX_FILE_BYTES:
        raise _too_big(name)
    return parse_yaml(source, name, places=places)


def _too_big(name: str) -> YamlSyntaxError:
    limit = MAX_FILE_BYTES // (1 << 20)
    return YamlSyntaxError(Problem(name, 0, 0, f"the file is larger than {limit} MiB; no rubric or input is this large"))


def parse_yaml(source: bytes, name: str, *, places: bool = False) -> Document:
    """Parse YAML bytes into a `Document` named `name` (see `load_yaml`)."""
    _check_text(source, name)
    recorder = None
    if places:
        from scoring.load.places import PLACES_BYTES

        recorder = PlaceRecorder(name) if len(source) < PLACES_BYTES else None
    if recorder is None and len(source) >= FAST_PATH_BYTES:  # the fast reader records no places
        from scoring.load.fastyaml import fast_parse

        data = fast_parse(source)
        if data is not None:
            return Document(name, data, source)
    try:
        data = _build(yaml.parse(source, Loader=_TextLoader), name, recorder)
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_yaml_problem(name, exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - the text check catches reader errors first
        raise YamlSyntaxError(Problem(name, 0, 0, f"invalid YAML: {exc}")) from None
    return Document(name, data, source, recorder.places() if recorder is not None else None)


def _yaml_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if exc.problem == "exceeded maximum nesting depth":
        # libyaml scans flow brackets ahead of its events and stops at 1,000 levels itself,
        # before the builder sees level 51: the same refusal, where libyaml noticed it.
        return Problem(name, line, column, f"nested deeper than {MAX_YAML_DEPTH} levels")
    what = exc.problem or "not valid YAML"
    if exc.context:
        where = exc.context_mark
        since = f" at line {where.line + 1}, column {where.column + 1}" if where and where is not mark else ""
        what = f"{what} ({exc.context}{since})"
    return Problem(name, line, column, f"invalid YAML: {what}")


# -- the text check -------------------------------------------------------------------


def _check_text(source: bytes, name: str) -> None:
    """Refuse a file that is empty, not UTF-8, or holds a character YAML does not allow."""
    if not source.strip(b" \t\r\n"):
        raise YamlSyntaxError(Problem(name, 0, 0, "the file is empty; expected a YAML mapping"))
    if source.isascii():
        ascii_bad = _NOT_PRINTABLE_ASCII.search(source)
        if ascii_bad:
            raise _control(source, name, ascii_bad.start(), source[ascii_bad.start()])
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(source), _CHUNK):
        offset = start - len(decoder.getstate()[0])  # bytes of a character split by the chunk
        try:
            text = decoder.decode(source[start : start + _CHUNK], final=start + _CHUNK >= len(source))
        except UnicodeDecodeError as exc:
            raise _not_utf8(source, name, offset + exc.start) from None
        bad = _NOT_PRINTABLE.search(text)
        if bad:
            at = offset + len(text[: bad.start()].encode("utf-8"))
            raise _control(source, name, at, ord(bad.group()))


def _position(source: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = source.rfind(b"\n", 0, offset) + 1
    column = len(source[line_start:offset].decode("utf-8", "replace")) + 1
    return source.count(b"\n", 0, offset) + 1, column


def _not_utf8(source: bytes, name: str, offset: int) -> YamlSyntaxError:
    line, column = _position(source, offset)
    message = f"the file is not UTF-8 text (byte 0x{source[offset]:02x}); save it as UTF-8"
    return YamlSyntaxError(Problem(name, line, column, message))


def _control(source: bytes, name: str, offset: int, code: int) -> YamlSyntaxError:
    line, column = _position(source, offset)
    message = f"control character U+{code:04X} is not allowed in YAML text"
    return YamlSyntaxError(Problem(name, line, column, message))


# -- the safe reader: a tree from libyaml's events ------------------------------------


class _Frame:
    """A collection being read: its value, and what the bounds need to know of it."""

    # A plain class: one is made per mapping and list of every file read.
    __slots__ = ("value", "anchor", "path", "key", "key_mark", "key_plain", "merges", "aliases")

    def __init__(self, value: dict[str, Tree] | list[Tree], anchor: str | None, path: TreePath) -> None:
        self.value = value
        self.anchor = anchor
        self.path = path
        self.key: str | None = None
        """In a mapping, the key whose value comes next (None: a key comes next)."""
        self.key_mark: Any = None
        self.key_plain = False
        self.merges: list[tuple[Tree, Any]] = []
        self.aliases = 0
        """Alias uses inside, each counted with the uses inside what it names."""


def _build(events: Iterable[yaml.Event], name: str, recorder: PlaceRecorder | None = None) -> Tree:
    """Build the tree from parser events, within the depth and alias bounds; `recorder`,
    when given, sees every event too."""
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Tree, int]] = {}  # value, alias uses inside it
    uses = 0
    root: Tree | None = None
    documents = 0
    for event in events:
        if recorder is not None:
            recorder.feed(event)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlSyntaxError(_at(name, event, "invalid YAML: a second document starts here; a file holds one"))
            continue
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_YAML_DEPTH:
                raise YamlSyntaxError(_at(name, event, f"nested deeper than {MAX_YAML_DEPTH} levels"))
            container: dict[str, Tree] | list[Tree] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
            stack.append(_Frame(container, event.anchor, _child_path(stack)))
            continue
        count = 0
        if isinstance(event, yaml.ScalarEvent):
            value: Tree = "" if not event.style and event.value in NULL_WORDS else event.value
            if event.anchor:
                anchors[event.anchor] = (value, 0)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise YamlSyntaxError(_at(name, event, f"invalid YAML: found undefined alias {event.anchor!r}"))
            value, inside = anchors[event.anchor]
            count = 1 + inside
            uses += count
            if uses > MAX_YAML_ALIASES:
                raise YamlSyntaxError(_at(name, event, f"more than {MAX_YAML_ALIASES} alias uses (*{event.anchor})"))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = stack.pop()
            value = _finish(frame, name)
            count = frame.aliases
            if frame.anchor:
                anchors[frame.anchor] = (value, frame.aliases)
        else:  # stream start and end, document end
            continue
        if not stack:
            root = value
        else:
            stack[-1].aliases += count
            _add(stack[-1], value, event, name)
    if root is None:  # only comments: the empty check saw bytes, the parser no document
        raise YamlSyntaxError(Problem(name, 0, 0, "the file is empty; expected a YAML mapping"))
    return root


def _child_path(stack: list[_Frame]) -> TreePath:
    if not stack:
        return ()
    top = stack[-1]
    step: PathKey = len(top.value) if isinstance(top.value, list) else (top.key or "")
    return top.path + (step,)


def _at(name: str, event: yaml.Event, message: str) -> Problem:
    mark: Any = event.start_mark  # every event from the parser carries its marks
    return Problem(name, mark.line + 1, mark.column + 1, message)


def _add(frame: _Frame, value: Tree, event: yaml.Event, name: str) -> None:
    """Put a finished node into the collection being read."""
    if isinstance(frame.value, list):
        frame.value.append(value)
    elif frame.key is None:
        # A collection as a key has no text of its own; its repr keeps two of them apart.
        frame.key = value if isinstance(value, str) else str(value)
        frame.key_mark = event.start_mark
        frame.key_plain = isinstance(event, yaml.ScalarEvent) and not event.style
        if isinstance(event, yaml.ScalarEvent):
            frame.key = event.value  # keys keep their text, even `~` or `null`
    else:
        key, frame.key = frame.key, None
        if key == "<<" and frame.key_plain:
            frame.merges.append((value, event.start_mark))
        elif key in frame.value:
            mark = frame.key_mark
            place = format_path(frame.path + (key,)) or "the document"
            raise YamlSyntaxError(Problem(name, mark.line + 1, mark.column + 1, f"{place}: key {key!r} appears twice"))
        else:
            frame.value[key] = value


def _finish(frame: _Frame, name: str) -> Tree:
    """A finished collection; merge keys fold their mappings in, the mapping's own keys win."""
    value = frame.value
    if isinstance(value, dict):
        for merged, mark in frame.merges:
            for part in merged if isinstance(merged, list) else [merged]:
                if not isinstance(part, dict):
                    place = format_path(frame.path + ("<<",))
                    message = f"{place}: expected a mapping or a list of mappings to merge"
                    raise YamlSyntaxError(Problem(name, mark.line + 1, mark.column + 1, message))
                for k, v in part.items():
                    value.setdefault(k, v)
    return value


# -- places: where each key path stands -------------------------------------------------

_FRAMING = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_UNPLACED = object()
"""The pending key of a mapping whose key is a collection or an alias: its value is not placed."""


class PlaceRecorder:
    """Records, from parser events, where each key path stands: a scalar at its value, a
    collection or an empty value at its key (in a list, where it starts); a merge key's value
    is not recorded, nor a value whose key is not text (a collection or an alias as a key:
    its problems take the mapping's place). With `keep`, only those paths are recorded."""

    __slots__ = ("file", "keep", "out", "stack", "skip")

    def __init__(self, file: str, keep: set[TreePath] | None = None) -> None:
        self.file = file
        self.keep = keep
        self.out: list[Place] = []
        self.stack: list[list[Any]] = []  # per open collection: [path, is_list, next index or pending key, key mark]
        self.skip = 0
        """The depth inside a collection not placed (a key's, or an unplaced key's value)."""

    def places(self) -> tuple[Place, ...]:
        """The places recorded so far, in the order of the file."""
        return tuple(self.out)

    def feed(self, event: yaml.Event) -> None:
        """Take the next event of the file."""
        if isinstance(event, _FRAMING):
            return
        if self.skip:
            self.skip += 1 if isinstance(event, _STARTS) else -1 if isinstance(event, _ENDS) else 0
            return
        if isinstance(event, _ENDS):
            self.stack.pop()
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and not top[1] and top[2] is None:  # a mapping's key
            top[2], top[3] = (event.value if isinstance(event, yaml.ScalarEvent) else _UNPLACED), event.start_mark
            self.skip = 1 if isinstance(event, _STARTS) else 0
            return
        if top is not None and top[2] is _UNPLACED:
            top[2] = None
            self.skip = 1 if isinstance(event, _STARTS) else 0
            return
        path, mark = _place_child(top, event)
        opens = isinstance(event, _STARTS)
        empty = isinstance(event, yaml.ScalarEvent) and not event.style and event.value in NULL_WORDS
        if path[-1:] != ("<<",) and (self.keep is None or path in self.keep):
            at: Any = mark if opens or (empty and top is not None and not top[1]) else event.start_mark
            self.out.append((path, self.file, at.line + 1, at.column + 1, ""))
        if opens:
            is_list = isinstance(event, yaml.SequenceStartEvent)
            self.stack.append([path, is_list, 0 if is_list else None, None])


def _place_child(top: list[Any] | None, event: Any) -> tuple[TreePath, Any]:
    """The path of the node `event` starts, and the mark of its key (or its own start)."""
    if top is None:
        return (), event.start_mark
    if top[1]:
        index = top[2]
        top[2] += 1
        return (*top[0], index), event.start_mark
    key, mark = top[2], top[3]
    top[2] = None
    return (*top[0], key), mark
