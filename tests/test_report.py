"""Reports: real HTML fragments, and real PDFs rendered with WeasyPrint and read back with poppler.

Expected figures are the hand-worked ones of test_engine.py; the ones new here are worked
out beside them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, RUBRICS

from scoring.cli import cli
from scoring.model.errors import ReportError
from scoring.pipeline import score_files
from scoring.render.publish import ReportOptions, write_forms, write_report
from tests.poppler import needs_poppler, pdftotext

VENDOR = str(RUBRICS / "crm-vendor-selection.yaml")
BIDS = str(EXAMPLES / "crm-vendor-bids.yaml")
STAFF = str(RUBRICS / "crm-supervisor-appraisal.yaml")
Q3 = str(EXAMPLES / "crm-supervisor-q3.yaml")



@pytest.fixture
def no_weasyprint_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail the test if WeasyPrint warns about anything (a font, a URL, a CSS rule)."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        yield
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert warnings == []


def html_of(rubric: str, data: str, tmp_path: Path, **options: object) -> str:
    """The report as HTML, with the layout white space between tags taken out."""
    out = tmp_path / "report.html"
    write_report(score_files(rubric, data), out, ReportOptions(**options))  # type: ignore[arg-type]
    return re.sub(r">\s+<", "><", out.read_text(encoding="utf-8"))


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def inked_fraction(path: Path, page: int) -> float:
    """The share of non-white pixels of a page rendered at 20 dpi in grey (a PGM image)."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "20", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    # P5 header: magic, width, height, maxval, each followed by one whitespace byte.
    fields = pgm.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][: width * height]
    return sum(1 for p in pixels if p < 200) / len(pixels)


def latin_only_fonts(tmp_path: Path) -> Path:
    """A fontconfig file that knows DejaVu only (Debian's fonts-dejavu-core), no CJK font."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("DejaVu fonts are not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<dir>{dejavu}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
                    encoding="utf-8")
    return conf


# -- HTML --------------------------------------------------------------------------


def test_vendor_report_html_holds_ranking_working_and_signatures(tmp_path: Path) -> None:
    html = html_of(VENDOR, BIDS, tmp_path)
    # The ranking row of 乙公司: 84.21 = 56.84 + 27.37 (test_engine.py).
    assert ('<td class="num">1</td><td>乙公司</td><td class="num">84.21</td><td>良好</td>'
            '<td class="num">56.84</td><td class="num">27.37</td>') in html
    # 乙公司's tech section: all five 5-point items full (25), solution partial (3), four
    # 2-point items yes (8): 36 of 5×6 + 2×4 = 38 points, × its share 60% × 100 = 60:
    # 56.842… → 56.84.
    assert "36 ÷ 38 × 60 = 56.84" in html
    # Its price section: license 420,000 is the highest of 380,000/420,000/350,000 → last, 3;
    # implementation 100,000 the lowest → first, 5; analytics: full×4 and none, trim drops
    # a 5 and the 0 → 5; reserved interfaces no → 0; delivery 4 months > 3 → 0.
    # 13 of 19, × its share 40% × 100 = 40: 27.368… → 27.37.
    assert "13 ÷ 19 × 40 = 27.37" in html
    assert "56.84 + 27.37 = 84.21" in html
    # 乙公司's working page: a trimmed item, analytics (13.): 评委一 to 评委三 and 评委五 give
    # "full" (5 each), 评委四 "none" (0); the trim drops the lowest (the 0) and one highest 5,
    # both struck through; (5 + 5 + 5) / 3 = 5.00, which adds 5 / 19 × 40 = 10.526… → 10.53.
    assert ('<td>13. 3、现有软件系统具备为多业态…</td><td class="num">5</td><td class="num">5</td>'
            '<td class="num">5</td><td class="num">5</td><td class="num"><s>0</s></td><td class="num"><s>5</s></td>'
            '<td class="num">5.00</td><td class="num">5.00</td><td class="num">10.53</td>') in html
    # The disqualified bidder apart, with the gate it failed, in the rubric's words.
    assert "<tr><td>丁公司</td><td>投标人资格性及符合性审查合格</td></tr>" in html
    # The committee signs: one line per member, and a date line.
    assert "<h3>评委签字</h3>" in html
    for n in "一二三四五":
        assert f"<tr><th>评委{n}</th><td></td></tr>" in html
    # Cover: which files, by SHA-256, and which program.
    rubric = score_files(VENDOR, BIDS).rubric
    assert rubric.sha256 in html and "scoring 0.1.0" in html and "2026-10-15" in html
    # Page numbers in the running footer, in Chinese.
    assert '"第 " counter(page) " 页 / 共 " counter(pages) " 页"' in html


def test_staff_report_in_english_shows_the_role_weighting(tmp_path: Path) -> None:
    html = html_of(STAFF, Q3, tmp_path, lang="en")
    assert '<html lang="en">' in html
    # 陈静, standards: superior B = 80% of 30 = 24, peer A = 30, no self-evaluation, so the
    # weights 60% and 20% are renormalised over 80%: (24 × 0.6 + 30 × 0.2) / 0.8 = 25.5.
    assert "(24 × 60% + 30 × 20%) ÷ 80% = 25.50" in html
    assert "Employee&#39;s signature" in html and "Evaluator&#39;s signature" in html
    assert '"Page " counter(page) " of " counter(pages) ""' in html
    # The tiered standards with their descriptions, the achieved one marked.
    assert "优 (A) = 30: 标准格式内容规范完整、方法切实可行、文字精炼简洁、易于理解" in html


def test_names_are_escaped(tmp_path: Path) -> None:
    data = tmp_path / "in.yaml"
    data.write_text(Path(BIDS).read_text(encoding="utf-8").replace("name: 甲公司", 'name: "<script>alert(1)</script>"')
                    .replace("rubric: ../", f"rubric: {RUBRICS}/"), encoding="utf-8")
    html = html_of(VENDOR, str(data), tmp_path)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_user_templates_override_ours_and_fall_back(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.css").write_text("/* house style */ h1 { color: #c00; }\n", encoding="utf-8")
    html = html_of(VENDOR, BIDS, tmp_path, templates=mine)
    assert "/* house style */" in html  # theirs
    assert "<h3>评委签字</h3>" in html  # ours: report.html and macros.html fell back


def test_an_undefined_name_in_a_template_is_an_error_not_a_blank(tmp_path: Path, runner: CliRunner) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.html").write_text('{% extends "base.html" %}{% block content %}{{ report.nope }}{% endblock %}\n',
                                      encoding="utf-8")
    out = tmp_path / "r.html"
    out.write_text("earlier report", encoding="utf-8")
    result = runner.invoke(cli, ["report", VENDOR, BIDS, "-o", str(out), "--templates", str(mine)])
    assert result.exit_code == 1
    assert "report.html:1: template report.html:" in result.output and "nope" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "earlier report"  # not clobbered
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "r.html"]  # no temporary file left


def test_report_needs_an_output_and_a_known_suffix(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["report", VENDOR, BIDS]).exit_code == 2
    bad = runner.invoke(cli, ["report", VENDOR, BIDS, "-o", "report.docx"])
    assert bad.exit_code == 2  # an unknown output suffix is misuse of the command
    assert bad.output.strip().endswith("Error: report.docx: expected a file name ending in .html or .pdf")
    assert not Path("report.docx").exists()


def test_the_fetcher_reads_only_our_templates(tmp_path: Path) -> None:
    import weasyprint

    from scoring.render.pdf import _fetcher_class
    from scoring.render.templating import template_dirs

    fetcher = _fetcher_class(weasyprint)(template_dirs())
    css = template_dirs()[0] / "report.css"
    response = fetcher.fetch(css.as_uri())
    assert b"@page" in response.read()
    response.close()
    for url in ("file:///etc/passwd", "http://example.com/logo.png", "https://example.com/x.css",
                css.as_uri().replace("report.css", "../../etc/passwd"), "ftp://example.com/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# -- PDF ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vendor_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "evaluation.pdf"
    write_report(score_files(VENDOR, BIDS), out)
    return out


@needs_poppler
def test_vendor_pdf_reads_back_as_scoring_score_prints_it(vendor_pdf: Path, runner: CliRunner) -> None:
    text = pdftotext("-layout", vendor_pdf)
    scored = json.loads(runner.invoke(cli, ["score", VENDOR, BIDS, "--format", "json"]).output)
    for c in scored["candidates"]:
        assert c["name"] in text
        if c["qualified"]:
            line = next(ln for ln in text.splitlines() if c["name"] in ln and f"{c['total']:.2f}" in ln)
            assert c["grade"] in line
    assert "第 1 页 / 共" in text and "评委签字" in text
    assert "CRM系统选型评分标准" in text


@needs_poppler
def test_vendor_pdf_embeds_a_cjk_font_and_has_ink_on_every_page(vendor_pdf: Path) -> None:
    fonts = pdf_fonts(vendor_pdf)
    assert "CJK" in fonts, fonts
    pages = int(next(ln for ln in subprocess.run(["pdfinfo", str(vendor_pdf)], capture_output=True, text=True)
                     .stdout.splitlines() if ln.startswith("Pages:")).split()[1])
    assert pages > 2
    for page in range(1, pages + 1):
        assert inked_fraction(vendor_pdf, page) > 0.002, f"page {page} is blank"


@needs_poppler
def test_rendering_warns_about_nothing(tmp_path: Path, no_weasyprint_warnings: None) -> None:
    out = tmp_path / "q3.pdf"
    write_report(score_files(STAFF, Q3), out, ReportOptions(lang="en"))
    text = pdftotext("-layout", out)
    assert "Page 1 of" in text and "张伟" in text and "91.20" in text and "优秀" in text


@needs_poppler
def test_escaped_name_prints_as_text_in_the_pdf(tmp_path: Path) -> None:
    data = tmp_path / "in.yaml"
    data.write_text(Path(BIDS).read_text(encoding="utf-8").replace("name: 甲公司", 'name: "<script>alert(1)</script>"')
                    .replace("rubric: ../", f"rubric: {RUBRICS}/"), encoding="utf-8")
    out = tmp_path / "x.pdf"
    write_report(score_files(VENDOR, str(data)), out)
    assert "<script>alert(1)</script>" in pdftotext("-layout", out)


@needs_poppler
def test_per_candidate_forms_in_one_process(tmp_path: Path, no_weasyprint_warnings: None) -> None:
    written: list[Path] = []
    write_forms(score_files(STAFF, Q3), tmp_path / "forms", jobs=1, done=written.append)
    assert sorted(p.name for p in written) == ["chen.pdf", "liu.pdf", "zhang.pdf"]
    text = pdftotext("-layout", tmp_path / "forms" / "zhang.pdf")
    # 张伟: 91.20 优秀 (test_engine.py); the form ends with both signature lines.
    assert "张伟" in text and "91.20" in text and "优秀" in text
    assert "考评人签字" in text and "被考评人签字" in text
    assert "陈静" not in text  # one employee's form shows no one else


@needs_poppler
def test_per_candidate_forms_in_parallel_from_the_command_line(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    result = subprocess.run(
        [sys.executable, "-m", "scoring", "report", STAFF, Q3, "--per-candidate", str(forms), "-j", "2",
         "-o", str(tmp_path / "q3.html")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in forms.iterdir()) == ["chen.pdf", "liu.pdf", "zhang.pdf"]
    assert "刘洋" in pdftotext("-layout", forms / "liu.pdf")
    assert "wrote 3 forms" in result.stdout


@needs_poppler
def test_without_a_cjk_font_the_user_is_told_how_to_fix_it(tmp_path: Path) -> None:
    # A machine whose only fonts are Latin ones: nothing covers Chinese.
    env = {**os.environ, "FONTCONFIG_FILE": str(latin_only_fonts(tmp_path))}
    result = subprocess.run([sys.executable, "-m", "scoring", "report", VENDOR, BIDS, "-o", "r.pdf"],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "no installed font covers it" in result.stderr
    assert "apt-get install fonts-noto-cjk" in result.stderr and "--font FILE" in result.stderr


def test_with_no_font_at_all_the_report_is_refused_not_crashed(tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run([sys.executable, "-m", "scoring", "report", VENDOR, BIDS, "-o", "r.pdf"],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("error: no fonts are installed, so no PDF can be drawn;")
    assert not (tmp_path / "r.pdf").exists()


@needs_poppler
def test_font_option_renders_chinese_without_any_installed_font(tmp_path: Path) -> None:
    found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True).stdout
    if not found or not Path(found).is_file():
        pytest.skip("no CJK font file to point --font at")
    env = {**os.environ, "FONTCONFIG_FILE": str(latin_only_fonts(tmp_path))}
    result = subprocess.run(
        [sys.executable, "-m", "scoring", "report", STAFF, Q3, "-o", "q3.pdf", "--font", found],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "no installed font" not in result.stderr
    assert "ScoringUserFont" in pdf_fonts(tmp_path / "q3.pdf")  # the --font file, embedded
    assert "张伟" in pdftotext("-layout", tmp_path / "q3.pdf")


def test_a_report_error_keeps_the_earlier_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF earlier")
    with pytest.raises(ReportError):
        write_report(score_files(VENDOR, BIDS), out, ReportOptions(lang="fr"))
    assert out.read_bytes() == b"%PDF earlier"


def test_review_flags_and_moderation_appear_in_the_report(tmp_path: Path) -> None:
    data = tmp_path / "in.yaml"
    data.write_text(Path(BIDS).read_text(encoding="utf-8").replace("rubric: ../", f"rubric: {RUBRICS}/")
                    .replace("    gates: {qualification: pass}\n", "    gates: {qualification: pass}\n"
                             "    moderated:\n      mobile: {points: 5, reason: 评委会复核：移动端演示已补充}\n", 1),
                    encoding="utf-8")
    html = html_of(VENDOR, str(data), tmp_path)
    # 甲公司 mobile: e1–e3 full (5), e4 partial (3), e5 none (0). The others' median for e5
    # is median(5, 5, 5, 3) = 5, and |0 − 5| = 5 > 40% of 5 points = 2: flagged.
    assert "<h3>复核提示</h3>" in html
    assert "甲公司 · 4、移动应用：支持IOS/安卓/IPAD，微信…：评委五 评 0 分，其他评委的中位数为 5 分" in html
    # Its trimmed mean drops a 5 and the 0: (5 + 5 + 3) / 3 = 4.33; the committee agreed on 5.
    assert "评委会调整：4.33 → 5.00（评委会复核：移动端演示已补充）" in html
    assert "<th>一致性</th>" in html


def test_a_ratio_criterion_shows_its_benchmark_and_who_set_it(tmp_path: Path) -> None:
    html = html_of(str(RUBRICS / "crm-sales-kpi.yaml"), str(EXAMPLES / "crm-sales-2026q3.yaml"), tmp_path)
    # 客单价 is `ratio: highest`: the best of 周敏 3000, 吴刚 4500, 孙强 4000, 郑丽 2000 is 吴刚's
    # 4500, so 周敏's row reads her value against that benchmark and names who set it. The
    # catalogue's 客单价 is in 元, a metric's result shown to the rubric's 2 decimals with separators.
    assert "指标计算: 3,000.00 元 → 基准值 4,500.00 元（吴刚）" in html
