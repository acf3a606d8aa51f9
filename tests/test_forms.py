"""The employee's form (documents.md §4.2, §4.3, §8): private, numbered, commented, signable.

Forms are rendered for real (HTML and PDF) and read back as a machine would: PDF text with
pdftotext, metadata with pdfinfo, and the HTML's text, comments and attribute values.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, RUBRICS

from scoring.cli import cli
from scoring.model.results import Evaluation
from scoring.pipeline import score_files
from scoring.render.forms import form_view
from scoring.render.report import candidate_view, report_view
from scoring.render.templating import environment, render_form, template_dirs
from tests.poppler import needs_poppler, pdftotext

RUBRIC = """\
id: team-appraisal
title: 销售团队季度考核
subject: staff
locale: zh
total: 100
decimals: 2
facts:
  sales: {title: 销售额}
  quota: {title: 销售目标}
metrics:
  attainment: {formula: sales / quota, title: 销售计划达成率, unit: "%"}
evaluators:
  method: weighted
  roles: {superior: 60%, peer: 40%}
sections:
  - id: kpi
    title: 业绩
    weight: 50%
    criteria:
      - {id: attainment, title: 销售计划达成率, points: 10, value: attainment,
         scale: {linear: [[80%, 0], [120%, 100%]]}}
  - id: conduct
    title: 行为
    weight: 50%
    criteria:
      - {id: teamwork, title: 团队协作, points: 10, scale: {direct: {min: 0, max: 10}}}
"""
# Two peers who are appraised themselves (li, zhao), a superior who is named, and comments.
INPUT = """\
rubric: r.yaml
title: 2026年第三季度
date: 2026-10-09
evaluators:
  wang: {name: 王经理, role: superior}
  li: {name: 李娜, role: peer}
  zhao: {name: 赵雷, role: peer}
candidates:
  - id: emp-0412
    name: 张三
    facts: {sales: 1250000, quota: 1000000}
    scores: {zhao: {teamwork: 9}, wang: {teamwork: 8}, li: {teamwork: 7}}
    comments:
      zhao: "沟通及时，\\n乐于分享经验。"
      wang: 全年工作扎实，CRM数据质量明显提升。
  - id: li
    name: 李娜
    facts: {sales: 700000, quota: 1000000}
    scores: {wang: {teamwork: 6}, zhao: {teamwork: 8}}
    comments: {zhao: 李娜需要加强跟进。}
  - id: zhao
    name: 赵雷
    facts: {sales: 1000000, quota: 1000000}
    scores: {wang: {teamwork: 9}, li: {teamwork: 9}}
"""
PEOPLE = {"emp-0412": "张三", "li": "李娜", "zhao": "赵雷"}
ANONYMOUS = {"li": "李娜", "zhao": "赵雷"}


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> Evaluation:
    folder = tmp_path_factory.mktemp("forms")
    (folder / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (folder / "i.yaml").write_text(INPUT, encoding="utf-8")
    return score_files(folder / "r.yaml", folder / "i.yaml")


def html_form(evaluation: Evaluation, cid: str, lang: str = "zh") -> str:
    """The form's HTML as `report --per-candidate` renders it, the report carrying its forms."""
    report = dataclasses.replace(report_view(evaluation, lang), form_of=functools.partial(form_view, evaluation, lang))
    return render_form(environment(), report, candidate_view(report, cid))


class _Visible(HTMLParser):
    """Everything of an HTML page a reader or a program could see: text, comments, attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.style = tag == "style"  # CSS is not text the form shows
        self.parts += [v for _, v in attrs if v]

    def handle_endtag(self, tag: str) -> None:
        self.style = False

    def handle_data(self, data: str) -> None:
        if not self.style:
            self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def leaks(text: str, cid: str) -> list[str]:
    """Every other employee's and every anonymous evaluator's name or id found in `text`
    (an id as a whole token)."""
    found = []
    for other, name in {**PEOPLE, **ANONYMOUS}.items():
        if other == cid:
            continue
        if name in text or re.search(rf"(?<![\w-]){re.escape(other)}(?![\w-])", text):
            found.append(other)
    return found


@pytest.mark.parametrize("cid", list(PEOPLE))
def test_no_form_names_another_employee_or_an_anonymous_peer_in_its_html(evaluation: Evaluation, cid: str) -> None:
    for lang in ("zh", "en"):
        assert leaks(visible(html_form(evaluation, cid, lang)), cid) == []


@needs_poppler
def test_no_form_names_another_employee_or_an_anonymous_peer_in_its_pdf(evaluation: Evaluation, tmp_path: Path) -> None:
    from scoring.render.pdf import pdf_renderer

    render = pdf_renderer(tuple(template_dirs()))
    for cid in PEOPLE:
        pdf = tmp_path / f"{cid}.pdf"
        pdf.write_bytes(render(html_form(evaluation, cid)))
        text = pdftotext("-layout", pdf)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert leaks(text, cid) == [] and leaks(info, cid) == [], cid
        assert PEOPLE[cid] in text
    # 张三's form, read in order: the peers numbered by the input's evaluators (li, then zhao),
    # whatever order they scored or commented in, each without a "(同事)" its label already says;
    # the superior named, with the role.
    text = pdftotext(tmp_path / "emp-0412.pdf")
    flat = re.sub(r"\s+", "", text)
    assert "王经理(上级):8→8" in flat and "同事1:7→7" in flat and "同事2:9→9" in flat
    assert "(同事)" not in flat
    # 评语 after the working, in the input's order of evaluators: wang before zhao (同事2).
    assert flat.index("评语") < flat.index("王经理（上级）全年工作扎实，CRM数据质量明显提升。") < flat.index(
        "同事2（同事）沟通及时，乐于分享经验。")
    assert "本人已阅读本考核表，签字仅表示已阅读。" in flat
    assert "考评人签字日期" in flat and "被考评人签字日期" in flat
    # The form's files: the rubric and the input, nothing else.
    assert "r.yaml" in flat and "i.yaml" in flat


def test_peers_are_numbered_per_form_in_the_inputs_order(evaluation: Evaluation) -> None:
    # 张三: li and zhao are both peers, listed li first under `evaluators:`: 同事1 = li, 同事2 = zhao,
    # though the working lists the scores as the input gives them (zhao, wang, li).
    assert [e.name for e in form_view(evaluation, "zh", "emp-0412").candidate.sections[1].criteria[0].evaluators] == [
        "同事2", "王经理", "同事1"]
    # 李娜: only zhao rated and commented as a peer, so zhao is her 同事1 (numbered afresh).
    li = form_view(evaluation, "zh", "li")
    assert [e.name for e in li.candidate.sections[1].criteria[0].evaluators] == ["王经理", "同事1"]
    assert [(c.heading, c.text) for c in li.comments] == [("同事1（同事）", "李娜需要加强跟进。")]
    en = form_view(evaluation, "en", "emp-0412")
    assert [c.heading for c in en.comments] == ["王经理 (superior)", "Peer 2 (peer)"]
    assert en.rank == "1 / 3"


def test_kpi_working_shows_the_formula_with_titles_figures_and_the_cap(evaluation: Evaluation) -> None:
    # 销售额 1,250,000 ÷ 销售目标 1,000,000 = 1.25, a percent metric: 125.00%. The linear scale's
    # last knot is 120%: beyond it the points stop growing, so the working says 封顶 120%.
    form = form_view(evaluation, "zh", "emp-0412")
    assert form.kpi == (("销售计划达成率", ("销售额 1,250,000 ÷ 销售目标 1,000,000 = 125.00% → 封顶 120%",)),)
    # 李娜: 700,000 ÷ 1,000,000 = 0.7 = 70.00%, before the first knot (80%): counted as 80%.
    assert form_view(evaluation, "en", "li").kpi == (
        ("销售计划达成率", ("销售额 700,000 ÷ 销售目标 1,000,000 = 70.00% → counted as 80%",)),)
    # 赵雷: 1,000,000 ÷ 1,000,000 = 100.00%, between the knots: no cap, no floor.
    assert form_view(evaluation, "zh", "zhao").kpi == (
        ("销售计划达成率", ("销售额 1,000,000 ÷ 销售目标 1,000,000 = 100.00%",)),)


# The bundled appraisal: 张伟 (zhang), 陈静 (chen) and 刘洋 (liu) are appraised; 李主管 (li) and
# 赵主管 (zhao) rate as peers, anonymous by default ([peer, subordinate]); 王经理 (wang) as
# superior and each one's self-rating (zhang-self 张伟, liu-self 刘洋) are named.
Q3_PEOPLE = {"zhang": "张伟", "chen": "陈静", "liu": "刘洋"}
Q3_ANONYMOUS = {"li": "李主管", "zhao": "赵主管"}


def q3_leaks(text: str, cid: str) -> list[str]:
    """Every other employee's and every anonymous peer's name or id in `text` (an id as a whole token)."""
    return [other for other, name in {**Q3_PEOPLE, **Q3_ANONYMOUS}.items()
            if other != cid and (name in text or re.search(rf"(?<![\w-]){re.escape(other)}(?![\w-])", text))]


@needs_poppler
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_cli_forms_of_the_bundled_appraisal_name_nobody_else(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    rubric, data = str(RUBRICS / "crm-supervisor-appraisal.yaml"), str(EXAMPLES / "crm-supervisor-q3.yaml")
    result = runner.invoke(cli, ["report", rubric, data, "--per-candidate", str(tmp_path), "--forms-format", fmt,
                                 "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{cid}.{fmt}" for cid in Q3_PEOPLE)
    for cid, name in Q3_PEOPLE.items():
        form = tmp_path / f"{cid}.{fmt}"
        if fmt == "html":
            seen = [visible(form.read_text(encoding="utf-8"))]
        else:
            seen = [pdftotext(*how, form) for how in (["-layout"], [])]
            seen.append(subprocess.run(["pdfinfo", str(form)], capture_output=True, text=True, check=True).stdout)
        assert all(q3_leaks(text, cid) == [] for text in seen), (cid, [q3_leaks(t, cid) for t in seen])
        assert name in seen[0]
    # 张伟 was rated by li then zhao (the input's order): 同事1 and 同事2 on his form.
    zhang = re.sub(r"\s+", "", visible((tmp_path / f"zhang.{fmt}").read_text(encoding="utf-8"))
                   if fmt == "html" else pdftotext(tmp_path / "zhang.pdf"))
    assert "同事1" in zhang and "同事2" in zhang and "同事3" not in zhang
