"""The texts of a rubric a keyword rule reads, each with where it is written (procurement.md §6)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from scoring.lint.prices import criterion_path
from scoring.model.errors import PathKey
from scoring.model.rubric import BandsScale, Criterion, LevelsScale, Rubric

Text = tuple[tuple[PathKey, ...], str]


def same_title(a: str, b: str) -> bool:
    """Equal after removing whitespace and punctuation (Unicode categories Z* and P*)."""
    return _bare(a) == _bare(b)


def _bare(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "ZP" and not ch.isspace())


def criterion_texts(rubric: Rubric, criterion: Criterion, *, category: bool = True) -> Iterator[Text]:
    """A criterion's title, description (and category) that are not empty."""
    path = criterion_path(rubric, criterion)
    names = ("title", "description", "category") if category else ("title", "description")
    for name in names:
        text = getattr(criterion, name)
        if text:
            yield (*path, name), text


def scale_texts(rubric: Rubric, criterion: Criterion, *, bands: bool = True) -> Iterator[Text]:
    """The labels and descriptions of its levels, and (with `bands`) the labels of its bands."""
    path = (*criterion_path(rubric, criterion), "scale")
    scale = criterion.scale
    if isinstance(scale, LevelsScale):
        for key, level in scale.levels.items():
            yield (*path, "levels", key, "label"), level.label
            if level.description:
                yield (*path, "levels", key, "description"), level.description
    elif isinstance(scale, BandsScale) and bands:
        for i, band in enumerate(scale.bands):
            if band.label:
                yield (*path, "bands", i, "label"), band.label


def all_texts(rubric: Rubric) -> list[Text]:
    """Every text of the rubric, a scale shared by several criteria read once."""
    out: list[Text] = []
    if not rubric.flat:
        for i, section in enumerate(rubric.sections):
            out += [(("sections", i, name), getattr(section, name)) for name in ("title", "description")
                    if getattr(section, name)]
    out += [(("gates", i, "title"), gate.title) for i, gate in enumerate(rubric.gates)]
    seen: set[int] = set()
    for criterion in rubric.criteria:
        out += criterion_texts(rubric, criterion)
        if id(criterion.scale) not in seen:
            seen.add(id(criterion.scale))
            out += scale_texts(rubric, criterion)
    return out


def containing(texts: list[Text], words: tuple[str, ...]) -> Iterator[tuple[tuple[PathKey, ...], str, str]]:
    """Each text holding any of `words`, with the first such word (plain substring match)."""
    for path, text in texts:
        hit = next((w for w in words if w in text), None)
        if hit is not None:
            yield path, text, hit
