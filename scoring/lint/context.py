"""What every rule reads: the rubric, the input, the profile and the language of messages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from scoring.lint.findings import Finding, Profile, Severity, source
from scoring.model.errors import PathKey
from scoring.model.inputs import Input
from scoring.model.numbers import plain
from scoring.model.rubric import Rubric


@dataclass(frozen=True)
class Context:
    """One lint run's inputs."""

    rubric: Rubric
    data: Input | None
    profile: Profile
    lang: Literal["zh", "en"]

    @property
    def engineering(self) -> bool:
        """Whether the profile is the engineering one (its own bands and sources)."""
        return self.profile == "cn-gov-engineering"

    def find(self, code: str, severity: Severity, path: tuple[PathKey, ...], zh: str, en: str,
             *, in_input: bool = False) -> Finding:
        """A finding of rule `code` with the message in the run's language."""
        cited, gloss = source(code, self.profile)
        return Finding(code, severity, path, zh if self.lang == "zh" else en, cited, gloss, in_input)


def percent(fraction: Decimal) -> str:
    """A fraction as a percent, half-up to two decimals, trailing zeros dropped: `21.05%`, `40%`."""
    from scoring.render.figures import percent_rounded

    return percent_rounded(fraction)


def number(value: Decimal) -> str:
    """A number as written, without trailing zeros."""
    return plain(value.normalize())
