"""What the tooling commands share: their formats and how they print or write."""

from __future__ import annotations

import click

FORMATS = click.Choice(["table", "text", "json"])


def emit(text: str, output: str | None) -> None:
    """Print `text`, or write it atomically to `output` and say so."""
    from scoring.render.atomic import write_atomic

    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}")
