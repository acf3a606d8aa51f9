"""What the user should know that is no error: fallbacks, idle evaluators, unused facts."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.engine.environment import names_used
from scoring.engine.run import Run, at, criterion_path, in_data, in_rubric
from scoring.model.results import CandidateResult

_JUDGED_KINDS = ("levels", "direct")


def warn(run: Run, results: Sequence[CandidateResult]) -> None:
    """Record every warning of the run: fallbacks, idle evaluators and criteria, unused facts."""
    for r in results if run.fell_back else ():  # most runs have no fallback: skip the search
        for c in r.criteria:
            if c.aggregation is not None and c.aggregation.fallback is not None:
                run.warnings.append(at(run, r.candidate, ("scores",), (
                    f"criterion '{c.criterion.id}' of candidate '{r.candidate.id}': "
                    f"{c.aggregation.fallback.reason}")))
    warn_idle(run)
    warn_unused(run)


def warn_idle(run: Run) -> None:
    """An evaluator the input lists who scored nobody; a judged criterion nobody scored."""
    # `start` found who scored each candidate; one scoring a candidate that does not list them
    # is an error, so the run never gets here with one left out.
    scorers = {e for mine in run.active.values() for e in mine}
    for eid in run.data.evaluators:
        if eid not in scorers:
            run.warnings.append(in_data(run, ("evaluators", eid), f"evaluator '{eid}' scored no candidate"))
    if not scorers:
        return  # an input of facts alone: no criterion was meant to be scored
    for criterion in run.rubric.criteria:
        if (criterion.scale.kind in _JUDGED_KINDS and criterion.value is None
                and criterion.id not in run.scored):
            message = (f"criterion '{criterion.id}' was scored by no evaluator; each candidate's "
                       f"fact '{criterion.id}' was used")
            run.warnings.append(in_rubric(run, criterion_path(run.rubric, criterion), message))


def warn_unused(run: Run) -> None:
    """A fact that no criterion, metric, gate or tie-break reads, once, where it first appears.

    A fact the rubric declares under `facts:` is documented on purpose (documents.md: a
    rubric may describe facts it does not score, such as a department), so it is not flagged.
    """
    used = names_used(run.rubric, run.fact_names) | set(run.rubric.facts)
    reported: set[str] = set()
    for cand in run.data.candidates if not run.fact_names <= used else ():  # most inputs use every fact
        for fact in cand.facts:
            if fact not in used and fact not in reported:
                reported.add(fact)
                run.warnings.append(at(run, cand, ("facts", fact),
                                       f"fact '{fact}' is used by no criterion, metric, gate or tie-break"))
