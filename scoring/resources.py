"""Find the bundled data folders (`rubrics/`, `templates/`), in a checkout or an installed wheel."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from scoring.load.paths import pure, suffix

if TYPE_CHECKING:
    from pathlib import Path

# No pathlib here: `scoring score` resolves its rubric on every start (api.md §5.3).
_PACKAGE = os.path.dirname(os.path.realpath(__file__))


def data_dir(name: str) -> Path:
    """The bundled folder `name`: inside the package in a wheel, beside it in a checkout."""
    from pathlib import Path

    return Path(_data_dir(name))


def _data_dir(name: str) -> str:
    installed = os.path.join(_PACKAGE, "_data", name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(_PACKAGE), name)


def resolve_rubric(name: str) -> str:
    """A rubric path as given (as `pathlib` writes it: `./a.yaml` is `a.yaml`), or the bundled
    rubric with that id when no such file exists."""
    path = pure(name)
    if _exists(path) or suffix(path):
        return path
    bundled = pure(os.path.join(_data_dir("rubrics"), f"{name}.yaml"))
    return bundled if _exists(bundled) else path


def _exists(path: str) -> bool:
    """`Path.exists`: False when the file is missing, an error such as no permission raised."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    except ValueError:  # a NUL in the name
        return False
    return True
