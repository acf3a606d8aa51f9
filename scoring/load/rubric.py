"""Load a rubric file into a validated `Rubric`, reporting every problem at once."""

from __future__ import annotations

import decimal
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.load import scales
from scoring.load.fields import Reader
from scoring.load.yamlfile import Tree, YamlSyntaxError, format_path, load_yaml
from scoring.model.errors import PathKey, Problem, RubricError, unknown
from scoring.model.expr import Expression, ExprSyntaxError, exact, parse
from scoring.model.numbers import percent_text
from scoring.model.rubric import Aggregation, Criterion, Gate, Grade, ReviewRule, Rubric, Scale, Section

_TOP_KEYS = {
    "id", "title", "subject", "locale", "total", "decimals", "description",
    "evaluators", "gates", "metrics", "scales", "sections", "criteria", "grades", "tie-break", "review",
}
_SECTION_KEYS = {"id", "title", "weight", "criteria", "description"}
_BOOLEANS = ("true", "false", "yes", "no")
_CRITERION_KEYS = {
    "id", "title", "weight", "points", "scale", "value", "description",
    "source", "evaluator", "category", "objective",
}
_EVALUATOR_KEYS = {"method", "trim", "roles"}
_GATE_KEYS = {"id", "title", "check"}
_METHODS = ("mean", "median", "trimmed-mean", "weighted")
ONE = Decimal(1)


def load_rubric(file: str | Path) -> Rubric:
    """Read and validate a rubric file.

    Raises `RubricError` carrying every problem found, each located in the file.
    """
    try:
        doc = load_yaml(file)
    except YamlSyntaxError as exc:
        raise RubricError([exc.problem]) from None
    problems: list[Problem] = []
    with decimal.localcontext(exact()):  # shares such as 3/9 of 100 are computed here
        rubric = _Builder(Reader(doc, problems), Path(file).stem).build()
    if problems or rubric is None:
        raise RubricError(problems)
    return rubric


class _Builder:
    def __init__(self, reader: Reader, stem: str) -> None:
        self.r = reader
        self.stem = stem
        self.ids: dict[str, tuple[PathKey, ...]] = {}

    def build(self) -> Rubric | None:
        r = self.r
        top = r.mapping((), r.doc.data, allowed=_TOP_KEYS, required=("title",))
        if top is None:
            return None
        rid = r.ident(("id",), top["id"]) if "id" in top else self.stem
        title = r.text(("title",), top.get("title", "x"))
        subject = r.choice(("subject",), top.get("subject", "vendor"), ("vendor", "staff"))
        locale = r.choice(("locale",), top.get("locale", "zh"), ("zh", "en"))
        total = r.number(("total",), top.get("total", "100"), percent_ok=False)
        if total is not None and total <= 0:
            r.error(("total",), f"expected a positive number, got {total}")
        decimals = r.integer(("decimals",), top.get("decimals", "2"))
        aggregation = self.aggregation(top.get("evaluators", {}))
        metrics = self.metrics(top.get("metrics", {}))
        gates = self.gates(top.get("gates", []))
        named = self.named_scales(top.get("scales", {}))
        sections = self.sections(top, named, total if total and total > 0 else Decimal(100))
        grades = self.grades(top.get("grades", []))
        tie_break = self.tie_break(top.get("tie-break", []))
        if None in (rid, title, subject, locale, total, decimals, aggregation, sections):
            return None
        return Rubric(
            id=rid, title=title, subject=subject, locale=locale,  # type: ignore[arg-type]
            total=total, decimals=decimals, aggregation=aggregation,  # type: ignore[arg-type]
            gates=gates, metrics=metrics, sections=sections, grades=grades,  # type: ignore[arg-type]
            tie_break=tie_break, file=r.doc.name,
            sha256=hashlib.sha256(r.doc.source).hexdigest(), document=r.doc,
            description=r.text(("description",), top.get("description", ""), required=False) or "",
            review=self.review(top["review"]) if "review" in top else None,
        )

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
        for role, weight in (raw_roles or {}).items():
            value = r.percent((*path, "roles", role), weight)
            if value is not None:
                roles[role] = value
        if method == "weighted":
            if not raw_roles:
                r.error(path, "method 'weighted' needs 'roles' with a weight for each role")
            elif len(roles) == len(raw_roles) and sum(roles.values(), Decimal(0)) != ONE:
                r.error((*path, "roles"), f"role weights must sum to 100%, got {percent_text(sum(roles.values(), Decimal(0)))}")
        elif raw_roles and method is not None:
            r.error((*path, "roles"), f"'roles' only applies to method 'weighted', not '{method}'", key=True)
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
            self.r.error(path, f"invalid expression at character {exc.offset + 1} of {text!r}: {exc}")
            return None

    def metrics(self, raw: Tree) -> dict[str, Expression]:
        spec = self.r.mapping(("metrics",), raw) or {}
        metrics: dict[str, Expression] = {}
        for name, text in spec.items():
            if not name.isidentifier():
                self.r.error(("metrics", name), "a metric name is letters, digits and '_'", key=True)
                continue
            expr = self.expression(("metrics", name), text)
            if expr is not None:
                metrics[name] = expr
        for name in _cycle(metrics):
            self.r.error(("metrics", name), f"metric '{name}' depends on itself")
        return metrics

    def gates(self, raw: Tree) -> tuple[Gate, ...]:
        r = self.r
        gates: list[Gate] = []
        seen: set[str] = set()
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
            if gid and title and ("check" not in spec or check):
                seen.add(gid)
                gates.append(Gate(gid, title, check))
        return tuple(gates)

    # -- scales -------------------------------------------------------------------

    def named_scales(self, raw: Tree) -> dict[str, tuple[Scale, tuple[PathKey, ...]]]:
        spec = self.r.mapping(("scales",), raw) or {}
        out: dict[str, tuple[Scale, tuple[PathKey, ...]]] = {}
        for name, body in spec.items():
            scale = scales.parse_scale(self.r, ("scales", name), body)
            if scale is not None:
                out[name] = (scale, ("scales", name))
        return out

    # -- sections and criteria ----------------------------------------------------

    def sections(
        self, top: Mapping[str, Tree], named: Mapping[str, Any], total: Decimal
    ) -> tuple[Section, ...] | None:
        r = self.r
        if ("sections" in top) == ("criteria" in top):
            r.error((), "expected either 'sections' or a top-level 'criteria' list, not both" if "sections" in top
                    else "missing 'sections' (or a top-level 'criteria' list)")
            return None
        notes: dict[str, str] = {}
        groups: list[tuple[str, str, Decimal | None, tuple[PathKey, ...], Tree]] = []
        if "criteria" in top:
            groups.append(("", "", None, ("criteria",), top["criteria"]))
        else:
            for i, item in enumerate(r.sequence(("sections",), top["sections"]) or []):
                path: tuple[PathKey, ...] = ("sections", i)
                spec = r.mapping(path, item, allowed=_SECTION_KEYS, required=("id", "title", "criteria"))
                if spec is None:
                    continue
                sid = r.ident((*path, "id"), spec.get("id", "x"))
                self.claim(sid, (*path, "id"))
                title = r.text((*path, "title"), spec.get("title", "x"))
                weight = r.percent((*path, "weight"), spec["weight"]) if "weight" in spec else None
                groups.append((sid or "", title or "", weight, (*path, "criteria"), spec.get("criteria", [])))
                if "description" in spec:  # shown in reports; no part in the scoring
                    notes[sid or ""] = r.text((*path, "description"), spec["description"], required=False) or ""
            if not groups:
                r.error(("sections",), "expected at least one section")
                return None
        weighted = [g for g in groups if g[2] is not None]
        if weighted and len(weighted) != len(groups):
            r.error(("sections",), "either every section has a 'weight' or none does")
            return None
        if weighted:
            total_weight = sum((g[2] for g in groups if g[2] is not None), Decimal(0))
            if total_weight != ONE:
                r.error(("sections",), f"section weights must sum to 100%, got {percent_text(total_weight)}")
        parsed = [
            (sid, title, weight, path, self.criteria_specs(path, raw)) for sid, title, weight, path, raw in groups
        ]
        if any(specs is None for *_, specs in parsed):
            return None
        built = self.weigh(top, parsed, named, total, weighted=bool(weighted))
        if built is None or "sections" not in top:
            return built
        return tuple(replace(s, description=notes.get(s.id, "")) for s in built)

    def weigh(
        self, top: Mapping[str, Tree], parsed: list[Any], named: Mapping[str, Any], total: Decimal, *, weighted: bool
    ) -> tuple[Section, ...] | None:
        """Give each section and criterion its share of `total`."""
        if weighted:
            return tuple(
                self.section(sid, title, weight, weight * total, specs, named)  # type: ignore[arg-type]
                for sid, title, weight, path, specs in parsed
            )
        # No section weights: every criterion's weight or points is a share of the whole rubric.
        pooled = [spec for *_, specs in parsed for spec in specs]  # type: ignore[union-attr]
        if not self.same_style(pooled, "of the rubric" if "criteria" in top else "of sections without weights"):
            return None
        pool = _pool(pooled)
        out = []
        for sid, title, _, _, specs in parsed:
            share = sum((s.size / pool * total for s in specs), Decimal(0))  # type: ignore[union-attr]
            out.append(self.section(sid, title, None, share, specs, named, pool=pool, total=total))  # type: ignore[arg-type]
        return tuple(out)

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
                continue
            cid = r.ident((*cpath, "id"), spec.get("id", "x"))
            self.claim(cid, (*cpath, "id"))
            if ("weight" in spec) == ("points" in spec):
                r.error(cpath, "expected either 'weight' or 'points', not both" if "weight" in spec
                        else "missing 'weight' (a percent) or 'points' (a maximum)")
                continue
            if "weight" in spec:
                size = r.percent((*cpath, "weight"), spec["weight"])
            else:
                size = r.number((*cpath, "points"), spec["points"], percent_ok=False)
                if size is not None and size <= 0:
                    r.error((*cpath, "points"), f"expected a positive number, got {size}")
                    size = None
            if cid is None or size is None:
                continue
            specs.append(_Spec(cid, cpath, spec, "points" in spec, size))
        return specs

    def same_style(self, specs: Sequence[_Spec], where: str) -> bool:
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
        if styles == {False} and specs:
            total = sum((s.size for s in specs), Decimal(0))
            if total != ONE:
                parent = specs[0].path[:-1]
                self.r.error(parent, f"criterion weights must sum to 100%, got {percent_text(total)}")
        return True

    def section(
        self,
        sid: str,
        title: str,
        weight: Decimal | None,
        share: Decimal,
        specs: list[_Spec],
        named: Mapping[str, Any],
        *,
        pool: Decimal | None = None,
        total: Decimal | None = None,
    ) -> Section:
        if pool is None and not self.same_style(specs, f"of section '{sid}'"):
            specs = []
        own_pool = _pool(specs) if specs else ONE
        criteria = []
        for spec in specs:
            if pool is not None:  # pooled over the rubric
                cshare = spec.size / pool * total  # type: ignore[operator]
            else:
                cshare = spec.size / own_pool * share
            maximum = spec.size if spec.points_style else cshare
            criterion = self.criterion(spec, maximum, cshare, named)
            if criterion is not None:
                criteria.append(criterion)
        return Section(sid, title, tuple(criteria), share, weight)

    def criterion(
        self, spec: _Spec, maximum: Decimal, share: Decimal, named: Mapping[str, Any]
    ) -> Criterion | None:
        r, raw, path = self.r, spec.raw, spec.path
        title = r.text((*path, "title"), raw.get("title", "x"))
        scale_raw = raw.get("scale", "")
        if isinstance(scale_raw, str):
            if scale_raw not in named:
                r.error((*path, "scale"), unknown("scale", scale_raw, named))
                return None
            scale = named[scale_raw][0]
        else:
            scale = scales.parse_scale(r, (*path, "scale"), scale_raw)
            if scale is None:
                return None
        for message in scales.check_fit(scale, spec.points_style, maximum):
            r.error((*path, "scale"), message)
        value = r.ident((*path, "value"), raw["value"]) if "value" in raw else None
        extras: dict[str, Any] = {k: r.text((*path, k), raw[k], required=False) or "" for k in
                                  ("description", "source", "evaluator", "category") if k in raw}
        if "objective" in raw:
            extras["objective"] = r.choice((*path, "objective"), raw["objective"], _BOOLEANS) in ("true", "yes")
        if title is None:
            return None
        return Criterion(
            id=spec.id, title=title, scale=scale, maximum=maximum, share=share,
            points_style=spec.points_style, weight=None if spec.points_style else spec.size,
            value=value, path=path, **extras,
        )

    def claim(self, ident: str | None, path: tuple[PathKey, ...]) -> None:
        if ident is None:
            return
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


def _pool(specs: Sequence[_Spec]) -> Decimal:
    return sum((s.size for s in specs), Decimal(0)) or ONE


def _cycle(metrics: Mapping[str, Expression]) -> list[str]:
    """Names of metrics that depend, directly or not, on themselves."""
    looping = []
    for start in metrics:
        stack, seen = list(metrics[start].names & metrics.keys()), set()
        while stack:
            name = stack.pop()
            if name == start:
                looping.append(start)
                break
            if name not in seen:
                seen.add(name)
                stack.extend(metrics[name].names & metrics.keys())
    return looping

