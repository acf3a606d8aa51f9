"""The committee report of documents.md §3 and §5: 评分汇总表, 价格分计算, a page per bidder, layout.

Real PDFs rendered with WeasyPrint and read back with poppler; every expected figure is worked
by hand in the comment beside it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, RUBRICS

from scoring.pipeline import score_files
from scoring.render.publish import ReportOptions, write_report
from tests.poppler import needs_poppler, pdftotext

pytestmark = needs_poppler

MARGIN = 15.0
"""Every word at least this many points inside every paper edge (documents.md §5)."""

# documents.md §3.2's example: two 10-point direct criteria in a 60% section, a 10-point price
# criterion in a 40% section, three evaluators, median. X's price 1,000,000 against the lowest,
# Y's 650,000, earns 650,000 / 1,000,000 × 10 = 6.5 points.
EXAMPLE_RUBRIC = """\
title: 示例
subject: vendor
locale: zh
total: 100
decimals: 2
currency: CNY
evaluators: {method: median}
sections:
  - id: tech
    title: 技术
    weight: 60%
    criteria:
      - {id: q1, title: 方案, points: 10, scale: {direct: {min: 0, max: 10}}}
      - {id: q2, title: 服务, points: 10, scale: {direct: {min: 0, max: 10}}}
  - id: price
    title: 价格
    weight: 40%
    criteria:
      - {id: bid, title: 投标报价, points: 10, scale: {ratio: lowest}}
"""

EXAMPLE_INPUT = """\
rubric: rubric.yaml
evaluators: {a: {name: 评委甲}, b: {name: 评委乙}, c: {name: 评委丙}}
candidates:
  - id: x
    name: 某X公司
    facts: {bid: 1000000}
    scores: {a: {q1: 8, q2: 6}, b: {q1: 7, q2: 8}, c: {q1: 9, q2: 9}}
  - id: y
    name: 某Y公司
    facts: {bid: 650000}
    scores: {a: {q1: 10, q2: 10}, b: {q1: 10, q2: 10}, c: {q1: 10, q2: 10}}
"""


def render(tmp_path: Path, rubric: str, data: str, suffix: str = ".pdf") -> Path:
    """Write the report of `data` scored against `rubric` (both given as files) and return its path."""
    out = tmp_path / f"report{suffix}"
    write_report(score_files(rubric, data), out, ReportOptions())
    return out


def written(tmp_path: Path, rubric: str, data: str) -> tuple[str, str]:
    """The two YAML texts as files in `tmp_path`."""
    (tmp_path / "rubric.yaml").write_text(rubric, encoding="utf-8")
    (tmp_path / "input.yaml").write_text(data, encoding="utf-8")
    return str(tmp_path / "rubric.yaml"), str(tmp_path / "input.yaml")


def row(layout: str, label: str) -> list[str]:
    """The cells after `label` on the first line of the 评分汇总表 that starts with it."""
    for line in layout.split("评分汇总表", 1)[1].splitlines():
        cells = line.split()
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label}")


def test_the_summary_table_of_the_spec_example(tmp_path: Path) -> None:
    pdf = render(tmp_path, *written(tmp_path, EXAMPLE_RUBRIC, EXAMPLE_INPUT))
    layout = pdftotext("-layout", pdf)
    # Columns in input order: X, then Y. For X:
    # a: (8 + 6) / 20 × 60 + 6.5 / 10 × 40 = 42 + 26 = 68.00
    # b: (7 + 8) / 20 × 60 + 26 = 45 + 26 = 71.00
    # c: (9 + 9) / 20 × 60 + 26 = 54 + 26 = 80.00
    # 最终得分: median(8, 7, 9) = 8, median(6, 8, 9) = 8: 16 / 20 × 60 + 26 = 74.00 (not 71.00).
    # Y: 20 / 20 × 60 + 10 / 10 × 40 = 100.00 in every row; it ranks 1, X 2.
    assert row(layout, "评委甲") == ["68.00", "100.00"]
    assert row(layout, "评委乙") == ["71.00", "100.00"]
    assert row(layout, "评委丙") == ["80.00", "100.00"]
    assert row(layout, "最终得分") == ["74.00", "100.00"]
    assert row(layout, "名次") == ["2", "1"]
    assert "逐项" in layout


def test_the_price_working_shows_the_benchmark_and_each_formula(tmp_path: Path) -> None:
    pdf = render(tmp_path, *written(tmp_path, EXAMPLE_RUBRIC, EXAMPLE_INPUT))
    flat = re.sub(r"\s+", "", pdftotext(pdf))
    # The lowest qualified price is Y's 650,000, money alone carries 元.
    assert re.sub(r"\s+", "", "评标基准价：650,000.00 元（某Y公司，通过资格审查的投标人中最低的评标价格）") in flat
    # X: 650,000 ÷ 1,000,000 × 10 = 6.5 → 6.50; Y: 650,000 ÷ 650,000 × 10 = 10.00.
    assert "650,000.00÷1,000,000.00×10=6.50" in flat
    assert "650,000.00÷650,000.00×10=10.00" in flat
    assert "评标价格（元）" in flat


def test_the_summary_table_of_the_bundled_vendor_example(tmp_path: Path) -> None:
    pdf = render(tmp_path, str(RUBRICS / "crm-vendor-selection.yaml"), str(EXAMPLES / "crm-vendor-bids.yaml"))
    layout = pdftotext("-layout", pdf)
    # Columns 甲 乙 丙 (input order; 丁 failed the gate and gets none). 评委一 on 甲: tech points
    # 5+5+3+5+5+5+2+2+2+0 = 34 of 38, price section rank 4 + 4, analytics 3, interfaces 2,
    # 3 months ≤ 3 gives 2: 15 of 19; 34/38 × 60 + 15/19 × 40 = 53.684… + 31.578… = 85.26.
    # 评委一 on 乙: 25 + 3 + 2 + 2 + 2 + 2 = 36 of 38; 3 + 5 + 5 + 0 + 0 = 13 of 19:
    # 56.842… + 27.368… = 84.21.
    assert row(layout, "评委一")[:2] == ["85.26", "84.21"]
    assert row(layout, "名次") == ["2", "1", "3"]
    header = row(layout, "评委")
    assert header == ["甲公司", "乙公司", "丙公司"]


LONG = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz" * 2


def crowded(panel: int = 5, sizes: tuple[int, ...] = (5, 5, 5, 4)) -> tuple[str, str]:
    """A tender of 4 bidders with long names and ids, criteria in sections of `sizes` (the last one
    also holds the price: 20 criteria by default), `panel` evaluators with long names, review."""
    criteria = []
    last = len(sizes) - 1
    for s, size in enumerate(sizes):
        items = "".join(
            f"      - {{id: c{s}{i}, title: 第{s}{i}项评分要求：投标人应当提供完整的技术说明文件和{LONG[:30]}证明材料, "
            f"points: 5, scale: {{direct: {{min: 0, max: 5}}}}}}\n" for i in range(size))
        weight = "40%" if s == last else f"{60 // last}%"
        criteria.append(f"  - id: s{s}\n    title: 第{s}部分 很长的部分名称用于检查换行\n    weight: {weight}\n"
                        f"    criteria:\n{items}" + ("      - {id: price, title: 投标报价, points: 5, scale: {ratio: lowest}}\n"
                                                     if s == last else ""))
    rubric = ("title: 拥挤的招标项目评分标准用于检查版面\nsubject: vendor\nlocale: zh\ntotal: 100\ndecimals: 2\n"
              "currency: CNY\nevaluators: {method: trimmed-mean, trim: 1}\nreview: {deviation: 40%}\nsections:\n"
              + "".join(criteria))
    ids = [f"c{s}{i}" for s, size in enumerate(sizes) for i in range(size)]
    evaluators = "".join(f"  ev{k}: {{name: 评标委员会成员第{k}位专家{LONG[:12]}}}\n" for k in range(panel))
    bidders = []
    for b in range(4):
        # Evaluators agree (3 to 5) except ev0, who gives 0 on the first criterion: one review flag each.
        marks = [", ".join(f"{c}: {0 if k == n == 0 else 3 + (b + n) % 3}" for n, c in enumerate(ids)) for k in range(panel)]
        scores = "".join(f"      ev{k}: {{{m}}}\n" for k, m in enumerate(marks))
        bidders.append(f"  - id: bidder-{b}-{LONG[:80]}\n    name: 第{b}号投标人有限责任公司{LONG[:40]}\n"
                       f"    facts: {{price: {1_000_000 + 123_457 * b}}}\n    scores:\n{scores}")
    data = "rubric: rubric.yaml\ntitle: 拥挤的招标\nevaluators:\n" + evaluators + "candidates:\n" + "".join(bidders)
    return rubric, data


@pytest.fixture(scope="module")
def crowded_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("crowded")
    files = written(tmp, *crowded())
    return render(tmp, *files), render(tmp, *files, suffix=".html")


def test_every_word_of_a_crowded_tender_stays_inside_the_margins(crowded_pdf: tuple[Path, Path]) -> None:
    boxes = pdftotext("-bbox-layout", crowded_pdf[0])
    outside = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)', page.group(3)):
            x0, y0, x1, y1 = (float(w.group(i)) for i in range(1, 5))
            if x0 < MARGIN or y0 < MARGIN or x1 > width - MARGIN or y1 > height - MARGIN:
                outside.append(w.group(5))
    assert outside == []


def test_no_heading_ends_a_page(crowded_pdf: tuple[Path, Path]) -> None:
    html = crowded_pdf[1].read_text(encoding="utf-8")
    headings = {re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", h)) for h in
                re.findall(r"<(?:h[1-6]|caption)[^>]*>(.*?)</(?:h[1-6]|caption)>", html, re.S)}
    headings.discard("")
    pages = pdftotext(crowded_pdf[0]).split("\f")
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip() and not re.match(r"\s*第 ?\d+ ?页", line)]
        if lines:
            last = re.sub(r"\s+", "", lines[-1])
            assert last not in headings, last


def pages_of(pdf: Path) -> list[str]:
    """Each page's text in layout order (the last element after the final form feed dropped)."""
    return pdftotext("-layout", pdf).split("\f")[:-1]


def bidder_pages(pages: list[str]) -> dict[int, list[int]]:
    """For each bidder number (第N号), the pages (1-based) on which its working appears: from its
    heading line through its total row (总分, the rubric's total 100)."""
    found: dict[int, list[int]] = {}
    current = None
    for number, page in enumerate(pages, start=1):
        heading = re.search(r"^\s*\d\. 第(\d)号投标人有限责任公司", page, re.M)
        if heading:
            current = int(heading.group(1))
        if current is not None:
            found.setdefault(current, []).append(number)
        if re.search(r"^\s*总分\s+100\s", page, re.M):
            current = None
    return found


def test_a_crowded_tender_fits_ten_pages_with_one_page_per_bidder(crowded_pdf: tuple[Path, Path]) -> None:
    info = subprocess.run(["pdfinfo", str(crowded_pdf[0])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    # Cover and ranking 1, summary and prices 1, review 1, standards ≤ 2, 4 bidders, signatures.
    assert pages <= 10
    on = bidder_pages(pages_of(crowded_pdf[0]))
    # Each of the 4 bidders' working, from heading to total row, on one page, each its own.
    assert sorted(on) == [0, 1, 2, 3]
    assert all(len(p) == 1 for p in on.values()), on
    assert len({p[0] for p in on.values()}) == 4


def test_a_nine_evaluator_bidder_page_with_25_criteria_fits_its_page(tmp_path: Path) -> None:
    # 6 + 6 + 6 + 6 judged criteria and the price: 25, the most §3.4 promises one page for.
    pdf = render(tmp_path, *written(tmp_path, *crowded(panel=9, sizes=(6, 6, 6, 6))))
    pages = pages_of(pdf)
    on = bidder_pages(pages)
    assert sorted(on) == [0, 1, 2, 3]
    assert all(len(p) == 1 for p in on.values()), on
    first = pages[on[0][0] - 1]
    assert re.search(r"^\s*25\. 投标报价", first, re.M)  # the 25th row, on the bidder's page


# Nine bidders, one evaluator: q1 (10 points, 60% section) and 供货能力 (10 points, 40% section,
# `ratio: highest` over the fact cap). 投标人k gives q1 = k and cap = 250 × k.
NINE_RUBRIC = """\
title: 九家投标
subject: vendor
locale: zh
total: 100
decimals: 2
sections:
  - id: tech
    title: 技术
    weight: 60%
    criteria:
      - {id: q1, title: 方案, points: 10, scale: {direct: {min: 0, max: 10}}}
  - id: supply
    title: 供货
    weight: 40%
    criteria:
      - {id: cap, title: 供货能力, points: 10, scale: {ratio: highest}}
"""
NINE_INPUT = "rubric: rubric.yaml\nevaluators: {a: {name: 评委甲}}\ncandidates:\n" + "".join(
    f"  - {{id: b{k}, name: 投标人{k}, facts: {{cap: {250 * k}}}, scores: {{a: {{q1: {k}}}}}}}\n" for k in range(1, 10))


def summary_rows(layout: str, label: str) -> list[list[str]]:
    """The cells after `label` on every line of the 评分汇总表 (all its tables) that starts with it."""
    part = layout.split("评分汇总表", 1)[1].split("价格分计算", 1)[0]
    return [line.split()[1:] for line in part.splitlines() if line.split()[:1] == [label]]


def test_a_summary_of_nine_bidders_is_split_and_repeats_its_row_labels(tmp_path: Path) -> None:
    layout = pdftotext("-layout", render(tmp_path, *written(tmp_path, NINE_RUBRIC, NINE_INPUT)))
    # Two tables: 投标人1–8, then 投标人9, each headed by 评委 and repeating every row label.
    assert summary_rows(layout, "评委") == [[f"投标人{k}" for k in range(1, 9)], ["投标人9"]]
    # The highest cap is 投标人9's 2,250. 投标人k: k / 10 × 60 + (250k / 2,250 × 10) / 10 × 40, exact,
    # rounded once: k = 1: 6 + 4.444… = 10.444… → 10.44; k = 4: 24 + 17.777… = 41.777… → 41.78;
    # k = 9: 54 + 40 = 94.00. One evaluator, so 最终得分 equals his row; ranks run 9 down to 1.
    first, second = summary_rows(layout, "评委甲")
    assert (first[0], first[3], second) == ("10.44", "41.78", ["94.00"])
    assert summary_rows(layout, "最终得分") == [first, second]
    assert summary_rows(layout, "名次") == [[str(9 - k) for k in range(8)], ["1"]]


def test_a_ratio_highest_working_names_the_highest_and_works_each_formula(tmp_path: Path) -> None:
    flat = re.sub(r"\s+", "", pdftotext(render(tmp_path, *written(tmp_path, NINE_RUBRIC, NINE_INPUT))))
    # 投标人9's cap 250 × 9 = 2,250 is the highest; not money (no currency, not a price): a fact.
    assert "基准值（最高）：2,250（投标人9，通过资格审查的投标人中的最高值）" in flat
    assert "本项数值÷最高值×分值=得分" in flat
    # 投标人1: 250 ÷ 2,250 × 10 = 1.111… → 1.11; 投标人4: 1,000 ÷ 2,250 × 10 = 4.444… → 4.44;
    # 投标人9: 2,250 ÷ 2,250 × 10 = 10.00.
    for formula in ("250÷2,250×10=1.11", "1,000÷2,250×10=4.44", "2,250÷2,250×10=10.00"):
        assert formula in flat
