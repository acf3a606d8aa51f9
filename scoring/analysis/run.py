"""`scoring sensitivity` as one library call: both analyses of one evaluation."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.analysis.items import build_model
from scoring.analysis.stability import Stability, leader, stability
from scoring.analysis.winprob import WinProbability, win_probability
from scoring.model.results import Evaluation


@dataclass(frozen=True)
class Sensitivity:
    """Weight stability and win probability of one evaluation (analysis.md §2)."""

    evaluation: Evaluation
    leader: str | None
    """The qualified candidate with the highest exact total (the first listed of equal ones)."""
    weights: tuple[Stability, ...]
    """Per top-level weight, in the rubric's order; empty with a single weight."""
    win: WinProbability


def sensitivity(evaluation: Evaluation, *, draws: int = 2000, seed: int = 0, exact: bool = False) -> Sensitivity:
    """Both analyses; raises `TooManyResamples` for `exact` on too large a panel."""
    win = win_probability(evaluation, draws=draws, seed=seed, exact=exact)
    model = build_model(evaluation)
    best = leader(model)
    return Sensitivity(evaluation, None if best is None else model.ids[best], stability(model), win)
