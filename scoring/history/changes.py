"""What changed between two stored rubric texts, as the one-line summary `trend` shows
(history.md, "When the rubric changed").

The summary is built from the same comparison `scoring diff` prints in full: tooling's views
and change kinds (`scoring.tooling.diffkinds`), each kind mapped onto a part of history.md's
table and its tag deciding whether the periods still score alike. Tooling sits below history:
this module imports it, never the other way round. Two texts that both validate are compared
as rubrics; when either no longer validates, both are compared as raw YAML trees by the same
matching by id; when even that fails the summary is `not comparable`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scoring.tooling.diff import tag
from scoring.tooling.diff_view import View
from scoring.tooling.diffkinds import compare_views

NOT_COMPARABLE = "not comparable"
SAME_MEANING = "formatting or comments only"

_FIXED = {"total": "total", "decimals": "decimals", "rounding": "rounding", "evaluators": "evaluators",
          "gate": "gates", "metric": "metrics", "adjustment": "adjustments", "grades": "grade thresholds",
          "quotas": "quotas", "tie-break": "tie-break", "subject": "subject", "locale": "locale",
          "currency": "currency", "profile": "profile"}
"""Kinds whose part is a fixed phrase without ids."""

_ORDER = ("total", "decimals", "rounding", "evaluators", "gates", "metrics", "adjustments",
          "sections added:", "sections removed:", "criteria added:", "criteria removed:", "criteria moved:",
          "weights of", "pairwise of", "scales of", "values of", "units of", "grade thresholds", "quotas",
          "tie-break", "renamed", "price flags of", "subject", "locale", "currency", "profile", "wording of")
"""The parts in the order of history.md's table."""


@dataclass(frozen=True)
class Change:
    """The summary of a rubric change, and whether totals across it still score alike."""

    summary: str
    comparable: bool


def compare(older: str, newer: str) -> Change:
    """The change from the rubric text `older` to `newer` (texts that differ)."""
    views = _views(older, newer)
    if views is None:
        return Change(NOT_COMPARABLE, False)
    changes = compare_views(*views)
    parts = summarise(changes)
    return Change("; ".join(parts) if parts else SAME_MEANING,
                  all(tag(c) != "changes totals" for c in changes))


def summarise(changes: Iterable[dict[str, Any]]) -> list[str]:
    """History.md's parts for tooling's changes: fixed phrases, and phrases with ids in the order
    the changes name them (NEW's order), each id once."""
    found: dict[str, list[str]] = {}
    for c in changes:
        for part, ids in _part(c):
            seen = found.setdefault(part, [])
            seen += [i for i in ids if i not in seen]
    return [part if part in _FIXED.values() else f"{part} {', '.join(found[part])}"
            for part in _ORDER if part in found]


def _part(c: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The part of the summary one change belongs to, with the ids it adds."""
    kind, target, ident = c["kind"], c["target"], c["id"]
    if kind in ("added", "removed"):
        if target in ("gate", "metric", "adjustment"):
            return [(_FIXED[target], [])]
        if target in ("section", "criterion"):
            return [(f"{'sections' if target == 'section' else 'criteria'} {kind}:", [ident])]
        return [("wording of", [ident])]  # a named scale or a fact's declaration
    if kind in _FIXED:
        return [(_FIXED[kind], [])]
    if kind == "scale" and target == "scale":
        # The criteria using it changed; a scale no criterion uses is named itself.
        return [("scales of", list(c.get("criteria") or []) or [ident])]
    words = {"moved": "criteria moved:", "weight": "weights of", "pairwise": "pairwise of", "scale": "scales of",
             "value": "values of", "unit": "units of", "renamed": "renamed", "price": "price flags of",
             "wording": "wording of"}
    return [(words[kind], ["rubric" if kind == "pairwise" and target == "rubric" else ident])]


def _views(older: str, newer: str) -> tuple[View, View] | None:
    """Both texts' views: as rubrics when both validate, else as raw trees; None when even that fails."""
    from scoring.load.rubric import parse_rubric
    from scoring.load.yamlfile import YamlSyntaxError, parse_yaml
    from scoring.model.errors import RubricError
    from scoring.tooling.diff_tree import tree_view
    from scoring.tooling.diff_view import model_view

    try:
        old_tree, new_tree = (parse_yaml(text.encode("utf-8"), "<stored rubric>").data for text in (older, newer))
    except YamlSyntaxError:
        return None
    validated = None
    if isinstance(old_tree, dict) and isinstance(new_tree, dict):
        try:
            validated = ((parse_rubric(old_tree, "<stored rubric>"), old_tree),
                         (parse_rubric(new_tree, "<stored rubric>"), new_tree))
        except RubricError:
            validated = None
    try:
        if validated is not None:
            return model_view(*validated[0]), model_view(*validated[1])
        return tree_view(old_tree), tree_view(new_tree)
    except (TypeError, AttributeError, KeyError, ValueError):  # a shape no rubric has
        return None
