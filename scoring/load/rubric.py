"""Read a rubric, from a YAML file or from plain data, into a validated `Rubric`, reporting
every problem at once. Nothing here imports YAML until a file is loaded."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from scoring.load import keys, parts
from scoring.load.build import Build
from scoring.load.fields import Reader
from scoring.load.keys import RUBRIC
from scoring.load.places import PlainTree as Tree
from scoring.load.places import data_sha256, derived_id, file_sha256, located_as_read, plain_tree
from scoring.load.sections import sections
from scoring.model.choices import LOCALES, PROFILES, ROUNDINGS, SUBJECTS
from scoring.model.errors import Problem, RubricError
from scoring.model.expr import exact
from scoring.model.rubric import Rubric

if TYPE_CHECKING:
    from pathlib import Path


def load_rubric(file: str | Path) -> Rubric:
    """Read and validate a rubric file: `parse_rubric` of its text tree, its problems located
    at `FILE:LINE:COLUMN`, its places recorded (below 1 MiB) for problems found later.

    Raises `RubricError` carrying every problem found.
    """
    from scoring.load.yamlfile import YamlSyntaxError, load_yaml

    try:
        doc = load_yaml(file, places=True)
    except YamlSyntaxError as exc:
        raise RubricError([exc.problem]) from None
    name, source, tree, places = doc.name, doc.source, cast(Tree, doc.data), doc.places  # a YAML tree is a plain tree
    del doc
    try:
        rubric = _parse(tree, name, file_sha256(source), [])
    except RubricError as exc:
        raise RubricError(located_as_read(exc.problems, source, name, places)) from None
    return replace(rubric, places=places or ())  # None only at PLACES_BYTES and above: no places kept


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
        rubric = _build(Build(Reader(source, problems)), tree, derived_id(source), digest)
    if problems or rubric is None:
        raise RubricError(problems)
    return rubric


def _build(b: Build, tree: Tree, stem: str, digest: str) -> Rubric | None:
    """The rubric `tree` describes, or None after recording its problems.

    `stem` is the id a rubric without `id` takes (from the file name or source; may be empty).
    """
    r = b.r
    top = keys.mapping(r, (), tree, RUBRIC)
    if top is None:
        return None
    rid = keys.text_value(r, (), top, RUBRIC, "id") if "id" in top else stem or None
    if rid is None and "id" not in top:
        r.error((), "missing key 'id' (the name gives no id to take: nothing of it is in the id alphabet)")
    title = keys.text_value(r, (), top, RUBRIC, "title", absent="x")
    subject = keys.choice_value(r, (), top, RUBRIC, "subject", SUBJECTS)
    locale = keys.choice_value(r, (), top, RUBRIC, "locale", LOCALES)
    total = parts.total(r, top)
    decimals = parts.decimals(r, top)
    rounding = keys.choice_value(r, (), top, RUBRIC, "rounding", ROUNDINGS)
    aggregation = parts.aggregation(r, top.get("evaluators", {}))
    metrics, metric_info = parts.metrics(r, top)
    gates = parts.gates(r, top.get("gates", []))
    named = parts.named_scales(b, top.get("scales", {}))
    built = sections(b, top, named, total)
    grades = parts.grades(r, top.get("grades", []))
    quota_groups, quota_min_group = parts.quotas(r, top)
    tie_break = parts.tie_break(b, top.get("tie-break", []))
    currency, facts = parts.currency(r, top), parts.facts(r, top)
    profile = keys.choice_value(r, (), top, RUBRIC, "profile", PROFILES)
    by_id = {c.id: c for s in built or () for c in s.criteria}
    adjustments = parts.adjustments(r, top.get("adjustments", []), by_id)
    r.unique_ids(b.claimed)
    if (rid is None or title is None or subject is None or locale is None or total is None or decimals is None
            or rounding is None or aggregation is None or built is None):
        return None
    return Rubric(
        id=rid, title=title, subject=subject, locale=locale,
        total=total, decimals=decimals, aggregation=aggregation,
        gates=gates, metrics=metrics, sections=built, grades=grades,
        tie_break=tie_break, file=r.source, sha256=digest,
        description=keys.text_value(r, (), top, RUBRIC, "description") or "",
        review=parts.review(r, top["review"]) if "review" in top else None,
        pairwise=b.pairwise,
        rounding=rounding,
        currency=currency, facts=facts, metric_info=metric_info,
        quota_groups=quota_groups, quota_min_group=quota_min_group or 5,
        profile=profile or "none", adjustments=adjustments,
    )

