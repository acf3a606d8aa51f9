"""`scoring diff`'s kinds beyond sections and weights: named scales, pairwise, wording, facts,
gates, metrics, adjustments, grades and quotas, `--scores`, and errors (tooling.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from scoring.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "tooling"
KIT = """\
id: kit
title: Kit
subject: vendor
locale: en
currency: CNY
facts:
  bid_price: {title: Bid, unit: money}
  sme: {title: Small firm}
  uptime: {title: Uptime, unit: "%"}
metrics:
  net: {formula: "bid_price * 1", title: Net, unit: money}
gates:
  - {id: licence, title: Licence}
adjustments:
  - {id: sme-cut, title: SME cut, policy: sme, when: sme, price: bid, deduct: 10%}
scales:
  yn: {levels: {"yes": {points: 100%, label: Yes}, "no": {points: 0%, label: No}}}
  spare: {direct: {min: 0, max: 5}}
sections:
  - id: tech
    title: Technical
    weight: 60%
    pairwise: [[design, support, 2]]
    criteria:
      - {id: design, title: Design, scale: yn}
      - {id: support, title: Support, scale: yn, description: Hours}
  - id: price
    title: Price
    weight: 40%
    criteria:
      - {id: bid, title: Bid price, weight: 100%, value: bid_price, scale: {ratio: lowest}}
grades:
  - {min: 80, label: A, at-most: 30%}
  - {min: 0, label: B}
tie-break: [price]
"""


def _run(tmp_path: Path, old: str, new: str, *extra: str, code: int = 0) -> str:
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    out = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), *extra])
    assert out.exit_code == code, out.output
    return out.output


def _changes(tmp_path: Path, new: str) -> list[tuple[Any, ...]]:
    got = json.loads(_run(tmp_path, KIT, new, "--format", "json"))["changes"]
    return [(c["kind"], c["target"], c["id"], c["old"], c["new"], *([c["criteria"]] if "criteria" in c else []))
            for c in got]


def test_named_scales_changed_added_and_removed(tmp_path: Path) -> None:
    new = KIT.replace('"no": {points: 0%, label: No}}}', '"no": {points: 50%, label: No}}}\n  extra: {ratio: highest}')
    new = new.replace("  spare: {direct: {min: 0, max: 5}}\n", "")
    # yn's "no" level 0% -> 50%: one `scale` change of the scale, naming both criteria that use it
    # (and no change of their own, since each still uses yn); extra added, spare removed: wording only.
    levels = {"levels": {"yes": "100%", "no": "0%"}}
    assert _changes(tmp_path, new) == [
        ("scale", "scale", "yn", levels, {"levels": {"yes": "100%", "no": "50%"}}, ["design", "support"]),
        ("added", "scale", "extra", None, None),
        ("removed", "scale", "spare", None, None),
    ]
    assert _run(tmp_path, KIT, new).splitlines() == [
        'scale of scale yn (used by design, support): {"levels": {"yes": "100%", "no": "0%"}} -> '
        '{"levels": {"yes": "100%", "no": "50%"}} [changes totals]',
        "scale extra added [wording only]",
        "scale spare removed [wording only]",
    ]


def test_pairwise_and_a_criterion_that_uses_another_named_scale(tmp_path: Path) -> None:
    new = (KIT.replace("[design, support, 2]", "[design, support, 3]")
           .replace("{id: support, title: Support, scale: yn", "{id: support, title: Support, scale: spare"))
    # design : support = 2 : 1 gives 2/3 and 1/3 (200/3 and 100/3 percent points); 3 : 1 gives 75 and 25.
    assert _changes(tmp_path, new) == [
        ("pairwise", "section", "tech",
         {"comparisons": [["design", "support", 2]], "weights": {"design": 200 / 3, "support": 100 / 3}},
         {"comparisons": [["design", "support", 3]], "weights": {"design": 75.0, "support": 25.0}}),
        ("scale", "criterion", "support", {"name": "yn", "levels": {"yes": "100%", "no": "0%"}},
         {"name": "spare", "direct": {"min": 0.0, "max": 5.0}}),
    ]


def test_wording_of_each_part_in_spec_order(tmp_path: Path) -> None:
    new = (KIT.replace("title: Kit\n", "title: Kit\ndescription: For kits\n")
           .replace("title: Net, unit: money", "title: Net, unit: 元")
           .replace("policy: sme,", "policy: other,")
           .replace("sme: {title: Small firm}", "sme: {title: SME}")
           .replace("label: Yes}", "label: Full}")
           .replace("description: Hours}", "description: Hours a day}"))
    # Rubric, metrics, adjustments, facts, named scales, then criteria: every one wording only.
    assert _run(tmp_path, KIT, new).splitlines() == [
        "wording of rubric kit changed [wording only]",
        "wording of metric net changed [wording only]",
        "wording of adjustment sme-cut changed [wording only]",
        "wording of fact sme changed [wording only]",
        "wording of scale yn changed [wording only]",
        "wording of criterion support changed [wording only]",
    ]


def test_facts_units_price_flags_gates_metrics_and_adjustments(tmp_path: Path) -> None:
    new = (KIT.replace('  uptime: {title: Uptime, unit: "%"}\n', "")
           .replace("{id: licence, title: Licence}", "{id: licence, title: Licence, check: 'bid_price > 0'}")
           .replace('"bid_price * 1"', '"bid_price * 2"')
           .replace("deduct: 10%", "deduct: 6%")
           .replace("value: bid_price, scale", "value: bid_price, price: true, scale"))
    # The gate's check, the metric's formula, the deduction (10% -> 6%, percent points), the
    # uptime declaration gone (wording) taking its `%` unit with it (changes totals), bid's price flag.
    assert _changes(tmp_path, new) == [
        ("gate", "gate", "licence", None, "bid_price > 0"),
        ("metric", "metric", "net", "bid_price * 1", "bid_price * 2"),
        ("adjustment", "adjustment", "sme-cut", {"when": "sme", "price": ["bid"], "deduct": 10.0},
         {"when": "sme", "price": ["bid"], "deduct": 6.0}),
        ("removed", "fact", "uptime", None, None),
        ("unit", "fact", "uptime", "%", None),
        ("price", "criterion", "bid", None, True),
    ]


def test_grades_and_quotas_apart(tmp_path: Path) -> None:
    relabelled = KIT.replace("label: B}", "label: C}")
    # A label alone is a `grades` change; the caps are the same, so no `quotas` change.
    assert _changes(tmp_path, relabelled) == [("grades", None, None, [[80.0, "A"], [0.0, "B"]], [[80.0, "A"], [0.0, "C"]])]
    capped = KIT.replace("at-most: 30%", "at-most: 20%")
    rows = [["A", 30.0, None], ["B", None, None]]
    assert _changes(tmp_path, capped) == [
        ("quotas", None, None, {"rows": rows, "groups": None, "min_group": 5},
         {"rows": [["A", 20.0, None], ["B", None, None]], "groups": None, "min_group": 5}),
    ]
    assert _run(tmp_path, KIT, capped).endswith("[changes grades only]\n")


def test_sections_and_criteria_added_moved_and_removed(tmp_path: Path) -> None:
    new = (KIT.replace("weight: 40%", "weight: 30%").replace("gates:\n  - {id: licence, title: Licence}\n", "")
           .replace("grades:\n", "  - id: service\n    title: Service\n    weight: 10%\n    criteria:\n"
                    "      - {id: sla, title: SLA, weight: 100%, scale: {direct: {min: 0, max: 10}}}\ngrades:\n"))
    # The gate removed; price's weight 40% -> 30%; section service (10%) added with sla (100%).
    assert _changes(tmp_path, new) == [
        ("removed", "gate", "licence", None, None),
        ("weight", "section", "price", {"weight": 40.0}, {"weight": 30.0}),
        ("added", "section", "service", None, {"weight": 10.0}),
        ("added", "criterion", "sla", None, {"section": "service", "weight": 100.0}),
    ]


def test_removed_and_moved_criteria_on_a_points_sheet(tmp_path: Path) -> None:
    old = (DATA / "old.yaml").read_text(encoding="utf-8")
    new = old.replace("      - {id: design, title: Design, points: 10, scale: {direct: {min: 0, max: 10}}}\n",
                      "      - {id: look, title: Look, points: 10, scale: {direct: {min: 0, max: 10}}}\n")
    new = new.replace("      - {id: bid,", "      - {id: design, title: Design, points: 10, "
                                          "scale: {direct: {min: 0, max: 10}}}\n      - {id: bid,")
    # design now sits in price: moved; look added to tech; nothing removed. Then look removed again:
    assert _run(tmp_path, old, new).splitlines() == [
        "criterion look added to section tech (10 points) [changes totals]",
        "criterion design moved: section tech -> section price [changes totals]",
    ]
    back = json.loads(_run(tmp_path, new, old, "--format", "json"))["changes"]
    assert [(c["kind"], c["id"], c["old"], c["new"]) for c in back] == [
        ("moved", "design", "price", "tech"),
        ("removed", "look", {"section": "tech", "points": 10.0}, None),
    ]


def test_scores_sheets_are_applied_under_both_rubrics(tmp_path: Path) -> None:
    old = (DATA / "old.yaml").read_text(encoding="utf-8")
    new = old.replace("weight: 60%", "weight: 30%").replace("weight: 40%", "weight: 70%")
    (tmp_path / "in.yaml").write_text("evaluators: {e1: {}, e2: {}, e3: {}}\ncandidates:\n"
                                      "  - {id: A, facts: {bid_price: 800000}}\n"
                                      "  - {id: B, facts: {bid_price: 1000000}}\n", encoding="utf-8")
    (tmp_path / "s.csv").write_text("candidate,evaluator,criterion,value\nA,e1,design,9\nA,e2,design,6\n"
                                    "A,e3,design,8\nB,e1,design,10\nB,e2,design,10\nB,e3,design,4\n", encoding="utf-8")
    got = json.loads(_run(tmp_path, old, new, str(tmp_path / "in.yaml"), "--scores", str(tmp_path / "s.csv"),
                          "--format", "json"))["candidates"]
    # Trimmed mean, trim 1: A drops 9 and 6 -> 8 of 10; B drops a 10 and the 4 -> 10 of 10.
    # Price ratio: A is the lowest bid (1), B 800000/1000000 = 0.8.
    # Old 60/40: A 48 + 40 = 88 (#2), B 60 + 32 = 92 (#1). New 30/70: A 24 + 70 = 94 (#1), B 30 + 56 = 86 (#2).
    assert [(c["id"], c["old"]["total"], c["new"]["total"], c["change"], c["rank_change"]) for c in got] == [
        ("A", 88.0, 94.0, 6.0, 1), ("B", 92.0, 86.0, -6.0, -1)]


def test_problems_of_both_rubrics_and_of_the_input_under_each(tmp_path: Path) -> None:
    out = _run(tmp_path, "id: a\n", "id: b\ntitle: B\n", code=1)
    # Every problem of both files at once: old lacks title and sections, new lacks sections.
    assert sorted(line.split(": ", 1)[1] for line in out.splitlines()) == [
        "missing 'sections' (or a top-level 'criteria' list)",
        "missing 'sections' (or a top-level 'criteria' list)",
        "missing key 'title'",
    ]
    old = (DATA / "old.yaml").read_text(encoding="utf-8")
    (tmp_path / "in.yaml").write_text("candidates:\n  - {id: A, facts: {bid_price: 1}}\n", encoding="utf-8")
    out = _run(tmp_path, old, old, str(tmp_path / "in.yaml"), code=1)
    # A has no design score: said once against each rubric, at the same place, so by message.
    assert [line.rsplit(" (against rubric ", 1)[1] for line in out.splitlines()] == [
        f"{tmp_path / 'new.yaml'})", f"{tmp_path / 'old.yaml'})"]


def test_the_rubrics_own_pairwise(tmp_path: Path) -> None:
    old = (Path(__file__).resolve().parent / "data" / "ahp" / "rubric.yaml").read_text(encoding="utf-8")
    new = old.replace("[tech, service, 2]", "[tech, service, 1]").replace("[tech, price, 4]", "[tech, price, 2]")
    # Old 2, 4, 2 is consistent: tech : service : price = 4 : 2 : 1, so 400/7, 200/7, 100/7 percent points.
    # New 1, 2, 2: tech = service = 2 × price, so 2 : 2 : 1 = 40, 40, 20.
    got = json.loads(_run(tmp_path, old, new, "--format", "json"))["changes"]
    assert got == [{"kind": "pairwise", "target": "rubric", "id": "ahp-demo",
                    "old": {"comparisons": [["tech", "service", 2], ["tech", "price", 4], ["service", "price", 2]],
                            "weights": {"tech": 400 / 7, "service": 200 / 7, "price": 100 / 7}},
                    "new": {"comparisons": [["tech", "service", 1], ["tech", "price", 2], ["service", "price", 2]],
                            "weights": {"tech": 40.0, "service": 40.0, "price": 20.0}}}]


def test_anonymous_roles_are_wording_and_weight_to_points_is_a_weight_change(tmp_path: Path) -> None:
    new = (KIT.replace("subject: vendor\n", "subject: vendor\nevaluators: {anonymous: [peer]}\n")
           .replace("{id: bid, title: Bid price, weight: 100%,", "{id: bid, title: Bid price, points: 10,"))
    # Method and trim stay the defaults (mean, 1): only the anonymous roles changed, which is wording.
    assert _run(tmp_path, KIT, new).splitlines() == [
        "wording of rubric kit changed [wording only]",
        "weight of criterion bid: 100% -> 10 points [changes totals]",
    ]


def test_written_values_keep_their_digits_in_json(tmp_path: Path) -> None:
    # `spare` is written {min: 0, max: 5}; the new file writes max 7.5. JSON numbers keep every
    # digit as written (api.md §6): the whole numbers stay whole (0, 5), never 0.0 or 5.0.
    new = KIT.replace("spare: {direct: {min: 0, max: 5}}", "spare: {direct: {min: 0, max: 7.5}}")
    changes = json.loads(_run(tmp_path, KIT, new, "--format", "json"))["changes"]
    spare = [c for c in changes if c["id"] == "spare"]
    assert [(c["kind"], c["old"], c["new"]) for c in spare] == [
        ("scale", {"direct": {"min": 0, "max": 5}}, {"direct": {"min": 0, "max": 7.5}})]
    assert '"max": 5}' in json.dumps(spare[0]["old"]) and "5.0" not in json.dumps(spare[0])


def test_a_given_format_decides_over_the_output_suffix(tmp_path: Path) -> None:
    # api.md §6: with -o, a given --format decides; without it the .json suffix picks JSON.
    new = KIT.replace("weight: 60%", "weight: 50%").replace("weight: 40%", "weight: 50%")
    _run(tmp_path, KIT, new, "--format", "table", "-o", str(tmp_path / "as-table.json"))
    _run(tmp_path, KIT, new, "-o", str(tmp_path / "as-json.json"))
    assert (tmp_path / "as-table.json").read_text(encoding="utf-8").startswith("weight of section tech: 60% -> 50%")
    assert json.loads((tmp_path / "as-json.json").read_text(encoding="utf-8"))["changes"][0]["kind"] == "weight"
