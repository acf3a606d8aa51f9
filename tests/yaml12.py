"""Read YAML the way editors do (YAML 1.2 core schema, keys as strings) for the schema tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml


class _Core(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema's implicit types only."""


_Core.yaml_implicit_resolvers = {}
_Core.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                            list("tTfF"))
_Core.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Core.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Core.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"),
    list("-+.0123456789"),
)


def _bool(loader: yaml.SafeLoader, node: yaml.Node) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"  # type: ignore[arg-type]


_Core.add_constructor("tag:yaml.org,2002:bool", _bool)


def load_as_editor(path: Path) -> Any:
    """The JSON value an editor checks for YAML file `path`: mapping keys become strings."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Core)  # noqa: S506 - a safe loader
    return json.loads(json.dumps(data, default=str))
