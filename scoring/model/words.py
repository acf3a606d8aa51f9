"""Words as people type them: full-width forms, yes/no answers, ids that collide, shown values."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.model.limits import MAX_SHOWN_CHARS

# Full-width ASCII variants U+FF01-U+FF5E sit exactly 0xFEE0 above their ASCII forms;
# U+3000 is the ideographic space. Nothing else is folded: `⑤` and `²` stay what they are.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

YES_WORDS = ("true", "yes", "是")
"""Words read as yes, in any letter case."""
NO_WORDS = ("false", "no", "否")
"""Words read as no, in any letter case."""
PASS_WORDS = ("pass", "通过", "合格")
"""Further words a gate answer may use for yes."""
FAIL_WORDS = ("fail", "不通过", "不合格")
"""Further words a gate answer may use for no."""


def fold_width(text: str) -> str:
    """`text` with full-width forms (U+FF01-U+FF5E) and U+3000 turned into their ASCII forms."""
    return text.translate(_WIDTH)


def yes_no(text: str, *, gate: bool = False) -> bool | None:
    """True or False for a yes/no word (with `gate`, pass/fail words too); None for anything else."""
    word = fold_width(text).strip().lower()
    if word in YES_WORDS or (gate and word in PASS_WORDS):
        return True
    if word in NO_WORDS or (gate and word in FAIL_WORDS):
        return False
    return None


def answer_words(*, gate: bool = False) -> str:
    """The accepted words for a message: `true/false, yes/no or 是/否` (gate words first with `gate`)."""
    pairs = list(zip(YES_WORDS, NO_WORDS, strict=True))
    if gate:
        pairs = list(zip(PASS_WORDS, FAIL_WORDS, strict=True)) + pairs
    words = [f"{yes}/{no}" for yes, no in pairs]
    return f"{', '.join(words[:-1])} or {words[-1]}"


def id_key(text: str) -> str:
    """The key under which two ids collide: the same letters, whatever their case or width."""
    return fold_width(text).casefold()


def id_clashes(ids: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs (first, later) of ids that differ, but only by letter case or width.

    Exact duplicates are left out: callers report those as duplicates.
    """
    first: dict[str, int] = {}
    clashes: list[tuple[int, int]] = []
    for index, ident in enumerate(ids):
        seen = first.setdefault(id_key(ident), index)
        if ids[seen] != ident:
            clashes.append((seen, index))
    return clashes


def _cut(text: str) -> str:
    """`text` cut to MAX_SHOWN_CHARS, with an ellipsis when anything was cut."""
    return text[:MAX_SHOWN_CHARS] + "…" if len(text) > MAX_SHOWN_CHARS else text


def shown(text: str) -> str:
    """`text` quoted for a message (control characters escaped), cut so a huge value stays short."""
    return repr(_cut(text))


def describe(value: object) -> str:
    """How a found value is named in a message: `a mapping`, `a list`, `nothing` or the quoted text."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None or value == "":
        return "nothing"
    if isinstance(value, str):
        return shown(value)
    return _cut(repr(value))


_ID_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_ID_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
# Plain comparisons, not a regular expression: compiling a character class over the CJK planes
# costs milliseconds at every start, and `scoring score` is meant to start fast.


def is_id_character(char: str) -> bool:
    """Whether `char` is in the id alphabet (rubric-format.md): `[A-Za-z0-9_.-]` and the CJK ideograph
    blocks; not every Unicode letter, so look-alikes such as Cyrillic `а` never make a second id."""
    if char in _ID_ASCII:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _ID_BLOCKS)


def is_id(text: str) -> bool:
    """Whether `text` (already width-folded) is an id: one or more characters of the id alphabet."""
    return bool(text) and all(map(is_id_character, text))
