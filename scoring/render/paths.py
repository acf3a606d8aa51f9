"""Safe, collision-free file names made from ids (candidates, evaluators).

An id comes from a hostile file: it may hold `../`, an absolute path, control
characters or a name Windows reserves. The names made here never leave their folder,
and two ids never share a file, even on a file system that folds case.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from scoring.model.errors import ScoringError
from scoring.model.limits import MAX_FILE_NAME_BYTES

_HASH_CHARS = 10
"""Hex digits of the id's SHA-256 appended to a shortened name, so shortened names stay distinct."""

# Path separators, characters Windows refuses in a name, and quotes/spaces kept as they are.
_UNSAFE = re.compile(r'[/\\<>:"|?*]')
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)]
)


class FileNameError(ScoringError):
    """Raised when two ids would map to one file name (exit 1, like an input error)."""


def file_names(ids: Sequence[str], suffix: str) -> dict[str, str]:
    """Map each id to a safe file name ending in `suffix` (say `.pdf`).

    A name has no path separator, no control character and no character Windows
    refuses (each becomes `_`), does not start with a dot and is not a device name
    (both get a leading `_`), is NFC, and is at most `MAX_FILE_NAME_BYTES` bytes in
    UTF-8 (a longer one is cut and ends in a hash of the whole id). Raises
    `FileNameError` naming both ids when two ids would share a name, compared
    case-insensitively.
    """
    names: dict[str, str] = {}
    taken: dict[str, str] = {}
    for id_ in dict.fromkeys(ids):
        name = file_name(id_, suffix)
        key = unicodedata.normalize("NFC", name.casefold())
        other = taken.get(key)
        if other is not None:
            raise FileNameError(
                f"ids {other!r} and {id_!r} would both be written to the file {name!r} "
                "(file names ignore case and replace unsafe characters); rename one of them"
            )
        taken[key] = id_
        names[id_] = name
    return names


def file_name(id_: str, suffix: str) -> str:
    """The safe file name of one id (see `file_names`; alone it cannot check collisions)."""
    stem = "".join("_" if _is_control(c) else c for c in unicodedata.normalize("NFC", id_))
    stem = _UNSAFE.sub("_", stem)
    stem = stem.rstrip(" .") + "_" * (len(stem) - len(stem.rstrip(" ."))) if stem else "_"
    if stem.startswith((".", " ")) or stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = "_" + stem
    return _bounded(stem, id_, suffix)


def _is_control(char: str) -> bool:
    # Cc: C0/C1 controls (NUL, ESC, CR...); Cf: invisible format characters such as the
    # right-to-left override, which makes `gpj.exe` look like `exe.jpg`; Cs: lone surrogates,
    # which no file system takes; Zl/Zp: line breaks.
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _bounded(stem: str, id_: str, suffix: str) -> str:
    """`stem + suffix`, cut at a character boundary to fit the byte bound, with a hash when cut."""
    if len((stem + suffix).encode("utf-8")) <= MAX_FILE_NAME_BYTES:
        return stem + suffix
    tail = "-" + hashlib.sha256(id_.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS] + suffix
    budget = MAX_FILE_NAME_BYTES - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore")
    return cut + tail


__all__ = ["MAX_FILE_NAME_BYTES", "FileNameError", "file_name", "file_names"]
