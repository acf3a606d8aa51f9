"""The employee's appraisal form (documents.md §4.2): what one employee may read about themselves.

A form names the employee and the evaluators who are not anonymous; an evaluator whose role is
anonymous (`Rubric.is_anonymous`) appears as the role's word and a number of the form's own
(同事1, 同事2 …). Nothing else on a form names another employee as a candidate: the working
is rebuilt from the report's with every evaluator under the form's name for them, a relative
scale's benchmark as a bare figure, and files limited to the rubric and the input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scoring.model.results import CandidateResult, CriterionResult, Evaluation, RatioRule
from scoring.render.context import Context
from scoring.render.labels import labels
from scoring.render.views import CandidateView, CriterionView, SectionView
from scoring.render.working import candidate, role_of, value_figure


@dataclass(frozen=True)
class CommentView:
    """One 评语: its author as the form names them, the author's role, the text as written."""

    author: str
    role: str
    text: str
    heading: str
    """`author（role）`, or the author alone when the evaluator has no role."""


@dataclass(frozen=True)
class FormView:
    """Everything one employee's form shows, already private."""

    candidate: CandidateView
    """The employee's headline and working, every evaluator named as the form names them."""
    files: tuple[tuple[str, str, str], ...]
    """(what, file, SHA-256) of the rubric and the input; never a score sheet's file."""
    rank: str
    """`N / M`, M the number of ranked employees; "" when not ranked."""
    comments: tuple[CommentView, ...]
    kpi: tuple[tuple[str, tuple[str, ...]], ...]
    """(criterion title, its KPI working lines) for each criterion valued by a fact or metric (§4.3)."""


def form_view(evaluation: Evaluation, lang: str, candidate_id: str) -> FormView:
    """One employee's form in `lang`; raises KeyError for an unknown id."""
    ctx = Context(evaluation, labels(lang))
    result = next((r for r in evaluation.candidates if r.candidate.id == candidate_id), None)
    if result is None:
        raise KeyError(candidate_id)
    names = form_names(ctx, result)
    shown = candidate(ctx, result)
    sections = tuple(_section(ctx, s, result, names) for s in shown.sections)
    ranked = sum(1 for r in evaluation.candidates if r.score is not None)
    rubric, data = evaluation.rubric, evaluation.input
    files = [(ctx.word("rubric_file"), Path(rubric.file).name, rubric.sha256)]
    # merge_scores appends the --scores files after the input's own: only the first is the input.
    files += [(ctx.word("input_file"), Path(f).name, data.sha256[f]) for f in data.files[:1]]
    return FormView(
        # The HR summary's comments name their authors; the form's own (below) may not.
        candidate=dataclasses.replace(shown, sections=sections, comments=(), kpi=()),
        files=tuple(files),
        rank=f"{shown.rank} / {ranked}" if shown.qualified else "",
        comments=_comments(ctx, result, names),
        kpi=shown.kpi,
    )


def _order(ctx: Context, result: CandidateResult) -> list[str]:
    """Who scored or commented on the employee: the input's `evaluators:` order, then first appearance."""
    seen: dict[str, None] = {}
    for c in result.score.criteria if result.score else ():
        seen.update(dict.fromkeys(e.evaluator for e in c.evaluators))
    seen.update(dict.fromkeys(e for e, text in result.candidate.comments.items() if text))
    listed = [e for e in ctx.evaluation.input.evaluators if e in seen]
    return listed + [e for e in seen if e not in listed]


def form_names(ctx: Context, result: CandidateResult) -> dict[str, str]:
    """How this form names each of its evaluators: by name, or as 同事1, 下属2 … when anonymous."""
    rubric, data = ctx.evaluation.rubric, ctx.evaluation.input
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for eid in _order(ctx, result):
        role = role_of(ctx, result, eid)
        if role and rubric.is_anonymous(role, data):
            counts[role] = counts.get(role, 0) + 1
            word = ctx.role_name(role)
            word = word[:1].upper() + word[1:]  # Peer 1; a no-op on 同事
            names[eid] = ctx.word("form_anonymous").format(role=word, n=counts[role])
        else:
            names[eid] = ctx.evaluator_name(eid)
    return names


def _comments(ctx: Context, result: CandidateResult, names: Mapping[str, str]) -> tuple[CommentView, ...]:
    """Every comment on the employee, in the form's order of evaluators."""
    given = result.candidate.comments
    out = []
    for eid in names:
        text = given.get(eid, "")
        if not text:
            continue
        role = ctx.role_name(role_of(ctx, result, eid))
        heading = ctx.word("form_comment_author").format(author=names[eid], role=role) if role else names[eid]
        out.append(CommentView(names[eid], role, text, heading))
    return tuple(out)


def _section(ctx: Context, s: SectionView, result: CandidateResult, names: Mapping[str, str]) -> SectionView:
    """A section of the working with every evaluator under the form's name and no one else's."""
    by_id = {c.criterion.id: c for c in result.score.criteria} if result.score else {}
    return dataclasses.replace(s, criteria=tuple(_criterion(ctx, k, by_id[k.id], names) for k in s.criteria))


def _criterion(ctx: Context, k: CriterionView, c: CriterionResult, names: Mapping[str, str]) -> CriterionView:
    """One row, private: evaluators renamed, levels' pickers renamed, a benchmark without its owner."""
    # The report's views list evaluators in the result's order (working._evaluator), so they pair up.
    # An anonymous evaluator's form name (同事1) already says the role: no `(同事)` after it.
    evaluators = tuple(dataclasses.replace(v, name=names.get(e.evaluator, v.name),
                                           role="" if _anonymous(ctx, e.role) else v.role)
                       for v, e in zip(k.evaluators, c.evaluators, strict=True))
    by_name = {ctx.evaluator_name(e.evaluator): names.get(e.evaluator, "") for e in c.evaluators}
    levels = tuple(dataclasses.replace(lv, chosen=tuple(by_name.get(n, "") for n in lv.chosen)) for lv in k.levels)
    label = k.label
    if isinstance(c.rule, RatioRule):
        label = ctx.word("form_benchmark").format(benchmark=value_figure(ctx, c, c.rule.benchmark))
    return dataclasses.replace(k, evaluators=evaluators, levels=levels, label=label)



def _anonymous(ctx: Context, role: str | None) -> bool:
    """Whether `role` is shown without names on forms."""
    return ctx.evaluation.rubric.is_anonymous(role, ctx.evaluation.input)


__all__ = ["CommentView", "FormView", "form_names", "form_view"]
