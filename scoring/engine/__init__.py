"""Models to results: scales, aggregation, evaluation, ranking and review."""
