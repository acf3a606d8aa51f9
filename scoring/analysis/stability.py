"""Weight stability, one weight at a time (analysis.md §2.1): exact first-place and ranking intervals."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scoring.analysis.items import Item, Model

_ZERO = Fraction(0)
_ONE = Fraction(1)

Pair = tuple[str, str]
"""[i, j]: i ahead now, j overtaking it."""


@dataclass(frozen=True)
class FirstPlace:
    """Where the leader stays first as item k's weight t moves, and who takes over beyond each end."""

    low: Fraction
    high: Fraction
    below: str | None
    above: str | None


@dataclass(frozen=True)
class Ranking:
    """Where the whole ranking stays unchanged, and the pairs that swap beyond each end."""

    low: Fraction
    high: Fraction
    below: tuple[Pair, ...] | None
    above: tuple[Pair, ...] | None


@dataclass(frozen=True)
class Stability:
    """Both intervals of one top-level weight."""

    item: Item
    first: FirstPlace
    ranking: Ranking


@dataclass(frozen=True)
class _Lines:
    """S_i(t)/total = c_i + m_i·t for every candidate, and each one's value now (at t = w_k)."""

    ids: tuple[str, ...]
    c: tuple[Fraction, ...]
    m: tuple[Fraction, ...]
    now: tuple[Fraction, ...]

    def at(self, i: int, t: Fraction) -> Fraction:
        return self.c[i] + self.m[i] * t


def leader(model: Model) -> int | None:
    """The index of the highest exact total, the first listed of equal ones; None with nobody."""
    totals = [model.total(i) for i in range(len(model.ids))]
    return max(range(len(totals)), key=lambda i: (totals[i], -i)) if totals else None


def stability(model: Model) -> tuple[Stability, ...]:
    """Both intervals of every top-level weight, in the rubric's order; empty with one weight or
    no qualified candidate."""
    best = leader(model)
    if best is None or len(model.items) < 2:
        return ()
    totals = tuple(model.total(i) for i in range(len(model.ids)))
    return tuple(_one(model, k, totals, best) for k in range(len(model.items)))


def _one(model: Model, k: int, totals: tuple[Fraction, ...], best: int) -> Stability:
    w = model.items[k].weight
    # R_ik = Σ_{j≠k} w_j·a_ij / (1 − w_k); S_i(t) = t·a_ik + (1 − t)·R_ik = R_ik + (a_ik − R_ik)·t.
    rest = [(totals[i] - w * model.earned[i][k]) / (_ONE - w) for i in range(len(totals))]
    slopes = tuple(model.earned[i][k] - rest[i] for i in range(len(totals)))
    lines = _Lines(model.ids, tuple(rest), slopes, totals)
    return Stability(model.items[k], _first(lines, best), _ranking(lines))


def _first(lines: _Lines, b: int) -> FirstPlace:
    lows: list[tuple[Fraction, int]] = []
    highs: list[tuple[Fraction, int]] = []
    for j in range(len(lines.ids)):
        rise = lines.m[b] - lines.m[j]
        if j == b or rise == 0:
            continue
        t = (lines.c[j] - lines.c[b]) / rise
        (lows if rise > 0 else highs).append((t, j))
    low = max([_ZERO] + [t for t, _ in lows])
    high = min([_ONE] + [t for t, _ in highs])
    # Beyond `high` the one rising fastest leads; below `low` the one falling fastest.
    above = min((j for t, j in highs if t == high), key=lambda j: (-lines.m[j], j), default=None)
    below = min((j for t, j in lows if t == low), key=lambda j: (lines.m[j], j), default=None)
    return FirstPlace(low, high, None if low == 0 or below is None else lines.ids[below],
                      None if high == 1 or above is None else lines.ids[above])


def _ranking(lines: _Lines) -> Ranking:
    n = len(lines.ids)
    # The first crossing on either side of w is between neighbours in the order just beside w:
    # by value now, ties by slope (higher slope above on the right, below on the left).
    right = sorted(range(n), key=lambda i: (-lines.now[i], -lines.m[i], i))
    left = sorted(range(n), key=lambda i: (-lines.now[i], lines.m[i], i))
    high = min([_ONE] + [t for p, q in zip(right, right[1:], strict=False) if (t := _crossing(lines, p, q, +1)) is not None])
    low = max([_ZERO] + [t for p, q in zip(left, left[1:], strict=False) if (t := _crossing(lines, p, q, -1)) is not None])
    return Ranking(low, high, None if low == 0 else _pairs_at(lines, low, -1),
                   None if high == 1 else _pairs_at(lines, high, +1))


def _crossing(lines: _Lines, p: int, q: int, side: int) -> Fraction | None:
    """Where q (behind p now) catches p, moving t to the `side` (+1 up, −1 down); None if never."""
    closing = (lines.m[q] - lines.m[p]) * side
    if lines.now[p] == lines.now[q] or closing <= 0:
        return None
    return (lines.c[p] - lines.c[q]) / (lines.m[q] - lines.m[p])


def _pairs_at(lines: _Lines, t: Fraction, side: int) -> tuple[Pair, ...]:
    """Every pair (i ahead now, j overtaking it) whose lines meet at t, in `score`'s order."""
    groups: dict[Fraction, list[int]] = {}
    for i in range(len(lines.ids)):
        groups.setdefault(lines.at(i, t), []).append(i)
    found = []
    for members in groups.values():
        for i in members:
            for j in members:
                if lines.now[i] > lines.now[j] and (lines.m[j] - lines.m[i]) * side > 0:
                    found.append((i, j))
    return tuple((lines.ids[i], lines.ids[j]) for i, j in sorted(found))
