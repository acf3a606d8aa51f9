"""Score every candidate of an input against a rubric, exactly."""

from __future__ import annotations

import decimal
import operator
from collections.abc import Iterable
from decimal import DecimalException
from itertools import compress
from typing import TypeGuard

from scoring.engine.calibration import calibrate, regrade
from scoring.engine.checks import rubric_problems
from scoring.engine.environment import Values
from scoring.engine.gates import decide_gates
from scoring.engine.inputchecks import check_candidate, check_roles, check_value_names
from scoring.engine.judged import judge_all
from scoring.engine.notices import warn
from scoring.engine.ranking import Ranked, check_tie_facts, rank
from scoring.engine.review import review
from scoring.engine.run import Rows, Run, in_data, start
from scoring.engine.totals import figures
from scoring.engine.valued import relative, valued_column
from scoring.model.errors import InputError, Problem, RubricError
from scoring.model.expr import exact
from scoring.model.inputs import Candidate, Input
from scoring.model.results import CandidateResult, CriterionResult, Evaluation, GateResult
from scoring.model.rubric import RELATIVE_KINDS, Rubric, TieFact


def evaluate(rubric: Rubric, data: Input, *, allow_missing: bool = False) -> Evaluation:
    """Score `data` against `rubric`.

    With `allow_missing`, an evaluator who left a judged criterion empty (or a listed
    evaluator who gave no scores) is left out instead of being an error. Raises
    `InputError` carrying every problem found in the data, each located in its file;
    no arithmetic or lookup failure escapes as anything else.
    """
    broken = rubric_problems(rubric)
    if broken:
        raise RubricError(broken)
    context = exact()
    # An overflow or a division by zero must stop the run, never become Infinity.
    context.traps[decimal.Overflow] = context.traps[decimal.DivisionByZero] = True
    try:
        with decimal.localcontext(context):
            # Maxima and shares are derived in `start`, so it runs under the exact context too.
            return _evaluate(start(rubric, data, allow_missing))
    except (DecimalException, RecursionError, KeyError) as exc:
        # A last resort: the checks locate every failure we know of.
        file = data.files[0] if data.files else "<input>"
        raise InputError([Problem(file, 0, 0, f"cannot score this input: {type(exc).__name__} while "
                                  "computing (a value too large, or nested too deeply)")]) from None


def _evaluate(run: Run) -> Evaluation:
    """Check, gate, score, moderate, total and rank every candidate; raise with every problem."""
    rubric, data = run.rubric, run.data
    check_value_names(run)
    check_roles(run)
    tie_facts = any(isinstance(entry, TieFact) for entry in rubric.tie_break)
    for cand in data.candidates:
        check_candidate(run, cand)
        if tie_facts:
            check_tie_facts(run, cand)
    values, failures, gates = _gate_all(run)
    # A candidate whose gates could not be decided is still checked, so that every
    # problem is reported at once; the problems stop the run before any result.
    passed = [not failed for failed in failures]
    qualified = Rows(list(compress(data.candidates, passed)), list(compress(values, passed)))
    rows = _score_all(run, qualified)
    if run.problems:
        raise InputError(run.problems)
    figs = figures(rubric, (_moderate(cand, rubric, results) if cand.moderated else results
                            for cand, results in zip(qualified.cands, rows, strict=True)))
    out = rank(rubric, Ranked(qualified.cands, list(compress(gates, passed)), figs,
                              qualified.values))
    calibrated = calibrate(rubric, data, out)  # grade quotas: only grades change
    if calibrated.problems:
        raise InputError(calibrated.problems)
    out = regrade(out, calibrated.final)
    for k in sorted((k for k, ok in enumerate(passed) if not ok), key=lambda k: data.candidates[k].id):
        out.append(CandidateResult(data.candidates[k], gates[k], None, values[k]))
    warn(run, out)
    return Evaluation(rubric, data, tuple(out), dict(run.benchmarks), review(rubric, out),
                      tuple(sorted(set(run.warnings))), distribution=calibrated.groups, prices=run.prices)


def _gate_all(run: Run) -> tuple[list[Values], list[tuple[str, ...] | None], list[tuple[GateResult, ...]]]:
    """Per candidate, in input order: the metrics computed for it, the gates it failed (None when
    undecided), and its gates decided (lists side by side: no tuple per candidate)."""
    metrics: list[Values] = []
    failures: list[tuple[str, ...] | None] = []
    gates: list[tuple[GateResult, ...]] = []
    # Decided gates are mostly shared results, so most candidates share one (gates, failed) pair.
    shared: dict[tuple[int, ...], tuple[tuple[GateResult, ...], tuple[str, ...]]] = {}
    for cand in run.data.candidates:
        values: Values = {}
        metrics.append(values)
        decided = decide_gates(run, cand, values)
        if decided is None:
            failures.append(None)
            gates.append(())
            continue
        key = tuple(map(id, decided))
        known = shared.get(key)
        if known is None:  # the key's results stay alive in the value, so their ids stay theirs
            known = shared[key] = (tuple(decided), tuple(g.id for g in decided if not g.passed))
        gates.append(known[0])
        failures.append(known[1])
    return metrics, failures, gates


def _score_all(run: Run, qualified: Rows) -> list[tuple[CriterionResult, ...]]:
    """Every qualified candidate's results, in rubric order (empty once a problem is recorded)."""
    criteria = run.rubric.criteria
    judged = [c for c in criteria if c.id in run.scored and c.scale.kind not in RELATIVE_KINDS]
    others = [c for c in criteria if c.id not in run.scored or c.scale.kind in RELATIVE_KINDS]
    columns = [relative(run, c, qualified) if c.scale.kind in RELATIVE_KINDS else valued_column(run, c, qualified)
               for c in others]
    parts: Iterable[tuple[CriterionResult | None, ...]] = zip(*columns, strict=True) if others else [()] * len(qualified)
    if judged:
        parts = map(operator.add, judge_all(run, judged, qualified), parts)
    # Judged criteria first, then the others: put back in rubric order, each a tuple.
    where = {c.id: k for k, c in enumerate(judged + others)}
    if list(where.values()) == [where[c.id] for c in criteria]:
        out = list(parts)
    else:
        pick = operator.itemgetter(*[where[c.id] for c in criteria])
        out = list(map(pick, parts))  # two keys at least: one criterion is always in rubric order
    if run.problems:
        return []
    whole = [part for part in out if _whole(part)]
    if len(whole) < len(out):  # a result left out with no problem said: never silently
        run.problems.append(in_data(run, ("candidates",), "cannot score this input: a criterion has no result"))
        return []
    return whole


def _whole(part: tuple[CriterionResult | None, ...]) -> TypeGuard[tuple[CriterionResult, ...]]:
    """True when every criterion has its result."""
    return None not in part


def _moderate(cand: Candidate, rubric: Rubric, results: tuple[CriterionResult, ...]) -> tuple[CriterionResult, ...]:
    """`results` with the committee's agreed points in place of the aggregates they replace."""
    out = list(results)
    index = {c.id: k for k, c in enumerate(rubric.criteria)}
    for cid, agreed in cand.moderated.items():
        before = out[index[cid]]
        out[index[cid]] = before._replace(
            points=agreed.points, contribution=agreed.points * before.share / before.maximum,
            original=before.points, reason=agreed.reason,
        )
    return tuple(out)

