"""`scoring explain`: one candidate's working as exact figures, read from the evaluation's trail.

The JSON is the candidate's `working` written by the model's own serializer (api.md §2) with an
exact number formatter, plus the keys tooling.md marks "+". Nothing is recomputed here: every
figure is a field of the result (scoring.model.results) or a value the user wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scoring.model.errors import ScoringError, unknown
from scoring.model.expr import RESERVED, tokens
from scoring.model.metrics import lookup_metric
from scoring.model.numbers import Amount
from scoring.model.results import (
    BandsRule,
    CandidateResult,
    CriterionResult,
    Evaluation,
    LevelsRule,
    RankRule,
    RatioRule,
    Rule,
    exact_text,
    reported,
)
from scoring.model.rubric import TieFact
from scoring.model.serialize import working_dict
from scoring.tooling.explain_names import shown_names

_HUNDRED = Decimal(100)


class Exact:
    """The serializer's numbers for explain: every figure a string holding the exact value."""

    def points(self, value: Decimal) -> str:
        """A computed figure, exact (api.md §6)."""
        return exact_text(value)

    def written(self, value: Decimal | str | None) -> Any:
        """A written value as its exact text; a level key, label or index as it is."""
        return exact_text(value) if isinstance(value, Decimal) else value


@dataclass(frozen=True)
class Explained:
    """Everything the two forms of an explanation show."""

    evaluation: Evaluation
    result: CandidateResult
    trail: dict[str, Any]
    """The JSON trail with every criterion (the JSON form keeps only CRITERION's when given)."""
    only: str | None
    """The criterion asked for, or None for all."""
    lang: str
    """The language of the text form."""
    names: Mapping[str, str]
    """How the text names each evaluator (a form label for an anonymous one)."""
    hidden: frozenset[str]
    """The evaluators shown only by their form label (anonymous, without `--names`)."""


def explanation(evaluation: Evaluation, candidate_id: str, criterion_id: str | None = None, *,
                lang: str | None = None, names: bool = False) -> Explained:
    """The explanation of `candidate_id`; raises `ScoringError` for an unknown candidate or
    criterion, with the closest ids suggested."""
    found = {r.candidate.id: r for r in evaluation.candidates}
    if candidate_id not in found:
        raise ScoringError(unknown("candidate", candidate_id, found))
    ids = [c.id for s in evaluation.rubric.sections for c in s.criteria]
    if criterion_id is not None and criterion_id not in ids:
        raise ScoringError(unknown("criterion", criterion_id, ids))
    result = found[candidate_id]
    language = lang or evaluation.rubric.locale
    in_json, in_text = shown_names(evaluation, result, language, names)
    trail = _trail(evaluation, result)
    _relabel(trail, in_json)
    return Explained(evaluation, result, trail, criterion_id, language, in_text, frozenset(in_json))


def explain(evaluation: Evaluation, candidate_id: str, criterion_id: str | None = None, *,
            lang: str | None = None, names: bool = False) -> dict[str, Any]:
    """The explanation of `candidate_id` (only `criterion_id`'s criterion when given) as JSON data."""
    done = explanation(evaluation, candidate_id, criterion_id, lang=lang, names=names)
    out = dict(done.trail)
    if criterion_id is not None and out["criteria"] is not None:
        out["criteria"] = {criterion_id: out["criteria"][criterion_id]}
    return out


def _trail(evaluation: Evaluation, result: CandidateResult) -> dict[str, Any]:
    """The working through the serializer, with explain's additions."""
    rubric = evaluation.rubric
    working = working_dict(Exact(), result)
    for gate in result.gates:
        working["gates"][gate.id]["facts"] = {} if gate.check is None else _read(evaluation, result, gate.check)
    out: dict[str, Any] = {
        "rubric": {"id": rubric.id, "title": rubric.title, "sha256": rubric.sha256},
        "candidate": {"id": result.candidate.id, "name": result.candidate.name},
        "qualified": result.qualified,
        "failed_gates": list(result.failed_gates),
        "gates": working["gates"],
    }
    out.update(_figures(evaluation, result, working))
    return out


def _read(evaluation: Evaluation, result: CandidateResult, text: str) -> dict[str, Any]:
    """The names an expression reads, in order of first appearance, each with its value: a fact as
    written, a metric as the engine computed it; None for one the evaluation never needed."""
    out: dict[str, Any] = {}
    for kind, word, _ in tokens(text):  # the rubric's expressions were checked when it loaded
        if kind != "name" or word in RESERVED or word in out:
            continue
        own_metric = word in evaluation.rubric.metrics
        if not own_metric and word in result.candidate.facts:
            out[word] = result.candidate.facts[word]
        else:
            got = result.metrics.get(word)
            out[word] = exact_text(got) if isinstance(got, Decimal) else got
    return out


def formula_of(evaluation: Evaluation, name: str) -> str | None:
    """A metric's expression as written (the rubric's, else the catalogue's); None for a fact."""
    own = evaluation.rubric.metrics.get(name)
    if own is not None:
        return own.text
    known = lookup_metric(name)
    return known.formula if known is not None else None


def _figures(evaluation: Evaluation, result: CandidateResult, working: dict[str, Any]) -> dict[str, Any]:
    """Criteria, sections, total, grade, rank and tie; null ones for a disqualified candidate."""
    score = result.score
    decimals = evaluation.rubric.decimals
    if score is None:
        return {"criteria": None, "sections": None, "total": None, "total_reported": None,
                "decimals": decimals, "grade": None, "grade_by_score": None, "moves": [],
                "rank": None, "of": None, "tie": None}
    criteria = {c.criterion.id: _criterion(evaluation, result, c, working["criteria"][c.criterion.id])
                for c in score.criteria}
    sections = working["sections"]
    for s in score.sections:
        if s.section.id in sections:
            sections[s.section.id]["points_reported"] = f"{reported(s.points, decimals):f}"
    grade = _grade(evaluation, score.grade)
    by_score = _grade(evaluation, score.grade_by_score) if score.grade_by_score is not None else grade
    moves = [{"candidate": m.candidate, "from": m.source, "to": m.to, "rule": m.rule}
             for d in evaluation.distribution for m in d.moves if m.candidate == result.candidate.id]
    return {
        "criteria": criteria, "sections": sections,
        "total": exact_text(score.total), "total_reported": f"{score.reported_total:f}", "decimals": decimals,
        "grade": grade, "grade_by_score": by_score, "moves": moves,
        "rank": score.rank, "of": sum(1 for r in evaluation.candidates if r.qualified),
        "tie": _tie(evaluation, result),
    }


def _grade(evaluation: Evaluation, label: str | None) -> dict[str, str] | None:
    for g in evaluation.rubric.grades:
        if g.label == label:
            return {"label": g.label, "min": exact_text(g.min)}
    return None


def _criterion(evaluation: Evaluation, result: CandidateResult, c: CriterionResult,
               done: dict[str, Any]) -> dict[str, Any]:
    """The serializer's criterion with explain's keys, in the order tooling.md shows them."""
    name = c.criterion.value or c.criterion.id
    formula = formula_of(evaluation, name) if c.source == "metric" else None
    for e, shown in zip(c.evaluators, done["evaluators"], strict=True):
        _additions(shown["rule"], e.rule, c, evaluation)
    if c.aggregation is not None:
        agg = done["aggregation"]
        if c.aggregation.method == "trimmed-mean":
            agg["kept"] = [e.evaluator for e in c.evaluators if not e.dropped]
        present = c.aggregation.present_weight
        if c.aggregation.method == "weighted" and present:
            for role, shown_role in zip(c.aggregation.roles, agg["roles"], strict=True):
                shown_role["effective_weight"] = exact_text(role.weight / present * _HUNDRED)
    if c.rule is not None:
        _additions(done["rule"], c.rule, c, evaluation)
    # A price criterion's value is the price as given; its rule reads the evaluated price (api.md §2).
    price = evaluation.prices.get(result.candidate.id, {}).get(c.criterion.id)
    return {
        "source": done["source"], "value": done["value"] if price is None else exact_text(price.price),
        "formula": formula,
        "facts": {} if formula is None else _read(evaluation, result, formula),
        "evaluators": done["evaluators"], "aggregation": done["aggregation"], "rule": done["rule"],
        "points": done["points"], "points_reported": f"{reported(c.points, evaluation.rubric.decimals):f}",
        "maximum": done["maximum"], "share": done["share"], "contribution": done["contribution"],
        "moderated": done["moderated"],
    }


def _written(amount: Amount) -> str:
    """Points as written: `"40%"` for a percent of the maximum, else the exact number."""
    return f"{exact_text(amount.value * _HUNDRED)}%" if amount.percent else exact_text(amount.value)


def _additions(out: dict[str, Any], rule: Rule, c: CriterionResult, evaluation: Evaluation) -> None:
    """Explain's additions to a rule: a ratio, the band's bounds and amount, the level's amount,
    a rank's best and worst."""
    scale = c.criterion.scale
    if isinstance(rule, RatioRule):
        over, under = (rule.benchmark, rule.value) if rule.best == "lowest" else (rule.value, rule.benchmark)
        out["ratio"] = exact_text(over / under) if under else None
    elif isinstance(rule, BandsRule) and scale.kind == "bands":
        band = scale.bands[rule.band]
        out.update(min=None if band.min is None else exact_text(band.min),
                   max=None if band.max is None else exact_text(band.max), amount=_written(band.points))
    elif isinstance(rule, LevelsRule) and scale.kind == "levels":
        out["amount"] = _written(scale.levels[rule.level].points)
    elif isinstance(rule, RankRule):
        values = sorted(_rank_values(evaluation, c.criterion.id))
        low, high = exact_text(values[0]), exact_text(values[-1])
        first_low = rule.order == "lowest-first"
        out.update(best=low if first_low else high, worst=high if first_low else low)


def _rank_values(evaluation: Evaluation, criterion_id: str) -> list[Decimal]:
    """The values the rank scale ordered: every qualified candidate's, as their results record them."""
    return [c.rule.value for r in evaluation.candidates if r.score is not None for c in r.score.criteria
            if c.criterion.id == criterion_id and isinstance(c.rule, RankRule)]


def _relabel(trail: dict[str, Any], shown: Mapping[str, str]) -> None:
    """Every evaluator id in the criteria as the JSON shows it (a form label when anonymous)."""
    for c in (trail["criteria"] or {}).values():
        for e in c["evaluators"]:
            e["evaluator"] = shown.get(e["evaluator"], e["evaluator"])
        agg = c["aggregation"] or {}
        if "kept" in agg:
            agg["kept"] = [shown.get(e, e) for e in agg["kept"]]
        for role in agg.get("roles", []):
            role["evaluators"] = [shown.get(e, e) for e in role["evaluators"]]


def _tie(evaluation: Evaluation, result: CandidateResult) -> dict[str, Any] | None:
    """Who shares the reported total, and the first tie-break entry that separated them."""
    mine = result.reported_total
    shared = [r for r in evaluation.candidates if r.qualified and r.reported_total == mine]
    if len(shared) < 2:
        return None
    for entry in evaluation.rubric.tie_break:
        named: str | dict[str, str]
        if isinstance(entry, TieFact):  # the fact as the candidate gave it
            values = {r.candidate.id: r.candidate.facts.get(entry.fact) for r in shared}
            named = {"fact": entry.fact, "order": entry.order}
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
            return exact_text(s.points)
    for c in result.criteria:
        if c.criterion.id == entry:
            return exact_text(c.contribution)
    return None
