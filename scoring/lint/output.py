"""Lint findings as text lines or JSON (procurement.md §5)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from scoring.lint.findings import SEVERITIES, Located, Profile
from scoring.model.errors import format_path
from scoring.model.rubric import Rubric


def counts(found: Sequence[Located]) -> dict[str, int]:
    """How many findings of each severity."""
    return {s: sum(1 for x in found if x.finding.severity == s) for s in SEVERITIES}


def summary(profile: Profile, found: Sequence[Located]) -> str:
    """`cn-gov-goods: 2 errors, 1 warning, 0 notes`."""
    n = counts(found)
    return f"{profile}: " + ", ".join(f"{n[s]} {s}{'' if n[s] == 1 else 's'}" for s in SEVERITIES)


def line(x: Located, lang: Literal["zh", "en"]) -> str:
    """`FILE:LINE:COL: severity CODE: message（依据：source）`, or `(source: gloss; source)` in English."""
    f = x.finding
    cited = f"（依据：{f.source}）" if lang == "zh" else f" (source: {f.gloss}; {f.source})"
    where = f"{x.file}:{x.line}:{x.column}" if x.line else x.file
    return f"{where}: {f.severity} {f.code}: {f.message}{cited}"


def as_text(profile: Profile, found: Sequence[Located], lang: Literal["zh", "en"]) -> str:
    """One line per finding, then the summary."""
    return "\n".join([*(line(x, lang) for x in found), summary(profile, found)]) + "\n"


def as_json(rubric: Rubric, profile: Profile, found: Sequence[Located]) -> str:
    """The findings as the JSON document of procurement.md §5."""
    doc = {
        "rubric": {"id": rubric.id, "file": rubric.file, "sha256": rubric.sha256},
        "profile": profile,
        "findings": [
            {"code": x.finding.code, "severity": x.finding.severity, "file": x.file, "line": x.line,
             "column": x.column, "path": format_path(x.finding.path), "message": x.finding.message,
             "source": x.finding.source}
            for x in found
        ],
        "counts": counts(found),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
