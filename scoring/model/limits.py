"""Every bound on input, in one place, each with the reason it exists.

Anything beyond a bound is a located error (exit 1), found before the value is
expanded or computed with: a hostile or careless file can never crash, hang or
exhaust the machine.
"""

from __future__ import annotations

from decimal import Decimal

# -- files ----------------------------------------------------------------------------

MAX_FILE_BYTES = 256 * 1024 * 1024
"""A rubric, input or CSV file: 50,000 candidates take ~60 MiB; four times that is no real input."""

MAX_YAML_DEPTH = 50
"""Nesting of YAML mappings and lists: a rubric needs under 10; parsers recurse per level."""

MAX_YAML_ALIASES = 100
"""Alias uses (`*name`) in one YAML file, each counting the alias uses inside what it names:
each may expand a whole subtree ("billion laughs")."""

# -- values ---------------------------------------------------------------------------

MAX_MAGNITUDE = Decimal(10) ** 15
"""Numbers stay below 10^15: no price or score is larger, and exact sums stay cheap."""

MAX_DECIMAL_PLACES = 12
"""Places a number may have as written: more is a typo, and bounds the size of exact products."""

MAX_NUMBER_CHARS = 64
"""Length of a number's text: checked before it is parsed, so `1e999999999` costs nothing."""

MAX_TEXT_CHARS = 10_000
"""A title, name, description or answer: a page of text; longer is a pasted file."""

MAX_ID_CHARS = 100
"""An id: ids become file names, which most file systems cap at 255 bytes (100 CJK characters are 300)."""

MAX_SHOWN_CHARS = 60
"""How much of a found value an error message repeats, so a huge value gives a short message."""

MAX_DECIMALS = 6
"""`decimals` is 0 to 6: places beyond a millionth mean nothing on a score."""

MAX_TOTAL = Decimal(10) ** 6
"""`total` is in (0, 10^6]: a score scale beyond a million points is a typo."""

# -- expressions ----------------------------------------------------------------------

MAX_EXPRESSION_CHARS = 2_000
"""A metric or gate check: a long formula fits in a few lines."""

MAX_EXPRESSION_DEPTH = 50
"""Nesting of parentheses and operators: the parser and evaluator recurse per level."""

MAX_ROUND_PLACES = MAX_DECIMAL_PLACES
"""`round(x, n)` takes n from 0 to this: more places than any value may have mean nothing."""

MAX_METRIC_CHAIN = 50
"""Metrics reached one through another from any metric: the engine computes each link by recursion."""

# -- spreadsheets ---------------------------------------------------------------------

MAX_SHEET_ROWS = 100_000
"""Rows in one sheet or CSV file: a candidate table or long-format score file of any real tender."""

MAX_SHEET_COLUMNS = 1_000
"""Columns in one sheet: candidates across a score sheet, criteria across a table."""

MAX_XLSX_UNCOMPRESSED = 256 * 1024 * 1024
"""Bytes a workbook may unpack to, checked from the zip directory before reading: zip bombs stop here."""

MAX_XLSX_RATIO = 200
"""Compression ratio of one workbook member: real XML compresses ~10-20x, a bomb thousands of times."""

MAX_PROBLEMS = 1_000
"""Problems printed from one run: beyond this the file is not the input it claims to be, and
a screenful more helps nobody (the count of the rest is printed)."""

# -- outputs --------------------------------------------------------------------------

MAX_FILE_NAME_BYTES = 200
"""A file name made from an id, suffix included: most file systems cap names at 255 bytes,
and a temporary file's name adds a prefix and `.part` to it."""

MAX_TEMP_STEM_BYTES = 200
"""How much of the target's name a temporary file repeats: with its dot, random part and
suffix it stays under the 255 bytes most file systems allow."""
