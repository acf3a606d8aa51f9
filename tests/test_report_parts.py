"""Report parts built on the engines of issues 17 (history), 14, 16 and 15: real HTML and PDF read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import cli
from tests.poppler import needs_poppler, pdftotext
from tests.team import write_input, write_rubric


def _rubric(path: Path, work: int = 60, subject: str = "staff") -> Path:
    """total = quality/10 × work + manner/10 × (100 − work); one evaluator, so the mean is their score."""
    return write_rubric(path, work, 100 - work, subject=subject)


def _input(path: Path, aq: int, am: int, bq: int, bm: int, bob_gate: str = "pass") -> Path:
    """Ann's and Bob's quality and manner scores from one evaluator."""
    return write_input(path, {"ann": ((aq,), (am,)), "bob": ((bq,), (bm,))}, {"bob": bob_gate})


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """Two periods recorded out of order (2026Q2 first); the rubric weighs work 60%, conduct 40%.

    2026Q1: Ann 7, 5 → 7/10×60 + 5/10×40 = 42 + 20 = 62.00 (B, 2 of 2); Bob 9, 9 → 54 + 36 = 90.00 (A, 1 of 2).
    2026Q2: Ann 8, 5 → 48 + 20 = 68.00 (B, 2 of 2);                       Bob 9, 8 → 54 + 32 = 86.00 (A, 1 of 2).
    """
    rubric = _rubric(tmp_path / "rubric.yaml")
    db = tmp_path / "h.sqlite"
    for period, scores in (("2026Q2", (8, 5, 9, 8)), ("2026Q1", (7, 5, 9, 9))):
        data = _input(tmp_path / f"{period}.yaml", *scores)
        code, out = _run("record", rubric, data, "--period", period, "--db", db)
        assert code == 0, out
    return tmp_path


def _rows(html: str, candidate: str) -> list[list[str]]:
    """The cells of `candidate`'s trend table in the report's 历史趋势 section."""
    part = html[html.index('class="part history"'):]
    table = part[part.index(f"<h3>{candidate} "):]
    table = table[table.index("<tbody>"):table.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr.*?</tr>", table, re.S)]


def test_report_db_shows_earlier_periods_and_this_evaluation(recorded: Path) -> None:
    # This evaluation (not recorded): Ann 9, 6 → 54 + 24 = 78.00 (B; Bob disqualified, so 1 of 1).
    data = _input(recorded / "q3.yaml", 9, 6, 9, 9, bob_gate="fail")
    db = recorded / "h.sqlite"
    before = db.read_bytes()
    code, out = _run("report", recorded / "rubric.yaml", data, "-o", recorded / "r.html", "--db", db,
                     "--per-candidate", recorded / "forms", "--forms-format", "html")
    assert code == 0, out
    assert db.read_bytes() == before  # --db only reads
    html = (recorded / "r.html").read_text(encoding="utf-8")
    assert "<h2>Trend</h2>" in html
    # Changes: 68.00 − 62.00 = +6.00; 78.00 − 68.00 = +10.00; Bob 86.00 − 90.00 = −4.00.
    assert _rows(html, "Ann") == [["2026Q1", "62.00", "B", "2 of 2", "—"],
                                  ["2026Q2", "68.00", "B", "2 of 2", "+6.00"],
                                  ["this evaluation", "78.00", "B", "1 of 1", "+10.00"]]
    assert _rows(html, "Bob") == [["2026Q1", "90.00", "A", "1 of 2", "—"],
                                  ["2026Q2", "86.00", "A", "1 of 2", "−4.00"],
                                  ["this evaluation", "Disqualified", "—", "—", "—"]]
    # Ann's line: x = 40, 96, 152 (56 apart); y = 120 − round(total/100 × 110): 62 → 120 − 68 = 52,
    # 68 → 120 − 75 = 45, 78 → 120 − 86 = 34. Bob's ends where he was disqualified: 90 → 21, 86 → 25.
    assert '<polyline points="40,52 96,45 152,34"' in html
    assert '<polyline points="40,21 96,25"' in html
    assert '<circle cx="152" cy="34" r="4"' in html  # this evaluation's point is marked
    form = (recorded / "forms" / "ann.html").read_text(encoding="utf-8")
    assert "<h2>Trend</h2>" in form and "<td>+10.00</td>" not in form  # the cell is class="num"
    assert '<td class="num">+10.00</td>' in form and "Bob" not in form


def test_report_db_finds_the_recorded_period_and_does_not_show_it_twice(recorded: Path) -> None:
    # The 2026Q2 files themselves: the run recorded as 2026Q2 is this evaluation, shown once.
    code, out = _run("report", recorded / "rubric.yaml", recorded / "2026Q2.yaml", "-o", recorded / "r.html",
                     "--db", recorded / "h.sqlite")
    assert code == 0, out
    html = (recorded / "r.html").read_text(encoding="utf-8")
    assert _rows(html, "Ann") == [["2026Q1", "62.00", "B", "2 of 2", "—"],
                                  ["2026Q2 (this evaluation)", "68.00", "B", "2 of 2", "+6.00"]]
    # --period 2026Q1 with the same files: nothing is earlier than 2026Q1.
    code, out = _run("report", recorded / "rubric.yaml", recorded / "2026Q2.yaml", "-o", recorded / "r.html",
                     "--db", recorded / "h.sqlite", "--period", "2026Q1")
    assert code == 0, out
    html = (recorded / "r.html").read_text(encoding="utf-8")
    assert _rows(html, "Ann") == [["2026Q1 (this evaluation)", "68.00", "B", "2 of 2", "—"]]


def test_report_db_marks_a_rubric_change(recorded: Path) -> None:
    # Weights 50/50 now: Ann 9, 6 → 45 + 30 = 75.00, behind Bob's 9, 9 → 45 + 45 = 90.00 (2 of 2);
    # not comparable with 68.00, so no change figure.
    rubric = _rubric(recorded / "rubric.yaml", work=50)
    data = _input(recorded / "q3.yaml", 9, 6, 9, 9)
    code, out = _run("report", rubric, data, "-o", recorded / "r.html", "--db", recorded / "h.sqlite")
    assert code == 0, out
    html = (recorded / "r.html").read_text(encoding="utf-8")
    last = _rows(html, "Ann")[-1]
    assert last[:4] == ["this evaluation", "75.00", "B", "2 of 2"]
    assert last[4].startswith("rubric changed (weights of") and last[4].endswith("); not comparable")
    # The dashed mark halfway between 2026Q2 (x 96) and this evaluation (x 152): x = 124.
    assert '<line class="break" x1="124"' in html


def test_report_db_refusals(recorded: Path) -> None:
    db = recorded / "h.sqlite"
    before = db.read_bytes()
    out_file = recorded / "r.html"
    vendor = _rubric(recorded / "vendor.yaml", subject="vendor")
    code, out = _run("report", vendor, recorded / "2026Q1.yaml", "-o", out_file, "--db", db)
    assert code == 2
    assert "a bidder's past results must not appear in a tender's report" in out
    code, out = _run("report", recorded / "rubric.yaml", recorded / "2026Q1.yaml", "-o", out_file,
                     "--db", db, "--period", "2026Q5")
    assert code == 2 and "--period: period '2026Q5'" in out
    code, out = _run("report", recorded / "rubric.yaml", recorded / "2026Q1.yaml", "-o", out_file,
                     "--db", recorded / "missing.sqlite")
    assert code == 1 and f"no history database at {recorded / 'missing.sqlite'}" in out
    assert not out_file.exists() and not (recorded / "missing.sqlite").exists()
    assert db.read_bytes() == before


def test_report_without_db_has_no_trend(recorded: Path) -> None:
    code, out = _run("report", recorded / "rubric.yaml", recorded / "2026Q1.yaml", "-o", recorded / "r.html")
    assert code == 0, out
    assert "Trend" not in (recorded / "r.html").read_text(encoding="utf-8")


@needs_poppler
def test_report_db_pdf_reads_back(recorded: Path) -> None:
    data = _input(recorded / "q3.yaml", 9, 6, 9, 9, bob_gate="fail")
    code, out = _run("report", recorded / "rubric.yaml", data, "-o", recorded / "r.pdf", "--db", recorded / "h.sqlite")
    assert code == 0, out
    text = pdftotext("-layout", recorded / "r.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # The rows worked out in test_report_db_shows_earlier_periods_and_this_evaluation.
    assert "2026Q2 68.00 B 2 of 2 +6.00" in lines
    assert "this evaluation 78.00 B 1 of 1 +10.00" in lines
    assert "2026Q2 86.00 A 1 of 2 −4.00" in lines


# Issue 15: 稳健性 / Robustness (analysis.md §2), with `report --sensitivity`.

def _direct(ident: str, weight: str) -> dict[str, object]:
    return {"id": ident, "title": ident, "weight": weight, "scale": {"direct": {"min": "0", "max": "100"}}}


FLAT = {"id": "flat", "title": "flat", "locale": "en",
        "criteria": [_direct("tech", "50%"), _direct("service", "20%"), _direct("price", "30%")]}
FLAT_INPUT = {"candidates": [
    {"id": "A", "facts": {"tech": "90", "service": "70", "price": "60"}},
    {"id": "B", "facts": {"tech": "75", "service": "80", "price": "90"}},
    {"id": "C", "facts": {"tech": "80", "service": "90", "price": "70"}}]}


def _flat_report(tmp_path: Path, suffix: str, *more: str) -> tuple[int, str, Path]:
    import json

    (tmp_path / "r.yaml").write_text(json.dumps(FLAT), encoding="utf-8")
    (tmp_path / "i.yaml").write_text(json.dumps(FLAT_INPUT), encoding="utf-8")
    target = tmp_path / f"report.{suffix}"
    code, out = _run("report", tmp_path / "r.yaml", tmp_path / "i.yaml", "-o", target, *more)
    return code, out, target


def test_report_sensitivity_section(tmp_path: Path) -> None:
    code, out, target = _flat_report(tmp_path, "html", "--sensitivity", "--per-candidate", str(tmp_path / "forms"),
                                     "--forms-format", "html")
    assert code == 0, out
    html = target.read_text(encoding="utf-8")
    # analysis.md §2.1's flat example: A 77, B 80.5, C 79. Tech (w 1/2): B stays first for t ≤ 22/37
    # (59.46%), A beyond; the ranking B, C, A holds for t ≤ 7/12 (58.33%), C and A swap beyond.
    assert ("<tr><td>tech</td><td class=\"num\">50.00%</td><td>0.00% – 59.46%</td><td>above: A</td>"
            "<td>0.00% – 58.33%</td><td>above: C ↔ A</td></tr>") in html
    # Service (w 1/5): first up to 7/23 (30.43%), C beyond; ranking from 1/9 (11.11%) to 7/23.
    assert ("<td>0.00% – 30.43%</td><td>above: C</td><td>11.11% – 30.43%</td>"
            "<td>below: C ↔ A, above: B ↔ C</td>") in html
    # Price (w 3/10): first from 9/37 (24.32%), C below.
    assert "<td>24.32% – 100.00%</td><td>below: C</td>" in html
    # The chart, 300 units for 0–100% from x = 150: tech's first interval 22/37 × 300 = 178.38 → 178
    # wide, its ranking 7/12 × 300 = 175, its weight at 150 + 150 = 300. Service: ranking from
    # 1/9 × 300 = 33.33 → 33 to 7/23 × 300 = 91.30 → 91, so x 183 and 58 wide. Price from 9/37 × 300
    # = 72.97 → 73: x 223, 300 − 73 = 227 wide.
    assert '<rect class="first" x="150" y="8" width="178"' in html
    assert '<rect class="ranking" x="150" y="12" width="175"' in html
    assert '<line class="now" x1="300"' in html
    assert '<rect class="ranking" x="183" y="42" width="58"' in html
    assert '<rect class="first" x="223" y="68" width="227"' in html
    # Facts only: every draw is the scoring itself, so B is first in all 2,000 and each interval is its total.
    assert '<tr><td>B</td><td class="num">100.00%</td><td class="num">80.50 – 80.50</td></tr>' in html
    assert '<tr><td>A</td><td class="num">0.00%</td><td class="num">77.00 – 77.00</td></tr>' in html
    assert "2,000 random draws, seed 0." in html
    assert "Robustness" not in (tmp_path / "forms" / "B.html").read_text(encoding="utf-8")  # never on a form


def test_report_without_sensitivity_has_no_robustness(tmp_path: Path) -> None:
    code, out, target = _flat_report(tmp_path, "html")
    assert code == 0, out
    assert "Robustness" not in target.read_text(encoding="utf-8")


@needs_poppler
def test_report_sensitivity_pdf(tmp_path: Path) -> None:
    code, out, target = _flat_report(tmp_path, "pdf", "--sensitivity")
    assert code == 0, out
    text = pdftotext("-layout", target)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Robustness" in lines
    # The rows worked out in test_report_sensitivity_section.
    assert "tech 50.00% 0.00% – 59.46% above: A 0.00% – 58.33% above: C ↔ A" in lines
    assert "B 100.00% 80.50 – 80.50" in lines


def test_report_db_refuses_a_run_recorded_as_several_periods(recorded: Path) -> None:
    # The 2026Q1 files recorded again as 2026Q3: which period is this evaluation? The report asks.
    db = recorded / "h.sqlite"
    code, out = _run("record", recorded / "rubric.yaml", recorded / "2026Q1.yaml", "--period", "2026Q3", "--db", db)
    assert code == 0, out
    code, out = _run("report", recorded / "rubric.yaml", recorded / "2026Q1.yaml", "-o", recorded / "r.html",
                     "--db", db)
    assert code == 1
    assert out == (f"error: {db}: this evaluation is recorded as several periods (2026Q1, 2026Q3); "
                   f"choose one with --period\n")
    assert not (recorded / "r.html").exists()


def test_report_db_shows_the_12_latest_earlier_periods(tmp_path: Path) -> None:
    # 13 months recorded, 2025-01 … 2026-01; Ann's quality is the month's number (1 … 12, then 1 for
    # 2026-01), manner 5: total = q/10 × 60 + 20. This evaluation: 9, 6 → 54 + 24 = 78.00.
    rubric = _rubric(tmp_path / "rubric.yaml")
    db = tmp_path / "h.sqlite"
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01"]
    for n, period in enumerate(months, start=1):
        data = _input(tmp_path / f"{period}.yaml", min(n, 10) if n < 13 else 1, 5, 9, 9)
        code, out = _run("record", rubric, data, "--period", period, "--db", db)
        assert code == 0, out
    data = _input(tmp_path / "now.yaml", 9, 6, 9, 9)
    code, out = _run("report", rubric, data, "-o", tmp_path / "r.html", "--db", db)
    assert code == 0, out
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    rows = _rows(html, "Ann")
    # 2025-01 is left out: 12 earlier periods from 2025-02, then this evaluation.
    assert [r[0] for r in rows] == months[1:] + ["this evaluation"]
    # 2025-02: q 2 → 12 + 20 = 32.00, change from 2025-01's 26.00 (q 1) = +6.00 (the change is the
    # trend's, against the candidate's previous period, shown or not). 2026-01: q 1 → 26.00, after
    # 2025-12's q 10 (capped at the scale's 10) → 80.00: −54.00. Now 78.00 − 26.00 = +52.00.
    assert rows[0][1:] == ["32.00", "B", "2 of 2", "+6.00"]
    assert rows[-2][1:] == ["26.00", "B", "2 of 2", "−54.00"]
    assert rows[-1][1:] == ["78.00", "B", "2 of 2", "+52.00"]
    assert "Older periods not shown: 1." in html


# Issue 14: 成绩分布 (analysis.md §1.5), the ranking's and the form's grade (documents.md §4.2).

QUOTA_RUBRIC = """\
id: q
title: 季度考核
subject: staff
locale: zh
criteria:
  - {id: result, title: 业绩, weight: 100%, value: result, scale: {direct: {min: 0, max: 100}}}
grades:
  - {min: 90, label: 优秀, at-most: 20%}
  - {min: 75, label: 良好, at-most: 40%}
  - {min: 60, label: 合格}
  - {min: 0, label: 待改进, at-least: 10%}
quota-groups: department
"""
# analysis.md §1.4's seven in 销售部, then three in 法务部 (fewer than the default quota-min-group 5).
PEOPLE = [("wang", "王", "95", "销售部"), ("li", "李", "92", "销售部"), ("zhang", "张", "92", "销售部"),
          ("zhao", "赵", "86", "销售部"), ("qian", "钱", "80", "销售部"), ("sun", "孙", "77", "销售部"),
          ("zhou", "周", "66", "销售部"), ("wu", "吴", "93", "法务部"), ("zheng", "郑", "70", "法务部"),
          ("feng", "冯", "50", "法务部")]


def _quota_files(tmp_path: Path) -> tuple[Path, Path]:
    rubric = tmp_path / "q.yaml"
    rubric.write_text(QUOTA_RUBRIC, encoding="utf-8")
    data = tmp_path / "i.yaml"
    data.write_text("candidates:\n" + "".join(
        f"  - {{id: {cid}, name: {name}, facts: {{result: {total}, department: {dept}}}}}\n"
        for cid, name, total, dept in PEOPLE), encoding="utf-8")
    return rubric, data


def _table_rows(html: str, start: str) -> list[list[str]]:
    part = html[html.index(start):]
    part = part[part.index("<tbody>"):part.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr.*?</tr>", part, re.S)]


def test_report_grade_distribution(tmp_path: Path) -> None:
    rubric, data = _quota_files(tmp_path)
    code, out = _run("report", rubric, data, "-o", tmp_path / "r.html", "--per-candidate", tmp_path / "forms",
                     "--forms-format", "html")
    assert code == 0, out
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>成绩分布</h2>" in html
    # 销售部, N = 7 (§1.4): caps ⌊20% × 7⌋ = 1 and ⌊40% × 7⌋ = 2, floor ⌈10% × 7⌉ = 1. By score 优秀 3
    # (王, 李, 张), 良好 3 (赵, 钱, 孙), 合格 1 (周); 李 and 张 go down to 良好, then 孙, 钱, 赵 to 合格,
    # then the floor pulls 周 to 待改进: 1, 2, 3, 1.
    assert _table_rows(html, "<h3>销售部（7人）</h3>") == [
        ["优秀", "不超过20%", "至多1人", "3", "1"], ["良好", "不超过40%", "至多2人", "3", "2"],
        ["合格", "—", "—", "1", "3"], ["待改进", "不少于10%", "至少1人", "0", "1"]]
    assert ("<li>李：优秀 → 良好（优秀不超过20%）</li><li>张：优秀 → 良好（优秀不超过20%）</li>"
            "<li>孙：良好 → 合格（良好不超过40%）</li><li>钱：良好 → 合格（良好不超过40%）</li>"
            "<li>赵：良好 → 合格（良好不超过40%）</li><li>周：合格 → 待改进（待改进不少于10%）</li>") in html
    # 法务部 has 3 < 5: exempt, each grade as its total earns (吴 93 优秀, 郑 70 合格, 冯 50 待改进).
    assert '<h3>法务部（3人）</h3>\n<p class="exempt">不足5人，不实行比例控制</p>' in html
    assert _table_rows(html, "<h3>法务部（3人）</h3>") == [
        ["优秀", "—", "—", "1", "1"], ["良好", "—", "—", "0", "0"], ["合格", "—", "—", "1", "1"],
        ["待改进", "—", "—", "1", "1"]]
    # The ranking, overall: 王 95 (1), 吴 93 (2), 李 and 张 92 (3), 赵 86 (5) …: the final grade, and
    # for a moved one its grade by score.
    ranking = _table_rows(html, '<table class="ranking">')
    assert [row[1] for row in ranking[:4]] == ["王", "吴", "李", "张"]
    assert ranking[0][3] == "优秀" and ranking[1][3] == "优秀"
    assert ranking[2][3] == "良好（按得分为优秀）"
    assert [row[3] for row in ranking if row[1] == "周"] == ["待改进（按得分为合格）"]
    # Each moved employee's form gives the rule in words (documents.md §4.2).
    form = (tmp_path / "forms" / "li.html").read_text(encoding="utf-8")
    assert "等级 良好（按得分为优秀；优秀不超过20%）" in form
    assert "等级 待改进（按得分为合格；待改进不少于10%）" in (tmp_path / "forms" / "zhou.html").read_text(encoding="utf-8")
    assert "等级 优秀 ·" in (tmp_path / "forms" / "wang.html").read_text(encoding="utf-8")
    assert "<h2>成绩分布</h2>" not in form and "孙" not in form  # no other employee's moves on a form


@needs_poppler
def test_report_grade_distribution_pdf(tmp_path: Path) -> None:
    rubric, data = _quota_files(tmp_path)
    code, out = _run("report", rubric, data, "-o", tmp_path / "r.pdf", "--per-candidate", tmp_path / "forms")
    assert code == 0, out
    text = pdftotext("-layout", tmp_path / "r.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # The rows worked out in test_report_grade_distribution.
    assert "优秀 不超过20% 至多1人 3 1" in lines
    assert "待改进 不少于10% 至少1人 0 1" in lines
    assert "周：合格 → 待改进（待改进不少于10%）" in " ".join(lines)
    form = pdftotext(tmp_path / "forms" / "li.pdf")
    assert "良好（按得分为优秀；优秀不超过20%）" in form


# Issue 16: the bid price, deductions, evaluated price and the real price weight (procurement.md §4).

EXAMPLES = Path(__file__).resolve().parent.parent / "rubrics" / "examples"


def test_report_price_working_with_deductions(tmp_path: Path) -> None:
    code, out = _run("report", EXAMPLES / "gov-goods-tender.yaml", EXAMPLES / "gov-goods-bids.yaml",
                     "-o", tmp_path / "r.html")
    assert code == 0, out
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    # The price section weighs 30% and holds only 投标报价: 30/30 × 30% = 30%.
    assert '<p class="note">价格权重：30%（投标报价）</p>' in html
    # 甲 (小微) 500,000 − 10% × 500,000 = 500,000 − 50,000 = 450,000: the lowest, so the benchmark.
    # 丙 (consortium, 35% 小微 share) 490,000 − 4% × 490,000 = 490,000 − 19,600 = 470,400;
    # 乙 470,000, nothing deducted. Points 30 × 450,000 / 470,400 = 28.6989… → 28.70 and
    # 30 × 450,000 / 470,000 = 28.7234… → 28.72.
    assert "<p>评标基准价：450,000.00 元（甲公司，通过资格审查的投标人中最低的评标价格）</p>" in html
    rows = _table_rows(html, '<table class="prices adjusted">')
    assert rows == [
        ["甲公司", "500,000.00", "<div>小微企业价格扣除 10%：50,000.00</div>", "450,000.00",
         "450,000.00 ÷ 450,000.00 × 30 = 30.00", "30.00"],
        ["乙公司", "470,000.00", "—", "470,000.00", "450,000.00 ÷ 470,000.00 × 30 = 28.72", "28.72"],
        ["丙公司", "490,000.00", "<div>联合体（小微企业合同份额30%以上）价格扣除 4%：19,600.00</div>", "470,400.00",
         "450,000.00 ÷ 470,400.00 × 30 = 28.70", "28.70"]]
    # The ranking: 甲 95.40, 丙 89.30, 乙 86.52, each with its bid and evaluated price.
    assert '<th class="num">投标报价（元）</th><th class="num">评标价格（元）</th>' in html
    ranking = _table_rows(html, '<table class="ranking">')
    assert [(row[1], row[-2], row[-1]) for row in ranking] == [
        ("甲公司", "500,000.00", "450,000.00"), ("丙公司", "490,000.00", "470,400.00"),
        ("乙公司", "470,000.00", "470,000.00")]


def test_report_real_price_weight(tmp_path: Path) -> None:
    # procurement.md §1's example: a 50% section whose criteria carry 6, 6 and 8 points, the two
    # 6-point ones prices: 12/20 × 50% = 30%.
    (tmp_path / "r.yaml").write_text(
        "id: p\ntitle: P\nlocale: zh\ncurrency: CNY\nsections:\n"
        "  - id: commercial\n    title: 商务\n    weight: 50%\n    criteria:\n"
        "      - {id: p1, title: 报价, points: 6, value: bid, scale: {ratio: lowest}}\n"
        "      - {id: p2, title: 维保报价, points: 6, value: fee, scale: {ratio: lowest}}\n"
        "      - {id: svc, title: 服务, points: 8, scale: {direct: {min: 0, max: 8}}}\n"
        "  - id: tech\n    title: 技术\n    weight: 50%\n    criteria:\n"
        "      - {id: skill, title: 技术, points: 10, scale: {direct: {min: 0, max: 10}}}\n", encoding="utf-8")
    (tmp_path / "i.yaml").write_text(
        "evaluators: {e1: {name: E1}}\ncandidates:\n"
        "  - {id: a, name: 甲, facts: {bid: 100, fee: 10}, scores: {e1: {svc: 8, skill: 10}}}\n"
        "  - {id: b, name: 乙, facts: {bid: 125, fee: 8}, scores: {e1: {svc: 6, skill: 5}}}\n", encoding="utf-8")
    code, out = _run("report", tmp_path / "r.yaml", tmp_path / "i.yaml", "-o", tmp_path / "r.html")
    assert code == 0, out
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<p class="note">价格权重：30%（报价、维保报价）</p>' in html
    # Without adjustments the ranking shows each bid price alone. 甲: 6 + 6 × 8/10 + 8 = 18.8 of 20
    # → 47, tech 50: 97; 乙: 6 × 100/125 + 6 + 6 = 16.8 → 42, tech 25: 67. 甲 first.
    assert '<th class="num">报价（元）</th><th class="num">维保报价（元）</th>  </tr>' in html.replace("\n", "")
    assert [row[-2:] for row in _table_rows(html, '<table class="ranking">')] == [
        ["100.00", "10.00"], ["125.00", "8.00"]]


@needs_poppler
def test_report_price_working_pdf(tmp_path: Path) -> None:
    code, out = _run("report", EXAMPLES / "gov-goods-tender.yaml", EXAMPLES / "gov-goods-bids.yaml",
                     "-o", tmp_path / "r.pdf")
    assert code == 0, out
    text = pdftotext("-layout", tmp_path / "r.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # The figures worked out in test_report_price_working_with_deductions; the deduction's words wrap
    # in their column, so its amount is on the next line.
    assert "价格权重：30%（投标报价）" in lines
    at = lines.index("甲公司 500,000.00 小微企业价格扣除 10%： 450,000.00 450,000.00 ÷ 450,000.00 × 30 = 30.00 30.00")
    assert lines[at + 1] == "50,000.00"
    assert "乙公司 470,000.00 — 470,000.00 450,000.00 ÷ 470,000.00 × 30 = 28.72 28.72" in lines


def test_the_seed_rubrics_price_weight_is_written_as_lint_writes_it(tmp_path: Path) -> None:
    # The seed's 价格因素 section weighs 40% and holds 19 points, of which the two 5-point price
    # criteria are 10: their real weight is 10/19 × 40% = 21.0526…%, which lint and validate
    # write 21.05%; the report must write the same figure, half-up to two places.
    from click.testing import CliRunner

    from scoring.cli import cli

    rubric = Path(__file__).parent.parent / "rubrics"
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", str(rubric / "crm-vendor-selection.yaml"),
                                      str(rubric / "examples" / "crm-vendor-bids.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "价格权重：21.05%（" in html and "≈21.05" not in html
