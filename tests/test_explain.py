"""`scoring explain`'s additions: drop reasons, band bounds and amounts, rank best and worst (tooling.md)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scoring.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "tooling"
OLD = (DATA / "old.yaml").read_text(encoding="utf-8")


def test_text_says_which_dropped_score_was_highest_and_lowest() -> None:
    out = CliRunner().invoke(cli, ["explain", str(DATA / "old.yaml"), str(DATA / "bids.yaml"), "A", "design"])
    assert out.exit_code == 0, out.output
    # A's design: e1 9, e2 6, e3 8, e4 10; trim 1 drops the lowest (6, e2) and the highest (10, e4).
    assert "  e2: 6 = 6 points dropped (lowest)\n" in out.output
    assert "  e4: 10 = 10 points dropped (highest)\n" in out.output


def _json(tmp_path: Path, rubric: str, *args: str) -> dict[str, object]:
    (tmp_path / "r.yaml").write_text(rubric, encoding="utf-8")
    out = CliRunner().invoke(cli, ["explain", str(tmp_path / "r.yaml"), str(DATA / "bids.yaml"), *args,
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)  # type: ignore[no-any-return]


def test_band_hit_carries_its_bounds_and_amount(tmp_path: Path) -> None:
    bands = "{bands: [{max: 900000, points: 10}, {min: 900000, points: 4}]}"
    rubric = OLD.replace("{ratio: lowest}", bands)
    rule = _json(tmp_path, rubric, "B", "bid")["criteria"]["bid"]["rule"]  # type: ignore[index]
    # B bid 1000000: not below 900000, so the second band (index 1, from 900000, no upper bound), 4 points.
    assert (rule["band"], rule["min"], rule["max"], rule["amount"]) == (1, "900000", None, "4")


def test_rank_rule_carries_best_and_worst(tmp_path: Path) -> None:
    rank = "{rank: {order: lowest-first, first: 10, middle: 5, last: 0}}"
    rubric = OLD.replace("{ratio: lowest}", rank)
    rule = _json(tmp_path, rubric, "B", "bid")["criteria"]["bid"]["rule"]  # type: ignore[index]
    # Qualified bids 800000 (A) and 1000000 (B); lowest first: best 800000, worst 1000000; B is last.
    assert (rule["best"], rule["worst"], rule["place"]) == ("800000", "1000000", "last")
