"""Write a file so that readers see the old content or the whole new one, never half.

Only a regular file is ever replaced: a device or a pipe named as the output
(`/dev/null`, `/dev/stdout`, a FIFO) is written through, so the program never turns
`/dev/full` into a regular file, even as root.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TYPE_CHECKING

from scoring.load.paths import pure
from scoring.model.errors import ReportError
from scoring.model.limits import MAX_TEMP_STEM_BYTES

if TYPE_CHECKING:
    from pathlib import Path

# Names are handled as text, read as pathlib reads them (load/paths.py): `scoring score -o`
# does not pay pathlib's import (api.md §5.3).

_TEMP_SUFFIX = ".part"


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path`: a regular or new file through a temporary file and a rename.

    A missing folder is created. The temporary file lives in the target's folder and is
    removed on any error, Ctrl-C or SIGTERM, so `path` is either as it was or complete.
    A device, pipe or socket at `path` is written to directly. Raises `ReportError`
    naming the path and the reason when the file cannot be written.
    """
    target = pure(path)
    try:
        kind = _existing_kind(target)
        if kind == "special":
            _write_through(target, data)
            return
        if kind == "folder":
            raise ReportError(f"{path}: cannot write the file: it is a folder")
        if os.path.islink(target):
            # Replace the file the link points to, not the link: the user named that file.
            target = pure(os.path.realpath(target))
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        _replace(target, data)
    except OSError as exc:
        raise ReportError(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def _existing_kind(target: str) -> str:
    """`missing`, `regular`, `folder` or `special` (anything else), following links."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return "missing"
    if stat.S_ISREG(mode):
        return "regular"
    return "folder" if stat.S_ISDIR(mode) else "special"


def _write_through(target: str, data: bytes) -> None:
    """Write to a device or pipe as it is: never create, replace or truncate-by-rename it."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _replace(target: str, data: bytes) -> None:
    """Write a temporary file beside `target`, then rename it over `target`."""
    fd, tmp = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temporary(target: str) -> tuple[int, str]:
    """A new hidden file beside `target`, created with mode 0o666 less the umask."""
    while True:
        # os.open with 0o666 lets the kernel apply the umask: no need to read (and so
        # change) the process-wide umask, unlike a private mkstemp file chmod-ed afterwards.
        folder, slash, name = target.rpartition("/")
        stem = name.encode("utf-8", "surrogateescape")[:MAX_TEMP_STEM_BYTES].decode("utf-8", "ignore")
        tmp = f"{folder}{slash}.{stem}.{os.urandom(4).hex()}{_TEMP_SUFFIX}"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def _keep_mode(target: str, tmp: str) -> None:
    """Give the new file the permissions of the one it replaces, if any."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)


__all__ = ["write_atomic"]
