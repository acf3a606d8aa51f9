"""One criterion's lines in the text form of an explanation (tooling.md, step 2): where its value
came from, the raw scores and drops, the aggregation, the scale rule, the points and what they add."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from scoring.model.results import CriterionResult, EvaluatorPoints
from scoring.render.context import Context as Words
from scoring.render.figures import DIVIDE, MINUS, TIMES, equation, mean_of
from scoring.render.labels import labels
from scoring.tooling.explain import Explained
from scoring.tooling.explain_words import best_word, place_word, words

_HUNDRED = Decimal(100)
_WIDE = Context(prec=200, rounding=ROUND_HALF_UP)
"""Rounding a figure for the text: half-up, with room for every digit the engine keeps."""


class Figures:
    """Figures as the text writes them: exact up to `decimals + 4` places, else rounded to that many
    and marked `≈` (tooling.md)."""

    def __init__(self, decimals: int) -> None:
        self.step = Decimal(1).scaleb(-(decimals + 4))
        self.places = decimals + 4
        self.decimals = decimals

    def fixed(self, value: Decimal | str) -> str:
        """A figure already rounded to the rubric's decimals, its zeros kept (`20.00`)."""
        places = Decimal(1).scaleb(-self.decimals)
        return f"{Decimal(value).quantize(places, context=_WIDE):f}".replace("-", MINUS)

    def x(self, value: Decimal | str) -> str:
        """One figure; a text that is not a number (a level key) as it is."""
        if isinstance(value, str):
            try:
                value = Decimal(value)
            except ArithmeticError:
                return str(value)
        if not value.is_finite():
            return str(value)
        text = f"{value:f}"  # not normalize(): it rounds to the default context's 28 digits
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if "." in text and len(text.split(".")[1]) > self.places:
            text = "≈" + f"{value.quantize(self.step, context=_WIDE):f}"
        return ("0" if text == "-0" else text).replace("-", MINUS)


def criterion_lines(done: Explained, criterion_id: str, fig: Figures) -> list[str]:
    """A criterion's lines: its value's source, scores, aggregation, rule, points and contribution."""
    w = words(done.lang)
    c = done.trail["criteria"][criterion_id]
    result = next(r for r in done.result.criteria if r.criterion.id == criterion_id)
    lines = [w["criterion"].format(id=criterion_id, title=result.criterion.title, source=w[c["source"]])]
    lines += _source(done, result, c, fig)
    lines += _scores(done, result, c, fig)
    lines += _aggregation(done, result, c, fig)
    if c["rule"] is not None:
        lines += rule_lines(done.lang, c["rule"], c["points"], fig)
    if c["moderated"] is not None:
        m = c["moderated"]
        lines.append(w["moderated"].format(original=fig.x(m["original"]), points=fig.x(m["points"]),
                                           reason=m["reason"]))
    lines.append(_adds(done, c, fig))
    return lines


def _source(done: Explained, result: CriterionResult, c: dict[str, Any], fig: Figures) -> list[str]:
    """A fact's value, a metric's formula with the facts it read, a price's adjustments."""
    from scoring.tooling.explain_text import with_values

    w = words(done.lang)
    name = result.criterion.value or result.criterion.id
    if c["source"] == "judged":
        return []
    lines = []
    if c["formula"] is not None:
        figures = with_values(c["formula"], c["facts"], named=False)
        lines.append(w["formula"].format(name=name, formula=c["formula"], figures=equation(figures, fig.x(c["value"]))))
    price = done.evaluation.prices.get(done.result.candidate.id, {}).get(result.criterion.id)
    if c["formula"] is None:
        lines.append(w["value" if price is None else "value_price"].format(name=name, value=c["value"]))
    if price is not None and not price.applied:
        lines.append(w["no_adjustment"].format(price=fig.x(price.evaluated)))
    elif price is not None:
        titles = {a.id: a.title for a in done.evaluation.rubric.adjustments}
        for a in price.applied:
            lines.append(w["deduct"].format(id=a.id, title=titles.get(a.id, ""), price=fig.x(price.price),
                                            times=TIMES, percent=f"{fig.x(a.deduct * _HUNDRED)}%",
                                            amount=fig.x(a.amount)))
        amounts = " − ".join(fig.x(a.amount) for a in price.applied)
        lines.append(w["evaluated"].format(price=fig.x(price.price), minus=MINUS, amounts=amounts,
                                           evaluated=fig.x(price.evaluated)))
    return lines


def _scores(done: Explained, result: CriterionResult, c: dict[str, Any], fig: Figures) -> list[str]:
    """Every evaluator's raw value, role and points; a trimmed mean's drops with the reason."""
    w = words(done.lang)
    ctx = Words(done.evaluation, labels(done.lang))
    why = _drop_reasons(result)
    lines = []
    for e, shown in zip(result.evaluators, c["evaluators"], strict=True):
        role = w["role"].format(role=ctx.role_name(e.role)) if e.role and e.evaluator not in done.hidden else ""
        label = shown["rule"].get("label")
        given = f"{e.given} {label}" if label else e.given
        mark = w["dropped"].format(why=w[why[e.evaluator]]) if e.dropped else ""
        lines.append(w["score"].format(who=done.names.get(e.evaluator, e.evaluator), role=role, given=given,
                                       points=fig.x(shown["points"]), mark=mark))
    return lines


def _drop_reasons(result: CriterionResult) -> dict[str, str]:
    """Each dropped score as `lowest` or `highest`: ordered by (points, evaluator id) as the trimmed
    mean orders them (api.md §2), the first `trim` dropped are the lowest."""
    dropped: list[EvaluatorPoints] = sorted((e for e in result.evaluators if e.dropped),
                                            key=lambda e: (e.points, e.evaluator))
    trim = (result.aggregation.trim if result.aggregation is not None else 0) or 0
    return {e.evaluator: "lowest" if i < trim else "highest" for i, e in enumerate(dropped)}


def _aggregation(done: Explained, result: CriterionResult, c: dict[str, Any], fig: Figures) -> list[str]:
    """The aggregation written out; a fallback in words; role means and renormalised weights."""
    agg, w = c["aggregation"], words(done.lang)
    if agg is None:
        return []
    points = fig.x(c["points"])
    if agg["method"] == "weighted":
        return _weighted(done, agg, points, fig)
    kept = [fig.x(e["points"]) for e in c["evaluators"] if not e["dropped"]]
    if agg["method"] == "median":
        return [w["median"].format(values=", ".join(kept), points=points)]
    lines = []
    fallback = agg.get("fallback")
    if fallback:
        lines.append(w["fallback"].format(scores=fallback["scores"], needed=fallback["needed"],
                                          reason=fallback["reason"]))
    if kept:
        lines.append(w["aggregate"].format(method=w[agg["method"]], equation=equation(mean_of(kept), points)))
    return lines


def _weighted(done: Explained, agg: dict[str, Any], points: str, fig: Figures) -> list[str]:
    """Each present role's mean, weight and weight after renormalising; then Σ weight × mean ÷ present."""
    w = words(done.lang)
    ctx = Words(done.evaluation, labels(done.lang))
    present = fig.x(agg["present_weight"])
    lines = [w["role_mean"].format(role=ctx.role_name(r["role"]), mean=fig.x(r["mean"]), weight=fig.x(r["weight"]),
                                   effective=fig.x(r["effective_weight"]), present=present) for r in agg["roles"]]
    terms = " + ".join(f"{fig.x(r['mean'])} {TIMES} {fig.x(r['weight'])}" for r in agg["roles"])
    lines.append(w["aggregate"].format(method=w["weighted"], equation=equation(f"({terms}) {DIVIDE} {present}", points)))
    return lines


def rule_lines(lang: str, rule: dict[str, Any], points: str, fig: Figures) -> list[str]:
    """The scale rule applied to a fact's or metric's value, with explain's additions."""
    w, kind = words(lang), rule["kind"]
    if kind == "ratio":
        over, under = (rule["benchmark"], rule["value"]) if rule["best"] == "lowest" else (rule["value"], rule["benchmark"])
        ratio = "–" if rule["ratio"] is None else fig.x(rule["ratio"])
        return [w["benchmark"].format(benchmark=fig.x(rule["benchmark"]), best=best_word(lang, rule["best"]),
                                      who=", ".join(rule["benchmark_candidates"]) or "–"),
                w["ratio"].format(equation=equation(f"{fig.x(over)} {DIVIDE} {fig.x(under)}", ratio))]
    if kind == "levels":
        return [w["level"].format(level=rule["level"], label=_spaced(rule["label"]), amount=rule["amount"])]
    if kind == "bands":
        bound = [w["open"] if rule[k] is None else fig.x(rule[k]) for k in ("min", "max")]
        return [w["band"].format(index=rule["band"], min=bound[0], max=bound[1], label=_spaced(rule["label"]),
                                 amount=rule["amount"])]
    if kind == "linear":
        return [_linear(w, rule, points, fig)]
    if kind == "rank":
        return [w["rank"].format(order=rule["order"], best=fig.x(rule["best"]), worst=fig.x(rule["worst"]),
                                 position=rule["position"], of=rule["of"], place=place_word(lang, rule["place"]))]
    return [w["direct"].format(value=fig.x(rule["value"]), min=fig.x(rule["min"]), max=fig.x(rule["max"]))]


def _spaced(label: str) -> str:
    """A label after a space, or nothing."""
    return f" {label}" if label else ""


def _linear(w: Any, rule: dict[str, Any], points: str, fig: Figures) -> str:
    """The interpolation on the segment used: p0 + (v − x0) ÷ (x1 − x0) × (p1 − p0)."""
    (x0, p0), (x1, p1) = rule["from"], rule["to"]
    i, j = rule["segment"]
    if i == j:
        return str(w["linear_flat"].format(x=fig.x(x0), p=fig.x(p0)))
    left = (f"{fig.x(p0)} + ({fig.x(rule['value'])} {MINUS} {fig.x(x0)}) {DIVIDE} ({fig.x(x1)} {MINUS} "
            f"{fig.x(x0)}) {TIMES} ({fig.x(p1)} {MINUS} {fig.x(p0)})")
    return str(w["linear"].format(i=i, j=j, equation=equation(left, fig.x(points))))


def _adds(done: Explained, c: dict[str, Any], fig: Figures) -> str:
    """The points out of the maximum and what they add to the total (rounded under `rounding: items`)."""
    w = words(done.lang)
    points, maximum, share = fig.x(c["points"]), fig.x(c["maximum"]), fig.x(c["share"])
    left = f"{points} {DIVIDE} {maximum} {TIMES} {share}"
    if done.evaluation.rubric.rounding == "items":
        return str(w["adds_items"].format(points=points, max=maximum, left=left,
                                          decimals=done.evaluation.rubric.decimals, rounded=fig.fixed(c["contribution"])))
    return str(w["adds"].format(points=points, max=maximum, equation=equation(left, fig.x(c["contribution"]))))
