"""Decide a candidate's gates: the input's answers and the rubric's checks."""

from __future__ import annotations

from scoring.engine.environment import Values, where
from scoring.engine.run import Run, env_of, error, in_rubric
from scoring.model.expr import EvalError, Value
from scoring.model.inputs import Candidate
from scoring.model.results import GateResult


def decide_gates(run: Run, cand: Candidate, values: Values) -> list[GateResult] | None:
    """Every gate decided, in rubric order, or None when a gate could not be decided; the metrics
    a check computes are remembered in `values`."""
    decided: list[GateResult] = []
    ok = True
    facts, metrics = cand.facts, run.rubric.metrics
    for i, gate in enumerate(run.rubric.gates):
        if gate.check is None:
            answer = cand.gates.get(gate.id)
            if answer is None:
                error(run, cand, ("id",), f"candidate '{cand.id}' has no answer for gate '{gate.id}' "
                      f"({gate.title}); expected pass or fail under gates.{gate.id}")
                ok = False
            else:
                # `given` is the answer as written; a model built in code has only the bool.
                given = cand.answers.get(gate.id, answer)
                decided.append(GateResult(gate.id, answer, None, "pass" if answer else "fail", given))
            continue
        names = gate.check.names
        # Only facts (no metric of the rubric's, which wins over a fact) make a safe key.
        key = (i, tuple(facts[n] for n in sorted(names))) if names <= facts.keys() and names.isdisjoint(metrics) else None
        passed: Value | None = None if key is None else run.decisions.get(key)
        if passed is None:
            env = env_of(run, cand, values)
            try:
                passed = gate.check.evaluate(env.lookup)
            except EvalError as exc:
                error(run, cand, where(cand, exc), env.explain(exc, f"gate '{gate.id}' ({gate.check.text})"))
                ok = False
                continue
        if not isinstance(passed, bool):
            run.problems.append(in_rubric(
                run, ("gates", i, "check"),
                f"expected a true/false check such as 'x <= 3', got a number ({passed})"))
            ok = False
        else:
            if key is not None:
                run.decisions[key] = passed
            shared = run.checked.get((gate.id, passed))
            if shared is None:
                shared = run.checked[(gate.id, passed)] = GateResult(gate.id, passed, gate.check.text, None, None)
            decided.append(shared)
    return decided if ok else None
