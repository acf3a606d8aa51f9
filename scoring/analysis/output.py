"""`scoring sensitivity`'s JSON document and table (analysis.md §2)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from scoring.analysis.exact import fraction_text
from scoring.analysis.run import Sensitivity
from scoring.analysis.stability import FirstPlace, Pair, Ranking, Stability
from scoring.analysis.winprob import WinProbability
from scoring.model.numbers import percent_points, plain, round_fraction


def sensitivity_dict(found: Sensitivity) -> dict[str, Any]:
    """The JSON document, as plain data: percents as percent points, `*_exact` as reduced fractions."""
    rubric = found.evaluation.rubric
    return {
        "rubric": {"id": rubric.id, "title": rubric.title, "sha256": rubric.sha256},
        "leader": found.leader,
        "weights": [_weight_dict(s) for s in found.weights],
        "win": _win_dict(found.win),
    }


def _pct(value: Fraction) -> float:
    return float(round_fraction(percent_points(value), 2))


def _weight_dict(s: Stability) -> dict[str, Any]:
    return {"id": s.item.id, "title": s.item.title, "weight": _pct(s.item.weight),
            "first": _interval_dict(s.first), "ranking": _interval_dict(s.ranking)}


def _interval_dict(found: FirstPlace | Ranking) -> dict[str, Any]:
    below: Any = found.below if isinstance(found, FirstPlace) else _pairs(found.below)
    above: Any = found.above if isinstance(found, FirstPlace) else _pairs(found.above)
    return {"low": _pct(found.low), "high": _pct(found.high),
            "low_exact": fraction_text(percent_points(found.low)), "high_exact": fraction_text(percent_points(found.high)),
            "below": below, "above": above}


def _pairs(pairs: tuple[Pair, ...] | None) -> list[list[str]] | None:
    return None if pairs is None else [list(p) for p in pairs]


def _win_dict(win: WinProbability) -> dict[str, Any]:
    return {
        "exact": win.exact, "draws": win.draws, "discarded": win.discarded, "seed": win.seed,
        "resamples": win.resamples,
        "candidates": [
            {"id": c.id, "name": c.name,
             "p_first": None if c.p_first is None else float(round_fraction(c.p_first, 4)),
             "p_first_exact": fraction_text(c.p_first) if win.exact and c.p_first is not None else None,
             "low": _number(c.low), "high": _number(c.high)}
            for c in win.candidates],
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def sensitivity_table(found: Sensitivity) -> str:
    """The human table: one row per weight, one per candidate, and a line saying how drawn."""
    lines = [f"leader: {found.leader if found.leader is not None else '—'}", ""]
    if found.weights:
        lines.append("weight | first place | beyond | ranking unchanged | beyond")
        lines += [_weight_row(s) for s in found.weights]
        lines.append("")
    lines.append("candidate | P(first) | 90% interval")
    for c in found.win.candidates:
        p = "—" if c.p_first is None else f"{round_fraction(percent_points(c.p_first), 2)}%"
        span = "—" if c.low is None else f"{c.low} – {c.high}"
        lines.append(f"{c.id} | {p} | {span}")
    win = found.win
    how = f"exact over {win.resamples} resamples" if win.exact else f"{win.draws} draws, seed {win.seed}"
    lines.append(how + (f", {win.discarded} discarded" if win.discarded else ""))
    return "\n".join(lines) + "\n"


def _weight_row(s: Stability) -> str:
    shown: set[Fraction] = set()  # an exact fraction is written once per row, where first met

    def end(t: Fraction) -> str:
        text = f"{round_fraction(percent_points(t), 2)}%"
        if round_fraction(percent_points(t), 2) != percent_points(t) and t not in shown:
            shown.add(t)
            text += f" ({fraction_text(percent_points(t))})"
        return text

    first = f"{end(s.first.low)} – {end(s.first.high)}"
    ranking = f"{end(s.ranking.low)} – {end(s.ranking.high)}"
    return " | ".join([f"{s.item.id} {plain(round_fraction(percent_points(s.item.weight), 2))}%", first,
                       _beyond(s.first.below, s.first.above), ranking,
                       _beyond(_pair_text(s.ranking.below), _pair_text(s.ranking.above))])


def _pair_text(pairs: tuple[Pair, ...] | None) -> str | None:
    return None if pairs is None else ", ".join(f"[{i}, {j}]" for i, j in pairs)


def _beyond(below: str | None, above: str | None) -> str:
    parts = ([f"below: {below}"] if below else []) + ([f"above: {above}"] if above else [])
    return "; ".join(parts) or "—"
