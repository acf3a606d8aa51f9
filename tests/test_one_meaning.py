"""One YAML meaning: an input grown past 1 MiB scores to the same JSON, byte for byte.

Files of 1 MiB and more are read by the fast reader, the same content in a small file by
the safe one. For generated valid rubrics and inputs, the input padded past 1 MiB with a
trailing comment must give exactly the JSON of the unpadded input, and must really have
gone through the fast reader (its calls are counted).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from scoring.load import yamlfile
from scoring.pipeline import score_files
from tests.test_formats_agree import cases, rubric_text, yaml_scores

MIB = 1 << 20


def scored(rubric: Path, data: Path) -> str:
    evaluation = score_files(str(rubric), str(data))
    return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2)


def scored_through_the_fast_reader(rubric: Path, data: Path) -> str:
    """`scored`, checking that the fast reader parsed the input."""
    ryml = pytest.importorskip("ryml")
    calls = []
    original = ryml.parse_in_arena

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ryml, "parse_in_arena", counting)
        text = scored(rubric, data)
    assert calls, "the padded input did not go through the fast reader"
    return text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_padding_past_1_mib_changes_nothing(case: Any) -> None:
    method, criteria, evaluators, candidates, scores = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rubric, small, big = folder / "rubric.yaml", folder / "small.yaml", folder / "big.yaml"
        rubric.write_text(rubric_text(method, criteria), encoding="utf-8")
        text = yaml_scores(candidates, evaluators, scores)
        small.write_text(text, encoding="utf-8")
        big.write_text(text + "# " + "x" * MIB + "\n", encoding="utf-8")
        assert big.stat().st_size >= yamlfile.FAST_PATH_BYTES
        assert scored_through_the_fast_reader(rubric, big) == scored(rubric, small)
