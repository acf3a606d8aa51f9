"""What makes a rubric valid: weights and points, limits, scales, ids, yes/no values, expressions
and metrics. Each rule has a small invalid file with its exact messages, and a rubric sitting
exactly on the rule's bound that loads."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, D

from scoring import load_rubric
from scoring.model.expr import parse
from scoring.model.metrics import CATALOGUE, reference_problems
from scoring.model.rubric import BandsScale, LevelsScale, LinearScale
from scoring.pipeline import check_files

INVALID = DATA / "invalid"
WITHOUT_WEIGHTS = "without section weights points are shares of the whole rubric"
RANGE = "expected a percent above 0% and at most 100%"
AGAIN = "by more than letter case or full-width form"
ORDER = "bands are tried in the order written"
MIXED = "a scale's bounds are all percents or all plain numbers (0 may be either)"


def messages(rubric: Path) -> list[str]:
    """The problems as printed, with the data folder cut off the front."""
    return [str(p).replace(str(DATA) + "/", "") for p in check_files(rubric, [])]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("weight-range", [
            # a role weight, section weights and criterion weights of 0% or less, or above 100%;
            # points of 0 or less. No sum is checked over values that were refused.
            f"invalid/weight-range.yaml:2:62: evaluators.roles.peer: {RANGE}, got 0%",
            f"invalid/weight-range.yaml:6:13: sections[0].weight: {RANGE}, got 120%",
            f"invalid/weight-range.yaml:8:35: sections[0].criteria[0].weight: {RANGE}, got 0%",
            f"invalid/weight-range.yaml:9:35: sections[0].criteria[1].weight: {RANGE}, got -20%",
            f"invalid/weight-range.yaml:12:13: sections[1].weight: {RANGE}, got -20%",
            "invalid/weight-range.yaml:14:35: sections[1].criteria[0].points: expected a number above 0, got 0",
            "invalid/weight-range.yaml:15:35: sections[1].criteria[1].points: expected a number above 0, got -5",
        ]),
        ("points-sum", [
            # 60 + 35 = 95 points against total: 100, never rescaled by 100/95
            f"invalid/points-sum.yaml:3:1: criteria: criterion points must sum to 'total' (100), got 95: {WITHOUT_WEIGHTS}",
        ]),
        ("points-sum-sections", [
            # 30 in tech + 30 in price = 60 points against total: 50
            "invalid/points-sum-sections.yaml:3:1: sections: criterion points of all sections must sum to "
            f"'total' (50), got 60: {WITHOUT_WEIGHTS}",
        ]),
        ("section-weights-some", [
            "invalid/section-weights-some.yaml:2:1: sections: either every section has a 'weight' or none does",
        ]),
        ("decimals", ["invalid/decimals.yaml:2:11: decimals: expected a whole number from 0 to 6, got 7"]),
        ("total", [
            "invalid/total.yaml:2:8: total: expected a number above 0 and at most 1,000,000, got 1000001",
        ]),
        ("total-zero", ["invalid/total-zero.yaml:2:8: total: expected a number above 0 and at most 1,000,000, got 0"]),
        ("rounding", ["invalid/rounding.yaml:2:11: rounding: expected one of total, items, got 'item'"]),
        ("scale-units", [
            # bands: 90% fixes percent, 0 is neutral, a plain 50 is refused; knots: 0, 80%, then plain 120
            f"invalid/scale-units.yaml:6:76: criteria[0].scale.bands[2].max: expected a percent like the scale's "
            f"first bound '90%', got '50'; {MIXED}",
            f"invalid/scale-units.yaml:10:43: criteria[1].scale.linear[2][0]: expected a percent like the scale's "
            f"first bound '80%', got '120'; {MIXED}",
        ]),
        ("bands-unreachable", [
            # >= 70 lies inside >= 50
            "invalid/bands-unreachable.yaml:6:45: criteria[0].scale.bands[1]: band 2 (>= 70) can never be reached: "
            f"band 1 (>= 50) already takes every value it would; {ORDER}",
            # <= 10 lies inside <= 20
            "invalid/bands-unreachable.yaml:10:46: criteria[1].scale.bands[1]: band 2 (<= 10) can never be reached: "
            f"band 1 (<= 20) already takes every value it would; {ORDER}",
            # the catch-all (band 2) takes everything band 1 left
            "invalid/bands-unreachable.yaml:14:60: criteria[2].scale.bands[2]: band 3 (>= 5) can never be reached: "
            f"band 1 (>= 9) and band 2 (any value) already take every value it would; {ORDER}",
            # [0, 50] and [50, 100] meet at 50 and together hold [40, 60]
            "invalid/bands-unreachable.yaml:18:86: criteria[3].scale.bands[2]: band 3 (40 to 60) can never be "
            f"reached: band 1 (0 to 50) and band 2 (50 to 100) already take every value it would; {ORDER}",
        ]),
        ("level-labels", [
            # the criterion using the broken scale adds no second message
            "invalid/level-labels.yaml:6:37: scales.compliance.levels.partial.label: label '满足' is also the "
            "label of level 'full'; a level may be given by its label, so labels must differ",
            "invalid/level-labels.yaml:7:32: scales.compliance.levels.none.label: label 'Full' is the key of level "
            "'full'; a level may be given by its key or its label, so no label may be another level's key",
        ]),
        ("level-points", [
            "invalid/level-points.yaml:3:86: criteria[0].scale.levels.bad.points: expected points of 0 or more, got -5",
            "invalid/level-points.yaml:4:78: criteria[1].scale.rank.last: expected points of 0 or more, got -10",
        ]),
        ("ids-case", [
            f"invalid/ids-case.yaml:2:57: evaluators.roles.Peer: expected an id that differs from 'peer' {AGAIN}, "
            "got 'Peer'",
            # ｄｅｌｉｖｅｒｙ is read as delivery, so it is the same id written twice
            "invalid/ids-case.yaml:5:10: gates[1].id: duplicate gate id 'delivery'",
            f"invalid/ids-case.yaml:8:15: metrics.Attainment: expected an id that differs from 'attainment' {AGAIN}, "
            "got 'Attainment'",
            f"invalid/ids-case.yaml:14:9: sections[1].id: expected an id that differs from 'tech' {AGAIN}, got 'Tech'",
            f"invalid/ids-case.yaml:17:21: sections[1].criteria[0].id: expected an id that differs from 'vendor-a' "
            f"{AGAIN}, got 'Vendor-A'",
        ]),
        ("yes-no", [
            "invalid/yes-no.yaml:3:47: criteria[0].objective: expected yes or no (true/false, yes/no or 是/否), "
            "got 'maybe'",
            "invalid/yes-no.yaml:4:43: criteria[1].price: expected yes or no (true/false, yes/no or 是/否), got '1'",
        ]),
        ("expression-limits", [
            # 51 parentheses: the 51st, at character 51, is one level too many; the text shown is cut
            "invalid/expression-limits.yaml:3:9: metrics.deep: invalid expression at character 51 of "
            f"'{'(' * 51}sales{')' * 4}…': expression is nested more than 50 levels deep",
            "invalid/expression-limits.yaml:4:12: metrics.rounded: invalid expression at character 1 of "
            "'round(sales / quota, 13)': round() takes a whole number of places from 0 to 12, got 13",
        ]),
        ("metric-cycle", [
            "invalid/metric-cycle.yaml:3:6: metrics.a: metrics refer to each other in a cycle: a → b → a",
            # the catalogue's clv is average_order_value × purchase_frequency × customer_lifespan
            "invalid/metric-cycle.yaml:5:24: metrics.average_order_value: metrics refer to each other in a cycle: "
            "average_order_value → clv → average_order_value",
        ]),
    ],
)
def test_invalid_rubric(name: str, expected: list[str]) -> None:
    assert messages(INVALID / f"{name}.yaml") == expected


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ON_THE_BOUNDS = """\
title: Every value on its bound
total: 1000000
decimals: 6
rounding: items
evaluators: {method: weighted, roles: {superior: 100%}}
metrics:
  deep: DEEP
  rounded: round(sales / quota, 12)
scales:
  answer:
    levels:
      yes: {points: 100%, label: Yes}
      no: {points: 0, label: 否}
criteria:
  - id: a
    title: Percent bands; 0 says nothing about the unit
    points: 600000
    objective: 是
    scale: {bands: [{min: 90%, points: 100%}, {min: 0, points: 50%}, {points: 0}]}
  - id: b
    title: Bands in the order they can be reached
    points: 300000
    price: FALSE
    scale: {bands: [{min: 70, points: 100%}, {min: 50, points: 50%}, {max: 10, points: 10%}, {points: 0}]}
  - id: c
    title: Bands that meet and a band of zeros
    points: 99999
    scale: {bands: [{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 100%}, {max: 0, points: 0}]}
  - {id: d, title: Plain knots, points: 0.5, value: rounded, scale: {linear: [[80, 0], [120, 100%]]}}
  - {id: e, title: Levels, points: 0.5, scale: answer}
"""


def test_a_rubric_on_every_bound_loads(tmp_path: Path) -> None:
    deep = "(" * 50 + "sales" + ")" * 50  # exactly 50 levels
    rubric = load_rubric(write(tmp_path, ON_THE_BOUNDS.replace("DEEP", deep)))
    assert (rubric.total, rubric.decimals, rubric.rounding) == (D("1000000"), 6, "items")
    assert rubric.aggregation.roles == {"superior": D(1)}
    a, b, c, d, e = rubric.criteria
    # 600000 + 300000 + 99999 + 0.5 + 0.5 = 1000000 = total: each criterion's points are its share
    assert [rubric.share(x) for x in rubric.criteria] == [D(600000), D(300000), D(99999), D("0.5"), D("0.5")]
    assert (a.objective, a.price, b.price, c.price) == (True, None, False, None)
    assert isinstance(a.scale, BandsScale) and a.scale.unit == "percent"
    assert isinstance(b.scale, BandsScale) and b.scale.unit == "plain"
    assert isinstance(c.scale, BandsScale) and c.scale.unit == "plain"
    assert isinstance(d.scale, LinearScale) and d.scale.unit == "plain"
    assert isinstance(e.scale, LevelsScale) and list(e.scale.levels) == ["yes", "no"]


def test_bounds_written_as_zero_fix_no_unit(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, (
        "title: Zeros\ndecimals: 0\ntotal: 1\nsections:\n"
        "  - id: s\n    title: S\n    weight: 100%\n    criteria:\n"
        "      - {id: a, title: A, weight: 100%, scale: {bands: [{max: 0, points: 0}, {points: 100%}]}}\n"
    )))
    (criterion,) = rubric.criteria
    assert isinstance(criterion.scale, BandsScale) and criterion.scale.unit is None
    # one section of weight 100% in a rubric of total 1: the criterion of weight 100% carries all of it
    assert (rubric.decimals, rubric.section_share(rubric.sections[0]), rubric.share(criterion)) == (0, D(1), D(1))


def test_sibling_weights_summing_to_exactly_100_percent_load(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, (
        "title: Thirds\nsections:\n"
        "  - id: s\n    title: S\n    weight: 40%\n    criteria:\n"
        "      - {id: a, title: A, weight: 33.5%, scale: {ratio: lowest}}\n"
        "      - {id: b, title: B, weight: 66.5%, scale: {ratio: lowest}}\n"
        "  - id: t\n    title: T\n    weight: 60%\n    criteria: [{id: c, title: C, points: 7, scale: {ratio: lowest}}]\n"
    )))
    # 33.5% and 66.5% of the section's 40% of 100: 13.4 and 26.6; c has all of t's 60
    assert [rubric.share(c) for c in rubric.criteria] == [D("13.4"), D("26.6"), D(60)]


def test_an_expression_of_exactly_2000_characters_loads(tmp_path: Path) -> None:
    metric = "+".join(["sales"] * 333) + "+12"  # 333 × 5 + 332 + 3 = 2000 characters
    assert len(metric) == 2000
    rubric = load_rubric(write(tmp_path, (
        f"title: Long\nmetrics:\n  long: {metric}\n"
        "criteria: [{id: a, title: A, weight: 100%, value: long, scale: {direct: {min: 0, max: 5}}}]\n"
    )))
    assert rubric.metrics["long"].names == {"sales"}
    too_long = write(tmp_path, (
        f"title: Long\nmetrics:\n  long: {metric}3\n"
        "criteria: [{id: a, title: A, weight: 100%, value: long, scale: {direct: {min: 0, max: 5}}}]\n"
    ))
    assert messages(too_long) == [
        f"{too_long}:3:9: metrics.long: expression is 2,001 characters long; at most 2,000 are allowed"
    ]


def chain(count: int) -> str:
    """A rubric whose metric m0 reads m1, … up to m{count-1}, which reads a fact: `count` metrics."""
    lines = [f"  m{i}: m{i + 1} + 1" for i in range(count - 1)] + [f"  m{count - 1}: sales"]
    return (
        "title: Chain\nmetrics:\n" + "\n".join(lines) + "\n"
        "criteria: [{id: a, title: A, weight: 100%, value: m0, scale: {direct: {min: 0, max: 5}}}]\n"
    )


def test_metric_chains(tmp_path: Path) -> None:
    assert len(load_rubric(write(tmp_path, chain(50))).metrics) == 50  # exactly the most that may be chained
    path = write(tmp_path, chain(51))
    # m0 … m50 is 51 metrics; the message stands at the value of the one metric 51 deep ("  m0: " is 6 wide)
    assert messages(path) == [
        f"{path}:3:7: metrics.m0: metrics refer to each other 51 deep (m0 → m1 → … → m50); at most 50 may be chained"
    ]


def test_the_catalogue_alone_has_no_cycle() -> None:
    # the catalogue's own formulas, taken as a rubric's metrics, refer to each other without a loop
    assert reference_problems({name: m.expression for name, m in CATALOGUE.items()}) == []
    # a rubric metric that only reads a catalogue metric is no cycle: clv reads facts here
    assert reference_problems({"value_per_year": parse("clv / customer_lifespan")}) == []


def test_weights_are_not_rescaled(tmp_path: Path) -> None:
    # sections without weights: each criterion's weight is a share of the whole rubric, and
    # 30% + 60% = 90% is an error, not 30/90 and 60/90
    path = write(tmp_path, (
        "title: W\nsections:\n"
        "  - {id: s, title: S, criteria: [{id: a, title: A, weight: 30%, scale: {ratio: lowest}}]}\n"
        "  - {id: t, title: T, criteria: [{id: b, title: B, weight: 60%, scale: {ratio: lowest}}]}\n"
    ))
    assert messages(path) == [f"{path}:2:1: sections: criterion weights of all sections must sum to 100%, got 90%"]


def test_decimal_shares_stay_exact(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, (
        "title: Tenths\ntotal: 1\ncriteria:\n"
        "  - {id: a, title: A, points: 0.1, scale: {ratio: lowest}}\n"
        "  - {id: b, title: B, points: 0.9, scale: {ratio: lowest}}\n"
    )))
    # 0.1 + 0.9 = 1 exactly in decimal arithmetic (in binary floats it is not)
    assert [rubric.share(c) for c in rubric.criteria] == [Decimal("0.1"), Decimal("0.9")]


@pytest.mark.parametrize("first", ["a", "ａ"])  # ASCII, and full-width 'ａ' (U+FF41), read as 'a'
def test_pairwise_full_width_ids_derive_the_ascii_weights(first: str) -> None:
    from fractions import Fraction

    from scoring import parse_rubric
    from scoring.engine.checks import rubric_problems

    def section(sid: str) -> dict[str, object]:
        return {"id": sid, "title": sid, "criteria": [
            {"id": f"{sid}1", "title": "x", "weight": "100%", "scale": {"direct": {"min": 0, "max": 10}}}]}

    rubric = parse_rubric({"id": "r", "title": "R", "subject": "vendor", "locale": "en", "total": 100,
                           "sections": [section("a"), section("b")], "pairwise": [[first, "b", "3"]]})
    # [a, b, 3]: a is 3× b, so w = (3, 1)/(3 + 1): a 3/4, b 1/4 (n = 2: always consistent).
    assert [(c.first, c.second, c.text) for c in rubric.pairwise] == [("a", "b", "3")]
    assert rubric.derived[None].exact == {"a": Fraction(3, 4), "b": Fraction(1, 4)}
    # section shares of total 100: 3/4 × 100 = 75 and 1/4 × 100 = 25
    assert [rubric.section_share(s) for s in rubric.sections] == [Decimal(75), Decimal(25)]
    assert rubric_problems(rubric) == []
