"""One set of scores, three ways in: YAML, a long-format CSV and filled XLSX sheets agree.

For generated small rubrics (levels and direct criteria whose points are shares of the
whole rubric) and generated scores, the `scoring score --format json` document is the same
byte for byte whichever way the scores came in. The figures themselves are checked by hand
elsewhere (test_engine, test_sheets); here only their agreement is.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scoring.load.inputs import load_input
from scoring.load.rubric import load_rubric
from scoring.model.results import Evaluation
from scoring.pipeline import score_files
from scoring.render.sheets import FIRST_COLUMN, FIRST_ROW, sheet_name, write_sheets

to_dict = Evaluation.to_dict

LEVELS = ("full", "partial", "none")
HALVES = [str(n / 2).removesuffix(".0") for n in range(11)]  # 0, 0.5, … 5


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int]], list[str], list[str], dict[tuple[str, str, str], str]]:
    """A rubric's method, its criteria (id, kind, points), evaluators, candidates and every score."""
    kinds = draw(st.lists(st.sampled_from(["levels", "direct"]), min_size=1, max_size=3))
    criteria = [(f"k{i}", kind, draw(st.integers(1, 9))) for i, kind in enumerate(kinds)]
    evaluators = [f"e{i}" for i in range(draw(st.integers(1, 3)))]
    candidates = [f"c{i}" for i in range(draw(st.integers(1, 3)))]
    method = draw(st.sampled_from(["mean", "median", "trimmed-mean"]))
    scores = {(c, e, k): draw(st.sampled_from(LEVELS if kind == "levels" else HALVES))
              for c in candidates for e in evaluators for k, kind, _ in criteria}
    return method, criteria, evaluators, candidates, scores


def rubric_text(method: str, criteria: list[tuple[str, str, int]]) -> str:
    lines = ["id: agree", "title: Agree", f"total: {sum(p for _, _, p in criteria)}", "decimals: 2",
             f"evaluators: {{method: {method}{', trim: 1' if method == 'trimmed-mean' else ''}}}",
             "scales:", "  three:", "    levels:", "      full: {points: 100%, label: 满足}",
             "      partial: {points: 50%, label: 部分满足}", "      none: {points: 0, label: 不满足}", "criteria:"]
    for cid, kind, points in criteria:
        scale = "three" if kind == "levels" else "{direct: {min: 0, max: 5}}"
        lines += [f"  - id: {cid}", f"    title: {cid}", f"    points: {points}", f"    scale: {scale}"]
    return "\n".join(lines) + "\n"


def yaml_scores(candidates: list[str], evaluators: list[str], scores: dict[tuple[str, str, str], str]) -> str:
    lines = ["candidates:"]
    for c in candidates:
        lines += [f"  - id: {c}", "    scores:"]
        for e in evaluators:
            given = ", ".join(f"{k}: '{v}'" for (cand, ev, k), v in scores.items() if cand == c and ev == e)
            lines.append(f"      {e}: {{{given}}}")
    return "\n".join(lines) + "\n"


def fill_sheets(folder: Path, rubric_path: Path, bare: Path, evaluators: list[str],
                criteria: list[tuple[str, str, int]], candidates: list[str],
                scores: dict[tuple[str, str, str], str]) -> list[Path]:
    rubric = load_rubric(rubric_path)
    written = write_sheets(rubric, load_input(bare, rubric), evaluators, folder)
    for e, path in zip(evaluators, written, strict=True):
        wb = load_workbook(path)
        ws = wb[sheet_name(rubric)]
        for i, (k, kind, _) in enumerate(criteria):
            for j, c in enumerate(candidates):
                value = scores[(c, e, k)]
                # Numbers typed as numbers, as Excel stores them; levels as their keys.
                ws.cell(row=FIRST_ROW + i, column=FIRST_COLUMN + j, value=float(value) if kind == "direct" else value)
        wb.save(path)
    return written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases())
def test_yaml_long_csv_and_xlsx_sheets_give_the_same_json(
        case: tuple[str, list[tuple[str, str, int]], list[str], list[str], dict[tuple[str, str, str], str]]) -> None:
    method, criteria, evaluators, candidates, scores = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rubric = folder / "rubric.yaml"
        rubric.write_text(rubric_text(method, criteria), encoding="utf-8")
        full, bare, long = folder / "full.yaml", folder / "bare.yaml", folder / "long.csv"
        full.write_text(yaml_scores(candidates, evaluators, scores), encoding="utf-8")
        bare.write_text("candidates:\n" + "".join(f"  - id: {c}\n" for c in candidates), encoding="utf-8")
        with long.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["candidate", "evaluator", "criterion", "value"])
            out.writerows([c, e, k, v] for (c, e, k), v in scores.items())
        sheets = fill_sheets(folder / "sheets", rubric, bare, evaluators, criteria, candidates, scores)
        documents = [json.dumps(to_dict(score_files(rubric, data, scores=extra)), default=str, ensure_ascii=False)
                     for data, extra in ((full, []), (bare, [long]), (bare, sheets))]
    assert documents[0] == documents[1] == documents[2]
