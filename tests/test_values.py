"""How values are read: numbers and their limits, full-width forms, yes/no words, ids and text."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from conftest import D
from hypothesis import given
from hypothesis import strategies as st

from scoring.load.fields import Reader, describe
from scoring.load.places import locate_places, yaml_places
from scoring.model.errors import PathKey, Problem, unknown
from scoring.model.numbers import Amount, NumberError, parse_number, plain, read_number
from scoring.model.words import answer_words, fold_width, id_clashes, id_key, yes_no

# -- read_number: what is a number -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40%", D("0.40")),  # 40 / 100
        ("40 %", D("0.40")),  # a space before % is allowed
        ("12.5%", D("0.125")),  # 12.5 / 100
        ("1,280,000", D("1280000")),  # separators dropped: 1 280 000
        ("1,280,000.50", D("1280000.50")),  # 1 280 000 and 50 hundredths
        ("-1,280", D("-1280")),
        ("380,000", D("380000")),
        ("４０％", D("0.40")),  # full-width 40%: 40 / 100
        ("40％", D("0.40")),  # ASCII digits, full-width percent sign (issue 10)
        ("１，２８０，０００．５０", D("1280000.50")),  # full-width digits, comma and point
        ("\u300042\u3000", D("42")),  # ideographic spaces around are spaces
        ("－３", D("-3")),  # full-width minus
        (".5", D("0.5")),
        ("5.", D("5")),
        ("+3", D("3")),
        ("1.5e-3", D("0.0015")),  # 1.5 / 1000: four places, within twelve
        ("999999999999999", D("999999999999999")),  # 10^15 - 1: the largest whole number allowed
        ("999999999999999.999999999999", D("999999999999999.999999999999")),  # still below 10^15
        ("0.000000000001", D("0.000000000001")),  # 10^-12: exactly twelve places
        ("-0", D("0")),
    ],
)
def test_numbers_read(text: str, expected: Decimal) -> None:
    assert read_number(text) == expected
    assert parse_number(text) == expected


def test_a_zero_with_a_huge_exponent_is_plain_zero() -> None:
    # 0 × 10^999999999 is 0; kept as written, its plain text would be a billion zeros
    assert plain(read_number("0e999999999")) == "0"


NOT_A_NUMBER = "expected a number, got "
GROUPS = "expected a number written like 1,280,000.50: commas only between groups of three digits, got "
BELOW = "expected a number below 10^15 in magnitude, got "
PLACES = "expected a number with at most 12 decimal places, got "
FINITE = "expected a finite number, got "
CURRENCY = "expected a number without a currency sign, got "


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a number, got nothing"),
        ("abc", NOT_A_NUMBER + "'abc'"),
        (".", NOT_A_NUMBER + "'.'"),
        ("e5", NOT_A_NUMBER + "'e5'"),
        ("1_000", NOT_A_NUMBER + "'1_000'"),  # Python's Decimal would take it; people don't write it
        ("⑤", NOT_A_NUMBER + "'⑤'"),  # a circled digit is not folded
        ("2²", NOT_A_NUMBER + "'2²'"),  # nor is a superscript
        ("٣", NOT_A_NUMBER + "'٣'"),  # an Arabic-Indic digit is not a digit here
        ("1,28,000", GROUPS + "'1,28,000'"),  # Indian grouping: not groups of three
        ("1,5", GROUPS + "'1,5'"),  # a decimal comma is never read
        ("0,500", GROUPS + "'0,500'"),  # 0.5 or 500? a first group never starts with 0
        ("1,000e3", GROUPS + "'1,000e3'"),
        ("1e15", BELOW + "'1e15'"),  # exactly 10^15: not below it
        ("-1e15", BELOW + "'-1e15'"),
        ("1000000000000000", BELOW + "'1000000000000000'"),  # 16 digits: 10^15
        ("1e999999999", BELOW + "'1e999999999'"),  # judged on the text; never expanded
        ("1e20%", BELOW + "'1e20%'"),  # the number as written is checked
        ("0.0000000000001", PLACES + "'0.0000000000001'"),  # 13 places
        ("1.500000000000000", PLACES + "'1.500000000000000'"),  # 15 places as written
        ("1e-13", PLACES + "'1e-13'"),  # 0.0000000000001 again: 13 places
        ("1e-999999999", PLACES + "'1e-999999999'"),
        ("NaN", FINITE + "'NaN'"),
        ("nan", FINITE + "'nan'"),
        ("sNaN", FINITE + "'sNaN'"),
        ("inf", FINITE + "'inf'"),
        ("-Infinity", FINITE + "'-Infinity'"),
        ("Infinity%", FINITE + "'Infinity%'"),
        ("$1,000", CURRENCY + "'$1,000'"),
        ("¥380,000", CURRENCY + "'¥380,000'"),
        ("￥380000", CURRENCY + "'￥380000'"),  # the full-width yen sign lies outside U+FF01-U+FF5E
        ("40%%", NOT_A_NUMBER + "'40%%'"),
    ],
)
def test_numbers_refused(text: str, message: str) -> None:
    with pytest.raises(NumberError) as err:
        read_number(text)
    assert str(err.value) == message
    assert parse_number(text) is None


def test_a_percent_where_none_is_allowed() -> None:
    with pytest.raises(NumberError) as err:
        read_number("40%", percent_ok=False)
    assert str(err.value) == "expected a number, not a percent, got '40%'"
    assert read_number("40", percent_ok=False) == D("40")


def test_a_huge_number_gives_a_short_message() -> None:
    # 65 characters: one more than MAX_NUMBER_CHARS; a megabyte is refused the same way
    for text in ("9" * 65, "9" * 1_000_000):
        with pytest.raises(NumberError) as err:
            read_number(text)
        # the value is cut to MAX_SHOWN_CHARS (60) characters and an ellipsis
        assert str(err.value) == "expected a number of at most 64 characters, got '" + "9" * 60 + "…'"


# -- words --------------------------------------------------------------------------------


def test_fold_width() -> None:
    assert fold_width("ＡＢＣｘｙｚ０１９！～％，．") == "ABCxyz019!~%,."
    assert fold_width("a\u3000b") == "a b"
    # only U+FF01-U+FF5E and U+3000: circled and superscript digits, the full-width
    # parentheses U+FF5F and the yen sign U+FFE5 stay what they are
    assert fold_width("⑤²｟￥") == "⑤²｟￥"


@pytest.mark.parametrize(
    ("text", "plain_answer", "gate_answer"),
    [
        ("true", True, True),
        ("TRUE", True, True),
        (" Yes ", True, True),
        ("ｙｅｓ", True, True),  # full-width letters
        ("是", True, True),
        ("false", False, False),
        ("No", False, False),
        ("否", False, False),
        ("pass", None, True),
        ("PASS", None, True),
        ("通过", None, True),
        ("合格", None, True),
        ("fail", None, False),
        ("不通过", None, False),
        ("不合格", None, False),
        ("on", None, None),  # YAML 1.1's bare words are not answers
        ("off", None, None),
        ("y", None, None),
        ("1", None, None),
        ("", None, None),
    ],
)
def test_yes_no_words(text: str, plain_answer: bool | None, gate_answer: bool | None) -> None:
    assert yes_no(text) is plain_answer
    assert yes_no(text, gate=True) is gate_answer


def test_answer_words_for_messages() -> None:
    assert answer_words() == "true/false, yes/no or 是/否"
    assert answer_words(gate=True) == "pass/fail, 通过/不通过, 合格/不合格, true/false, yes/no or 是/否"


def test_id_key_and_clashes() -> None:
    assert id_key("Ｖｅｎｄｏｒ-A") == "vendor-a"
    ids = ["vendor-a", "Vendor-A", "b", "vendor-a", "ｖｅｎｄｏｒ-a", "B"]
    # 1 differs from 0 by case; 3 is an exact duplicate of 0 (left to the caller);
    # 4 differs from 0 by width; 5 differs from 2 by case
    assert id_clashes(ids) == [(0, 1), (0, 4), (2, 5)]
    assert id_clashes(["a", "a", "b"]) == []


def test_describe_cuts_huge_values() -> None:
    assert describe("x" * 1000) == "'" + "x" * 60 + "…'"
    assert describe("x" * 60) == "'" + "x" * 60 + "'"
    assert describe("") == "nothing"
    assert describe({"a": "b"}) == "a mapping"
    assert describe(["a"]) == "a list"
    assert describe("\x1b[2J") == "'\\x1b[2J'"  # escapes reach no terminal


# -- unknown names ---------------------------------------------------------------------------


def test_unknown_suggests_the_closest_names() -> None:
    metrics = ["retention_rate", "resolution_rate", "win_rate", "resolution_time"]
    # retention_rate is far closer than the other *_rate names: it alone is offered
    assert unknown("metric", "retension_rate", metrics) == (
        "unknown metric 'retension_rate', did you mean 'retention_rate'?"
    )
    assert unknown("key", "scael", ["scale", "scales", "title"]) == (
        "unknown key 'scael', did you mean 'scale' or 'scales'?"
    )
    # twelve equally close names: at most five are offered
    vendors = [f"vendor-{c}" for c in "abcdefghijkl"]
    message = unknown("candidate", "vendor-z", vendors)
    assert message.startswith("unknown candidate 'vendor-z', did you mean ")
    assert message.count("'vendor-") == 1 + 5


def test_unknown_lists_only_a_short_list() -> None:
    assert unknown("gate", "zzz", ["b", "a"]) == "unknown gate 'zzz'; expected one of a, b"
    assert unknown("gate", "zzz", []) == "unknown gate 'zzz'; none are defined"
    six = ["bands", "direct", "levels", "linear", "rank", "ratio"]
    assert unknown("key", "stars", six) == "unknown key 'stars'; none of the 6 defined names is close"
    ids = [f"c{i}" for i in range(10_000)]
    message = unknown("candidate", "zzzz", ids)
    assert message == "unknown candidate 'zzzz'; none of the 10000 defined names is close"


def test_unknown_cuts_a_huge_word() -> None:
    assert unknown("key", "k" * 100_000, ["a"]) == "unknown key '" + "k" * 60 + "…'; expected one of a"


# -- Reader ------------------------------------------------------------------------------------

SOURCE = b"v: x\nids: [vendor-a, Vendor-A, vendor-a, b]\n"
# `v: x`: the value of v starts at line 1, column 4


def reading(method: str, value: object, **options: object) -> tuple[object, list[str]]:
    """Call `Reader.<method>(("v",), value)` on a small document; the result and the problems."""
    problems: list[Problem] = []
    reader = Reader("t.yaml", problems)
    result = getattr(reader, method)(("v",), value, **options)
    # the Reader knows key paths only; the file's places give the line and column
    return result, [str(p) for p in locate_places(problems, yaml_places(SOURCE, "t.yaml"), "t.yaml")]


def refused(method: str, value: object, **options: object) -> str:
    """The one located message `Reader.<method>` gives for `value`."""
    result, problems = reading(method, value, **options)
    assert result is None
    assert len(problems) == 1
    assert problems[0].startswith("t.yaml:1:4: v: ")
    return problems[0].removeprefix("t.yaml:1:4: v: ")


def test_reader_number() -> None:
    assert reading("number", "1,280,000.50") == (D("1280000.50"), [])
    assert reading("number", "４０％") == (D("0.40"), [])
    assert refused("number", "1e999999999") == BELOW + "'1e999999999'"
    assert refused("number", "NaN") == FINITE + "'NaN'"
    assert refused("number", "abc") == NOT_A_NUMBER + "'abc'"
    assert refused("number", {"a": "b"}) == "expected a number, got a mapping"
    assert refused("number", "40%", percent_ok=False) == "expected a number, not a percent, got '40%'"


def test_reader_percent() -> None:
    assert reading("percent", "30%") == (D("0.30"), [])
    assert reading("percent", "３０％") == (D("0.30"), [])
    assert refused("percent", "30") == "expected a percent like \"30%\", got '30'"
    assert refused("percent", "x%") == "expected a percent like \"30%\", got 'x%'"
    assert refused("percent", "1e20%") == BELOW + "'1e20%'"
    assert refused("percent", "0.0000000000001%") == PLACES + "'0.0000000000001%'"


def test_reader_amount() -> None:
    assert reading("amount", "60%") == (Amount(D("0.60"), True), [])
    assert reading("amount", "６０％") == (Amount(D("0.60"), True), [])
    assert reading("amount", "３") == (Amount(D("3"), False), [])
    expected = 'expected points as a number like 3 or a percent like "60%", got '
    assert refused("amount", "high") == expected + "'high'"
    assert refused("amount", "inf") == FINITE + "'inf'"


def test_reader_integer() -> None:
    assert reading("integer", "2") == (2, [])
    assert reading("integer", "２") == (2, [])
    assert reading("integer", "3.0") == (3, [])  # a whole number, however written
    assert refused("integer", "-1") == "expected a whole number of at least 0, got '-1'"
    assert refused("integer", "0", minimum=1) == "expected a whole number of at least 1, got '0'"
    assert refused("integer", "2.5") == "expected a whole number of at least 0, got '2.5'"
    assert refused("integer", "2%") == "expected a whole number of at least 0, got '2%'"
    assert refused("integer", "two") == "expected a whole number of at least 0, got 'two'"
    assert refused("integer", "1e999999999") == BELOW + "'1e999999999'"


def test_reader_ident() -> None:
    assert reading("ident", "vendor-a") == ("vendor-a", [])
    assert reading("ident", "ｖｅｎｄｏｒ－ａ") == ("vendor-a", [])  # read as its ASCII form
    assert reading("ident", "技术_1.2") == ("技术_1.2", [])
    assert reading("ident", "x" * 100) == ("x" * 100, [])  # MAX_ID_CHARS exactly
    assert refused("ident", "x" * 101) == "expected an id of at most 100 characters, got 101"
    assert refused("ident", "x" * 20_000) == "expected an id of at most 100 characters, got 20,000"
    bad = "expected an id of letters, digits, '_', '.' or '-', got "
    assert refused("ident", "a b") == bad + "'a b'"
    assert refused("ident", "../x") == bad + "'../x'"
    assert refused("ident", "vendor-\u0430") == bad + "'vendor-а'"  # a Cyrillic а, not a Latin a
    assert refused("ident", "x⑤") == bad + "'x⑤'"
    assert refused("ident", "a\x00") == (
        "expected text without control characters, got 'a\\x00' (U+0000 at character 2)"
    )


def test_reader_text() -> None:
    assert reading("text", "支持多层级管理模式\n\t多业态") == ("支持多层级管理模式\n\t多业态", [])
    assert reading("text", "x" * 10_000) == ("x" * 10_000, [])  # MAX_TEXT_CHARS exactly
    assert refused("text", "x" * 10_001) == "expected text of at most 10,000 characters, got 10,001"
    assert refused("text", "red\x1b[31m") == (
        "expected text without control characters, got 'red\\x1b[31m' (U+001B at character 4)"
    )
    assert refused("text", "a\rb") == "expected text without control characters, got 'a\\rb' (U+000D at character 2)"
    assert refused("text", "abc\u202egpj.exe") == (
        "expected text without control characters, got 'abc\\u202egpj.exe' (U+202E at character 4)"
    )
    assert refused("text", "  ") == "expected text, got nothing"
    assert reading("text", "", required=False) == ("", [])


def test_reader_yes_no() -> None:
    assert reading("yes_no", "是") == (True, [])
    assert reading("yes_no", "No") == (False, [])
    assert reading("yes_no", True) == (True, [])  # from plain data, a bool
    assert reading("yes_no", "通过", gate=True) == (True, [])
    assert reading("yes_no", "不合格", gate=True) == (False, [])
    assert refused("yes_no", "通过") == "expected yes or no (true/false, yes/no or 是/否), got '通过'"
    assert refused("yes_no", "maybe", gate=True) == (
        "expected pass or fail (pass/fail, 通过/不通过, 合格/不合格, true/false, yes/no or 是/否), got 'maybe'"
    )
    assert refused("yes_no", ["yes"]) == "expected yes or no (true/false, yes/no or 是/否), got a list"


def test_reader_unique_ids() -> None:
    problems: list[Problem] = []
    reader = Reader("t.yaml", problems)
    entries: Sequence[tuple[Sequence[PathKey], str]] = [
        (("ids", i), ident) for i, ident in enumerate(["vendor-a", "Vendor-A", "vendor-a", "b"])
    ]
    reader.unique_ids(entries)
    # `ids: [vendor-a, Vendor-A, ...`: ids[1] starts at column 17; ids[2] is an exact duplicate,
    # which callers report, so it is not reported again
    assert [str(p) for p in locate_places(problems, yaml_places(SOURCE, "t.yaml"), "t.yaml")] == [
        "t.yaml:2:17: ids[1]: expected an id that differs from 'vendor-a' by more than letter case "
        "or full-width form, got 'Vendor-A'"
    ]


# -- round trips ------------------------------------------------------------------------------

_FULL = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


@st.composite
def decimals_within_limits(draw: st.DrawFn) -> Decimal:
    """A Decimal below 10^15 in magnitude with at most 12 places."""
    places = draw(st.integers(min_value=0, max_value=12))
    bound = 10 ** (15 + places) - 1  # coefficient × 10^-places stays below 10^15
    return Decimal(draw(st.integers(min_value=-bound, max_value=bound))).scaleb(-places)


@given(decimals_within_limits())
def test_numbers_round_trip(value: Decimal) -> None:
    plain_text = f"{value:f}"
    grouped = f"{value:,f}"  # thousands separators: 1,280,000.50
    assert read_number(plain_text) == value
    assert read_number(grouped) == value
    assert read_number(grouped.translate(_FULL)) == value
    assert read_number(plain_text.translate(_FULL)) == value


@given(decimals_within_limits())
def test_percents_round_trip(value: Decimal) -> None:
    hundredth = value.scaleb(-2)  # "N%" is N / 100, exactly
    assert read_number(f"{value:f}%") == hundredth
    assert read_number(f"{value:,f}％".translate(_FULL)) == hundredth


@pytest.mark.parametrize(("value", "text"), [
    ("5.00", "5"), ("4.250", "4.25"), ("5E+0", "5"), ("1E+2", "100"), ("0.000", "0"), ("-2.50", "-2.5"),
    # 20/3 snapped to 40 places: 6. then thirty-nine 6s and a final 7. Nothing may round it to 28 digits.
    ("6." + "6" * 39 + "7", "6." + "6" * 39 + "7"),
])
def test_plain_trims_zeros_and_keeps_every_digit(value: str, text: str) -> None:
    from scoring.model.numbers import plain

    assert plain(Decimal(value)) == text


@given(st.from_regex(r"[+-]?[0-9]{1,15}(\.[0-9]{1,12})?", fullmatch=True))
def test_plain_numbers_read_alike_on_the_short_path_and_the_full_one(text: str) -> None:
    from scoring.model.numbers import read_number

    # A leading space sends the text through the full reader (strip, fold, shape and limit checks).
    short, full = read_number(text), read_number(" " + text)
    assert (str(short), short) == (str(full), full)
