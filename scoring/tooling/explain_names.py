"""How an explanation names the evaluators: the employee form's anonymity (tooling.md, documents.md §4.2)."""

from __future__ import annotations

from scoring.model.results import CandidateResult, Evaluation
from scoring.render.context import Context
from scoring.render.forms import form_names
from scoring.render.labels import labels
from scoring.render.working import role_of


def shown_names(evaluation: Evaluation, result: CandidateResult, lang: str,
                names: bool) -> tuple[dict[str, str], dict[str, str]]:
    """(in the JSON, in the text) by evaluator id: for a staff rubric without `names`, an anonymous
    evaluator is the label the candidate's form gives them (同事1, Peer 1) in both; otherwise the
    JSON keeps every id and the text shows each evaluator's name. Vendor committees are named."""
    ctx = Context(evaluation, labels(lang))
    ids = {e.evaluator for c in result.criteria for e in c.evaluators}
    by_name = {eid: ctx.evaluator_name(eid) for eid in ids}
    if names or evaluation.rubric.subject != "staff":
        return {}, by_name
    on_form = form_names(ctx, result)
    hidden = {eid for eid in ids if eid in on_form and evaluation.rubric.is_anonymous(
        role_of(ctx, result, eid), evaluation.input)}
    in_json = {eid: on_form[eid] for eid in hidden}
    return in_json, {**by_name, **in_json}
