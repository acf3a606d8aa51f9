"""The sets of evaluators a bootstrap draws from (analysis.md §2.2, "Sets")."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.model.results import CandidateResult, Evaluation


@dataclass(frozen=True)
class Panel:
    """Candidates with exactly the same evaluators in one role: they share each draw."""

    role: str
    """The role ("" under any method but `weighted`)."""
    evaluators: tuple[str, ...]
    """In the order they first appear in the input."""
    members: tuple[str, ...]
    """The candidates' ids, in `score`'s order."""


def panels(evaluation: Evaluation) -> tuple[Panel, ...]:
    """Every set, role by role in the rubric's order of roles, then by the input order of each
    set's first candidate: the order the generator is called in."""
    weighted = evaluation.rubric.aggregation.method == "weighted"
    order = _first_appearance(evaluation)
    qualified = [r for r in evaluation.candidates if r.score is not None]
    found: dict[tuple[str, tuple[str, ...]], list[CandidateResult]] = {}
    for result in qualified:
        for role, names in _evaluators(result, weighted).items():
            key = (role, tuple(sorted(names, key=lambda e: (order.get(e, len(order)), e))))
            found.setdefault(key, []).append(result)
    roles = list(evaluation.rubric.aggregation.roles) if weighted else []
    roles += [role for role, _ in found if role not in roles]
    ranked = sorted(found.items(), key=lambda kv: (roles.index(kv[0][0]),
                                                   min(r.candidate.index for r in kv[1])))
    return tuple(Panel(role, names, tuple(r.candidate.id for r in members))
                 for (role, names), members in ranked)


def _evaluators(result: CandidateResult, weighted: bool) -> dict[str, set[str]]:
    """Who scored the candidate, by role."""
    out: dict[str, set[str]] = {}
    for criterion in result.criteria:
        if criterion.aggregation is None:
            continue
        for entry in criterion.evaluators:
            out.setdefault((entry.role or "") if weighted else "", set()).add(entry.evaluator)
    return out


def _first_appearance(evaluation: Evaluation) -> dict[str, int]:
    """Each evaluator's place in the order they first appear in the input."""
    order: dict[str, int] = {}
    for candidate in sorted(evaluation.input.candidates, key=lambda c: c.index):
        for name in candidate.scores:
            order.setdefault(name, len(order))
    return order


def resamples(found: tuple[Panel, ...]) -> int:
    """The number of equally likely ordered draws: the product over the sets of nⁿ."""
    count = 1
    for panel in found:
        count *= len(panel.evaluators) ** len(panel.evaluators)
    return count
