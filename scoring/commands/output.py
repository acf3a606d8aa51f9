"""How the tooling commands print their text, or write it to a file."""

from __future__ import annotations

import click


def emit(text: str, output: str | None) -> None:
    """Print `text`, or write it atomically to `output` and say so."""
    from scoring.render.atomic import write_atomic

    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}")
