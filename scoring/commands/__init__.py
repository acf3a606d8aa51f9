"""Commands of the `scoring` CLI beyond the core ones, one module per feature."""
