"""Read the parts of a rubric around its sections: total, decimals, evaluators, metrics, gates,
named scales, grades, tie-break and review."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.load import keys, scales
from scoring.load.build import ONE, Build, Path, weight
from scoring.load.fields import Reader
from scoring.load.keys import EVALUATORS, GATE, GRADE, REVIEW, RUBRIC
from scoring.load.places import PlainTree as Tree
from scoring.model.errors import unknown
from scoring.model.expr import Expression, ExprSyntaxError, parse
from scoring.model.limits import MAX_DECIMALS, MAX_EXPRESSION_CHARS, MAX_TOTAL
from scoring.model.metrics import reference_problems
from scoring.model.numbers import percent_text, plain
from scoring.model.rubric import Aggregation, Gate, Grade, ReviewRule, Scale
from scoring.model.words import shown


def total(r: Reader, top: Mapping[str, Tree]) -> Decimal | None:
    """`total`: a number above 0 and at most MAX_TOTAL."""
    value = keys.decimal_value(r, (), top, RUBRIC, "total")
    if value is not None and not 0 < value <= MAX_TOTAL:
        r.error(("total",), f"expected a number above 0 and at most {MAX_TOTAL:,f}, got {plain(value)}")
        return None
    return value


def decimals(r: Reader, top: Mapping[str, Tree]) -> int | None:
    """`decimals`: a whole number from 0 to MAX_DECIMALS."""
    places = keys.value(r, (), top, RUBRIC, "decimals")
    assert places is None or isinstance(places, int)
    if places is not None and places > MAX_DECIMALS:
        r.error(("decimals",), f"expected a whole number from 0 to {MAX_DECIMALS}, got {places}")
        return None
    return places


def review(r: Reader, raw: Tree) -> ReviewRule | None:
    """`review`: when a score must be looked at again."""
    spec = keys.mapping(r, ("review",), raw, REVIEW)
    if spec is None:
        return None
    return ReviewRule(keys.decimal_value(r, ("review",), spec, REVIEW, "deviation"))


def aggregation(r: Reader, raw: Tree) -> Aggregation | None:
    """`evaluators`: how several evaluators' points combine."""
    path: Path = ("evaluators",)
    spec = keys.mapping(r, path, raw, EVALUATORS)
    if spec is None:
        return None
    method = keys.text_value(r, path, spec, EVALUATORS, "method")
    trim = keys.value(r, path, spec, EVALUATORS, "trim")
    roles: dict[str, Decimal] = {}
    raw_roles = r.mapping((*path, "roles"), spec.get("roles", {}))
    r.unique_ids([((*path, "roles", role), role) for role in raw_roles or {}])
    for role, share in (raw_roles or {}).items():
        value = weight(r, (*path, "roles", role), share)
        if value is not None:
            roles[role] = value
    if method == "weighted":
        if not raw_roles:
            r.error(path, "method 'weighted' needs 'roles' with a weight for each role")
        elif len(roles) == len(raw_roles) and sum(roles.values(), Decimal(0)) != ONE:
            r.error((*path, "roles"), f"role weights must sum to 100%, got {percent_text(sum(roles.values(), Decimal(0)))}")
    elif raw_roles and method is not None:
        r.error((*path, "roles"), f"'roles' only applies to method 'weighted', not '{method}'")
    if method is None or not isinstance(trim, int):
        return None
    return Aggregation(method=method, trim=trim, roles=roles)  # type: ignore[arg-type]


def expression(r: Reader, path: Path, raw: Tree) -> Expression | None:
    """An expression over facts and metrics, parsed."""
    text = r.text(path, raw)
    if text is None:
        return None
    try:
        return parse(text)
    except ExprSyntaxError as exc:
        if len(text) > MAX_EXPRESSION_CHARS:  # said in full by the error; the text is too long to show
            r.error(path, str(exc))
        else:
            r.error(path, f"invalid expression at character {exc.offset + 1} of {shown(text)}: {exc}")
        return None


def metrics(r: Reader, raw: Tree) -> dict[str, Expression]:
    """`metrics`: derived values by name, none referring to itself through others."""
    spec = r.mapping(("metrics",), raw) or {}
    r.unique_ids([(("metrics", name), name) for name in spec])
    out: dict[str, Expression] = {}
    for name, text in spec.items():
        if not name.isidentifier():
            r.error(("metrics", name), "a metric name is letters, digits and '_'")
            continue
        expr = expression(r, ("metrics", name), text)
        if expr is not None:
            out[name] = expr
    for name, message in reference_problems(out):
        r.error(("metrics", name), message)
    return out


def gates(r: Reader, raw: Tree) -> tuple[Gate, ...]:
    """`gates`: pass/fail checks with distinct ids."""
    out: list[Gate] = []
    seen: set[str] = set()
    ids: list[tuple[Path, str]] = []
    for i, item in enumerate(r.sequence(("gates",), raw) or []):
        path: Path = ("gates", i)
        spec = keys.mapping(r, path, item, GATE)
        if spec is None:
            continue
        gid = keys.text_value(r, path, spec, GATE, "id", absent="x")
        title = keys.text_value(r, path, spec, GATE, "title", absent="x")
        check = expression(r, (*path, "check"), spec["check"]) if "check" in spec else None
        if gid in seen:
            r.error((*path, "id"), f"duplicate gate id '{gid}'")
        elif gid is not None:
            ids.append(((*path, "id"), gid))
        if gid and title and ("check" not in spec or check):
            seen.add(gid)
            out.append(Gate(gid, title, check))
    r.unique_ids(ids)
    return tuple(out)


def named_scales(b: Build, raw: Tree) -> dict[str, tuple[Scale, Path]]:
    """`scales`: the named scales that read, each with its place; the others noted as broken."""
    spec = b.r.mapping(("scales",), raw) or {}
    b.r.unique_ids([(("scales", name), name) for name in spec])
    out: dict[str, tuple[Scale, Path]] = {}
    for name, body in spec.items():
        scale = scales.parse_scale(b.r, ("scales", name), body)
        if scale is not None:
            out[name] = (scale, ("scales", name))
        else:
            b.broken_scales.add(name)
    return out


def grades(r: Reader, raw: Tree) -> tuple[Grade, ...]:
    """`grades`: grade bands from the highest min down."""
    out: list[Grade] = []
    for i, item in enumerate(r.sequence(("grades",), raw) or []):
        path: Path = ("grades", i)
        spec = keys.mapping(r, path, item, GRADE)
        if spec is None:
            continue
        low = keys.decimal_value(r, path, spec, GRADE, "min", absent="0")
        label = keys.text_value(r, path, spec, GRADE, "label", absent="x")
        if low is None or label is None:
            continue
        if out and low >= out[-1].min:
            r.error((*path, "min"), f"grades must be listed from the highest min down; {low} follows {out[-1].min}")
        out.append(Grade(low, label))
    return tuple(out)


def tie_break(b: Build, raw: Tree) -> tuple[str, ...]:
    """`tie-break`: section or criterion ids, each one the rubric has."""
    out = []
    for i, item in enumerate(b.r.sequence(("tie-break",), raw) or []):
        ident = b.r.ident(("tie-break", i), item)
        if ident is None:
            continue
        if ident not in b.ids:
            b.r.error(("tie-break", i), unknown("section or criterion", ident, b.ids))
            continue
        out.append(ident)
    return tuple(out)
