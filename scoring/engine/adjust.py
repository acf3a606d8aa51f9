"""Policy price adjustments (政策性价格扣除, procurement.md §3): a qualified candidate's
evaluated price, on which its price criteria are scored."""

from __future__ import annotations

from decimal import Decimal

from scoring.engine.environment import Values
from scoring.engine.run import Run, at, env_of, in_rubric
from scoring.model.errors import PathKey
from scoring.model.expr import EvalError
from scoring.model.inputs import Candidate
from scoring.model.numbers import NumberError, percent_text, read_number
from scoring.model.prices import Adjustment, Applied, Price
from scoring.model.rubric import Criterion

_ONE = Decimal(1)


def adjusts(run: Run, criterion: Criterion) -> bool:
    """Whether some adjustment names `criterion`."""
    return bool(run.rubric.adjustments) and criterion.id in run.rubric.adjusted_ids  # most rubrics have none


def evaluated(run: Run, criterion: Criterion, cand: Candidate, values: Values, price: Decimal) -> Decimal | None:
    """The evaluated price of `cand` for `criterion`, recorded in `run.prices`; None after a
    problem (reported in `run.problems`)."""
    applied: list[Applied] = []
    ok = True
    for i, adj in enumerate(run.rubric.adjustments):
        if criterion.id not in adj.price:
            continue
        applies = _applies(run, i, adj, cand, values)
        if applies is None:
            ok = False
        elif applies:
            applied.append(Applied(adj.id, adj.deduct, price * adj.deduct))
    if not ok:
        return None
    total = sum((a.deduct for a in applied), Decimal(0))
    if total >= _ONE:  # deductions add up on the original price; a whole price or more is no price
        names = ", ".join(f"'{a.id}'" for a in applied)
        run.problems.append(at(run, cand, ("id",), f"candidate '{cand.id}': the adjustments {names} of criterion "
                                                   f"'{criterion.id}' deduct {percent_text(total)} together; "
                                                   f"expected less than 100%"))
        return None
    value = price * (_ONE - total)
    run.prices.setdefault(cand.id, {})[criterion.id] = Price(price, value, tuple(applied))
    return value


def _applies(run: Run, index: int, adj: Adjustment, cand: Candidate, values: Values) -> bool | None:
    """Whether adjustment `adj` applies to `cand`; None after a problem."""
    key = (index, cand.id)
    if key in run.adjusted:  # several criteria named by one adjustment ask once
        return run.adjusted[key]
    env = env_of(run, cand, values)
    try:
        got = adj.when.evaluate(env.lookup)
    except EvalError as exc:
        if exc.missing:
            message = (f"candidate '{cand.id}' lacks fact '{exc.name}', needed by adjustment '{adj.id}' "
                       f"({adj.when.text})")
        else:
            message = env.explain(exc, f"adjustment '{adj.id}' ({adj.when.text})")
        run.problems.append(at(run, cand, ("facts",), message))
        run.adjusted[key] = None
        return None
    if not isinstance(got, bool):
        run.problems.append(in_rubric(run, ("adjustments", index, "when"),
                                      f"expected a true/false condition such as 'sme', got a number ({got})"))
        run.adjusted[key] = None
        return None
    run.adjusted[key] = got
    return got


def evaluated_found(run: Run, criterion: Criterion, cand: Candidate, values: Values,
                    found: tuple[str, str | Decimal, tuple[PathKey, ...]]) -> tuple[str, str | Decimal,
                                                                                   tuple[PathKey, ...]] | None:
    """A found value of a price criterion on an absolute scale, its number replaced by the
    evaluated price; None after a problem."""
    source, text, path = found
    try:
        number = text if isinstance(text, Decimal) else read_number(text)
    except NumberError as exc:
        run.problems.append(at(run, cand, path, f"criterion '{criterion.id}': {exc}"))
        return None
    value = evaluated(run, criterion, cand, values, number)
    return None if value is None else (source, value, path)
