"""KPI working (documents.md §4.3): a metric's formula with each fact's title and figure, and how
the scale turned the value into points (a band's label, a linear scale's segment or cap).

`销售额 1,250,000 ÷ 销售目标 1,000,000 = 125.00% → 封顶 120%`. Values come from the result (the
engine computed them); this module only writes them, in the figures of `render.figures`.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.engine.environment import FactEnv
from scoring.model.expr import RESERVED, tokens
from scoring.model.exprrun import EvalError
from scoring.model.metrics import lookup_metric
from scoring.model.results import BandsRule, CandidateResult, CriterionResult, LinearRule
from scoring.model.rubric import BandsScale, LinearScale
from scoring.render.context import Context
from scoring.render.figures import DIVIDE, MINUS, TIMES, equation, fact, grouped, money, percent, percent_fixed

_SIGNS = {"/": DIVIDE, "*": TIMES, "-": MINUS}
_DEPTH = 8
"""Metrics nested deeper than this are worked no further (the rubric's own bound stops cycles first)."""


def kpi_lines(ctx: Context, result: CandidateResult, c: CriterionResult) -> tuple[str, ...]:
    """The working of a criterion valued by a fact or metric; () for a judged one."""
    if c.source == "judged" or c.value is None:
        return ()
    name = c.criterion.value or c.criterion.id
    hint = isinstance(c.criterion.scale, (BandsScale, LinearScale)) and c.criterion.scale.unit == "percent"
    lines: list[str] = []
    if c.source == "metric" and _formula_text(ctx, name):
        _metric(ctx, result, name, lines, hint, 0)
    else:
        lines.append(f"{title(ctx, name)} {figure(ctx, name, _value(ctx, result, name), hint)}")
    step = _step(ctx, c, name, hint)
    if step:
        lines[-1] = f"{lines[-1]} → {step}"
    return tuple(lines)


def title(ctx: Context, name: str) -> str:
    """A fact's or metric's title: the rubric's, else the catalogue's in the report's language, else its name."""
    rubric = ctx.evaluation.rubric
    declared = rubric.facts.get(name) or rubric.metric_info.get(name)
    if declared is not None and declared.title:
        return declared.title
    known = lookup_metric(name) if name not in rubric.metrics else None
    if known is not None:
        return known.title_zh if ctx.word("lang") == "zh" else known.title_en
    return name


def _unit(ctx: Context, name: str) -> str:
    rubric = ctx.evaluation.rubric
    declared = rubric.facts.get(name) or rubric.metric_info.get(name)
    if declared is not None and declared.unit:
        return declared.unit
    known = lookup_metric(name) if name not in rubric.metrics else None
    return known.unit if known is not None else ""


def figure(ctx: Context, name: str, value: object, percent_hint: bool = False) -> str:
    """A fact's or metric's value as documents write it (§2): a percent, money, or a figure and its unit."""
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    rubric, unit = ctx.evaluation.rubric, _unit(ctx, name)
    if unit == "%" or (not unit and percent_hint):
        return percent_fixed(value, rubric.decimals)
    if unit == "money":
        return money(value, rubric.currency, ctx.word("lang"))
    # A fact as given (its decimals as written); a metric's result as reported, to the rubric's decimals.
    text = grouped(ctx.show(value)) if _formula_text(ctx, name) else fact(value)
    return f"{text} {unit}" if unit else text


def _formula_text(ctx: Context, name: str) -> str:
    """The metric's formula as written; "" for a fact."""
    own = ctx.evaluation.rubric.metrics.get(name)
    if own is not None:
        return own.text
    known = lookup_metric(name)
    return known.formula if known is not None else ""


def _value(ctx: Context, result: CandidateResult, name: str) -> object:
    """The value the engine gave `name` for this candidate; a fact read as the engine reads it."""
    if name in result.metrics:
        return result.metrics[name]
    try:
        return FactEnv(ctx.evaluation.rubric, result.candidate).lookup(name)
    except EvalError:
        return None


def _metric(ctx: Context, result: CandidateResult, name: str, lines: list[str], hint: bool, depth: int) -> None:
    """`name`'s formula with figures, after the lines of any metric it uses."""
    pieces: list[str] = []
    text = _formula_text(ctx, name)
    for kind, word, _ in tokens(text):  # the rubric's formulas were checked when it loaded
        if kind == "op":
            pieces.append(_SIGNS.get(word, word))
        elif kind == "number" or word in RESERVED:
            pieces.append(word)
        else:
            if _formula_text(ctx, word) and depth < _DEPTH and word not in result.candidate.facts:
                _metric(ctx, result, word, lines, False, depth + 1)
            pieces.append(f"{title(ctx, word)} {figure(ctx, word, _value(ctx, result, word))}")
    written = " ".join(pieces).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    for fn in RESERVED:
        written = written.replace(f"{fn} (", f"{fn}(")
    lines.append(equation(written, figure(ctx, name, _value(ctx, result, name), hint)))


def _step(ctx: Context, c: CriterionResult, name: str, hint: bool) -> str:
    """How the scale read the value: the band's label, or a linear scale's cap or floor."""
    rule = c.rule
    if isinstance(rule, BandsRule):
        return rule.label or c.label
    if not isinstance(rule, LinearRule):
        return c.label
    (x0, _), (x1, _) = rule.start, rule.end
    if rule.segment[0] == rule.segment[1] and rule.value > x1:
        return ctx.word("kpi_capped").format(x=_knot(ctx, name, x1, hint))
    if rule.segment[0] == rule.segment[1] and rule.value < x0:
        return ctx.word("kpi_counted").format(x=_knot(ctx, name, x0, hint))
    return ""


def _knot(ctx: Context, name: str, x: Decimal, hint: bool) -> str:
    """A knot's value written like the value it bounds; a percent knot as short as it can be (120%)."""
    unit = _unit(ctx, name)
    if unit == "%" or (not unit and hint):
        return percent(x)
    return figure(ctx, name, x, hint)


__all__ = ["figure", "kpi_lines", "title"]
