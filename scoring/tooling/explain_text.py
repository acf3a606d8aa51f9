"""The table (text) form of an explanation (tooling.md): the gates, then each criterion, then the
sections, the total, the grade, the rank and the tie, in `--lang`'s words.

Every figure is read from the explanation's trail (or the result's price working); formulas are
written with the signs of scoring.render.figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.model.rubric import Grade
from scoring.render.context import Context
from scoring.render.figures import equation, percent
from scoring.render.labels import labels
from scoring.tooling.explain import Explained
from scoring.tooling.explain_criterion import Figures, criterion_lines
from scoring.tooling.explain_words import words


def explain_text(done: Explained) -> str:
    """Lines saying how the candidate's figures came about, in rubric order."""
    trail, w = done.trail, words(done.lang)
    fig = Figures(done.evaluation.rubric.decimals)
    who = trail["candidate"]
    lines = [w["head"].format(id=who["id"], name=who["name"], rubric=trail["rubric"]["id"],
                              sha=trail["rubric"]["sha256"])]
    for gate_id, gate in trail["gates"].items():
        state = w["passed"] if gate["passed"] else w["failed"]
        lines.append(w["gate"].format(id=gate_id, state=state, why=_gate_reason(gate, w)))
    if not trail["qualified"]:
        lines.append(w["disqualified"].format(gates=", ".join(trail["failed_gates"])))
        return "\n".join(lines) + "\n"
    for c in done.evaluation.rubric.criteria:
        if done.only in (None, c.id):
            lines += criterion_lines(done, c.id, fig)
    lines += _sections(done, fig)
    lines += _grade_lines(done, fig)
    lines += _rank_lines(done, fig)
    return "\n".join(lines) + "\n"


_SIGNS = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "=", "*": "×", "/": "÷", "-": "−"}


def _gate_reason(gate: dict[str, Any], w: Any) -> str:
    """A check with each fact's value beside its name (`delivery_days = 45 ≤ 60`), or the answer."""
    if gate["check"] is None:
        given = gate["given"]
        shown = given if isinstance(given, str) else str(given).lower()
        return str(w["answer"].format(given=shown))
    return with_values(gate["check"], gate["facts"])


def with_values(text: str, values: dict[str, Any], *, named: bool = True) -> str:
    """An expression in a committee's signs with `name = value` for each name read (`named`), or
    each name replaced by its value."""
    from scoring.model.expr import RESERVED, tokens

    pieces: list[str] = []
    for kind, word, _ in tokens(text):
        if kind == "name" and word not in RESERVED and word in values:
            value = values[word]
            shown = value if value is not None else "–"
            pieces.append(f"{word} = {shown}" if named else str(shown))
        else:
            pieces.append(_SIGNS.get(word, word))
    written = " ".join(pieces).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    for fn in RESERVED:
        written = written.replace(f"{fn} (", f"{fn}(")
    return written


def _sections(done: Explained, fig: Figures) -> list[str]:
    """Each section's sum of contributions and its share; the total and its rounding."""
    trail, w = done.trail, words(done.lang)
    rubric = done.evaluation.rubric
    contribution = {c.criterion.id: c.contribution for c in done.result.criteria}
    lines = []
    for section in rubric.sections:
        shown = trail["sections"].get(section.id)
        if shown is None:  # a flat sheet has no sections of its own
            continue
        show = fig.fixed if rubric.rounding == "items" else fig.x
        parts = [show(contribution[c.id]) for c in section.criteria]
        left = " + ".join(parts) if len(parts) > 1 else None
        right = show(Decimal(shown["points"]))
        lines.append(w["section"].format(id=section.id, title=section.title, share=fig.x(Decimal(shown["share"])),
                                         equation=equation(left, right) if left else right))
    sums = [s.points for s in done.result.sections] if trail["sections"] else list(contribution.values())
    total = Decimal(trail["total"])
    if rubric.rounding == "items":
        left = " + ".join(fig.fixed(v) for v in sums)
        lines.append(w["total_items"].format(equation=equation(left, trail["total_reported"])))
    else:
        left = " + ".join(fig.x(v) for v in sums)
        lines.append(w["total"].format(equation=equation(left, fig.x(total)) if len(sums) > 1 else fig.x(total),
                                       reported=trail["total_reported"], decimals=trail["decimals"]))
    return lines


def _grade_lines(done: Explained, fig: Figures) -> list[str]:
    """The grade the total reaches, each quota move with its rule in words, and the final grade."""
    trail, w = done.trail, words(done.lang)
    by_score = trail["grade_by_score"]
    lines = []
    if by_score:
        lines.append(w["grade_by_score"].format(label=by_score["label"], min=fig.x(Decimal(by_score["min"]))))
    ctx = Context(done.evaluation, labels(done.lang))
    grades = {g.label: g for g in done.evaluation.rubric.grades}
    for move in trail["moves"]:
        lines.append(w["move"].format(from_=move["from"], to=move["to"], rule=_quota_rule(ctx, move, grades)))
    if trail["grade"] and trail["grade"] != by_score:
        lines.append(w["grade"].format(label=trail["grade"]["label"]))
    return lines


def _quota_rule(ctx: Context, move: dict[str, Any], grades: dict[str, Grade]) -> str:
    """The quota that made a move: the source grade's cap, or the target grade's floor."""
    if move["rule"] == "at-most":
        cap = grades[move["from"]].at_most
        return ctx.word("rule_at_most").format(grade=move["from"], p=percent(cap) if cap is not None else "?")
    floor = grades[move["to"]].at_least
    return ctx.word("rule_at_least").format(grade=move["to"], p=percent(floor) if floor is not None else "?")


def _rank_lines(done: Explained, fig: Figures) -> list[str]:
    """The rank among the ranked and, for a shared reported total, the tie-break that decided."""
    trail, w = done.trail, words(done.lang)
    lines = [w["rank_of"].format(rank=trail["rank"], of=trail["of"])]
    tie = trail["tie"]
    if tie:
        others = ", ".join(i for i in tie["with"] if i != trail["candidate"]["id"])
        if tie["decided_by"] is None:
            lines.append(w["tie_shared"].format(with_=others, total=trail["total_reported"]))
        else:
            by = tie["decided_by"]
            named = by if isinstance(by, str) else f"{by['fact']} ({by['order']})"
            values = ", ".join(f"{k} {'–' if v is None else v}" for k, v in tie["values"].items())
            lines.append(w["tie"].format(with_=others, total=trail["total_reported"], by=named, values=values))
    return lines
