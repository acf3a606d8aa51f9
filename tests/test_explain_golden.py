"""Golden outputs: `score --format json --working` stays byte-identical now that the working goes
through a number formatter, and explain's two formats for one hand-worked candidate in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import cli
from tests.test_explain import _tender

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "data" / "explain"


@pytest.mark.parametrize(("rubric", "data", "golden"), [
    ("rubrics/examples/gov-goods-tender.yaml", "rubrics/examples/gov-goods-bids.yaml", "gov-goods-working.json"),
    ("rubrics/crm-supervisor-appraisal.yaml", "rubrics/examples/crm-supervisor-q3.yaml", "crm-supervisor-working.json"),
])
def test_score_working_json_is_unchanged(rubric: str, data: str, golden: str) -> None:
    # Captured before serialize.py took a number formatter: rounded numbers, the same bytes.
    out = CliRunner().invoke(cli, ["score", str(ROOT / rubric), str(ROOT / data), "--format", "json", "--working"])
    assert out.exit_code == 0, out.output
    assert out.output == (GOLDEN / golden).read_text(encoding="utf-8")


def test_score_working_keeps_rounded_numbers_where_explain_writes_exact_strings(tmp_path: Path) -> None:
    _tender(tmp_path, "B")  # writes t.yaml and b.yaml
    out = CliRunner().invoke(cli, ["score", str(tmp_path / "t.yaml"), str(tmp_path / "b.yaml"),
                                   "--format", "json", "--working"])
    b = next(c for c in json.loads(out.output)["candidates"] if c["id"] == "B")
    # 180/19 = 9.4736… points: score rounds it to 9.47 (a number); explain keeps every digit as text.
    assert b["working"]["criteria"]["bid"]["points"] == 9.47
    exact = json.loads(_tender(tmp_path, "B", "bid", "--format", "json"))["criteria"]["bid"]["points"]
    assert exact.startswith("9.473684210526315789") and len(exact.split(".")[1]) <= 40


def test_explain_json_golden(tmp_path: Path) -> None:
    got = json.loads(_tender(tmp_path, "B", "record", "--format", "json"))
    # B's record: win = won / bids = 1 / 4 = 0.25 (< 0.5: band 0, 2 points of 10); share 60% × 10 / 20 = 30;
    # 2 / 10 × 30 = 6, under rounding: items 6 → "6" exact, "6.00" reported.
    assert got["criteria"] == {"record": {
        "source": "metric", "value": "0.25", "formula": "won / bids", "facts": {"won": "1", "bids": "4"},
        "evaluators": [], "aggregation": None,
        "rule": {"kind": "bands", "value": "0.25", "band": 0, "label": "", "min": None, "max": "0.5", "amount": "2"},
        "points": "2", "points_reported": "2.00", "maximum": "10", "share": "30", "contribution": "6",
        "moderated": None}}
    # Sections: price earned 180/19 of 10, share 40, points the rounded 37.89 (rounding: items).
    assert {k: v for k, v in got["sections"]["price"].items() if k != "earned"} == {
        "maximum": "10", "share": "40", "points": "37.89", "points_reported": "37.89"}
    assert {k: got[k] for k in ("total", "total_reported", "decimals", "grade", "grade_by_score", "moves",
                                "rank", "of", "tie")} == {
        "total": "63.89", "total_reported": "63.89", "decimals": 2, "grade": None, "grade_by_score": None,
        "moves": [], "rank": 2, "of": 2, "tie": None}


def test_explain_table_golden(tmp_path: Path) -> None:
    text = _tender(tmp_path, "B")
    # Worked by hand: design (6 + 7 + 7) / 3 = 20/3 ≈ 6.666667 (2 + 4 places), × 30 / 10 = 20 → 20.00;
    # win 1 / 4 = 0.25 → band 0, 2 points → 6.00; bid not an SME: 950000 as evaluated, benchmark
    # A's 1000000 − 10% = 900000, 900000 / 950000 = 18/19 ≈ 0.947368, 180/19 ≈ 9.473684 points,
    # × 40 / 10 = 37.89 (rounded); 20.00 + 6.00 = 26.00; 26.00 + 37.89 = 63.89; A has 94, so 2 of 2.
    assert text.splitlines()[1:] == [
        "gate delivery: passed (delivery_days = 30 ≤ 60)",
        "criterion design Design: from the evaluators' scores",
        "  Wang: 6 = 6 points",
        "  e2: 7 = 7 points",
        "  e3: 7 = 7 points",
        "  mean: (6 + 7 + 7) ÷ 3 = ≈6.666667",
        "  points ≈6.666667 of 10; adds ≈6.666667 ÷ 10 × 30, rounded half-up to 2 decimals: 20.00",
        "criterion record Record: from a metric",
        "  metric win = won / bids = 1 ÷ 4 = 0.25",
        "  band 0 (from – to 0.5): worth 2",
        "  points 2 of 10; adds 2 ÷ 10 × 30, rounded half-up to 2 decimals: 6.00",
        "criterion bid Bid price: from a fact",
        "  price as given: bid_price = 950000",
        "  evaluated price: 950000 (no adjustment applies)",
        "  benchmark 900000 (the lowest among the qualified, set by A; disqualified candidates are left out)",
        "  ratio: 900000 ÷ 950000 = ≈0.947368",
        "  points ≈9.473684 of 10; adds ≈9.473684 ÷ 10 × 40, rounded half-up to 2 decimals: 37.89",
        "section tech Technical: 20.00 + 6.00 = 26.00 of 60",
        "section price Price: 37.89 of 40",
        "total: the rounded parts 26.00 + 37.89 = 63.89 (rounding: items)",
        "rank: 2 of 2",
    ]


def test_explain_figures_are_exact_to_40_places(tmp_path: Path) -> None:
    got = json.loads(_tender(tmp_path, "B", "--format", "json"))
    # design (6 + 7 + 7) / 3 = 20/3 and tech earned 20/3 + 2 = 26/3: snapped to 40 places (api.md §6),
    # 6.666…67 and 8.666…67 (39 sixes, the 40th place rounded up to 7).
    assert got["criteria"]["design"]["points"] == "6." + "6" * 39 + "7"
    assert got["sections"]["tech"]["earned"] == "8." + "6" * 39 + "7"
