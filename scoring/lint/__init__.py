"""`scoring lint`: a rubric checked against the rules of a procurement regime (procurement.md §5–6)."""
