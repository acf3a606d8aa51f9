"""Read a `pairwise:` list (analysis.md §3): each `[first, second, value]` entry checked against
the siblings' ids and Saaty's scale, every pair once, and the judgements consistent.

Imported only when a rubric has a `pairwise:`, so reading the others never loads fractions."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

from scoring.load.build import Build, Path
from scoring.load.fields import describe
from scoring.load.places import PlainTree as Tree
from scoring.model.errors import format_path, unknown
from scoring.model.pairwise import Comparison, Derived, derive, inconsistency

_SAATY = {str(v): Fraction(v) for v in range(1, 10)} | {f"1/{v}": Fraction(1, v) for v in range(2, 10)}
"""Saaty's scale as written: 1 to 9 and 1/2 to 1/9 (analysis.md §3)."""
MAX_COMPARED = 15
"""The most siblings one `pairwise` compares: Saaty's random index stops at 15 (analysis.md §3)."""


class Compared(NamedTuple):
    """A `pairwise` list as checked: its entries (ids as read, folded) and the weights they derive."""

    entries: tuple[Comparison, ...]
    derived: Derived


def _entry(b: Build, at: Path, item: Tree, ids: Sequence[str]) -> Comparison | None:
    """One `[first, second, value]` entry, checked against the siblings' ids and Saaty's scale."""
    r = b.r
    if not (isinstance(item, list) and len(item) == 3):
        r.error(at, f"expected [first, second, value], got {describe(item)}")
        return None
    first, second = r.ident((*at, 0), item[0]), r.ident((*at, 1), item[1])
    ok = first is not None and second is not None
    for k, ident in ((0, first), (1, second)):
        if ident is not None and ident not in ids:
            r.error((*at, k), unknown("sibling id", ident, ids))
            ok = False
    if ok and first == second:
        r.error(at, f"expected two different ids, got '{first}' compared with itself")
        ok = False
    text = str(item[2]).strip() if isinstance(item[2], str) else None
    if text not in _SAATY:
        r.error((*at, 2), f"expected 1 to 9 or 1/2 to 1/9, got {describe(item[2])}")
        return None
    return Comparison(str(first), str(second), _SAATY[text], text) if ok else None


def comparisons(b: Build, path: Path, raw: Tree, ids: Sequence[str]) -> Compared | None:
    """A container's `pairwise` at `path` over sibling `ids`: every entry checked, every pair once,
    and consistent (CR ≤ 0.10); the checked entries with their derived weights, or None after
    reporting."""
    r = b.r
    items = r.sequence(path, raw)
    if items is None:
        return None
    if not 2 <= len(ids) <= MAX_COMPARED:
        r.error(path, f"expected 2 to {MAX_COMPARED} siblings to compare, got {len(ids)}")
        return None
    entries: list[Comparison] = []
    seen: dict[frozenset[str], int] = {}
    ok = True
    for i, item in enumerate(items):
        entry = _entry(b, (*path, i), item, ids)
        if entry is None:
            ok = False
            continue
        pair = frozenset((entry.first, entry.second))
        if pair in seen:
            r.error((*path, i), f"pair {entry.first}–{entry.second} compared twice (first at "
                                f"{format_path((*path, seen[pair]))})")
            ok = False
            continue
        seen[pair] = i
        entries.append(entry)
    missing = [f"{x}–{y}" for j, x in enumerate(ids) for y in ids[j + 1:] if frozenset((x, y)) not in seen]
    if missing:
        r.error(path, f"missing comparisons: {', '.join(missing)}")
    if not ok or missing:
        return None
    found = derive(ids, entries)
    bad = inconsistency(entries, found)
    if bad is not None:
        r.error((*path, bad[0]), bad[1])
        return None
    return Compared(tuple(entries), found)
