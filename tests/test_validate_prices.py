"""`scoring validate RUBRIC` prints the rubric's real price weight after its `valid:` line."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import RUBRICS

from scoring.cli import cli

VENDOR = str(RUBRICS / "crm-vendor-selection.yaml")
STAFF = str(RUBRICS / "crm-supervisor-appraisal.yaml")


def test_validate_prints_the_real_price_weight() -> None:
    result = CliRunner().invoke(cli, ["validate", VENDOR])
    # Section price weighs 40%; its criteria's points are 5 + 5 + 5 + 2 + 2 = 19, of which the two
    # price criteria (license-fee, implementation-fee) hold 10: 10/19 × 40% = 21.0526…% → 21.05%.
    assert (result.exit_code, result.output) == (
        0, f"valid: {VENDOR}\nprice weight: 21.05% (license-fee, implementation-fee)\n")


def test_validate_prints_no_price_weight_without_price_criteria() -> None:
    result = CliRunner().invoke(cli, ["validate", STAFF])
    assert (result.exit_code, result.output) == (0, f"valid: {STAFF}\n")
