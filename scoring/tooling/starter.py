"""`scoring init`: a commented starter rubric, with the schema beside it so the modeline resolves."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from scoring.model.errors import ScoringError
from scoring.resources import data_dir
from scoring.tooling.schema import SCHEMA_FILE, schema_text

KINDS = ("vendor", "appraisal")
_SLOT = re.compile(r"\{\{([a-z_]+)\}\}")


@dataclass(frozen=True)
class Planned:
    """One file `init` writes: where, and its bytes."""

    path: Path
    data: bytes


def starter_text(kind: str, lang: str) -> str:
    """The starter rubric of `kind` with its titles and labels in `lang`."""
    folder = data_dir("templates") / "starters"
    labels: dict[str, str] = json.loads((folder / "labels.json").read_text(encoding="utf-8"))[lang]
    template = (folder / f"{kind}.yaml").read_text(encoding="utf-8")
    return _SLOT.sub(lambda m: json.dumps(labels[m[1]], ensure_ascii=False), template)


def plan_init(kind: str, lang: str, output: Path, *, force: bool) -> list[Planned]:
    """The files `init` writes (the rubric, and the schema unless the same bytes are there).

    Raises `ScoringError` naming a file that exists and differs, unless `force`: nothing is written then.
    """
    rubric = Planned(output, starter_text(kind, lang).encode("utf-8"))
    schema = Planned(output.parent / SCHEMA_FILE, schema_text().encode("utf-8"))
    out = [rubric]
    if not (schema.path.is_file() and schema.path.read_bytes() == schema.data):
        out.append(schema)
    if not force:
        for planned in out:
            if planned.path.exists():
                raise ScoringError(f"{planned.path} exists; give --force to overwrite it")
    return out
