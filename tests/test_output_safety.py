"""Everything the CLI writes is safe: inside its folder, never half-written, never evaluated.

Issue 11: hostile ids and names, outputs that are devices or inputs, user templates that
try to escape, workers that die or are interrupted.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, RUBRICS

from scoring.cli import cli
from scoring.model.errors import Problem
from scoring.model.results import Evaluation
from scoring.pipeline import score_files
from scoring.render.output import to_csv, to_table
from scoring.render.paths import MAX_FILE_NAME_BYTES, FileNameError, file_names
from scoring.render.publish import write_forms
from scoring.render.report import report_view
from scoring.render.templating import environment, render_report

VENDOR = str(RUBRICS / "crm-vendor-selection.yaml")
BIDS = str(EXAMPLES / "crm-vendor-bids.yaml")

# A one-criterion staff rubric: each candidate's total is sales / 10 × 100.
TINY = """\
title: Tiny
subject: staff
locale: en
criteria:
  - {id: sales, title: Sales, weight: 100%, scale: {direct: {min: 0, max: 10}}}
"""


def _tiny(folder: Path, count: int) -> tuple[str, str]:
    """The tiny rubric and an input of `count` candidates c00000, c00001, ..."""
    rubric = folder / "tiny.yaml"
    rubric.write_text(TINY, encoding="utf-8")
    data = folder / "people.yaml"
    rows = [f"  - {{id: c{i:05d}, name: N{i}, facts: {{sales: {i % 10}}}}}" for i in range(count)]
    data.write_text("candidates:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(rubric), str(data)


def _renamed(evaluation: Evaluation, names: dict[str, tuple[str, str]]) -> Evaluation:
    """The evaluation with some candidates' (id, name) replaced, as a hostile table would give them.

    Built in code so the test does not depend on which ids today's loaders accept.
    """
    results = []
    for r in evaluation.candidates:
        if r.candidate.id in names:
            new_id, new_name = names[r.candidate.id]
            r = r._replace(candidate=dataclasses.replace(r.candidate, id=new_id, name=new_name))
        results.append(r)
    # The review names candidates by their old ids: leave it out.
    return dataclasses.replace(evaluation, candidates=tuple(results), review=None)


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- file names from ids ---------------------------------------------------------------


def test_file_names_never_leave_the_folder() -> None:
    names = file_names(["../evil", "/etc/passwd", "..", "a\\b", "CON", "x\x1b[31m", "ok"], ".pdf")
    assert names == {
        "../evil": "_.._evil.pdf",  # `/` becomes `_`; the leading dot gets a `_`
        "/etc/passwd": "_etc_passwd.pdf",
        "..": "__.pdf",  # trailing dots (which Windows drops) become `_`
        "a\\b": "a_b.pdf",
        "CON": "_CON.pdf",  # a Windows device name
        "x\x1b[31m": "x_[31m.pdf",  # ESC is a control character
        "ok": "ok.pdf",
    }


def test_too_long_ids_are_cut_and_stay_distinct() -> None:
    long_a, long_b = "甲" * 100 + "a", "甲" * 100 + "b"  # 301 bytes each in UTF-8
    names = file_names([long_a, long_b], ".pdf")
    assert names[long_a] != names[long_b]
    assert all(len(n.encode("utf-8")) <= MAX_FILE_NAME_BYTES and n.endswith(".pdf") for n in names.values())


def test_ids_that_collide_as_file_names_are_an_error() -> None:
    with pytest.raises(FileNameError) as caught:
        file_names([".x", "_.x"], ".pdf")
    assert str(caught.value) == (
        "ids '.x' and '_.x' would both be written to the file '_.x.pdf' "
        "(file names ignore case and replace unsafe characters); rename one of them"
    )
    with pytest.raises(FileNameError, match="ids 'Vendor-A' and 'vendor-a'"):
        file_names(["Vendor-A", "vendor-a"], ".pdf")  # one file on a case-folding file system


def test_hostile_ids_write_forms_inside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    evaluation = _renamed(score_files(VENDOR, BIDS), {
        "vendor-a": ("../escaped", "甲"), "vendor-b": (str(outside / "abs"), "乙"),
    })
    forms = tmp_path / "forms"
    write_forms(evaluation, forms, fmt="html", jobs=1)
    assert _tree(tmp_path) == ["forms", "forms/_.._escaped.html", f"forms/{str(outside / 'abs').replace('/', '_')}.html",
                               "forms/vendor-c.html", "forms/vendor-d.html"]


def test_colliding_ids_write_no_form(tmp_path: Path) -> None:
    evaluation = _renamed(score_files(VENDOR, BIDS), {"vendor-a": (".x", "甲"), "vendor-b": ("_.x", "乙")})
    with pytest.raises(FileNameError, match=r"ids '_\.x' and '\.x'"):  # vendor-b ranks first
        write_forms(evaluation, tmp_path / "forms", fmt="html", jobs=1)
    assert _tree(tmp_path) == []  # found before the folder is made


# -- outputs that are inputs, devices, pipes, or under files --------------------------


def test_output_naming_an_input_is_misuse_and_the_input_stays(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _tiny(tmp_path, 2)
    before = Path(data).read_bytes()
    for spelling in (data, str(tmp_path / "x" / ".." / "people.yaml"), rubric):
        (tmp_path / "x").mkdir(exist_ok=True)
        result = runner.invoke(cli, ["score", rubric, data, "-o", spelling])
        assert result.exit_code == 2, result.output
        assert f"Error: -o {spelling} is the input " in result.output
    link = tmp_path / "link.json"
    link.symlink_to(data)
    assert runner.invoke(cli, ["score", rubric, data, "-o", str(link)]).exit_code == 2
    assert runner.invoke(cli, ["report", rubric, data, "-o", str(link.with_suffix(".html"))]).exit_code == 0
    assert Path(data).read_bytes() == before


def test_output_under_a_file_is_misuse(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _tiny(tmp_path, 2)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["score", rubric, data, "-o", "afile/x.json"])
    assert result.exit_code == 2
    assert f"Error: -o afile/x.json: {tmp_path / 'afile'} is a file, not a folder" in result.output
    forms = runner.invoke(cli, ["report", rubric, data, "--per-candidate", "afile/forms"])
    assert forms.exit_code == 2
    assert runner.invoke(cli, ["report", rubric, data, "--per-candidate", "afile"]).exit_code == 2


def test_unknown_report_suffix_is_misuse(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", VENDOR, BIDS, "-o", "x.docx"])
    assert result.exit_code == 2
    assert not Path("x.docx").exists()


def test_a_missing_output_folder_is_made(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _tiny(tmp_path, 2)
    result = runner.invoke(cli, ["score", rubric, data, "-o", "nodir/deeper/x.json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nodir" / "deeper" / "x.json").is_file()


def test_an_unwritable_place_is_exit_1_naming_the_path(runner: CliRunner, tmp_path: Path) -> None:
    # As root chmod does not stop writes; /proc refuses new files to everyone.
    rubric, data = _tiny(tmp_path, 2)
    result = runner.invoke(cli, ["score", rubric, data, "-o", "/proc/x.json"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: /proc/x.json: cannot write the file: No such file or directory"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_device_is_written_through_never_replaced(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _tiny(tmp_path, 2)
    result = runner.invoke(cli, ["score", rubric, data, "-o", "/dev/full", "--format", "json"])
    # /dev/full takes every write with ENOSPC: the error is reported, the device stays a device.
    assert result.exit_code == 1
    assert result.output.strip() == "error: /dev/full: cannot write the file: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    ok = runner.invoke(cli, ["score", rubric, data, "-o", "/dev/null"])
    assert ok.exit_code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through(runner: CliRunner, tmp_path: Path) -> None:
    rubric, data = _tiny(tmp_path, 2)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(cli, ["score", rubric, data, "-o", str(fifo)])
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b'"id": "c00001"' in got[0]
    assert _tree(tmp_path) == ["people.yaml", "pipe.json", "tiny.yaml"]


# -- text that would be obeyed --------------------------------------------------------


def test_csv_cells_that_look_like_formulas_are_inert() -> None:
    evaluation = _renamed(score_files(VENDOR, BIDS), {
        "vendor-a": ("-a", "=HYPERLINK(\"http://x\")"), "vendor-b": ("@b", "+1"),
        "vendor-c": ("c", "\tx"), "vendor-d": ("d", "\rx"),
    })
    rows = {row[1]: row for row in csv.reader(io.StringIO(to_csv(evaluation)))}
    assert rows["'-a"][2] == "'=HYPERLINK(\"http://x\")"  # id and name both neutralised
    assert rows["'@b"][2] == "'+1"
    assert rows["c"][2] == "'\tx"
    assert rows["d"][2] == "'\rx"


def test_the_terminal_table_shows_control_characters_escaped() -> None:
    evaluation = _renamed(score_files(VENDOR, BIDS), {"vendor-a": ("vendor-a", "\x1b[31mred\x00")})
    table = to_table(evaluation)
    assert "\x1b" not in table and "\x00" not in table
    assert "\\x1b[31mred\\x00" in table


def test_html_shows_control_characters_escaped() -> None:
    evaluation = _renamed(score_files(VENDOR, BIDS), {"vendor-a": ("vendor-a", "<b>\x1b[31m\x00</b>")})
    html = render_report(environment(), report_view(evaluation, "en"))
    assert "\x1b" not in html and "\x00" not in html
    assert "&lt;b&gt;\\x1b[31m\\x00&lt;/b&gt;" in html


# -- user templates run in the sandbox ------------------------------------------------

_ESCAPE = "{{ cycler.__init__.__globals__.os.system('touch ' ~ marker) }}"


def test_a_template_cannot_run_a_command(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    marker = tmp_path / "MARKER"
    (mine / "report.html").write_text(_ESCAPE.replace("marker", repr(str(marker))), encoding="utf-8")
    # The same template outside the sandbox does run the command: the payload is real.
    jinja2.Environment().from_string(_ESCAPE).render(marker=str(marker))
    assert marker.exists()
    marker.unlink()
    result = runner.invoke(cli, ["report", VENDOR, BIDS, "-o", "r.html", "--templates", str(mine)])
    assert result.exit_code == 1
    assert "refused by the sandbox: access to attribute '__init__' of 'type' object is unsafe." in result.output
    assert "Traceback" not in result.output
    assert not marker.exists()
    assert not Path("r.html").exists()


# -- warnings ----------------------------------------------------------------------------


def test_warnings_go_to_stderr_and_into_the_notes(runner: CliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.pipeline

    rubric, data = _tiny(tmp_path, 2)
    real = scoring.pipeline.score_files
    warning = Problem(data, 3, 5, "fact 'bonus' is not used by the rubric")
    monkeypatch.setattr(scoring.pipeline, "score_files",
                        lambda *a, **k: dataclasses.replace(real(*a, **k), warnings=(warning, warning)))
    result = runner.invoke(cli, ["score", rubric, data])
    assert result.exit_code == 0
    assert result.stderr == f"warning: {data}:3:5: fact 'bonus' is not used by the rubric\n"  # once
    report = runner.invoke(cli, ["report", rubric, data, "-o", "r.html"])
    assert report.exit_code == 0, report.output
    html = Path("r.html").read_text(encoding="utf-8")
    assert "<h3>Notes</h3>" in html
    assert "<li>people.yaml:3:5: fact &#39;bonus&#39; is not used by the rubric</li>" in html


# -- form workers that die or are interrupted -----------------------------------------


def _start_forms(tmp_path: Path, count: int) -> subprocess.Popen[str]:
    rubric, data = _tiny(tmp_path, count)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "scoring", "report", rubric, data, "--per-candidate", str(tmp_path / "forms"),
         "--forms-format", "html", "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job has
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _workers(pid: int, deadline: float = 30.0) -> list[int]:
    """The worker processes of `pid`, once it has forked them."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        kids = [int(k) for f in Path(f"/proc/{pid}/task").glob("*/children") for k in f.read_text().split()]
        if kids:
            return kids
        time.sleep(0.01)
    raise AssertionError("no worker process started")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_killed_worker_stops_the_forms_and_names_its_candidate(tmp_path: Path) -> None:
    process = _start_forms(tmp_path, 2000)
    os.kill(_workers(process.pid)[0], signal.SIGKILL)
    killed = time.monotonic()
    out, err = process.communicate(timeout=30)
    assert time.monotonic() - killed < 10
    assert process.returncode == 1, err
    line = err.splitlines()[-1]
    assert line.startswith("error: the form of candidate 'c0")
    assert line.endswith("' failed: its worker process was killed by SIGKILL; the other forms were stopped")
    failed = line.split("'")[1]
    forms = tmp_path / "forms"
    assert not (forms / f"{failed}.html").exists()
    assert not [p for p in os.listdir(forms) if p.endswith(".part")]
    assert "Traceback" not in err


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_ctrl_c_stops_everything_quietly(tmp_path: Path) -> None:
    process = _start_forms(tmp_path, 2000)
    workers = _workers(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    out, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Traceback" not in err and "error" not in err
    assert _gone(workers)
    assert not [p for p in os.listdir(tmp_path / "forms") if p.endswith(".part")]


def _gone(pids: list[int], wait: float = 5.0) -> bool:
    """Whether every process has ended (a zombie waiting to be reaped counts as ended)."""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and _state(p) != "Z"]
        if not alive:
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"
