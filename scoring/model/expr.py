"""A small, closed expression language for metrics and gate checks.

Numbers, percent literals (`80%`), names of facts and metrics, `+ - * /`, parentheses,
comparisons, `and or not`, and the functions `min max abs round`. An expression is
parsed once into a tree of closures; evaluating it can only read the names it is given.
There is no attribute access, no indexing, no call of anything but the four functions.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import Union

Value = Union[Decimal, bool]
Lookup = Callable[[str], Value]
_Fn = Callable[[Lookup], Value]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(\d+(\.\d*)?|\.\d+)%?)"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>,]))"
)
_NAME = re.compile(r"[^\W\d]\w*")
_KEYWORDS = {"and", "or", "not"}
_FUNCTIONS = {"min", "max", "abs", "round"}
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}


class ExprSyntaxError(Exception):
    """An expression does not parse; `offset` is the 0-based character where it failed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class EvalError(Exception):
    """Evaluation failed: a division by zero, a missing name, or a value of the wrong kind."""

    def __init__(self, message: str, name: str | None = None, *, missing: bool = False) -> None:
        super().__init__(message)
        self.name = name
        """The fact or metric name concerned, if any."""
        self.missing = missing
        """True when `name` has no value at all."""
        self.metric: str | None = None
        """The innermost metric being computed when it failed, if any."""


@dataclass(frozen=True)
class Expression:
    """A parsed expression, ready to evaluate many times."""

    text: str
    """The expression as written."""
    names: frozenset[str]
    """Every fact or metric name it reads."""
    _fn: _Fn

    def evaluate(self, lookup: Lookup) -> Value:
        """Evaluate with `lookup` giving each name's value; raises `EvalError`."""
        return self._fn(lookup)


def parse(text: str) -> Expression:
    """Parse `text`; raises `ExprSyntaxError` naming what was expected and where."""
    parser = _Parser(text)
    fn = parser.parse_or()
    if parser.peek() is not None:
        kind, value, offset = parser.tokens[parser.pos]
        raise ExprSyntaxError(f"unexpected {value!r}", offset)
    return Expression(text, frozenset(parser.names), fn)


#: Significant digits of every computation; quotients such as 1/3 are the only inexact ones.
PRECISION = 60


def exact() -> decimal.Context:
    """The decimal context all scoring arithmetic runs in (use as `with localcontext(exact())`)."""
    return decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        self.names: set[str] = set()
        self.pos = 0
        at = 0
        while at < len(text):
            if text[at:].strip() == "":
                break
            m = _TOKEN.match(text, at)
            if not m or m.lastgroup is None:
                offset = len(text[at:]) - len(text[at:].lstrip()) + at
                raise ExprSyntaxError(f"unexpected character {text[offset]!r}", offset)
            self.tokens.append((m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup)))
            at = m.end()

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        if self.pos >= len(self.tokens):
            raise ExprSyntaxError("unexpected end of expression", len(self.text))
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, value: str) -> None:
        kind, found, offset = self.take()
        if found != value:
            raise ExprSyntaxError(f"expected {value!r}, got {found!r}", offset)

    def parse_or(self) -> _Fn:
        left = self.parse_and()
        while self.peek() == "or":
            self.take()
            left = _or(left, self.parse_and())
        return left

    def parse_and(self) -> _Fn:
        left = self.parse_not()
        while self.peek() == "and":
            self.take()
            left = _and(left, self.parse_not())
        return left

    def parse_not(self) -> _Fn:
        if self.peek() == "not":
            self.take()
            inner = self.parse_not()
            return lambda env: not _truth(inner(env), "not")
        return self.parse_compare()

    def parse_compare(self) -> _Fn:
        left = self.parse_sum()
        pairs: list[tuple[str, _Fn]] = []
        while self.peek() in _COMPARE:
            op = self.take()[1]
            pairs.append((op, self.parse_sum()))
        return _compare(left, pairs) if pairs else left

    def parse_sum(self) -> _Fn:
        left = self.parse_product()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            left = _arith(op, left, self.parse_product())
        return left

    def parse_product(self) -> _Fn:
        left = self.parse_unary()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            start = self.pos
            right = self.parse_unary()
            left = _arith(op, left, right, self.source(start))
        return left

    def source(self, start: int) -> str:
        """The text of the tokens from `start` up to the current one, as written."""
        first = self.tokens[start][2]
        last_kind, last_value, last_offset = self.tokens[self.pos - 1]
        return self.text[first : last_offset + len(last_value)]

    def parse_unary(self) -> _Fn:
        if self.peek() in ("-", "+"):
            op = self.take()[1]
            inner = self.parse_unary()
            if op == "+":
                return lambda env: _num(inner(env), "+")
            return lambda env: -_num(inner(env), "-")
        return self.parse_atom()

    def parse_atom(self) -> _Fn:
        kind, value, offset = self.take()
        if kind == "number":
            number = Decimal(value[:-1]) / 100 if value.endswith("%") else Decimal(value)
            return lambda env: number
        if kind == "name":
            if value in _KEYWORDS:
                raise ExprSyntaxError(f"expected a value, got {value!r}", offset)
            if self.peek() == "(":
                return self.parse_call(value, offset)
            self.names.add(value)
            return lambda env: env(value)
        if value == "(":
            inner = self.parse_or()
            self.expect(")")
            return inner
        raise ExprSyntaxError(f"expected a value, got {value!r}", offset)

    def parse_call(self, name: str, offset: int) -> _Fn:
        if name not in _FUNCTIONS:
            raise ExprSyntaxError(
                f"unknown function {name!r}; expected one of {', '.join(sorted(_FUNCTIONS))}", offset
            )
        self.expect("(")
        args = [self.parse_or()]
        while self.peek() == ",":
            self.take()
            args.append(self.parse_or())
        self.expect(")")
        if name in ("abs",) and len(args) != 1:
            raise ExprSyntaxError("abs() takes one argument", offset)
        if name == "round" and len(args) not in (1, 2):
            raise ExprSyntaxError("round() takes a value and optionally a number of places", offset)
        return _call(name, args)


def _num(value: Value, op: str) -> Decimal:
    if isinstance(value, bool):
        raise EvalError(f"'{op}' needs a number, got a true/false value")
    return value


def _truth(value: Value, op: str) -> bool:
    if not isinstance(value, bool):
        raise EvalError(f"'{op}' needs a true/false value, got the number {value}")
    return value


def _or(left: _Fn, right: _Fn) -> _Fn:
    return lambda env: _truth(left(env), "or") or _truth(right(env), "or")


def _and(left: _Fn, right: _Fn) -> _Fn:
    return lambda env: _truth(left(env), "and") and _truth(right(env), "and")


def _arith(op: str, left: _Fn, right: _Fn, divisor: str = "") -> _Fn:
    # A divisor that is a bare name is what a user must fix, so a zero names it.
    named = divisor if _NAME.fullmatch(divisor) else None
    zero = f"division by zero: {divisor} is 0" if divisor else "division by zero"

    def run(env: Lookup) -> Value:
        a, b = _num(left(env), op), _num(right(env), op)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise EvalError(zero, named)
        try:
            return a / b
        except (DivisionByZero, InvalidOperation):  # pragma: no cover - b is checked above
            raise EvalError(zero, named) from None

    return run


def _compare(first: _Fn, pairs: list[tuple[str, _Fn]]) -> _Fn:
    def run(env: Lookup) -> Value:
        left = first(env)
        for op, fn in pairs:
            right = fn(env)
            if op in ("==", "!="):
                if isinstance(left, bool) != isinstance(right, bool):
                    raise EvalError(f"'{op}' compares a number with a true/false value")
                ok = (left == right) == (op == "==")
            else:
                a, b = _num(left, op), _num(right, op)
                ok = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
            if not ok:
                return False
            left = right
        return True

    return run


def _call(name: str, args: list[_Fn]) -> _Fn:
    def run(env: Lookup) -> Value:
        values = [_num(arg(env), name) for arg in args]
        if name == "min":
            return min(values)
        if name == "max":
            return max(values)
        if name == "abs":
            return abs(values[0])
        places = values[1] if len(values) == 2 else Decimal(0)
        if places != places.to_integral_value():
            raise EvalError("round() takes a whole number of places")
        return round_half_up(values[0], int(places))

    return run
