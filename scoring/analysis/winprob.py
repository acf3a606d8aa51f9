"""Win probability: a bootstrap over evaluators, drawn or enumerated exactly (analysis.md §2.2)."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.analysis.panels import Panel, panels, resamples
from scoring.analysis.tally import Drawn, Tally, in_draw, tally_draw
from scoring.engine.totals import rescore_parts
from scoring.model.errors import ScoringError
from scoring.model.results import Evaluation

MAX_EXACT_RESAMPLES = 100_000
"""`--exact` enumerates every ordered draw: beyond this (a committee of seven has 823,543) it is
refused (analysis.md §2.2)."""

Draw = tuple[tuple[str, ...], ...]
"""One draw: per panel, in `panels` order, the evaluators drawn."""


class TooManyResamples(ScoringError):
    """`--exact` asked for more ordered draws than MAX_EXACT_RESAMPLES: a misuse (exit 2)."""


@dataclass(frozen=True)
class Chance:
    """One qualified candidate's figures over the draws kept."""

    id: str
    name: str
    p_first: Fraction | None
    """Σ 1/k over the draws it shares first place with k − 1 others, over D; None when D = 0."""
    low: Decimal | None
    """The ⌈0.05·D⌉-th smallest of its reported totals; None when D = 0."""
    high: Decimal | None
    """The ⌈0.95·D⌉-th smallest."""


@dataclass(frozen=True)
class WinProbability:
    """The bootstrap's result."""

    exact: bool
    draws: int
    """Draws asked for (Monte Carlo) or taken (exact: `resamples`)."""
    discarded: int
    seed: int | None
    resamples: int
    candidates: tuple[Chance, ...]


def win_probability(evaluation: Evaluation, *, draws: int = 2000, seed: int = 0,
                    exact: bool = False) -> WinProbability:
    """Each qualified candidate's chance of ranking first had the evaluators been another sample.

    Monte Carlo: one `random.Random(seed)`; per draw, per panel in `panels` order, n calls of
    `randrange(n)`, nothing else, so the output is the same on every machine. Exact: every ordered
    draw once, grouped by the multiset drawn (its count of orders as its weight). Raises
    `TooManyResamples` when `exact` would take more than MAX_EXACT_RESAMPLES draws.
    """
    found = panels(evaluation)
    count = resamples(found)
    if exact and count > MAX_EXACT_RESAMPLES:
        raise TooManyResamples(f"--exact would take {count:,} resamples, more than "
                               f"{MAX_EXACT_RESAMPLES:,}; use --draws instead")
    weighted = _enumerated(found) if exact else ((d, 1) for d in _drawn(found, draws, seed))
    tally = Tally(evaluation)
    for draw, weight in weighted:
        tally_draw(tally, _totals(evaluation, found, draw, tally.memo), weight)
    return WinProbability(exact, count if exact else draws, tally.discarded, None if exact else seed,
                          count, tally.chances())


def _drawn(found: Sequence[Panel], draws: int, seed: int) -> Iterator[Draw]:
    rng = random.Random(seed)  # an int seed: the same stream on every platform and Python
    for _ in range(draws):
        yield tuple(tuple(p.evaluators[rng.randrange(len(p.evaluators))] for _ in p.evaluators) for p in found)


def _enumerated(found: Sequence[Panel]) -> Iterator[tuple[Draw, int]]:
    """Every multiset per panel with the number of ordered draws giving it: n! / Π cᵢ!."""
    per_panel = []
    for p in found:
        n = len(p.evaluators)
        options = []
        for chosen in itertools.combinations_with_replacement(p.evaluators, n):
            orders = math.factorial(n)
            for name in set(chosen):
                orders //= math.factorial(chosen.count(name))
            options.append((chosen, orders))
        per_panel.append(options)
    for combo in itertools.product(*per_panel):
        yield tuple(chosen for chosen, _ in combo), math.prod(orders for _, orders in combo)


def _totals(evaluation: Evaluation, found: Sequence[Panel], draw: Draw,
            memo: dict[tuple[str, tuple[str, ...]], Drawn | None]) -> dict[str, Drawn | None]:
    """Each qualified candidate's exact total and tie-break parts in this draw, through `rescore_parts`;
    None: not scorable."""
    drawn: dict[str, list[str]] = {}
    for panel, chosen in zip(found, draw, strict=True):
        for member in panel.members:
            drawn.setdefault(member, []).extend(chosen)
    out: dict[str, Drawn | None] = {}
    for result in evaluation.candidates:
        if result.score is None:
            continue
        ident = result.candidate.id
        key = (ident, tuple(sorted(drawn.get(ident, ()))))  # the aggregate ignores the order drawn
        if key not in memo:
            memo[key] = in_draw(evaluation, result, rescore_parts(evaluation, ident, key[1]))
        out[ident] = memo[key]
    return out
