"""The data half of issue 13 (documents.md §1 and §6): the new rubric keys `currency`, `facts`,
metric mappings and `evaluators.anonymous`, the input's `comments`, a `%` fact written either
way, and the bytes of the CSV and JSON files other programs read."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scoring.cli import cli
from scoring.load.inputs import load_input
from scoring.load.rubric import load_rubric
from scoring.model.rubric import Quantity

BOM = b"\xef\xbb\xbf"

KEYS_RUBRIC = """\
title: KPI
subject: staff
currency: CNY
facts:
  sales:  {title: 销售额}
  quota:  {title: 销售目标}
  budget: {title: 营销预算, unit: money}
  visits: {title: 拜访次数, unit: 次}
  csat:   {unit: "％"}
metrics:
  attainment: {formula: sales / quota, title: 销售计划达成率, unit: "%"}
  per_visit: sales / visits
evaluators:
  method: weighted
  roles: {superior: 60%, peer: 25%, self: 15%}
  anonymous: [peer]
criteria:
  - {id: q, title: Q, weight: 100%, scale: {direct: {min: 0, max: 5}}}
"""

PLAIN_RUBRIC = "title: T\ncriteria:\n  - {id: q, title: Q, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _validate(runner: CliRunner, *files: Path) -> tuple[int, list[str]]:
    result = runner.invoke(cli, ["validate", *(f.name for f in files)])  # named as a user types them
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


# -- rubric keys -------------------------------------------------------------------------------


def test_every_new_rubric_key_reads_into_the_model(tmp_path: Path) -> None:
    rubric = load_rubric(_write(tmp_path, "r.yaml", KEYS_RUBRIC))
    assert rubric.currency == "CNY"
    assert dict(rubric.facts) == {
        "sales": Quantity("销售额"), "quota": Quantity("销售目标"), "budget": Quantity("营销预算", "money"),
        "visits": Quantity("拜访次数", "次"),
        "csat": Quantity("", "%"),  # the full-width ％ read as %, like every percent
    }
    # Only the metric written as a mapping has a title and unit; the short form stays valid.
    assert dict(rubric.metric_info) == {"attainment": Quantity("销售计划达成率", "%")}
    assert rubric.metrics["attainment"].text == "sales / quota"
    assert rubric.metrics["per_visit"].text == "sales / visits"
    assert rubric.aggregation.anonymous == ("peer",)


def test_without_the_new_keys_the_model_says_none(tmp_path: Path) -> None:
    rubric = load_rubric(_write(tmp_path, "r.yaml", PLAIN_RUBRIC))
    assert (rubric.currency, dict(rubric.facts), dict(rubric.metric_info)) == (None, {}, {})
    assert rubric.aggregation.anonymous is None  # absent: the default rule applies


BAD_RUBRIC = """\
title: T
currency: cny
facts:
  budget: {title: B, unit: money, titel: x}
  cost: money
metrics:
  a: {title: A}
  b: {formula: a * 2, unit: "%", scale: x}
evaluators:
  method: weighted
  roles: {superior: 60%, peer: 40%}
  anonymous: [peers, peer, peer]
criteria:
  - {id: q, title: Q, weight: 100%, scale: {direct: {min: 0, max: 5}}}
"""


def test_each_misuse_of_the_new_rubric_keys_is_a_located_error(runner: CliRunner, tmp_path: Path) -> None:
    code, lines = _validate(runner, _write(tmp_path, "r.yaml", BAD_RUBRIC))
    assert code == 1
    # Every problem at once, each at its line and column (a value's problem at the value, a
    # missing key at its mapping's key). `budget`'s money unit is not reported:
    # the rubric does write a currency, whose own problem is reported instead.
    assert sorted(lines) == sorted([
        "r.yaml:2:11: currency: expected a currency code of three capital letters (like CNY, USD or EUR), "
        "got 'cny'",
        "r.yaml:4:42: facts.budget.titel: unknown key 'titel', did you mean 'title'?",
        "r.yaml:5:9: facts.cost: expected a mapping, got 'money'",
        "r.yaml:7:3: metrics.a: missing key 'formula'",
        "r.yaml:8:41: metrics.b.scale: unknown key 'scale'; expected one of formula, title, unit",
        "r.yaml:12:15: evaluators.anonymous[0]: unknown role 'peers', did you mean 'peer'?",
        "r.yaml:12:28: evaluators.anonymous[2]: role 'peer' is listed twice",
    ])


def test_money_needs_a_currency(runner: CliRunner, tmp_path: Path) -> None:
    rubric = PLAIN_RUBRIC + "facts:\n  budget: {unit: money}\nmetrics:\n  m: {formula: budget / 2, unit: money}\n"
    code, lines = _validate(runner, _write(tmp_path, "r.yaml", rubric))
    assert code == 1
    message = "unit 'money' needs the rubric's 'currency' (three capital letters, like CNY)"
    # Each at the word `money` (lines 5 and 7, after the three lines of PLAIN_RUBRIC and `facts:`).
    assert lines == [f"r.yaml:5:18: facts.budget.unit: {message}", f"r.yaml:7:34: metrics.m.unit: {message}"]


def test_anonymous_roles_are_free_without_rubric_roles(tmp_path: Path) -> None:
    # Without `roles:` the input gives the roles, so any role name may be listed.
    rubric = load_rubric(_write(tmp_path, "r.yaml", PLAIN_RUBRIC + "evaluators: {anonymous: [colleague]}\n"))
    assert rubric.aggregation.anonymous == ("colleague",)


def _anonymity(tmp_path: Path, rubric_extra: str, data: str) -> tuple[frozenset[str], bool, bool]:
    rubric = load_rubric(_write(tmp_path, "r.yaml", PLAIN_RUBRIC + rubric_extra))
    given = load_input(_write(tmp_path, "i.yaml", data), rubric)
    return rubric.anonymous_roles(given), rubric.is_anonymous("peer", given), rubric.is_anonymous(None, given)


def test_the_default_anonymous_rule(tmp_path: Path) -> None:
    scored = "candidates:\n  - {id: e, scores: {wang: {q: 4}, li: {q: 3}}}\n"
    # No evaluator has a role (a committee): nobody is anonymous.
    assert _anonymity(tmp_path, "", scored) == (frozenset(), False, False)
    # A role in the input's evaluators: peers and subordinates are anonymous by default.
    with_roles = "evaluators:\n  li: {role: peer}\n" + scored
    assert _anonymity(tmp_path, "", with_roles) == (frozenset({"peer", "subordinate"}), True, False)
    # A role given per candidate counts too.
    per_candidate = "candidates:\n  - {id: e, evaluators: {wang: superior}, scores: {wang: {q: 4}}}\n"
    assert _anonymity(tmp_path, "", per_candidate)[0] == frozenset({"peer", "subordinate"})
    # `anonymous: []` names everyone; a written list replaces the default.
    assert _anonymity(tmp_path, "evaluators: {anonymous: []}\n", with_roles) == (frozenset(), False, False)
    assert _anonymity(tmp_path, "evaluators: {anonymous: [self]}\n", with_roles) == (frozenset({"self"}), False, False)


# -- a % fact written either way ---------------------------------------------------------------

PERCENT_RUBRIC = """\
title: T
facts:
  csat: {{title: 客户满意度, unit: "%"}}
criteria:
  - id: csat
    title: CSAT
    weight: 100%
    scale: {{bands: [{{min: {high}, points: 100%}}, {{min: {low}, points: 60%}}, {{points: 0}}]}}
"""
PERCENT_INPUT = """\
candidates:
  - {id: a, facts: {csat: "0.92"}}
  - {id: b, facts: {csat: 92%}}
  - {id: c, facts: {csat: "0.85"}}
  - {id: d, facts: {csat: 85%}}
"""


def _totals(runner: CliRunner, rubric: Path, data: Path) -> dict[str, float]:
    result = runner.invoke(cli, ["score", str(rubric), str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {c["id"]: c["total"] for c in json.loads(result.stdout)["candidates"]}


def test_a_percent_fact_written_either_way_meets_percent_bands_alike(runner: CliRunner, tmp_path: Path) -> None:
    rubric = _write(tmp_path, "r.yaml", PERCENT_RUBRIC.format(high="90%", low="80%"))
    data = _write(tmp_path, "i.yaml", PERCENT_INPUT)
    # 0.92 and 92% are both 0.92 >= 90% (0.90): the first band, 100% of 100 = 100.
    # 0.85 and 85% are both 0.85: below 0.90, at least 0.80: the second band, 60% of 100 = 60.
    assert _totals(runner, rubric, data) == {"a": 100.0, "b": 100.0, "c": 60.0, "d": 60.0}


def test_without_the_declared_unit_a_plain_value_against_percent_bands_stays_an_error(
        runner: CliRunner, tmp_path: Path) -> None:
    undeclared = PERCENT_RUBRIC.format(high="90%", low="80%").replace('  csat: {title: 客户满意度, unit: "%"}\n',
                                                                       "  csat: {title: 客户满意度}\n")
    rubric = _write(tmp_path, "r.yaml", undeclared)
    data = _write(tmp_path, "i.yaml", "candidates:\n  - {id: a, facts: {csat: \"0.92\"}}\n")
    code, lines = _validate(runner, rubric, data)
    assert (code, lines) == (1, [
        "i.yaml:2:27: candidates[0].facts.csat: criterion 'csat': expected a percent, "
        "as the scale's bands are written (90%), got '0.92'",
    ])


def test_a_percent_fact_against_plain_bands_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    # A declared percent, 0.92 or 92%, can never be compared with `min: 90`: an error, not 0 points.
    rubric = _write(tmp_path, "r.yaml", PERCENT_RUBRIC.format(high="90", low="80"))
    data = _write(tmp_path, "i.yaml", "candidates:\n  - {id: a, facts: {csat: 92%}}\n")
    code, lines = _validate(runner, rubric, data)
    assert (code, lines) == (1, [
        "i.yaml:2:27: candidates[0].facts.csat: criterion 'csat': fact 'csat' is a percent "
        "(unit \"%\" in the rubric's facts), but the scale's bands are written as plain numbers; "
        "write them as percents",
    ])


# -- comments ----------------------------------------------------------------------------------

COMMENTS_INPUT = """\
evaluators:
  wang: {role: superior}
  zhao: {role: peer}
candidates:
  - id: e1
    name: 张三
    scores:
      wang: {q: 4}
      li: {q: 3}
    comments:
      wang: |-
        全年工作扎实。
        CRM数据质量明显提升。
      li: 沟通及时
      zhao: 乐于分享经验
  - id: e2
    scores: {wang: {q: 5}}
    comments: {wang: ""}
"""


def test_comments_appear_in_json_as_written(runner: CliRunner, tmp_path: Path) -> None:
    rubric = _write(tmp_path, "r.yaml", PLAIN_RUBRIC)
    data = _write(tmp_path, "i.yaml", COMMENTS_INPUT)
    result = runner.invoke(cli, ["score", str(rubric), str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    by_id = {c["id"]: c for c in json.loads(result.stdout)["candidates"]}
    # wang scored e1, li scored it without being listed, zhao is listed and only comments: all
    # three are authors. The line break is kept.
    assert by_id["e1"]["comments"] == {"wang": "全年工作扎实。\nCRM数据质量明显提升。", "li": "沟通及时",
                                       "zhao": "乐于分享经验"}
    assert "comments" not in by_id["e2"]  # an empty text is no comment
    # The comments change no figure: e1 (4/5 × 100 + 3/5 × 100) / 2 = (80 + 60) / 2 = 70; e2 5/5 → 100.
    assert (by_id["e1"]["total"], by_id["e2"]["total"]) == (70.0, 100.0)


def test_an_unknown_author_is_an_input_error_at_it(runner: CliRunner, tmp_path: Path) -> None:
    rubric = _write(tmp_path, "r.yaml", PLAIN_RUBRIC)
    data = _write(tmp_path, "i.yaml", (
        "evaluators:\n  wang: {role: superior}\n"
        "candidates:\n"
        "  - {id: e1, scores: {li: {q: 3}}, comments: {zhang: 好}}\n"
        "  - {id: e2, evaluators: {wang: superior}, scores: {wang: {q: 4}}, comments: {li: 好}}\n"
    ))
    code, lines = _validate(runner, rubric, data)
    assert code == 1
    # e1 has no evaluators of its own: its authors are li (scored it) and wang (listed).
    # e2 lists its evaluators: only wang may comment, though li scored e1.
    # Each at the comment's text (columns 54 and 83).
    assert lines == [
        "i.yaml:4:54: candidates[0].comments.zhang: a comment's author must be an evaluator who scored "
        "this candidate or one listed under the input's 'evaluators': unknown evaluator 'zhang', "
        "did you mean 'wang'?",
        "i.yaml:5:83: candidates[1].comments.li: a comment's author must be one of this candidate's "
        "'evaluators': unknown evaluator 'li'; expected one of wang",
    ]


# -- files other programs read -----------------------------------------------------------------


def _scored(tmp_path: Path) -> tuple[Path, Path]:
    data = "candidates:\n  - {id: a, name: 甲公司, scores: {wang: {q: 4}}}\n"
    return _write(tmp_path, "r.yaml", PLAIN_RUBRIC), _write(tmp_path, "i.yaml", data)


def test_a_csv_file_begins_with_one_bom_and_standard_output_with_none(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _scored(tmp_path)
    for args in (["--format", "csv", "-o", "out.csv"], ["-o", "by-suffix.csv"]):
        result = runner.invoke(cli, ["score", str(rubric), str(data), *args])
        assert result.exit_code == 0, result.output
        written = (tmp_path / args[-1]).read_bytes()
        assert written.startswith(BOM) and not written[3:].startswith(BOM)
        assert "甲公司".encode() in written  # UTF-8 after the mark
    piped = runner.invoke(cli, ["score", str(rubric), str(data), "--format", "csv"])
    assert piped.exit_code == 0
    assert not piped.stdout_bytes.startswith(BOM) and BOM not in piped.stdout_bytes
    assert (tmp_path / "out.csv").read_bytes()[3:] == piped.stdout_bytes  # the same text otherwise


def test_json_is_utf8_with_every_character_as_itself(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _scored(tmp_path)
    result = runner.invoke(cli, ["score", str(rubric), str(data), "-o", "out.json"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out.json").read_bytes()
    assert not written.startswith(BOM)
    assert '"name": "甲公司"'.encode() in written and b"\\u" not in written
    piped = runner.invoke(cli, ["score", str(rubric), str(data), "--format", "json"])
    assert '"甲公司"'.encode() in piped.stdout_bytes and b"\\u" not in piped.stdout_bytes


def test_currency_is_three_capital_letters(runner: CliRunner, tmp_path: Path) -> None:
    for code in ("CN", "CNYY", "￥", "C1Y"):
        rubric = _write(tmp_path, "r.yaml", PLAIN_RUBRIC + f"currency: {code}\n")
        # `currency: ` is ten characters: the code starts at column 11 of line 4.
        assert _validate(runner, rubric) == (1, [
            f"r.yaml:4:11: currency: expected a currency code of three capital letters (like CNY, USD or EUR), "
            f"got '{code}'",
        ])
    for code in ("USD", "JPY", "HKD"):
        assert load_rubric(_write(tmp_path, "r.yaml", PLAIN_RUBRIC + f"currency: {code}\n")).currency == code


def test_a_percent_fact_written_either_way_meets_percent_knots_alike(runner: CliRunner, tmp_path: Path) -> None:
    rubric = _write(tmp_path, "r.yaml", (
        'title: T\nfacts:\n  attainment: {unit: "%"}\ncriteria:\n'
        "  - {id: attainment, title: A, weight: 100%, scale: {linear: [[80%, 0], [120%, 100%]]}}\n"
    ))
    data = _write(tmp_path, "i.yaml", "candidates:\n  - {id: a, facts: {attainment: 1}}\n"
                                      "  - {id: b, facts: {attainment: 100%}}\n")
    # 1 and 100% are both 1.00: (1.00 − 0.80) / (1.20 − 0.80) × 100 = 0.20 / 0.40 × 100 = 50.
    assert _totals(runner, rubric, data) == {"a": 50.0, "b": 50.0}


def test_when_a_value_is_a_percent(tmp_path: Path) -> None:
    rubric = load_rubric(_write(tmp_path, "r.yaml", KEYS_RUBRIC))
    percent_bands = load_rubric(_write(tmp_path, "p.yaml", PERCENT_RUBRIC.format(high="90%", low="0"))).criteria[0].scale
    plain_bands = load_rubric(_write(tmp_path, "q.yaml", PERCENT_RUBRIC.format(high="90", low="0"))).criteria[0].scale
    zero_bands = load_rubric(_write(tmp_path, "z.yaml", (
        "title: T\ncriteria:\n  - {id: x, title: X, weight: 100%, scale: {bands: [{min: 0, points: 100%}, {points: 0}]}}\n"
    ))).criteria[0].scale
    # Declared units: `%` facts and metrics are percents whatever reads them; money and 次 are not.
    assert [rubric.unit_of(n) for n in ("csat", "attainment", "budget", "visits", "sales")] == ["%", "%", "money", "次", ""]
    assert rubric.is_percent("csat") and rubric.is_percent("attainment", plain_bands)
    assert not rubric.is_percent("budget", percent_bands) and not rubric.is_percent("visits", percent_bands)
    # A catalogue rate (unit %) is a percent; the catalogue's CAC is in 元.
    assert rubric.unit_of("churn_rate") == "%" and rubric.is_percent("churn_rate")
    assert rubric.unit_of("cac") == "元"
    # A metric of the rubric's own that takes a catalogue name has no unit unless it says one.
    shadow = load_rubric(_write(tmp_path, "s.yaml", PLAIN_RUBRIC + "metrics: {churn_rate: a / b}\n"))
    assert shadow.unit_of("churn_rate") == "" and not shadow.is_percent("churn_rate")
    # No unit anywhere: the scale that reads it decides, and bounds of 0 say nothing.
    assert rubric.is_percent("sales", percent_bands)
    assert not rubric.is_percent("sales", plain_bands) and not rubric.is_percent("sales", zero_bands)
    assert not rubric.is_percent("sales")


def test_a_fact_declared_under_facts_is_not_warned_about() -> None:
    # A department is documented, not scored: declaring it under `facts:` says so on purpose,
    # so "fact nobody uses" is for undeclared facts only.
    from scoring import evaluate, parse_input, parse_rubric

    base = {"title": "T", "criteria": [{"id": "fit", "title": "Fit", "points": "100",
                                          "scale": {"direct": {"min": "0", "max": "10"}}}]}
    data = {"candidates": [{"id": "a", "facts": {"department": "销售部"}, "scores": {"e1": {"fit": "7"}}}]}
    undeclared = evaluate(parse_rubric(base), parse_input(data))
    assert [w.message for w in undeclared.warnings] == [
        "candidates[0].facts.department: fact 'department' is used by no criterion, metric, gate or tie-break"]
    declared = parse_rubric({**base, "facts": {"department": {"title": "部门"}}})
    assert evaluate(declared, parse_input(data, declared)).warnings == ()
