"""The rubric's invariants, checked again by `evaluate`: a model changed by `replace` may break them."""

from __future__ import annotations

from decimal import Decimal

from scoring.model.errors import PathKey, Problem, format_path
from scoring.model.numbers import percent_text, plain
from scoring.model.rubric import Criterion, Rubric, TieFact, fit_problems

_ONE = Decimal(1)
_ZERO = Decimal(0)


def rubric_problems(rubric: Rubric) -> list[Problem]:
    """Every broken invariant, by key path: weights summing to 100%, one style per list, unique and
    known ids, absolute points that fit."""
    found: list[tuple[tuple[PathKey, ...], str]] = []
    weighted = [s.weight for s in rubric.sections if s.weight is not None]
    if weighted:
        total = sum(weighted, _ZERO)
        if len(weighted) != len(rubric.sections):
            found.append((("sections",), "either every section has a 'weight' or none does"))
        elif total != _ONE:
            found.append((("sections",), f"section weights must sum to 100%, got {percent_text(total)}"))
    lists: list[tuple[tuple[PathKey, ...], list[Criterion]]] = [
        (("criteria",) if rubric.flat else ("sections", i, "criteria"), list(s.criteria))
        for i, s in enumerate(rubric.sections)]
    if weighted:
        for at, criteria in lists:
            found += _sizes(at, criteria, None)
    else:
        at = ("criteria",) if rubric.flat else ("sections",)
        found += _sizes(at, [c for _, cs in lists for c in cs], rubric.total)
    found += _ids(rubric, lists)
    return [Problem(rubric.file, 0, 0, f"{format_path(path)}: {message}", path=path) for path, message in found]


def _sizes(at: tuple[PathKey, ...], criteria: list[Criterion], total: Decimal | None
           ) -> list[tuple[tuple[PathKey, ...], str]]:
    styles = {c.points_style for c in criteria}
    if len(styles) > 1:
        return [(at, "criteria must all use 'weight' or all use 'points'")]
    found = sum((c.size for c in criteria), _ZERO)
    if styles == {False} and found != _ONE:
        return [(at, f"criterion weights must sum to 100%, got {percent_text(found)}")]
    if styles == {True} and total is not None and found != total:
        return [(at, f"criterion points must sum to 'total' ({plain(total)}), got {plain(found)}")]
    return []


def _ids(rubric: Rubric, lists: list[tuple[tuple[PathKey, ...], list[Criterion]]]
         ) -> list[tuple[tuple[PathKey, ...], str]]:
    out: list[tuple[tuple[PathKey, ...], str]] = []
    seen: set[str] = {s.id for s in rubric.sections if s.id}
    if len(seen) != len([s for s in rubric.sections if s.id]):
        out.append((("sections",), "section ids must be unique"))
    for at, criteria in lists:
        for j, c in enumerate(criteria):
            if c.id in seen:
                out.append(((*at, j, "id"), f"duplicate id '{c.id}'"))
            seen.add(c.id)
            for message in fit_problems(c.scale, c.points_style, rubric.maximum(c)):
                out.append(((*at, j, "scale"), message))
    for i, entry in enumerate(rubric.tie_break):
        if isinstance(entry, TieFact):
            out += _tie_fact(("tie-break", i), entry)
        elif entry not in seen:
            out.append((("tie-break", i), f"unknown section or criterion '{entry}'"))
    return out


def _tie_fact(at: tuple[PathKey, ...], entry: TieFact) -> list[tuple[tuple[PathKey, ...], str]]:
    """A `{fact, order}` tie-break entry's problems: a fact name and one of the two order words."""
    out: list[tuple[tuple[PathKey, ...], str]] = []
    if not entry.fact:
        out.append(((*at, "fact"), "expected a fact name, got nothing"))
    if entry.order not in ("lowest-first", "highest-first"):
        out.append(((*at, "order"), f"expected one of lowest-first, highest-first, got {entry.order!r}"))
    return out
