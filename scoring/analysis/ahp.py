"""Weights from pairwise comparisons (层次分析法, AHP; analysis.md §3): the arithmetic lives in
`scoring.model.pairwise`, since the models derive their weights from it; re-exported here."""

from scoring.model.pairwise import MAX_CR as MAX_CR
from scoring.model.pairwise import MAX_POWER_STEPS as MAX_POWER_STEPS
from scoring.model.pairwise import RANDOM_INDEX as RANDOM_INDEX
from scoring.model.pairwise import Comparison as Comparison
from scoring.model.pairwise import Derived as Derived
from scoring.model.pairwise import derive as derive
from scoring.model.pairwise import inconsistency as inconsistency
