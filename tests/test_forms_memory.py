"""Per-candidate PDF forms stay small in memory (api.md section 5, item 4).

Every process of `scoring report R I --per-candidate DIR -j N` (the main one and each form
worker) must peak at no more than 250 MiB resident. A WeasyPrint font configuration made per
form grew a worker by about 60 MiB a form (the Noto CJK faces opened anew each time), so six
forms on two workers (three each) went well past the limit; one configuration per process,
reused for every form, keeps each process flat.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT, RUBRICS

from tests.poppler import needs_poppler, pdftotext

#: The spec's bound on every process's peak resident memory (VmHWM), in KiB.
PEAK_LIMIT_KIB = 250 * 1024

STAFF = RUBRICS / "crm-supervisor-appraisal.yaml"
Q3 = EXAMPLES / "crm-supervisor-q3.yaml"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc"),
    needs_poppler,
]

# Run in a small process of its own: it starts the command, samples the VmHWM of the command
# and of every process below it from /proc, and prints them with its children's ru_maxrss.
# ru_maxrss catches a peak that falls between two samples; it is taken here rather than in
# pytest because a child started by vfork+exec inherits the starting process's own peak.
PROBE = r"""
import json, os, resource, subprocess, sys, time

def tree(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parents[int(name)] = int(open(f"/proc/{name}/stat").read().rpartition(")")[2].split()[1])
            except (OSError, IndexError):
                pass
    found = {root}
    while True:
        below = {pid for pid, ppid in parents.items() if ppid in found} - found
        if not below:
            return found
        found |= below

def hwm(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0

seen = {}
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
while proc.poll() is None:
    for pid in tree(proc.pid):
        seen[pid] = max(seen.get(pid, 0), hwm(pid))
    time.sleep(0.01)
err = proc.stderr.read().decode("utf-8", "replace")
print(json.dumps({"rc": proc.returncode, "stderr": err, "root": proc.pid, "hwm": seen,
                  "maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def write_staff(path: Path, copies: int) -> dict[str, str]:
    """The Q3 appraisal's three candidates `copies` times under new ids; returns each id's name.

    Each copy gets its own self-evaluators, as an appraisal has one self per candidate.
    """
    source = yaml.safe_load(Q3.read_text(encoding="utf-8"))
    roles = source["evaluators"]
    evaluators = {e: dict(spec) for e, spec in roles.items() if spec["role"] != "self"}
    candidates, names = [], {}
    for copy in range(copies):
        for original in source["candidates"]:
            cid, name = f"{original['id']}-{copy}", f"{original['name']}{'甲乙丙丁'[copy]}"
            scores = {}
            for eid, given in original["scores"].items():
                if roles[eid]["role"] == "self":
                    eid = f"{eid}-{copy}"
                    evaluators[eid] = {"role": "self", "name": name}
                scores[eid] = dict(given)
            candidates.append({"id": cid, "name": name, "scores": scores})
            names[cid] = name
    data = {"title": source["title"], "date": str(source["date"]), "evaluators": evaluators, "candidates": candidates}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return names


def probed(command: list[str], cwd: Path) -> dict[str, object]:
    """Run `command` under the probe; its exit code, stderr, per-process VmHWM and overall peak."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    figures: dict[str, object] = json.loads(done.stdout)
    return figures


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_process_of_a_forms_run_stays_under_250_mib(tmp_path: Path, jobs: int) -> None:
    names = write_staff(tmp_path / "staff.yaml", 2)  # six candidates
    forms = tmp_path / "forms"
    run = probed([sys.executable, "-m", "scoring", "report", str(STAFF), "staff.yaml",
                  "--per-candidate", str(forms), "-j", str(jobs)], tmp_path)
    assert run["rc"] == 0, run["stderr"]
    peaks = {int(pid): kib for pid, kib in run["hwm"].items()}  # type: ignore[attr-defined]
    workers = [pid for pid in peaks if pid != run["root"]]
    # -j 1 renders six forms in the main process; -j 2 forks two workers (and may run helpers
    # such as fc-list, which count like any other process of the run).
    assert len(workers) >= (2 if jobs == 2 else 0)
    too_big = {pid: kib // 1024 for pid, kib in peaks.items() if kib > PEAK_LIMIT_KIB}
    assert too_big == {}, f"processes over 250 MiB (MiB): {too_big}"
    assert 0 < run["maxrss"] <= PEAK_LIMIT_KIB, f"a process peaked at {run['maxrss'] // 1024} MiB"  # type: ignore[operator]
    assert sorted(p.name for p in forms.iterdir()) == sorted(f"{cid}.pdf" for cid in names)
    for cid, name in names.items():
        text = pdftotext(forms / f"{cid}.pdf")
        others = [n for c, n in names.items() if c != cid]
        assert name in text and not any(n in text for n in others), cid
