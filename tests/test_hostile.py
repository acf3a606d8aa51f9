"""Hostile input is normal input: the real CLI on every file of tests/hostile/.

Each case runs `python -m scoring ...` in a subprocess, in a fresh folder holding copies of
its inputs and an empty `out/`, under memory and CPU limits and a timeout, and asserts:
the exit code, a located message, no traceback, no escape codes or NUL bytes echoed, short
lines, nothing created or changed outside `out/` (nor in the folder above, nor at the
absolute paths hostile ids name), no `.part` file left behind, and the inputs byte-identical.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DATA, ROOT

HOSTILE = ROOT / "tests" / "hostile"
SPEC = DATA / "spec"
BASE = {"rubric.yaml": SPEC / "rubric.yaml", "input.yaml": SPEC / "input.yaml", "facts.yaml": HOSTILE / "facts.yaml"}
"""Valid files every case folder holds: the spec's rubric and input, and a facts-only rubric."""
ABSOLUTE_ID = "/tmp/scoring-hostile-abs"
"""The absolute path that ids-abs.csv and an evaluator id name: nothing may appear there."""

MEMORY = 2 * 1024**3
"""RLIMIT_AS of each run: a hostile file must not take more; WeasyPrint fits well within it."""
FILE_SIZE = 256 * 1024**2
"""RLIMIT_FSIZE: no output of these cases comes near it; a runaway writer is stopped."""
MAX_LINE = 1_000
"""Longest line a run may print: messages quote at most a short piece of what they found."""
MAX_OUTPUT = 64 * 1024
"""Most a failing run may print: one short line per problem."""

sys.path.insert(0, str(ROOT / "tests"))
from hostile.generate import GENERATED, build  # noqa: E402

Check = Callable[[Path, "subprocess.CompletedProcess[bytes]", object], None]


@dataclass(frozen=True)
class Case:
    """One hostile command line and what it must do."""

    name: str
    args: tuple[str, ...]
    """The arguments after `scoring`, with files named relative to the case folder."""
    files: tuple[str, ...]
    """Files or folders of tests/hostile/ (or generated) copied into the case folder."""
    code: int | tuple[int, ...]
    """The exit code, or the codes the contract leaves open (each commented)."""
    message: str
    """A regex searched in stdout and stderr together; for exit 1 and 2, the located message."""
    timeout: float = 8
    setup: Callable[[Path], object] | None = None
    """Prepares the folder beyond the copies; what it returns is handed to `check`."""
    check: Check | None = None
    """Further assertions on the folder and the finished run."""


def at(file: str, anchor: str, value: str, path: str) -> str:
    """The regex of `FILE:LINE:COL: PATH` where `value` stands on the first line holding `anchor`."""
    text = (HOSTILE / file).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if anchor in line:
            column = line.index(value, line.index(anchor)) + 1
            return re.escape(f"{file}:{number}:{column}: {path}")
    raise AssertionError(f"{anchor!r} is not in {file}")


def anywhere(file: str) -> str:
    """The regex of a problem located anywhere in `file` (line and column)."""
    return re.escape(file) + r":\d+:\d+: "


def whole(file: str) -> str:
    """The regex of a problem about `file`, with or without a line or a sheet and cell."""
    return re.escape(file) + r"(:\d+:\d+|![^:\s]+)?: "


# -- checks beyond the common ones ---------------------------------------------------------


def _json_written(name: str) -> Check:
    def check(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
        assert "candidates" in json.loads((work / name).read_text(encoding="utf-8"))
    return check


def _forms_distinct(count: int) -> Check:
    """When the run succeeded, one form per candidate, each its own file inside out/forms."""
    def check(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
        if run.returncode == 0:
            forms = [p for p in (work / "out" / "forms").rglob("*") if p.is_file()]
            assert len(forms) == count, forms
    return check


def _csv_cells_inert(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
    rows = list(csv.reader((work / "out" / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell or "cmd|calc" in cell or "SUM(A1)" in cell]
    # All three formula-like names are there, each behind a leading apostrophe; and the name `-2` too.
    assert len(names) == 3 and all(n.startswith("'") for n in names), names
    assert any(cell == "'-2" for row in rows for cell in row), rows


def _xlsx_cells_inert(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(work / "out" / "sheets" / "e1.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value or "")]
    assert cells and all(c.data_type == "s" for c in cells), [(c.coordinate, c.data_type) for c in cells]


def _html_clean(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
    if run.returncode == 0:
        html = (work / "out" / "r.html").read_bytes()
        assert b"\x1b" not in html and b"\x00" not in html and b"\x07" not in html


def _devnull(work: Path) -> object:
    (work / "out" / "devnull").symlink_to("/dev/null")
    return None


def _still_devnull(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
    link = work / "out" / "devnull"
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def _fifo(work: Path) -> object:
    os.mkfifo(work / "out" / "pipe")
    # Opened for reading now (non-blocking), so the command's open for writing does not wait.
    return os.open(work / "out" / "pipe", os.O_RDONLY | os.O_NONBLOCK)


def _fifo_written(work: Path, run: subprocess.CompletedProcess[bytes], fd: object) -> None:
    assert isinstance(fd, int)
    try:
        data = os.read(fd, 1 << 16)
    except BlockingIOError:
        data = b""
    finally:
        os.close(fd)
    assert stat.S_ISFIFO(os.lstat(work / "out" / "pipe").st_mode)
    assert b'"candidates"' in data


def _a_file(work: Path) -> object:
    (work / "out" / "afile").write_text("I am a file, not a folder\n", encoding="utf-8")
    return None


def _pdfs(count: int) -> Check:
    def check(work: Path, run: subprocess.CompletedProcess[bytes], _: object) -> None:
        pdfs = sorted((work / "out").rglob("*.pdf"))
        assert len(pdfs) == count and all(p.read_bytes().startswith(b"%PDF") for p in pdfs), pdfs
    return check


# -- the corpus ------------------------------------------------------------------------------

HTML_FORMS = ("--per-candidate", "out/forms", "--forms-format", "html")
SCORE_JSON = ("score", "rubric.yaml", "input.yaml", "--format", "json")

CASES = [
    # YAML structure: aliases and nesting are bounded before anything is expanded.
    Case("billion-laughs", ("validate", "billion-laughs.yaml"), ("billion-laughs.yaml",), 1,
         anywhere("billion-laughs.yaml") + "(?i:.*alias)"),
    Case("too-many-aliases", ("validate", "too-many-aliases.yaml"), ("too-many-aliases.yaml",), 1,
         anywhere("too-many-aliases.yaml") + "(?i:.*alias)"),
    Case("deep-600000-over-1mib", ("validate", "deep-1mib.yaml"), ("deep-1mib.yaml",), 1,
         anywhere("deep-1mib.yaml") + "(?i:.*(nest|deep|depth|level))"),
    Case("deep-5000-small", ("validate", "deep-small.yaml"), ("deep-small.yaml",), 1,
         anywhere("deep-small.yaml") + "(?i:.*(nest|deep|depth|level))"),
    Case("deep-60-block", ("validate", "deep-block.yaml"), ("deep-block.yaml",), 1,
         anywhere("deep-block.yaml") + "(?i:.*(nest|deep|depth|level))"),
    Case("not-utf8", ("validate", "not-utf8.yaml"), ("not-utf8.yaml",), 1, anywhere("not-utf8.yaml")),
    Case("nul-byte", ("validate", "nul.yaml"), ("nul.yaml",), 1, anywhere("nul.yaml")),
    Case("empty-rubric", ("validate", "empty.yaml"), ("empty.yaml",), 1, whole("empty.yaml")),
    Case("empty-input", ("validate", "rubric.yaml", "empty.yaml"), ("empty.yaml",), 1, whole("empty.yaml")),
    Case("missing-input", ("score", "rubric.yaml", "nosuch.yaml"), (), 1, r"nosuch\.yaml.*(?i:no such|not found|cannot)"),
    Case("duplicate-key", ("validate", "dup-keys.yaml"), ("dup-keys.yaml",), 1,
         at("dup-keys.yaml", "total: 90", "total", "total")),
    # Numbers and bounds in a rubric.
    Case("total-1e70", ("validate", "total-1e70.yaml"), ("total-1e70.yaml",), 1,
         at("total-1e70.yaml", "total:", "1e70", "total")),
    Case("decimals-27", ("validate", "decimals-27.yaml"), ("decimals-27.yaml",), 1,
         at("decimals-27.yaml", "decimals:", "27", "decimals")),
    Case("round-100", ("validate", "round-100.yaml"), ("round-100.yaml",), 1,
         at("round-100.yaml", "check:", "round", "gates[0].check")),
    Case("role-weight-0", ("validate", "role-zero.yaml"), ("role-zero.yaml",), 1,
         at("role-zero.yaml", "peer: 0%", "0%", "evaluators.roles.peer")),
    Case("negative-weight", ("validate", "negative-weight.yaml"), ("negative-weight.yaml",), 1,
         at("negative-weight.yaml", "weight: -40%", "-40%", "sections[1].weight")),
    Case("weight-over-100", ("validate", "over-100.yaml"), ("over-100.yaml",), 1,
         at("over-100.yaml", "weight: 150%", "150%", "sections[0].weight")),
    # 60 + 35 = 95 points against total 100: the message names both sums.
    Case("points-95-of-100", ("validate", "points-95.yaml"), ("points-95.yaml",), 1,
         anywhere("points-95.yaml") + ".*(95.*100|100.*95)"),
    # Expressions: size, depth, cycles, and numbers beyond the bounds.
    Case("parens-200", ("validate", "parens-200.yaml"), ("parens-200.yaml",), 1,
         at("parens-200.yaml", "check:", "(", "gates[0].check")),
    # A flat 1,000-term sum (1,999 characters): whether a chain of `+` counts as 1,000 levels is the
    # implementation's choice; either it scores or it is a located error, never a RecursionError.
    Case("sum-1000-terms", ("validate", "sum-1000.yaml", "input.yaml"), ("sum-1000.yaml",), (0, 1),
         at("sum-1000.yaml", "  s: ", "1", "metrics.s") + "|^valid"),
    Case("expression-too-long", ("validate", "long-expression.yaml"), ("long-expression.yaml",), 1,
         at("long-expression.yaml", "check:", "implementation_months", "gates[0].check")),
    Case("metric-cycle", ("validate", "metric-cycle.yaml"), ("metric-cycle.yaml",), 1,
         anywhere("metric-cycle.yaml") + r"metrics\.[ab]: "),
    Case("catalogue-cycle", ("validate", "catalogue-cycle.yaml"), ("catalogue-cycle.yaml",), 1,
         at("catalogue-cycle.yaml", "average_order_value: clv", "clv", "metrics.average_order_value")),
    Case("literal-1e999999-squared", ("validate", "squared-literal.yaml"), ("squared-literal.yaml",), 1,
         at("squared-literal.yaml", "check:", "1e999999", "gates[0].check")),
    Case("fact-1e999999-squared", ("validate", "squared.yaml", "fact-huge.yaml"), ("squared.yaml", "fact-huge.yaml"), 1,
         at("fact-huge.yaml", "1e999999", "1e999999", "candidates[0].facts.x")),
    # Untrusted numbers in an input.
    Case("score-1e999999999", ("score", "rubric.yaml", "score-huge.yaml"), ("score-huge.yaml",), 1,
         at("score-huge.yaml", "1e999999999", "1e999999999", "candidates[0].scores.wang.solution")),
    Case("score-nan", ("score", "rubric.yaml", "score-nan.yaml"), ("score-nan.yaml",), 1,
         at("score-nan.yaml", "NaN", "NaN", "candidates[0].scores.wang.solution")),
    Case("fact-inf", ("validate", "rubric.yaml", "fact-inf.yaml"), ("fact-inf.yaml",), 1,
         at("fact-inf.yaml", ".inf", ".inf", "candidates[0].facts.license-fee")),
    Case("fact-13-places", ("validate", "rubric.yaml", "fact-places.yaml"), ("fact-places.yaml",), 1,
         at("fact-places.yaml", "380000.", "380000.", "candidates[0].facts.license-fee")),
    Case("fact-70-digits", ("validate", "rubric.yaml", "fact-long.yaml"), ("fact-long.yaml",), 1,
         at("fact-long.yaml", "1111", "1111", "candidates[0].facts.license-fee")),
    Case("flow-thousands", ("validate", "rubric.yaml", "flow-thousands.yaml"), ("flow-thousands.yaml",), 1,
         anywhere("flow-thousands.yaml") + r"candidates\[0\]\.facts.*(?i:quot)"),
    Case("id-300-chars", ("validate", "rubric.yaml", "id-long.yaml"), ("id-long.yaml",), 1,
         at("id-long.yaml", "vvvv", "vvvv", "candidates[0].id")),
    Case("id-traversal-yaml", ("report", "rubric.yaml", "id-traversal.yaml", *HTML_FORMS), ("id-traversal.yaml",), 1,
         at("id-traversal.yaml", "../evil", "../evil", "candidates[0].id")),
    # Candidate tables (CSV, XLSX).
    Case("empty-csv", ("score", "facts.yaml", "empty.csv"), ("empty.csv",), 1, whole("empty.csv")),
    Case("gb18030-csv", ("score", "facts.yaml", "gb18030.csv"), ("gb18030.csv",), 0, "甲公司（北京）"),
    Case("csv-line-after-multiline-cell", ("score", "facts.yaml", "multiline.csv"), ("multiline.csv",), 1,
         re.escape("multiline.csv:5:4: ")),
    Case("csv-inf-price", ("score", "facts.yaml", "inf.csv"), ("inf.csv",), 1, re.escape("inf.csv:2:3: ")),
    Case("csv-inf-times-0", ("score", "gate-inf.yaml", "inf-gate.csv"), ("gate-inf.yaml", "inf-gate.csv"), 1,
         re.escape("inf-gate.csv:2:4: ")),
    Case("csv-1004-columns", ("score", "facts.yaml", "too-many-columns.csv"), ("too-many-columns.csv",), 1,
         whole("too-many-columns.csv")),
    Case("xlsx-not-a-zip", ("score", "facts.yaml", "not-a-zip.xlsx"), ("not-a-zip.xlsx",), 1, whole("not-a-zip.xlsx")),
    Case("xlsx-zip-bomb", ("score", "facts.yaml", "zip-bomb.xlsx"), ("zip-bomb.xlsx",), 1, whole("zip-bomb.xlsx"), timeout=12),
    Case("xlsx-huge-dimension", ("score", "facts.yaml", "huge-dimension.xlsx"), ("huge-dimension.xlsx",), 1,
         whole("huge-dimension.xlsx"), timeout=12),
    Case("xlsx-only-hidden-sheet", ("score", "facts.yaml", "hidden-only.xlsx"), ("hidden-only.xlsx",), 1,
         whole("hidden-only.xlsx")),
    # Score sheets read back with --scores.
    Case("scores-not-a-zip", (*SCORE_JSON, "--scores", "not-a-zip.xlsx"), ("not-a-zip.xlsx",), 1, whole("not-a-zip.xlsx")),
    Case("scores-only-hidden-sheet", (*SCORE_JSON, "--scores", "hidden-only.xlsx"), ("hidden-only.xlsx",), 1,
         whole("hidden-only.xlsx")),
    Case("scores-zip-bomb", (*SCORE_JSON, "--scores", "zip-bomb.xlsx"), ("zip-bomb.xlsx",), 1, whole("zip-bomb.xlsx"),
         timeout=12),
    Case("scores-formula-without-value",
         ("score", "rubric.yaml", "many-candidates.csv", "--scores", "formula-scores.xlsx"),
         ("many-candidates.csv", "formula-scores.xlsx"), 1, re.escape("formula-scores.xlsx!Sheet!D2: ")),
    # One unknown id among 200: a short message (at most five suggestions; MAX_LINE enforces it).
    Case("scores-unknown-candidate",
         ("score", "rubric.yaml", "many-candidates.csv", "--scores", "unknown-candidate-scores.csv"),
         ("many-candidates.csv", "unknown-candidate-scores.csv"), 1,
         re.escape("unknown-candidate-scores.csv:2:1: ") + ".*zzz-nobody"),
    # Ids that would become file names.
    Case("csv-id-traversal", ("report", "facts.yaml", "ids-traversal.csv", *HTML_FORMS), ("ids-traversal.csv",), 1,
         re.escape("ids-traversal.csv:2:1: ")),
    Case("csv-id-absolute", ("report", "facts.yaml", "ids-abs.csv", *HTML_FORMS), ("ids-abs.csv",), 1,
         re.escape("ids-abs.csv:2:1: ")),
    # `.x` and `_.x` are both well-formed ids: the forms get two distinct safe names, or the
    # collision is a located error; never one file overwriting the other.
    Case("csv-ids-collide", ("report", "facts.yaml", "ids-dot.csv", *HTML_FORMS, "-j", "2"), ("ids-dot.csv",), (0, 1),
         r"ids-dot\.csv:\d+:1: |'\.x' and '_\.x'|wrote 2 forms", check=_forms_distinct(2)),
    # 100 CJK characters are a valid id but 300 bytes, over the usual 255-byte file-name limit.
    Case("csv-id-300-bytes", ("report", "facts.yaml", "id-cjk-long.csv", *HTML_FORMS, "-j", "2"), ("id-cjk-long.csv",),
         (0, 1), r"id-cjk-long\.csv:2:1: |wrote 2 forms", check=_forms_distinct(2)),
    Case("sheet-evaluator-traversal",
         ("sheet", "rubric.yaml", "input.yaml", "--evaluators", f"../evil,{ABSOLUTE_ID}", "-o", "out/sheets"),
         # An evaluator id is given on the command line: refused as misuse (2) or as invalid (1).
         (), (1, 2), r"\.\./evil"),
    # The same with a candidate table, which names no evaluators to check the ids against.
    Case("sheet-evaluator-traversal-no-list",
         ("sheet", "rubric.yaml", "sheet-formula-names.csv", "--evaluators", f"../evil,{ABSOLUTE_ID}", "-o", "out/sheets"),
         ("sheet-formula-names.csv",), (1, 2), r"\.\./evil"),
    Case("sheet-evaluator-formula",
         ("sheet", "rubric.yaml", "sheet-formula-names.csv", "--evaluators", "=1+1", "-o", "out/sheets"),
         ("sheet-formula-names.csv",), (1, 2), r"=1\+1"),
    # Names that a spreadsheet or a terminal would act on.
    Case("csv-formula-names", ("score", "facts.yaml", "names-formula.csv", "-o", "out/r.csv"), ("names-formula.csv",), 0,
         "wrote", check=_csv_cells_inert),
    Case("xlsx-formula-names", ("sheet", "rubric.yaml", "sheet-formula-names.csv", "--evaluators", "e1", "-o", "out/sheets"),
         ("sheet-formula-names.csv",), 0, "wrote", check=_xlsx_cells_inert),
    # Control characters in a name: refused (located) or shown harmlessly; the common checks
    # assert that no escape, NUL or bell reaches the terminal.
    Case("control-names-table", ("score", "facts.yaml", "names-control.csv"), ("names-control.csv",), (0, 1),
         r"names-control\.csv:\d+:2: |vendor-0"),
    Case("control-names-html", ("report", "facts.yaml", "names-control.csv", "-o", "out/r.html"), ("names-control.csv",),
         (0, 1), r"names-control\.csv:\d+:2: |wrote", check=_html_clean),
    Case("control-names-sheet",
         ("sheet", "rubric.yaml", "names-control-spec.csv", "--evaluators", "e1", "-o", "out/sheets"),
         ("names-control-spec.csv",), (0, 1), r"names-control-spec\.csv:\d+:2: |wrote"),
    # Output paths.
    Case("o-is-the-input", (*SCORE_JSON, "-o", "input.yaml"), (), 2, r"input\.yaml"),
    Case("o-is-the-input-respelt", (*SCORE_JSON, "-o", "./out/../input.yaml"), (), 2, r"input\.yaml"),
    Case("o-is-the-rubric", ("score", "rubric.yaml", "input.yaml", "-o", "rubric.yaml"), (), 2, r"rubric\.yaml"),
    Case("o-folder-is-a-file", (*SCORE_JSON, "-o", "out/afile/x.json"), (), 2, r"out/afile", setup=_a_file),
    Case("sheet-folder-is-a-file", ("sheet", "rubric.yaml", "input.yaml", "--evaluators", "e1", "-o", "out/afile"), (), 2,
         r"out/afile", setup=_a_file),
    Case("forms-folder-is-a-file", ("report", "rubric.yaml", "input.yaml", "--per-candidate", "out/afile",
                                    "--forms-format", "html"), (), 2, r"out/afile", setup=_a_file),
    Case("o-missing-folders", (*SCORE_JSON, "-o", "out/nodir/deeper/x.json"), (), 0, "wrote",
         check=_json_written("out/nodir/deeper/x.json")),
    Case("o-unwritable", (*SCORE_JSON, "-o", "/proc/scoring-hostile/x.json"), (), 1, r"/proc/scoring-hostile"),
    Case("o-device-symlink", (*SCORE_JSON, "-o", "out/devnull"), (), 0, "", setup=_devnull, check=_still_devnull),
    Case("o-fifo", (*SCORE_JSON, "-o", "out/pipe"), (), 0, "", setup=_fifo, check=_fifo_written),
    Case("report-docx", ("report", "rubric.yaml", "input.yaml", "-o", "out/x.docx"), (), 2, r"(?i:docx)"),
    # Templates: a user's template is sandboxed; the shell command it tries never runs.
    Case("template-escape", ("report", "rubric.yaml", "input.yaml", "-o", "out/r.html", "--templates", "escape-templates"),
         ("escape-templates",), 1, r"(?i:unsafe|sandbox|security)", timeout=15),
    # WeasyPrint within the memory limit: a real PDF report, and PDF forms from two workers.
    Case("pdf-report", ("report", "rubric.yaml", "input.yaml", "-o", "out/r.pdf"), (), 0, "wrote", timeout=60,
         check=_pdfs(1)),
    Case("pdf-forms-two-workers", ("report", "facts.yaml", "gb18030.csv", "--per-candidate", "out/forms", "-j", "2"),
         ("gb18030.csv",), 0, "wrote 2 forms", timeout=60, check=_pdfs(2)),
]


# -- running ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus, written once per session."""
    folder = tmp_path_factory.mktemp("hostile-generated")
    build(folder)
    return folder


def _limits(cpu: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))
    return apply


def _snapshot(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under `folder`: its kind and its bytes (or link target)."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in sorted(folder.rglob("*")):
        mode = os.lstat(path).st_mode
        key = str(path.relative_to(folder))
        if stat.S_ISLNK(mode):
            found[key] = ("link", os.readlink(path).encode())
        elif stat.S_ISREG(mode):
            found[key] = ("file", path.read_bytes())
        else:
            found[key] = ("dir" if stat.S_ISDIR(mode) else "other", b"")
    return found


def _run(case: Case, work: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the case's command in `work`; kill its whole process group on timeout or at the end."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "scoring", *case.args], cwd=work, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limits(int(case.timeout) + 3), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=case.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{case.name}: still running after {case.timeout} s\n{err.decode(errors='replace')[-2000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):  # workers left behind by the command, if any
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _prepare(case: Case, work: Path, generated: Path) -> object:
    (work / "out").mkdir(parents=True)
    for name, source in BASE.items():
        shutil.copyfile(source, work / name)
    for name in case.files:
        source = generated / name if name in GENERATED else HOSTILE / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        else:
            shutil.copyfile(source, work / name)
    return case.setup(work) if case.setup else None


def _assert_output(case: Case, run: subprocess.CompletedProcess[bytes]) -> None:
    text = run.stdout.decode("utf-8", errors="replace") + run.stderr.decode("utf-8", errors="replace")
    codes = case.code if isinstance(case.code, tuple) else (case.code,)
    assert run.returncode in codes, f"exit {run.returncode}, expected {case.code}:\n{text[-3000:]}"
    assert "Traceback" not in text, text[-3000:]
    assert re.search(case.message, text, re.MULTILINE), f"no match for {case.message!r} in:\n{text[-3000:]}"
    for bad in (b"\x1b", b"\x00", b"\x07", b"\x08"):
        assert bad not in run.stdout and bad not in run.stderr, f"{bad!r} reached the terminal"
    assert len(run.stderr) <= MAX_OUTPUT, f"{len(run.stderr)} bytes on stderr"
    longest = max((len(line) for line in text.splitlines()), default=0)
    assert longest <= MAX_LINE, f"a line of {longest} characters"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile(case: Case, tmp_path: Path, generated: Path) -> None:
    work = tmp_path / "work"
    for leftover in Path("/tmp").glob(Path(ABSOLUTE_ID).name + "*"):
        # Our own marker from an earlier failing run.
        shutil.rmtree(leftover) if leftover.is_dir() and not leftover.is_symlink() else leftover.unlink()
    context = _prepare(case, work, generated)
    before = _snapshot(work)
    run = _run(case, work)
    after = _snapshot(work)
    _assert_output(case, run)
    changed = [k for k, v in before.items() if after.get(k) != v]
    assert not changed, f"changed or removed: {changed}"
    outside = [k for k in after if k not in before and not k.startswith("out" + os.sep)]
    assert not outside, f"created outside out/: {outside}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"], "something was written beside the case folder"
    assert not list(Path("/tmp").glob(Path(ABSOLUTE_ID).name + "*")), f"something was written at {ABSOLUTE_ID}"
    assert not [k for k in after if k.endswith(".part")], "a half-written .part file was left behind"
    if case.check is not None:
        case.check(work, run, context)
