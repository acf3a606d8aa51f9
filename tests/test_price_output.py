"""The price working in `scoring score --format csv` and the table (procurement.md §4), on the
bundled example tender (rubrics/examples/gov-goods-tender.yaml with gov-goods-bids.yaml).

The example, worked by hand: a 30-point `ratio: lowest` price criterion `bid-price`; adjustments
`sme-deduction` 10% (when sme) and `consortium-deduction` 4% (when consortium and not sme and
sme_share >= 30%).
  甲 jia:  bid 500000, sme             -> 500000 × (1 − 0.10) = 450000
  乙 yi:   bid 470000, neither applies -> 470000
  丙 bing: bid 490000, consortium, 35% -> 490000 × (1 − 0.04) = 470400
Benchmark: the lowest evaluated price, 450000, set by jia (though yi's bid is lower).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLES

from scoring.cli import cli

TENDER = EXAMPLES / "gov-goods-tender.yaml"
BIDS = EXAMPLES / "gov-goods-bids.yaml"
PRICE_COLUMNS = ["bid-price.price", "bid-price.evaluated", "bid-price.adjustments"]


def _score(rubric: Path, bids: Path, *fmt: str) -> str:
    result = CliRunner().invoke(cli, ["score", str(rubric), str(bids), *fmt])
    assert result.exit_code == 0, result.output
    return result.output


def _prices(text: str) -> dict[str, list[str]]:
    """By candidate id, its three price cells."""
    return {row["id"]: [row[k] for k in PRICE_COLUMNS] for row in csv.DictReader(io.StringIO(text))}


def _variant(tmp_path: Path, rubric_edits: tuple[tuple[str, str], ...] = (),
             bids_edits: tuple[tuple[str, str], ...] = ()) -> Path:
    """Copies of the example with texts replaced (each replaced text must be there)."""
    for src, edits in ((TENDER, rubric_edits), (BIDS, bids_edits)):
        text = src.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text
            text = text.replace(old, new)
        (tmp_path / src.name).write_text(text, encoding="utf-8")
    return tmp_path


STACKED = (("when: consortium and not sme and sme_share >= 30%", "when: sme or consortium"),)
JIA_FAILS = (("facts: {bid_price: 500000, sme: yes, consortium: no, sme_share: 0%}\n    gates: {qualification: pass}",
              "facts: {bid_price: 500000, sme: yes, consortium: no, sme_share: 0%}\n    gates: {qualification: fail}"),)


def test_csv_has_three_price_columns_after_the_criteria() -> None:
    text = _score(TENDER, BIDS, "--format", "csv")
    header = text.splitlines()[0].split(",")
    # Sections tech, price; criteria functions, delivery-plan, bid-price; then bid-price's three.
    assert header[-6:] == ["functions", "delivery-plan", "bid-price", *PRICE_COLUMNS]
    # A price as given; an evaluated price is money computed here, half-up to 2 decimals;
    # the ids of the adjustments that applied; none for yi, whose evaluated price is its bid.
    assert _prices(text) == {
        "jia": ["500000", "450000.00", "sme-deduction"],          # 500000 × 0.90
        "bing": ["490000", "470400.00", "consortium-deduction"],  # 490000 × 0.96
        "yi": ["470000", "470000.00", ""],
    }


def test_csv_stacked_deductions_list_both_ids(tmp_path: Path) -> None:
    # The consortium deduction now also applies when sme: jia gets 10% + 4% = 14% of the
    # original price: 500000 × 0.86 = 430000 (not 500000 × 0.9 × 0.96 = 432000).
    folder = _variant(tmp_path, STACKED)
    text = _score(folder / TENDER.name, folder / BIDS.name, "--format", "csv")
    assert _prices(text)["jia"] == ["500000", "430000.00", "sme-deduction consortium-deduction"]
    # bing: consortium only, 4%: 490000 × 0.96 = 470400.
    assert _prices(text)["bing"] == ["490000", "470400.00", "consortium-deduction"]


def test_csv_disqualified_bid_has_empty_price_cells(tmp_path: Path) -> None:
    # jia fails its qualification gate: not scored, no price working.
    folder = _variant(tmp_path, bids_edits=JIA_FAILS)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(_score(folder / TENDER.name, folder / BIDS.name,
                                                                 "--format", "csv")))}
    assert [rows["jia"][k] for k in ("qualified", *PRICE_COLUMNS)] == ["no", "", "", ""]
    assert [rows["yi"][k] for k in PRICE_COLUMNS] == ["470000", "470000.00", ""]


def test_table_shows_prices_and_the_benchmark_with_who_set_it() -> None:
    text = _score(TENDER, BIDS)
    # Ranking order: jia 95.40, bing 89.30, yi 86.52 (each ranked row shown before the block);
    # yi had no adjustment, so it is not listed; the benchmark 450000 was set by jia.
    assert text.endswith(
        "\nPrices:\n"
        "  jia 甲公司 bid-price: price 500000, sme-deduction 10%, evaluated 450000.00\n"
        "  bing 丙公司 bid-price: price 490000, consortium-deduction 4%, evaluated 470400.00\n"
        "\nBenchmarks:\n"
        "  bid-price: 450000.00 set by jia 甲公司\n")


def test_table_a_disqualified_bid_never_sets_the_benchmark(tmp_path: Path) -> None:
    # jia (evaluated 450000, the lowest) fails a gate: the benchmark is the lowest evaluated
    # price of the qualified, min(470000 yi, 470400 bing) = 470000, set by yi.
    folder = _variant(tmp_path, bids_edits=JIA_FAILS)
    text = _score(folder / TENDER.name, folder / BIDS.name)
    assert ("\nPrices:\n"
            "  bing 丙公司 bid-price: price 490000, consortium-deduction 4%, evaluated 470400.00\n"
            "\nBenchmarks:\n"
            "  bid-price: 470000.00 set by yi 乙公司\n") in text
    assert "jia 甲公司 bid-price" not in text


def test_table_stacked_deductions_each_with_its_percent(tmp_path: Path) -> None:
    # 500000 × (1 − 0.10 − 0.04) = 430000; bing 470400; yi 470000: the benchmark is jia's 430000.
    folder = _variant(tmp_path, STACKED)
    text = _score(folder / TENDER.name, folder / BIDS.name)
    assert "  jia 甲公司 bid-price: price 500000, sme-deduction 10%, consortium-deduction 4%, evaluated 430000.00\n" in text
    assert text.endswith("\nBenchmarks:\n  bid-price: 430000.00 set by jia 甲公司\n")


def test_table_without_any_applied_adjustment(tmp_path: Path) -> None:
    # Neither condition holds for anyone: nothing deducted, every evaluated price is the bid;
    # the benchmark is the lowest bid, yi's 470000.
    folder = _variant(tmp_path, (("when: sme\n", "when: false\n"),
                                 ("when: consortium and not sme and sme_share >= 30%", "when: false")))
    text = _score(folder / TENDER.name, folder / BIDS.name)
    assert text.endswith("\nPrices:\n  no adjustment applied to a qualified candidate\n"
                         "\nBenchmarks:\n  bid-price: 470000.00 set by yi 乙公司\n")
    assert _prices(_score(folder / TENDER.name, folder / BIDS.name, "--format", "csv")) == {
        "jia": ["500000", "500000.00", ""], "yi": ["470000", "470000.00", ""], "bing": ["490000", "490000.00", ""]}


def test_no_price_block_or_columns_without_adjustments(tmp_path: Path) -> None:
    text = TENDER.read_text(encoding="utf-8")
    folder = _variant(tmp_path, ((text[text.index("adjustments:"):], ""),))
    table = _score(folder / TENDER.name, folder / BIDS.name)
    assert "Prices:" not in table and "Benchmarks:" not in table
    header = _score(folder / TENDER.name, folder / BIDS.name, "--format", "csv").splitlines()[0]
    assert header.endswith(",functions,delivery-plan,bid-price")


def test_working_value_is_the_price_as_given_and_the_rule_reads_the_evaluated_price() -> None:
    import json

    out = CliRunner().invoke(cli, ["score", str(TENDER), str(BIDS), "--format", "json", "--working"])
    assert out.exit_code == 0, out.output
    found = {c["id"]: c["working"]["criteria"]["bid-price"] for c in json.loads(out.output)["candidates"]}
    # api.md §2: `value` is the price as given, `rule.value` the evaluated price the scale read.
    # jia bids 500,000 and is a small firm: 500000 × (1 − 10%) = 450000, the lowest, so the benchmark.
    assert (found["jia"]["value"], found["jia"]["rule"]["value"], found["jia"]["rule"]["benchmark"]) == (
        500000, 450000, 450000)
    # bing bids 490,000 as a consortium: 490000 × (1 − 4%) = 470400.
    assert (found["bing"]["value"], found["bing"]["rule"]["value"]) == (490000, 470400)
    # yi has no deduction: 470,000 both as given and as evaluated.
    assert (found["yi"]["value"], found["yi"]["rule"]["value"]) == (470000, 470000)
