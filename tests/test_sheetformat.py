"""The score-sheet format shared by the sheet writer and the score reader."""

from __future__ import annotations

from decimal import Decimal

from scoring.model.rubric import Criterion, DirectScale
from scoring.model.sheetformat import inert, judged_score_problem, uninert


def test_a_direct_score_is_checked_in_the_engines_words() -> None:
    criterion = Criterion("c1", "Demo", DirectScale(Decimal(0), Decimal(10)), points=Decimal(10))
    assert judged_score_problem(criterion, "7.5") is None  # 0 <= 7.5 <= 10
    assert judged_score_problem(criterion, "10") is None  # the top of the range is taken
    # 10.5 is past max 10; both bounds written with `:f`, as the engine's ScaleError does.
    assert judged_score_problem(criterion, "10.5") == "expected a number from 0 to 10, got 10.5"
    assert judged_score_problem(criterion, "-1") == "expected a number from 0 to 10, got -1"


def test_inert_text_reads_back_as_written() -> None:
    for text in ("=SUM(A1)", "+1", "-x", "@me", "plain", "'quoted"):
        assert uninert(inert(text)) == text
    assert inert("=1") == "'=1"  # a leading `'` before an active `=`
    assert uninert("'plain") == "'plain"  # a `'` before inactive text was typed, not added
