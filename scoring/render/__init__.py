"""Results to files: JSON, CSV, tables, HTML and PDF reports, score sheets."""
