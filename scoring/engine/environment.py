"""What a candidate's names stand for: its facts, the rubric's metrics, and the catalogue's."""

from __future__ import annotations

from decimal import DecimalException
from typing import TYPE_CHECKING

from scoring.model.errors import PathKey
from scoring.model.expr import EvalError, Expression, Value
from scoring.model.inputs import Candidate
from scoring.model.numbers import NumberError, read_number
from scoring.model.rubric import Rubric
from scoring.model.words import shown, yes_no

if TYPE_CHECKING:
    from scoring.model.metrics import Metric


def catalogued(name: str) -> Metric | None:
    """The catalogue's metric `name`, or None. The catalogue is imported here, when a name is
    first looked up in it: a rubric whose names are all facts and its own metrics never needs it,
    and `scoring score` starts faster without it."""
    from scoring.model.metrics import lookup_metric

    return lookup_metric(name)


Values = dict[str, Value]
"""The metrics computed for one candidate, by name: all a run keeps of its environment."""


class FactEnv:
    """Facts and metrics of one candidate, computed on demand and remembered in `values`.

    Made where a name must be looked up and dropped after: a run keeps only each candidate's
    `values` (a plain dict of numbers, which the garbage collector never scans), not one of these.
    """

    # Slots and no bound method kept on the instance: an instance that refers to itself would
    # live until the garbage collector ran.
    __slots__ = ("rubric", "cand", "values", "reads", "computing")

    def __init__(self, rubric: Rubric, cand: Candidate, reads: dict[str, Value] | None = None,
                 values: Values | None = None) -> None:
        self.rubric = rubric
        self.cand = cand
        self.values: Values = {} if values is None else values
        """Metrics computed for this candidate, by name."""
        self.reads: dict[str, Value] = {} if reads is None else reads
        """Each fact text as read, shared by the candidates of one run: facts repeat."""
        self.computing: tuple[str, ...] = ()
        """Metrics being computed, outermost first: a name met again is a cycle."""

    def lookup(self, name: str) -> Value:
        """The value of a fact or metric by name; raises `EvalError`."""
        if name in self.values:
            return self.values[name]
        # The rubric's own metric, else the candidate's fact, else the catalogue's metric.
        metric: Expression | Metric | None = self.rubric.metrics.get(name)
        text = self.cand.facts.get(name)
        if metric is None and text is None:
            metric = catalogued(name)
            if metric is None:
                raise EvalError(f"lacks fact '{name}'", name, missing=True)
        if metric is not None:
            value = self._compute(name, metric)
            self.values[name] = value
            return value
        assert text is not None
        # A text reads the same under any name; only a failure names the fact, so it is not kept.
        got = self.reads.get(text)
        if got is None:
            got = self.reads[text] = fact_value(name, text)
        return got

    def _compute(self, name: str, metric: Expression | Metric) -> Value:
        """`metric`'s value; a cycle, an overflow or an inexact operation is an `EvalError`."""
        if name in self.computing:
            # A rubric metric may shadow a catalogue one that refers back to it.
            chain = " -> ".join([*self.computing[self.computing.index(name):], name])
            raise EvalError(f"metrics refer to each other in a cycle: {chain}", name)
        outer = self.computing
        self.computing = (*outer, name)
        try:
            return metric.evaluate(self.lookup)
        except EvalError as exc:
            exc.metric = exc.metric or name
            raise
        except (DecimalException, RecursionError) as exc:
            failed = EvalError(f"the result cannot be computed exactly ({type(exc).__name__}: "
                               "a value too large or too deeply nested)", None)
            failed.metric = name
            raise failed from None
        finally:
            self.computing = outer

    def formula(self, metric: str) -> str:
        own = self.rubric.metrics.get(metric)
        if own is not None:
            return own.text
        listed = catalogued(metric)
        return listed.formula if listed is not None else ""

    def explain(self, exc: EvalError, user: str) -> str:
        """Say what went wrong for this candidate while computing what `user` needs."""
        who = f"candidate '{self.cand.id}'"
        via = f"metric '{exc.metric}' ({self.formula(exc.metric)})" if exc.metric else ""
        if exc.missing:
            return f"{who} lacks fact '{exc.name}', needed by {via + ' for ' if via else ''}{user}"
        return f"{user}: {who}{', ' + via if via else ''}: {exc}"


def fact_value(name: str, text: str) -> Value:
    """A fact as an expression reads it: a number, or true/false for a yes/no word."""
    try:
        return read_number(text)
    except NumberError as exc:
        answer = yes_no(text)
        if answer is not None and exc.generic:
            return answer
        raise EvalError(f"fact '{name}' is {shown(text)}, expected {exc.expected}", name) from None


def where(cand: Candidate, exc: EvalError) -> tuple[PathKey, ...]:
    """The fact a failed computation points at, when the candidate has it; else its facts."""
    return ("facts", exc.name) if exc.name is not None and exc.name in cand.facts else ("facts",)


def names_used(rubric: Rubric, facts: set[str]) -> set[str]:
    """Every fact or metric name the rubric reads: criteria, `value:`s, metrics, gate checks.

    Metrics are followed to the names they read; a catalogue metric only where no fact of
    the same name (in `facts`, all candidates' fact names) stands in for it.
    """
    # A criterion without `value:` reads only the fact under its id, never a metric of that name.
    own_facts = {c.id for c in rubric.criteria if c.value is None}
    used: set[str] = set()
    frontier = [c.value for c in rubric.criteria if c.value is not None]
    frontier += list(rubric.metrics)
    frontier += [n for g in rubric.gates if g.check is not None for n in g.check.names]
    frontier += [n for a in rubric.adjustments for n in a.when.names]
    frontier += [t.fact for t in rubric.tie_break if not isinstance(t, str)]  # the others are section or criterion ids
    frontier += [rubric.quota_groups] if rubric.quota_groups else []  # read as written, to group
    while frontier:
        name = frontier.pop()
        if name in used:
            continue
        used.add(name)
        own = rubric.metrics.get(name)
        if own is not None:
            frontier += own.names
            continue
        if name in facts:
            continue
        listed = catalogued(name)
        if listed is not None:
            frontier += listed.expression.names
    return used | own_facts
