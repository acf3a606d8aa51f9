"""Read a rubric's sections and criteria: ids, weights or points, their sums, and each
criterion's scale checked against the maximum its share gives it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from scoring.load import keys, scales
from scoring.load.build import ONE, Build, Path, weight
from scoring.load.keys import CRITERION, SECTION
from scoring.load.places import PlainTree as Tree
from scoring.model.errors import unknown
from scoring.model.numbers import percent_text, plain
from scoring.model.rubric import Criterion, Scale, Section, fit_problems

if TYPE_CHECKING:
    from scoring.model.pairwise import Comparison

Named = Mapping[str, tuple[Scale, Path]]


class _Spec(NamedTuple):
    """A criterion's raw mapping with its id, place, style and size, before its share is known."""

    id: str
    path: Path
    raw: dict[str, Tree]
    points_style: bool
    size: Decimal


class _Group(NamedTuple):
    """A section (or the flat sheet's one list) before its criteria are read."""

    id: str
    title: str
    weight: Decimal | None
    """Its weight, when written and valid."""
    path: Path
    """Where its criteria list stands."""
    raw: Tree
    has_weight: bool
    """Whether it carries a `weight` key (valid or not)."""
    note: str = ""
    """Its description."""
    pairwise: Tree | None = None
    """Its `pairwise` as written, when it weighs its criteria by comparison."""


def sections(b: Build, top: Mapping[str, Tree], named: Named, total: Decimal | None) -> tuple[Section, ...] | None:
    """`sections` (or a flat sheet's top-level `criteria`), every share checked."""
    r = b.r
    if ("sections" in top) == ("criteria" in top):
        r.error((), "expected either 'sections' or a top-level 'criteria' list, not both" if "sections" in top
                else "missing 'sections' (or a top-level 'criteria' list)")
        return None
    if "criteria" in top:
        groups: list[_Group] | None = [_Group("", "", None, ("criteria",), top["criteria"], False,
                                              pairwise=top.get("pairwise"))]
    else:
        groups = _section_groups(b, top["sections"], top.get("pairwise"))
    if not groups:
        return None
    parsed = [(g, _criteria_specs(b, g.path, g.raw, g.pairwise is not None)) for g in groups]
    ready = [(g, specs) for g, specs in parsed if specs is not None]
    if len(ready) != len(parsed):
        return None
    if "pairwise" in top and "sections" in top:
        from scoring.load.pairwise import comparisons

        ids = [g.id for g in groups]
        found = comparisons(b, ("pairwise",), top["pairwise"], ids)
        b.pairwise = found.entries if found else ()
        ready = [(g._replace(weight=found.derived.weights[g.id] if found else None, has_weight=False), specs)
                 for g, specs in ready]
    weighted = groups[0].has_weight or ("pairwise" in top and "sections" in top)
    built = _weigh(b, ready, named, total, weighted=weighted)
    return None if built is None else tuple(replace(s, description=g.note) for s, g in zip(built, groups, strict=True))


def _section_groups(b: Build, raw: Tree, compared: Tree | None) -> list[_Group] | None:
    """The sections with their ids, titles and weights; their criteria are read later."""
    r = b.r
    groups: list[_Group] = []
    for path, spec in keys.entries(r, "sections", raw, SECTION):
        sid = keys.text_value(r, path, spec, SECTION, "id", absent="x")
        b.claim(sid, (*path, "id"))
        title = keys.text_value(r, path, spec, SECTION, "title", absent="x")
        if compared is not None and "weight" in spec:
            r.error((*path, "weight"), "expected no 'weight': the sections are weighed by the rubric's 'pairwise'")
        share = weight(r, (*path, "weight"), spec["weight"]) if "weight" in spec and compared is None else None
        note = keys.text_value(r, path, spec, SECTION, "description")  # shown in reports; no part in the scoring
        groups.append(_Group(sid or "", title or "", share, (*path, "criteria"), spec.get("criteria", []),
                             "weight" in spec and compared is None, note or "", spec.get("pairwise")))
    if not groups:
        if isinstance(raw, list):
            r.error(("sections",), "expected at least one section")
        return None
    if len({g.has_weight for g in groups}) > 1:
        r.error(("sections",), "either every section has a 'weight' or none does")
        return None
    if groups[0].has_weight and all(g.weight is not None for g in groups):
        total_weight = sum((g.weight for g in groups if g.weight is not None), Decimal(0))
        if total_weight != ONE:
            r.error(("sections",), f"section weights must sum to 100%, got {percent_text(total_weight)}")
    return groups


def _weigh(
    b: Build, parsed: list[tuple[_Group, list[_Spec]]], named: Named, total: Decimal | None, *, weighted: bool,
) -> list[Section] | None:
    """Give each section and criterion its share of `total`; never rescaled to fit."""
    scale_total = total if total is not None else Decimal(100)  # an invalid total is reported already
    if weighted:
        out = []
        for group, specs in parsed:
            share = (group.weight or Decimal(0)) * scale_total
            if group.pairwise is not None:
                shares, compared = _compared(b, group, specs, share)
                out.append(_section(b, group, shares, named, compared))
                continue
            ok = _check_sizes(b, specs, f"of section '{group.id}'", group.path, None)
            pool = sum((spec.size for spec in specs), Decimal(0)) or ONE
            out.append(_section(b, group, [(s, s.size / pool * share) for s in specs] if ok else [], named))
        return out
    if parsed[0][0].pairwise is not None:
        if parsed[0][0].id:  # section comparisons weigh within a section's share: sections need one
            b.r.error((*parsed[0][0].path[:-1], "pairwise"), "expected section weights (or the rubric's 'pairwise') "
                      "beside a section's 'pairwise', got sections without weights")
            return None
        shares, b.pairwise = _compared(b, parsed[0][0], parsed[0][1], scale_total)  # a flat sheet's: the rubric's own
        return [_section(b, parsed[0][0], shares, named)]
    # No section weights: every criterion's weight or points is a share of the whole rubric,
    # so points must add up to `total` and weights to 100%.
    pooled = [spec for _, specs in parsed for spec in specs]
    if any(group.path in b.incomplete for group, _ in parsed):
        b.incomplete.update(spec.path[:-1] for spec in pooled)  # a sum over all lists misleads too
    flat = parsed[0][0].id == "" and len(parsed) == 1
    at: Path = ("criteria",) if flat else ("sections",)
    if not _check_sizes(b, pooled, "of the rubric" if flat else "of sections without weights", at, total):
        return None
    return [_section(b, group, [(s, s.size if s.points_style else s.size * scale_total) for s in specs], named)
            for group, specs in parsed]


def _compared(
    b: Build, group: _Group, specs: list[_Spec], share: Decimal,
) -> tuple[list[tuple[_Spec, Decimal]], tuple[Comparison, ...]]:
    """The shares of criteria weighed by their container's `pairwise`, with its entries as checked;
    none when it is broken."""
    if not specs or group.path in b.incomplete:
        return [], ()
    from scoring.load.pairwise import comparisons

    found = comparisons(b, (*group.path[:-1], "pairwise"), group.pairwise or [], [s.id for s in specs])
    if found is None:
        return [], ()
    return [(s, found.derived.weights[s.id] * share) for s in specs], found.entries


def _criteria_specs(b: Build, path: Path, raw: Tree, compared: bool = False) -> list[_Spec] | None:
    """The criteria of one list with their ids and sizes; lists with one unread are noted incomplete."""
    r = b.r
    items = r.sequence(path, raw)
    if items is None:
        return None
    if not items:
        r.error(path, "expected at least one criterion")
        return None
    specs = []
    for i, item in enumerate(items):
        cpath = (*path, i)
        spec = keys.mapping(r, cpath, item, CRITERION)
        if spec is None:
            b.incomplete.add(path)
            continue
        cid = keys.text_value(r, cpath, spec, CRITERION, "id", absent="x")
        b.claim(cid, (*cpath, "id"))
        size = _size(b, cpath, spec) if not compared else _no_size(b, cpath, spec)
        if cid is None or size is None:
            b.incomplete.add(path)
            continue
        specs.append(_Spec(cid, cpath, spec, "points" in spec, size))
    return specs


def _size(b: Build, path: Path, spec: Mapping[str, Tree]) -> Decimal | None:
    """A criterion's `weight` (a percent in (0%, 100%]) or `points` (a positive number)."""
    if ("weight" in spec) == ("points" in spec):
        b.r.error(path, "expected either 'weight' or 'points', not both" if "weight" in spec
                  else "missing 'weight' (a percent) or 'points' (a maximum)")
        return None
    if "weight" in spec:
        return weight(b.r, (*path, "weight"), spec["weight"])
    size = keys.decimal_value(b.r, path, spec, CRITERION, "points")
    if size is not None and size <= 0:
        b.r.error((*path, "points"), f"expected a number above 0, got {plain(size)}")
        return None
    return size


def _no_size(b: Build, path: Path, spec: Mapping[str, Tree]) -> Decimal | None:
    """A criterion weighed by its container's `pairwise`: it carries neither `weight` nor `points`."""
    for key in ("weight", "points"):
        if key in spec:
            b.r.error((*path, key), f"expected no '{key}': the criteria here are weighed by 'pairwise'")
    return None if "weight" in spec or "points" in spec else Decimal(0)


def _check_sizes(b: Build, specs: Sequence[_Spec], where: str, at: Path, total: Decimal | None) -> bool:
    """Whether sibling criteria share one style; report weights not summing to 100%, and
    (given the rubric's `total`) points not summing to it. Sums count only when every size was read."""
    styles = {s.points_style for s in specs}
    if len(styles) > 1:
        first = specs[0]
        for s in specs[1:]:
            if s.points_style != first.points_style:
                b.r.error(
                    s.path,
                    f"criteria {where} must all use 'weight' or all use 'points'; "
                    f"'{s.id}' uses {'points' if s.points_style else 'weight'} but "
                    f"'{first.id}' uses {'points' if first.points_style else 'weight'}",
                )
        return False
    if not specs or any(spec.path[:-1] in b.incomplete for spec in specs):
        return True
    found = sum((s.size for s in specs), Decimal(0))
    whole = "" if at[-1] == "criteria" else " of all sections"
    if styles == {False} and found != ONE:
        b.r.error(at, f"criterion weights{whole} must sum to 100%, got {percent_text(found)}")
    elif styles == {True} and total is not None and found != total:
        b.r.error(at, f"criterion points{whole} must sum to 'total' ({plain(total)}), got {plain(found)}: "
                      "without section weights points are shares of the whole rubric")
    return True


def _section(b: Build, group: _Group, shares: list[tuple[_Spec, Decimal]], named: Named,
             compared: tuple[Comparison, ...] = ()) -> Section:
    """A section of the given criteria, with its `pairwise` entries as checked; their shares only
    decide the maxima checked here."""
    criteria = []
    for spec, cshare in shares:
        criterion = _criterion(b, spec, spec.size if spec.points_style else cshare, named)
        if criterion is not None:
            criteria.append(criterion)
    return Section(group.id, group.title, tuple(criteria), group.weight if group.has_weight else None, pairwise=compared)


def _scale(b: Build, path: Path, raw: Tree, named: Named) -> Scale | None:
    """A criterion's scale: the name of a named scale, or an inline one."""
    if not isinstance(raw, str):
        return scales.parse_scale(b.r, path, raw)
    if raw in named:
        return named[raw][0]
    if raw not in b.broken_scales:  # a broken one is reported where it is declared
        b.r.error(path, unknown("scale", raw, named.keys() | b.broken_scales))
    return None


def _criterion(b: Build, spec: _Spec, maximum: Decimal, named: Named) -> Criterion | None:
    """One criterion, its scale checked against the maximum its share gives it."""
    r, raw, path = b.r, spec.raw, spec.path
    title = keys.text_value(r, path, raw, CRITERION, "title", absent="x")
    scale = _scale(b, (*path, "scale"), raw.get("scale", ""), named)
    if scale is None:
        return None
    for message in fit_problems(scale, spec.points_style, maximum):
        r.error((*path, "scale"), message)
    value = keys.text_value(r, path, raw, CRITERION, "value")
    extras: dict[str, Any] = {k: keys.text_value(r, path, raw, CRITERION, k) or "" for k in
                              ("description", "source", "evaluator", "category") if k in raw}
    for key in ("objective", "price"):  # yes/no values: true/false, yes/no, 是/否
        if key in raw:
            extras[key] = keys.value(r, path, raw, CRITERION, key)
    if title is None:
        return None
    return Criterion(
        id=spec.id, title=title, scale=scale,
        weight=spec.size if "weight" in raw else None, points=spec.size if spec.points_style else None,
        value=value, **extras,
    )
