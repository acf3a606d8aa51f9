"""Shared helpers: where the test data and bundled files live, and a CLI runner."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RUBRICS = ROOT / "rubrics"
EXAMPLES = RUBRICS / "examples"


def D(text: str) -> Decimal:
    """A Decimal from text, for exact expectations."""
    return Decimal(text)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from an empty folder: nothing may depend on the current directory."""
    monkeypatch.chdir(tmp_path)
