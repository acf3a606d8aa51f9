"""Fuzzing the library: whatever YAML, CSV or XLSX comes in, only our own errors come out.

Generated rubrics, inputs, candidate tables and score sheets, valid and broken, go through
`load_rubric`, `load_input`, `evaluate` and the `--scores` reader (`read_data`). Each must
succeed or raise a `ScoringError`; anything else (a KeyError, a RecursionError, a hang) is
a defect. Example counts are kept low so the file runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from conftest import DATA, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring
from scoring.pipeline import read_data

SPEC_RUBRIC = DATA / "spec" / "rubric.yaml"
SPEC_INPUT = DATA / "spec" / "input.yaml"
FACTS_RUBRIC = ROOT / "tests" / "hostile" / "facts.yaml"
UNSCORED = ROOT / "tests" / "hostile" / "unscored.yaml"
"""The spec input without scores, naming three evaluators: score files bring their scores."""
EXAMPLE_SECONDS = 10
"""One example taking longer than this is a hang, not slowness: real files of this size take milliseconds."""

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])

KEYS = ["id", "title", "total", "decimals", "subject", "locale", "evaluators", "method", "trim", "roles", "gates",
        "check", "metrics", "scales", "levels", "points", "label", "sections", "weight", "criteria", "scale", "direct",
        "min", "max", "bands", "linear", "ratio", "rank", "order", "first", "middle", "last", "grades", "tie-break",
        "value", "rounding", "candidates", "facts", "scores", "name", "role", "rubric", "superior", "peer", "wang", "li",
        "vendor-a", "multi-org", "solution", "license-fee", "implementation_months", "full", "partial", "none"]
"""Words of the rubric and input formats, so random trees often reach deep into the readers."""

NASTY = ["", "~", "null", "NULL", "0", "-0", "00", "1e999999999", "1e70", "-1e70", "NaN", "sNaN", ".inf", "-.inf",
         "Infinity", "40%", "４０％", "100%", "0%", "-40%", "150%", "%", "1,280,000", "1,28,0", "1,280,000.50",
         "0.1234567890123", "9" * 70, "yes", "no", "on", "off", "是", "否", "pass", "fail", "通过", "full", "partial",
         "部分满足", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\x1b[31m", "\x00", "\t", "round(x, 100)",
         "round(x, -1)", "a / 0", "(" * 60 + "1" + ")" * 60, "+".join(["1"] * 1000), "x * x", "clv / 2",
         "average_order_value", "lowest", "highest", "lowest-first", "mean", "median", "weighted", "trimmed-mean",
         "../evil", "/tmp/abs", ".x", "v" * 300, "甲" * 100, "&a x", "*a", "!!python/object:os.system", "<<: *a"]
"""Values that broke, or could break, a reader: bounds, encodings, spreadsheet formulas, ids as paths."""

NUMBERS = ["1e70", "1e999999999", "-1", "0", "27", "Infinity", "NaN", "9" * 70, "0.1234567890123", "150%", "-40%",
           "0%", "1,280,000", "４０％", "1e-999999", "100", "5"]
"""Hostile numbers first: hypothesis favours the start of a list, and these broke the engine before."""
EXPRESSIONS = ["round(x, 100)", "(" * 200 + "1" + ")" * 200, "+".join(["1"] * 1000), "1 / 0", "x * 0", "clv / 2",
               "implementation_months * implementation_months", "average_order_value > 0"]
"""Hostile expressions for a swapped `check` or metric."""

scalars = st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none())
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=4)), max_leaves=25)


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail an example that runs longer than `seconds`: a hang is a defect like any other."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"one example ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def only_our_errors(action: Callable[[], object]) -> None:
    """Run `action`; success and `ScoringError` are fine, anything else fails the test."""
    with time_limit(EXAMPLE_SECONDS), contextlib.suppress(scoring.ScoringError):
        action()


@contextmanager
def written(name: str, data: bytes) -> Iterator[Path]:
    """`data` as a file called `name` in a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _replace_at(tree: Any, draw: Callable[..., Any]) -> Any:
    """`tree` with one node, chosen at random (mostly deep down), replaced by a random value or tree."""
    descend = draw(st.integers(0, 9)) < 8  # mostly a leaf: the subtle cases are one bad value in a good file
    if isinstance(tree, dict) and tree and descend:
        key = draw(st.sampled_from(sorted(tree, key=str)))
        return {**tree, key: _replace_at(tree[key], draw)}
    if isinstance(tree, list) and tree and descend:
        i = draw(st.integers(0, len(tree) - 1))
        return [*tree[:i], _replace_at(tree[i], draw), *tree[i + 1:]]
    return draw(st.one_of(scalars, scalars, trees))


def _dump(tree: Any) -> bytes:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def mutated_text(draw: Callable[..., Any], source: Path) -> bytes:
    """The text of `source` with a few random cuts, insertions and swaps."""
    text = source.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "insert", "swap-lines", "indent"]))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(NASTY + [":", "- ", "{", "[", "\n", "'", '"', "#", "  "]),
                                              st.text(max_size=6))) + text[at:]
        elif kind == "indent":
            text = text[:at] + "\n" + " " * draw(st.integers(0, 9)) + text[at:]
        else:
            lines = text.splitlines()
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text.encode("utf-8", errors="surrogatepass") if draw(st.booleans()) else text.encode("gb18030", errors="replace")


@st.composite
def replaced_tree(draw: Callable[..., Any], source: Path) -> bytes:
    """`source` parsed, with one random subtree replaced by a random key/value tree, dumped again."""
    return _dump(_replace_at(yaml.safe_load(source.read_text(encoding="utf-8")), draw))


def _leaves(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(tree, dict):
        return [p for k, v in tree.items() for p in _leaves(v, (*path, k))]
    if isinstance(tree, list):
        return [p for i, v in enumerate(tree) for p in _leaves(v, (*path, i))]
    return [path]


@st.composite
def swapped_leaves(draw: Callable[..., Any], source: Path) -> bytes:
    """`source` parsed, with one to four of its values (a total, a weight, a check...) made hostile."""
    tree = yaml.safe_load(source.read_text(encoding="utf-8"))
    leaves = sorted(_leaves(tree), key=len)  # top-level values (total, decimals) first: hypothesis favours them
    for path in draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=4, unique=True)):
        node = tree
        for step in path[:-1]:
            node = node[step]
        old = str(node[path[-1]])
        # A value is replaced by one of its own kind mostly: a number by a hostile number, a formula by a hostile formula.
        kind = NUMBERS if old[:1].isdigit() or old[:1] == "-" else EXPRESSIONS if " " in old and path[-1] == "check" else NASTY
        node[path[-1]] = draw(st.one_of(st.sampled_from(kind), st.sampled_from(kind), st.sampled_from(NASTY), scalars))
    return _dump(tree)


def yaml_files(source: Path) -> st.SearchStrategy[bytes]:
    swapped = swapped_leaves(source)
    return st.one_of(swapped, swapped, swapped, mutated_text(source), replaced_tree(source), trees.map(_dump),
                     st.binary(max_size=200))


def _load_and_evaluate(rubric_file: Path, input_file: Path) -> None:
    rubric = scoring.load_rubric(rubric_file)
    scoring.evaluate(rubric, scoring.load_input(input_file, rubric))


@FUZZ
@given(yaml_files(SPEC_RUBRIC))
def test_rubric_yaml(data: bytes) -> None:
    with written("rubric.yaml", data) as path:
        only_our_errors(lambda: _load_and_evaluate(path, SPEC_INPUT))


@FUZZ
@given(yaml_files(SPEC_INPUT), st.booleans())
def test_input_yaml(data: bytes, allow_missing: bool) -> None:
    rubric = scoring.load_rubric(SPEC_RUBRIC)
    with written("input.yaml", data) as path:
        only_our_errors(lambda: scoring.evaluate(rubric, scoring.load_input(path, rubric), allow_missing=allow_missing))
        only_our_errors(lambda: scoring.load_input(path))  # without a rubric to check against


# -- CSV ----------------------------------------------------------------------------------

CELLS = st.one_of(st.sampled_from(NASTY + ["vendor-a", "vendor-b", "wang", "li", "solution", "multi-org", "4.5", "3",
                                           "380000", "甲公司"]), st.text(max_size=10))
TABLE_HEADERS = ["id", "name", "price", "months", "gate:delivery", "gate:x", "license-fee", "implementation_months", "ID", ""]


def _csv(rows: list[list[str]], separator: str = ",") -> str:
    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell
    return "\n".join(separator.join(quote(c) for c in row) for row in rows) + "\n"


@st.composite
def csv_bytes(draw: Callable[..., Any], header: list[str]) -> bytes:
    """A CSV text under `header` (sometimes mangled), in one of the encodings users send."""
    head = draw(st.one_of(st.just(header), st.lists(st.one_of(st.sampled_from(TABLE_HEADERS), CELLS), max_size=6)))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(head) + 2), max_size=6))
    text = _csv([head, *rows], draw(st.sampled_from([",", ",", ";", "\t"])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    return draw(st.one_of(st.just(data), st.binary(max_size=100)))


@FUZZ
@given(csv_bytes(["id", "name", "price", "months"]))
def test_candidate_table_csv(data: bytes) -> None:
    rubric = scoring.load_rubric(FACTS_RUBRIC)
    with written("table.csv", data) as path:
        only_our_errors(lambda: scoring.evaluate(rubric, read_data(rubric, path)))


@FUZZ
@given(csv_bytes(["candidate", "evaluator", "criterion", "value"]), st.booleans())
def test_long_scores_csv(data: bytes, allow_missing: bool) -> None:
    rubric = scoring.load_rubric(SPEC_RUBRIC)
    with written("scores.csv", data) as path:
        only_our_errors(lambda: scoring.evaluate(
            rubric, read_data(rubric, UNSCORED, [path], allow_missing=allow_missing), allow_missing=allow_missing))


# -- XLSX ----------------------------------------------------------------------------------

XLSX_VALUES = st.one_of(CELLS, st.integers(-10**16, 10**16), st.floats(allow_nan=True, allow_infinity=True),
                        st.booleans(), st.none(), st.sampled_from(["=1+1", "=A1", "=1/0", "=HYPERLINK(\"x\")"]),
                        st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)))


def _cell_value(value: object) -> object:
    # openpyxl refuses control characters in cell text; a file from elsewhere could hold them,
    # but openpyxl cannot write such a file for us.
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@st.composite
def workbooks(draw: Callable[..., Any]) -> bytes:
    """A random workbook: a few sheets (maybe hidden, maybe `_scoring`), random cells."""
    from openpyxl import Workbook

    wb = Workbook()
    for index in range(draw(st.integers(1, 3))):
        ws = wb.active if index == 0 else wb.create_sheet()
        assert ws is not None
        title = draw(st.sampled_from(["Sheet", "_scoring", "评分", "Scores", "s"]))
        ws.title = title if index == 0 else f"{title}{index}"  # sheet titles must differ
        ws.sheet_state = draw(st.sampled_from(["visible", "visible", "hidden"]))
        for row in draw(st.lists(st.lists(XLSX_VALUES, max_size=6), max_size=6)):
            ws.append([_cell_value(v) for v in row])
    if all(ws.sheet_state == "hidden" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"  # openpyxl cannot save a workbook with no visible sheet
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _real_score_sheet() -> bytes:
    """A score sheet as `scoring sheet` writes it for the spec rubric and input."""
    from scoring.render.sheets import write_sheets

    rubric = scoring.load_rubric(SPEC_RUBRIC)
    with tempfile.TemporaryDirectory() as folder:
        [path] = write_sheets(rubric, read_data(rubric, UNSCORED), ["zhao"], folder)
        return Path(path).read_bytes()


REAL_SHEET = _real_score_sheet()


@st.composite
def filled_sheets(draw: Callable[..., Any]) -> bytes:
    """The real score sheet with random cells typed into it (its record says which rubric it is for)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(REAL_SHEET))
    for _ in range(draw(st.integers(0, 8))):
        ws = wb.worksheets[draw(st.integers(0, len(wb.worksheets) - 1))]
        ws.cell(draw(st.integers(1, 8)), draw(st.integers(1, 7))).value = _cell_value(draw(XLSX_VALUES))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@st.composite
def mutated_bytes(draw: Callable[..., Any], source: bytes) -> bytes:
    """`source` with a few bytes flipped, a piece cut out, or cut short."""
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


XLSX_FILES = st.one_of(workbooks(), filled_sheets(), mutated_bytes(REAL_SHEET), st.binary(max_size=200))


@FUZZ
@given(XLSX_FILES)
def test_candidate_table_xlsx(data: bytes) -> None:
    rubric = scoring.load_rubric(FACTS_RUBRIC)
    with written("table.xlsx", data) as path:
        only_our_errors(lambda: scoring.evaluate(rubric, read_data(rubric, path)))


@FUZZ
@given(XLSX_FILES, st.booleans())
def test_score_sheet_xlsx(data: bytes, allow_missing: bool) -> None:
    rubric = scoring.load_rubric(SPEC_RUBRIC)
    with written("zhao.xlsx", data) as path:
        only_our_errors(lambda: scoring.evaluate(
            rubric, read_data(rubric, UNSCORED, [path], allow_missing=allow_missing), allow_missing=allow_missing))
