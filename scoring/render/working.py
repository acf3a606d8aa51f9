"""A candidate's working as a report shows it, read from the result's trail and nothing else.

Which scores were dropped, which level each evaluator picked, the roles present and their
weights, a fallback and the figures that add up: the engine wrote all of it into the result
(`model.results`); this module only writes it out. It knows no engine rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scoring.model.results import (
    CandidateResult,
    CriterionResult,
    EvaluatorPoints,
    LevelsRule,
    RankRule,
    RatioRule,
    Score,
    SectionResult,
)
from scoring.model.rubric import BandsScale, LevelsScale, LinearScale
from scoring.render.charts import criteria_chart
from scoring.render.context import Context
from scoring.render.distribution import grade_texts
from scoring.render.figures import DIVIDE, TIMES, added, equation, exact, mean_of, percent
from scoring.render.kpi import figure, kpi_lines
from scoring.render.views import CandidateView, CriterionView, EvaluatorView, LevelView, SectionView


def candidate(ctx: Context, r: CandidateResult) -> CandidateView:
    """One candidate's headline, sections and chart; a disqualified one's failed gates."""
    if r.score is None:
        titles = {g.id: g.title for g in ctx.evaluation.rubric.gates}
        return CandidateView(r.candidate.id, r.candidate.name, False, "", "", "",
                             tuple(titles[g] for g in r.failed_gates), (), (), "", None)
    score = r.score
    sections = tuple(section(ctx, s, _criteria_of(score, s)) for s in score.sections)
    parts = [ctx.show(s.points) for s in score.sections]
    total = ctx.show(score.reported_total)
    formula = equation(added(parts), total) if len(parts) > 1 else ""
    kpi = ((c.criterion.title, kpi_lines(ctx, r, c)) for c in score.criteria)
    ranked, form = grade_texts(ctx, r)
    return CandidateView(r.candidate.id, r.candidate.name, True, str(score.rank), total, ranked,
                         (), sections, tuple(parts), formula, criteria_chart(ctx, r),
                         kpi=tuple((what, lines) for what, lines in kpi if lines), comments=_comments(ctx, r),
                         grade_form=form)


def role_of(ctx: Context, result: CandidateResult, eid: str) -> str | None:
    """The evaluator's role for this candidate: the candidate's own list first, then the input's."""
    ev = ctx.evaluation.input.evaluators.get(eid)
    return result.candidate.evaluators.get(eid) or (ev.role if ev is not None else None)


def _comments(ctx: Context, r: CandidateResult) -> tuple[tuple[str, str], ...]:
    """Every 评语 on the candidate with its author's name and role, in the input's order of evaluators."""
    given = {e: text for e, text in r.candidate.comments.items() if text}
    listed = [e for e in ctx.evaluation.input.evaluators if e in given]
    out = []
    for eid in listed + [e for e in given if e not in listed]:
        role = ctx.role_name(role_of(ctx, r, eid))
        name = ctx.evaluator_name(eid)
        out.append((ctx.word("form_comment_author").format(author=name, role=role) if role else name, given[eid]))
    return tuple(out)


def _criteria_of(score: Score, s: SectionResult) -> list[CriterionResult]:
    """The results of a section's criteria, in the rubric's order."""
    by_id = {c.criterion.id: c for c in score.criteria}
    return [by_id[c.id] for c in s.section.criteria]


def section(ctx: Context, s: SectionResult, results: Sequence[CriterionResult]) -> SectionView:
    """One section's table and the formula of its subtotal.

    Under `rounding: items` the subtotal is the sum of the rounded contributions printed in
    the table, so that is the formula shown; otherwise a points-style weighted section shows
    earned ÷ maximum × share, and any other the sum of its criteria's contributions.
    """
    rubric = ctx.evaluation.rubric
    subtotal = ctx.show(s.points)
    formula = ""
    by_share = rubric.rounding == "total" and s.section.weight is not None
    if by_share and all(c.criterion.points_style for c in results):
        formula = equation(f"{exact(s.earned)} {DIVIDE} {exact(s.maximum)} {TIMES} {exact(s.share)}", subtotal)
    elif len(results) > 1:
        formula = equation(added(ctx.show(c.contribution) for c in results), subtotal)
    weight = percent(s.section.weight) if s.section.weight is not None else ""
    return SectionView(s.section.id, s.section.title, s.section.description, weight,
                       tuple(criterion(ctx, c) for c in results), formula)


def criterion(ctx: Context, c: CriterionResult) -> CriterionView:
    """One criterion's row: its standard, who gave what, how that combined, what it earned."""
    crit = c.criterion
    judged = c.source == "judged"
    moderated = ""
    if c.original is not None:
        moderated = ctx.word("moderated").format(original=ctx.show(c.original), points=ctx.show(c.points),
                                                  reason=c.reason)
    return CriterionView(
        id=crit.id, title=crit.title, category=crit.category, description=crit.description,
        source=crit.source, assessor=crit.evaluator,
        maximum=exact(c.maximum),
        weight=percent(crit.weight) if crit.weight is not None else "",
        kind=c.source, value="" if judged else _value(ctx, c),
        label=_place(ctx, c) or c.label, level_description=c.description,
        levels=_levels(ctx, c), evaluators=tuple(_evaluator(ctx, e) for e in c.evaluators),
        formula=formula(ctx, c) if judged else "", fallback=_fallback(ctx, c),
        points=ctx.show(c.points), contribution=ctx.show(c.contribution), moderated=moderated,
    )


def _value(ctx: Context, c: CriterionResult) -> str:
    """A fact's or metric's value as documents write it: a percent, money, a figure and its unit."""
    return value_figure(ctx, c, c.value)


def value_figure(ctx: Context, c: CriterionResult, value: object) -> str:
    """`value` written as the criterion's fact or metric is (kpi.figure), percent when its scale says so."""
    scale = c.criterion.scale
    hint = isinstance(scale, (BandsScale, LinearScale)) and scale.unit == "percent"
    return figure(ctx, c.criterion.value or c.criterion.id, value, hint)


def _levels(ctx: Context, c: CriterionResult) -> tuple[LevelView, ...]:
    """A levels scale's levels, each with the evaluators who picked it (by the rule applied)."""
    scale = c.criterion.scale
    if not isinstance(scale, LevelsScale):
        return ()
    picked: dict[str, list[str]] = {key: [] for key in scale.levels}
    for e in c.evaluators:
        if isinstance(e.rule, LevelsRule) and e.rule.level in picked:
            picked[e.rule.level].append(ctx.evaluator_name(e.evaluator))
    taken = c.rule.level if isinstance(c.rule, LevelsRule) else None
    return tuple(
        LevelView(key, lv.label, lv.description, exact(lv.points.of(c.maximum)), tuple(picked[key]), key == taken)
        for key, lv in scale.levels.items()
    )


def _evaluator(ctx: Context, e: EvaluatorPoints) -> EvaluatorView:
    """One evaluator's score: the level's label and key, or the number written."""
    given = f"{e.label} ({e.given})" if e.label and e.label != e.given else e.given
    return EvaluatorView(ctx.evaluator_name(e.evaluator), ctx.role_name(e.role), given, exact(e.points), e.dropped)


def _fallback(ctx: Context, c: CriterionResult) -> str:
    """The sentence saying a trimmed mean fell back to the mean, with how many scores it needed."""
    if c.aggregation is None or c.aggregation.fallback is None:
        return ""
    return ctx.word("fallback").format(need=c.aggregation.fallback.needed)


def _place(ctx: Context, c: CriterionResult) -> str:
    """A rank scale's place (best, middle, worst) in words; a ratio's benchmark and who set it."""
    if isinstance(c.rule, RatioRule):
        names = {r.candidate.id: r.candidate.name for r in ctx.evaluation.candidates}
        who = ctx.word("comma").join(names[cid] for cid in c.rule.benchmark_candidates)
        return ctx.word("benchmark").format(benchmark=value_figure(ctx, c, c.rule.benchmark), who=who)
    if not isinstance(c.rule, RankRule):
        return ""
    places: Mapping[str, str] = ctx.t["places"]
    return places[c.rule.place]


def formula(ctx: Context, c: CriterionResult) -> str:
    """How the evaluators' points became the criterion's points, to redo on paper."""
    entries, how = c.evaluators, c.aggregation
    result = ctx.show(c.points)
    if len(entries) == 1 or how is None:
        return equation(added(exact(e.points) for e in entries), result)
    if how.method == "median":
        return equation(f"median({', '.join(exact(e.points) for e in entries)})", result)
    if how.method == "weighted" and how.present_weight is not None:
        terms = []
        for m in how.roles:
            points = [exact(e.points) for e in entries if e.evaluator in m.evaluators]
            terms.append(f"{mean_of(points)} {TIMES} {percent(m.weight)}")
        return equation(f"({added(terms)}) {DIVIDE} {percent(how.present_weight)}", result)
    return equation(mean_of(exact(e.points) for e in entries if not e.dropped), result)
