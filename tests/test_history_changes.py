"""The one-line summary of a rubric change that `trend` shows (history.md, "When the rubric changed")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_diff_kinds import KIT

from scoring.history.changes import Change, compare
from tests.team import rubric_text

BASE = rubric_text()


@pytest.mark.parametrize(("newer", "expected"), [
    # Weights 60/40 → 50/50: both sections' weights, changes totals.
    (rubric_text(50, 50, "Team review"), Change("weights of work, conduct", False)),
    # The rubric's own title counts under its id; wording only.
    (rubric_text(60, 40, "Team review 2026"), Change("renamed team-review", True)),
    # A comment alone: the files differ but mean the same.
    (BASE + "# reviewed\n", Change("formatting or comments only", True)),
    (BASE.replace("decimals: 2", "decimals: 1"), Change("decimals", False)),
    (BASE.replace("min: 80", "min: 85"), Change("grade thresholds", True)),
    (BASE.replace("max: 10}}}\n  - id: conduct", "max: 5}}}\n  - id: conduct"), Change("scales of quality", False)),
    ("not: [a rubric", Change("not comparable", False)),
    ("- just a list\n", Change("not comparable", False)),
])
def test_summary(newer: str, expected: Change) -> None:
    assert compare(BASE, newer) == expected


def test_criterion_added_and_renamed_in_order() -> None:
    newer = BASE.replace("    title: Conduct\n", "    title: Behaviour\n") + (
        "      - {id: teamwork, title: Teamwork, points: 10, scale: {direct: {min: 0, max: 10}}}\n")
    # A criterion added changes totals; the section's new title is wording only; the order is the table's.
    assert compare(BASE, newer) == Change("criteria added: teamwork; renamed conduct", False)


@pytest.mark.parametrize(("change", "expected"), [
    # yn's "no" level 0% -> 50%: a named scale's change names the criteria that use it.
    (lambda t: t.replace('"no": {points: 0%', '"no": {points: 50%'), Change("scales of design, support", False)),
    # design : support 2 : 1 -> 3 : 1 moves the derived weights of section tech.
    (lambda t: t.replace("[design, support, 2]", "[design, support, 3]"), Change("pairwise of tech", False)),
    # The declaration of uptime (unit "%") gone: its wording, and its unit, which changes totals.
    (lambda t: t.replace('  uptime: {title: Uptime, unit: "%"}\n', ""), Change("units of uptime; wording of uptime", False)),
    # Only wording, in the diff's order: the rubric, a metric, an adjustment, a fact, a named scale, a criterion.
    (lambda t: t.replace("title: Kit\n", "title: Kit\ndescription: For kits\n")
     .replace("title: Net, unit: money", "title: Net, unit: 元").replace("policy: sme,", "policy: other,")
     .replace("sme: {title: Small firm}", "sme: {title: SME}").replace("label: Yes}", "label: Full}")
     .replace("description: Hours}", "description: Hours a day}"),
     Change("wording of kit, net, sme-cut, sme, yn, support", True)),
    # A price flag written, a quota cap and the tie-break: no total moves.
    (lambda t: t.replace("value: bid_price, scale", "value: bid_price, price: true, scale")
     .replace("at-most: 30%", "at-most: 20%").replace("tie-break: [price]", "tie-break: [tech]"),
     Change("quotas; tie-break; price flags of bid", True)),
])
def test_summary_from_the_diff_kinds(change: Callable[[str], str], expected: Change) -> None:
    assert compare(KIT, change(KIT)) == expected


def test_parts_in_the_table_order() -> None:
    newer = (rubric_text(60, 40, "Team review 2026")
             .replace("decimals: 2", "decimals: 1").replace("min: 80", "min: 85"))
    # Title (wording), decimals (totals) and a threshold (grades only): in the table's order.
    assert compare(BASE, newer) == Change("decimals; grade thresholds; renamed team-review", False)


def test_a_stored_text_that_no_longer_validates_is_compared_as_its_tree() -> None:
    older = BASE + "legacy: true\n"  # a key today's rubrics do not have
    newer = rubric_text(50, 50, "Team review")
    # Both compared as raw trees: 60% -> 50% and 40% -> 50% as written; the unknown key, gone,
    # counts as the rubric's wording.
    assert compare(older, newer) == Change("weights of work, conduct; wording of team-review", False)
    assert compare(older, BASE) == Change("wording of team-review", True)


@pytest.mark.parametrize("newer", ["sections: 5\n", "id: x\ncriteria: [{title: no id}]\n", "[1, 2\n", "\x00"])
def test_not_comparable_when_even_the_tree_fails(newer: str) -> None:
    # A mapping without a rubric's shape, a criterion without an id, broken YAML, not text.
    assert compare(BASE, newer) == Change("not comparable", False)
