"""What every part of a report view needs: the evaluation, the words of its language, names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scoring.model.results import Evaluation
from scoring.render.figures import fixed


@dataclass(frozen=True)
class Context:
    """One evaluation rendered in one language."""

    evaluation: Evaluation
    t: Mapping[str, Any]
    """The labels of the language (`labels.labels`)."""

    def show(self, value: Decimal) -> str:
        """A computed figure as reported: rounded half-up to the rubric's decimals."""
        return fixed(value, self.evaluation.rubric.decimals)

    def word(self, key: str) -> str:
        """One label, as text."""
        return str(self.t[key])

    def evaluator_name(self, eid: str) -> str:
        """An evaluator's display name, or their id when the input gives none."""
        ev = self.evaluation.input.evaluators.get(eid)
        return ev.name if ev is not None and ev.name else eid

    def role_name(self, role: str | None) -> str:
        """A role in the report's language."""
        roles: Mapping[str, str] = self.t["roles"]
        return roles.get(role, role) if role else ""


def short(title: str, limit: int = 14) -> str:
    """A title cut to `limit` characters, with `…` when cut."""
    return title if len(title) <= limit else title[: limit - 1] + "…"
