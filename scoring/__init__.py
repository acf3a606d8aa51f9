"""Weighted scoring of vendors' bids and staff appraisals against declarative YAML rubrics."""

from __future__ import annotations

__version__ = "0.1.0"

from scoring.engine.evaluation import evaluate
from scoring.load.inputs import load_input
from scoring.load.rubric import load_rubric
from scoring.model.errors import InputError, InvalidError, Problem, ReportError, RubricError, ScoringError
from scoring.model.results import CandidateResult, CriterionResult, Evaluation

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
