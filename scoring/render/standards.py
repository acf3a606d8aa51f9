"""The 评分标准 of a committee report (documents.md §3.1 item 8): every criterion once, in full.

A levels scale shared by several criteria is listed once, by a letter, and the criteria refer to it.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.model.expr import round_half_up
from scoring.model.rubric import (
    BandsScale,
    Criterion,
    DirectScale,
    LevelsScale,
    LinearScale,
    RankScale,
    RatioScale,
    Scale,
)
from scoring.render.context import Context
from scoring.render.figures import exact, percent
from scoring.render.views import StandardsView, StandardView

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def standards(ctx: Context) -> StandardsView:
    """Each section's criteria in rubric order, numbered through, and each levels scale once."""
    rubric = ctx.evaluation.rubric
    shared: list[LevelsScale] = []
    sections = []
    number = 0
    for s in rubric.sections:
        rows = []
        for crit in s.criteria:
            number += 1
            rows.append(_standard(ctx, crit, number, shared))
        weight = rubric.section_weight(s) if rubric.weighted_sections else None
        heading = f"{s.title} · {ctx.word('weight')} {percent(weight)}" if weight is not None else s.title
        if s.pairwise or (rubric.pairwise and not rubric.flat):
            heading += _derived(ctx, s.id if s.pairwise else None, own=bool(s.pairwise))
        sections.append((heading, tuple(rows)))
    scales = tuple(
        (_LETTERS[i % len(_LETTERS)],
         tuple((lv.label or lv.key, str(lv.points), lv.description) for lv in scale.levels.values()))
        for i, scale in enumerate(shared)
    )
    return StandardsView(tuple(sections), scales)


def _standard(ctx: Context, crit: Criterion, number: int, shared: list[LevelsScale]) -> StandardView:
    """One criterion: its number, words, maximum or weight, and how it is scored."""
    rubric = ctx.evaluation.rubric
    size = exact(crit.points) if crit.points is not None else percent(rubric.weight_of(crit) or Decimal(0))
    if rubric.flat and rubric.pairwise:
        size += _derived(ctx, None, own=True)
    maximum = size if crit.points is not None else f"{size} ({exact(rubric.maximum(crit))})"
    return StandardView(str(number), crit.title, crit.category, crit.description, maximum,
                        _scale_text(ctx, crit.scale, shared))


def _derived(ctx: Context, key: str | None, *, own: bool) -> str:
    """The mark of weights derived from pairwise comparison, with that comparison's CR; `own` when
    the weights are of the children (a section's criteria), else of the sections."""
    found = ctx.evaluation.rubric.derived.get(key)
    cr = "" if found is None else f", CR = {round_half_up(found.cr, 4)}"
    whose = ctx.word("ahp_own") if own and key is not None else ""
    return f" ({whose}{ctx.word('ahp')}{cr})"


def _scale_text(ctx: Context, scale: Scale, shared: list[LevelsScale]) -> str:
    """How a scale turns a score or value into points, in words."""
    if isinstance(scale, LevelsScale):
        if scale not in shared:
            shared.append(scale)
        return ctx.word("scale_see").format(name=_LETTERS[shared.index(scale) % len(_LETTERS)])
    if isinstance(scale, DirectScale):
        return ctx.word("scale_direct").format(max=exact(scale.max))
    if isinstance(scale, BandsScale):
        bands = ctx.word("sep").join(
            f"{_bound(b.min, scale.unit)}–{_bound(b.max, scale.unit)}: {b.points}" + (f" {b.label}" if b.label else "")
            for b in scale.bands)
        return ctx.word("scale_bands").format(bands=bands)
    if isinstance(scale, LinearScale):
        knots = ctx.word("sep").join(f"{_bound(x, scale.unit)} → {p}" for x, p in scale.knots)
        return ctx.word("scale_linear").format(knots=knots)
    if isinstance(scale, RatioScale):
        return ctx.word(f"scale_ratio_{scale.best}")
    if isinstance(scale, RankScale):
        return ctx.word("scale_rank").format(first=scale.first, middle=scale.middle, last=scale.last)
    return ""


def _bound(value: Decimal | None, unit: str | None) -> str:
    """A band's bound or a knot's value, written as the rubric writes it; nothing when open."""
    if value is None:
        return ""
    return percent(value) if unit == "percent" else exact(value)
