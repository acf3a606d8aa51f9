"""How long `record` takes to store an evaluation, against the evaluation alone (history.md).

Builds bench_engine.py's synthetic rubric and input (by default 10,000 candidates × 50 criteria
× 3 evaluators), evaluates them, then stores the evaluation in a new history database, and prints
both times and their ratio. Target: storing ≤ 2× the evaluation.

It also prints SQLite's own share: the same rows, read back from the database just written,
inserted again (the same multi-row statements, foreign keys on, committed) into a fresh
database with the same schema: what storing costs with no Python work at all.

    python bench/bench_history.py [--candidates N] [--criteria N] [--evaluators N]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import write_input, write_rubric  # noqa: E402

from scoring import evaluate, load_input, load_rubric  # noqa: E402
from scoring.history import rows  # noqa: E402
from scoring.history.db import insert  # noqa: E402
from scoring.history.periods import parse_period  # noqa: E402
from scoring.history.schema import migrate  # noqa: E402
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
        floor_cpu = sqlite_floor(Path(tmp) / "history.sqlite", Path(tmp) / "floor.sqlite")
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
    print(f"sqlite:   {floor_cpu / evaluated_cpu:6.2f} × the evaluation: SQLite's own inserting of the same rows "
          f"({floor_cpu:.2f} s CPU), the floor of any store")


_TABLES = {"result": (), "section_result": (), "criterion_result": rows.CRITERION_NULLABLE,
           "evaluator_score": rows.EVALUATOR_NULLABLE}


def sqlite_floor(written: Path, fresh: Path) -> float:
    """CPU seconds to insert `written`'s result rows again into a fresh database of the same schema."""
    source = sqlite3.connect(written)
    data = {}
    for table, nullable in _TABLES.items():
        fetched = source.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        # As the store hands them over: without the run id, NULL as the integer 0 where nullable.
        data[table] = [tuple(rows.NULL if i in nullable and v is None else v for i, v in enumerate(row[1:]))
                       for row in fetched]
    source.close()
    db = sqlite3.connect(fresh, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("ATTACH ? AS written", (str(written),))
    db.execute("BEGIN IMMEDIATE")
    migrate(db, "2026-01-01T00:00:00Z")
    db.execute("INSERT INTO rubric SELECT * FROM written.rubric")
    db.execute("INSERT INTO run SELECT * FROM written.run")
    run_id = db.execute("SELECT run_id FROM run").fetchone()[0]
    start = time.process_time()
    for table, nullable in _TABLES.items():
        insert(db, table, run_id, data[table], nullable)
    db.execute("COMMIT")
    seconds = time.process_time() - start
    db.close()
    return seconds


if __name__ == "__main__":
    main()
