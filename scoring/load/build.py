"""What one reading of a rubric keeps while its parts are read: ids seen so far, lists whose sums
would mislead, scales already reported; with the checks several parts share."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from scoring.load.fields import Reader
from scoring.load.places import PlainTree as Tree
from scoring.model.errors import PathKey, format_path
from scoring.model.numbers import percent_text

if TYPE_CHECKING:
    from scoring.model.pairwise import Comparison

ONE = Decimal(1)
Path = tuple[PathKey, ...]


class Build:
    """The state of one reading of one rubric; made and dropped by one `parse_rubric` call."""

    __slots__ = ("r", "ids", "claimed", "incomplete", "broken_scales", "pairwise")

    def __init__(self, r: Reader) -> None:
        self.r = r
        """Reads values and collects the problems."""
        self.ids: dict[str, Path] = {}
        """Section and criterion ids, each with where it is first written."""
        self.claimed: list[tuple[Path, str]] = []
        """Every section and criterion id with its place, for ids that differ only by case or width."""
        self.incomplete: set[Path] = set()
        """Criteria lists with a criterion that could not be read: their sums would mislead."""
        self.broken_scales: set[str] = set()
        """Named scales with a problem already reported: a criterion using one adds nothing to it."""
        self.pairwise: tuple[Comparison, ...] = ()
        """The rubric's own `pairwise` entries as checked (over its sections, or a flat sheet's criteria)."""

    def claim(self, ident: str | None, path: Path) -> None:
        """Record a section or criterion id; a problem when it is taken already."""
        if ident is None:
            return
        self.claimed.append((path, ident))
        if ident in self.ids:
            self.r.error(path, f"duplicate id '{ident}' (first used at {format_path(self.ids[ident])})")
        else:
            self.ids[ident] = path


def weight(r: Reader, path: Path, raw: Tree) -> Decimal | None:
    """A weight: a percent above 0% and at most 100%."""
    value = r.percent(path, raw)
    if value is not None and not 0 < value <= ONE:
        r.error(path, f"expected a percent above 0% and at most 100%, got {percent_text(value)}")
        return None
    return value
