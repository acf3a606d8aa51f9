"""Score the criteria evaluators scored: read each score on its scale, combine, keep the working."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import DecimalException

from scoring.engine import scales
from scoring.engine.aggregate import combine
from scoring.engine.environment import Values
from scoring.engine.run import Judged, Rows, Run, error
from scoring.engine.scales import Points, ScaleError
from scoring.engine.valued import fact_result
from scoring.engine.working import aggregated, judged_result
from scoring.model.inputs import Candidate
from scoring.model.results import CriterionResult, EvaluatorPoints
from scoring.model.rubric import Criterion

Row = tuple[Candidate, Values, int, tuple[Mapping[str, str], ...]]
"""A qualified candidate, its metrics, its evaluator group and their sheets."""
Entry = tuple[str, str | None, str, Points]
"""(evaluator, role, text, points) of one score."""

_JUDGED_KINDS = ("levels", "direct")
FAILED = object()
"""What `judged` returns after it reported a problem."""


def judge_all(run: Run, criteria: list[Criterion], qualified: Rows
              ) -> Iterator[tuple[CriterionResult | None, ...]]:
    """Score the criteria evaluators scored, for every candidate: the hot loop.

    Yields, per qualified candidate, its results in the order of `criteria` (None after a
    reported problem), one at a time so that no list of them is kept. Most candidates hit a
    result already computed for the same (evaluator, score) pairs. Each evaluator's scores of
    all these criteria are fetched at once, and transposed into one tuple of texts per
    criterion, looked up in C (`map(dict.get, ...)`).
    """
    ids = [c.id for c in criteria]
    fetch: Callable[[Mapping[str, str]], tuple[str, ...]]
    fetch = operator.itemgetter(*ids) if len(ids) > 1 else (lambda sheet: (sheet[ids[0]],))
    # Per evaluator group, per criterion: results by texts alone, so the hot lookup builds no key.
    by_group: dict[int, list[dict[tuple[str, ...], CriterionResult]]] = {}
    get, group_of, active = dict.get, run.group, run.active
    empty: list[tuple[str, ...]] = [()] * len(ids)
    unknown = (None,) * len(ids)
    # A text tuple met again under another criterion is kept once: keys stay few.
    canonical: dict[tuple[str, ...], tuple[str, ...]] = {}
    for cand, values in qualified:
        # Each active evaluator's sheet, made here rather than kept for the whole run.
        group, sheets = group_of[cand.id], tuple(map(cand.scores.__getitem__, active[cand.id]))
        known = by_group.get(group)
        if known is None:
            known = by_group[group] = [{} for _ in ids]
        try:
            got = tuple(map(get, known, zip(*map(fetch, sheets), strict=True) if sheets else empty))
        except KeyError:  # someone left a criterion out: `_missed` takes each criterion on its own
            got = unknown
        yield got if None not in got else _missed(run, criteria, (cand, values, group, sheets), known, got, canonical)


def _missed(run: Run, criteria: list[Criterion], row: Row, known: list[dict[tuple[str, ...], CriterionResult]],
            got: tuple[CriterionResult | None, ...], canonical: dict[tuple[str, ...], tuple[str, ...]]
            ) -> tuple[CriterionResult | None, ...]:
    """`got` with the results not known yet worked out (and remembered when they are judged)."""
    cand, values, group, sheets = row
    filled = list(got)
    for k, result in enumerate(got):
        if result is not None:
            continue
        texts = tuple([sheet.get(criteria[k].id, "") for sheet in sheets])
        texts = canonical.setdefault(texts, texts)
        made: CriterionResult | None | object = known[k].get(texts)
        if made is None:
            made = judged(run, criteria[k], cand, (group, texts))
        if made is None:  # nobody scored it for this candidate: its fact or metric
            filled[k] = fact_result(run, criteria[k], cand, values)
        elif isinstance(made, CriterionResult):
            filled[k] = known[k][texts] = made
    return tuple(filled)


def judged(run: Run, criterion: Criterion, cand: Candidate,
           key: tuple[int, tuple[str, ...]]) -> CriterionResult | None | object:
    """The judged result; None when nobody scored it; `FAILED` after a reported problem.

    `key` is (the candidate's evaluator group, each evaluator's text). `judge_all` remembers
    the result; the points and working are remembered here for every criterion on the scale.
    """
    cid = criterion.id
    if cid not in run.scored:
        return None
    table = run.judged_parts[cid]
    parts = table.get(key)
    if parts is not None and all(map(str.strip, key[1])):  # worked out before, and nobody left it empty
        return judged_result(run, criterion, *parts)
    evaluators = run.active[cand.id]
    scorers = [e for e, text in zip(evaluators, key[1], strict=True) if text.strip()]
    if not scorers:
        if evaluators and criterion.scale.kind in _JUDGED_KINDS and not _has_value(criterion, cand):
            for e in evaluators:
                error(run, cand, ("scores", e), f"evaluator '{e}' left criterion '{cid}' of candidate "
                      f"'{cand.id}' empty")
            return FAILED
        return None
    failed = len(scorers) < len(evaluators) and _missing(run, cand, cid, evaluators, scorers)
    if parts is None:
        parts = _combined(run, criterion, cand, scorers)
        if parts is None:
            return FAILED
        table[key] = parts
    if failed:
        return FAILED
    return judged_result(run, criterion, *parts)


def _combined(run: Run, criterion: Criterion, cand: Candidate, scorers: list[str]) -> Judged | None:
    """Each scorer's points, how they combined, and the points; None after a reported problem."""
    entries = points_of(run, criterion, cand, scorers)
    if entries is None:
        return None
    how = run.rubric.aggregation
    try:
        combined = combine(how, [g.points for *_, g in entries], [r for _, r, _, _ in entries],
                           [e for e, *_ in entries])
    except DecimalException as exc:
        error(run, cand, ("scores",), f"criterion '{criterion.id}': cannot combine the scores ({type(exc).__name__})")
        return None
    trail = tuple(
        EvaluatorPoints(e, role, text, got.points, got.label, i in combined.dropped, got.rule)
        for i, (e, role, text, got) in enumerate(entries)
    )
    if how.method == "trimmed-mean" and not combined.fallback:
        working = run.trimmed  # the same for every criterion: shared, as results are immutable
    else:
        working = aggregated(how, combined, len(entries))
        run.fell_back = run.fell_back or working.fallback is not None
    return trail, working, combined.points


def _missing(run: Run, cand: Candidate, cid: str, evaluators: Sequence[str], scorers: Sequence[str]) -> bool:
    """Report each of the candidate's evaluators who left the criterion empty, unless allowed."""
    if run.allow_missing:
        return False
    failed = False
    for e in evaluators:
        if e not in scorers:
            error(run, cand, ("scores", e), f"evaluator '{e}' left criterion '{cid}' of candidate "
                  f"'{cand.id}' empty (use --allow-missing to score without it)")
            failed = True
    return failed


def points_of(run: Run, criterion: Criterion, cand: Candidate, scorers: list[str]) -> list[Entry] | None:
    """(evaluator, role, text, points) of each scorer; None after a reported problem."""
    cid = criterion.id
    roles = run.rubric.aggregation.roles
    weighted = run.rubric.aggregation.method == "weighted"
    cache = run.cache[cid]
    entries: list[Entry] = []
    failed = False
    for e in scorers:
        text = cand.scores[e][cid]
        role = cand.evaluators.get(e) or run.roles.get(e)  # role_of, inlined: once per score read
        if weighted and role not in roles:
            if role is None:  # a declared role without weight is reported once, by check_roles
                error(run, cand, ("scores", e), f"evaluator '{e}' has no role; method 'weighted' needs "
                      f"one of {', '.join(roles)} under evaluators.{e}.role")
            failed = True
            continue
        got = cache.get(text)
        if got is None:
            try:
                got = scales.points(criterion, text, run.maximum[cid])
            except ScaleError as exc:
                error(run, cand, ("scores", e, cid), f"{exc}")
                failed = True
                continue
            cache[text] = got
        entries.append((e, role, text, got))
    return None if failed else entries


def _has_value(criterion: Criterion, cand: Candidate) -> bool:
    return criterion.id in cand.facts or criterion.value is not None
