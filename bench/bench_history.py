"""How long `record` takes to store an evaluation, against the evaluation alone (history.md).

Builds bench_engine.py's synthetic rubric and input (by default 10,000 candidates × 50 criteria
× 3 evaluators), evaluates them, then stores the evaluation in a new history database, and prints
both times and their ratio. Target: storing ≤ 2× the evaluation.

    python bench/bench_history.py [--candidates N] [--criteria N] [--evaluators N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import write_input, write_rubric  # noqa: E402

from scoring import evaluate, load_input, load_rubric  # noqa: E402
from scoring.history.periods import parse_period  # noqa: E402
from scoring.history.store import Sources, record  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--criteria", type=int, default=50)
    parser.add_argument("--evaluators", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rubric_file, input_file = Path(tmp) / "rubric.yaml", Path(tmp) / "input.yaml"
        write_rubric(rubric_file, args.criteria)
        write_input(input_file, args.candidates, args.criteria, args.evaluators)
        start = time.perf_counter()
        rubric = load_rubric(rubric_file)
        data = load_input(input_file, rubric)
        loaded = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        evaluation = evaluate(rubric, data)
        evaluated, evaluated_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        # As `scoring record` does: the files' digests are the ones their readers worked out.
        sources = Sources.of(evaluation, rubric_file.read_bytes(), input_file)
        done = record(evaluation, sources, parse_period("2026Q1"), Path(tmp) / "history.sqlite")
        stored, stored_cpu = time.perf_counter() - start, time.process_time() - cpu
        size = (Path(tmp) / "history.sqlite").stat().st_size / 2**20
    print(f"{done.candidates} candidates × {args.criteria} criteria × {args.evaluators} evaluators")
    print(f"load:     {loaded:6.2f} s")
    print(f"evaluate: {evaluated:6.2f} s")
    print(f"store:    {stored:6.2f} s  ({size:.0f} MiB database)")
    print(f"ratio:    {stored / evaluated:6.2f} × the evaluation alone (store ÷ evaluate; target ≤ 2)")
    # On a shared machine the wall clock swings with other work; CPU time is the steadier figure.
    print(f"cpu:      {stored_cpu / evaluated_cpu:6.2f} × (store ÷ evaluate in this process's CPU seconds: "
          f"{stored_cpu:.2f} ÷ {evaluated_cpu:.2f})")
    whole = (loaded + evaluated + stored) / (loaded + evaluated)
    print(f"          {whole:6.2f} × `score`'s work (load + evaluate + store ÷ load + evaluate)")


if __name__ == "__main__":
    main()
