"""The small staff rubric the history tests and the report's history parts share: two sections of
one 0–10 criterion each, with their weights, and an input of evaluators' scores for it."""

from __future__ import annotations

from pathlib import Path

_RUBRIC = """\
id: team-review
title: {title}
subject: {subject}
locale: en
total: 100
decimals: 2
gates:
  - {{id: present, title: Present}}
grades:
  - {{min: 80, label: A}}
  - {{min: 0, label: B}}
sections:
  - id: work
    title: Work
    weight: {work}%
    criteria:
      - {{id: quality, title: Quality, points: 10, scale: {{direct: {{min: 0, max: 10}}}}}}
  - id: conduct
    title: Conduct
    weight: {conduct}%
    criteria:
      - {{id: manner, title: Manner, points: 10, scale: {{direct: {{min: 0, max: 10}}}}}}
"""


def rubric_text(work: int = 60, conduct: int = 40, title: str = "Team review", subject: str = "staff") -> str:
    """The test rubric: quality (0–10) is `work`% of 100, manner (0–10) `conduct`%; mean of evaluators."""
    return _RUBRIC.format(work=work, conduct=conduct, title=title, subject=subject)


def write_rubric(path: Path, work: int = 60, conduct: int = 40, title: str = "Team review",
                 subject: str = "staff") -> Path:
    """`rubric_text` written to `path`."""
    path.write_text(rubric_text(work, conduct, title, subject), encoding="utf-8")
    return path


def write_input(path: Path, scores: dict[str, tuple[tuple[int, ...], tuple[int, ...]]],
                gates: dict[str, str] | None = None) -> Path:
    """Per candidate: each evaluator's quality scores and manner scores (e1, e2, … in order)."""
    count = max(len(q) for q, _ in scores.values())
    lines = ["evaluators:"] + [f"  e{i}: {{name: E{i}}}" for i in range(1, count + 1)] + ["candidates:"]
    for cid, (quality, manner) in scores.items():
        lines += [f"  - id: {cid}", f"    name: {cid.title()}",
                  f"    gates: {{present: {(gates or {}).get(cid, 'pass')}}}", "    scores:"]
        lines += [f"      e{i}: {{quality: {q}, manner: {m}}}" for i, (q, m) in enumerate(zip(quality, manner,
                                                                                               strict=True), 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
