"""Read the parts of a rubric around its sections: total, decimals, evaluators, metrics, gates,
named scales, grades, tie-break, review, currency and facts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from scoring.load import keys, scales
from scoring.load.build import ONE, Build, Path, weight
from scoring.load.fields import Reader
from scoring.load.keys import ADJUSTMENT, EVALUATORS, FACT, GATE, GRADE, METRIC, REVIEW, RUBRIC, TIE_FACT, Table
from scoring.load.places import PlainTree as Tree
from scoring.model.choices import METHODS, ORDERS, POLICIES
from scoring.model.errors import unknown
from scoring.model.expr import Expression, ExprSyntaxError, parse
from scoring.model.limits import MAX_DECIMALS, MAX_EXPRESSION_CHARS, MAX_TOTAL
from scoring.model.numbers import percent_text, plain
from scoring.model.prices import Adjustment
from scoring.model.rubric import Aggregation, Criterion, Gate, Grade, Quantity, ReviewRule, Scale, TieFact
from scoring.model.words import fold_width, shown

_CURRENCY = re.compile(r"[A-Z]{3}")
"""An ISO 4217 code as `currency` takes it: three capital letters."""


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
    method = keys.choice_value(r, path, spec, EVALUATORS, "method", METHODS)
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
    anonymous = _anonymous(r, path, spec["anonymous"], raw_roles or {}) if "anonymous" in spec else None
    if method is None or not isinstance(trim, int):
        return None
    return Aggregation(method=method, trim=trim, roles=roles, anonymous=anonymous)


def _anonymous(r: Reader, path: Path, raw: Tree, roles: Mapping[str, Tree]) -> tuple[str, ...]:
    """`evaluators.anonymous`: role names, each one of `roles` when the rubric has roles."""
    out: list[str] = []
    for i, item in enumerate(r.sequence((*path, "anonymous"), raw) or []):
        role = r.ident((*path, "anonymous", i), item)
        if role is None:
            continue
        if roles and role not in roles:
            r.error((*path, "anonymous", i), unknown("role", role, roles))
        elif role in out:
            r.error((*path, "anonymous", i), f"role {shown(role)} is listed twice")
        else:
            out.append(role)
    return tuple(out)


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


def metrics(r: Reader, top: Mapping[str, Tree]) -> tuple[dict[str, Expression], dict[str, Quantity]]:
    """`metrics`: derived values by name, none referring to itself through others, each an
    expression or a mapping {formula, title, unit}; with the titles and units of the mappings."""
    spec = r.mapping(("metrics",), top.get("metrics", {})) or {}
    r.unique_ids([(("metrics", name), name) for name in spec])
    out: dict[str, Expression] = {}
    info: dict[str, Quantity] = {}
    for name, body in spec.items():
        if not name.isidentifier():
            r.error(("metrics", name), "a metric name is letters, digits and '_'")
            continue
        path: Path = ("metrics", name)
        if isinstance(body, dict):
            parts = keys.mapping(r, path, body, METRIC)
            if parts is None or "formula" not in parts:
                continue
            quantity = _quantity(r, path, parts, METRIC, "currency" in top)
            if quantity is not None:
                info[name] = quantity
            path, body = (*path, "formula"), parts["formula"]
        expr = expression(r, path, body)
        if expr is not None:
            out[name] = expr
    if out:
        from scoring.model.metrics import reference_problems  # the catalogue only for a rubric with metrics

        for name, message in reference_problems(out):
            r.error(("metrics", name), message)
    return out, info


def currency(r: Reader, top: Mapping[str, Tree]) -> str | None:
    """`currency`: an ISO 4217 code, three capital letters such as CNY; None without it."""
    code = keys.text_value(r, (), top, RUBRIC, "currency")
    if code is not None and not _CURRENCY.fullmatch(code):
        r.error(("currency",), f"expected a currency code of three capital letters (like CNY, USD or EUR), "
                f"got {shown(code)}")
        return None
    return code


def facts(r: Reader, top: Mapping[str, Tree]) -> dict[str, Quantity]:
    """`facts`: each fact's title and unit by its name."""
    spec = r.mapping(("facts",), top.get("facts", {})) or {}
    r.unique_ids([(("facts", name), name) for name in spec])
    out: dict[str, Quantity] = {}
    for name, body in spec.items():
        path: Path = ("facts", name)
        ident = r.ident(path, name)
        parts = keys.mapping(r, path, body, FACT)
        quantity = None if parts is None else _quantity(r, path, parts, FACT, "currency" in top)
        if ident is not None and quantity is not None:
            out[name] = quantity
    return out


def _quantity(r: Reader, path: Path, spec: Mapping[str, Tree], table: Table, has_currency: bool) -> Quantity | None:
    """A fact's or metric's title and unit; `unit: money` needs the rubric's `currency`."""
    title = keys.text_value(r, path, spec, table, "title")
    unit = keys.text_value(r, path, spec, table, "unit")
    if unit is not None:  # `％` is `%`, as everywhere a percent is expected
        unit = "%" if fold_width(unit).strip() == "%" else unit.strip()
    if unit == "money" and not has_currency:
        r.error((*path, "unit"), "unit 'money' needs the rubric's 'currency' (three capital letters, like CNY)")
        return None
    if ("title" in spec and title is None) or ("unit" in spec and unit is None):
        return None
    return Quantity(title or "", unit or "")


def gates(r: Reader, raw: Tree) -> tuple[Gate, ...]:
    """`gates`: pass/fail checks with distinct ids."""
    out: list[Gate] = []
    seen: set[str] = set()
    ids: list[tuple[Path, str]] = []
    for path, spec in keys.entries(r, "gates", raw, GATE):
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
    """`grades`: grade bands from the highest min down, each with its quotas (analysis.md §1.1)."""
    out: list[Grade] = []
    items = r.sequence(("grades",), raw) or []
    for i, item in enumerate(items):
        path: Path = ("grades", i)
        spec = keys.mapping(r, path, item, GRADE)
        if spec is None:
            continue
        low = keys.decimal_value(r, path, spec, GRADE, "min", absent="0")
        label = keys.text_value(r, path, spec, GRADE, "label", absent="x")
        cap, floor = (_quota(r, path, spec, name) for name in ("at-most", "at-least"))
        if low is None or label is None:
            continue
        if out and low >= out[-1].min:
            r.error((*path, "min"), f"grades must be listed from the highest min down; {low} follows {out[-1].min}")
        _row_quotas(r, path, label, (i == 0, i == len(items) - 1), cap, floor)
        out.append(Grade(low, label, cap, floor))
    floors = sum((g.at_least for g in out if g.at_least is not None), Decimal(0))
    if floors > ONE:
        r.error(("grades",), f"the floors (at-least) add up to {percent_text(floors)}; expected at most 100%")
    return tuple(out)


def _quota(r: Reader, path: Path, spec: Mapping[str, Tree], name: str) -> Decimal | None:
    """A grade row's `at-most` or `at-least`: a percent from 0% to 100%."""
    share = keys.decimal_value(r, path, spec, GRADE, name)
    if share is not None and not 0 <= share <= ONE:
        r.error((*path, name), f"expected a percent from 0% to 100%, got {percent_text(share)}")
        return None
    return share


def _row_quotas(r: Reader, path: Path, label: str, ends: tuple[bool, bool],
                cap: Decimal | None, floor: Decimal | None) -> None:
    """Report the quotas of one grade row that can never hold: a cap on the last row, a floor
    on the first, a floor above the cap."""
    first, last = ends
    if cap is not None and last:
        r.error((*path, "at-most"), f"a cap (at-most) on the last grade {shown(label)} cannot hold: "
                "nobody can move below the last grade")
    if floor is not None and first:
        r.error((*path, "at-least"), f"a floor (at-least) on the first grade {shown(label)} cannot hold: "
                "nobody ever moves up into the first grade")
    if cap is not None and floor is not None and floor > cap:
        r.error(path, f"at-least {percent_text(floor)} is above at-most {percent_text(cap)}: "
                "no count can meet both")


def quotas(r: Reader, top: Mapping[str, Tree]) -> tuple[str | None, int | None]:
    """`quota-groups` and `quota-min-group`: the grouping fact and the least group size quotas
    apply to; either is an error when no grade row carries a quota."""
    group = keys.text_value(r, (), top, RUBRIC, "quota-groups")
    least = keys.value(r, (), top, RUBRIC, "quota-min-group")
    assert least is None or isinstance(least, int)
    rows = top.get("grades")
    if isinstance(rows, list) and any(isinstance(g, dict) and g.keys() & {"at-most", "at-least"} for g in rows):
        return group, least
    for name in ("quota-groups", "quota-min-group"):
        if name in top:
            r.error((name,), "the grades carry no quota (at-most or at-least), so there is nothing to apply")
    return group, least


def tie_break(b: Build, raw: Tree) -> tuple[str | TieFact, ...]:
    """`tie-break`: section or criterion ids, each one the rubric has, or `{fact, order}` mappings."""
    out: list[str | TieFact] = []
    for i, item in enumerate(b.r.sequence(("tie-break",), raw) or []):
        path = ("tie-break", i)
        if isinstance(item, dict):
            entry = _tie_fact(b.r, path, item)
            out += [entry] if entry is not None else []
            continue
        ident = b.r.ident(path, item)
        if ident is None:
            continue
        if ident not in b.ids:
            b.r.error(path, unknown("section or criterion", ident, b.ids))
            continue
        out.append(ident)
    return tuple(out)


def _tie_fact(r: Reader, path: Path, raw: Tree) -> TieFact | None:
    """A `{fact: NAME, order: lowest-first|highest-first}` tie-break entry."""
    spec = keys.mapping(r, path, raw, TIE_FACT)
    if spec is None:
        return None
    fact = keys.text_value(r, path, spec, TIE_FACT, "fact")
    order = keys.choice_value(r, path, spec, TIE_FACT, "order", ORDERS)
    if fact is None or order is None:
        return None
    return TieFact(fact, order)


def adjustments(r: Reader, raw: Tree, criteria: Mapping[str, Criterion]) -> tuple[Adjustment, ...]:
    """`adjustments`: policy price deductions (procurement.md §1), each naming criteria of the
    rubric that are not marked `price: false`, with a `deduct` in (0%, 100%)."""
    out: list[Adjustment] = []
    seen: set[str] = set()
    for path, spec in keys.entries(r, "adjustments", raw, ADJUSTMENT):
        aid = keys.text_value(r, path, spec, ADJUSTMENT, "id", absent="x")
        if aid in seen:
            r.error((*path, "id"), f"duplicate adjustment id '{aid}'")
        seen.add(aid or "")
        when = expression(r, (*path, "when"), spec["when"]) if "when" in spec else None
        named = _adjusted(r, (*path, "price"), spec.get("price"), criteria)
        deduct = keys.decimal_value(r, path, spec, ADJUSTMENT, "deduct", absent="1%")
        if deduct is not None and not 0 < deduct < 1:
            r.error((*path, "deduct"), f"expected a percent above 0% and below 100%, got {percent_text(deduct)}")
            deduct = None
        policy = keys.choice_value(r, path, spec, ADJUSTMENT, "policy", POLICIES)
        title = keys.text_value(r, path, spec, ADJUSTMENT, "title") or ""
        if aid and when and named and deduct is not None and policy is not None and "deduct" in spec:
            out.append(Adjustment(aid, when, named, deduct, title, policy))
    return tuple(out)


def _adjusted(r: Reader, path: Path, raw: Tree | None, criteria: Mapping[str, Criterion]) -> tuple[str, ...] | None:
    """An adjustment's `price`: an id or a list of ids, each a criterion not marked `price: false`."""
    if raw is None:
        return None
    items = [(path, raw)] if isinstance(raw, str) else [((*path, i), v) for i, v in enumerate(r.sequence(path, raw) or [])]
    out: list[str] = []
    for at, item in items:
        ident = r.ident(at, item)
        if ident is None:
            return None
        criterion = criteria.get(ident)
        if criterion is None:
            r.error(at, unknown("criterion", ident, criteria))
            return None
        if criterion.price is False:
            r.error(at, f"criterion '{ident}' is marked 'price: false', so no adjustment may reduce it")
            return None
        out.append(ident)
    if not items and isinstance(raw, list):
        r.error(path, "expected a criterion id or a list of them, got an empty list")
    return tuple(out) or None
