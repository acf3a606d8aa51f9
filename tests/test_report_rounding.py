"""`rounding: items`: every output prints the engine's rounded contributions and their sums.

The rubric below is worked by hand once, here, and every test checks its figures:

- `total: 20`, two sections of weight 50%, so each section's share is 50% × 20 = 10.
- Section a holds three criteria of 1 point each (3 points in all): each criterion's share is
  1/3 × 10 = 10/3 = 3.3333…; section b holds one criterion of 1 point, whose share is 10.
- The one evaluator gives every criterion 1 on a 0–1 scale: full points everywhere.
- Exactly, each of a's criteria contributes 10/3, a earns 10 and the total is 20.00.
- Under `rounding: items` each contribution is rounded half-up first: 3.3333… → 3.33 (the
  third decimal 3 < 5 rounds down); b1's 10 stays 10.00. Section a is 3.33 + 3.33 + 3.33 =
  9.99, section b 10.00, the total 9.99 + 10.00 = 19.99: a committee adding the printed column
  gets the printed total. Rounding the exact total instead would print 20.00.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from scoring.cli import cli
from scoring.pipeline import score_files
from scoring.render.publish import write_forms, write_report
from tests.poppler import needs_poppler, pdftotext

RUBRIC = """\
id: thirds
title: Thirds
subject: vendor
locale: en
total: 20
decimals: 2
{rounding}
sections:
  - id: a
    title: Part A
    weight: 50%
    criteria:
      - {{id: a1, title: First, points: 1, scale: {{direct: {{min: 0, max: 1}}}}}}
      - {{id: a2, title: Second, points: 1, scale: {{direct: {{min: 0, max: 1}}}}}}
      - {{id: a3, title: Third, points: 1, scale: {{direct: {{min: 0, max: 1}}}}}}
  - id: b
    title: Part B
    weight: 50%
    criteria:
      - {{id: b1, title: Fourth, points: 1, scale: {{direct: {{min: 0, max: 1}}}}}}
"""

INPUT = """\
rubric: thirds.yaml
title: One bid
date: 2026-01-05
evaluators:
  e1: {name: Wang}
candidates:
  - id: acme
    name: Acme
    scores:
      e1: {a1: 1, a2: 1, a3: 1, b1: 1}
"""

# A criterion's row ends with its points (1 of 1, shown to the rubric's 2 decimals) and what it
# adds to the total: the rounded 10/3.
ROW = '<td class="num">1.00</td><td class="num">3.33</td></tr>'


def files(tmp_path: Path, rounding: str = "rounding: items") -> tuple[str, str]:
    """The rubric (with `rounding`) and the input, written into `tmp_path`."""
    rubric, data = tmp_path / "thirds.yaml", tmp_path / "bid.yaml"
    rubric.write_text(RUBRIC.format(rounding=rounding), encoding="utf-8")
    data.write_text(INPUT, encoding="utf-8")
    return str(rubric), str(data)


def compact(html: str) -> str:
    """HTML with the layout white space between tags taken out."""
    return re.sub(r">\s+<", "><", html)


def assert_items_figures(html: str) -> None:
    """The three 3.33, the 9.99 subtotal that adds them, and the 19.99 total that adds sections."""
    assert html.count(ROW) == 3
    assert "Subtotal: 3.33 + 3.33 + 3.33 = 9.99" in html
    assert "Total: 9.99 + 10.00 = 19.99" in html
    assert '<span class="total">19.99</span>' in html
    assert "20.00" not in html  # the rounded exact total appears nowhere
    assert "each criterion&#39;s contribution is rounded half-up to 2 decimals" in html


def assert_page_figures(html: str, part_a: str, total: str) -> None:
    """The bidder's working page: the subtotal row of Part A and the total row, with their formulas."""
    assert html.count(ROW) == 3
    assert ('<tr class="subtotal"><td>Subtotal Part A</td><td class="num">10</td>'
            f'<td class="value" colspan="1">{part_a}</td>') in html
    assert f'<tr class="total"><td>Total</td><td class="num">20</td><td class="value" colspan="1">{total}</td>' in html


def test_the_report_prints_the_rounded_contributions_and_their_sums(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    write_report(score_files(*files(tmp_path)), out)
    html = compact(out.read_text(encoding="utf-8"))
    assert_page_figures(html, "3.33 + 3.33 + 3.33 = 9.99", "9.99 + 10.00 = 19.99")
    assert "20.00" not in html  # the rounded exact total appears nowhere
    assert "each criterion&#39;s contribution is rounded half-up to 2 decimals" in html
    # The ranking row: rank 1, Acme, total 19.99, no grade, then sections a (9.99) and b (10.00).
    assert ('<td class="num">1</td><td>Acme</td><td class="num">19.99</td><td></td>'
            '<td class="num">9.99</td><td class="num">10.00</td>') in html


def test_a_form_prints_the_same_figures(tmp_path: Path) -> None:
    write_forms(score_files(*files(tmp_path)), tmp_path / "forms", fmt="html", jobs=1)
    assert_items_figures(compact((tmp_path / "forms" / "acme.html").read_text(encoding="utf-8")))


def test_under_rounding_total_the_report_rounds_the_exact_total(tmp_path: Path) -> None:
    # The same rubric without `rounding: items`: section a is 3 of 3 points × its share 10 =
    # 10.00, the total 10 + 10 = 20.00; each row still shows 3.33, rounded for display only.
    out = tmp_path / "report.html"
    write_report(score_files(*files(tmp_path, rounding="")), out)
    html = compact(out.read_text(encoding="utf-8"))
    assert_page_figures(html, "3 ÷ 3 × 10 = 10.00", "10.00 + 10.00 = 20.00")
    assert "19.99" not in html and "9.99" not in html


@needs_poppler
def test_the_pdf_reads_back_with_the_same_figures(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    write_report(score_files(*files(tmp_path)), out)
    text = pdftotext("-layout", out)
    assert "3.33 + 3.33 + 3.33 = 9.99" in text
    assert "9.99 + 10.00 = 19.99" in text
    assert len(re.findall(r"\b1\.00\s+3\.33\b", text)) == 3  # each criterion's points and contribution
    assert "20.00" not in text


def test_json_and_table_print_the_same_figures(tmp_path: Path, runner: CliRunner) -> None:
    rubric, data = files(tmp_path)
    result = runner.invoke(cli, ["score", rubric, data, "--format", "json", "--working"])
    assert result.exit_code == 0, result.output
    acme = json.loads(result.output)["candidates"][0]
    assert acme["total"] == 19.99
    assert acme["sections"] == {"a": 9.99, "b": 10.0}
    work = acme["working"]
    assert [work["criteria"][c]["contribution"] for c in ("a1", "a2", "a3", "b1")] == [3.33, 3.33, 3.33, 10.0]
    assert work["sections"]["a"]["points"] == 9.99
    table = runner.invoke(cli, ["score", rubric, data])
    assert table.exit_code == 0, table.output
    row = next(line for line in table.output.splitlines() if "Acme" in line)
    assert row.split() == ["1", "acme", "Acme", "19.99", "9.99", "10.00"]
