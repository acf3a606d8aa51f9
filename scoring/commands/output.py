"""How the tooling commands print their text, or write it to a file."""

from __future__ import annotations

import click


def emit(text: str, output: str | None, encoding: str = "utf-8") -> None:
    """Print `text`, or write it atomically to `output` in `encoding` and say so."""
    if output is None:
        click.echo(text, nl=False)
        return
    from scoring.render.atomic import write_atomic  # only when writing: `score` to the terminal starts fast

    write_atomic(output, text.encode(encoding))
    click.echo(f"wrote {output}")
