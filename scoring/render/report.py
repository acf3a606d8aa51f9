"""What a report shows, worked out in Python so that templates only lay it out.

`report_view` turns an `Evaluation` into plain, typed views (`render.views`): every figure
already formatted, every formula already written out, chart geometry already computed. A
template never does arithmetic, so a user's own template cannot get a number wrong.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring import __version__
from scoring.model.errors import Problem
from scoring.model.results import Evaluation
from scoring.render.charts import totals_chart
from scoring.render.context import Context, short
from scoring.render.distribution import distribution_views
from scoring.render.figures import exact, fixed, percent
from scoring.render.forms import form_view
from scoring.render.labels import labels
from scoring.render.pages import bidder_pages
from scoring.render.pricing import price_weight, price_workings, ranking_prices
from scoring.render.robustness import robustness
from scoring.render.standards import standards
from scoring.render.summary import committee_order, summary_tables
from scoring.render.trend import History, trend_views
from scoring.render.views import CandidateView, Chart, ReportView
from scoring.render.working import candidate

if TYPE_CHECKING:  # render never imports the analysis layer above it at run time
    from scoring.analysis.run import Sensitivity

_AGREEMENT_PLACES = 2
"""Kendall's W is shown to two places, whatever the rubric's decimals."""
_AGREEMENT_TITLE = 40
"""A criterion's title in the agreement table is cut to this many characters (one line; 评分标准 has it in full)."""


def report_view(evaluation: Evaluation, lang: str, *, today: datetime.date | None = None,
                history: History | None = None, sensitivity: Sensitivity | None = None) -> ReportView:
    """Everything a report or a per-candidate form shows, formatted for `lang` (with `history`: 历史趋势)."""
    rubric, data = evaluation.rubric, evaluation.input
    ctx = Context(evaluation, labels(lang))
    candidates = [candidate(ctx, r) for r in evaluation.candidates]
    ranked = tuple(c for c in candidates if c.qualified)
    files = [(ctx.word("rubric_file"), Path(rubric.file).name, rubric.sha256)]
    files += [(ctx.word("input_file"), Path(f).name, data.sha256[f]) for f in data.files]
    return ReportView(
        lang=lang,
        t=ctx.t,
        title=rubric.title,
        subject=rubric.subject,
        description=rubric.description,
        round=data.title,
        date=data.date or (today or datetime.date.today()).isoformat(),
        files=tuple(files),
        program=f"scoring {__version__}",
        rounding=ctx.word(f"rounding_{rubric.rounding}").format(decimals=rubric.decimals),
        flat=rubric.flat,
        section_titles=tuple(s.title for s in rubric.sections if s.id),
        method=_method(ctx),
        ranked=ranked,
        disqualified=tuple(c for c in candidates if not c.qualified),
        chart=totals_chart(ctx) if ranked and not rubric.flat else None,
        committee=tuple(ctx.evaluator_name(e) for e in committee_order(evaluation)),
        review=_review(ctx),
        agreement=_agreement(ctx),
        notes=tuple(_note(p) for p in evaluation.warnings),
        form_of=functools.partial(form_view, evaluation, lang),
        trends=trend_views(ctx, history),
        distribution=distribution_views(ctx) if rubric.subject == "staff" else (),
        robustness=robustness(ctx, sensitivity),
        **_committee_parts(ctx),
    )


def _committee_parts(ctx: Context) -> dict[str, Any]:
    """The parts only a committee report has (评分汇总表, 评分标准, a page per bidder) and the price working."""
    columns, cells = ranking_prices(ctx)
    parts: dict[str, Any] = {"prices": price_workings(ctx), "price_weight": price_weight(ctx),
                             "price_columns": columns, "price_cells": cells}
    if ctx.evaluation.rubric.subject == "vendor":
        parts.update(summary=summary_tables(ctx), standards=standards(ctx), pages=bidder_pages(ctx),
                     summary_note=ctx.word("summary_note").format(method=_method(ctx)))
    return parts


def candidate_view(report: ReportView, candidate_id: str) -> CandidateView:
    """One candidate of a report, by id."""
    for c in (*report.ranked, *report.disqualified):
        if c.id == candidate_id:
            return c
    raise KeyError(candidate_id)


def _note(problem: Problem) -> str:
    """A warning as a report prints it: its place by file name only (the folder is noise)."""
    if not problem.file:
        return problem.message
    return str(dataclasses.replace(problem, file=Path(problem.file).name))


def _method(ctx: Context) -> str:
    """The rubric's way of combining evaluators' points, in words."""
    how = ctx.evaluation.rubric.aggregation
    if how.method == "trimmed-mean":
        return ctx.word("method_trimmed").format(trim=how.trim)
    if how.method == "weighted":
        roles = ctx.word("comma").join(f"{ctx.role_name(r)} {percent(w)}" for r, w in how.roles.items())
        return ctx.word("method_weighted").format(roles=roles)
    return ctx.word(f"method_{how.method}")


def _review(ctx: Context) -> tuple[str, ...] | None:
    """Each review flag as a sentence; None when the rubric asks for no review."""
    found = ctx.evaluation.review
    if found is None:
        return None
    names = {r.candidate.id: r.candidate.name for r in ctx.evaluation.candidates}
    titles = {c.id: c.title for c in ctx.evaluation.rubric.criteria}
    lines = []
    for f in found.flags:
        where = {"candidate": names[f.candidate], "criterion": short(titles[f.criterion], 24)}
        if f.kind == "deviation" and f.points is not None and f.median is not None:
            lines.append(ctx.word("flag_deviation").format(
                **where, evaluator=ctx.evaluator_name(f.evaluator or ""), points=exact(f.points),
                median=exact(f.median)))
        else:
            values = ctx.word("sep").join(f"{ctx.evaluator_name(e)}: {v}" for e, v in f.given)
            lines.append(ctx.word("flag_objective").format(**where, values=values))
    return tuple(lines) or (ctx.word("review_none"),)


def _agreement(ctx: Context) -> tuple[tuple[str, str, str], ...]:
    """Per judged criterion: its title, Kendall's W to two places, and a word for it."""
    found = ctx.evaluation.review
    if found is None:
        return ()
    readings = ctx.t["readings"]
    titles = {c.id: c.title for c in ctx.evaluation.rubric.criteria}
    return tuple(
        (short(titles[a.criterion], _AGREEMENT_TITLE), fixed(a.value, _AGREEMENT_PLACES) if a.value is not None else "—",
         str(readings[a.reading]))
        for a in found.agreement
    )


__all__ = ["CandidateView", "Chart", "ReportView", "candidate_view", "report_view"]
