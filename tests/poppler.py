"""Reading rendered PDFs back with poppler-utils, as every PDF test does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdftotext(*args: str | Path) -> str:
    """What `pdftotext ARGS -` prints: its options (`-layout`), then the PDF."""
    return subprocess.run(["pdftotext", *map(str, args), "-"], capture_output=True, text=True, check=True).stdout
