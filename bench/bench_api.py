"""Speed and memory of the library against floors measured in the same run (api.md section 5).

Prints each figure beside its limit:
  1. evaluate: `scoring.evaluate` on 10,000 candidates × 50 criteria × 3 evaluators, already loaded,
     over the plain exact-Decimal loop in bench/floor.py (and checks both give the same totals);
  2. load: `scoring.load_input` of 50,000 candidates over 10,000, and the peak RSS of a fresh
     process loading 50,000;
  3. start-up: `scoring --help` over `python -c "import click"`, `scoring score` on a five-bid
     tender (the bundled four bids and a copy) over `python -c "import yaml, click"`;
  4. forms: `scoring report R I --per-candidate DIR -j N` on 40 appraisals: the peak RSS of every
     process for -j 1 and -j 2, and the speed-up of -j 2.

Times are CPU seconds (user + sys of the process and the children it waited for), the minimum of
interleaved runs: the machines are shared and noise only ever adds. Peak RSS is VmHWM, read in the
measured process itself or sampled from /proc: ru_maxrss of a child started by vfork+exec also
counts the parent's peak, so it is taken only through a small probe process.

    python bench/bench_api.py [--only evaluate|load|startup|forms] [--quick]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()
MiB = 2**20
CRITERIA, EVALUATORS = 50, 3
TENDER = (ROOT / "rubrics" / "crm-vendor-selection.yaml", ROOT / "rubrics" / "examples" / "crm-vendor-bids.yaml")
APPRAISAL = (ROOT / "rubrics" / "crm-supervisor-appraisal.yaml", ROOT / "rubrics" / "examples" / "crm-supervisor-q3.yaml")
PROBE_INTERVAL = 0.05  # seconds between /proc samples: often enough, cheap enough not to slow two cores


class Sizes(NamedTuple):
    """How big each part runs, and how many interleaved runs it takes the minimum of."""

    evaluate: int
    evaluate_runs: int
    load: tuple[int, int]
    load_runs: int
    startup_runs: int
    forms: int
    forms_runs: int


FULL = Sizes(10_000, 5, (10_000, 50_000), 3, 7, 40, 2)
QUICK = Sizes(1_000, 3, (2_000, 10_000), 2, 3, 8, 1)


# ---------------------------------------------------------------------------------------------
# Measuring


def cpu_seconds() -> float:
    """User + sys of this process and of the children it has waited for."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(work: Callable[[], object]) -> float:
    """CPU seconds `work` takes; the collector runs before, so no run pays for the last one's garbage."""
    gc.collect()
    start = cpu_seconds()
    result = work()
    seconds = cpu_seconds() - start
    del result  # freeing the result is not part of the work
    return seconds


class CommandFailed(Exception):
    """A measured command did not succeed; the message says which and what it printed."""


def child_cpu(command: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds of a fresh process running `command`; raises `CommandFailed` unless it succeeds."""
    start = cpu_seconds()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    seconds = cpu_seconds() - start
    if done.returncode != 0:
        raise CommandFailed(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-800:]}")
    return seconds


def vm_hwm_kib(pid: int | str = "self") -> int:
    """The peak resident set of a live process, in KiB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def verdict(value: float, limit: float, *, at_least: bool = False) -> str:
    """`ok` or a loud mark, for the end of a figure's line."""
    if at_least:
        return "ok" if value >= limit else "UNDER LIMIT"
    return "ok" if value <= limit else "OVER LIMIT"


# ---------------------------------------------------------------------------------------------
# Workloads


def bench_engine_module() -> Any:
    """bench_engine, whose writers make the 10k×50×3 workload (imported late: it imports scoring)."""
    import bench_engine

    return bench_engine


def write_bench_rubric(path: Path) -> None:
    """bench_engine's rubric, its last criterion (a rank on a fact) made a ratio on the price."""
    bench_engine_module().write_rubric(path, CRITERIA)
    last = f"      - id: c{CRITERIA - 1}\n        title: Criterion {CRITERIA - 1}\n        points: 5\n"
    rank = "        scale: {rank: {order: lowest-first, first: 5, middle: 4, last: 3}}\n"
    text = path.read_text(encoding="utf-8")
    if last + rank not in text:
        raise SystemExit(f"FAIL: bench_engine.write_rubric changed; cannot find c{CRITERIA - 1}'s rank scale")
    path.write_text(text.replace(last + rank, last + "        value: price\n        scale: {ratio: lowest}\n"), encoding="utf-8")


def write_bench_input(path: Path, candidates: int) -> None:
    """bench_engine's input: `candidates` × CRITERIA criteria × EVALUATORS evaluators."""
    bench_engine_module().write_input(path, candidates, CRITERIA, EVALUATORS)


def write_appraisals(path: Path, count: int) -> None:
    """The bundled Q3 appraisal's candidates repeated under new ids, each copy with its own self-evaluator."""
    import yaml

    source = yaml.safe_load(APPRAISAL[1].read_text(encoding="utf-8"))
    # Fresh dicts throughout: a shared one would be dumped as a YAML alias, and inputs may hold few.
    evaluators = {e: dict(spec) for e, spec in source["evaluators"].items() if spec.get("role") != "self"}
    candidates = []
    for n in range(count):
        original = source["candidates"][n % len(source["candidates"])]
        copy = n // len(source["candidates"])
        scores = {}
        for eid, given in original["scores"].items():
            if source["evaluators"][eid].get("role") == "self":
                evaluators[f"{eid}-{copy:02d}"] = dict(source["evaluators"][eid])
                eid = f"{eid}-{copy:02d}"
            scores[eid] = dict(given)
        candidates.append({"id": f"{original['id']}-{copy:02d}", "name": f"{original['name']}{copy:02d}", "scores": scores})
    data = {"title": source["title"], "date": str(source["date"]), "evaluators": evaluators, "candidates": candidates}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_tender(path: Path) -> None:
    """The bundled tender (four bids) with a fifth: a copy of its first bid under a new id."""
    text = TENDER[1].read_text(encoding="utf-8")
    first = text[text.index("  - id: vendor-a\n"):text.index("  - id: vendor-b\n")]
    fifth = first.replace("id: vendor-a", "id: vendor-e").replace("name: 甲公司", "name: 戊公司")
    text = text.replace("rubric: ../crm-vendor-selection.yaml", f"rubric: {TENDER[0]}")
    path.write_text(text.rstrip("\n") + "\n" + fifth, encoding="utf-8")


def scoring_command() -> tuple[list[str], str]:
    """The venv's console script when beside this interpreter, else `python -m scoring`; and which."""
    script = shutil.which("scoring", path=str(Path(sys.executable).parent))
    if script:
        shebang = Path(script).read_text(encoding="utf-8", errors="replace").partition("\n")[0].removeprefix("#!")
        # The same venv and the same binary, so both sides of each ratio start the same interpreter.
        if Path(shebang).parent == Path(sys.executable).parent and os.path.realpath(shebang) == os.path.realpath(sys.executable):
            return [script], f"the console script {script} (#!{shebang})"
    return [sys.executable, "-m", "scoring"], f"{sys.executable} -m scoring"


# ---------------------------------------------------------------------------------------------
# 1. Evaluate


def engine_outcomes(evaluation: Any) -> dict[str, Any]:
    """Each candidate's (reported total, rank, grade) as the engine gives them, by id."""
    from decimal import Decimal

    from floor import Outcome

    if all(hasattr(r, "reported_total") for r in evaluation.candidates):
        return {r.candidate.id: Outcome(r.reported_total, r.rank, r.grade) for r in evaluation.candidates}
    # Results regrouped (api.md: no Optional-heavy result types): read the JSON document instead.
    return {c["id"]: Outcome(None if c["total"] is None else Decimal(str(c["total"])), c["rank"], c["grade"])
            for c in evaluation.to_dict()["candidates"]}


def compare(engine: dict[str, Any], floor: dict[str, Any]) -> bool:
    """Print whether the engine and the floor agree on every candidate; True when they do."""
    if engine.keys() != floor.keys():
        print(f"  FAIL: the engine scored {len(engine):,} candidates, the floor {len(floor):,}")
        return False
    differ = [cid for cid in engine if engine[cid] != floor[cid]]
    if differ:
        print(f"  FAIL: {len(differ):,} of {len(engine):,} candidates differ between scoring.evaluate and the floor:")
        for cid in differ[:5]:
            print(f"    {cid}: evaluate {tuple(engine[cid])}, floor {tuple(floor[cid])}")
        return False
    qualified = sum(o.total is not None for o in floor.values())
    print(f"  totals, ranks and grades agree for all {len(engine):,} candidates ({qualified:,} qualified)")
    return True


def part_evaluate(sizes: Sizes, work: Path) -> bool:
    """evaluate / floor on CPU seconds, after checking both give the same totals."""
    from floor import floor_evaluate

    from scoring import evaluate, load_input, load_rubric

    count = sizes.evaluate
    rubric_file, input_file = work / "bench-rubric.yaml", work / f"bench-{count}.yaml"
    write_bench_rubric(rubric_file)
    write_bench_input(input_file, count)
    rubric = load_rubric(rubric_file)
    data = load_input(input_file, rubric)
    print(f"evaluate: {count:,} candidates × {CRITERIA} criteria × {EVALUATORS} evaluators, already loaded")
    try:
        evaluation = evaluate(rubric, data)
    except Exception as exc:  # the engine is being changed: say how it failed, measure nothing
        lines = str(exc).splitlines() or [""]
        print(f"  FAIL: scoring.evaluate raised {type(exc).__name__} ({len(lines)} lines), first: {lines[0][:400]}")
        return False
    same = compare(engine_outcomes(evaluation), floor_evaluate(data.candidates, CRITERIA))
    del evaluation
    engine_times, floor_times = [], []
    for _ in range(sizes.evaluate_runs):
        floor_times.append(timed(lambda: floor_evaluate(data.candidates, CRITERIA)))
        engine_times.append(timed(lambda: evaluate(rubric, data)))
    ratio = min(engine_times) / min(floor_times)
    print(f"evaluate / floor: {ratio:.2f}x (limit 1.5x)   evaluate {min(engine_times):.2f} s, floor {min(floor_times):.2f} s "
          f"CPU, min of {sizes.evaluate_runs} interleaved   {verdict(ratio, 1.5) if same else 'FAIL (totals differ)'}")
    return same and ratio <= 1.5


# ---------------------------------------------------------------------------------------------
# 2. Load


def child_load(rubric_file: str, input_file: str) -> None:
    """In a fresh process: CPU seconds of load_input alone, then this process's peak RSS (KiB)."""
    from scoring import load_input, load_rubric

    rubric = load_rubric(rubric_file)
    start = cpu_seconds()
    data = load_input(input_file, rubric)
    seconds = cpu_seconds() - start
    print(seconds, vm_hwm_kib(), len(data.candidates))


def part_load(sizes: Sizes, work: Path) -> bool:
    """load_input's growth from the small to the big input, and the big load's peak RSS."""
    small, big = sizes.load
    rubric_file = work / "bench-rubric.yaml"
    if not rubric_file.exists():
        write_bench_rubric(rubric_file)
    for count in sizes.load:
        if not (work / f"bench-{count}.yaml").exists():
            write_bench_input(work / f"bench-{count}.yaml", count)
    seconds: dict[int, list[float]] = {small: [], big: []}
    peak = 0
    for _ in range(sizes.load_runs):
        for count in sizes.load:
            command = [sys.executable, str(HERE), "--child-load", str(rubric_file), str(work / f"bench-{count}.yaml")]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"load:\n  FAIL: loading {count:,} candidates exited {done.returncode}: {done.stderr[-800:]}")
                return False
            cpu, hwm, loaded = done.stdout.split()
            if int(loaded) != count:
                print(f"load:\n  FAIL: load_input gave {loaded} candidates of {count:,}")
                return False
            seconds[count].append(float(cpu))
            if count == big:
                peak = max(peak, int(hwm))
    ratio = min(seconds[big]) / min(seconds[small])
    size = (work / f"bench-{big}.yaml").stat().st_size / MiB
    print(f"load: {small:,} and {big:,} candidates of that shape ({size:.0f} MiB), each in a fresh process")
    print(f"load {big:,} / {small:,}: {ratio:.2f}x (limit 5.5x)   {min(seconds[big]):.2f} s / {min(seconds[small]):.2f} s "
          f"CPU in load_input, min of {sizes.load_runs} interleaved   {verdict(ratio, 5.5)}")
    print(f"load {big:,} peak RSS: {peak / 1024:.0f} MiB (limit 1024 MiB)   VmHWM of the whole process, "
          f"highest of {sizes.load_runs}   {verdict(peak / 1024, 1024)}")
    return ratio <= 5.5 and peak <= 1024 * 1024


# ---------------------------------------------------------------------------------------------
# 3. Start-up


def part_startup(sizes: Sizes, work: Path) -> bool:
    """`scoring --help` and `scoring score` on a 5-bid tender against bare imports, fresh processes."""
    scoring, how = scoring_command()
    python = sys.executable
    tender = work / "tender-5.yaml"
    write_tender(tender)
    commands = {
        "import click": [python, "-c", "import click"],
        "scoring --help": [*scoring, "--help"],
        "import yaml, click": [python, "-c", "import yaml, click"],
        "scoring score": [*scoring, "score", str(TENDER[0]), str(tender)],
    }
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    # An installed package starts from its compiled bytecode, as click and yaml here do; a shell
    # with PYTHONDONTWRITEBYTECODE set would otherwise make every run recompile ours from source.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    try:
        for command in commands.values():
            child_cpu(command, env)  # warm the page cache and the bytecode cache: the first run pays for both
        for _ in range(sizes.startup_runs):
            for name, command in commands.items():
                seconds[name].append(child_cpu(command, env))
    except CommandFailed as exc:
        print(f"start-up:\n  FAIL: {exc}")
        return False
    best = {name: min(times) for name, times in seconds.items()}
    print(f"start-up: fresh processes of {python}; scoring run as {how}; min of {sizes.startup_runs} interleaved;"
          " bytecode written by the warm-up run")
    ok = True
    for ours, floor, limit in (("scoring --help", "import click", 1.5), ("scoring score", "import yaml, click", 2.0)):
        ratio = best[ours] / best[floor]
        ok = ok and ratio <= limit
        label = f"{ours} (5 bids)" if ours == "scoring score" else ours
        print(f"{label} / python -c \"{floor}\": {ratio:.2f}x (limit {limit}x)   "
              f"{best[ours] * 1000:.0f} ms / {best[floor] * 1000:.0f} ms CPU   {verdict(ratio, limit)}")
    return ok


# ---------------------------------------------------------------------------------------------
# 4. Forms


def sample(root: int, seen: dict[int, dict[str, Any]], ticks: int) -> None:
    """Record the CPU seconds and VmHWM of `root` and every process below it, as they are now."""
    parent_of: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
        parent_of[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, (ppid, _) in parent_of.items() if ppid in tree} - tree
        tree |= below
        grew = bool(below)
    for pid in tree & parent_of.keys():
        hwm = vm_hwm_kib(pid)
        if hwm:
            record = seen.setdefault(pid, {"ppid": parent_of[pid][0], "hwm": 0, "cpu": 0, "name": _name(pid)})
            record["hwm"] = max(record["hwm"], hwm)
            record["cpu"] = max(record["cpu"], parent_of[pid][1])


def _name(pid: int) -> str:
    """A process's command name, to tell workers from helpers such as a pager."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def probe(command: list[str]) -> None:
    """In a small process of its own: run `command`, sampling its process tree; print the figures as JSON.

    ru_maxrss of the children this probe waited for is the highest peak of every process of the
    run (the probe's own small peak aside, which exec carries over); the samples say whose it was.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    seen: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        while proc.poll() is None:
            sample(proc.pid, seen, ticks)
            time.sleep(PROBE_INTERVAL)
        wall = time.perf_counter() - start
        err.seek(0)
        tail = err.read()[-1500:].decode("utf-8", errors="replace")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": proc.returncode, "wall": wall, "cpu": kids.ru_utime + kids.ru_stime,
                      "maxrss_kib": kids.ru_maxrss, "probe_kib": vm_hwm_kib(), "root": proc.pid,
                      "procs": {str(pid): record for pid, record in seen.items()}, "stderr": tail}))


class FormsRun(NamedTuple):
    """One probed forms run."""

    wall: float
    cpu: float
    """All CPU seconds of the run."""
    peak_kib: int
    """The highest peak of any of its processes."""
    main_kib: int
    worker_kib: int
    """Sampled peaks of the main process and of its largest worker (0: no worker)."""
    split: float
    """CPU seconds of the main process plus its busiest worker."""


def forms_run(command: list[str], folder: Path, count: int) -> FormsRun | str:
    """Run `command` under the probe; the figures, or what went wrong."""
    done = subprocess.run([sys.executable, str(HERE), "--probe", *command], capture_output=True, text=True)
    if done.returncode != 0:
        return f"the probe exited {done.returncode}: {done.stderr[-800:]}"
    figures = json.loads(done.stdout)
    if figures["rc"] != 0:
        return f"scoring report exited {figures['rc']}: {figures['stderr']}"
    written = len(list(folder.glob("*.pdf")))
    if written != count:
        return f"expected {count} PDF forms in {folder}, found {written}"
    procs, root = figures["procs"], str(figures["root"])
    # Workers are forked, so they keep the main process's name; others (gcc run by ctypes'
    # find_library, say) count in the peak of every process and in the main process's CPU.
    main = procs.get(root, {"hwm": 0, "name": "?"})
    workers = [p for pid, p in procs.items() if pid != root and p["ppid"] == figures["root"] and p["name"] == main["name"]]
    worker_cpu = sum(p["cpu"] for p in workers)
    # The main process's CPU is the rest: what sampling missed at a worker's end counts against us.
    main_cpu = figures["cpu"] - worker_cpu
    return FormsRun(figures["wall"], figures["cpu"], figures["maxrss_kib"], int(main["hwm"]),
                    int(max((p["hwm"] for p in workers), default=0)), main_cpu + max((p["cpu"] for p in workers), default=0))


def part_forms(sizes: Sizes, work: Path) -> bool:
    """Peak RSS of every process of `report --per-candidate` at -j 1 and -j 2, and the speed-up of -j 2."""
    count = sizes.forms
    staff = work / f"appraisals-{count}.yaml"
    write_appraisals(staff, count)
    scoring, how = scoring_command()
    print(f"forms: scoring report R I --per-candidate DIR -j N on {count} appraisals (PDF), scoring run as {how}")
    runs: dict[int, list[FormsRun]] = {1: [], 2: []}
    for n in range(sizes.forms_runs):
        for jobs in (1, 2):
            folder = work / f"forms-j{jobs}-{n}"
            command = [*scoring, "report", str(APPRAISAL[0]), str(staff), "--per-candidate", str(folder), "-j", str(jobs)]
            run = forms_run(command, folder, count)
            if isinstance(run, str):
                print(f"  FAIL at -j {jobs}: {run}")
                return False
            runs[jobs].append(run)
    ok = True
    for jobs, done in runs.items():
        peak = max(r.peak_kib for r in done) / 1024
        ok = ok and peak <= 250
        worker = max(r.worker_kib for r in done) / 1024
        workers = f", largest worker {worker:.0f} MiB" if worker else ", no workers"
        print(f"forms -j {jobs} peak RSS, every process: {peak:.0f} MiB (limit 250 MiB)   sampled VmHWM: main "
              f"{max(r.main_kib for r in done) / 1024:.0f} MiB{workers}   {verdict(peak, 250)}")
    one, two = runs[1], runs[2]
    wall = min(r.wall for r in one) / min(r.wall for r in two)
    split = min(r.cpu for r in one) / min(r.split for r in two)
    speedup = max(wall, split)
    cores = os.cpu_count() or 1
    print(f"forms -j 2 speed-up over -j 1: {speedup:.2f}x (limit ≥ 1.6x on 2+ cores; {cores} here)   wall "
          f"{min(r.wall for r in one):.1f} s / {min(r.wall for r in two):.1f} s = {wall:.2f}x; CPU split "
          f"{min(r.cpu for r in one):.1f} s / {min(r.split for r in two):.1f} s (main + busiest worker) = {split:.2f}x   "
          + (verdict(speedup, 1.6, at_least=True) if cores >= 2 else "not judged: one core"))
    return ok and (cores < 2 or speedup >= 1.6)


# ---------------------------------------------------------------------------------------------


PARTS: dict[str, Callable[[Sizes, Path], bool]] = {
    "evaluate": part_evaluate, "load": part_load, "startup": part_startup, "forms": part_forms,
}


def main() -> int:
    if sys.argv[1:2] == ["--probe"]:
        probe(sys.argv[2:])
        return 0
    if sys.argv[1:2] == ["--child-load"]:
        child_load(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=list(PARTS), help="run one part")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs, to try it fast")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    print(f"bench_api: Python {sys.version.split()[0]}, {os.cpu_count()} cores, {'quick' if args.quick else 'full'} sizes")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        for name, part in PARTS.items():
            if args.only in (None, name):
                try:
                    results.append(part(sizes, Path(tmp)))
                except Exception as exc:  # the package is being changed under us: report, go on with the next part
                    print(f"{name}:\n  FAIL: {type(exc).__name__}: {str(exc)[:400]}")
                    results.append(False)
    print("all figures within their limits" if all(results) else "some figures FAIL or exceed their limits")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
