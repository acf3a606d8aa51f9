"""`scoring schema` and `init`: editor support for rubric authors (tooling.md)."""

from __future__ import annotations

from pathlib import Path

import click

from scoring.commands.output import emit


@click.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema to this file.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of rubric files (draft 2020-12), for editors."""
    from scoring.tooling.schema import schema_text

    emit(schema_text(), output)


@click.command("init")
@click.argument("kind", type=click.Choice(["vendor", "appraisal"]), default="vendor", required=False)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The rubric file to write.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of titles and labels.")
@click.option("--force", is_flag=True, help="Overwrite an existing rubric or differing schema file.")
def init(kind: str, output: str, lang: str, force: bool) -> None:
    """Write a commented starter rubric (and rubric.schema.json beside it)."""
    from scoring.render.atomic import write_atomic
    from scoring.tooling.starter import plan_init

    planned = plan_init(kind, lang, Path(output), force=force)
    for item in planned:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(item.path, item.data)
        click.echo(f"wrote {item.path}")
