"""Write reports and per-candidate forms as HTML or PDF files, atomically.

`write_report` writes the committee report (or appraisal summary); `write_forms` writes
one form per candidate, rendered by worker processes on all cores and written by this
one. Every file goes through a temporary file and a rename: an error, Ctrl-C or a dead
worker never leaves half a report, and never clobbers an earlier one.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from scoring.model.errors import ReportError, ScoringError
from scoring.model.results import Evaluation
from scoring.render.atomic import write_atomic
from scoring.render.labels import LANGUAGES
from scoring.render.paths import file_names
from scoring.render.report import ReportView, candidate_view, report_view
from scoring.render.templating import environment, render_form, render_report, template_dirs
from scoring.render.trend import History

if TYPE_CHECKING:  # render never imports the analysis layer above it at run time
    from scoring.analysis.run import Sensitivity

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class ReportOptions:
    """How to render: language (None: the rubric's locale), a user's template folder, a font file,
    and the candidates' earlier periods (`report --db`)."""

    lang: str | None = None
    templates: Path | None = None
    font: Path | None = None
    history: History | None = None
    sensitivity: Sensitivity | None = None
    """`scoring.analysis.sensitivity`'s result: the report's 稳健性 section (never on a form)."""


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
    write_atomic(output, job.encoder()(html))
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

    File names come from `paths.file_names`, so they never leave `folder` and two ids
    never share a file (a clash raises `FileNameError` before anything is written).
    Forms are rendered by `jobs` processes (default: one per core) and written here, one
    by one, so memory stays flat however many forms there are. `done` is called with each
    file written, in the order they finish. A worker that dies stops the others and
    raises `ReportError` naming the candidate whose form it was rendering.
    """
    if fmt not in FORMATS:
        raise ReportError(f"unknown form format {fmt!r}; expected html or pdf")
    target = Path(folder)
    ids = [r.candidate.id for r in evaluation.candidates]
    names = file_names(ids, f".{fmt}")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{folder}: cannot create the folder: {exc.strerror}") from None
    job = _Job.prepare(evaluation, options, fmt)
    if not ids:
        return []
    first = render_form(job.env, job.report, candidate_view(job.report, ids[0]), font_face=job.font_face)
    warnings = _warnings(job, first)
    for cid, data in rendered_forms(job.form_renderer, ids, jobs):
        path = target / names[cid]
        write_atomic(path, data)
        done(path)
    return warnings


@dataclass(frozen=True)
class _Job:
    """Everything a process needs to render: made once, inherited by forked workers."""

    env: jinja2.Environment
    report: ReportView
    fmt: str
    roots: tuple[Path, ...]
    font: Path | None
    font_face: str

    @classmethod
    def prepare(cls, evaluation: Evaluation, options: ReportOptions, fmt: str) -> _Job:
        from scoring.render.pdf import font_face  # no WeasyPrint import: it only writes a CSS rule

        lang = options.lang or evaluation.rubric.locale
        if lang not in LANGUAGES:
            raise ReportError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        return cls(
            env=environment(options.templates),
            report=report_view(evaluation, lang, history=options.history, sensitivity=options.sensitivity),
            fmt=fmt,
            roots=tuple(template_dirs(options.templates)),
            font=options.font,
            font_face=font_face(options.font),
        )

    def encoder(self) -> Callable[[str], bytes]:
        """A function turning rendered HTML into the file's bytes; a PDF one keeps its fonts between calls."""
        if self.fmt == "html":
            return lambda html: html.encode("utf-8")
        from scoring.render.pdf import pdf_renderer

        return pdf_renderer(self.roots, font=self.font)

    def form_renderer(self) -> Callable[[str], bytes]:
        """A function giving one candidate's form, encoded; made once per process that renders forms."""
        encode = self.encoder()

        def form(candidate_id: str) -> bytes:
            view = candidate_view(self.report, candidate_id)
            return encode(render_form(self.env, self.report, view, font_face=self.font_face))

        return form


def _warnings(job: _Job, html: str) -> list[str]:
    if job.fmt != "pdf":
        return []
    from scoring.render.pdf import missing_font_warning

    warning = missing_font_warning(html, job.font)
    return [warning] if warning else []


# -- rendering forms in worker processes -------------------------------------------------
#
# A small pool of our own rather than multiprocessing.Pool (which waits forever when a
# worker is killed) or ProcessPoolExecutor (which says a worker died, not which task it
# was running): each worker has its own pipe and renders one form at a time, so when its
# process ends without an answer the parent knows exactly whose form it was.

_FORMS_PER_WORKER = 100
"""A worker is replaced after this many forms: WeasyPrint's caches grow with every document,
and recycling keeps each worker's memory flat however many forms."""

_STOP_SECONDS = 2.0
"""How long a stopped worker gets to exit before it is killed."""


Renderer = Callable[[], Callable[[str], bytes]]
"""Makes a function rendering one id's file: called once in each process that renders, so what
that function holds (a PDF's fonts) serves every form the process renders and is never forked."""


def rendered_forms(renderer: Renderer, ids: Sequence[str], jobs: int | None) -> Iterator[tuple[str, bytes]]:
    """`(id, render(id))` for every id, in the order they finish, rendered by `jobs` processes.

    Raises `ReportError` naming the candidate when a render fails or its worker dies; the
    other workers are stopped first. Ctrl-C in the terminal reaches only this process
    (workers ignore SIGINT), which stops the workers and lets KeyboardInterrupt go on.
    """
    workers = max(1, min(jobs or os.cpu_count() or 1, len(ids)))
    few = workers == 1 and len(ids) <= _FORMS_PER_WORKER  # one process, never recycled: render here
    if few or "fork" not in multiprocessing.get_all_start_methods():
        render = renderer()
        for cid in ids:
            yield cid, render(cid)
        return
    yield from _in_workers(renderer, ids, workers)


@dataclass
class _Worker:
    """A worker process, the parent's end of its pipe, and the id it is rendering."""

    process: BaseProcess
    conn: Connection
    task: str | None = None
    count: int = 0
    told_to_exit: bool = False


def _in_workers(renderer: Renderer, ids: Sequence[str], count: int) -> Iterator[tuple[str, bytes]]:
    todo = deque(ids)
    pool: list[_Worker] = []
    try:
        for _ in range(count):
            pool.append(_start(renderer))
            _assign(pool[-1], todo)
        while any(w.task is not None for w in pool):
            busy = [w for w in pool if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for i, w in enumerate(pool):
                if w.task is None or not ({w.conn, w.process.sentinel} & ready):
                    continue
                yield _collect(w)
                if w.count == _FORMS_PER_WORKER:  # it exits by itself after this many
                    _stop([w])
                    pool[i] = w = _start(renderer)
                _assign(w, todo)
    finally:
        _stop(pool)


def _start(renderer: Renderer) -> _Worker:
    """Fork a worker; `renderer` is inherited, never pickled."""
    here, there = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(renderer, there), daemon=True)
    # Block SIGINT and SIGTERM across the fork, so the child cannot take either while it still
    # runs the parent's handlers (a Ctrl-C, or a stop, would unwind the parent's frames in the
    # child); one sent meanwhile reaches this process as soon as the mask is restored.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        there.close()  # the child holds its end now: its death makes ours read EOF
    return _Worker(process, here)


def _serve(renderer: Renderer, conn: Connection) -> None:
    """A worker's loop: render the ids the parent sends, answer each, exit after a batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent stops us with SIGTERM; nothing to clean up
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    render: Callable[[str], bytes] | None = None  # made with the first id, so a failure names it
    try:
        for _ in range(_FORMS_PER_WORKER):
            cid = conn.recv()
            if cid is None:
                return
            try:
                render = render or renderer()
                reply: tuple[str, object] = ("ok", render(cid))
            except ScoringError as exc:
                reply = ("error", str(exc))
            except Exception as exc:  # noqa: BLE001 - a bug still names its candidate, and never hangs the parent
                reply = ("error", f"{type(exc).__name__}: {exc}")
            conn.send(reply)
    except (EOFError, OSError):
        return  # the parent is gone: nobody is left to answer
    finally:
        # WeasyPrint deletes its temporary copy of a --font file when the font configuration
        # is collected, which the worker's os._exit would skip.
        render = None
        gc.collect()


def _assign(w: _Worker, todo: deque[str]) -> None:
    """Send the worker its next id, or tell it to exit when there is none."""
    w.task = todo.popleft() if todo else None
    w.told_to_exit = w.task is None
    try:
        w.conn.send(w.task)
    except OSError:  # it died since its last answer: that id is the form that failed
        if w.task is not None:
            raise _died(w, w.task) from None


def _collect(w: _Worker) -> tuple[str, bytes]:
    """The answer of a worker whose pipe or process is ready; raises `ReportError` if it failed."""
    cid = w.task
    assert cid is not None
    w.task = None
    try:
        status, payload = w.conn.recv() if w.conn.poll() else ("died", None)
    except (EOFError, OSError):
        status, payload = "died", None
    if status == "ok" and isinstance(payload, bytes):
        w.count += 1
        return cid, payload
    if status == "error":
        raise ReportError(f"the form of candidate {cid!r} failed: {payload}")
    raise _died(w, cid)


def _died(w: _Worker, cid: str) -> ReportError:
    w.task = None
    w.process.join(_STOP_SECONDS)
    return ReportError(f"the form of candidate {cid!r} failed: its worker process {_death(w.process)}; "
                       "the other forms were stopped")


def _death(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"ended with exit code {code}" if code is not None else "stopped answering"


def _stop(pool: Sequence[_Worker]) -> None:
    """End every worker (they hold nothing worth saving: this process writes the files)."""
    for w in pool:
        if w.told_to_exit:  # let it end by itself: WeasyPrint deletes its copies of a --font file then
            w.process.join(_STOP_SECONDS)
        if w.process.is_alive():
            w.process.terminate()
    for w in pool:
        w.process.join(_STOP_SECONDS)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()


__all__ = ["FORMATS", "ReportOptions", "format_of", "rendered_forms", "write_forms", "write_report"]
