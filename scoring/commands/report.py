"""`scoring report`: the committee's report and the per-candidate forms, as HTML or PDF."""

from __future__ import annotations

import os
import sys

import click

from scoring.commands.options import ALLOW_MISSING, SCORES


@click.command("report")
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report here; .html or .pdf decides the format.")
@click.option("--per-candidate", "forms", type=click.Path(file_okay=False),
              help="Also write one form per candidate into this folder, named by candidate id.")
@click.option("--forms-format", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="The format of the per-candidate forms.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the report; default: the rubric's locale.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False),
              help="A folder with your own copies of templates; any left out fall back to ours.")
@click.option("--font", type=click.Path(exists=True, dir_okay=False),
              help="A font file to render with (for Chinese when no CJK font is installed).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes for --per-candidate; default: one per core.")
@SCORES
@ALLOW_MISSING
@click.option("--db", "db", type=click.Path(dir_okay=False),
              help="A history database (`scoring record`): show each employee's earlier periods. Appraisals only.")
@click.option("--period", help="This evaluation's period with --db; default: the recorded run of these files.")
@click.option("--sensitivity", "robust", is_flag=True,
              help="Add 稳健性 (Robustness): weight stability and win probability (2,000 draws, seed 0); not on forms.")
def report(rubric: str, input_file: str, output: str | None, forms: str | None, forms_format: str,
           lang: str | None, templates: str | None, font: str | None, jobs: int | None, scores: tuple[str, ...],
           allow_missing: bool, db: str | None, period: str | None, robust: bool) -> None:
    """Render the report of INPUT scored against RUBRIC as HTML or PDF.

    A vendor evaluation ends with the committee's signature block; a staff appraisal
    gives every employee a form with lines for the evaluator and the employee.
    """
    from scoring.cli import _check_output, _inputs, _warn
    from scoring.model.errors import ScoringError
    from scoring.pipeline import score_files
    from scoring.render.publish import ReportOptions, format_of, write_forms, write_report

    if output is None and forms is None:
        raise click.UsageError("give -o FILE.html|FILE.pdf, --per-candidate DIR, or both")
    from scoring.commands.history import check_report_period, report_history_option

    check_report_period(db, period)
    if output is not None:
        try:
            format_of(output)
        except ScoringError as exc:
            raise click.UsageError(str(exc)) from None
        _check_output("-o", output, _inputs(rubric, input_file, scores))
    if forms is not None:
        _check_output("--per-candidate", os.path.join(forms, "x"), [])
    evaluation = score_files(rubric, input_file, scores=scores, allow_missing=allow_missing)
    from pathlib import Path

    robustness = None
    if robust:  # the analysis is loaded only when asked for
        from scoring.analysis.run import sensitivity as analyse

        robustness = analyse(evaluation)
    options = ReportOptions(lang, Path(templates) if templates else None, Path(font) if font else None,
                            report_history_option(evaluation, input_file, scores, db, period), robustness)
    warnings: list[str] = []
    if forms is not None:
        # Forms first: their worker processes fork before this process renders any PDF.
        with click.progressbar(length=len(evaluation.candidates), label="forms", file=sys.stderr) as bar:
            warnings += write_forms(evaluation, forms, options, fmt=forms_format, jobs=jobs,
                                    done=lambda path: bar.update(1))
    if output is not None:
        warnings += write_report(evaluation, output, options)
    for warning in dict.fromkeys(warnings):
        click.echo(warning, err=True)
    _warn(evaluation.warnings)
    if forms is not None:
        click.echo(f"wrote {len(evaluation.candidates)} forms to {forms}")
    if output is not None:
        click.echo(f"wrote {output}")
