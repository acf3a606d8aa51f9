"""A small, closed expression language for metrics and gate checks.

Numbers, percent literals (`80%`), names of facts and metrics, `+ - * /`, parentheses,
comparisons, `and or not`, and the functions `min max abs round`. An expression is
parsed once into a flat list of instructions for a small stack machine
(`scoring.model.exprrun`); evaluating it can only read the names it is given. There is no attribute access, no indexing, no call
of anything but the four functions.

Bounds (scoring.model.limits): an expression is at most MAX_EXPRESSION_CHARS long and
MAX_EXPRESSION_DEPTH levels deep, where each parenthesis, function call, sign (`-x`) and
`not` opens a level; a chain of operators at one level (a 1,000-term sum) is flat.
Neither parsing nor evaluation recurses beyond that depth, and evaluation not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from scoring.model.exprrun import (
    PRECISION,
    EvalError,
    Instruction,
    Lookup,
    Value,
    check_places,
    exact,
    round_half_up,
    run,
)
from scoring.model.limits import MAX_EXPRESSION_CHARS, MAX_EXPRESSION_DEPTH
from scoring.model.numbers import NumberError, read_number

# Running lives in scoring.model.exprrun; these names stay importable from here.
__all__ = [
    "PRECISION", "EvalError", "ExprSyntaxError", "Expression", "Instruction", "Lookup", "Value",
    "RESERVED", "exact", "parse", "round_half_up", "tokens",
]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(\d+(\.\d*)?|\.\d+)%?)"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>,]))"
)
_KEYWORDS = {"and", "or", "not"}
_FUNCTIONS = {"min", "max", "abs", "round"}
RESERVED = frozenset(_KEYWORDS | _FUNCTIONS)
"""The words of the language that are not names of facts or metrics."""
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}


class ExprSyntaxError(Exception):
    """An expression does not parse; `offset` is the 0-based character where it failed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


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
        return run(self.code, lookup)


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



# -- parsing --------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens, emitting instructions; recursion only per level."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokens(text)
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
        pieces: list[list[Instruction] | Pending] = []
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
        pieces: list[list[Instruction] | Pending] = [first]
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
            if value in ("true", "false"):  # true/false literals (procurement.md §2)
                return [("push", value == "true")]
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
        places = args[1][0] if name == "round" and len(args) == 2 and len(args[1]) == 1 else None
        if places is not None and places[0] == "push":
            try:  # a written number of places is checked now, so the rubric is refused at load
                check_places(places[1])
            except EvalError as exc:
                raise ExprSyntaxError(str(exc), offset) from None
        return [*(step for arg in args for step in arg), ("call", name, len(args))]


def tokens(text: str) -> list[tuple[str, str, int]]:
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


Pending = tuple[Literal["shortcut", "cmp"], str]
"""A jump before its distance is known: its opcode and word or operator."""


def _to_end(pieces: list[list[Instruction] | Pending], last: Instruction) -> list[Instruction]:
    """Join code, turning each pending jump into one that skips to just past `last`."""
    end = sum(len(piece) if isinstance(piece, list) else 1 for piece in pieces) + 1
    code: list[Instruction] = []
    for piece in pieces:
        if isinstance(piece, list):
            code += piece
        elif piece[0] == "shortcut":
            code.append(("shortcut", piece[1], end - len(code) - 1))
        else:
            code.append(("cmp", piece[1], end - len(code) - 1))
    code.append(last)
    return code
