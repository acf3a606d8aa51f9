"""How fast the engine is where a person waits.

Builds a synthetic rubric and input (by default 10,000 candidates × 50 criteria ×
3 evaluators), then prints the seconds to load and to evaluate them, and the wall time of
`scoring --help` and `scoring score` on the bundled example (best of several runs, each a
fresh process, as a user would type it).

Targets on the 2-core reference machine: load ≤ 10 s, evaluate ≤ 2 s, each command ≤ 0.3 s.

    python bench/bench_engine.py [--candidates N] [--criteria N] [--evaluators N] [--libyaml-only]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scoring import evaluate, load_input, load_rubric
from scoring.load import fastyaml, yamlfile

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("full", "partial", "none")


def write_rubric(path: Path, criteria: int) -> None:
    """Two sections; judged criteria on levels and direct scales, objective ones on bands, linear and rank."""
    half = criteria // 2
    lines = [
        "id: bench", "title: Synthetic benchmark", "decimals: 2",
        "evaluators: {method: trimmed-mean, trim: 1}",
        "gates:", "  - {id: delivery, title: Delivery, check: months <= 6}",
        "metrics:", "  per_month: price / months",
        "scales:",
        "  compliance:", "    levels:",
        "      full: {points: 100%, label: Full}",
        "      partial: {points: 60%, label: Partial}",
        "      none: {points: 0, label: None}",
        "grades:", "  - {min: 80, label: A}", "  - {min: 60, label: B}", "  - {min: 0, label: C}",
        "sections:",
    ]
    for s, (start, stop) in enumerate(((0, half), (half, criteria))):
        lines += [f"  - id: s{s}", f"    title: Section {s}", "    weight: 50%", "    criteria:"]
        for i in range(start, stop):
            lines.append(f"      - id: c{i}")
            lines.append(f"        title: Criterion {i}")
            lines.append("        points: 5")
            kind = i % 10
            if kind == 7:
                lines.append("        value: per_month")
                lines.append("        scale: {bands: [{max: 20000, points: 100%}, {max: 60000, points: 60%}, {points: 0}]}")
            elif kind == 8:
                lines.append("        scale: {linear: [[0, 0], [100, 100%]]}")
            elif kind == 9:
                lines.append("        scale: {rank: {order: lowest-first, first: 5, middle: 4, last: 3}}")
            elif kind % 2:
                lines.append("        scale: {direct: {min: 0, max: 10}}")
            else:
                lines.append("        scale: compliance")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_input(path: Path, candidates: int, criteria: int, evaluators: int) -> None:
    """Random but reproducible scores; streamed to disk line by line."""
    rng = random.Random(42)
    judged = [i for i in range(criteria) if i % 10 < 7]
    with path.open("w", encoding="utf-8") as out:
        out.write("evaluators:\n")
        for e in range(evaluators):
            out.write(f"  e{e}: {{name: Evaluator {e}}}\n")
        out.write("candidates:\n")
        for c in range(candidates):
            facts = {"price": rng.randint(50_000, 500_000), "months": rng.randint(2, 7)}
            facts.update({f"c{i}": rng.randint(0, 100) for i in range(criteria) if i % 10 in (8, 9)})
            out.write(f"  - id: cand-{c:05d}\n    name: Candidate {c}\n")
            out.write("    facts: {" + ", ".join(f"{k}: {v}" for k, v in facts.items()) + "}\n")
            out.write("    scores:\n")
            for e in range(evaluators):
                scores = ", ".join(
                    f"c{i}: {rng.choice(LEVELS) if i % 2 == 0 else rng.randint(0, 10)}" for i in judged
                )
                out.write(f"      e{e}: {{{scores}}}\n")


def best_wall_time(command: list[str], runs: int = 5) -> float:
    """The fastest of `runs` wall times of a fresh process: the noise only ever adds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--criteria", type=int, default=50)
    parser.add_argument("--evaluators", type=int, default=3)
    parser.add_argument("--libyaml-only", action="store_true",
                        help="load without the rapidyaml fast path, as on a machine without it")
    args = parser.parse_args()
    if args.libyaml_only:
        yamlfile.FAST_PATH_BYTES = 1 << 62

    with tempfile.TemporaryDirectory() as tmp:
        rubric_file, input_file = Path(tmp) / "rubric.yaml", Path(tmp) / "input.yaml"
        write_rubric(rubric_file, args.criteria)
        write_input(input_file, args.candidates, args.criteria, args.evaluators)
        size = input_file.stat().st_size / 2**20
        print(f"synthetic input: {args.candidates} candidates × {args.criteria} criteria × "
              f"{args.evaluators} evaluators, {size:.1f} MiB")

        start = time.perf_counter()
        rubric = load_rubric(rubric_file)
        data = load_input(input_file, rubric)
        loaded = time.perf_counter() - start
        fast = "rapidyaml" if size * 2**20 >= yamlfile.FAST_PATH_BYTES and fastyaml.fast_parse(b"a: 1\n") else "libyaml"
        print(f"load:     {loaded:6.2f} s  (parser: {fast}; target ≤ 10 s)")

        start = time.perf_counter()
        result = evaluate(rubric, data)
        evaluated = time.perf_counter() - start
        print(f"evaluate: {evaluated:6.2f} s  ({len(result.candidates)} candidates; target ≤ 2 s)")

    scoring = shutil.which("scoring", path=str(Path(sys.executable).parent)) or "scoring"
    example = [str(ROOT / "rubrics" / "crm-vendor-selection.yaml"),
               str(ROOT / "rubrics" / "examples" / "crm-vendor-bids.yaml")]
    print(f"scoring --help:               {best_wall_time([scoring, '--help']):5.3f} s wall (target ≤ 0.3 s)")
    print(f"scoring score (bundled bids): {best_wall_time([scoring, 'score', *example]):5.3f} s wall (target ≤ 0.3 s)")


if __name__ == "__main__":
    main()
