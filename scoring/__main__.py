"""`python -m scoring` runs the command line."""

from scoring.cli import cli

cli()
