"""How fast score sheets go out and come back.

Generates one workbook per evaluator for a synthetic rubric and input (default 10
evaluators × 200 candidates × 50 judged criteria), fills every score cell as a judge
would, then reads them all back and scores. Prints the seconds each way (target ≤ 10 s).

    python bench/bench_sheets.py [--evaluators N] [--candidates N] [--criteria N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from scoring import evaluate, load_input, load_rubric
from scoring.load.tabular import merge_scores
from scoring.render.sheets import FIRST_COLUMN, FIRST_ROW, write_sheets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evaluators", type=int, default=10)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--criteria", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rubric_file, input_file = work / "rubric.yaml", work / "input.yaml"
        # Without section weights the points are shares of the whole rubric, so they sum to total.
        lines = ["title: Synthetic sheets", f"total: {5 * args.criteria}",
                 "evaluators: {method: trimmed-mean, trim: 1}", "criteria:"]
        for i in range(args.criteria):
            scale = "{levels: {full: {points: 100%}, partial: {points: 60%}, none: {points: 0}}}" if i % 2 \
                else "{direct: {min: 0, max: 10}}"
            lines.append(f"  - {{id: c{i}, title: Criterion {i}, points: 5, scale: {scale}}}")
        rubric_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ids = [f"e{i}" for i in range(args.evaluators)]
        data_lines = ["evaluators:", *[f"  {e}: {{name: Judge {e}}}" for e in ids], "candidates:"]
        data_lines += [f"  - {{id: v{n:03d}, name: Bidder {n}}}" for n in range(args.candidates)]
        input_file.write_text("\n".join(data_lines) + "\n", encoding="utf-8")
        rubric = load_rubric(rubric_file)
        data = load_input(input_file, rubric)

        start = time.perf_counter()
        sheets = write_sheets(rubric, data, ids, work / "sheets")
        out = time.perf_counter() - start
        cells = args.evaluators * args.candidates * args.criteria
        print(f"sheets out: {out:6.2f} s for {len(sheets)} workbooks, {cells} score cells (target ≤ 10 s)")

        for path in sheets:  # a judge fills every cell (not timed)
            wb = load_workbook(path)
            ws = wb.worksheets[0]
            for i in range(args.criteria):
                for j in range(args.candidates):
                    value = rng.choice(["full", "partial", "none"]) if i % 2 else rng.randint(0, 10)
                    ws.cell(row=FIRST_ROW + i, column=FIRST_COLUMN + j, value=value)
            wb.save(path)

        start = time.perf_counter()
        merged = merge_scores(rubric, data, sheets)
        result = evaluate(rubric, merged)
        back = time.perf_counter() - start
        print(f"sheets in:  {back:6.2f} s to read, check and score them ({len(result.candidates)} candidates; target ≤ 10 s)")


if __name__ == "__main__":
    main()
