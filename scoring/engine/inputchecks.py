"""Checks of an input against its rubric that need both: names, roles, the one-value rule."""

from __future__ import annotations

from scoring.engine.run import Run, criterion_path, error, in_data, in_rubric, where_in
from scoring.model.errors import unknown
from scoring.model.inputs import Candidate
from scoring.model.rubric import RELATIVE_KINDS


def check_value_names(run: Run) -> None:
    """A `value:` naming neither a metric nor any candidate's fact is a rubric mistake."""
    known = run.rubric.metrics.keys() | run.fact_names
    for criterion in run.rubric.criteria:
        if criterion.value and criterion.value not in known:
            from scoring.model.metrics import CATALOGUE  # the catalogue only for a name not given

            known = known | CATALOGUE.keys()
            if criterion.value in known:
                continue
            run.problems.append(in_rubric(
                run, (*criterion_path(run.rubric, criterion), "value"),
                unknown("metric or fact", criterion.value, known),
            ))


def check_roles(run: Run) -> None:
    """Under role weighting, every declared role must have a weight."""
    roles = run.rubric.aggregation.roles
    if run.rubric.aggregation.method != "weighted":
        return
    for eid, ev in run.data.evaluators.items():
        if ev.role is not None and ev.role not in roles:
            run.problems.append(in_data(
                run, ("evaluators", eid, "role"),
                f"role '{ev.role}' has no weight in the rubric; expected one of {', '.join(roles)}"))


def check_candidate(run: Run, cand: Candidate) -> None:
    """The one-value rule and who rates whom, for one candidate: every clash is located."""
    rubric = run.rubric
    for fact in cand.facts if not rubric.metrics.keys().isdisjoint(cand.facts) else ():
        if fact in rubric.metrics:
            there = f"metrics.{fact}"
            error(run, cand, ("facts", fact), f"fact '{fact}' of candidate '{cand.id}' has the name of "
                  f"the rubric's metric '{fact}' ({there}); rename one of them")
    criteria = run.criteria
    doubled: set[str] = set()  # only filled after a clash
    for e, given in cand.scores.items():
        if cand.evaluators and e not in cand.evaluators:
            error(run, cand, ("scores", e), f"evaluator '{e}' scored candidate '{cand.id}', whom only "
                  f"{', '.join(cand.evaluators)} rate (under evaluators)")
            continue
        # Only a criterion with `value:` or one named like a fact can clash: most inputs have neither.
        if not run.clashing or given.keys().isdisjoint(run.clashing):
            continue
        for cid, text in given.items():
            criterion = criteria.get(cid)
            if criterion is None or not text.strip():
                continue
            if criterion.value is not None:
                error(run, cand, ("scores", e, cid), f"criterion '{cid}' takes its value from "
                      f"'{criterion.value}' (value: {criterion.value}); evaluators may not score it")
            elif cid in cand.facts and cid not in doubled and criterion.scale.kind not in RELATIVE_KINDS:
                doubled.add(cid)
                error(run, cand, ("facts", cid), f"candidate '{cand.id}' has both a fact '{cid}' and "
                      f"scores for criterion '{cid}' ({where_in(cand, ('scores', e, cid))}); "
                      "a criterion's value comes from one place: remove one")
    if cand.evaluators:  # most candidates list none: nothing to check
        check_listed(run, cand)


def check_listed(run: Run, cand: Candidate) -> None:
    """A candidate's own `evaluators:`: each must score it, in a role the rubric weights."""
    weighted = run.rubric.aggregation.method == "weighted"
    roles = run.rubric.aggregation.roles
    active = set(run.active[cand.id])
    for e, role in cand.evaluators.items():
        if e not in active and not run.allow_missing:
            error(run, cand, ("evaluators", e), f"evaluator '{e}' is listed to rate candidate '{cand.id}' "
                  "but gave no scores (use --allow-missing to score without them)")
        if weighted and role and role not in roles:
            error(run, cand, ("evaluators", e), f"role '{role}' has no weight in the rubric; "
                  f"expected one of {', '.join(roles)}")
