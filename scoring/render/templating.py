"""Render reports to HTML with Jinja: our templates, or a user's copy falling back to ours."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import jinja2
import jinja2.sandbox
from markupsafe import Markup

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
    """A sandboxed Jinja environment that escapes every value and refuses undefined names.

    A user's templates are code from outside: the sandbox keeps them from reaching
    Python's internals (`''.__class__.__mro__`), files or processes. Ours run in the
    same kind of environment, so there is one set of rules for every template.
    """
    if user is not None and not Path(user).is_dir():
        raise ReportError(f"--templates {user}: not a folder")
    return jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=visible,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def visible(value: object) -> object:
    """A value about to be printed, with control characters shown as `\\xNN` instead of raw.

    NUL, ESC (terminal colour codes) and other C0/C1 controls from a hostile name are not
    text: raw in HTML they are parse errors or hidden. Tab and line breaks stay, and so does
    markup a template built itself (a macro's output).
    """
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    return "".join(_shown(c) for c in value)


def _shown(char: str) -> str:
    if char in "\t\n\r" or unicodedata.category(char) != "Cc":
        return char
    return f"\\x{ord(char):02x}"


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
    except jinja2.exceptions.SecurityError as exc:
        where = _template_line(exc)
        raise ReportError(f"{where}template {name}: refused by the sandbox: {exc}") from None
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
