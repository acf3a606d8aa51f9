"""Review flags, the agreement statistic and moderation, on hand-worked examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import D

from scoring import InputError, evaluate, load_input, load_rubric
from scoring.cli import cli
from scoring.engine.review import kendalls_w, reading

RUBRIC = """\
title: Review example
total: 12
review: {deviation: 30%}
criteria:
  - {id: quality, title: Quality, points: 10, scale: {direct: {min: 0, max: 10}}}
  - {id: certified, title: ISO 9001 certificate, points: 2, objective: yes,
     scale: {levels: {yes: {points: 100%}, no: {points: 0}}}}
"""

INPUT = """\
candidates:
  - id: x
    scores:
      e1: {quality: 8, certified: yes}
      e2: {quality: 7, certified: yes}
      e3: {quality: 8, certified: no}
      e4: {quality: 2, certified: yes}
  - id: y
    scores:
      e1: {quality: 5, certified: no}
      e2: {quality: 6, certified: no}
      e3: {quality: 5, certified: no}
      e4: {quality: 6, certified: no}
  - id: z
    scores:
      e1: {quality: 9, certified: yes}
      e2: {quality: 9, certified: yes}
      e3: {quality: 10, certified: yes}
      e4: {quality: 9, certified: yes}
"""


def files(tmp_path: Path, rubric: str = RUBRIC, data: str = INPUT) -> tuple[Path, Path]:
    r, i = tmp_path / "r.yaml", tmp_path / "in.yaml"
    r.write_text(rubric, encoding="utf-8")
    i.write_text(data, encoding="utf-8")
    return r, i


def test_flags_and_agreement(tmp_path: Path) -> None:
    r, i = files(tmp_path)
    rubric = load_rubric(r)
    review = evaluate(rubric, load_input(i, rubric)).review
    assert review is not None
    # Deviation limit: 30% of the maximum 10 = 3 points. On x, e4's 2 lies 6 from the
    # median 8 of the others (8, 7, 8): flagged. e1: |8 − median(7, 8, 2) = 7| = 1, e2:
    # |7 − 8| = 1, e3 as e1: not flagged. y (5, 6, 5, 6) and z (9, 9, 10, 9) vary by 1 at most.
    # The certificate (2 points, limit 0.6): on x, e3's no (0) lies 2 from the median 2 of
    # the others' yes: flagged too.
    deviations = [f for f in review.flags if f.kind == "deviation"]
    assert [(f.candidate, f.criterion, f.evaluator, f.points, f.median) for f in deviations] == [
        ("x", "quality", "e4", D("2"), D("8")), ("x", "certified", "e3", D("0"), D("2"))]
    # The objective certificate: on x, e3 recorded no where the others recorded yes.
    objective = [f for f in review.flags if f.kind == "objective"]
    assert [(f.candidate, f.criterion) for f in objective] == [("x", "certified")]
    # Kendall's W on quality: ranks of x, y, z per evaluator: e1 (8, 5, 9) → 2, 1, 3;
    # e2 (7, 6, 9) → 2, 1, 3; e3 (8, 5, 10) → 2, 1, 3; e4 (2, 6, 9) → 1, 2, 3. Rank sums
    # 7, 5, 12; their mean m (n + 1) / 2 = 4 × 4 / 2 = 8; S = 1 + 9 + 16 = 26; no ties, so
    # W = 12 × 26 / (4² × (3³ − 3)) = 312 / 384 = 0.8125: strong.
    quality = next(a for a in review.agreement if a.criterion == "quality")
    assert (quality.value, quality.raters, quality.subjects, quality.reading) == (D("0.8125"), 4, 3, "strong")


def test_kendalls_w_corrects_for_ties() -> None:
    # Rater 1 gives 1, 1, 2 → ranks 1.5, 1.5, 3 and one pair of ties: T = 2³ − 2 = 6.
    # Rater 2 gives 1, 2, 3 → ranks 1, 2, 3. Rank sums 2.5, 3.5, 6; mean 2 × 4 / 2 = 4;
    # S = 2.25 + 0.25 + 4 = 6.5. W = 12 × 6.5 / (2² × (27 − 3) − 2 × 6) = 78 / 84 = 13/14.
    w = kendalls_w([[D("1"), D("1"), D("2")], [D("1"), D("2"), D("3")]])
    assert w is not None and w.quantize(D("0.000001")) == (D(13) / D(14)).quantize(D("0.000001"))
    assert reading(w) == "strong"
    # Everyone gives everyone the same: nothing to rank, W is undefined.
    assert kendalls_w([[D(5), D(5)], [D(5), D(5)]]) is None
    assert reading(D("0.45")) == "fair" and reading(D("0.2")) == "weak" and reading(D("0.5")) == "moderate"


def test_review_in_json_and_table(tmp_path: Path, runner: CliRunner) -> None:
    r, i = files(tmp_path)
    out = runner.invoke(cli, ["score", str(r), str(i), "--format", "json"])
    assert out.exit_code == 0, out.output
    review = json.loads(out.output)["review"]
    assert review["flags"][0] == {
        "kind": "deviation", "candidate": "x", "criterion": "quality",
        "message": "e4 gave x 2 on quality, 8 being the median of the others",
        "evaluator": "e4", "points": 2.0, "median_of_others": 8.0,
        "given": {"e1": "8", "e2": "7", "e3": "8", "e4": "2"},
    }
    # 0.8125 reported half-up to three places.
    assert review["agreement"][0] == {"criterion": "quality", "statistic": "Kendall's W", "value": 0.813,
                                      "raters": 4, "subjects": 3, "reading": "strong"}
    table = runner.invoke(cli, ["score", str(r), str(i)]).output
    assert "  ! e4 gave x 2 on quality, 8 being the median of the others" in table
    assert "  quality: Kendall's W = 0.81 (strong agreement of 4 evaluators ranking 3 candidates)" in table


def test_moderation_replaces_the_aggregate_and_keeps_the_original(tmp_path: Path, runner: CliRunner) -> None:
    moderated = INPUT.replace("  - id: x\n    scores:", "  - id: x\n    moderated:\n"
                              "      quality: {points: 7.5, reason: 评委会复核：e4 误读了评分标准}\n    scores:")
    r, i = files(tmp_path, data=moderated)
    rubric = load_rubric(r)
    x = next(c for c in evaluate(rubric, load_input(i, rubric)).candidates if c.candidate.id == "x")
    quality = x.criteria[0]
    # The mean of 8, 7, 8, 2 is 25 / 4 = 6.25; the committee agreed on 7.5 instead.
    assert (quality.original, quality.points, quality.reason) == (D("6.25"), D("7.5"), "评委会复核：e4 误读了评分标准")
    # Total: quality 7.5 of 10 plus certified (yes, yes, no, yes → 2, 2, 0, 2, mean 1.5) of 2;
    # the points are shares of a rubric of total 12, so the total is 7.5 + 1.5 = 9.
    assert x.total == D(9)
    assert [e.points for e in quality.evaluators] == [D(8), D(7), D(8), D(2)]  # the originals stay
    data = json.loads(runner.invoke(cli, ["score", str(r), str(i), "--format", "json"]).output)
    entry = next(c for c in data["candidates"] if c["id"] == "x")
    assert entry["moderated"] == {"quality": {"original": 6.25, "points": 7.5, "reason": "评委会复核：e4 误读了评分标准"}}


@pytest.mark.parametrize(("body", "message"), [
    ("{points: 11, reason: r}", "candidates[0].moderated.quality.points: expected points from 0 to 10, got 11"),
    ("{points: 5}", "candidates[0].moderated.quality: missing key 'reason'"),
])
def test_bad_moderation_is_located(tmp_path: Path, body: str, message: str) -> None:
    data = INPUT.replace("  - id: x\n    scores:", f"  - id: x\n    moderated:\n      quality: {body}\n    scores:")
    r, i = files(tmp_path, data=data)
    rubric = load_rubric(r)
    with pytest.raises(InputError) as err:
        load_input(i, rubric)
    assert [p.message for p in err.value.problems] == [message]
