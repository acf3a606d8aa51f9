"""The rubric's invariants, checked again by `evaluate`: a model changed by `replace` may break them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from scoring.model.choices import ORDERS
from scoring.model.errors import PathKey, Problem, format_path
from scoring.model.numbers import percent_text, plain
from scoring.model.rubric import Criterion, Rubric, Section, TieFact, fit_problems

if TYPE_CHECKING:
    from scoring.model.pairwise import Comparison, Derived

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
    if rubric.weighted_sections:  # true whenever a section carries a weight
        for (at, criteria), section in zip(lists, rubric.sections, strict=True):
            found += [] if section.pairwise else _sizes(at, criteria, None)  # derived weights sum to 1
    elif not rubric.pairwise:
        at = ("criteria",) if rubric.flat else ("sections",)
        found += _sizes(at, [c for _, cs in lists for c in cs], rubric.total)
    found += _ids(rubric, lists) + _comparisons(rubric, lists)
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
    if entry.order not in ORDERS:
        out.append(((*at, "order"), f"expected one of {', '.join(ORDERS)}, got {entry.order!r}"))
    return out


def _comparisons(rubric: Rubric, lists: list[tuple[tuple[PathKey, ...], list[Criterion]]]
                 ) -> list[tuple[tuple[PathKey, ...], str]]:
    """Each `pairwise`: complete, consistent, over siblings that carry no weight of their own."""
    out: list[tuple[tuple[PathKey, ...], str]] = []
    if rubric.pairwise:
        if rubric.flat:
            out += _compared((), rubric.pairwise, lists[0][1], lists[0][0], rubric.derived.get(None))
        else:
            out += _compared((), rubric.pairwise, rubric.sections, ("sections",), rubric.derived.get(None))
    # `derived` keeps a section's weights under its id: its own only when ids are unique and not flat
    cached = not rubric.flat and len({s.id for s in rubric.sections}) == len(rubric.sections)
    for i, (section, (at, criteria)) in enumerate(zip(rubric.sections, lists, strict=True)):
        if section.pairwise:
            found = rubric.derived.get(section.id) if cached else _weights(criteria, section.pairwise)
            out += _compared(("sections", i), section.pairwise, criteria, at, found)
            if not rubric.weighted_sections:
                out.append((("sections", i, "pairwise"), "expected section weights (or the rubric's 'pairwise') "
                            "beside a section's 'pairwise', got sections without weights"))
    return out


def _weights(criteria: list[Criterion], entries: tuple[Comparison, ...]) -> Derived | None:
    """The weights `entries` derive over `criteria`; None when they are not a complete comparison."""
    from scoring.model.pairwise import weights_of  # only rubrics that compare

    return weights_of([c.id for c in criteria], entries)


def _compared(at: tuple[PathKey, ...], entries: tuple[Comparison, ...], siblings: Sequence[Criterion | Section],
              where: tuple[PathKey, ...], found: Derived | None) -> list[tuple[tuple[PathKey, ...], str]]:
    """One `pairwise` at `at` over `siblings` (listed at `where`), with the weights it derives
    (None when it is not a complete comparison)."""
    from scoring.model.pairwise import inconsistency  # only rubrics that compare

    out: list[tuple[tuple[PathKey, ...], str]] = []
    for j, child in enumerate(siblings):
        for key in ("weight", "points"):
            if getattr(child, key, None) is not None:
                out.append(((*where, j, key), f"expected no '{key}': the siblings are weighed by 'pairwise'"))
    if found is None:
        return [*out, ((*at, "pairwise"), "expected every pair of siblings compared exactly once")]
    bad = inconsistency(entries, found)
    return out if bad is None else [*out, ((*at, "pairwise", bad[0]), bad[1])]
