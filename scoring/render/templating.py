"""Render reports to HTML with Jinja: our templates, or a user's copy falling back to ours."""

from __future__ import annotations

from pathlib import Path

import jinja2

from scoring.model.errors import ReportError
from scoring.render.report import CandidateView, ReportView
from scoring.resources import data_dir

REPORT_TEMPLATE = "report.html"
FORM_TEMPLATE = "form.html"


def template_dirs(user: str | Path | None = None) -> list[Path]:
    """Where templates are looked up, first match wins: the user's folder, then ours."""
    dirs = [Path(user).resolve()] if user is not None else []
    return [*dirs, data_dir("templates").resolve()]


def environment(user: str | Path | None = None) -> jinja2.Environment:
    """A Jinja environment that escapes every value and refuses undefined names."""
    if user is not None and not Path(user).is_dir():
        raise ReportError(f"--templates {user}: not a folder")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_report(env: jinja2.Environment, report: ReportView, *, font_face: str = "") -> str:
    """The whole committee report or appraisal summary, as HTML."""
    return _render(env, REPORT_TEMPLATE, report=report, t=report.t, font_face=font_face)


def render_form(env: jinja2.Environment, report: ReportView, candidate: CandidateView, *, font_face: str = "") -> str:
    """One candidate's form (the appraisal form HR hands to an employee), as HTML."""
    return _render(env, FORM_TEMPLATE, report=report, t=report.t, candidate=candidate, font_face=font_face)


def _render(env: jinja2.Environment, name: str, **context: object) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        where = _template_line(exc)
        raise ReportError(f"{where}template {name}: {exc}") from None


def _template_line(exc: BaseException) -> str:
    """`FILE:LINE: ` of the template frame an error came from, when Jinja's traceback has one."""
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".html"):
            where = f"{code.co_filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where
