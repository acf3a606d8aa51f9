"""The expression language: what it computes, and everything it refuses."""

from __future__ import annotations

import pickle
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
        ("round(1, quota / 200)", "round() takes a whole number of places from 0 to 12, got 0.5"),
    ],
)
def test_evaluation_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError) as err:
        ev(text)
    assert str(err.value) == message


# -- bounds (scoring.model.limits): size, depth, places, range ---------------------------


def test_a_thousand_term_sum_is_flat() -> None:
    # 1+1+...+1, a thousand ones (1,999 characters): 1000, with no recursion per term.
    assert parse("+".join(["1"] * 1000)).evaluate(FACTS.__getitem__) == Decimal(1000)


def test_fifty_levels_is_the_deepest_allowed() -> None:
    # 50 parentheses around 1: exactly MAX_EXPRESSION_DEPTH levels, so it parses; value 1.
    assert ev("(" * 50 + "1" + ")" * 50) == Decimal(1)
    # 25 signs inside 25 calls: 50 levels again; an even number of minus signs gives +7.
    assert ev("abs(" * 25 + "-" * 25 + "7" + ")" * 25) == Decimal(7)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("(" * 51 + "1" + ")" * 51, 50),  # the 51st parenthesis is at character 50
        ("(" * 200 + "1" + ")" * 200, 50),  # 200 levels: refused at the 51st, no RecursionError
        ("not " * 51 + "flag", 200),  # 51st `not` starts at 50 * 4 = 200
        ("-" * 51 + "1", 50),
    ],
)
def test_deeper_than_fifty_levels_is_refused(text: str, offset: int) -> None:
    with pytest.raises(ExprSyntaxError) as err:
        parse(text)
    assert str(err.value) == "expression is nested more than 50 levels deep"
    assert err.value.offset == offset


def test_length_limit() -> None:
    # "1+1+...+1" of exactly 2,000 characters: 1,000 ones and 999 pluses is 1,999, plus a space.
    text = "+".join(["1"] * 1000) + " "
    assert len(text) == 2000
    assert parse(text).evaluate(FACTS.__getitem__) == Decimal(1000)
    with pytest.raises(ExprSyntaxError) as err:
        parse(text + "1")
    assert str(err.value) == "expression is 2,001 characters long; at most 2,000 are allowed"


def test_round_places_bounds() -> None:
    # 12 places is the most: 1/3 rounded half-up to 12 places is 0.333333333333.
    assert ev("round(1 / 3, 12)") == Decimal("0.333333333333")
    assert ev("round(2.5, 0)") == Decimal(3)
    with pytest.raises(ExprSyntaxError) as err:
        parse("round(sales, 13)")
    assert (str(err.value), err.value.offset) == ("round() takes a whole number of places from 0 to 12, got 13", 0)
    with pytest.raises(ExprSyntaxError):
        parse("round(sales, 100)")
    with pytest.raises(EvalError) as ev_err:
        ev("round(sales, -1)")  # a sign makes it a computation: checked when evaluated
    assert str(ev_err.value) == "round() takes a whole number of places from 0 to 12, got -1"
    # true/false is no number of places: a located syntax error (it was an AttributeError).
    with pytest.raises(ExprSyntaxError) as err:
        parse("round(sales, true)")
    assert (str(err.value), err.value.offset) == ("'round' needs a number, got a true/false value", 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.1234567890123", "expected a number with at most 12 decimal places, got '1.1234567890123'"),
        ("1000000000000000", "expected a number below 10^15 in magnitude, got '1000000000000000'"),
    ],
)
def test_number_literals_are_bounded(text: str, message: str) -> None:
    with pytest.raises(ExprSyntaxError) as err:
        parse(f"sales + {text}")
    assert (str(err.value), err.value.offset) == (message, 8)


HUGE = {"inf": Decimal("Infinity"), "big": Decimal("1e999999"), "edge": Decimal("999999999999999")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("inf * 0", "'inf' is Infinity, not a finite number"),
        ("big * big", "result out of range: its magnitude must stay below 10^15"),  # 10^1999998 overflows
        ("big * 0 + edge + 1", "result out of range: its magnitude must stay below 10^15"),  # exactly 10^15
        ("round(big, 2)", "result out of range: its magnitude must stay below 10^15"),  # quantize beyond precision
    ],
)
def test_range_errors_are_eval_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError) as err:
        parse(text).evaluate(HUGE.__getitem__)
    assert str(err.value) == message


def test_just_below_the_magnitude_limit() -> None:
    # 999,999,999,999,999 = 10^15 - 1: the largest whole result allowed.
    assert parse("edge * 1").evaluate(HUGE.__getitem__) == Decimal("999999999999999")
    assert parse("-edge").evaluate(HUGE.__getitem__) == Decimal("-999999999999999")


def test_short_circuit_keeps_missing_names_unread() -> None:
    # `and` stops at the first false, `or` at the first true, a comparison chain at the first failure:
    # the name after it is never looked up (FACTS has no `nothing`).
    assert ev("sales < quota and nothing") is False
    assert ev("sales > quota or nothing") is True
    assert ev("3 > 2 > 2 > nothing") is False
    assert ev("sales > quota and flag and quota < sales") is True


def test_expressions_pickle() -> None:
    expr = parse("round(max(sales, quota) / quota, 2) >= 80% and not flag == false_flag")
    again = pickle.loads(pickle.dumps(expr))
    assert again == expr
    # 120 / 100 = 1.2 >= 0.8, and flag (True) == false_flag (False) is false, so `not` gives true.
    assert again.evaluate({**FACTS, "false_flag": False}.__getitem__) is True
