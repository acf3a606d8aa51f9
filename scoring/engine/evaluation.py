"""Score every candidate of an input against a rubric, exactly."""

from __future__ import annotations

import decimal
import operator
from decimal import DecimalException

from scoring.engine.calibration import calibrate, regrade
from scoring.engine.checks import rubric_problems
from scoring.engine.environment import FactEnv
from scoring.engine.gates import decide_gates
from scoring.engine.inputchecks import check_candidate, check_roles, check_value_names
from scoring.engine.judged import Row, judge_all
from scoring.engine.notices import warn
from scoring.engine.ranking import Ranked, check_tie_facts, rank
from scoring.engine.review import review
from scoring.engine.run import Run, start
from scoring.engine.totals import figures, layout
from scoring.engine.valued import fact_result, relative
from scoring.model.errors import InputError, Problem, RubricError
from scoring.model.expr import exact
from scoring.model.inputs import Candidate, Input
from scoring.model.results import CandidateResult, CriterionResult, Evaluation, GateResult
from scoring.model.rubric import RELATIVE_KINDS, Rubric

Gated = tuple[Candidate, FactEnv, list[str] | None, tuple[GateResult, ...]]
"""A candidate, its facts, the gates it failed (None when undecided), and those decided."""


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
    for cand in data.candidates:
        check_candidate(run, cand)
        check_tie_facts(run, cand)
    gated = _gate_all(run)
    # A candidate whose gates could not be decided is still checked, so that every
    # problem is reported at once; the problems stop the run before any result.
    qualified = [(c, env) for c, env, failed, _ in gated if not failed]
    per_candidate: dict[str, dict[str, CriterionResult]] = {c.id: {} for c, _ in qualified}
    _score_all(run, qualified, per_candidate)
    if run.problems:
        raise InputError(run.problems)
    scored: list[Ranked] = []
    sections_of = layout(rubric)
    in_order = operator.itemgetter(*[c.id for c in rubric.criteria])
    for cand, env, failed, decided in gated:
        if not failed:
            results = per_candidate[cand.id]
            if cand.moderated:
                _moderate(cand, results)
            scored.append((cand, decided, figures(rubric, _as_tuple(in_order(results)), sections_of), env.values))
    out = rank(rubric, scored)
    calibrated = calibrate(rubric, data, out)  # grade quotas: only grades change
    if calibrated.problems:
        raise InputError(calibrated.problems)
    out = regrade(out, calibrated.final)
    for cand, env, failed, decided in sorted(gated, key=lambda g: g[0].id):
        if failed:
            out.append(CandidateResult(cand, decided, None, env.values))
    warn(run, out)
    return Evaluation(rubric, data, tuple(out), dict(run.benchmarks), review(rubric, out),
                      tuple(sorted(set(run.warnings))), distribution=calibrated.groups, prices=run.prices)


def _gate_all(run: Run) -> list[Gated]:
    """Each candidate with its facts and its gates decided."""
    gated: list[Gated] = []
    for cand in run.data.candidates:
        env = FactEnv(run.rubric, cand, run.reads)
        decided = decide_gates(run, cand, env)
        failed = None if decided is None else [g.id for g in decided if not g.passed]
        gated.append((cand, env, failed, tuple(decided or ())))
    return gated


def _score_all(run: Run, qualified: list[tuple[Candidate, FactEnv]],
               per_candidate: dict[str, dict[str, CriterionResult]]) -> None:
    """Score every criterion of every qualified candidate into `per_candidate`."""
    rows: list[Row] = [(cand, env, *run.sheets[cand.id], per_candidate[cand.id]) for cand, env in qualified]
    judged = [c for c in run.rubric.criteria if c.id in run.scored and c.scale.kind not in RELATIVE_KINDS]
    for criterion in run.rubric.criteria:
        cid = criterion.id
        if criterion.scale.kind in RELATIVE_KINDS:
            relative(run, criterion, qualified, per_candidate)
        elif cid not in run.scored:
            for cand, env, _, _, earned in rows:
                result = fact_result(run, criterion, cand, env)
                if result is not None:
                    earned[cid] = result
    if judged:
        judge_all(run, judged, rows)


def _moderate(cand: Candidate, results: dict[str, CriterionResult]) -> None:
    """Put the committee's agreed points in place of the aggregates they replace."""
    for cid, agreed in cand.moderated.items():
        before = results[cid]
        results[cid] = before._replace(
            points=agreed.points, contribution=agreed.points * before.share / before.maximum,
            original=before.points, reason=agreed.reason,
        )


def _as_tuple(picked: CriterionResult | tuple[CriterionResult, ...]) -> tuple[CriterionResult, ...]:
    """`itemgetter` of one key gives the item itself; of several, a tuple."""
    return picked if isinstance(picked, tuple) and not isinstance(picked, CriterionResult) else (picked,)
