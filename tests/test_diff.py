"""`scoring diff`'s change kinds and table wording, one rubric change at a time (tooling.md)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scoring.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "tooling"
OLD = (DATA / "old.yaml").read_text(encoding="utf-8")


def _diff(tmp_path: Path, new_text: str, *extra: str) -> str:
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new_text, encoding="utf-8")
    out = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), *extra])
    assert out.exit_code == 0, out.output
    return out.output


def test_rubric_fields_evaluators_scale_and_value_in_spec_order(tmp_path: Path) -> None:
    new = (OLD.replace("locale: en", "locale: en\ndecimals: 1")
           .replace("trim: 1}", "trim: 2}")
           .replace("{direct: {min: 0, max: 10}}", "{direct: {min: 0, max: 5}}")
           .replace("value: bid_price", "value: final_price"))
    got = json.loads(_diff(tmp_path, new, "--format", "json"))["changes"]
    # The rubric's own fields first (decimals 2, the default, -> 1), then the evaluators
    # (trim 1 -> 2), then criteria in NEW's order: design's direct max 10 -> 5, bid's value.
    assert [(c["kind"], c["target"], c["id"], c["old"], c["new"]) for c in got] == [
        ("decimals", "rubric", "tender", 2, 1),
        ("evaluators", None, None, {"method": "trimmed-mean", "trim": 1, "roles": {}},
         {"method": "trimmed-mean", "trim": 2, "roles": {}}),
        ("scale", "criterion", "design", {"direct": {"min": 0.0, "max": 10.0}}, {"direct": {"min": 0.0, "max": 5.0}}),
        ("value", "criterion", "bid", "bid_price", "final_price"),
    ]


def test_table_lines_in_words_with_tags(tmp_path: Path) -> None:
    new = (OLD.replace("title: Design,", "title: Overall design,")
           + "gates:\n  - {id: docs, title: Documents, check: 'delivery_days <= 60'}\n")
    new = new.replace("      - {id: design,", "      - {id: sla, title: SLA, points: 5, scale: {direct: {min: 0, max: 5}}}\n"
                      "      - {id: design,")
    text = _diff(tmp_path, new)
    # A gate (before sections), then tech's new criterion sla (5 points), then design's new title.
    assert text == ("gate docs added [changes totals]\n"
                    "criterion sla added to section tech (5 points) [changes totals]\n"
                    "criterion design renamed: Design -> Overall design [wording only]\n")


def test_no_changes_and_the_tie_break_is_grades_only(tmp_path: Path) -> None:
    assert _diff(tmp_path, OLD) == "no changes\n"
    text = _diff(tmp_path, OLD.replace("tie-break: [price]", "tie-break: [tech]"))
    assert text == 'tie-break: ["price"] -> ["tech"] [changes grades only]\n'


def test_who_changed_places(tmp_path: Path) -> None:
    new = OLD.replace("weight: 60%", "weight: 30%").replace("weight: 40%", "weight: 70%")
    text = _diff(tmp_path, new, str(DATA / "bids.yaml"))
    # Old (60/40): A 8.5/10 × 60 + 40 = 91 (#2), B 10/10 × 60 + 0.8 × 40 = 92 (#1).
    # New (30/70): A 8.5/10 × 30 + 70 = 95.5 (#1), B 30 + 0.8 × 70 = 86 (#2).
    # A: 95.5 − 91 = +4.5, one place up; B: 86 − 92 = −6, one place down.
    assert text.splitlines()[2:] == [
        "candidate: old -> new, change, rank",
        "A: 91 (#2) -> 95.5 (#1), +4.5, ↑1",
        "B: 92 (#1) -> 86 (#2), -6, ↓1",
        "changed places: A (↑1), B (↓1)",
    ]
