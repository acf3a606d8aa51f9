"""`scoring explain`: one candidate's working as exact figures, read from the evaluation's trail.

Nothing is recomputed here: every figure is a field of the result (scoring.model.results),
written as an exact string (after the engine's snapping to 40 places, no trailing zeros).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.model.errors import ScoringError, unknown
from scoring.model.numbers import Amount, plain
from scoring.model.results import (
    Aggregated,
    BandsRule,
    CandidateResult,
    CriterionResult,
    Evaluation,
    EvaluatorPoints,
    GateResult,
    LevelsRule,
    RankRule,
    RatioRule,
    Rule,
    reported,
    snapped,
)
from scoring.model.rubric import TieFact

_HUNDRED = Decimal(100)


def figure(value: Decimal) -> str:
    """An exact figure: snapped to 40 places as the engine does, plain notation, no trailing zeros."""
    return plain(snapped(value))


def explain(evaluation: Evaluation, candidate_id: str, criterion_id: str | None = None) -> dict[str, Any]:
    """The explanation of `candidate_id` (only `criterion_id`'s criterion when given) as JSON data.

    Raises `ScoringError` for an unknown candidate or criterion, with the closest ids suggested.
    """
    found = {r.candidate.id: r for r in evaluation.candidates}
    if candidate_id not in found:
        raise ScoringError(unknown("candidate", candidate_id, found))
    result = found[candidate_id]
    ids = [c.id for s in evaluation.rubric.sections for c in s.criteria]
    if criterion_id is not None and criterion_id not in ids:
        raise ScoringError(unknown("criterion", criterion_id, ids))
    rubric = evaluation.rubric
    out: dict[str, Any] = {
        "rubric": {"id": rubric.id, "title": rubric.title, "sha256": rubric.sha256},
        "candidate": {"id": result.candidate.id, "name": result.candidate.name},
        "qualified": result.qualified,
        "failed_gates": list(result.failed_gates),
        "gates": {g.id: _gate(g) for g in result.gates},
    }
    out.update(_figures(evaluation, result, criterion_id))
    return out


def _gate(g: GateResult) -> dict[str, Any]:
    given = g.given if isinstance(g.given, str | None) else ("true" if g.given else "false")
    return {"passed": g.passed, "check": g.check, "answer": g.answer, "given": given, "facts": {}}


def _figures(evaluation: Evaluation, result: CandidateResult, criterion_id: str | None) -> dict[str, Any]:
    """Criteria, sections, total, grade, rank and tie; null ones for a disqualified candidate."""
    score = result.score
    decimals = evaluation.rubric.decimals
    if score is None:
        return {"criteria": None, "sections": None, "total": None, "total_reported": None,
                "decimals": decimals, "grade": None, "grade_by_score": None, "moves": [],
                "rank": None, "of": None, "tie": None}
    chosen = [c for c in score.criteria if criterion_id in (None, c.criterion.id)]
    grade = _grade(evaluation, score.grade)
    by_score = _grade(evaluation, score.grade_by_score) if score.grade_by_score is not None else grade
    moves = [{"candidate": m.candidate, "from": m.source, "to": m.to, "rule": m.rule}
             for d in evaluation.distribution for m in d.moves if m.candidate == result.candidate.id]
    return {
        "criteria": {c.criterion.id: _criterion(evaluation, c) for c in chosen},
        "sections": {s.section.id: {"earned": figure(s.earned), "maximum": figure(s.maximum),
                                    "share": figure(s.share), "points": figure(s.points),
                                    "points_reported": f"{reported(s.points, decimals):f}"}
                     for s in score.sections},
        "total": figure(score.total),
        "total_reported": f"{score.reported_total:f}",
        "decimals": decimals,
        "grade": grade, "grade_by_score": by_score, "moves": moves,
        "rank": score.rank,
        "of": sum(1 for r in evaluation.candidates if r.qualified),
        "tie": _tie(evaluation, result),
    }


def _grade(evaluation: Evaluation, label: str | None) -> dict[str, str] | None:
    for g in evaluation.rubric.grades:
        if g.label == label:
            return {"label": g.label, "min": figure(g.min)}
    return None


def _criterion(evaluation: Evaluation, c: CriterionResult) -> dict[str, Any]:
    """One criterion's working: where its value came from, the rule, points and contribution."""
    value = figure(c.value) if isinstance(c.value, Decimal) else c.value
    return {
        "source": c.source, "value": value, "formula": None, "facts": {},
        "evaluators": [_evaluator(e) for e in c.evaluators],
        "aggregation": None if c.aggregation is None else _aggregation(c.aggregation, c.evaluators),
        "rule": None if c.rule is None else _scale_facts(rule_dict(c.rule, evaluation), evaluation, c),
        "points": figure(c.points),
        "points_reported": f"{reported(c.points, evaluation.rubric.decimals):f}",
        "maximum": figure(c.maximum), "share": figure(c.share), "contribution": figure(c.contribution),
        "moderated": None if c.original is None else {"original": figure(c.original), "reason": c.reason},
    }


def _evaluator(e: EvaluatorPoints) -> dict[str, Any]:
    return {"evaluator": e.evaluator, "role": e.role, "given": e.given, "points": figure(e.points),
            "dropped": e.dropped, "rule": rule_dict(e.rule, None)}


def _aggregation(a: Aggregated, scores: tuple[EvaluatorPoints, ...]) -> dict[str, Any]:
    """How the scores combined; a trimmed mean's kept ids, role weights after renormalising."""
    out: dict[str, Any] = {"method": a.method, "trim": a.trim, "fallback": None if a.fallback is None else
                           {"scores": a.fallback.scores, "needed": a.fallback.needed,
                            "reason": a.fallback.reason, "to": a.fallback.to}}
    if a.method == "trimmed-mean":
        out["kept"] = [e.evaluator for e in scores if not e.dropped]
    if a.method == "weighted" and a.present_weight:
        present = a.present_weight
        out["present_weight"] = figure(present * _HUNDRED)
        out["roles"] = [{"role": r.role, "weight": figure(r.weight * _HUNDRED), "evaluators": list(r.evaluators),
                         "mean": figure(r.mean), "effective_weight": figure(r.weight / present * _HUNDRED)}
                        for r in a.roles]
    return out


def rule_dict(rule: Rule, evaluation: Evaluation | None) -> dict[str, Any]:
    """A scale rule's fields as exact strings; a ratio also gets its `ratio`."""
    out: dict[str, Any] = {}
    for name, value in vars(rule).items():
        if isinstance(value, Decimal):
            out[name] = figure(value)
        elif isinstance(value, tuple):
            out[name] = [figure(v) if isinstance(v, Decimal) else v for v in value]
        else:
            out[name] = value
    if isinstance(rule, RatioRule):
        ratio = rule.benchmark / rule.value if rule.best == "lowest" else rule.value / rule.benchmark
        out["ratio"] = figure(ratio) if rule.value else None
    return out


def _written(amount: Amount) -> str:
    """Points as written: `"40%"` for a percent of the maximum, else the exact number."""
    return f"{figure(amount.value * _HUNDRED)}%" if amount.percent else figure(amount.value)


def _scale_facts(out: dict[str, Any], evaluation: Evaluation, c: CriterionResult) -> dict[str, Any]:
    """Explain's additions to a rule: the band's bounds and amount, the level's amount, rank best/worst."""
    rule, scale = c.rule, c.criterion.scale
    if isinstance(rule, BandsRule) and scale.kind == "bands":
        band = scale.bands[rule.band]
        out.update(min=None if band.min is None else figure(band.min),
                   max=None if band.max is None else figure(band.max), amount=_written(band.points))
    elif isinstance(rule, LevelsRule) and scale.kind == "levels":
        out["amount"] = _written(scale.levels[rule.level].points)
    elif isinstance(rule, RankRule):
        values = sorted(_rank_values(evaluation, c.criterion.id))
        low, high = figure(values[0]), figure(values[-1])
        first_low = rule.order == "lowest-first"
        out.update(best=low if first_low else high, worst=high if first_low else low)
    return out


def _rank_values(evaluation: Evaluation, criterion_id: str) -> list[Decimal]:
    """The values the rank scale ordered: every qualified candidate's, as their results record them."""
    return [c.rule.value for r in evaluation.candidates if r.score is not None for c in r.score.criteria
            if c.criterion.id == criterion_id and isinstance(c.rule, RankRule)]


def _tie(evaluation: Evaluation, result: CandidateResult) -> dict[str, Any] | None:
    """Who shares the reported total, and the first tie-break entry that separated them."""
    mine = result.reported_total
    shared = [r for r in evaluation.candidates if r.qualified and r.reported_total == mine]
    if len(shared) < 2:
        return None
    for entry in evaluation.rubric.tie_break:
        if isinstance(entry, TieFact):  # the fact as the candidate gave it
            values = {r.candidate.id: r.candidate.facts.get(entry.fact) for r in shared}
            named = f"{{fact: {entry.fact}, order: {entry.order}}}"
        else:
            values = {r.candidate.id: _part(r, entry) for r in shared}
            named = entry
        if len(set(values.values())) > 1:
            return {"with": [r.candidate.id for r in shared], "decided_by": named, "values": values}
    return {"with": [r.candidate.id for r in shared], "decided_by": None, "values": {}}


def _part(result: CandidateResult, entry: str) -> str | None:
    """A section's or criterion's points for a tie-break entry, as the result records them."""
    for s in result.sections:
        if s.section.id == entry:
            return figure(s.points)
    for c in result.criteria:
        if c.criterion.id == entry:
            return figure(c.contribution)
    return None
