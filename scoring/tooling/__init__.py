"""Editor support and explanations: the rubric JSON Schema, starter rubrics, `explain` and `diff`."""
