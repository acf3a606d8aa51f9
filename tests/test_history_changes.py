"""The one-line summary of a rubric change that `trend` shows (history.md, "When the rubric changed")."""

from __future__ import annotations

import pytest
from test_history import RUBRIC

from scoring.history.changes import Change, compare

BASE = RUBRIC.format(work=60, conduct=40, title="Team review")


@pytest.mark.parametrize(("newer", "expected"), [
    # Weights 60/40 → 50/50: both sections' weights, changes totals.
    (RUBRIC.format(work=50, conduct=50, title="Team review"), Change("weights of work, conduct", False)),
    # The rubric's own title counts under its id; wording only.
    (RUBRIC.format(work=60, conduct=40, title="Team review 2026"), Change("renamed team-review", True)),
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
