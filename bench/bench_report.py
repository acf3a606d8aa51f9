"""How fast reports render, and what memory they take.

Prints:
  - the wall time of `scoring report` on the bundled vendor example (a fresh process);
  - pages per second for a 100-vendor report, and our overhead over WeasyPrint alone
    rendering the very same HTML (target ≤ 1.2×);
  - seconds for N per-candidate appraisal forms (default 500) in one process and on all
    cores (target: 2 cores ≥ 1.6× faster than one);
  - peak memory of form runs of N/5 and N forms (target: flat in the number of forms).

    python bench/bench_report.py [--forms N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scoring import load_rubric
from scoring.model.rubric import LevelsScale
from scoring.pipeline import score_files
from scoring.render.publish import write_forms, write_report

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "rubrics" / "crm-vendor-selection.yaml"
STAFF = ROOT / "rubrics" / "crm-supervisor-appraisal.yaml"


def vendor_input(path: Path, count: int) -> None:
    """`count` qualified bids scored by five committee members, levels picked at random."""
    rng = random.Random(7)
    rubric = load_rubric(VENDOR)
    judged = [c for c in rubric.criteria if isinstance(c.scale, LevelsScale)]
    lines = [f"rubric: {VENDOR}", "evaluators:"]
    lines += [f"  e{i}: {{name: 评委{i}}}" for i in range(1, 6)]
    lines.append("candidates:")
    for n in range(count):
        lines += [f"  - id: v{n:03d}", f"    name: 投标人{n:03d}",
                  f"    facts: {{license-fee: {rng.randint(300, 500) * 1000}, "
                  f"implementation-fee: {rng.randint(80, 160) * 1000}, implementation_months: {rng.randint(2, 5)}}}",
                  "    gates: {qualification: pass}", "    scores:"]
        for e in range(1, 6):
            picks = ", ".join(f"{c.id}: {rng.choice(list(c.scale.levels))}" for c in judged)  # type: ignore[union-attr]
            lines.append(f"      e{e}: {{{picks}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def staff_input(path: Path, count: int) -> None:
    """`count` employees, each rated by a superior, two peers and themselves."""
    rng = random.Random(11)
    lines = [f"rubric: {STAFF}", "evaluators:", "  boss: {role: superior, name: 王经理}",
             "  p1: {role: peer, name: 李主管}", "  p2: {role: peer, name: 赵主管}"]
    lines += [f"  self{n:03d}: {{role: self}}" for n in range(count)]
    lines.append("candidates:")
    for n in range(count):
        lines += [f"  - id: s{n:03d}", f"    name: 员工{n:03d}", "    scores:"]
        for e in ("boss", "p1", "p2", f"self{n:03d}"):
            picks = ", ".join(f"{c}: {rng.choice('ABCD')}" for c in ("standards", "training", "coordination", "data-entry"))
            lines.append(f"      {e}: {{{picks}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def child_forms(data: str, folder: str, jobs: int) -> None:
    """Run in a fresh process: render the forms, print the peak RSS of it and its workers."""
    write_forms(score_files(STAFF, data), folder, jobs=jobs)
    # ru_maxrss survives exec (it would report the benchmark's own peak), VmHWM does not.
    status = Path("/proc/self/status").read_text()
    own = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # forked, not exec'd: their own peaks
    print(own, workers)


def run_forms(data: Path, folder: Path, jobs: int) -> tuple[float, int, int]:
    """(seconds, peak KiB of the main process, peak KiB of its largest worker)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", str(data), str(folder), str(jobs)],
                         capture_output=True, text=True, check=True).stdout.split()
    return time.perf_counter() - start, int(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=500)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_forms(args.child[0], args.child[1], int(args.child[2]))
        return

    import weasyprint

    scoring = shutil.which("scoring", path=str(Path(sys.executable).parent)) or "scoring"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([scoring, "report", str(VENDOR), str(ROOT / "rubrics/examples/crm-vendor-bids.yaml"),
                            "-o", str(work / "example.pdf")], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        print(f"vendor report, bundled example: {min(times):6.2f} s wall ({pages(work / 'example.pdf')} pages)")

        bids = work / "bids100.yaml"
        vendor_input(bids, 100)
        write_report(score_files(VENDOR, bids), work / "warm.pdf")  # fonts and caches warm for both runs
        start = time.perf_counter()
        write_report(score_files(VENDOR, bids), work / "r100.pdf")
        ours = time.perf_counter() - start
        write_report(score_files(VENDOR, bids), work / "r100.html")
        html = (work / "r100.html").read_text(encoding="utf-8")
        start = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf(work / "bare.pdf")
        bare = time.perf_counter() - start
        count = pages(work / "r100.pdf")
        print(f"100-vendor report: {count} pages in {ours:6.2f} s = {count / ours:5.1f} pages/s")
        print(f"  WeasyPrint alone on the same HTML: {bare:6.2f} s; our overhead {ours / bare:4.2f}× (target ≤ 1.2×)")

        staff = work / "staff.yaml"
        staff_input(staff, args.forms)
        cores = os.cpu_count() or 1
        one, main_one, _ = run_forms(staff, work / "forms1", 1)
        many, main_many, worker_many = run_forms(staff, work / "formsN", cores)
        print(f"{args.forms} appraisal forms: {one:6.1f} s in one process, {many:6.1f} s on {cores} cores "
              f"= {one / many:4.2f}× faster (target ≥ 1.6× on 2 cores)")

        small = work / "staff-small.yaml"
        staff_input(small, max(1, args.forms // 5))
        _, main_small, _ = run_forms(small, work / "forms-small", 1)
        print(f"peak memory, one process: {main_small / 1024:6.0f} MiB for {max(1, args.forms // 5)} forms, "
              f"{main_one / 1024:6.0f} MiB for {args.forms} (flat when these are close)")
        print(f"peak memory, {cores} workers: main {main_many / 1024:6.0f} MiB, largest worker {worker_many / 1024:6.0f} MiB")


if __name__ == "__main__":
    main()
