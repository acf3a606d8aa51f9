"""The expression language: what it computes, and everything it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.model.expr import EvalError, ExprSyntaxError, parse

FACTS = {"sales": Decimal(120), "quota": Decimal(100), "zero": Decimal(0), "flag": True}


def ev(text: str) -> object:
    return parse(text).evaluate(FACTS.__getitem__)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sales / quota", Decimal("1.2")),
        ("(sales - quota) / quota", Decimal("0.2")),
        ("80% * quota", Decimal(80)),
        ("-sales + 2 * 3", Decimal(-114)),
        ("min(sales, quota, 50)", Decimal(50)),
        ("max(sales, quota)", Decimal(120)),
        ("abs(quota - sales)", Decimal(20)),
        ("round(2.345, 2)", Decimal("2.35")),  # half-up, not banker's
        ("round(2.5)", Decimal(3)),
        ("sales >= quota and not quota > sales", True),
        ("sales < quota or flag", True),
        ("1 < 2 < 3", True),
        ("3 > 2 > 2", False),
        ("sales == 120", True),
    ],
)
def test_evaluates(text: str, expected: object) -> None:
    assert ev(text) == expected


def test_names_are_collected() -> None:
    assert parse("max(a, b) / c >= 80%").names == {"a", "b", "c"}


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("__import__('os')", "unexpected character \"'\"", 11),
        ("sales.__class__", "unexpected character '.'", 5),
        ("open(1)", "unknown function 'open'; expected one of abs, max, min, round", 0),
        ("sales[0]", "unexpected character '['", 5),
        ("lambda: 1", "unexpected character ':'", 6),
        ("1 +", "unexpected end of expression", 3),
        ("(1", "unexpected end of expression", 2),
        ("sales quota", "unexpected 'quota'", 6),
        ("abs(1, 2)", "abs() takes one argument", 0),
        ("2 ** 3", "expected a value, got '*'", 3),
    ],
)
def test_refuses(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExprSyntaxError) as err:
        parse(text)
    assert str(err.value) == message
    assert err.value.offset == offset


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sales / zero", "division by zero: zero is 0"),
        ("flag + 1", "'+' needs a number, got a true/false value"),
        ("sales and flag", "'and' needs a true/false value, got the number 120"),
        ("round(1, 0.5)", "round() takes a whole number of places"),
    ],
)
def test_evaluation_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError) as err:
        ev(text)
    assert str(err.value) == message
