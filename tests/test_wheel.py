"""The built wheel carries its rubrics and templates: install it in a clean venv, render from `/`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from tests.poppler import needs_poppler, pdftotext


@pytest.mark.slow
@needs_poppler
def test_wheel_renders_a_pdf_from_the_root_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True)
    wheel = next(dist.glob("scoring-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True)
    out = tmp_path / "evaluation.pdf"
    # From `/`, with the bundled rubric named by id and the bundled example input out of
    # the installed package: nothing may come from this checkout.
    site = subprocess.run([str(venv / "bin" / "python"), "-c",
                           "import scoring.resources as r; print(r.data_dir('rubrics'))"],
                          capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert str(ROOT) not in site and "site-packages" in site
    example = Path(site) / "examples" / "crm-vendor-bids.yaml"
    result = subprocess.run([str(venv / "bin" / "scoring"), "report", "crm-vendor-selection", str(example),
                             "-o", str(out)], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    text = pdftotext(out)
    assert "乙公司" in text and "84.21" in text and "评委签字" in text
