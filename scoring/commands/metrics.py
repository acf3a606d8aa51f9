"""`scoring metrics`: the catalogue of KPI metrics a rubric can name."""

from __future__ import annotations

import sys

import click


@click.command("metrics")
@click.argument("name", required=False)
def metrics(name: str | None) -> None:
    """List the catalogue of KPI metrics a rubric can name, or show the metric NAME.

    A rubric uses one by name (`value: retention_rate`, or in an expression); the
    candidate's facts give the figures its formula needs.
    """
    from scoring.model.errors import unknown
    from scoring.model.metrics import CATALOGUE
    from scoring.render.output import metric_details, metrics_table

    if name is None:
        click.echo(metrics_table(CATALOGUE.values()), nl=False)
        return
    metric = CATALOGUE.get(name)
    if metric is None:
        click.echo(f"error: {unknown('metric', name, CATALOGUE)}", err=True)
        sys.exit(1)
    click.echo(metric_details(metric), nl=False)
