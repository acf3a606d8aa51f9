"""Weighted scoring of vendors' bids and staff appraisals against declarative YAML rubrics.

The public names resolve on first use, so `import scoring` costs almost nothing and
imports none of YAML, openpyxl, Jinja, WeasyPrint or click: each belongs to the part
of the library that needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from scoring.engine.evaluation import evaluate
    from scoring.engine.totals import rescore
    from scoring.load.inputs import load_input, parse_input
    from scoring.load.places import locate
    from scoring.load.rubric import load_rubric, parse_rubric
    from scoring.model.errors import InputError, InvalidError, Problem, ReportError, RubricError, ScoringError
    from scoring.model.results import CandidateResult, CriterionResult, Evaluation

#: Where each public name lives.
_HOMES = {
    "evaluate": "scoring.engine.evaluation",
    "load_input": "scoring.load.inputs",
    "load_rubric": "scoring.load.rubric",
    "locate": "scoring.load.places",
    "parse_input": "scoring.load.inputs",
    "parse_rubric": "scoring.load.rubric",
    "rescore": "scoring.engine.totals",
    "CandidateResult": "scoring.model.results",
    "CriterionResult": "scoring.model.results",
    "Evaluation": "scoring.model.results",
    "InputError": "scoring.model.errors",
    "InvalidError": "scoring.model.errors",
    "Problem": "scoring.model.errors",
    "ReportError": "scoring.model.errors",
    "RubricError": "scoring.model.errors",
    "ScoringError": "scoring.model.errors",
}

__all__ = [
    "CandidateResult",
    "CriterionResult",
    "Evaluation",
    "InputError",
    "InvalidError",
    "Problem",
    "ReportError",
    "RubricError",
    "ScoringError",
    "__version__",
    "evaluate",
    "load_input",
    "load_rubric",
    "locate",
    "parse_input",
    "parse_rubric",
    "rescore",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
