"""Score criteria whose value is a candidate's fact or a metric: absolute scales and relative ones."""

from __future__ import annotations

from decimal import Decimal

from scoring.engine import scales
from scoring.engine.adjust import adjusts, evaluated, evaluated_found
from scoring.engine.environment import Values, catalogued, where
from scoring.engine.run import Rows, Run, env_of, error
from scoring.engine.scales import ScaleError
from scoring.engine.working import valued_result
from scoring.model.errors import PathKey
from scoring.model.expr import EvalError
from scoring.model.inputs import Candidate
from scoring.model.numbers import NumberError, read_number
from scoring.model.results import Benchmark, CriterionResult
from scoring.model.rubric import BandsScale, Criterion, LinearScale, RankScale, RatioScale

_METRIC_PATH: tuple[PathKey, ...] = ("facts",)
Found = tuple[str, str | Decimal, tuple[PathKey, ...]]
"""(source, value as text or computed number, where it is) of a fact or metric."""


def valued_column(run: Run, criterion: Criterion, rows: Rows) -> list[CriterionResult | None]:
    """A fact or metric criterion on an absolute scale, for every row: their results in order
    (None after a reported problem). A fact's text, or a metric's value, decides the whole
    result, so each is worked out once per criterion."""
    name, cid = criterion.value, criterion.id
    if adjusts(run, criterion):
        return as_given(run, criterion, rows, [fact_result(run, criterion, cand, values) for cand, values in rows])
    seen: dict[str | Decimal | None, CriterionResult] = {}
    table = run.valued_points[cid]
    contributions: dict[Decimal, Decimal] = {}
    computes = name is not None and name in run.rubric.metrics  # as `value_of` would compute it
    out: list[CriterionResult | None] = []
    add = out.append
    for cand, values in rows:
        # By a fact's text, or a metric's number (a yes/no metric, as True equals 1, is not
        # remembered here: `fact_result` keeps it by its text).
        key: str | Decimal | None
        if name is None:
            key = cand.facts.get(cid)
        else:
            value = values.get(name)
            if value is None and computes:
                try:
                    value = env_of(run, cand, values).lookup(name)
                except EvalError:  # `fact_result` reports it
                    value = None
            key = None if isinstance(value, bool) else value
        result = seen.get(key)
        if result is None:
            # A metric another criterion on this scale has read already: its points are known.
            got = table.get(key) if name is not None and isinstance(key, Decimal) else None
            if got is not None:
                result = valued_result(run, criterion, "metric", got, contributions)
            else:  # `seen` remembers it by its key; without one, `known` must
                result = fact_result(run, criterion, cand, values, remember=key is None)
            if result is not None and key is not None:
                seen[key] = result
        add(result)
    return out


def fact_result(run: Run, criterion: Criterion, cand: Candidate, values: Values, *,
                remember: bool = True) -> CriterionResult | None:
    """The result of a fact or metric on an absolute scale; None after a reported problem.

    With `remember`, a new result is kept for the candidates that find the same value."""
    known = run.results[criterion.id]
    name = criterion.value
    adjusted = adjusts(run, criterion)
    # A metric this candidate has computed already (several criteria often read one) is
    # taken as `value_of` would find it.
    computed = None if name is None else values.get(name)
    found = value_of(run, criterion, cand, values) if computed is None else (
        "metric", computed if isinstance(computed, Decimal) else str(computed), _METRIC_PATH)
    if found is not None and adjusted:  # bands and linear read the evaluated price too
        found = evaluated_found(run, criterion, cand, values, found)
    if found is None:
        return None
    source, text, path = found
    result = known.get((source, text))
    if result is None:
        neutral = source == "metric" or _percent_fact(run, criterion, path)
        if neutral is None:
            error(run, cand, path, _plain_scale_message(criterion, path))
            return None
        table = run.valued_points[criterion.id]
        # A metric's number alone (no tuple to keep per value): it never equals a tuple key.
        entry = text if source == "metric" and isinstance(text, Decimal) else (neutral, text)
        got = table.get(entry)
        if got is None:
            try:
                points = scales.points(criterion, text, run.maximum[criterion.id], neutral=neutral)
            except ScaleError as exc:
                error(run, cand, path, f"criterion '{criterion.id}': {exc}")
                return None
            # The result read alike serves the other criteria of the table: no Points kept.
            result = table[entry] = valued_result(run, criterion, source, points)
        else:
            result = valued_result(run, criterion, source, got)
        if remember:
            known[(source, text)] = result
    return result


def _percent_fact(run: Run, criterion: Criterion, path: tuple[PathKey, ...]) -> bool | None:
    """Whether the fact at `path` is declared `unit: "%"`, so that 0.92 and 92% both meet a
    scale's percent bounds (the declared unit wins over how it is written); None when such a
    fact feeds a scale whose bounds are plain numbers, which it cannot meet either way."""
    declared = run.rubric.facts.get(str(path[-1])) if path[:1] == ("facts",) else None
    if declared is None or declared.unit != "%":
        return False
    scale = criterion.scale
    return None if isinstance(scale, (BandsScale, LinearScale)) and scale.unit == "plain" else True


def _plain_scale_message(criterion: Criterion, path: tuple[PathKey, ...]) -> str:
    """Why a `%` fact cannot feed this criterion's scale."""
    what = "bands" if isinstance(criterion.scale, BandsScale) else "knots"
    return (f"criterion '{criterion.id}': fact '{path[-1]}' is a percent (unit \"%\" in the rubric's facts), "
            f"but the scale's {what} are written as plain numbers; write them as percents")


def value_of(run: Run, criterion: Criterion, cand: Candidate, values: Values) -> Found | None:
    """(source, value, where it is) of a fact or metric criterion; None after a problem."""
    name = criterion.value
    if name is None:  # nobody scores it: the candidate's fact under its id
        if criterion.id in cand.facts:
            return ("fact", cand.facts[criterion.id], ("facts", criterion.id))
        error(run, cand, ("id",), f"candidate '{cand.id}' has no value for criterion '{criterion.id}'; "
              f"expected evaluators' scores or a fact '{criterion.id}'")
        return None
    # `value: NAME` always wins, even over a fact named like the criterion. A rubric metric
    # and a fact of one name are reported as a clash; a fact stands in for a catalogue metric.
    if name in run.rubric.metrics or (name not in cand.facts and catalogued(name) is not None):
        env = env_of(run, cand, values)
        try:
            value = env.lookup(name)
        except EvalError as exc:
            error(run, cand, where(cand, exc), env.explain(exc, f"criterion '{criterion.id}'"))
            return None
        # A computed number flows as the Decimal it is: the limits on written numbers are not for it.
        return ("metric", value if isinstance(value, Decimal) else str(value), _METRIC_PATH)
    if name in cand.facts:
        return ("fact", cand.facts[name], ("facts", name))
    from scoring.model.metrics import CATALOGUE

    known = run.rubric.metrics.keys() | CATALOGUE.keys() | run.fact_names
    if name in known:
        error(run, cand, ("facts",), f"candidate '{cand.id}' lacks fact '{name}', "
              f"which criterion '{criterion.id}' takes its value from")
    return None


def relative(run: Run, criterion: Criterion, qualified: Rows) -> list[CriterionResult | None]:
    """A ratio or rank criterion scored over every qualified candidate at once: their results in
    the order of `qualified` (None after a reported problem)."""
    values, sources = _numbers(run, criterion, qualified)
    scale = criterion.scale
    assert isinstance(scale, (RatioScale, RankScale))  # only relative kinds come here
    try:
        got = scales.relative_points(scale, values, run.maximum[criterion.id])
    except ScaleError as exc:
        cand = next(c for c, _ in qualified if c.id in values)
        error(run, cand, ("facts",), f"criterion '{criterion.id}': {exc}")
        return [None] * len(qualified)
    # Within one criterion a value and its source decide the whole result (position, place,
    # benchmark): candidates with equal values share one, as results are immutable.
    # `relative_points` shares one Points among equal values written alike, so its identity
    # (with the source) is the key.
    made: dict[tuple[str, int], CriterionResult] = {}
    share = isinstance(scale, RankScale)  # a ratio's points are the candidate's own
    out: list[CriterionResult | None] = []
    for cand, _ in qualified:
        try:
            points = got.get(cand.id)
        except ScaleError as exc:  # a ratio's points are worked out as they are read
            error(run, cand, ("facts",), f"criterion '{criterion.id}': {exc}")
            points = None
        if points is None:
            out.append(None)
            continue
        if not share:
            out.append(valued_result(run, criterion, sources[cand.id], points))
            continue
        key = (sources[cand.id], id(points))
        result = made.get(key)
        if result is None:
            result = made[key] = valued_result(run, criterion, sources[cand.id], points)
        out.append(result)
    if isinstance(got, scales.Ratios):
        run.benchmarks[criterion.id] = Benchmark(got.benchmark, got.setters)
    return as_given(run, criterion, qualified, out)


def as_given(run: Run, criterion: Criterion, rows: Rows, results: list[CriterionResult | None]
             ) -> list[CriterionResult | None]:
    """A price criterion's results with `value` the price as given; their rules keep the evaluated
    price the scale read (api.md §2). Other criteria's results as they are."""
    if not adjusts(run, criterion):
        return results
    out = []
    for (cand, _), result in zip(rows, results, strict=True):
        price = run.prices.get(cand.id, {}).get(criterion.id)
        out.append(result if result is None or price is None else result._replace(value=price.price))
    return out


def _numbers(run: Run, criterion: Criterion, qualified: Rows
             ) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Each qualified candidate's value of a relative criterion, and where it came from, by id."""
    values: dict[str, Decimal] = {}
    sources: dict[str, str] = {}
    read = run.reads  # each distinct text is read once: facts repeat
    cid = criterion.id
    adjusted = adjusts(run, criterion)  # the scale sees the evaluated price (procurement.md §3)
    # The common case first: a plain fact nobody scores, whose text was read as a number before.
    fact = criterion.value or cid
    simple = not adjusted and cid not in run.scored and fact not in run.rubric.metrics
    for cand, metrics in qualified:
        if simple and isinstance(known := read.get(cand.facts.get(fact, "")), Decimal):
            values[cand.id], sources[cand.id] = known, "fact"
            continue
        if cid in run.scored and any(cid in given for given in cand.scores.values()):
            e = next(e for e, given in cand.scores.items() if cid in given)
            error(run, cand, ("scores", e, cid), f"criterion '{cid}' uses a "
                  f"{criterion.scale.kind} scale, which compares candidates' facts; "
                  f"give its value under facts.{cid}")
            continue
        found = value_of(run, criterion, cand, metrics)
        if found is None:
            continue
        source, text, path = found
        try:
            if isinstance(text, Decimal):
                number = text
            elif isinstance(known := read.get(text), Decimal):
                number = known
            else:  # a yes/no word read as a fact is no number here: read_number says so
                number = read[text] = read_number(text)
        except NumberError as exc:
            error(run, cand, path, f"criterion '{cid}': {exc}")
            continue
        if adjusted:
            price = evaluated(run, criterion, cand, metrics, number)
            if price is None:
                continue
            number = price
        values[cand.id], sources[cand.id] = number, source
    return values, sources
