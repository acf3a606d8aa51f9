"""Read a rubric, from a YAML file or from plain data, into a validated `Rubric`, reporting
every problem at once. Nothing here imports YAML until a file is loaded."""

from __future__ import annotations

import decimal
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, cast

from scoring.load import scales
from scoring.load.fields import Reader
from scoring.load.places import PlainTree as Tree
from scoring.load.places import data_sha256, derived_id, file_places, located_in_file, plain_tree
from scoring.model.errors import PathKey, Problem, RubricError, format_path, unknown
from scoring.model.expr import Expression, ExprSyntaxError, exact, parse
from scoring.model.limits import MAX_DECIMALS, MAX_EXPRESSION_CHARS, MAX_TOTAL
from scoring.model.metrics import reference_problems
from scoring.model.numbers import percent_text, plain
from scoring.model.rubric import Aggregation, Criterion, Gate, Grade, ReviewRule, Rubric, Scale, Section, fit_problems
from scoring.model.words import shown

_TOP_KEYS = {
    "id", "title", "subject", "locale", "total", "decimals", "rounding", "description",
    "evaluators", "gates", "metrics", "scales", "sections", "criteria", "grades", "tie-break", "review",
}
_SECTION_KEYS = {"id", "title", "weight", "criteria", "description"}
_CRITERION_KEYS = {
    "id", "title", "weight", "points", "scale", "value", "description",
    "source", "evaluator", "category", "objective", "price",
}
_EVALUATOR_KEYS = {"method", "trim", "roles"}
_GATE_KEYS = {"id", "title", "check"}
_METHODS = ("mean", "median", "trimmed-mean", "weighted")
ONE = Decimal(1)


def load_rubric(file: str | Path) -> Rubric:
    """Read and validate a rubric file: `parse_rubric` of its text tree, its problems located
    at `FILE:LINE:COLUMN`, its places recorded (below 1 MiB) for problems found later.

    Raises `RubricError` carrying every problem found.
    """
    from scoring.load.yamlfile import YamlSyntaxError, load_yaml

    try:
        doc = load_yaml(file)
    except YamlSyntaxError as exc:
        raise RubricError([exc.problem]) from None
    name, source, tree = doc.name, doc.source, cast(Tree, doc.data)  # a YAML tree is a plain tree
    del doc
    try:
        rubric = _parse(tree, name, hashlib.sha256(source).hexdigest(), [])
    except RubricError as exc:
        raise RubricError(located_in_file(exc.problems, source, name)) from None
    return replace(rubric, places=file_places(source, name))


def parse_rubric(data: Mapping[str, Any], source: str = "<data>") -> Rubric:
    """Build a validated rubric from plain Python data (as `json.load` gives it), with the
    validation and messages of `load_rubric`; problems are located by key path.

    Raises `RubricError` carrying every problem found.
    """
    problems: list[Problem] = []
    tree = plain_tree(data, source, problems)
    return _parse(tree, source, data_sha256(data), problems)


def _parse(tree: Tree, source: str, digest: str, problems: list[Problem]) -> Rubric:
    """The rubric a text tree describes; raises `RubricError` with `problems` and its own."""
    with decimal.localcontext(exact()):  # shares such as 3/9 of 100 are computed here
        rubric = _Builder(Reader(source, problems), tree, derived_id(source), digest).build()
    if problems or rubric is None:
        raise RubricError(problems)
    return rubric


class _Builder:
    def __init__(self, reader: Reader, tree: Tree, stem: str, digest: str) -> None:
        self.r = reader
        self.tree = tree
        self.stem = stem
        """The id a rubric without `id` takes (from the file name or source; may be empty)."""
        self.digest = digest
        self.ids: dict[str, tuple[PathKey, ...]] = {}
        """Section and criterion ids, each with where it is first written."""
        self.claimed: list[tuple[tuple[PathKey, ...], str]] = []
        """Every section and criterion id with its place, for ids that differ only by case or width."""
        self.incomplete: set[tuple[PathKey, ...]] = set()
        """Criteria lists with a criterion that could not be read: their sums would mislead."""
        self.broken_scales: set[str] = set()
        """Named scales with a problem already reported: a criterion using one adds nothing to it."""

    def build(self) -> Rubric | None:
        r = self.r
        top = r.mapping((), self.tree, allowed=_TOP_KEYS, required=("title",))
        if top is None:
            return None
        rid = r.ident(("id",), top["id"]) if "id" in top else self.stem or None
        if rid is None and "id" not in top:
            r.error((), "missing key 'id' (the name gives no id to take: nothing of it is in the id alphabet)")
        title = r.text(("title",), top.get("title", "x"))
        subject = r.choice(("subject",), top.get("subject", "vendor"), ("vendor", "staff"))
        locale = r.choice(("locale",), top.get("locale", "zh"), ("zh", "en"))
        total = self.total(top.get("total", "100"))
        decimals = self.decimals(top.get("decimals", "2"))
        rounding = r.choice(("rounding",), top.get("rounding", "total"), ("total", "items"))
        aggregation = self.aggregation(top.get("evaluators", {}))
        metrics = self.metrics(top.get("metrics", {}))
        gates = self.gates(top.get("gates", []))
        named = self.named_scales(top.get("scales", {}))
        sections = self.sections(top, named, total)
        grades = self.grades(top.get("grades", []))
        tie_break = self.tie_break(top.get("tie-break", []))
        r.unique_ids(self.claimed)
        if None in (rid, title, subject, locale, total, decimals, rounding, aggregation, sections):
            return None
        return Rubric(
            id=rid, title=title, subject=subject, locale=locale,  # type: ignore[arg-type]
            total=total, decimals=decimals, aggregation=aggregation,  # type: ignore[arg-type]
            gates=gates, metrics=metrics, sections=sections, grades=grades,  # type: ignore[arg-type]
            tie_break=tie_break, file=r.source, sha256=self.digest,
            description=r.text(("description",), top.get("description", ""), required=False) or "",
            review=self.review(top["review"]) if "review" in top else None,
            rounding=rounding,  # type: ignore[arg-type]
        )

    def total(self, raw: Tree) -> Decimal | None:
        """`total`: a number above 0 and at most MAX_TOTAL."""
        total = self.r.number(("total",), raw, percent_ok=False)
        if total is not None and not 0 < total <= MAX_TOTAL:
            self.r.error(("total",), f"expected a number above 0 and at most {MAX_TOTAL:,f}, got {plain(total)}")
            return None
        return total

    def decimals(self, raw: Tree) -> int | None:
        """`decimals`: a whole number from 0 to MAX_DECIMALS."""
        places = self.r.integer(("decimals",), raw)
        if places is not None and places > MAX_DECIMALS:
            self.r.error(("decimals",), f"expected a whole number from 0 to {MAX_DECIMALS}, got {places}")
            return None
        return places

    def weight(self, path: tuple[PathKey, ...], raw: Tree) -> Decimal | None:
        """A weight: a percent above 0% and at most 100%."""
        value = self.r.percent(path, raw)
        if value is not None and not 0 < value <= ONE:
            self.r.error(path, f"expected a percent above 0% and at most 100%, got {percent_text(value)}")
            return None
        return value

    def review(self, raw: Tree) -> ReviewRule | None:
        spec = self.r.mapping(("review",), raw, allowed={"deviation"})
        if spec is None:
            return None
        deviation = self.r.percent(("review", "deviation"), spec["deviation"]) if "deviation" in spec else None
        return ReviewRule(deviation)

    # -- evaluators, metrics, gates -------------------------------------------------

    def aggregation(self, raw: Tree) -> Aggregation | None:
        r, path = self.r, ("evaluators",)
        spec = r.mapping(path, raw, allowed=_EVALUATOR_KEYS)
        if spec is None:
            return None
        method = r.choice((*path, "method"), spec.get("method", "mean"), _METHODS)
        trim = r.integer((*path, "trim"), spec.get("trim", "1"), minimum=1)
        roles: dict[str, Decimal] = {}
        raw_roles = r.mapping((*path, "roles"), spec.get("roles", {}))
        r.unique_ids([((*path, "roles", role), role) for role in raw_roles or {}])
        for role, weight in (raw_roles or {}).items():
            value = self.weight((*path, "roles", role), weight)
            if value is not None:
                roles[role] = value
        if method == "weighted":
            if not raw_roles:
                r.error(path, "method 'weighted' needs 'roles' with a weight for each role")
            elif len(roles) == len(raw_roles) and sum(roles.values(), Decimal(0)) != ONE:
                r.error((*path, "roles"), f"role weights must sum to 100%, got {percent_text(sum(roles.values(), Decimal(0)))}")
        elif raw_roles and method is not None:
            r.error((*path, "roles"), f"'roles' only applies to method 'weighted', not '{method}'")
        if method is None or trim is None:
            return None
        return Aggregation(method=method, trim=trim, roles=roles)  # type: ignore[arg-type]

    def expression(self, path: tuple[PathKey, ...], raw: Tree) -> Expression | None:
        text = self.r.text(path, raw)
        if text is None:
            return None
        try:
            return parse(text)
        except ExprSyntaxError as exc:
            if len(text) > MAX_EXPRESSION_CHARS:  # said in full by the error; the text is too long to show
                self.r.error(path, str(exc))
            else:
                self.r.error(path, f"invalid expression at character {exc.offset + 1} of {shown(text)}: {exc}")
            return None

    def metrics(self, raw: Tree) -> dict[str, Expression]:
        spec = self.r.mapping(("metrics",), raw) or {}
        self.r.unique_ids([(("metrics", name), name) for name in spec])
        metrics: dict[str, Expression] = {}
        for name, text in spec.items():
            if not name.isidentifier():
                self.r.error(("metrics", name), "a metric name is letters, digits and '_'")
                continue
            expr = self.expression(("metrics", name), text)
            if expr is not None:
                metrics[name] = expr
        for name, message in reference_problems(metrics):
            self.r.error(("metrics", name), message)
        return metrics

    def gates(self, raw: Tree) -> tuple[Gate, ...]:
        r = self.r
        gates: list[Gate] = []
        seen: set[str] = set()
        ids: list[tuple[tuple[PathKey, ...], str]] = []
        for i, item in enumerate(r.sequence(("gates",), raw) or []):
            path = ("gates", i)
            spec = r.mapping(path, item, allowed=_GATE_KEYS, required=("id", "title"))
            if spec is None:
                continue
            gid = r.ident((*path, "id"), spec.get("id", "x"))
            title = r.text((*path, "title"), spec.get("title", "x"))
            check = self.expression((*path, "check"), spec["check"]) if "check" in spec else None
            if gid in seen:
                r.error((*path, "id"), f"duplicate gate id '{gid}'")
            elif gid is not None:
                ids.append(((*path, "id"), gid))
            if gid and title and ("check" not in spec or check):
                seen.add(gid)
                gates.append(Gate(gid, title, check))
        r.unique_ids(ids)
        return tuple(gates)

    # -- scales -------------------------------------------------------------------

    def named_scales(self, raw: Tree) -> dict[str, tuple[Scale, tuple[PathKey, ...]]]:
        spec = self.r.mapping(("scales",), raw) or {}
        self.r.unique_ids([(("scales", name), name) for name in spec])
        out: dict[str, tuple[Scale, tuple[PathKey, ...]]] = {}
        for name, body in spec.items():
            scale = scales.parse_scale(self.r, ("scales", name), body)
            if scale is not None:
                out[name] = (scale, ("scales", name))
            else:
                self.broken_scales.add(name)
        return out

    # -- sections and criteria ----------------------------------------------------

    def sections(
        self, top: Mapping[str, Tree], named: Mapping[str, Any], total: Decimal | None
    ) -> tuple[Section, ...] | None:
        r = self.r
        if ("sections" in top) == ("criteria" in top):
            r.error((), "expected either 'sections' or a top-level 'criteria' list, not both" if "sections" in top
                    else "missing 'sections' (or a top-level 'criteria' list)")
            return None
        if "criteria" in top:
            groups: list[_Group] | None = [_Group("", "", None, ("criteria",), top["criteria"], False)]
        else:
            groups = self.section_groups(top["sections"])
        if not groups:
            return None
        parsed = [(g, self.criteria_specs(g.path, g.raw)) for g in groups]
        if any(specs is None for _, specs in parsed):
            return None
        weighted = groups[0].has_weight
        built = self.weigh(parsed, named, total, weighted=weighted)  # type: ignore[arg-type]
        return None if built is None else tuple(replace(s, description=g.note) for s, g in zip(built, groups, strict=True))

    def section_groups(self, raw: Tree) -> list[_Group] | None:
        """The sections with their ids, titles and weights; their criteria are read later."""
        r = self.r
        groups: list[_Group] = []
        for i, item in enumerate(r.sequence(("sections",), raw) or []):
            path: tuple[PathKey, ...] = ("sections", i)
            spec = r.mapping(path, item, allowed=_SECTION_KEYS, required=("id", "title", "criteria"))
            if spec is None:
                continue
            sid = r.ident((*path, "id"), spec.get("id", "x"))
            self.claim(sid, (*path, "id"))
            title = r.text((*path, "title"), spec.get("title", "x"))
            weight = self.weight((*path, "weight"), spec["weight"]) if "weight" in spec else None
            # shown in reports; no part in the scoring
            note = r.text((*path, "description"), spec["description"], required=False) if "description" in spec else ""
            groups.append(_Group(sid or "", title or "", weight, (*path, "criteria"), spec.get("criteria", []),
                                 "weight" in spec, note or ""))
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

    def weigh(
        self, parsed: list[tuple[_Group, list[_Spec]]], named: Mapping[str, Any], total: Decimal | None,
        *, weighted: bool,
    ) -> list[Section] | None:
        """Give each section and criterion its share of `total`; never rescaled to fit."""
        scale_total = total if total is not None else Decimal(100)  # an invalid total is reported already
        if weighted:
            out = []
            for group, specs in parsed:
                ok = self.check_sizes(specs, f"of section '{group.id}'", group.path, None)
                share = (group.weight or Decimal(0)) * scale_total
                pool = sum((spec.size for spec in specs), Decimal(0)) or ONE
                out.append(self.section(group, share, [(s, s.size / pool * share) for s in specs] if ok else [], named))
            return out
        # No section weights: every criterion's weight or points is a share of the whole rubric,
        # so points must add up to `total` and weights to 100%.
        pooled = [spec for _, specs in parsed for spec in specs]
        if any(group.path in self.incomplete for group, _ in parsed):
            self.incomplete.update(spec.path[:-1] for spec in pooled)  # a sum over all lists misleads too
        flat = parsed[0][0].id == "" and len(parsed) == 1
        at: tuple[PathKey, ...] = ("criteria",) if flat else ("sections",)
        if not self.check_sizes(pooled, "of the rubric" if flat else "of sections without weights", at, total):
            return None
        out = []
        for group, specs in parsed:
            shares = [(s, s.size if s.points_style else s.size * scale_total) for s in specs]
            out.append(self.section(group, sum((c for _, c in shares), Decimal(0)), shares, named))
        return out

    def criteria_specs(self, path: tuple[PathKey, ...], raw: Tree) -> list[_Spec] | None:
        r = self.r
        items = r.sequence(path, raw)
        if items is None:
            return None
        if not items:
            r.error(path, "expected at least one criterion")
            return None
        specs = []
        for i, item in enumerate(items):
            cpath = (*path, i)
            spec = r.mapping(cpath, item, allowed=_CRITERION_KEYS, required=("id", "title", "scale"))
            if spec is None:
                self.incomplete.add(path)
                continue
            cid = r.ident((*cpath, "id"), spec.get("id", "x"))
            self.claim(cid, (*cpath, "id"))
            size = self.size(cpath, spec)
            if cid is None or size is None:
                self.incomplete.add(path)
                continue
            specs.append(_Spec(cid, cpath, spec, "points" in spec, size))
        return specs

    def size(self, path: tuple[PathKey, ...], spec: Mapping[str, Tree]) -> Decimal | None:
        """A criterion's `weight` (a percent in (0%, 100%]) or `points` (a positive number)."""
        if ("weight" in spec) == ("points" in spec):
            self.r.error(path, "expected either 'weight' or 'points', not both" if "weight" in spec
                         else "missing 'weight' (a percent) or 'points' (a maximum)")
            return None
        if "weight" in spec:
            return self.weight((*path, "weight"), spec["weight"])
        size = self.r.number((*path, "points"), spec["points"], percent_ok=False)
        if size is not None and size <= 0:
            self.r.error((*path, "points"), f"expected a number above 0, got {plain(size)}")
            return None
        return size

    def check_sizes(
        self, specs: Sequence[_Spec], where: str, at: tuple[PathKey, ...], total: Decimal | None
    ) -> bool:
        """Whether sibling criteria share one style; report weights not summing to 100%, and
        (given the rubric's `total`) points not summing to it. Sums count only when every size was read."""
        styles = {s.points_style for s in specs}
        if len(styles) > 1:
            first = specs[0]
            for s in specs[1:]:
                if s.points_style != first.points_style:
                    self.r.error(
                        s.path,
                        f"criteria {where} must all use 'weight' or all use 'points'; "
                        f"'{s.id}' uses {'points' if s.points_style else 'weight'} but "
                        f"'{first.id}' uses {'points' if first.points_style else 'weight'}",
                    )
            return False
        if not specs or any(spec.path[:-1] in self.incomplete for spec in specs):
            return True
        found = sum((s.size for s in specs), Decimal(0))
        whole = "" if at[-1] == "criteria" else " of all sections"
        if styles == {False} and found != ONE:
            self.r.error(at, f"criterion weights{whole} must sum to 100%, got {percent_text(found)}")
        elif styles == {True} and total is not None and found != total:
            self.r.error(at, f"criterion points{whole} must sum to 'total' ({plain(total)}), got {plain(found)}: "
                             "without section weights points are shares of the whole rubric")
        return True

    def section(
        self, group: _Group, share: Decimal, shares: list[tuple[_Spec, Decimal]], named: Mapping[str, Any]
    ) -> Section:
        """A section of the given criteria; their shares only decide the maxima checked here."""
        criteria = []
        for spec, cshare in shares:
            maximum = spec.size if spec.points_style else cshare
            criterion = self.criterion(spec, maximum, named)
            if criterion is not None:
                criteria.append(criterion)
        return Section(group.id, group.title, tuple(criteria), group.weight)

    def criterion(
        self, spec: _Spec, maximum: Decimal, named: Mapping[str, Any]
    ) -> Criterion | None:
        r, raw, path = self.r, spec.raw, spec.path
        title = r.text((*path, "title"), raw.get("title", "x"))
        scale_raw = raw.get("scale", "")
        if isinstance(scale_raw, str):
            if scale_raw not in named:
                if scale_raw not in self.broken_scales:
                    r.error((*path, "scale"), unknown("scale", scale_raw, named.keys() | self.broken_scales))
                return None
            scale = named[scale_raw][0]
        else:
            scale = scales.parse_scale(r, (*path, "scale"), scale_raw)
            if scale is None:
                return None
        for message in fit_problems(scale, spec.points_style, maximum):
            r.error((*path, "scale"), message)
        value = r.ident((*path, "value"), raw["value"]) if "value" in raw else None
        extras: dict[str, Any] = {k: r.text((*path, k), raw[k], required=False) or "" for k in
                                  ("description", "source", "evaluator", "category") if k in raw}
        for key in ("objective", "price"):  # yes/no values: true/false, yes/no, 是/否
            if key in raw:
                extras[key] = r.yes_no((*path, key), raw[key])
        if title is None:
            return None
        return Criterion(
            id=spec.id, title=title, scale=scale, maximum=maximum,
            weight=None if spec.points_style else spec.size, points=spec.size if spec.points_style else None,
            value=value, **extras,
        )

    def claim(self, ident: str | None, path: tuple[PathKey, ...]) -> None:
        if ident is None:
            return
        self.claimed.append((path, ident))
        if ident in self.ids:
            self.r.error(path, f"duplicate id '{ident}' (first used at {format_path(self.ids[ident])})")
        else:
            self.ids[ident] = path

    # -- grades and tie-break -------------------------------------------------------

    def grades(self, raw: Tree) -> tuple[Grade, ...]:
        r = self.r
        grades: list[Grade] = []
        for i, item in enumerate(r.sequence(("grades",), raw) or []):
            spec = r.mapping(("grades", i), item, allowed={"min", "label"}, required=("min", "label"))
            if spec is None:
                continue
            low = r.number(("grades", i, "min"), spec.get("min", "0"), percent_ok=False)
            label = r.text(("grades", i, "label"), spec.get("label", "x"))
            if low is None or label is None:
                continue
            if grades and low >= grades[-1].min:
                r.error(("grades", i, "min"), f"grades must be listed from the highest min down; "
                        f"{low} follows {grades[-1].min}")
            grades.append(Grade(low, label))
        return tuple(grades)

    def tie_break(self, raw: Tree) -> tuple[str, ...]:
        r = self.r
        out = []
        for i, item in enumerate(r.sequence(("tie-break",), raw) or []):
            ident = r.ident(("tie-break", i), item)
            if ident is None:
                continue
            if ident not in self.ids:
                r.error(("tie-break", i), unknown("section or criterion", ident, self.ids))
                continue
            out.append(ident)
        return tuple(out)


class _Spec:
    """A criterion's raw mapping with its id, place, style and size, before its share is known."""

    __slots__ = ("id", "path", "raw", "points_style", "size")

    def __init__(self, cid: str, path: tuple[PathKey, ...], raw: dict[str, Tree], points_style: bool, size: Decimal) -> None:
        self.id, self.path, self.raw, self.points_style, self.size = cid, path, raw, points_style, size


class _Group(NamedTuple):
    """A section (or the flat sheet's one list) before its criteria are read."""

    id: str
    title: str
    weight: Decimal | None
    """Its weight, when written and valid."""
    path: tuple[PathKey, ...]
    """Where its criteria list stands."""
    raw: Tree
    has_weight: bool
    """Whether it carries a `weight` key (valid or not)."""
    note: str = ""
    """Its description."""
