"""File names read as `pathlib` reads them, without importing it (api.md §5.3's start-up).

`pathlib` costs a few milliseconds at start-up (it brings `urllib.parse` and more), and
`scoring score` only needs a name's text, suffix and stem. These give exactly what
`str(PurePosixPath(p))`, `.suffix` and `.stem` give, so names in messages stay as they were.
"""

from __future__ import annotations

import os


def pure(path: str | os.PathLike[str]) -> str:
    """The name as `str(PurePosixPath(path))` writes it: `.` parts and repeated or trailing
    slashes dropped (`./a//b/` is `a/b`), two leading slashes kept, nothing at all as `.`."""
    text = os.fspath(path)
    stripped = text.lstrip("/")
    root = "" if stripped == text else ("//" if len(text) - len(stripped) == 2 else "/")
    parts = [part for part in stripped.split("/") if part and part != "."]
    return root + "/".join(parts) if root or parts else "."


def name(path: str | os.PathLike[str]) -> str:
    """The last part of the name (`PurePath.name`): empty for `/` or `.`."""
    parts = [part for part in os.fspath(path).split("/") if part and part != "."]
    return parts[-1] if parts else ""


def suffix(path: str | os.PathLike[str]) -> str:
    """`PurePath.suffix`: from the last dot of the last part, unless that dot starts or ends it."""
    last = name(path)
    dot = last.rfind(".")
    return last[dot:] if 0 < dot < len(last) - 1 else ""


def stem(path: str | os.PathLike[str]) -> str:
    """`PurePath.stem`: the last part without its suffix."""
    last = name(path)
    dot = last.rfind(".")
    return last[:dot] if 0 < dot < len(last) - 1 else last
