"""Weighted scoring of vendors' bids and staff appraisals against declarative YAML rubrics."""

from __future__ import annotations

__version__ = "0.1.0"

from scoring.engine import evaluate
from scoring.errors import InputError, InvalidError, Problem, ReportError, RubricError, ScoringError
from scoring.inputs import load_input
from scoring.results import CandidateResult, CriterionResult, Evaluation
from scoring.rubric import load_rubric

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
]
