"""`scoring schema`, `init`, `explain` and `diff` as a user meets them (tooling.md)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scoring.cli import cli
from scoring.pipeline import check_files
from scoring.tooling.schema import MODELINE, rubric_schema, schema_text
from tests.yaml12 import load_as_editor

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "tooling"
BUNDLED = sorted((ROOT / "rubrics").glob("*.yaml"))
EXAMPLES = [ROOT / "tests" / "data" / p for p in (
    "inputs/rubric.yaml", "spec/rubric.yaml", "trust/appraisal-rubric.yaml", "trust/bid-rubric.yaml",
    "tooling/old.yaml", "tooling/new.yaml")] + [ROOT / "rubrics" / "examples" / "gov-goods-tender.yaml"]


def _errors(data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(rubric_schema())
    return [e.message for e in validator.iter_errors(data)]


def test_schema_is_valid_draft_2020_12_and_equals_the_shipped_file() -> None:
    jsonschema.Draft202012Validator.check_schema(rubric_schema())
    assert (ROOT / "rubrics" / "rubric.schema.json").read_text(encoding="utf-8") == schema_text()
    out = CliRunner().invoke(cli, ["schema"])
    assert out.exit_code == 0 and out.output == schema_text()


@pytest.mark.parametrize("path", BUNDLED + EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_every_valid_rubric(path: Path) -> None:
    assert check_files(path) == []
    assert _errors(load_as_editor(path)) == []


def test_bundled_rubrics_start_with_the_modeline() -> None:
    for path in BUNDLED:
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


@pytest.mark.parametrize(("change", "found"), [
    ({"wieght": "40%"}, "'wieght' was unexpected"),  # a misspelt key
    ({"weight": "forty"}, "'forty' does not match"),  # a weight written as a word
    ({"weight": 40}, "40 is not of type 'string'"),  # a bare 40 is not a percent
])
def test_schema_rejects_local_mistakes_in_a_criterion(change: dict[str, object], found: str) -> None:
    data = load_as_editor(DATA / "old.yaml")
    crit = data["sections"][0]["criteria"][0]
    crit.pop("points")
    crit.update(change)
    assert any(found in e for e in _errors(data))


def test_schema_rejects_a_word_outside_its_set() -> None:
    data = load_as_editor(DATA / "old.yaml")
    data["evaluators"]["method"] = "average"
    assert any("'average' is not one of" in e for e in _errors(data))


@pytest.mark.parametrize(("kind", "lang"), [("vendor", "zh"), ("vendor", "en"), ("appraisal", "zh"),
                                            ("appraisal", "en")])
def test_init_writes_a_valid_starter_and_the_schema(tmp_path: Path, kind: str, lang: str) -> None:
    target = tmp_path / "new" / "r.yaml"
    out = CliRunner().invoke(cli, ["init", kind, "--lang", lang, "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert out.output == f"wrote {target}\nwrote {target.parent / 'rubric.schema.json'}\n"
    assert target.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert CliRunner().invoke(cli, ["validate", str(target)]).exit_code == 0
    assert _errors(load_as_editor(target)) == []
    again = CliRunner().invoke(cli, ["init", kind, "-o", str(target)])
    assert again.exit_code == 1 and f"{target} exists; give --force" in again.output


def test_init_needs_an_output() -> None:
    assert CliRunner().invoke(cli, ["init"]).exit_code == 2


def _explain(*args: str) -> dict[str, object]:
    out = CliRunner().invoke(cli, ["explain", str(DATA / "old.yaml"), str(DATA / "bids.yaml"), *args,
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)  # type: ignore[no-any-return]


def test_explain_shows_the_trimmed_mean_drops_and_the_benchmark_ratio() -> None:
    a = _explain("A")
    design = a["criteria"]["design"]  # type: ignore[index]
    # A's design scores 9, 6, 8, 10; trim 1 drops the highest (10, e4) and the lowest (6, e2):
    # (9 + 8) / 2 = 8.5 of 10, × 60 = 51.
    assert [e["dropped"] for e in design["evaluators"]] == [False, True, False, True]
    assert design["aggregation"]["kept"] == ["e1", "e3"]
    assert design["points"] == "8.5" and design["contribution"] == "51"
    b = _explain("B", "bid")
    rule = b["criteria"]["bid"]["rule"]  # type: ignore[index]
    # The lowest qualified bid is A's 800000; B bid 1000000: ratio 800000 / 1000000 = 0.8,
    # 0.8 × 10 = 8 points, × 40 / 10 = 32 of the total.
    assert (rule["benchmark"], rule["benchmark_candidates"], rule["ratio"]) == ("800000", ["A"], "0.8")
    assert b["criteria"]["bid"]["contribution"] == "32"  # type: ignore[index]
    assert list(b["criteria"]) == ["bid"]  # type: ignore[call-overload]


def test_explain_text_and_unknown_candidate() -> None:
    out = CliRunner().invoke(cli, ["explain", str(DATA / "old.yaml"), str(DATA / "bids.yaml"), "A"])
    assert "  trimmed-mean: (9 + 8) ÷ 2 = 8.5" in out.output
    assert "  ratio: 800000 ÷ 800000 = 1" in out.output
    bad = CliRunner().invoke(cli, ["explain", str(DATA / "old.yaml"), str(DATA / "bids.yaml"), "Q"])
    assert bad.exit_code == 1 and "unknown candidate 'Q'; expected one of A, B" in bad.output


def test_diff_lists_the_changed_weights_and_the_rank_changes() -> None:
    out = CliRunner().invoke(cli, ["diff", str(DATA / "old.yaml"), str(DATA / "new.yaml"), str(DATA / "bids.yaml"),
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.output)
    assert [(c["kind"], c["id"], c["old"], c["new"]) for c in got["changes"]] == [
        ("weight", "tech", {"weight": 60.0}, {"weight": 30.0}),
        ("weight", "price", {"weight": 40.0}, {"weight": 70.0}),
    ]
    # Old (60/40): A 8.5/10 × 60 + 40 = 91, B 10/10 × 60 + 0.8 × 40 = 92: B first.
    # New (30/70): A 25.5 + 70 = 95.5, B 30 + 56 = 86: A first; A +1 place, B −1.
    moves = [(c["id"], c["old"]["total"], c["new"]["total"], c["rank_change"]) for c in got["candidates"]]
    assert moves == [("A", 91.0, 95.5, 1), ("B", 92.0, 86.0, -1)]
