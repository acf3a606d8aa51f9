"""The table (text) form of an explanation, its formulas written by scoring.render.figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.render.figures import DIVIDE, TIMES, equation, exact, mean_of


def _x(text: str) -> str:
    """An exact figure from the trail as people read it (≈ beyond four places)."""
    return exact(Decimal(text))


def explain_text(trail: dict[str, Any]) -> str:
    """Lines saying how the candidate's figures came about, in rubric order."""
    who = trail["candidate"]
    lines = [f"{who['id']} {who['name']}: rubric {trail['rubric']['id']} (sha256 {trail['rubric']['sha256']})"]
    for gate_id, gate in trail["gates"].items():
        lines.append(f"gate {gate_id}: {'passed' if gate['passed'] else 'failed'}"
                     + (f" ({gate['check']})" if gate["check"] else ""))
    if not trail["qualified"]:
        lines.append(f"disqualified by {', '.join(trail['failed_gates'])}")
        return "\n".join(lines) + "\n"
    for crit_id, c in trail["criteria"].items():
        lines += _criterion(crit_id, c)
    for sec_id, s in trail["sections"].items():
        lines.append(f"section {sec_id}: {_x(s['points'])} of {_x(s['share'])}")
    lines.append(f"total: {_x(trail['total'])}, reported {trail['total_reported']} "
                 f"(half-up to {trail['decimals']} decimals)")
    by_score = trail["grade_by_score"]
    if by_score:
        lines.append(f"grade by score: {by_score['label']} (min {_x(by_score['min'])})")
    for move in trail["moves"]:
        lines.append(f"moved from {move['from']} to {move['to']} ({move['rule']})")
    if trail["grade"] and trail["grade"] != by_score:
        lines.append(f"grade: {trail['grade']['label']}")
    lines.append(f"rank: {trail['rank']} of {trail['of']}")
    tie = trail["tie"]
    if tie:
        decided = f"decided by {tie['decided_by']}" if tie["decided_by"] else "sharing the rank"
        lines.append(f"tie with {', '.join(tie['with'])}: {decided}")
    return "\n".join(lines) + "\n"


def _criterion(crit_id: str, c: dict[str, Any]) -> list[str]:
    """A criterion's lines: raw values, drops, aggregation, rule, points and contribution."""
    lines = [f"criterion {crit_id} ({c['source']})"]
    why = _drop_reasons(c)
    for e in c["evaluators"]:
        mark = f" dropped ({why[e['evaluator']]})" if e["dropped"] else ""
        lines.append(f"  {e['evaluator']}: {e['given']} = {_x(e['points'])} points{mark}")
    agg = c["aggregation"]
    if agg is not None:
        kept = [_x(e["points"]) for e in c["evaluators"] if not e["dropped"]]
        lines.append(f"  {agg['method']}: {equation(mean_of(kept), _x(c['points']))}")
    rule = c["rule"]
    if rule is not None and rule["kind"] == "ratio":
        lines.append(f"  benchmark {_x(rule['benchmark'])} ({rule['best']}, set by "
                     f"{', '.join(rule['benchmark_candidates'])}; disqualified candidates left out)")
        lines.append(f"  ratio: {equation(_ratio(rule), _x(rule['ratio']))}")
    elif rule is not None:
        lines.append(f"  rule: {rule['kind']}, value {c['value']}")
    points, maximum, share = _x(c["points"]), _x(c["maximum"]), _x(c["share"])
    adds = equation(f"{points} {DIVIDE} {maximum} {TIMES} {share}", _x(c["contribution"]))
    lines.append(f"  points {points} of {maximum}; adds {adds}")
    return lines


def _drop_reasons(c: dict[str, Any]) -> dict[str, str]:
    """Each dropped score as `lowest` or `highest`: the trim's lowest `trim` of the dropped ones by points."""
    dropped = sorted((e for e in c["evaluators"] if e["dropped"]), key=lambda e: Decimal(e["points"]))
    trim = (c["aggregation"] or {}).get("trim") or 0
    return {e["evaluator"]: "lowest" if i < trim else "highest" for i, e in enumerate(dropped)}


def _ratio(rule: dict[str, Any]) -> str:
    """`benchmark ÷ value` for lowest-best, `value ÷ benchmark` for highest-best."""
    if rule["best"] == "lowest":
        return f"{_x(rule['benchmark'])} {DIVIDE} {_x(rule['value'])}"
    return f"{_x(rule['value'])} {DIVIDE} {_x(rule['benchmark'])}"
