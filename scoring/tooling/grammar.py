"""The grammars of numbers, percents, ids and yes/no words as anchored patterns for the schema.

They mean the same in ECMA-262 (editors) and Python's `re` (the tests): explicit ranges, no
`\\d`, `\\w` or `\\p{…}`. Full-width forms are taken because the parser folds them to ASCII first.
"""

from __future__ import annotations

from scoring.model.words import NO_WORDS, YES_WORDS

_DIGIT = "[0-9\\uff10-\\uff19]"
_SIGN = "[+\\-\\uff0b\\uff0d]"
_DOT = "[.\\uff0e]"
_PLAIN = f"{_SIGN}?(?:{_DIGIT}+(?:{_DOT}{_DIGIT}*)?|{_DOT}{_DIGIT}+)(?:[eE\\uff25\\uff45]{_SIGN}?{_DIGIT}+)?"
_GROUPED = f"{_SIGN}?[1-9\\uff11-\\uff19]{_DIGIT}{{0,2}}(?:[,\\uff0c]{_DIGIT}{{3}})+(?:{_DOT}{_DIGIT}+)?"
_BODY = f"(?:{_PLAIN}|{_GROUPED})"

NUMBER = f"^\\s*{_BODY}\\s*$"
"""A number as `read_number` takes it: `4.5`, `-2`, `1e3`, `380,000`, full-width digits."""
PERCENT = f"^\\s*{_BODY}\\s*[%\\uff05]\\s*$"
"""A percent literal: `40%`, `40 %`, `12.5%`, `４０％`."""
NUMBER_OR_PERCENT = f"^\\s*{_BODY}\\s*(?:[%\\uff05]\\s*)?$"
"""A number or a percent literal."""
DIGITS = f"^\\s*\\+?{_DIGIT}+(?:{_DOT}0*)?\\s*$"
"""A whole number written as text."""
# The parser's id alphabet also takes the CJK Extension B–H ideographs (beyond U+FFFF); an ECMA
# pattern without the `u` flag cannot name them the way Python does, so the schema leaves them out.
ID = (
    "^[A-Za-z0-9_.\\-\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"
    "\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a\\uff3f\\uff0e\\uff0d]+$"
)
"""An id: letters, digits, `_`, `.`, `-` and Chinese characters."""


def _any_case(word: str) -> str:
    """`word` in any letter case: `[Tt][Rr][Uu][Ee]`."""
    return "".join(_letter(c) if c.upper() != c.lower() else c for c in word)


def _letter(c: str) -> str:
    """One ASCII letter in either case, half- or full-width (the parser folds the width)."""
    forms = (c.upper(), c.lower(), chr(ord(c.upper()) + 0xFEE0), chr(ord(c.lower()) + 0xFEE0))
    return "[" + "".join(f if f.isascii() else f"\\u{ord(f):04x}" for f in forms) + "]"


YES_NO = "^\\s*(?:" + "|".join(_any_case(w) for w in (*YES_WORDS, *NO_WORDS)) + ")\\s*$"
"""A yes/no word the validator accepts, in any letter case."""
