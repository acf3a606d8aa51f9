"""Running parsed expressions: a small stack machine over exact decimals, and the decimal
context all scoring arithmetic runs in.

Jumps only go forward, so every run ends; a name is read only through the lookup given; a
value that is not finite, a division by zero, an overflow or a magnitude beyond
MAX_MAGNITUDE stops the run with an `EvalError` naming what went wrong.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, Union

from scoring.model.limits import MAX_MAGNITUDE, MAX_ROUND_PLACES
from scoring.model.numbers import plain

Value = Union[Decimal, bool]
Lookup = Callable[[str], Value]
Push = tuple[Literal["push"], Value]
"""Push a literal number or true/false."""
Load = tuple[Literal["load"], str]
"""Push the value of a fact or metric by name."""
Shortcut = tuple[Literal["shortcut"], str, int]
"""Settle an `and`/`or` (the word) once one operand decides it, skipping that many steps."""
Compare = tuple[Literal["cmp"], str, int]
"""Compare the top two with an operator (`<=`); when false, skip that many steps."""
Hold = tuple[Literal["true"]]
"""A chain of comparisons held: true."""
Not = tuple[Literal["not"]]
"""Negate the true/false value on top."""
Truth = tuple[Literal["truth"], str]
"""The value on top must be true/false for the word (`and`, `or`)."""
Sign = tuple[Literal["sign"], str]
"""Apply `+` or `-` to the number on top."""
Arith = tuple[Literal["arith"], str, str]
"""Apply `+ - * /` to the top two; the divisor as written, to name it on a division by zero."""
Call = tuple[Literal["call"], str, int]
"""Call `min max abs round` on that many values from the top."""
Instruction = Union[Push, Load, Shortcut, Compare, Hold, Not, Truth, Sign, Arith, Call]
"""One step of the stack machine: an opcode and its arguments (only strings, ints and plain values)."""

_NAME = re.compile(r"[^\W\d]\w*")
_OUT_OF_RANGE = f"result out of range: its magnitude must stay below 10^{MAX_MAGNITUDE.adjusted()}"


class EvalError(Exception):
    """Evaluation failed: a division by zero, a missing name, a value of the wrong kind or out of range."""

    def __init__(self, message: str, name: str | None = None, *, missing: bool = False) -> None:
        super().__init__(message)
        self.name = name
        """The fact or metric name concerned, if any."""
        self.missing = missing
        """True when `name` has no value at all."""
        self.metric: str | None = None
        """The innermost metric being computed when it failed, if any."""



#: Significant digits of every computation; quotients such as 1/3 are the only inexact ones.
PRECISION = 60


def exact() -> decimal.Context:
    """The decimal context all scoring arithmetic runs in (use as `with localcontext(exact())`)."""
    return decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])


def _guarded() -> decimal.Context:
    """`exact()` that also stops at overflow, so no Infinity ever comes out of an expression."""
    return decimal.Context(
        prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN,
        traps=[decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
    )


_GUARDED = _guarded()
"""Built once: `localcontext` runs each expression in a copy of it, so it is never changed."""


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)



def run(code: tuple[Instruction, ...], lookup: Lookup) -> Value:
    """Run an expression's instructions with `lookup` giving each name's value, in the guarded
    context; raises `EvalError`."""
    with decimal.localcontext(_GUARDED):
        try:
            value = _run(code, lookup)
        except (decimal.Overflow, decimal.InvalidOperation):
            raise EvalError(_OUT_OF_RANGE) from None
    if isinstance(value, Decimal) and abs(value) >= MAX_MAGNITUDE:
        raise EvalError(_OUT_OF_RANGE)
    return value


def check_places(value: Value) -> None:
    """Raise `EvalError` unless `value` is a number of places `round()` takes (not true/false)."""
    _places(_num(value, "round"))


def _run(code: tuple[Instruction, ...], lookup: Lookup) -> Value:
    """Run the instructions on a stack; jumps only go forward, so this always ends."""
    stack: list[Value] = []
    pc = 0
    while pc < len(code):
        step = code[pc]
        pc += 1
        if step[0] == "push":
            stack.append(step[1])
        elif step[0] == "load":
            stack.append(_load(lookup, step[1]))
        elif step[0] == "shortcut":
            value = _truth(stack.pop(), step[1])
            if value == (step[1] == "or"):  # `and` is settled by a false, `or` by a true
                stack.append(value)
                pc += step[2]
        elif step[0] == "cmp":
            right, left = stack.pop(), stack.pop()
            if not _compare(step[1], left, right):
                stack.append(False)
                pc += step[2]
            else:
                stack.append(right)
        elif step[0] == "true":
            stack[-1] = True
        else:
            _apply(step, stack)
    return stack[-1]


def _apply(step: Not | Truth | Sign | Arith | Call, stack: list[Value]) -> None:
    """Run one instruction that neither reads names nor jumps."""
    if step[0] == "truth":
        stack.append(_truth(stack.pop(), step[1]))
    elif step[0] == "not":
        stack.append(not _truth(stack.pop(), "not"))
    elif step[0] == "sign":
        value = _num(stack.pop(), step[1])
        stack.append(-value if step[1] == "-" else +value)
    elif step[0] == "arith":
        right = stack.pop()
        stack.append(_arith(step[1], _num(stack.pop(), step[1]), _num(right, step[1]), step[2]))
    else:  # call
        count = step[2]
        args = [_num(value, step[1]) for value in stack[len(stack) - count :]]
        del stack[len(stack) - count :]
        stack.append(_call(step[1], args))


def _load(lookup: Lookup, name: str) -> Value:
    """A name's value; a value that is not finite stops here, before any arithmetic."""
    value = lookup(name)
    if isinstance(value, Decimal) and not value.is_finite():
        raise EvalError(f"'{name}' is {value}, not a finite number", name)
    return value


def _num(value: Value, op: str) -> Decimal:
    if isinstance(value, bool):
        raise EvalError(f"'{op}' needs a number, got a true/false value")
    return value


def _truth(value: Value, op: str) -> bool:
    if not isinstance(value, bool):
        raise EvalError(f"'{op}' needs a true/false value, got the number {value}")
    return value


def _arith(op: str, a: Decimal, b: Decimal, divisor: str) -> Decimal:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        # A divisor that is a bare name is what a user must fix, so a zero names it.
        named = divisor if _NAME.fullmatch(divisor) else None
        raise EvalError(f"division by zero: {divisor} is 0" if divisor else "division by zero", named)
    return a / b


def _compare(op: str, left: Value, right: Value) -> bool:
    if op in ("==", "!="):
        if isinstance(left, bool) != isinstance(right, bool):
            raise EvalError(f"'{op}' compares a number with a true/false value")
        return (left == right) == (op == "==")
    a, b = _num(left, op), _num(right, op)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _call(name: str, values: list[Decimal]) -> Decimal:
    if name == "min":
        return min(values)
    if name == "max":
        return max(values)
    if name == "abs":
        return abs(values[0])
    places = _places(values[1]) if len(values) == 2 else 0
    return round_half_up(values[0], places)


def _places(value: Decimal) -> int:
    """The places `round()` is given, a whole number from 0 to MAX_ROUND_PLACES."""
    if value != value.to_integral_value() or not 0 <= value <= MAX_ROUND_PLACES:
        raise EvalError(f"round() takes a whole number of places from 0 to {MAX_ROUND_PLACES}, got {plain(value)}")
    return int(value)
