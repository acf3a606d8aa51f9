"""Speed of `scoring sensitivity`'s two analyses (analysis.md §2, issue 15), each beside its limit.

  1. stability: exact first-place and ranking intervals for 1,000 candidates × 10 weighted
     sections (3 criteria each), the evaluation already done: limit 1 s;
  2. bootstrap: 2,000 draws on a 5-expert tender (5 bids, 6 judged criteria, trimmed mean, a
     price fact), the evaluation already done: limit 2 s.

Times are CPU seconds (process time), the best of 3 runs: the machines are shared.

    python bench/bench_analysis.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from scoring import evaluate, parse_input, parse_rubric
from scoring.analysis.items import build_model
from scoring.analysis.stability import stability
from scoring.analysis.winprob import win_probability


def _sectioned(candidates: int, sections: int) -> tuple[Any, Any]:
    rng = random.Random(1)
    rubric = parse_rubric({
        "id": "bench", "title": "bench",
        "sections": [{"id": f"s{i}", "title": f"s{i}", "weight": "10%", "criteria": [
            {"id": f"c{i}_{j}", "title": "c", "points": "10", "scale": {"direct": {"min": "0", "max": "10"}}}
            for j in range(3)]} for i in range(sections)]})
    data = parse_input({"candidates": [
        {"id": f"v{n}", "facts": {f"c{i}_{j}": str(rng.randint(0, 100) / 10) for i in range(sections) for j in range(3)}}
        for n in range(candidates)]}, rubric)
    return rubric, data


def _tender() -> tuple[Any, Any]:
    rng = random.Random(2)
    criteria = [{"id": f"t{j}", "title": "t", "points": "10", "scale": {"direct": {"min": "0", "max": "10"}}}
                for j in range(6)]
    criteria.append({"id": "price", "title": "price", "points": "40", "scale": {"direct": {"min": "0", "max": "40"}}})
    rubric = parse_rubric({"id": "tender", "title": "tender", "evaluators": {"method": "trimmed-mean", "trim": "1"},
                           "criteria": criteria})
    data = parse_input({"candidates": [
        {"id": f"bid{n}", "facts": {"price": str(rng.randint(300, 400) / 10)},
         "scores": {f"e{e}": {f"t{j}": str(rng.randint(40, 100) / 10) for j in range(6)} for e in range(5)}}
        for n in range(5)]}, rubric)
    return rubric, data


def _best(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    """Print both figures beside their limits."""
    evaluation = evaluate(*_sectioned(1000, 10))
    took = _best(lambda: stability(build_model(evaluation)))
    print(f"stability, 1,000 candidates × 10 sections: {took:.3f} s (limit 1 s) {'ok' if took < 1 else 'SLOW'}")
    tender = evaluate(*_tender())
    took = _best(lambda: win_probability(tender, draws=2000, seed=0))
    print(f"bootstrap, 2,000 draws, 5 experts × 5 bids: {took:.3f} s (limit 2 s) {'ok' if took < 2 else 'SLOW'}")


if __name__ == "__main__":
    main()
