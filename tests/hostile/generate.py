"""Write the hostile inputs that are too large, too binary or too odd to commit.

`build(folder)` writes every file named in `GENERATED` into `folder`; the tests call it
once per session and copy what each case needs. Nothing here is bigger on disk than a
few hundred kilobytes except the >1 MiB YAML, which only exists at test time.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE.parent / "data" / "spec"
TABLE_HEADER = "id,name,price,months\n"
"""The columns of a candidate table for `facts.yaml`."""


def _deep_1mib(path: Path) -> None:
    # 600,000 nested `[` after a comment that pads the file past 1 MiB, so the fast reader takes it.
    path.write_text("# " + "x" * 600_000 + "\ntitle: " + "[" * 600_000 + "\n", encoding="utf-8")


def _deep_small(path: Path) -> None:
    # 5,000 nested lists in 10 KB: the small-file reader's recursion, not its size, is at stake.
    path.write_text("title: " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")


def _deep_block(path: Path) -> None:
    # 60 levels of well-formed block mappings: valid YAML, deeper than MAX_YAML_DEPTH (50).
    lines = [f"{'  ' * i}k{i}:" for i in range(60)]
    path.write_text("\n".join(lines) + " leaf\n", encoding="utf-8")


def _spec_with_title(path: Path, title: bytes) -> None:
    spec = (SPEC / "rubric.yaml").read_bytes()
    path.write_bytes(spec.replace("title: CRM系统选型评分标准".encode(), b"title: " + title))


def _not_utf8(path: Path) -> None:
    # Latin-1 bytes (0xE9) that are neither UTF-8 nor GB18030.
    _spec_with_title(path, b"Caf\xe9 r\xe9sum\xe9")


def _nul(path: Path) -> None:
    _spec_with_title(path, b"CRM\x00selection")


def _gb18030(path: Path) -> None:
    # What Chinese Excel saves: must simply be read.
    text = TABLE_HEADER + "vendor-a,甲公司（北京）,380000,3\nvendor-b,乙公司,420000,4\n"
    path.write_bytes(text.encode("gb18030"))


def _names_control(path: Path) -> None:
    names = ["\x1b[2J\x1b[31mRED\x1b[0m", "bell\x07back\x08space", "nul\x00name", "vt\x0bff\x0c"]
    rows = [f'vendor-{i},"{name}",{380000 + i * 10000},3' for i, name in enumerate(names)]
    path.write_text(TABLE_HEADER + "\n".join(rows) + "\n", encoding="utf-8", newline="")


def _names_control_spec(path: Path) -> None:
    # The same names in a table for the spec rubric, which has judged criteria to put on a sheet.
    names = ["\x1b[2J\x1b[31mRED\x1b[0m", "bell\x07back\x08space", "nul\x00name"]
    rows = [f'vendor-{i},"{name}",{380000 + i * 10000},3' for i, name in enumerate(names)]
    path.write_text("id,name,license-fee,implementation_months\n" + "\n".join(rows) + "\n", encoding="utf-8", newline="")


def _id_cjk_long(path: Path) -> None:
    # 100 CJK characters: a valid id (MAX_ID_CHARS) whose UTF-8 file name is 300 bytes > 255.
    path.write_text(TABLE_HEADER + "甲" * 100 + ",甲公司,380000,3\nvendor-b,乙公司,420000,4\n", encoding="utf-8")


def _too_many_columns(path: Path) -> None:
    header = ["id", "name", "price", "months"] + [f"extra{i}" for i in range(1_000)]
    path.write_text(",".join(header) + "\nvendor-a,甲公司,380000,3\n", encoding="utf-8")


def _many_candidates(path: Path) -> None:
    rows = [f"candidate-{i:03},候选{i},{300000 + i},3" for i in range(200)]
    path.write_text("id,name,license-fee,implementation_months\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _unknown_candidate_scores(path: Path) -> None:
    path.write_text("candidate,evaluator,criterion,value\nzzz-nobody,wang,multi-org,full\n", encoding="utf-8")


def _workbook_bytes(rows: list[list[object]], title: str = "Sheet") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rewrite_member(data: bytes, member: str, content: Callable[[zipfile.ZipFile], None] | bytes) -> bytes:
    """`data` (a zip) with `member` replaced by `content` (bytes, or a writer of the new member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
            elif isinstance(content, bytes):
                dst.writestr(member, content)
            else:
                content(dst)
    return out.getvalue()


def _zip_bomb(path: Path) -> None:
    # 512 MiB of blanks inside the sheet XML compress to ~0.5 MB: a ratio near 1,000.
    base = _workbook_bytes([["id", "name", "price", "months"], ["vendor-a", "甲", 380000, 3]])

    def write(dst: zipfile.ZipFile) -> None:
        with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            handle.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main"><sheetData>')
            chunk = b" " * (1 << 20)
            for _ in range(512):
                handle.write(chunk)
            handle.write(b"</sheetData></worksheet>")

    path.write_bytes(_rewrite_member(base, "xl/worksheets/sheet1.xml", write))


def _huge_dimension(path: Path) -> None:
    # Two cells, but the sheet claims (and the last cell sits at) the largest dimension Excel allows.
    base = _workbook_bytes([["id"]])
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (f'<?xml version="1.0"?><worksheet xmlns="{ns}"><dimension ref="A1:XFD1048576"/><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
           '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
           "</sheetData></worksheet>")
    path.write_bytes(_rewrite_member(base, "xl/worksheets/sheet1.xml", xml.encode()))


def _hidden_only(path: Path) -> None:
    # The only sheet is the hidden `_scoring` record of a score sheet: no sheet to read scores from.
    base = _workbook_bytes([["format", "scoring-sheet/1"], ["rubric", "crm-vendor-selection"]], title="_scoring")
    with zipfile.ZipFile(io.BytesIO(base)) as src:
        book = src.read("xl/workbook.xml").decode()
    book = book.replace('state="visible"', 'state="hidden"')
    assert 'state="hidden"' in book
    path.write_bytes(_rewrite_member(base, "xl/workbook.xml", book.encode()))


def _formula_scores(path: Path) -> None:
    # A long-format score file whose value is a formula Excel never computed: no saved value.
    path.write_bytes(_workbook_bytes([["candidate", "evaluator", "criterion", "value"],
                                      ["candidate-000", "wang", "solution", "=2+2"]]))


GENERATED: dict[str, Callable[[Path], None]] = {
    "deep-1mib.yaml": _deep_1mib,
    "deep-small.yaml": _deep_small,
    "deep-block.yaml": _deep_block,
    "not-utf8.yaml": _not_utf8,
    "nul.yaml": _nul,
    "gb18030.csv": _gb18030,
    "names-control.csv": _names_control,
    "names-control-spec.csv": _names_control_spec,
    "id-cjk-long.csv": _id_cjk_long,
    "too-many-columns.csv": _too_many_columns,
    "many-candidates.csv": _many_candidates,
    "unknown-candidate-scores.csv": _unknown_candidate_scores,
    "zip-bomb.xlsx": _zip_bomb,
    "huge-dimension.xlsx": _huge_dimension,
    "hidden-only.xlsx": _hidden_only,
    "formula-scores.xlsx": _formula_scores,
}
"""Each generated file, by name, and the function that writes it."""


def build(folder: Path) -> None:
    """Write every generated file into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, write in GENERATED.items():
        write(folder / name)
