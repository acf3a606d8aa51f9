"""What a candidate's names stand for: its facts, the rubric's metrics, and the catalogue's."""

from __future__ import annotations

from collections.abc import Callable

from scoring.model.errors import PathKey
from scoring.model.expr import EvalError, Expression, Value
from scoring.model.inputs import Candidate
from scoring.model.metrics import Metric, lookup_metric
from scoring.model.numbers import parse_number
from scoring.model.rubric import Rubric


class FactEnv:
    """Facts and metrics of one candidate, computed on demand and remembered."""

    def __init__(self, rubric: Rubric, cand: Candidate) -> None:
        self.rubric = rubric
        self.cand = cand
        self.values: dict[str, Value] = {}
        self.lookup: Callable[[str], Value] = self._lookup

    def _lookup(self, name: str) -> Value:
        if name in self.values:
            return self.values[name]
        # The rubric's own metric, else the candidate's fact, else the catalogue's metric.
        metric: Expression | Metric | None = self.rubric.metrics.get(name)
        text = self.cand.facts.get(name)
        if metric is None and text is None:
            metric = lookup_metric(name)
            if metric is None:
                raise EvalError(f"lacks fact '{name}'", name, missing=True)
        if metric is not None:
            try:
                value = metric.evaluate(self._lookup)
            except EvalError as exc:
                exc.metric = exc.metric or name
                raise
            self.values[name] = value
            return value
        assert text is not None
        number = parse_number(text)
        if number is None:
            raise EvalError(f"fact '{name}' is {text!r}, expected a number", name)
        return number

    def formula(self, metric: str) -> str:
        own = self.rubric.metrics.get(metric)
        if own is not None:
            return own.text
        listed = lookup_metric(metric)
        return listed.formula if listed is not None else ""

    def explain(self, exc: EvalError, user: str) -> str:
        """Say what went wrong for this candidate while computing what `user` needs."""
        who = f"candidate '{self.cand.id}'"
        via = f"metric '{exc.metric}' ({self.formula(exc.metric)})" if exc.metric else ""
        if exc.missing:
            return f"{who} lacks fact '{exc.name}', needed by {via + ' for ' if via else ''}{user}"
        return f"{user}: {who}{', ' + via if via else ''}: {exc}"


def where(cand: Candidate, exc: EvalError) -> tuple[PathKey, ...]:
    """The fact a failed computation points at, when the candidate has it; else its facts."""
    return ("facts", exc.name) if exc.name is not None and exc.name in cand.facts else ("facts",)
