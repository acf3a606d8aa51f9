"""`scoring explain`'s additions: drop reasons, band bounds and amounts, rank best and worst (tooling.md)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from scoring.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "tooling"
OLD = (DATA / "old.yaml").read_text(encoding="utf-8")


def test_text_says_which_dropped_score_was_highest_and_lowest() -> None:
    out = CliRunner().invoke(cli, ["explain", str(DATA / "old.yaml"), str(DATA / "bids.yaml"), "A", "design"])
    assert out.exit_code == 0, out.output
    # A's design: e1 9, e2 6, e3 8, e4 10; trim 1 drops the lowest (6, e2) and the highest (10, e4).
    assert "  e2: 6 = 6 points dropped (lowest)\n" in out.output
    assert "  e4: 10 = 10 points dropped (highest)\n" in out.output


def _json(tmp_path: Path, rubric: str, *args: str) -> dict[str, object]:
    (tmp_path / "r.yaml").write_text(rubric, encoding="utf-8")
    out = CliRunner().invoke(cli, ["explain", str(tmp_path / "r.yaml"), str(DATA / "bids.yaml"), *args,
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)  # type: ignore[no-any-return]


def test_band_hit_carries_its_bounds_and_amount(tmp_path: Path) -> None:
    bands = "{bands: [{max: 900000, points: 10}, {min: 900000, points: 4}]}"
    rubric = OLD.replace("{ratio: lowest}", bands)
    rule = _json(tmp_path, rubric, "B", "bid")["criteria"]["bid"]["rule"]  # type: ignore[index]
    # B bid 1000000: not below 900000, so the second band (index 1, from 900000, no upper bound), 4 points.
    assert (rule["band"], rule["min"], rule["max"], rule["amount"]) == (1, "900000", None, "4")


def test_rank_rule_carries_best_and_worst(tmp_path: Path) -> None:
    rank = "{rank: {order: lowest-first, first: 10, middle: 5, last: 0}}"
    rubric = OLD.replace("{ratio: lowest}", rank)
    rule = _json(tmp_path, rubric, "B", "bid")["criteria"]["bid"]["rule"]  # type: ignore[index]
    # Qualified bids 800000 (A) and 1000000 (B); lowest first: best 800000, worst 1000000; B is last.
    assert (rule["best"], rule["worst"], rule["place"]) == ("800000", "1000000", "last")


# A vendor tender for the checks below: a gate with a check, a metric on bands, an SME price
# deduction on a lowest-ratio price, and `rounding: items`.
TENDER = """\
id: t
title: T
subject: vendor
locale: en
decimals: 2
rounding: items
currency: CNY
facts:
  bid_price: {title: Bid, unit: money}
  sme: {title: SME}
  delivery_days: {title: Delivery days}
  won: {title: Won}
  bids: {title: Bids}
metrics:
  win: won / bids
gates:
  - {id: delivery, title: Delivery, check: delivery_days <= 60}
sections:
  - id: tech
    title: Technical
    weight: 60%
    criteria:
      - {id: design, title: Design, points: 10, scale: {direct: {min: 0, max: 10}}}
      - {id: record, title: Record, points: 10, value: win, scale: {bands: [{max: 0.5, points: 2}, {min: 0.5, points: 10}]}}
  - id: price
    title: Price
    weight: 40%
    criteria:
      - {id: bid, title: Bid price, points: 10, price: true, value: bid_price, scale: {ratio: lowest}}
adjustments:
  - {id: sme-cut, title: SME cut, policy: sme, when: sme, price: bid, deduct: 10%}
"""
FACTS = {"A": "{delivery_days: 45, won: 3, bids: 4, bid_price: 1000000, sme: true}",
         "B": "{delivery_days: 30, won: 1, bids: 4, bid_price: 950000, sme: false}",
         "C": "{delivery_days: 90, won: 1, bids: 4, bid_price: 800000, sme: false}"}
SCORES = {"A": (7, 8, 9), "B": (6, 7, 7), "C": (6, 7, 7)}


def _bids(with_scores: bool = True) -> str:
    lines = ["evaluators: {e1: {name: Wang}, e2: {}, e3: {}}", "candidates:"]
    for cid, facts in FACTS.items():
        lines += [f"  - id: {cid}", f"    facts: {facts}"]
        if with_scores:
            a, b, c = SCORES[cid]
            lines.append(f"    scores: {{e1: {{design: {a}}}, e2: {{design: {b}}}, e3: {{design: {c}}}}}")
    return "\n".join(lines) + "\n"


def _tender(tmp_path: Path, *args: str, bids: str | None = None, code: int = 0, rubric: str = TENDER) -> str:
    (tmp_path / "t.yaml").write_text(rubric, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_bids() if bids is None else bids, encoding="utf-8")
    out = CliRunner().invoke(cli, ["explain", str(tmp_path / "t.yaml"), str(tmp_path / "b.yaml"), *args])
    assert out.exit_code == code, out.output
    return out.output


def test_gate_check_shows_the_facts_it_read(tmp_path: Path) -> None:
    got = json.loads(_tender(tmp_path, "A", "--format", "json"))
    # A's delivery_days is 45 as written; 45 <= 60 passes.
    assert got["gates"]["delivery"] == {"passed": True, "check": "delivery_days <= 60", "answer": None,
                                        "given": None, "facts": {"delivery_days": "45"}}
    assert "gate delivery: passed (delivery_days = 45 ≤ 60)\n" in _tender(tmp_path, "A")


def test_a_disqualified_candidate_stops_after_its_gates(tmp_path: Path) -> None:
    got = json.loads(_tender(tmp_path, "C", "--format", "json"))
    # C's 90 days fail 90 <= 60: disqualified, nothing further.
    assert (got["qualified"], got["failed_gates"], got["gates"]["delivery"]["facts"]) == (
        False, ["delivery"], {"delivery_days": "90"})
    assert [got[k] for k in ("criteria", "sections", "total", "rank", "grade", "tie")] == [None] * 6
    assert _tender(tmp_path, "C").splitlines()[1:] == [
        "gate delivery: failed (delivery_days = 90 ≤ 60)",
        "disqualified by delivery; nothing further is scored",
    ]


def test_metric_shows_its_formula_and_the_facts_it_read(tmp_path: Path) -> None:
    record = json.loads(_tender(tmp_path, "B", "record", "--format", "json"))["criteria"]["record"]
    # B won 1 of 4 bids: win = 1 / 4 = 0.25, below 0.5: the first band (index 0, no lower bound), 2 points.
    assert (record["formula"], record["facts"], record["value"]) == ("won / bids", {"won": "1", "bids": "4"}, "0.25")
    assert {k: record["rule"][k] for k in ("band", "min", "max", "amount")} == {
        "band": 0, "min": None, "max": "0.5", "amount": "2"}
    text = _tender(tmp_path, "B", "record")
    assert "  metric win = won / bids = 1 ÷ 4 = 0.25\n" in text
    assert "  band 0 (from – to 0.5): worth 2\n" in text


def test_price_adjustment_shows_the_price_each_deduction_and_the_evaluated_price(tmp_path: Path) -> None:
    bid = json.loads(_tender(tmp_path, "A", "bid", "--format", "json"))["criteria"]["bid"]
    # A is an SME: 1000000 × 10% = 100000 off, evaluated 900000; B (not an SME) stays at 950000,
    # so A's 900000 is the lowest qualified evaluated price (C is disqualified): ratio 1.
    assert (bid["value"], bid["rule"]["value"], bid["rule"]["benchmark"], bid["rule"]["ratio"]) == (
        "1000000", "900000", "900000", "1")
    text = _tender(tmp_path, "A", "bid")
    assert ("  price as given: bid_price = 1000000\n"
            "  sme-cut SME cut: 1000000 × 10% = 100000 deducted\n"
            "  evaluated price: 1000000 − 100000 = 900000\n") in text
    assert "  evaluated price: 950000 (no adjustment applies)\n" in _tender(tmp_path, "B", "bid")


def test_rounding_items_sums_the_rounded_contributions(tmp_path: Path) -> None:
    got = json.loads(_tender(tmp_path, "B", "--format", "json"))
    # B: design (6 + 7 + 7) / 3 = 20/3, × 30 / 10 = 20 → 20.00; record 2 / 10 × 30 = 6 → 6.00;
    # bid 900000 / 950000 = 18/19, × 10 = 180/19 points, × 40 / 10 = 720/19 = 37.8947… → 37.89.
    # Items: tech 20.00 + 6.00 = 26.00, price 37.89, total 26.00 + 37.89 = 63.89.
    assert got["criteria"]["bid"]["contribution"] == "37.89"
    assert got["criteria"]["bid"]["points_reported"] == "9.47"  # 180/19 = 9.4736… → 9.47
    assert (got["total"], got["total_reported"], got["sections"]["tech"]["points_reported"]) == ("63.89", "63.89", "26.00")
    text = _tender(tmp_path, "B")
    # 720/19 with 2 + 4 places: ≈9.473684 for 180/19 and ≈0.947368 for 18/19.
    assert "  points ≈9.473684 of 10; adds ≈9.473684 ÷ 10 × 40, rounded half-up to 2 decimals: 37.89\n" in text
    assert "section tech Technical: 20.00 + 6.00 = 26.00 of 60\n" in text
    assert "total: the rounded parts 26.00 + 37.89 = 63.89 (rounding: items)\n" in text


def test_lang_picks_the_words_of_the_table(tmp_path: Path) -> None:
    zh = _tender(tmp_path, "B", "record", "--lang", "zh")
    # The same facts as above (1 / 4 = 0.25, band 0, 2 points, 2 / 10 × 30 = 6) in Chinese.
    assert "门槛 delivery：通过（delivery_days = 30 ≤ 60）\n" in zh
    assert "  指标 win = won / bids = 1 ÷ 4 = 0.25\n" in zh
    assert "名次：第 2 名，共 2 名\n" in zh  # A 94 (24 + 30 + 40) before B 63.89; C disqualified
    assert "gate delivery" not in zh and "gate delivery: passed" in _tender(tmp_path, "B", "--lang", "en")


def test_scores_from_a_long_csv_and_allow_missing(tmp_path: Path) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text("candidate,evaluator,criterion,value\nA,e1,design,7\nA,e2,design,8\nA,e3,design,9\n"
                   "B,e1,design,6\nB,e2,design,7\nB,e3,design,\n", encoding="utf-8")
    bids = _bids(with_scores=False)
    refused = _tender(tmp_path, "B", "design", "--scores", str(csv), bids=bids, code=1)
    # Line 7 is B,e3's empty value: its 4th field.
    assert refused == (f"{csv}:7:4: evaluator 'e3' left criterion 'design' of candidate 'B' empty "
                       "(use --allow-missing to score without it)\n")
    text = _tender(tmp_path, "B", "design", "--scores", str(csv), "--allow-missing", bids=bids)
    # Without e3: (6 + 7) / 2 = 6.5; the committee is named (e1 as Wang).
    assert "  Wang: 6 = 6 points\n  e2: 7 = 7 points\n  mean: (6 + 7) ÷ 2 = 6.5\n" in text


def test_output_suffix_picks_json_unless_a_format_is_given(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    _tender(tmp_path, "A", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == "94"  # 24 + 30 + 40, see above
    _tender(tmp_path, "A", "-o", str(out), "--format", "table")
    assert out.read_text(encoding="utf-8").startswith("A A: rubric t ")


def test_unknown_criterion_suggests_the_closest(tmp_path: Path) -> None:
    out = _tender(tmp_path, "A", "desing", code=1)
    assert "unknown criterion 'desing'" in out and "design" in out


STAFF = (Path(__file__).resolve().parent.parent / "rubrics" / "crm-supervisor-appraisal.yaml",
         Path(__file__).resolve().parent.parent / "rubrics" / "examples" / "crm-supervisor-q3.yaml")


def _staff(*args: str) -> Result:
    return CliRunner().invoke(cli, ["explain", str(STAFF[0]), str(STAFF[1]), *args])


def test_staff_explanation_hides_anonymous_peers_unless_names() -> None:
    out = _staff("chen", "standards", "--format", "json", "--lang", "en")
    assert out.exit_code == 0, out.output
    c = json.loads(out.output)["criteria"]["standards"]
    # chen: wang (superior) B = 80% of 30 = 24, li (peer, anonymous by default) A = 30; no self.
    # Present roles 60 + 20 = 80: superior 60 / 80 = 75%, peer 20 / 80 = 25%;
    # (24 × 60 + 30 × 20) / 80 = 2040 / 80 = 25.5.
    assert [e["evaluator"] for e in c["evaluators"]] == ["wang", "Peer 1"]
    assert [(r["role"], r["evaluators"], r["effective_weight"]) for r in c["aggregation"]["roles"]] == [
        ("superior", ["wang"], "75"), ("peer", ["Peer 1"], "25")]
    assert c["aggregation"]["present_weight"] == "80" and c["points"] == "25.5"
    text = _staff("chen", "standards").output
    assert "  王经理（上级）：B 良 = 24 分\n  同事1：A 优 = 30 分\n" in text and "li" not in text.split("\n", 1)[1]
    named = json.loads(_staff("chen", "standards", "--format", "json", "--names").output)
    assert [e["evaluator"] for e in named["criteria"]["standards"]["evaluators"]] == ["wang", "li"]
    assert "  李主管（同事）：A 优 = 30 分\n" in _staff("chen", "standards", "--names").output


def test_tie_names_the_tie_break_entry_that_decided(tmp_path: Path) -> None:
    rubric = TENDER + "tie-break: [{fact: delivery_days, order: lowest-first}]\n"
    twin = "  - id: D\n    facts: {delivery_days: 40, won: 1, bids: 4, bid_price: 950000, sme: false}\n" \
           "    scores: {e1: {design: 6}, e2: {design: 7}, e3: {design: 7}}\n"
    got = json.loads(_tender(tmp_path, "D", "--format", "json", rubric=rubric, bids=_bids() + twin))
    # D is B with 40 delivery days: both 63.89 (see above); lowest delivery first puts B (30) before D (40).
    assert got["tie"] == {"with": ["B", "D"], "decided_by": {"fact": "delivery_days", "order": "lowest-first"},
                          "values": {"B": "30", "D": "40"}}
    assert (got["rank"], got["of"]) == (3, 3)  # A 94 first, B second, D third
    text = _tender(tmp_path, "D", rubric=rubric, bids=_bids() + twin)
    assert text.endswith("rank: 3 of 3\ntie with B on 63.89: decided by delivery_days (lowest-first) (B 30, D 40)\n")


def test_quota_move_is_said_with_its_rule(tmp_path: Path) -> None:
    rubric = STAFF[0].read_text(encoding="utf-8").replace(
        "  - {min: 90, label: 优秀}\n", "  - {min: 90, label: 优秀, at-most: 20%}\n", 1) + "quota-min-group: 1\n"
    (tmp_path / "q.yaml").write_text(rubric, encoding="utf-8")
    args = ["explain", str(tmp_path / "q.yaml"), str(STAFF[1]), "zhang", "--lang", "en"]
    text = CliRunner().invoke(cli, args).output
    # One group of 3 (min group 1); zhang's 91.20 reaches 优秀 (90); at most 20% of 3 = 0.6 → 0
    # may hold it, so zhang moves down to 良好.
    assert ("grade by score: 优秀 (from 90)\nmoved from 优秀 to 良好: at most 20% may be 优秀\n"
            "grade: 良好\nrank: 1 of 3\n") in text
    got = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    assert (got["grade"], got["grade_by_score"], got["moves"]) == (
        {"label": "良好", "min": "80"}, {"label": "优秀", "min": "90"},
        [{"candidate": "zhang", "from": "优秀", "to": "良好", "rule": "at-most"}])
