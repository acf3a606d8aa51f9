"""Options several commands share, declared once so their names and help read alike everywhere."""

from __future__ import annotations

import click

FORMATS = click.Choice(["table", "text", "json"])
"""The formats of lint, explain and diff: `text` is `table`'s synonym (api.md §6)."""

SCORES = click.option(
    "--scores", multiple=True, type=click.Path(dir_okay=False),
    help="A filled score sheet (.xlsx or .csv from `scoring sheet`) or a long-format CSV "
         "(candidate,evaluator,criterion,value); repeat for each file.",
)
ALLOW_MISSING = click.option(
    "--allow-missing", is_flag=True,
    help="Score without an evaluator's empty judged score instead of rejecting the input.",
)
