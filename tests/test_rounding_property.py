"""Property: with `rounding: items` the printed parts add up to the printed total (issue 10)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, load_input, load_rubric


@st.composite
def rubric_and_input(draw: st.DrawFn) -> tuple[str, str]:
    """A rubric with `rounding: items` (sections weighted, or a flat sheet) and one candidate's facts."""
    decimals = draw(st.integers(0, 3))
    flat = draw(st.booleans())
    nsections = 1 if flat else draw(st.integers(1, 3))
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=nsections - 1, max_size=nsections - 1)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    lines, facts, all_points = [], [], []
    for s, weight in enumerate(weights):
        criteria = []
        for c in range(draw(st.integers(1, 3))):
            points = draw(st.integers(1, 9))
            all_points.append(points)
            cid = f"c{s}_{c}"
            criteria.append(f"{{id: {cid}, title: {cid}, points: {points}, "
                            f"scale: {{direct: {{min: 0, max: {points}}}}}}}")
            given = draw(st.decimals(0, points, places=2, allow_nan=False, allow_infinity=False))
            facts.append(f"{cid}: {given}")
        if flat:
            lines.append("criteria:\n" + "".join(f"  - {c}\n" for c in criteria))
        else:
            lines.append(f"  - {{id: s{s}, title: S{s}, weight: {weight}%, criteria: [{', '.join(criteria)}]}}\n")
    # A flat sheet's points are shares of the whole rubric, so they sum to `total`.
    total = sum(all_points) if flat else draw(st.sampled_from([7, 10, 100, 300]))
    head = f"title: T\nrounding: items\ndecimals: {decimals}\ntotal: {total}\n"
    rubric = head + ("".join(lines) if flat else "sections:\n" + "".join(lines))
    return rubric, "candidates:\n  - {id: x, facts: {" + ", ".join(facts) + "}}\n"


@settings(max_examples=60, deadline=None)
@given(case=rubric_and_input())
def test_printed_parts_add_up_to_the_printed_total(tmp_path_factory: pytest.TempPathFactory,
                                                   case: tuple[str, str]) -> None:
    folder: Path = tmp_path_factory.mktemp("items")
    (folder / "r.yaml").write_text(case[0], encoding="utf-8")
    (folder / "i.yaml").write_text(case[1], encoding="utf-8")
    rubric = load_rubric(folder / "r.yaml")
    evaluation = evaluate(rubric, load_input(folder / "i.yaml", rubric))
    (x,) = evaluation.candidates
    step = Decimal(1).scaleb(-rubric.decimals)
    for c in x.criteria:  # each contribution is already a printed figure: rounding leaves it alone
        assert c.contribution == evaluation.round(c.contribution)
        assert c.contribution % step == 0
    for s in x.sections:
        parts = [r.contribution for r in x.criteria if r.criterion in s.section.criteria]
        assert evaluation.round(s.points) == sum(parts, Decimal(0))
    assert x.reported_total == sum((evaluation.round(s.points) for s in x.sections), Decimal(0))
    assert x.reported_total == x.total
