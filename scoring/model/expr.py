"""A small, closed expression language for metrics and gate checks.

Numbers, percent literals (`80%`), names of facts and metrics, `+ - * /`, parentheses,
comparisons, `and or not`, and the functions `min max abs round`. An expression is
parsed once into a flat list of instructions for a small stack machine; evaluating it
can only read the names it is given. There is no attribute access, no indexing, no call
of anything but the four functions.

Bounds (scoring.model.limits): an expression is at most MAX_EXPRESSION_CHARS long and
MAX_EXPRESSION_DEPTH levels deep, where each parenthesis, function call, sign (`-x`) and
`not` opens a level; a chain of operators at one level (a 1,000-term sum) is flat.
Neither parsing nor evaluation recurses beyond that depth, and evaluation not at all.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Union

from scoring.model.limits import MAX_EXPRESSION_CHARS, MAX_EXPRESSION_DEPTH, MAX_MAGNITUDE, MAX_ROUND_PLACES
from scoring.model.numbers import NumberError, plain, read_number

Value = Union[Decimal, bool]
Lookup = Callable[[str], Value]
Instruction = tuple[object, ...]
"""One step of the stack machine: an opcode and its arguments (only strings, ints and Decimals)."""

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(\d+(\.\d*)?|\.\d+)%?)"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>,]))"
)
_NAME = re.compile(r"[^\W\d]\w*")
_KEYWORDS = {"and", "or", "not"}
_FUNCTIONS = {"min", "max", "abs", "round"}
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}
_OUT_OF_RANGE = f"result out of range: its magnitude must stay below 10^{MAX_MAGNITUDE.adjusted()}"


class ExprSyntaxError(Exception):
    """An expression does not parse; `offset` is the 0-based character where it failed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


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


@dataclass(frozen=True)
class Expression:
    """A parsed expression, ready to evaluate many times; plain data, so it pickles."""

    text: str
    """The expression as written."""
    names: frozenset[str]
    """Every fact or metric name it reads."""
    code: tuple[Instruction, ...]
    """The instructions evaluation runs, in order."""

    def evaluate(self, lookup: Lookup) -> Value:
        """Evaluate with `lookup` giving each name's value; raises `EvalError`."""
        with decimal.localcontext(_guarded()):
            try:
                value = _run(self.code, lookup)
            except (decimal.Overflow, decimal.InvalidOperation):
                raise EvalError(_OUT_OF_RANGE) from None
        if isinstance(value, Decimal) and abs(value) >= MAX_MAGNITUDE:
            raise EvalError(_OUT_OF_RANGE)
        return value


def parse(text: str) -> Expression:
    """Parse `text`; raises `ExprSyntaxError` naming what was expected and where."""
    if len(text) > MAX_EXPRESSION_CHARS:  # before tokenizing: the text may be huge
        raise ExprSyntaxError(
            f"expression is {len(text):,} characters long; at most {MAX_EXPRESSION_CHARS:,} are allowed",
            MAX_EXPRESSION_CHARS,
        )
    parser = _Parser(text)
    code = parser.parse_or()
    if parser.peek() is not None:
        kind, value, offset = parser.tokens[parser.pos]
        raise ExprSyntaxError(f"unexpected {value!r}", offset)
    return Expression(text, frozenset(parser.names), tuple(code))


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


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimals, halves away from zero."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# -- parsing --------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens, emitting instructions; recursion only per level."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.names: set[str] = set()
        self.pos = 0
        self.depth = 0

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

    def enter(self, offset: int) -> None:
        """Open one level of nesting, refusing the one beyond the limit before recursing."""
        self.depth += 1
        if self.depth > MAX_EXPRESSION_DEPTH:
            raise ExprSyntaxError(f"expression is nested more than {MAX_EXPRESSION_DEPTH} levels deep", offset)

    def parse_or(self) -> list[Instruction]:
        return self.logical("or", self.parse_and)

    def parse_and(self) -> list[Instruction]:
        return self.logical("and", self.parse_not)

    def logical(self, word: str, operand: Callable[[], list[Instruction]]) -> list[Instruction]:
        """`a and b and c` (or `or`): each operand, then a jump past the rest once the answer is known."""
        parts = [operand()]
        while self.peek() == word:
            self.take()
            parts.append(operand())
        if len(parts) == 1:
            return parts[0]
        pieces: list[list[Instruction] | tuple[str, str]] = []
        for part in parts[:-1]:
            pieces += [part, ("shortcut", word)]
        return _to_end([*pieces, parts[-1]], ("truth", word))

    def parse_not(self) -> list[Instruction]:
        if self.peek() != "not":
            return self.parse_compare()
        self.enter(self.take()[2])
        code = [*self.parse_not(), ("not",)]
        self.depth -= 1
        return code

    def parse_compare(self) -> list[Instruction]:
        first = self.parse_sum()
        if self.peek() not in _COMPARE:
            return first
        # 1 < x < 3: each comparison keeps its right side as the next one's left side.
        pieces: list[list[Instruction] | tuple[str, str]] = [first]
        while self.peek() in _COMPARE:
            op = self.take()[1]
            pieces += [self.parse_sum(), ("cmp", op)]
        return _to_end(pieces, ("true",))

    def parse_sum(self) -> list[Instruction]:
        code = self.parse_product()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            code += self.parse_product()
            code.append(("arith", op, ""))
        return code

    def parse_product(self) -> list[Instruction]:
        code = self.parse_unary()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            start = self.pos
            code += self.parse_unary()
            code.append(("arith", op, self.source(start)))
        return code

    def source(self, start: int) -> str:
        """The text of the tokens from `start` up to the current one, as written."""
        first = self.tokens[start][2]
        last_kind, last_value, last_offset = self.tokens[self.pos - 1]
        return self.text[first : last_offset + len(last_value)]

    def parse_unary(self) -> list[Instruction]:
        if self.peek() not in ("-", "+"):
            return self.parse_atom()
        kind, op, offset = self.take()
        self.enter(offset)
        code = [*self.parse_unary(), ("sign", op)]
        self.depth -= 1
        return code

    def parse_atom(self) -> list[Instruction]:
        kind, value, offset = self.take()
        if kind == "number":
            return [("push", _literal(value, offset))]
        if kind == "name":
            if value in _KEYWORDS:
                raise ExprSyntaxError(f"expected a value, got {value!r}", offset)
            if self.peek() == "(":
                return self.parse_call(value, offset)
            self.names.add(value)
            return [("load", value)]
        if value == "(":
            self.enter(offset)
            code = self.parse_or()
            self.expect(")")
            self.depth -= 1
            return code
        raise ExprSyntaxError(f"expected a value, got {value!r}", offset)

    def parse_call(self, name: str, offset: int) -> list[Instruction]:
        if name not in _FUNCTIONS:
            raise ExprSyntaxError(
                f"unknown function {name!r}; expected one of {', '.join(sorted(_FUNCTIONS))}", offset
            )
        self.expect("(")
        self.enter(offset)
        args = [self.parse_or()]
        while self.peek() == ",":
            self.take()
            args.append(self.parse_or())
        self.expect(")")
        self.depth -= 1
        if name == "abs" and len(args) != 1:
            raise ExprSyntaxError("abs() takes one argument", offset)
        if name == "round" and len(args) not in (1, 2):
            raise ExprSyntaxError("round() takes a value and optionally a number of places", offset)
        if name == "round" and len(args) == 2 and len(args[1]) == 1 and args[1][0][0] == "push":
            try:  # a written number of places is checked now, so the rubric is refused at load
                _places(args[1][0][1])  # type: ignore[arg-type]
            except EvalError as exc:
                raise ExprSyntaxError(str(exc), offset) from None
        return [*(step for arg in args for step in arg), ("call", name, len(args))]


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """The tokens of `text` as (kind, text, offset)."""
    tokens: list[tuple[str, str, int]] = []
    at, end = 0, len(text.rstrip())
    while at < end:
        m = _TOKEN.match(text, at)
        if not m or m.lastgroup is None:
            offset = len(text[at:]) - len(text[at:].lstrip()) + at
            raise ExprSyntaxError(f"unexpected character {text[offset]!r}", offset)
        tokens.append((m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup)))
        at = m.end()
    return tokens


def _literal(value: str, offset: int) -> Decimal:
    """A number as written in an expression, within the limits on numbers."""
    try:
        return read_number(value)
    except NumberError as exc:
        raise ExprSyntaxError(str(exc), offset) from None


def _to_end(pieces: list[list[Instruction] | tuple[str, str]], last: Instruction) -> list[Instruction]:
    """Join code, turning each `(opcode, arg)` jump into one that skips to just past `last`."""
    code: list[Instruction] = []
    holes: list[int] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            holes.append(len(code))
            code.append(piece)
        else:
            code += piece
    code.append(last)
    for at in holes:
        code[at] = (*code[at], len(code) - at - 1)
    return code


# -- evaluation -----------------------------------------------------------------------


def _run(code: tuple[Instruction, ...], lookup: Lookup) -> Value:
    """Run the instructions on a stack; jumps only go forward, so this always ends."""
    stack: list[Value] = []
    pc = 0
    while pc < len(code):
        step = code[pc]
        pc += 1
        op = step[0]
        if op == "push":
            stack.append(step[1])  # type: ignore[arg-type]
        elif op == "load":
            stack.append(_load(lookup, step[1]))  # type: ignore[arg-type]
        elif op == "shortcut":
            value = _truth(stack.pop(), step[1])  # type: ignore[arg-type]
            if value == (step[1] == "or"):  # `and` is settled by a false, `or` by a true
                stack.append(value)
                pc += step[2]  # type: ignore[operator]
        elif op == "cmp":
            right, left = stack.pop(), stack.pop()
            if not _compare(step[1], left, right):  # type: ignore[arg-type]
                stack.append(False)
                pc += step[2]  # type: ignore[operator]
            else:
                stack.append(right)
        elif op == "true":
            stack[-1] = True
        else:
            _apply(step, stack)
    return stack[-1]


def _apply(step: Instruction, stack: list[Value]) -> None:
    """Run one instruction that neither reads names nor jumps."""
    op = step[0]
    if op == "truth":
        stack.append(_truth(stack.pop(), step[1]))  # type: ignore[arg-type]
    elif op == "not":
        stack.append(not _truth(stack.pop(), "not"))
    elif op == "sign":
        value = _num(stack.pop(), step[1])  # type: ignore[arg-type]
        stack.append(-value if step[1] == "-" else +value)
    elif op == "arith":
        right = stack.pop()
        stack.append(_arith(step[1], _num(stack.pop(), step[1]), _num(right, step[1]), step[2]))  # type: ignore[arg-type]
    else:  # call
        count: int = step[2]  # type: ignore[assignment]
        args = [_num(value, step[1]) for value in stack[len(stack) - count :]]  # type: ignore[arg-type]
        del stack[len(stack) - count :]
        stack.append(_call(step[1], args))  # type: ignore[arg-type]


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
