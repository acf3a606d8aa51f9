"""Find the bundled data folders (`rubrics/`, `templates/`), in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The bundled folder `name`: inside the package in a wheel, beside it in a checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name



def resolve_rubric(name: str) -> Path:
    """A rubric path as given, or the bundled rubric with that id when no such file exists."""
    path = Path(name)
    if path.exists() or path.suffix:
        return path
    bundled = data_dir("rubrics") / f"{name}.yaml"
    return bundled if bundled.exists() else path
