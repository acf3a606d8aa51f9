"""Hostile and broken YAML: every bound is a located error found before anything is
expanded, and the fast reader for big files means exactly what the safe reader means."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scoring.load import fastyaml, yamlfile
from scoring.load.yamlfile import Tree, YamlSyntaxError, load_yaml, parse_yaml
from scoring.model.limits import MAX_FILE_BYTES

MIB = 1 << 20

# Nine "lol"s, then eight levels each naming the one above nine times: 9**9 strings if expanded.
LAUGHS = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    b"%c: &%c [%s]\n" % (98 + i, 98 + i, b",".join([b"*%c" % (97 + i)] * 9)) for i in range(8)
)


def problem(source: bytes, name: str = "t.yaml") -> str:
    """The one problem `parse_yaml` reports for `source`."""
    with pytest.raises(YamlSyntaxError) as err:
        parse_yaml(source, name)
    return str(err.value.problem)


def test_billion_laughs_stops_at_the_alias_that_crosses_the_bound() -> None:
    # An alias counts itself and the alias uses inside what it names: line 2 uses *a nine
    # times (9); on line 3 each *b counts 1 + 9 = 10, nine of them make 9 + 90 = 99; on line
    # 4 the first *c counts 1 + 90 = 91, so 190 > 100 at `d: &d [` + 1 = column 8.
    assert problem(LAUGHS) == "t.yaml:4:8: more than 100 alias uses (*c)"


def test_billion_laughs_is_fast_and_small_in_a_subprocess(tmp_path: Path) -> None:
    file = tmp_path / "laughs.yaml"
    file.write_bytes(LAUGHS)
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: 9**9 strings need far more
        from scoring.load.yamlfile import YamlSyntaxError, load_yaml
        try:
            load_yaml({str(file)!r}, name="laughs.yaml")
        except YamlSyntaxError as exc:
            print(exc.problem)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "laughs.yaml:4:8: more than 100 alias uses (*c)\n"


def test_alias_uses_up_to_the_bound_are_read() -> None:
    uses = lambda n: b"a: &x 1\nb: [" + b", ".join([b"*x"] * n) + b"]\n"  # noqa: E731
    data = parse_yaml(uses(100), "t.yaml").data
    assert isinstance(data, dict) and data["b"] == ["1"] * 100
    # `b: [` is 4 characters and each `*x, ` 4 more: the 101st alias is at 5 + 100 * 4 = 405.
    assert problem(uses(101)) == "t.yaml:2:405: more than 100 alias uses (*x)"


def test_block_nesting_beyond_the_bound() -> None:
    # Line 1 opens the root mapping (level 1); line i + 1 holds key `k` indented i spaces,
    # whose value mapping on the next line is level i + 1. Level 51 starts on line 51 at
    # column 51 (50 spaces of indentation).
    deep = lambda levels: b"a:\n" + b"".join(b" " * i + b"k:\n" for i in range(1, levels))  # noqa: E731
    parse_yaml(deep(50), "t.yaml")  # 50 levels: within the bound
    assert problem(deep(51)) == "t.yaml:51:51: nested deeper than 50 levels"


def test_flow_nesting_beyond_the_bound() -> None:
    assert isinstance(parse_yaml(b"[" * 50 + b"]" * 50, "t.yaml").data, list)
    # The 51st `[` is the 51st character.
    assert problem(b"[" * 51 + b"]" * 51) == "t.yaml:1:51: nested deeper than 50 levels"


def test_600000_brackets_never_reach_rapidyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    ryml = pytest.importorskip("ryml")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rapidyaml was handed a file nested too deeply")

    monkeypatch.setattr(ryml, "parse_in_arena", refuse)
    source = b"[" * 600_000 + b"]" * 600_000
    assert len(source) >= yamlfile.FAST_PATH_BYTES
    # libyaml scans brackets ahead of its events and refuses the 1,001st level itself.
    assert problem(source) == "t.yaml:1:1001: nested deeper than 50 levels"
    assert problem(b"[" * 600_000) == "t.yaml:1:1001: nested deeper than 50 levels"


def test_deep_nesting_in_a_big_file_is_refused_the_same_way() -> None:
    # 51 levels of block nesting after 1 MiB of ordinary entries: the fast path cannot
    # prove the depth and hands the file on. Line 1 is `filler:` in the root mapping (level
    # 1) and the 1,000 entries take lines 2-1001, so `a:` is line 1002; the line indented j
    # spaces starts level j + 1, so level 51 is line 1002 + 50 = 1052, column 50 + 1 = 51.
    filler = b"filler:\n" + b"".join(b"- '%s'\n" % (b"x" * 1100) for _ in range(1000))
    deep = b"a:\n" + b"".join(b" " * i + b"k:\n" for i in range(1, 51))
    assert len(filler) >= MIB
    assert problem(filler + deep) == "t.yaml:1052:51: nested deeper than 50 levels"


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # a sparse file: no disk, no reading
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(sparse, name="huge.yaml")
    assert str(err.value.problem) == "huge.yaml: the file is larger than 256 MiB; no rubric or input is this large"


def test_non_utf8_nul_and_control_characters_are_located() -> None:
    # "a: caf" is six characters, so the Latin-1 é is column 7.
    assert problem(b"a: caf\xe9\n") == "t.yaml:1:7: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    assert problem(b"a: b\x00c\n") == "t.yaml:1:5: control character U+0000 is not allowed in YAML text"
    assert problem(b"a: \xe7\x94\xb2\x1b[31m\n") == "t.yaml:1:5: control character U+001B is not allowed in YAML text"
    assert problem(b"\xff\xfea\x00:\x00") == "t.yaml:1:1: the file is not UTF-8 text (byte 0xff); save it as UTF-8"


def test_utf8_is_checked_across_the_chunks_of_a_big_file() -> None:
    # A comment line of 2 + (2**20 - 3) bytes puts 甲's three bytes across the 1 MiB mark;
    # the file is valid, and a bad byte on the next line is still found at its place.
    pad = b"# " + b"x" * (MIB - 3) + "甲\n".encode()
    assert parse_yaml(pad + b"a: 1\n", "t.yaml").data == {"a": "1"}
    assert problem(pad + b"a: caf\xe9\n") == "t.yaml:2:7: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_empty_files_and_folders_are_clear_errors(tmp_path: Path) -> None:
    assert problem(b"") == "t.yaml: the file is empty; expected a YAML mapping"
    assert problem(b"# nothing but a comment\n\n") == "t.yaml: the file is empty; expected a YAML mapping"
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(tmp_path, name="rubrics")
    assert str(err.value.problem) == "rubrics: cannot read the file: it is a folder"


def test_a_second_document_is_an_error_through_either_reader() -> None:
    small = b"a: 1\n---\nb: 2\n"
    assert problem(small) == "t.yaml:2:1: invalid YAML: a second document starts here; a file holds one"
    big = small + b"# " + b"x" * MIB + b"\n"
    assert problem(big) == problem(small)


def test_typical_big_files_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ryml")

    def refuse(*args: object) -> Tree:
        raise AssertionError("the safe reader was used")

    monkeypatch.setattr(yamlfile, "_build", refuse)
    entry = "- {id: cand-%05d, name: \"O'Brien, R&D 甲公司 %d\", facts: {price: '1,280,000', months: 3}}\n"
    source = "".join(entry % (i, i) for i in range(15_000)).encode()
    assert len(source) >= MIB
    data = parse_yaml(source, "t.yaml").data
    assert isinstance(data, list) and data[7] == {
        "id": "cand-00007", "name": "O'Brien, R&D 甲公司 7", "facts": {"price": "1,280,000", "months": "3"},
    }


# -- one meaning through either reader ------------------------------------------------

TRICKY = ["~", "null", "Null", "NULL", "nULL", "", "yes", "no", "on", "true", "True", "0.10", ".5", "5.", "-.5",
          "+2.5", "010", "1e3", "1,280,000", "40%", "４０％", "甲公司", "O'Brien", "a: b", "a #b", "#x", "- x",
          "[x]", "{x}", "&a", "*a", "!x", "@x", "`x", "%x", "|", ">", "?", "<<", "---", "...", "a\\b", "2024-01-02",
          "12:30", "x,y", "'", '"', "é", "\u3000"]
WORDS = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.sampled_from("ab1 :,-#'\"[]{}&*!.~甲é\\"), max_size=6),  # anything
    st.text(st.sampled_from("ab1 :,-'\".%_甲é"), max_size=6),  # what the fast path may take
)


def scalar(text: str, style: str) -> str:
    """`text` as a plain, single- or double-quoted YAML scalar (plain may well be invalid)."""
    if style == "'":
        return "'" + text.replace("'", "''") + "'"
    if style == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


SCALARS = st.builds(scalar, WORDS, st.sampled_from(["", "", "'", '"']))


def flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Flow sequences and mappings of `children`."""
    items = st.lists(children, max_size=4)
    pairs = st.lists(st.tuples(SCALARS, children), max_size=4)
    return st.one_of(
        items.map(lambda xs: "[" + ", ".join(xs) + "]"),
        pairs.map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
    )


FLOW = st.recursive(SCALARS, flow, max_leaves=8)


def block(value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Lines of a block mapping or sequence, whose values are flow nodes or nested blocks."""
    entry = st.one_of(value.map(lambda v: [v]), st.deferred(lambda: BLOCK))

    def lines(items: list[tuple[str, list[str]]]) -> list[str]:
        out: list[str] = []
        for lead, body in items:
            if len(body) == 1 and not body[0].startswith(" "):
                out.append(f"{lead} {body[0]}")
            else:
                out.append(lead)
                out.extend("  " + line for line in body)
        return out

    mapping = st.lists(st.tuples(SCALARS.map(lambda k: f"{k}:"), entry), min_size=1, max_size=4).map(lines)
    sequence = st.lists(st.tuples(st.just("-"), entry), min_size=1, max_size=4).map(lines)
    return st.one_of(mapping, sequence)


BLOCK: st.SearchStrategy[list[str]] = block(FLOW)
DOCUMENTS = st.one_of(FLOW, BLOCK.map("\n".join))


def outcome(source: bytes, *, safe: bool = False) -> Tree | str:
    """The tree, or the problem reported; with `safe`, through the safe reader alone."""
    with pytest.MonkeyPatch.context() as patch:
        if safe:
            patch.setattr(yamlfile, "FAST_PATH_BYTES", 1 << 62)
        try:
            return parse_yaml(source, "t.yaml").data
        except YamlSyntaxError as exc:
            return str(exc.problem)


def pad(text: bytes, padding: str) -> bytes:
    """`text` grown past 1 MiB: a long comment after it, or under `doc:` before 1,100 long entries."""
    if padding == "comment":
        return text + b"\n# " + b"x" * MIB + b"\n"
    lines = b"".join(b"  " + line + b"\n" for line in text.splitlines())
    return b"doc:\n" + lines + b"filler:\n" + b"- '%s'\n" % (b"x" * 1000) * 1100


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.sampled_from(["comment", "entries"]))
def test_padded_past_1_mib_means_what_the_safe_reader_reads(document: str, padding: str) -> None:
    pytest.importorskip("ryml")
    text = document.encode()
    padded = pad(text, padding)
    fast = fastyaml.fast_parse(padded)
    event("fast path" if fast is not None else "safe path")
    got = outcome(padded)
    # The same bytes give the same tree or the same located error through either reader...
    assert got == outcome(padded, safe=True)
    if fast is not None:
        assert fast == got
    # ...and the document means there what it means in a small file.
    small = outcome(text if padding == "comment" else b"doc:\n" + text.replace(b"\n", b"\n  ").join([b"  ", b""]), safe=True)
    if not isinstance(small, str) and not isinstance(got, str):
        assert (got if padding == "comment" else got["doc"]) == (small if padding == "comment" else small["doc"])  # type: ignore[index]


@pytest.mark.parametrize("document", ["{null: a #b}", "a: b\t#c"])
def test_a_comment_the_fast_reader_could_read_as_text_goes_to_the_safe_reader(document: str) -> None:
    pytest.importorskip("ryml")
    padded = pad(document.encode(), "comment")
    # YAML makes ` #` a comment inside a flow mapping too, so libyaml finds `{null: a` unclosed;
    # rapidyaml read `a #b` as the value. A tab before `#` is left to the safe reader as well.
    assert fastyaml.fast_parse(padded) is None
    assert outcome(padded) == outcome(padded, safe=True)


@pytest.mark.parametrize("document", ["[1:]", "{a:}", "x: [a:, b]", "x: {k:[1]}", "[a:?]"])
def test_a_colon_before_a_flow_indicator_goes_to_the_safe_reader(document: str) -> None:
    pytest.importorskip("ryml")
    padded = pad(document.encode(), "comment")
    # libyaml stops at `x:` followed by one of `,?[]{}` in a flow collection ("found unexpected
    # ':'"); rapidyaml read `[1:]` as [{'1': ''}]. Found by the property test above.
    assert fastyaml.fast_parse(padded) is None
    got = outcome(padded)
    assert isinstance(got, str) and "found unexpected ':'" in got
    assert got == outcome(padded, safe=True)
