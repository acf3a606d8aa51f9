"""The fast YAML reader: rapidyaml, for files a byte scan proves it reads as libyaml does.

`fast_parse` gives the same text tree as `scoring.load.yamlfile`'s safe reader would, or
None, and the safe reader then decides and reports. The scan (`_fast_eligible`) refuses
every construct the two readers might read differently and any nesting deeper than
MAX_YAML_DEPTH, so no bound is skipped.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scoring.model.limits import MAX_YAML_DEPTH

if TYPE_CHECKING:
    from scoring.load.yamlfile import Tree

__all__ = ["fast_parse"]

_PIECE_BYTES = 1 << 20
"""Bytes of YAML given to rapidyaml at a time: its tree is ~20× the text, so a large file is
parsed one top-level key at a time, and a long block list under one a run of entries at a time."""
_TOP_KEY = re.compile(rb"(?m)^[^ \t\r\n#\-]")
"""A line starting at column 0 with something other than a comment or a list entry: a top-level key."""
_LIST_HEAD = re.compile(rb"[^\n]*:[ ]*\n(?:[ ]*(?:#[^\n]*)?\n)*( *)- ")
"""A top-level key alone on its line, then (after blank and comment lines) a block list's first `- `."""

_FAST_DENY: tuple[tuple[bytes, re.Pattern[bytes]], ...] = tuple(
    (trigger, re.compile(pattern))
    for trigger, pattern in (
        (b"~\\`\r", rb"[~\\`\r]"),  # plain ~ is null; escapes; reserved; CR line ends
        (b"&*!%@|>?+", rb"[&*!%@|>?+](?<![A-Za-z0-9].)"),  # anchor alias tag directive reserved block-scalar key sign
        (b"<", rb"<<"),  # merge keys
        (b"\n", rb"\n(?:---|\.\.\.)"),  # document markers
        (b"N", rb"N(?:ull|ULL)(?![A-Za-z0-9_])(?<![A-Za-z0-9_].{4})"),  # nulls rapidyaml keeps as text
        (b".", rb"\.[0-9](?<![A-Za-z0-9_]..)|\.(?<=[0-9].)(?![0-9])"),  # .5, -.5, 5.: rapidyaml writes 0.5, 5.0
        (b"\xef\xc2\xe2", rb"\xef\xbb\xbf|\xc2\x85|\xe2\x80[\xa8\xa9]"),  # BOM; NEL, LS, PS break lines in PyYAML only
        (b"]}", rb"[\]}] *:"),  # a flow collection as a key
        (b":", rb"[\n\[{,][ -]*:|: +:|:[,?\[\]{}]"),  # a `:` where a node starts: an empty key, or text to
        # one reader only; `x:]` (libyaml stops at a `:` before a flow indicator, rapidyaml reads a key)
        (b",", rb"[\n:-] *,"),  # a comma where a block node starts
    )
)
"""What rapidyaml might read differently from libyaml: such a file takes the safe reader.
Each pattern runs only when one of its trigger bytes is in the file (a fast byte search)."""

_FAST_SPECIAL = re.compile(rb"[\[\]{}'\"#]")
_SINGLE_QUOTED = re.compile(rb"'(?:[^'\n]|'')*'")
_DOUBLE_QUOTED = re.compile(rb'"[^"\\\n]*"')
_WORD_END = frozenset(b" \t\n[]{},:'\"")
_QUOTE_AFTER = frozenset(b" ,]}\n")
_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _fast_eligible(source: bytes) -> bool:
    """Whether a byte scan proves that rapidyaml reads `source` as libyaml does, within
    MAX_YAML_DEPTH; a False sends the file to the safe reader, which decides and reports."""
    if source.startswith((b"---", b"...")) or re.match(rb"[ -]*[:,]", source):
        return False
    for trigger, pattern in _FAST_DENY:
        if any(byte in source for byte in trigger) and pattern.search(source):
            return False
    scan = _flow_scan(source)
    if scan is None:
        return False
    flow = scan[0]
    # Block nesting: each level starts further right, except that a list may share its
    # key's column, so a node starting at column c is at most 2 * (c + 1) deep. A line's
    # block nodes start within its run of spaces and `- `; allow runs shorter than `lead`.
    lead = (MAX_YAML_DEPTH - flow - 1) // 2
    return lead > 0 and not re.search(rb"\n[ -]{%d}" % lead, b"\n" + source[: lead + 1]) and not re.search(
        rb"\n[ -]{%d}" % lead, source
    )


def _balanced(piece: bytes) -> bool:
    """Whether every flow collection opened in `piece` closes in it (scanned as `_flow_scan`)."""
    if not any(bracket in piece for bracket in b"[{]}"):
        return True
    scan = _flow_scan(piece)
    return scan is not None and scan[1] == 0


def _flow_scan(source: bytes) -> tuple[int, int] | None:
    """An upper bound of flow-collection nesting and the depth open at the end, or None when
    the quoting is not plain to see or a closing bracket stands where no flow collection is open.

    Brackets inside single-line quoted scalars and comments are skipped; an opening bracket
    inside a plain block scalar is counted, so the count only ever overstates the depth.
    """
    if not any(quote in source for quote in b"'\"#"):
        return _bracket_scan(source)
    depth = deepest = pos = 0
    while found := _FAST_SPECIAL.search(source, pos):
        at = found.start()
        pos = at + 1
        char = source[at]
        if char in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in b"]}":
            if depth == 0:
                return None  # outside any flow collection: plain text, or an error to libyaml
            depth -= 1
        elif char == ord("#"):
            if at and source[at - 1] == 0x09:
                return None  # a tab before it: whether it starts a comment is left to the safe reader
            if at == 0 or source[at - 1] in b" \n":  # a comment runs to the line's end
                if depth:
                    return None  # inside a flow collection: rapidyaml reads `{k: a #b}` as text
                pos = source.find(b"\n", at) % (len(source) + 1)
        elif at and source[at - 1] not in _WORD_END:
            continue  # a quote inside a word (O'Brien): plain text
        else:
            quoted = (_SINGLE_QUOTED if char == ord("'") else _DOUBLE_QUOTED).match(source, at)
            if quoted is None or not _quote_fits(source, at, quoted.end(), depth):
                return None  # a scalar this scan cannot follow: let the safe reader decide
            pos = quoted.end()
    return deepest, depth


def _bracket_scan(source: bytes) -> tuple[int, int] | None:
    """`_flow_scan` for a file without quotes and comments: every bracket counts."""
    steps = map(_STEP.__getitem__, source.translate(None, delete=_BRACKETS))
    depths = list(itertools.accumulate(steps, initial=0))
    return (max(depths), depths[-1]) if min(depths) >= 0 else None


def _quote_fits(source: bytes, start: int, end: int, depth: int) -> bool:
    """Whether a quoted scalar found by the scan is one for YAML too: it starts where a node
    may start and ends where a node may end."""
    after = source[end : end + 2]
    if after and after[0] not in _QUOTE_AFTER and not (after[:1] == b":" and after[1:] in (b"", b" ", b"\n")):
        return False
    before = start - 1
    while before >= 0 and source[before] == 0x20:
        before -= 1
    if before < 0 or source[before] == 0x0A:
        return depth == 0  # at a line's start: only in block context is this surely a node
    prior = source[before]
    if prior in b"[{,":
        return True
    if prior in b":-":
        # `key: 'x'` and `- 'x'`; a `-` starts an entry only in block context.
        return before + 1 < start and (prior == ord(":") or depth == 0)
    return False


def fast_parse(source: bytes) -> Tree | None:
    """Parse with rapidyaml; None when it is missing, the file is not provably read alike
    (`_fast_eligible`), or rapidyaml refuses it."""
    try:
        import ryml
    except ImportError:
        return None
    if not _fast_eligible(source):
        return None
    # Equal scalars and keys (levels, small numbers, criterion ids) share one string: a
    # 10,000-candidate input repeats a few dozen of them a million times.
    shared: dict[str, str] = {}
    try:
        pieces = _sections(source)
        if pieces is None:
            return _parse_piece(ryml, source, shared.setdefault)
        return _join_sections(ryml, source, pieces, shared.setdefault)
    except Exception:  # any refusal or mismatch: the full loader decides and reports
        return None


def _parse_piece(ryml: Any, piece: bytes, share: Callable[[str, str], str]) -> Tree:
    """One standalone piece of YAML as a text tree; its rapidyaml tree is freed before the
    Python tree is built, so only one piece's tree (~20× its text) is ever held."""
    tree = ryml.parse_in_arena(piece)  # no resolve(): there are no aliases, and it recurses
    text = ryml.emit_json_malloc(tree, 0)
    del tree
    data = json.loads(
        text,
        parse_float=lambda number: share(number, number),
        parse_int=lambda number: share(number, number),
        parse_constant=str,
        object_pairs_hook=lambda pairs: _pairs(pairs, share),
    )
    return _scalar(data, share)


def _sections(source: bytes) -> list[tuple[int, int]] | None:
    """The (start, end) of each top-level key's lines, when the file is a block mapping whose
    keys start at column 0 and no flow collection spans two sections; else None."""
    starts = [m.start() for m in _TOP_KEY.finditer(source)]
    if len(starts) < 2:
        return None
    starts[0] = 0  # comments before the first key go with it
    ends = [*starts[1:], len(source)]
    pieces = list(zip(starts, ends, strict=True))
    # Long sections are checked run by run as they are parsed (`_entry_runs`).
    if not all(_balanced(source[start:end]) for start, end in pieces if end - start <= _PIECE_BYTES):
        return None
    return pieces


def _join_sections(ryml: Any, source: bytes, pieces: list[tuple[int, int]],
                   share: Callable[[str, str], str]) -> Tree:
    """The mapping of every top-level section, each parsed on its own (a long block list a run
    of entries at a time); a key given twice raises, so the safe reader reports it."""
    out: dict[str, Tree] = {}
    for start, end in pieces:
        key, value = _section(ryml, source, start, end, share)
        if key in out:
            raise ValueError("duplicate key")
        out[key] = value
    return out


def _section(ryml: Any, source: bytes, start: int, end: int, share: Callable[[str, str], str]) -> tuple[str, Tree]:
    """The top-level key at source[start:end] and its value; a long block list under it is read
    in runs of entries (sliced one run at a time: no copy of the whole section is made)."""
    head = _LIST_HEAD.match(source, start, end) if end - start > _PIECE_BYTES else None
    runs = _entry_runs(source, head.start(1), end, len(head.group(1))) if head else None
    if head is None or runs is None:
        if end - start > _PIECE_BYTES and not _balanced(source[start:end]):
            raise ValueError("a flow collection spans two top-level keys")
        part = _parse_piece(ryml, source[start:end], share)
        if not isinstance(part, dict) or len(part) != 1:
            raise ValueError("not one key")
        return next(iter(part.items()))
    key_part = _parse_piece(ryml, source[start : head.start(1)], share)
    if not isinstance(key_part, dict) or len(key_part) != 1 or next(iter(key_part.values())) != "":
        raise ValueError("not one key")
    items: list[Tree] = []
    for run_start, run_end in runs:
        run = _parse_piece(ryml, source[run_start:run_end], share)
        if not isinstance(run, list):
            raise ValueError("not a list")
        items += run
    return next(iter(key_part)), items


def _entry_runs(source: bytes, body: int, end: int, indent: int) -> list[tuple[int, int]] | None:
    """Runs of whole entries (about _PIECE_BYTES each) of the block list in source[body:end]
    whose `- ` stand at column `indent`; None when a line stands left of them or a run's flow
    brackets do not balance."""
    if indent and re.compile(rb"(?m)^ {0,%d}[^ \n#]" % (indent - 1)).search(source, body, end):
        return None
    entry = re.compile(rb"(?m)^ {%d}-[ \n]" % indent)
    runs: list[tuple[int, int]] = []
    start = body
    while start < end:
        cut = entry.search(source, start + _PIECE_BYTES, end)
        stop = cut.start() if cut else end
        if not _balanced(source[start:stop]):
            return None
        runs.append((start, stop))
        start = stop
    return runs


def _pairs(pairs: list[tuple[str, Any]], share: Callable[[str, str], str]) -> dict[str, Tree]:
    out: dict[str, Tree] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key")
        out[share(key, key)] = _scalar(value, share)
    return out


def _scalar(value: Any, share: Callable[[str, str], str]) -> Tree:
    if isinstance(value, str):
        return share(value, value)
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return [_scalar(v, share) for v in value]
    if isinstance(value, dict):  # made by `_pairs` already
        return value
    raise ValueError(f"unexpected JSON value: {type(value).__name__}")  # numbers come as text
