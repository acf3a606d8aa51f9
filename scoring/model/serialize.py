"""An `Evaluation` as the plain data of `score --format json` (and `--working`): formatting only."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from scoring.model.expr import round_half_up
from scoring.model.numbers import json_number
from scoring.model.pricejson import benchmarks_dict, prices_dict
from scoring.model.results import (
    Aggregated,
    CandidateResult,
    CriterionResult,
    Distribution,
    EvaluatorPoints,
    LinearRule,
    RankRule,
    RatioRule,
    Rule,
    has_quotas,
)
from scoring.model.review import Flag

if TYPE_CHECKING:
    from scoring.model.results import Evaluation
    from scoring.model.rubric import Rubric

_HUNDRED = Decimal(100)


def evaluation_dict(evaluation: Evaluation, *, working: bool) -> dict[str, Any]:
    """The JSON document; with `working`, each candidate also carries its working."""
    rubric = evaluation.rubric
    fmt = _Numbers(rubric.decimals)
    quotas = has_quotas(rubric)
    out: dict[str, Any] = {
        "rubric": {"id": rubric.id, "title": rubric.title, "sha256": rubric.sha256},
        "benchmarks": benchmarks_dict(evaluation),
        "candidates": [_candidate(fmt, r, working, quotas) for r in evaluation.candidates],
    }
    if rubric.adjustments:  # procurement.md §4: on every candidate, null when disqualified
        for doc, result in zip(out["candidates"], evaluation.candidates, strict=True):
            doc["prices"] = prices_dict(evaluation, result)
    if quotas:  # a rubric without quotas gives exactly the output it always did
        out["distribution"] = [_distribution(d) for d in evaluation.distribution]
    if rubric.derived:  # analysis.md §3: only a rubric with comparisons gains the block
        out["pairwise"] = pairwise_dicts(rubric)
    if evaluation.review is not None:
        out["review"] = {
            "flags": [_flag(fmt, f) for f in evaluation.review.flags],
            "agreement": [
                {"criterion": a.criterion, "statistic": a.statistic,
                 "value": None if a.value is None else float(round_half_up(a.value, 3)),
                 "raters": a.raters, "subjects": a.subjects, "reading": a.reading}
                for a in evaluation.review.agreement
            ],
        }
    return out


def pairwise_dicts(rubric: Rubric) -> list[dict[str, Any]]:
    """Each `pairwise`'s derived weights (percent points, 2 decimals) with λmax and CR (4 decimals):
    the rubric's first, then the sections' in order."""
    out = []
    for section in (None, *(s.id for s in rubric.sections)):
        found = rubric.derived.get(section)
        if found is not None:
            out.append({"section": section,
                        "weights": {k: float(round_half_up(w * _HUNDRED, 2)) for k, w in found.weights.items()},
                        "lambda_max": float(round_half_up(found.lambda_max, 4)),
                        "cr": float(round_half_up(found.cr, 4))})
    return out


class Numbers(Protocol):
    """How the working writes its numbers: `score`'s rounded JSON numbers, or `explain`'s exact
    strings (tooling.md); the keys and shapes are the same either way."""

    def points(self, value: Decimal) -> Any:
        """A computed figure (points, maxima, shares, contributions, means)."""

    def written(self, value: Decimal | str | None) -> Any:
        """A value the user wrote (a raw score, a fact, a bound, a knot, a role weight) or a level key."""


class _Numbers:
    """Numbers as JSON: computed ones rounded to the rubric's decimals, written ones as they are."""

    def __init__(self, decimals: int) -> None:
        self.decimals = decimals

    def points(self, value: Decimal) -> float:
        """A computed figure, rounded half-up once (after the engine's snapping)."""
        from scoring.model.results import reported

        return float(reported(value, self.decimals))

    def written(self, value: Decimal | str | None) -> Any:
        """A written value exactly as written: an int when whole."""
        return written(value)


def written(value: Decimal | str | None) -> Any:
    """A value the user wrote (or a level key) exactly as written: an int when whole."""
    return json_number(value) if isinstance(value, Decimal) else value


def _flag(fmt: _Numbers, f: Flag) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": f.kind, "candidate": f.candidate, "criterion": f.criterion,
                           "message": flag_text(f)}
    if f.points is not None and f.median is not None:
        out.update(evaluator=f.evaluator, points=fmt.points(f.points), median_of_others=fmt.points(f.median))
    out["given"] = dict(f.given)
    return out


def flag_text(f: Flag) -> str:
    """A flag in one English sentence."""
    if f.points is not None and f.median is not None:
        return (f"{f.evaluator} gave {f.candidate} {_short(f.points)} on {f.criterion}, "
                f"{_short(f.median)} being the median of the others")
    values = ", ".join(f"{e}: {v}" for e, v in f.given)
    return f"evaluators disagree on objective criterion {f.criterion} of {f.candidate} ({values})"


def _short(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == round_half_up(value, 2) else f"{round_half_up(value, 2)}"


def _distribution(d: Distribution) -> dict[str, Any]:
    """One quota group as analysis.md §1.5 writes it."""
    return {
        "group": d.group, "exempt": d.exempt, "n": d.n,
        "grades": [{"label": c.label, "at_most": c.at_most, "at_least": c.at_least, "by_score": c.by_score,
                    "count": c.count} for c in d.grades],
        "moves": [{"candidate": m.candidate, "from": m.source, "to": m.to, "rule": m.rule} for m in d.moves],
    }


def _candidate(fmt: _Numbers, r: CandidateResult, working: bool, quotas: bool) -> dict[str, Any]:
    score = r.score
    out: dict[str, Any] = {
        "id": r.candidate.id,
        "name": r.candidate.name,
        "qualified": score is not None,
        "failed_gates": list(r.failed_gates),
        "rank": score.rank if score is not None else None,
        "total": float(score.reported_total) if score is not None else None,
        "grade": score.grade if score is not None else None,
        **({"grade_by_score": r.grade_by_score} if quotas else {}),
        "sections": {s.section.id: fmt.points(s.points) for s in score.sections if s.section.id}
        if score is not None else None,
        "criteria": {c.criterion.id: fmt.points(c.points) for c in score.criteria} if score is not None else None,
        "fallbacks": [c.criterion.id for c in r.criteria if c.fallback],
    }
    moderated = {c.criterion.id: _moderated(fmt, c) for c in r.criteria if c.original is not None}
    if moderated:
        out["moderated"] = moderated
    if r.candidate.comments:  # 评语 as written, only on candidates that have any (documents.md §1)
        out["comments"] = dict(r.candidate.comments)
    if working:
        out["working"] = working_dict(fmt, r)
    return out


def _moderated(fmt: Numbers, c: CriterionResult) -> dict[str, Any] | None:
    if c.original is None:
        return None
    return {"original": fmt.points(c.original), "points": fmt.points(c.points), "reason": c.reason}


def working_dict(fmt: Numbers, result: CandidateResult) -> dict[str, Any]:
    """A candidate's `working` (api.md §2), its numbers written by `fmt`."""
    gates, score = result.gates, result.score
    return {
        "gates": {g.id: {"passed": g.passed, "check": g.check, "answer": g.answer, "given": g.given} for g in gates},
        "criteria": {c.criterion.id: _criterion(fmt, c) for c in score.criteria} if score is not None else None,
        "sections": {s.section.id: {"earned": fmt.points(s.earned), "maximum": fmt.points(s.maximum),
                                    "share": fmt.points(s.share), "points": fmt.points(s.points)}
                     for s in score.sections if s.section.id} if score is not None else None,
    }


def _criterion(fmt: Numbers, c: CriterionResult) -> dict[str, Any]:
    return {
        "source": c.source,
        "value": fmt.written(c.value),
        "rule": None if c.rule is None else _rule(fmt, c.rule),
        "evaluators": [_evaluator(fmt, e) for e in c.evaluators],
        "aggregation": None if c.aggregation is None else _aggregation(fmt, c.aggregation),
        "points": fmt.points(c.points),
        "maximum": fmt.points(c.maximum),
        "share": fmt.points(c.share),
        "contribution": fmt.points(c.contribution),
        "moderated": _moderated(fmt, c),
    }


def _evaluator(fmt: Numbers, e: EvaluatorPoints) -> dict[str, Any]:
    return {"evaluator": e.evaluator, "role": e.role, "given": e.given, "points": fmt.points(e.points),
            "dropped": e.dropped, "rule": _rule(fmt, e.rule)}


def _aggregation(fmt: Numbers, a: Aggregated) -> dict[str, Any]:
    out: dict[str, Any] = {"method": a.method}
    if a.method == "trimmed-mean":
        out["trim"] = a.trim
        out["fallback"] = None if a.fallback is None else {
            "to": a.fallback.to, "scores": a.fallback.scores, "needed": a.fallback.needed,
            "reason": a.fallback.reason}
    elif a.method == "weighted":
        out["roles"] = [{"role": m.role, "weight": fmt.written(m.weight * _HUNDRED), "evaluators": list(m.evaluators),
                         "mean": fmt.points(m.mean)} for m in a.roles]
        out["present_weight"] = None if a.present_weight is None else fmt.written(a.present_weight * _HUNDRED)
    else:
        out["fallback"] = None
    return out


def _rule(fmt: Numbers, rule: Rule) -> dict[str, Any]:
    if isinstance(rule, LinearRule):
        return {"kind": rule.kind, "value": fmt.written(rule.value), "segment": list(rule.segment),
                "from": [fmt.written(rule.start[0]), fmt.points(rule.start[1])],
                "to": [fmt.written(rule.end[0]), fmt.points(rule.end[1])]}
    if isinstance(rule, RatioRule):
        return {"kind": rule.kind, "best": rule.best, "value": fmt.written(rule.value),
                "benchmark": fmt.written(rule.benchmark), "benchmark_candidates": list(rule.benchmark_candidates)}
    if isinstance(rule, RankRule):
        return {"kind": rule.kind, "order": rule.order, "value": fmt.written(rule.value), "place": rule.place,
                "position": rule.position, "of": rule.of}
    fields = {k: v for k, v in rule._asdict().items() if k != "kind"}
    return {"kind": rule.kind, **{k: fmt.written(v) for k, v in fields.items()}}
