"""Write reports and per-candidate forms as HTML or PDF files, atomically.

`write_report` writes the committee report (or appraisal summary); `write_forms` writes
one form per candidate, rendered in parallel on all cores. Every file goes through a
temporary file and a rename: an error or Ctrl-C never leaves half a report, and never
clobbers an earlier one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from scoring.model.errors import ReportError
from scoring.model.results import Evaluation
from scoring.render.atomic import write_atomic
from scoring.render.labels import LANGUAGES
from scoring.render.report import ReportView, candidate_view, report_view
from scoring.render.templating import environment, render_form, render_report, template_dirs

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class ReportOptions:
    """How to render: language (None: the rubric's locale), a user's template folder, a font file."""

    lang: str | None = None
    templates: Path | None = None
    font: Path | None = None


def format_of(path: str | Path) -> str:
    """`html` or `pdf`, from a file name's suffix."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "htm":
        return "html"
    if suffix not in FORMATS:
        raise ReportError(f"{path}: expected a file name ending in .html or .pdf")
    return suffix


def write_report(evaluation: Evaluation, output: str | Path, options: ReportOptions = ReportOptions()) -> list[str]:
    """Write the whole report to `output` (.html or .pdf); returns warnings to show the user."""
    fmt = format_of(output)
    job = _Job.prepare(evaluation, options, fmt)
    html = render_report(job.env, job.report, font_face=job.font_face)
    warnings = _warnings(job, html)
    write_atomic(output, job.encode(html))
    return warnings


def write_forms(
    evaluation: Evaluation,
    folder: str | Path,
    options: ReportOptions = ReportOptions(),
    *,
    fmt: str = "pdf",
    jobs: int | None = None,
    done: Callable[[Path], None] = lambda path: None,
) -> list[str]:
    """Write one form per candidate into `folder`, named by candidate id; returns warnings.

    Forms are rendered by `jobs` processes (default: one per core), each writing its own
    files, so memory stays flat however many forms there are. `done` is called with each
    file written, in the order they finish.
    """
    if fmt not in FORMATS:
        raise ReportError(f"unknown form format {fmt!r}; expected html or pdf")
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{folder}: cannot create the folder: {exc.strerror}") from None
    job = _Job.prepare(evaluation, options, fmt, folder=target)
    ids = [r.candidate.id for r in evaluation.candidates]
    if not ids:
        return []
    first = render_form(job.env, job.report, candidate_view(job.report, ids[0]), font_face=job.font_face)
    warnings = _warnings(job, first)
    for path in _run(job, ids, jobs):
        done(path)
    return warnings


def file_name(candidate_id: str) -> str:
    """A form's file name stem: the candidate id, which never starts with a dot."""
    return "_" + candidate_id if candidate_id.startswith(".") else candidate_id


@dataclass(frozen=True)
class _Job:
    """Everything a process needs to render: made once, inherited by forked workers."""

    env: jinja2.Environment
    report: ReportView
    fmt: str
    roots: tuple[Path, ...]
    font: Path | None
    font_face: str
    folder: Path | None = None

    @classmethod
    def prepare(cls, evaluation: Evaluation, options: ReportOptions, fmt: str, folder: Path | None = None) -> _Job:
        from scoring.render.pdf import font_face  # no WeasyPrint import: it only writes a CSS rule

        lang = options.lang or evaluation.rubric.locale
        if lang not in LANGUAGES:
            raise ReportError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        return cls(
            env=environment(options.templates),
            report=report_view(evaluation, lang),
            fmt=fmt,
            roots=tuple(template_dirs(options.templates)),
            font=options.font,
            font_face=font_face(options.font),
            folder=folder,
        )

    def encode(self, html: str) -> bytes:
        if self.fmt == "html":
            return html.encode("utf-8")
        from scoring.render.pdf import html_to_pdf

        return html_to_pdf(html, self.roots, font=self.font)

    def form(self, candidate_id: str) -> Path:
        assert self.folder is not None
        html = render_form(self.env, self.report, candidate_view(self.report, candidate_id), font_face=self.font_face)
        path = self.folder / f"{file_name(candidate_id)}.{self.fmt}"
        write_atomic(path, self.encode(html))
        return path


def _warnings(job: _Job, html: str) -> list[str]:
    if job.fmt != "pdf":
        return []
    from scoring.render.pdf import missing_font_warning

    warning = missing_font_warning(html, job.font)
    return [warning] if warning else []


# The job of the current `write_forms` call. Set in the parent before the pool forks, so
# each worker inherits it without pickling the evaluation.
_CURRENT: _Job | None = None
_FORMS_PER_WORKER = 100


def _form_in_worker(candidate_id: str) -> Path:
    assert _CURRENT is not None
    return _CURRENT.form(candidate_id)


def _run(job: _Job, ids: list[str], jobs: int | None) -> Iterator[Path]:
    global _CURRENT
    workers = max(1, min(jobs or os.cpu_count() or 1, len(ids)))
    few = workers == 1 and len(ids) <= _FORMS_PER_WORKER  # one process, never recycled: render here
    if few or "fork" not in multiprocessing.get_all_start_methods():
        for cid in ids:
            yield job.form(cid)
        return
    _CURRENT = job
    try:
        # A worker is replaced after this many forms: WeasyPrint's caches grow with every
        # document, and recycling keeps each worker's memory flat however many forms.
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=_FORMS_PER_WORKER) as pool:
            yield from pool.imap_unordered(_form_in_worker, ids)
    finally:
        _CURRENT = None
