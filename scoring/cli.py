"""The `scoring` command: a thin click layer over the library."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from scoring import __version__
from scoring.commands.options import ALLOW_MISSING, SCORES

if TYPE_CHECKING:
    from scoring.model.errors import Problem, ScoringError
    from scoring.model.rubric import Rubric

# `scoring --help` waits on this module alone: everything of the library is imported inside
# the command that needs it (api.md's start-up budget).

def _fail(exc: ScoringError) -> NoReturn:
    """Print a library error and exit 1."""
    from scoring.model.errors import InvalidError

    if isinstance(exc, InvalidError):
        _say_problems(exc.problems)
    else:
        _say(f"error: {exc}")
    sys.exit(1)


def _say_problems(problems: Sequence[object]) -> None:
    """Print problems one per line, at most MAX_PROBLEMS of them and the count of the rest."""
    from scoring.model.limits import MAX_PROBLEMS

    for problem in problems[:MAX_PROBLEMS]:
        _say(str(problem))
    if len(problems) > MAX_PROBLEMS:
        _say(f"… and {len(problems) - MAX_PROBLEMS:,} more problems")


def _say(line: str) -> None:
    """Print a message line on stderr, control characters from the input shown, not obeyed."""
    from scoring.render.output import printable

    click.echo("\n".join(printable(part) for part in line.split("\n")), err=True)


def _warn(warnings: Sequence[Problem]) -> None:
    """Print the evaluation's warnings on stderr, one per line, each once."""
    for warning in dict.fromkeys(warnings):
        _say(f"warning: {warning}")


_LATER = {
    "record": "history", "history": "history", "trend": "history", "lint": "lint", "schema": "tooling",
    "init": "tooling", "explain": "explain", "diff": "diff", "sensitivity": "analysis",
    "report": "report", "sheet": "sheet", "metrics": "metrics",
}
"""Every command but `validate` and `score`, and its module in scoring/commands/: each module
is imported when its command runs (or `--help` lists them all), so `score` does not pay for
their click declarations (api.md §5.3)."""


class _Group(click.Group):
    """The command group: the one place where errors, Ctrl-C and SIGTERM become exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LATER})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LATER and cmd_name not in self.commands:
            import importlib

            module = importlib.import_module(f"scoring.commands.{_LATER[cmd_name]}")
            self.add_command(getattr(module, cmd_name))
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        from scoring.model.errors import ScoringError

        with _sigterm_unwinds():
            try:
                return super().invoke(ctx)
            except ScoringError as exc:
                _fail(exc)
            except BrokenPipeError:
                raise  # click ends quietly when stdout is closed (`scoring score ... | head`)
            except OSError as exc:
                where = f"{exc.filename}: " if exc.filename else ""
                _say(f"error: {where}{exc.strerror or exc}")
                sys.exit(1)
            except KeyboardInterrupt:
                # Ctrl-C: the `finally` blocks on the way here removed temporary files and
                # stopped any workers; say nothing more and exit as shells expect.
                sys.exit(130)


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While a command runs, SIGTERM exits through `finally` blocks, so temporary files go."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_output(option: str, output: str, inputs: Sequence[str]) -> None:
    """Refuse (exit 2) an output naming one of the inputs, or under a file; reads nothing."""
    for given in inputs:
        if _same_file(output, given):
            raise click.UsageError(f"{option} {output} is the input {given}; write to another file")
    folder = os.path.dirname(os.path.abspath(output))
    while not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    if not os.path.isdir(folder):
        raise click.UsageError(f"{option} {output}: {folder} is a file, not a folder")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def _inputs(rubric: str, *files: str | tuple[str, ...]) -> list[str]:
    """Every file a command reads: the rubric (a bundled id resolved), inputs and sheets."""
    from scoring.resources import resolve_rubric

    found = [str(resolve_rubric(rubric))]
    for item in files:
        found += [item] if isinstance(item, str) else list(item)
    return found


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scoring")
def cli() -> None:
    """Score vendors' bids and staff appraisals against YAML rubrics, exactly."""


@cli.command()
@click.argument("rubric")
@click.argument("inputs", nargs=-1, type=click.Path(dir_okay=False))
@SCORES
@ALLOW_MISSING
def validate(rubric: str, inputs: tuple[str, ...], scores: tuple[str, ...], allow_missing: bool) -> None:
    """Check RUBRIC and any INPUTS; print one line per problem.

    RUBRIC is a file, or the id of a bundled rubric. Exit 0 when everything is valid,
    1 when anything is not.
    """
    from scoring.pipeline import check_all

    checked = check_all(rubric, inputs, scores=scores, allow_missing=allow_missing)
    _say_problems(checked.problems)
    _warn(checked.warnings)
    if checked.problems or checked.rubric is None:
        sys.exit(1)
    click.echo(f"valid: {rubric}" + "".join(f", {i}" for i in inputs))
    from scoring.lint.prices import price_summary

    loaded = checked.rubric
    summary = price_summary(loaded)
    if summary is not None:
        click.echo(summary)
    _say_pairwise(loaded)


def _say_pairwise(rubric: Rubric) -> None:
    """One line per `pairwise`: the weights it derives and its consistency ratio (analysis.md §3)."""
    from scoring.model.serialize import pairwise_dicts

    for entry in pairwise_dicts(rubric):
        where = f"section '{entry['section']}'" if entry["section"] is not None else "rubric"
        weights = ", ".join(f"{k} {v:.2f}%" for k, v in entry["weights"].items())
        click.echo(f"pairwise weights of {where} (AHP): {weights}; CR = {entry['cr']:.4f}")


@cli.command()
@click.argument("rubric")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              help="Output format; by default taken from -o's suffix, else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the terminal.")
@click.option("--working", is_flag=True, help="With --format json: add each candidate's working (how it was scored).")
@SCORES
@ALLOW_MISSING
def score(rubric: str, input_file: str, fmt: str | None, output: str | None, working: bool,
          scores: tuple[str, ...], allow_missing: bool) -> None:
    """Score INPUT against RUBRIC and print the ranking (or write it with -o)."""
    from scoring.load.paths import suffix as path_suffix
    from scoring.pipeline import score_files
    from scoring.render.output import render

    if output is not None:
        _check_output("-o", output, _inputs(rubric, input_file, scores))
    if fmt is None:
        suffix = path_suffix(output).lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("json", "csv") else "table"
    if working and fmt != "json":
        raise click.UsageError(f"--working needs --format json, got {fmt}")
    evaluation = score_files(rubric, input_file, scores=scores, allow_missing=allow_missing)
    text = render(evaluation, fmt, working=working)
    from scoring.commands.output import emit

    # A CSV file starts with a byte order mark so Excel reads it as UTF-8; standard output
    # has none, because pipes and scripts read it (documents.md §6). `-o ""` prints, as no -o does.
    emit(text, output or None, "utf-8-sig" if fmt == "csv" else "utf-8")
    _warn(evaluation.warnings)
