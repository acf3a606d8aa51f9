"""Every command as a user meets it: exit codes, key lines, files written or left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from conftest import DATA, EXAMPLES, ROOT, RUBRICS
from hypothesis import given
from hypothesis import strategies as st

from scoring.cli import cli

VENDOR = str(RUBRICS / "crm-vendor-selection.yaml")
BIDS = str(EXAMPLES / "crm-vendor-bids.yaml")


def test_score_prints_the_ranking(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["score", VENDOR, BIDS])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "CRM系统选型评分标准"
    # hand-worked in test_engine.py
    assert lines[4].split() == ["1", "vendor-b", "乙公司", "84.21", "良好", "56.84", "27.37"]
    assert lines[5].split() == ["2", "vendor-a", "甲公司", "83.16", "良好", "51.58", "31.58"]
    assert "  vendor-d 丁公司: failed qualification" in lines


def test_score_accepts_a_bundled_rubric_id(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["score", "crm-vendor-selection", BIDS, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("1,vendor-b,乙公司,yes,,84.21,良好,56.84,27.37,")


def test_score_json_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = runner.invoke(cli, ["score", VENDOR, BIDS, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c["id"] for c in data["candidates"]] == ["vendor-b", "vendor-a", "vendor-c", "vendor-d"]
    assert data["candidates"][0]["total"] == 84.21
    assert data["candidates"][3] == {
        "id": "vendor-d", "name": "丁公司", "qualified": False, "failed_gates": ["qualification"],
        "rank": None, "total": None, "grade": None, "sections": None, "criteria": None, "fallbacks": [],
    }


def test_bad_input_exits_1_and_leaves_the_old_output_alone(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    out.write_text("earlier result", encoding="utf-8")
    bad = str(DATA / "inputs" / "facts.yaml")
    result = runner.invoke(cli, ["score", str(DATA / "inputs" / "rubric.yaml"), bad, "-o", str(out)])
    assert result.exit_code == 1
    assert "division by zero" in result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "earlier result"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_validate(runner: CliRunner) -> None:
    ok = runner.invoke(cli, ["validate", VENDOR, BIDS])
    assert ok.exit_code == 0 and ok.output.startswith("valid: ")
    bad = runner.invoke(cli, ["validate", str(DATA / "invalid" / "weights-sum.yaml")])
    assert bad.exit_code == 1
    assert "section weights must sum to 100%, got 90%" in bad.output


def test_missing_file_is_a_located_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["score", "nope.yaml", BIDS])
    assert result.exit_code == 1
    assert result.output.strip() == "nope.yaml: cannot read the file: No such file or directory"


def test_misuse_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["score", VENDOR]).exit_code == 2
    assert runner.invoke(cli, ["score", VENDOR, BIDS, "--format", "xml"]).exit_code == 2
    assert runner.invoke(cli, ["frobnicate"]).exit_code == 2


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)  # type: ignore[attr-defined]
    assert {"score", "record", "trend", "explain", "diff", "sensitivity", "lint", "schema", "init"} <= set(names)
    for name in names:
        command = cli.get_command(ctx, name)  # type: ignore[attr-defined]
        assert command is not None and command.help, name
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert f"scoring {name}" in readme, f"README does not show `scoring {name}`"


def test_fast_commands_do_not_import_weasyprint(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from scoring.cli import cli\n"
        "try:\n"
        f"    cli(['score', {VENDOR!r}, {BIDS!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "later = ('history', 'lint', 'tooling', 'explain', 'diff', 'analysis', 'report', 'sheet', 'metrics')\n"
        "print('weasyprint' in sys.modules, any(f'scoring.commands.{m}' in sys.modules for m in later),\n"
        "      'pathlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    written = subprocess.run([sys.executable, "-c", probe.replace(f"{BIDS!r}]", f"{BIDS!r}, '-o', 'out/r.json']")],
                             capture_output=True, text=True, check=True, cwd=tmp_path)
    assert (tmp_path / "out" / "r.json").is_file()
    assert written.stdout.strip().splitlines()[-1] == "False False False"  # and not with -o either
    # Neither WeasyPrint, the later capabilities' command modules nor pathlib (a few ms with
    # urllib.parse): `score` starts fast (api.md §5.3).
    assert out.stdout.strip().splitlines()[-1] == "False False False"


def test_help_loads_the_command_modules_but_no_models() -> None:
    probe = (
        "import sys\n"
        "from scoring.cli import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('scoring.') and not m.startswith('scoring.commands')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    # --help imports every command module for its line of help, so those may name only what is
    # light: the choices' words, never a model, a loader or the engine (api.md §5.3).
    assert out.stdout.strip().splitlines()[-1] == "['scoring.cli', 'scoring.model', 'scoring.model.choices']"


@given(st.text(alphabet="/. a\\", max_size=12))
def test_names_read_as_pathlib_reads_them(text: str) -> None:
    # The start-up path reads names without pathlib; messages must name files as before.
    from pathlib import PurePosixPath

    from scoring.load import paths

    expected = PurePosixPath(text)
    assert paths.pure(text) == str(expected)
    assert (paths.name(text), paths.suffix(text), paths.stem(text)) == (expected.name, expected.suffix, expected.stem)


def test_a_bundled_rubric_id_and_a_dotted_name_resolve_as_before() -> None:
    from scoring.resources import resolve_rubric

    # `./x/./a.yaml` is written as pathlib writes it; an id with no such file is the bundled one.
    assert resolve_rubric("./x//./a.yaml") == "x/a.yaml"
    assert resolve_rubric("crm-vendor-selection") == str(RUBRICS / "crm-vendor-selection.yaml")
    assert resolve_rubric("no-such-rubric") == "no-such-rubric"
