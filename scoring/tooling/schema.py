"""The JSON Schema (draft 2020-12) of rubric files, generated from the validator's key tables.

Nothing here describes a key: every property, requirement, default and description comes from
`scoring.load.keys`, so the editor and `scoring validate` cannot drift apart. The schema checks
only what is local to one value or one mapping; cross-field rules stay with the validator.
"""

from __future__ import annotations

import json
from typing import Any

from scoring.load.keys import TABLES, Key, Table
from scoring.tooling import grammar

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "rubric.schema.json"
"""The name the schema is written under beside rubrics (the modelines name it)."""
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
"""The first line of every bundled and starter rubric."""

Schema = dict[str, Any]

_TEXT: Schema = {"type": ["string", "number", "boolean"]}
_NOTE: Schema = {"type": ["string", "number", "boolean", "null"]}
_ID: Schema = {"anyOf": [{"type": "string", "pattern": grammar.ID}, {"type": "number"}]}
_NUMBER: Schema = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": grammar.NUMBER}]}
_BOUND: Schema = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": grammar.NUMBER_OR_PERCENT}]}
_PLAIN: dict[str, Schema] = {
    "text": _TEXT,
    "note": _NOTE,
    "expression": _TEXT,
    "id": _ID,
    "percent": {"type": "string", "pattern": grammar.PERCENT},
    "number": _NUMBER,
    "bound": _BOUND,
    "amount": _BOUND,
    "yes-no": {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": grammar.YES_NO}]},
    "knots": {"type": "array", "items": {"type": "array", "prefixItems": [_BOUND, _BOUND],
                                         "minItems": 2, "maxItems": 2}},
    # [a, b, v]: how much more a matters than b, on Saaty's scale 1-9 or its reciprocals 1/2-1/9.
    "comparisons": {"type": "array", "items": {"type": "array", "prefixItems": [_ID, _ID, {"anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 9},
        {"type": "string", "pattern": "^(?:[1-9]|1/[2-9])$"}]}], "minItems": 3, "maxItems": 3}},
}
"""The schema of each kind that needs nothing but its kind."""
_WITH_NAME = frozenset({"metric"})
"""Tables whose value may also be written as plain text (a metric as its bare expression)."""
_WITH_ID = frozenset({"tie-fact"})
"""Tables whose value may also be written as an id (a tie-break entry as a section or criterion id)."""
_MARKDOWN = {
    "levels": "评分档次, e.g. 满足 / 部分满足 / 不满足 (full / partial / none).",
    "weight": "权重: its share, a percent such as `40%`.",
    "points": "分值: its maximum points.",
}
"""Chinese terms an editor shows beside the English description."""


def rubric_schema() -> Schema:
    """The JSON Schema of a rubric file, as a plain dict in a fixed key order."""
    root = TABLES["rubric"]
    out: Schema = {"$schema": DIALECT, "title": "scoring rubric"}
    out.update(_table(root))
    out["$defs"] = {name: _table(t) for name, t in TABLES.items() if name != root.name}
    return out


def schema_text() -> str:
    """`rubric_schema()` as the bytes `scoring schema` prints: two-space indent, final newline."""
    return json.dumps(rubric_schema(), ensure_ascii=False, indent=2) + "\n"


def _table(table: Table) -> Schema:
    """A mapping of `table`: its keys only, the required ones required."""
    out: Schema = {"description": table.description, "type": "object",
                   "properties": {k.name: _key(k) for k in table.keys},
                   "additionalProperties": False}
    if table.required:
        out["required"] = list(table.required)
    if table.name == "criterion":  # local to one mapping, so the editor may say it too
        out["not"] = {"required": ["weight", "points"]}
    return out


def _key(key: Key) -> Schema:
    """One property: its value's schema, description, default and words."""
    out: Schema = {"description": _description(key)}
    if key.name in _MARKDOWN:
        out["markdownDescription"] = f"{key.description}\n\n{_MARKDOWN[key.name]}"
    out.update(_value(key))
    if key.default is not None:
        out["default"] = _default(key)
    return out


def _description(key: Key) -> str:
    """The key's one line, with the words of a choice listed."""
    if key.kind == "choice":
        return f"{key.description} One of: {', '.join(key.options)}."
    return key.description


def _default(key: Key) -> Any:
    """The declared default as the JSON value an editor would insert."""
    if key.kind in ("integer", "number"):
        return int(key.default) if key.default and key.default.isdigit() else key.default
    if key.kind == "yes-no":
        return key.default == "true"
    return key.default


def _value(key: Key) -> Schema:
    """The schema of the key's value by its kind."""
    if key.kind in _PLAIN:
        return dict(_PLAIN[key.kind])
    if key.kind == "integer":
        return {"anyOf": [{"type": "integer", "minimum": key.minimum},
                          {"type": "string", "pattern": grammar.DIGITS}]}
    if key.kind == "choice":
        return {"enum": list(key.options)}
    if key.kind == "mapping":
        return _mapping(key.of)
    if key.kind == "named":
        return {"type": "object", "propertyNames": {"pattern": grammar.ID},
                "additionalProperties": _of(key.of)}
    if key.kind == "list":
        return {"type": "array", "items": _of(key.of)}
    if key.kind == "one-or-list":
        return {"anyOf": [_of(key.of), {"type": "array", "items": _of(key.of)}]}
    return {}  # a kind this module does not know yet: never stricter than the validator


def _mapping(of: str) -> Schema:
    """A fixed-key mapping; a criterion's scale may instead name a shared scale."""
    ref: Schema = {"$ref": f"#/$defs/{of}"}
    if of == "scale":
        return {"anyOf": [_ID, ref]}
    return ref


def _of(of: str) -> Schema:
    """What a list or named mapping holds: a table (by reference) or a plain kind."""
    if of in TABLES:
        ref: Schema = {"$ref": f"#/$defs/{of}"}
        if of in _WITH_ID:
            return {"anyOf": [_ID, ref]}
        return {"anyOf": [_TEXT, ref]} if of in _WITH_NAME else ref
    if of in _PLAIN:
        return dict(_PLAIN[of])
    return {}
