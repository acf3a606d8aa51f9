"""`scoring lint` through the command line: the seed's predicted findings, formats, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = "rubrics/crm-vendor-selection.yaml"
EXAMPLE = "rubrics/examples/gov-goods-tender.yaml"
BIDS = "rubrics/examples/gov-goods-bids.yaml"


def _line(text: str) -> int:
    """The line of the seed where `text` first stands (the seed's comments may change)."""
    lines = (ROOT / SEED).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


O55 = "（依据：《政府采购货物和服务招标投标管理办法》（财政部令第87号）第五十五条）"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_seed_under_goods_gives_the_predicted_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # so the file is named as the user names it
    code, out, _ = _run(SEED, "--profile", "cn-gov-goods")
    # Price criteria: license-fee and implementation-fee (rank, lowest-first), 5 + 5 of the price
    # section's 5+5+5+2+2 = 19 points at 40%: 10/19 × 40% = 21.052…% → 21.05% (CN-01), located at
    # the first price criterion's points. Both are rank, not ratio: lowest (CN-03 at their
    # scale), the second is a second price criterion (CN-03 at its id); both are price criteria
    # by scale alone (CN-24). tie-break starts with the section id `price` (CN-15); trimmed-mean
    # (CN-22); no sme adjustment (CN-23, at the top level: the first key, `id:`).
    top, method, points = _line("id: crm-vendor-selection"), _line("method: trimmed-mean"), _line("id: license-fee") + 4
    scale1, id2, scale2, ties = points + 1, points + 2, points + 7, _line("tie-break:")
    assert code == 1
    assert out.splitlines() == [
        f"{SEED}:{top}:1: warning CN-23: 没有小微企业价格扣除（policy: sme）；非专门面向中小企业的项目应给予小微企业价格扣除"
        "（依据：《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）第九条）",
        f"{SEED}:{method}:11: warning CN-22: 评委评分的汇总方式为trimmed-mean，"
        "应为 mean（各评委独立评分后汇总，不去掉、不加权任何成员的评分）"
        "（依据：《政府采购货物和服务招标投标管理办法》（财政部令第87号）第五十五条、第六十四条）",
        f"{SEED}:{points}:17: error CN-01: 价格分权重为21.05%，"
        f"货物项目不得低于30%（价格评审因素：license-fee、implementation-fee）{O55}",
        f"{SEED}:{scale1}:16: error CN-03: 价格评审因素“1、软件许可费用”的评分方式为rank (lowest-first)，"
        f"应采用低价优先法（ratio: lowest）{O55}",
        f"{SEED}:{scale1}:16: note CN-24: “1、软件许可费用”按其评分方式（rank, order: lowest-first）视为价格评审因素；"
        f"如不是价格，请写 price: false{O55}",
        f"{SEED}:{id2}:13: error CN-03: “2、实施服务费用”是又一个价格评审因素（第一个为license-fee），价格分只能有一项{O55}",
        f"{SEED}:{scale2}:16: error CN-03: 价格评审因素“2、实施服务费用”的评分方式为rank (lowest-first)，"
        f"应采用低价优先法（ratio: lowest）{O55}",
        f"{SEED}:{scale2}:16: note CN-24: “2、实施服务费用”按其评分方式（rank, order: lowest-first）视为价格评审因素；"
        f"如不是价格，请写 price: false{O55}",
        f"{SEED}:{ties}:13: error CN-15: 得分相同的，应按投标报价由低到高顺序排列：tie-break 第一项应为 "
        "{fact: license-fee, order: lowest-first}，现为按“price”的得分排序"
        "（依据：《政府采购货物和服务招标投标管理办法》（财政部令第87号）第五十七条）",
        "cn-gov-goods: 5 errors, 2 warnings, 2 notes",
    ]


def test_the_seed_without_a_profile_is_linted_under_none() -> None:
    assert _run(str(ROOT / SEED)) == (0, "none: 0 errors, 0 warnings, 0 notes\n", "")


def test_json_and_english() -> None:
    code, out, _ = _run(str(ROOT / SEED), "--profile", "cn-gov-services", "--format", "json", "--lang", "en")
    doc = json.loads(out)
    assert code == 1
    assert doc["profile"] == "cn-gov-services"
    assert doc["counts"] == {"error": 4, "warning": 2, "note": 2}  # services' floor is 10%: no CN-01
    first = doc["findings"][2]
    assert first == {"code": "CN-03", "severity": "error", "file": str(ROOT / SEED),
                     "line": _line("id: license-fee") + 5, "column": 16,
                     "path": "sections[1].criteria[0].scale",
                     "message": "price criterion license-fee is scored by rank (lowest-first); it must use the "
                                "lowest-price method (ratio: lowest)",
                     "source": "《政府采购货物和服务招标投标管理办法》（财政部令第87号）第五十五条"}
    code, out, _ = _run(str(ROOT / SEED), "--profile", "cn-gov-services", "--lang", "en", "--format", "text")
    assert "error CN-03: price criterion license-fee is scored by rank (lowest-first); it must use the lowest-price " \
           "method (ratio: lowest) (source: MOF Order No. 87, Art. 55; 《政府采购货物和服务招标投标管理办法》" \
           "（财政部令第87号）第五十五条)" in out


def test_warnings_and_notes_alone_exit_zero() -> None:
    code, out, _ = _run(str(ROOT / EXAMPLE), "--profile", "cn-gov-engineering")
    # Engineering: sme 10% is outside 3%–5% and consortium 4% outside 1%–2% (CN-06 errors).
    assert code == 1 and out.count("error CN-06") == 2
    code, out, _ = _run(str(ROOT / SEED), "--profile", "cn-gov-engineering")
    assert code == 0 and out.endswith("cn-gov-engineering: 0 errors, 1 warning, 2 notes\n")  # CN-23, CN-24 × 2


def test_the_example_tender_lints_clean() -> None:
    code, out, _ = _run(str(ROOT / EXAMPLE), str(ROOT / BIDS))
    # Its profile is cn-gov-goods; its tie-break starts {fact: bid_price, order: lowest-first} (CN-15).
    assert out == "cn-gov-goods: 0 errors, 0 warnings, 0 notes\n"
    assert code == 0


def test_invalid_files_print_the_problems_and_nothing_on_stdout(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nprofile: cn-gov\ncriteria:\n  - {id: a, title: A, points: 100, scale: {ratio: lowest}}\n",
                   encoding="utf-8")
    code, out, err = _run(str(bad), "--format", "json")
    assert (code, out) == (1, "")
    assert err == f"{bad}:2:10: profile: expected one of cn-gov-goods, cn-gov-services, cn-gov-engineering, none, " \
                  "got 'cn-gov'\n"


def test_an_unknown_profile_is_misuse() -> None:
    code, out, err = _run("no-such-file.yaml", "--profile", "goods")
    assert code == 2 and out == "" and "Invalid value for '--profile'" in err
