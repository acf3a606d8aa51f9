"""Win probability (analysis.md §2.2): exact enumeration of small panels, a seeded bootstrap that
gives the same bytes every time, and the refusal of --exact on a large panel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scoring.cli import cli

BIDS = {"id": "bids", "title": "bids", "criteria": [
    {"id": "tech", "title": "tech", "points": "70", "scale": {"direct": {"min": "0", "max": "70"}}},
    {"id": "price", "title": "price", "points": "30", "scale": {"direct": {"min": "0", "max": "30"}}}]}
BIDS_INPUT = {"candidates": [
    {"id": "X", "facts": {"price": "30"}, "scores": {"j1": {"tech": "60"}, "j2": {"tech": "62"}, "j3": {"tech": "70"}}},
    {"id": "Y", "facts": {"price": "27"}, "scores": {"j1": {"tech": "64"}, "j2": {"tech": "64"}, "j3": {"tech": "64"}}}]}


def _files(tmp_path: Path, rubric: dict[str, Any], data: dict[str, Any]) -> list[str]:
    (tmp_path / "r.yaml").write_text(json.dumps(rubric), encoding="utf-8")
    (tmp_path / "i.yaml").write_text(json.dumps(data), encoding="utf-8")
    return [str(tmp_path / "r.yaml"), str(tmp_path / "i.yaml")]


def test_three_judges_exact(runner: Any, tmp_path: Path) -> None:
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, BIDS, BIDS_INPUT), "--exact", "--format", "json"])
    assert out.exit_code == 0, out.output
    win = json.loads(out.stdout)["win"]
    # analysis.md §2.2's worked example: 3³ = 27 ordered draws; X (drawn mean + 30) loses only when
    # its drawn sum is below 183: (60, 60, 60) once, (60, 60, 62) in 3 orders: P(X) = 23/27.
    # X's sorted totals: 90.00, 90.67 ×3, …, 97.33 ×3, 100.00: the 2nd and the 26th.
    assert win == {"exact": True, "draws": 27, "discarded": 0, "seed": None, "resamples": 27, "candidates": [
        {"id": "X", "name": "X", "p_first": 0.8519, "p_first_exact": "23/27", "low": 90.67, "high": 97.33},
        {"id": "Y", "name": "Y", "p_first": 0.1481, "p_first_exact": "4/27", "low": 91.0, "high": 91.0}]}


def test_two_judges_exact_with_ties(runner: Any, tmp_path: Path) -> None:
    rubric = {"id": "two", "title": "two", "criteria": [
        {"id": "q", "title": "q", "weight": "100%", "scale": {"direct": {"min": "0", "max": "10"}}}]}
    data = {"candidates": [{"id": "A", "scores": {"j1": {"q": "8"}, "j2": {"q": "4"}}},
                           {"id": "B", "scores": {"j1": {"q": "6"}, "j2": {"q": "6"}}}]}
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, rubric, data), "--exact", "--format", "json"])
    assert out.exit_code == 0, out.output
    win = json.loads(out.stdout)["win"]
    # 2² = 4 draws: (j1, j1) A 80 > B 60; (j1, j2) and (j2, j1) A 60 = B 60, each 1/2;
    # (j2, j2) A 40 < 60. P(A) = (1 + ½ + ½)/4 = 1/2 = P(B). A's totals 40, 60, 60, 80:
    # ⌈0.05·4⌉ = 1st → 40, ⌈0.95·4⌉ = 4th → 80.
    assert win["resamples"] == 4
    assert [(c["id"], c["p_first_exact"], c["p_first"], c["low"], c["high"]) for c in win["candidates"]] == [
        ("A", "1/2", 0.5, 40.0, 80.0), ("B", "1/2", 0.5, 60.0, 60.0)]


def test_same_seed_same_bytes(runner: Any, tmp_path: Path) -> None:
    files = _files(tmp_path, BIDS, BIDS_INPUT)
    first = runner.invoke(cli, ["sensitivity", *files, "--draws", "300", "--seed", "7", "--format", "json"])
    again = runner.invoke(cli, ["sensitivity", *files, "--draws", "300", "--seed", "7", "--format", "json"])
    other = runner.invoke(cli, ["sensitivity", *files, "--draws", "300", "--seed", "8", "--format", "json"])
    assert first.exit_code == 0 and first.stdout_bytes == again.stdout_bytes
    win = json.loads(first.stdout)["win"]
    assert (win["exact"], win["draws"], win["seed"], win["resamples"]) == (False, 300, 7, 27)
    assert win["candidates"][0]["p_first_exact"] is None
    # Y's total never moves (its judges agree); only X's draws differ between seeds.
    assert json.loads(other.stdout)["win"]["candidates"][1]["low"] == 91.0
    table = runner.invoke(cli, ["sensitivity", *files, "--draws", "300", "--seed", "7"])
    assert "300 draws, seed 7" in table.stdout


def test_seed_draws_as_documented(runner: Any, tmp_path: Path) -> None:
    import random

    # One draw: random.Random(3), three calls randrange(3) over (j1, j2, j3) in input order.
    rng = random.Random(3)
    drawn = [["60", "62", "70"][rng.randrange(3)] for _ in range(3)]
    x = sum(int(v) for v in drawn) / 3 + 30
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, BIDS, BIDS_INPUT), "--draws", "1", "--seed", "3",
                              "--format", "json"])
    got = json.loads(out.stdout)["win"]["candidates"]
    assert [c for c in got if c["id"] == "X"][0]["low"] == round(x, 2)


def test_exact_refused_for_seven(runner: Any, tmp_path: Path) -> None:
    judges = {f"j{n}": {"tech": "60"} for n in range(7)}
    data = {"candidates": [{"id": "X", "facts": {"price": "30"}, "scores": judges}]}
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, BIDS, data), "--exact"])
    # 7⁷ = 823,543 ordered draws: a misuse that depends on the input, exit 2.
    assert out.exit_code == 2
    assert "--exact would take 823,543 resamples, more than 100,000; use --draws instead" in out.output


def test_invalid_input_before_exact(runner: Any, tmp_path: Path) -> None:
    judges = {f"j{n}": {"tech": "99"} for n in range(7)}  # above the scale's 70
    data = {"candidates": [{"id": "X", "facts": {"price": "30"}, "scores": judges}]}
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, BIDS, data), "--exact"])
    assert out.exit_code == 1


def test_bad_seed_is_misuse(runner: Any, tmp_path: Path) -> None:
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, BIDS, BIDS_INPUT), "--seed", "-1"])
    assert out.exit_code == 2


def test_a_fact_tie_break_decides_every_tied_draw(runner: Any, tmp_path: Path) -> None:
    # Both judges give A and B the same points, so every draw ties them on the total; the
    # tie-break is the bid price as given, lowest first: B's 90 beats A's 100 in all 2² = 4
    # draws, so P(B) = 1 and P(A) = 0 (without the fact entry each would get 1/2).
    rubric = {"id": "tie", "title": "tie", "tie-break": [{"fact": "bid_price", "order": "lowest-first"}],
              "facts": {"bid_price": {"title": "报价"}},
              "criteria": [{"id": "q", "title": "q", "weight": "100%", "scale": {"direct": {"min": "0", "max": "10"}}}]}
    data = {"candidates": [
        {"id": "A", "facts": {"bid_price": "100"}, "scores": {"j1": {"q": "8"}, "j2": {"q": "6"}}},
        {"id": "B", "facts": {"bid_price": "90"}, "scores": {"j1": {"q": "8"}, "j2": {"q": "6"}}}]}
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, rubric, data), "--exact", "--format", "json"])
    assert out.exit_code == 0, out.output
    chances = {c["id"]: c["p_first_exact"] for c in json.loads(out.stdout)["win"]["candidates"]}
    assert chances == {"A": "0", "B": "1"}


@pytest.mark.parametrize("tie_break", [
    # The tie-break q alone.
    ["q"],
    # As in `score`, candidates lacking a tie-break fact tie on that entry and the next entry
    # still decides: neither has bid_price, so q decides as above.
    [{"fact": "bid_price", "order": "lowest-first"}, "q"],
], ids=["judged", "after-a-missing-fact"])
def test_a_judged_tie_break_is_rescored_in_every_draw(runner: Any, tmp_path: Path, tie_break: list[Any]) -> None:
    # Each draw is ranked as `score` ranks. A earns 10 on q and 0 on r from both judges, B the
    # reverse, so every draw ties them at 50/100 × 50 + … = 50; the tie-break q, rescored in the
    # draw, gives A 50 points against B's 0: A is first in all 2² = 4 draws, P(A) = 1.
    # (Stopping the tie-break at a judged criterion, or at the missing fact, would have shared
    # first place: ½ each.)
    rubric = {"id": "judged-tie", "title": "t", "tie-break": tie_break, "criteria": [
        {"id": "q", "title": "q", "weight": "50%", "scale": {"direct": {"min": "0", "max": "10"}}},
        {"id": "r", "title": "r", "weight": "50%", "scale": {"direct": {"min": "0", "max": "10"}}}]}
    data = {"candidates": [
        {"id": "A", "scores": {"j1": {"q": "10", "r": "0"}, "j2": {"q": "10", "r": "0"}}},
        {"id": "B", "scores": {"j1": {"q": "0", "r": "10"}, "j2": {"q": "0", "r": "10"}}}]}
    out = runner.invoke(cli, ["sensitivity", *_files(tmp_path, rubric, data), "--exact", "--format", "json"])
    assert out.exit_code == 0, out.output
    chances = {c["id"]: c["p_first_exact"] for c in json.loads(out.stdout)["win"]["candidates"]}
    assert chances == {"A": "1", "B": "0"}
