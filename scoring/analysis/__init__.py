"""Decision analysis on an evaluation: weight stability, win probability, AHP weights (analysis.md §2–§3)."""
