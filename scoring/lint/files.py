"""Lint files: read the rubric (and input) as `validate` does, then run the profile's rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scoring.lint.findings import Located, Profile
from scoring.lint.run import lint
from scoring.model.errors import Problem
from scoring.model.rubric import Rubric


@dataclass(frozen=True)
class Linted:
    """The outcome of `lint_files`: the problems `validate` reports, or the findings."""

    problems: tuple[Problem, ...]
    """What `validate` would report; when not empty, no rule ran."""
    rubric: Rubric | None
    """The rubric read, when it is valid."""
    profile: Profile
    """The profile used."""
    lang: Literal["zh", "en"]
    """The language of the messages."""
    findings: tuple[Located, ...] = ()
    """Sorted by file, line, column and code."""

    @property
    def failed(self) -> bool:
        """True when the files are invalid or a finding is an error (exit 1)."""
        return bool(self.problems) or any(x.finding.severity == "error" for x in self.findings)


def lint_files(rubric: str | Path, input_file: str | Path | None = None, *, profile: Profile | None = None,
               lang: Literal["zh", "en"] | None = None) -> Linted:
    """Validate RUBRIC (and INPUT, evaluated) exactly as `validate` does; when valid, lint them
    under `profile` (else the rubric's), messages in `lang` (else the rubric's locale)."""
    from scoring.pipeline import check_all

    checked = check_all(rubric, [input_file] if input_file is not None else [])
    if checked.problems or checked.rubric is None:
        return Linted(tuple(checked.problems), None, profile or "none", lang or "zh")
    loaded = checked.rubric
    data = checked.inputs[0] if checked.inputs else None
    chosen, found = lint(loaded, data, profile=profile, lang=lang)
    return Linted((), loaded, chosen, lang or loaded.locale, found)
