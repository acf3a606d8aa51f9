"""History: every evaluation of a period kept in one SQLite file, and trends across periods (history.md)."""
