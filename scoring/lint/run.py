"""Run every rule of a profile and place each finding in its file (procurement.md §5)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from scoring.lint import policy_rules, price_rules, text_rules
from scoring.lint.context import Context
from scoring.lint.findings import Finding, Located, Profile
from scoring.model.errors import PathKey, Place
from scoring.model.inputs import Input
from scoring.model.rubric import Rubric

Rule = Callable[[Context], list[Finding]]
RULES: tuple[Rule, ...] = (
    price_rules.cn01, price_rules.cn03, policy_rules.cn06, policy_rules.cn08, text_rules.keyword_rules,
    text_rules.cn12, text_rules.cn13, policy_rules.cn14, price_rules.cn15, policy_rules.cn21,
    policy_rules.cn22, price_rules.cn23, price_rules.cn24,
)
"""Every rule; each returns nothing under a profile it does not apply to."""


def lint(rubric: Rubric, data: Input | None = None, *, profile: Profile | None = None,
         lang: Literal["zh", "en"] | None = None) -> tuple[Profile, tuple[Located, ...]]:
    """The profile used (`profile`, else the rubric's) and its findings, sorted by file, line,
    column and code. Under `none` there are none."""
    chosen: Profile = profile or rubric.profile
    ctx = Context(rubric, data, chosen, lang or rubric.locale)
    if chosen == "none":
        return chosen, ()
    found = [finding for rule in RULES for finding in rule(ctx)]
    located = [_place(f, rubric, data) for f in found]
    return chosen, tuple(sorted(located, key=lambda x: (x.file, x.line, x.column, x.finding.code)))


def _place(finding: Finding, rubric: Rubric, data: Input | None) -> Located:
    """Where the value at the finding's path starts: a collection at its first entry."""
    if finding.in_input and data is not None:
        places, file = data.places, data.files[0] if data.files else ""
    else:
        places, file = rubric.places, rubric.file
    place = _value_place(places, finding.path)
    if place is None:
        return Located(finding, file, 0, 0)
    return Located(finding, place[1], place[2], place[3])


def _value_place(places: Sequence[Place], path: tuple[PathKey, ...]) -> Place | None:
    """The place of the longest recorded prefix of `path`; a collection's value starts at its
    first entry (the top level at its first key)."""
    table = {p[0]: p for p in places}
    for end in range(len(path), -1, -1):
        prefix = path[:end]
        if prefix not in table:
            continue
        if not prefix:
            return table[prefix]
        children = [p for p in places if len(p[0]) == end + 1 and p[0][:end] == prefix]
        return min(children, key=lambda p: (p[2], p[3])) if children else table[prefix]
    return None
