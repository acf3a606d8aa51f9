"""Turn an `Evaluation` into the JSON of the contract, CSV, or a ranking table for the terminal."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from scoring.model.expr import round_half_up
from scoring.model.numbers import percent_text
from scoring.model.prices import Price
from scoring.model.results import CandidateResult, Evaluation, has_quotas
from scoring.model.review import Agreement
from scoring.model.serialize import flag_text

if TYPE_CHECKING:
    from scoring.model.metrics import Metric


def agreement_text(a: Agreement) -> str:
    """An agreement figure with its one-line reading."""
    if a.value is None:
        return f"{a.criterion}: {a.statistic} undefined: no evaluator's scores vary across the candidates"
    return (f"{a.criterion}: {a.statistic} = {round_half_up(a.value, 2)} ({a.reading} agreement "
            f"of {a.raters} evaluators ranking {a.subjects} candidates)")


def to_json(evaluation: Evaluation, *, working: bool = False) -> str:
    """The JSON document of `Evaluation.to_dict`, characters as themselves."""
    import json  # each format's module only when it is asked for: `score` starts fast

    return json.dumps(evaluation.to_dict(working=working), ensure_ascii=False, indent=2) + "\n"


def to_csv(evaluation: Evaluation) -> str:
    """One row per candidate: rank, id, name, qualification, total, grade, sections, criteria, and
    for each criterion an adjustment names its price, evaluated price and adjustments (procurement.md §4)."""
    rubric = evaluation.rubric
    sections = [s.id for s in rubric.sections if s.id]
    adjusted = evaluation.rubric.adjusted_ids
    criteria = [c.id for c in rubric.criteria]
    priced = [f"{cid}.{part}" for cid in adjusted for part in ("price", "evaluated", "adjustments")]
    buffer = io.StringIO()
    writer = CsvRows(buffer)
    quotas = has_quotas(rubric)  # the grade by score gets a column only where quotas can move it
    writer.writerow(["rank", "id", "name", "qualified", "failed_gates", "total", "grade",
                     *(["grade_by_score"] if quotas else []), *map(inert, sections), *map(inert, criteria),
                     *map(inert, priced)])
    for r in evaluation.candidates:
        who = [inert(r.candidate.id), inert(r.candidate.name)]
        if r.qualified:
            grades = [inert(r.grade or ""), *([inert(r.grade_by_score or "")] if quotas else [])]
            parts = [_fixed(evaluation, s.points) for s in r.sections if s.section.id]
            parts += [_fixed(evaluation, c.points) for c in r.criteria]
            own = evaluation.prices.get(r.candidate.id, {})
            parts += [cell for cid in adjusted for cell in _price_cells(own.get(cid))]
            writer.writerow([r.rank, *who, "yes", "", f"{r.reported_total:f}", *grades, *parts])
        else:
            writer.writerow(["", *who, "no", inert(" ".join(r.failed_gates)),
                             "", "", *([""] if quotas else []), *[""] * (len(sections) + len(criteria) + len(priced))])
    return buffer.getvalue()


def _price_cells(price: Price | None) -> list[str]:
    """A price as given, the evaluated price half-up to 2 decimals (money computed here, as in the
    JSON) and the ids of the adjustments that applied; three empty cells without a price."""
    if price is None:
        return ["", "", ""]
    return [f"{price.price:f}", _money(price.evaluated), inert(" ".join(a.id for a in price.applied))]


def _money(value: Decimal) -> str:
    return f"{round_half_up(value, 2):f}"


class CsvRows:
    """A CSV writer ending rows in `\\n` that still quotes a cell holding a lone `\\r`.

    Python 3.11's csv module quotes only the characters of its line terminator, so with
    `\\n` a carriage return in a name would be written bare and split the row on reading.
    """

    def __init__(self, out: io.StringIO) -> None:
        self.out = out
        import csv

        self.row = io.StringIO()
        self.writer = csv.writer(self.row, lineterminator="\r\n")

    def writerow(self, cells: Iterable[object]) -> None:
        self.row.seek(0)
        self.row.truncate()
        self.writer.writerow(cells)
        self.out.write(self.row.getvalue()[:-2] + "\n")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A text cell no spreadsheet evaluates: one starting like a formula gets a leading `'`.

    Only text from the rubric or input goes through this; our own figures never start
    with one of these characters (scores are not negative).
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def printable(text: str) -> str:
    """Text for the terminal: control characters (ESC, NUL, CR...) shown as `\\xNN`, not obeyed.

    A name holding an ANSI escape could otherwise recolour, hide or rewrite what the
    terminal shows; invisible format characters (a right-to-left override) likewise.
    """
    return "".join(_escaped(c) if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _fixed(evaluation: Evaluation, value: Decimal) -> str:
    return f"{evaluation.round(value):f}"


def to_table(evaluation: Evaluation) -> str:
    """A ranking table: rank, candidate, total, grade and each section; the disqualified below."""
    rubric = evaluation.rubric
    sections = [s for s in rubric.sections if s.id]
    header = ["#", "ID", "Name", "Total", "Grade", *[s.id for s in sections]]
    rows = []
    moved = _moved_by(evaluation)
    for r in evaluation.candidates:
        if r.qualified:
            rows.append([str(r.rank), r.candidate.id, r.candidate.name, f"{r.reported_total:f}",
                         _grade_cell(r, moved.get(r.candidate.id, [])),
                         *[_fixed(evaluation, s.points) for s in r.sections if s.section.id]])
    lines = [rubric.title, ""] + _grid(header, rows, numeric={0, 3, *range(5, len(header))})
    lines += _quota_lines(evaluation)
    lines += _price_lines(evaluation)
    out = [r for r in evaluation.candidates if not r.qualified]
    if out:
        lines += ["", "Disqualified:"]
        lines += [f"  {r.candidate.id} {r.candidate.name}: failed {', '.join(r.failed_gates)}" for r in out]
    moderated = [(r, c) for r in evaluation.candidates for c in r.criteria if c.original is not None]
    if moderated:
        lines += ["", "Moderated:"]
        lines += [f"  {r.candidate.id} {c.criterion.id}: {_fixed(evaluation, c.original or c.points)} -> "
                  f"{_fixed(evaluation, c.points)} ({c.reason})" for r, c in moderated]
    if evaluation.review is not None:
        lines += ["", "Review:"]
        lines += [f"  ! {flag_text(f)}" for f in evaluation.review.flags] or ["  no scores to review"]
        lines += [f"  {agreement_text(a)}" for a in evaluation.review.agreement]
    # Everything printed comes from the rubric or input: escape it all at once.
    return "\n".join(printable(line) for line in lines) + "\n"


def _price_lines(evaluation: Evaluation) -> list[str]:
    """Under the ranking, when the rubric has adjustments (procurement.md §4): each qualified
    candidate an adjustment applied to, with its price, each adjustment and percent, and its
    evaluated price; then each benchmark and the candidates whose value set it."""
    if not evaluation.rubric.adjustments:
        return []
    lines = []
    adjusted = evaluation.rubric.adjusted_ids
    for r in (r for r in evaluation.candidates if r.qualified):
        own = evaluation.prices.get(r.candidate.id, {})
        for cid in (cid for cid in adjusted if cid in own and own[cid].applied):
            p = own[cid]
            cuts = ", ".join(f"{a.id} {percent_text(a.deduct)}" for a in p.applied)
            lines.append(f"  {r.candidate.id} {r.candidate.name} {cid}: price {p.price:f}, {cuts}, "
                         f"evaluated {_money(p.evaluated)}")
    return ["", "Prices:", *(lines or ["  no adjustment applied to a qualified candidate"]),
            *_benchmark_lines(evaluation, adjusted)]


def _benchmark_lines(evaluation: Evaluation, adjusted: Sequence[str]) -> list[str]:
    """`bid-price: 450000.00 set by jia 甲公司` per ratio criterion; an evaluated price is money
    computed here (2 decimals), any other benchmark a value as given."""
    names = {r.candidate.id: r.candidate.name for r in evaluation.candidates}
    lines = []
    for c in evaluation.rubric.criteria:
        if c.id not in evaluation.benchmarks and c.id not in adjusted:
            continue
        mark = evaluation.benchmarks.get(c.id)
        if mark is None:
            lines.append(f"  {c.id}: none, no qualified candidate has a value")
            continue
        value = _money(mark.value) if c.id in adjusted else f"{mark.value:f}"
        who = ", ".join(f"{cid} {names.get(cid, '')}".rstrip() for cid in mark.candidates)
        lines.append(f"  {c.id}: {value} set by {who}")
    return ["", "Benchmarks:", *lines] if lines else []


def _moved_by(evaluation: Evaluation) -> dict[str, list[str]]:
    """By candidate id, the quota rules that moved it, each once, in the order they first did."""
    out: dict[str, list[str]] = {}
    for m in (m for d in evaluation.distribution for m in d.moves):
        rules = out.setdefault(m.candidate, [])
        if m.rule not in rules:
            rules.append(m.rule)
    return out


def _grade_cell(r: CandidateResult, rules: Sequence[str]) -> str:
    """The final grade; for a candidate quotas moved, its grade by score and the rules that moved
    it too: `合格 ← 优秀 (at-most)`."""
    if not rules:
        return r.grade or ""
    return f"{r.grade} ← {r.grade_by_score} ({', '.join(rules)})"


def _quota_lines(evaluation: Evaluation) -> list[str]:
    """Under the ranking, one line per quota group and quota (analysis.md §1.5)."""
    lines = []
    least = evaluation.rubric.quota_min_group
    for d in evaluation.distribution:
        prefix = "" if d.group is None else f"{d.group}: "
        if d.exempt:
            lines.append(f"  {d.group or 'all candidates'}: {d.n} graded, fewer than {least}: no quotas")
            continue
        for c in d.grades:
            quotas = [("at-most", c.grade.at_most, c.at_most), ("at-least", c.grade.at_least, c.at_least)]
            lines += [f"  {prefix}{c.label} {rule} {percent_text(share)} of {d.n} = {count}: "
                      f"{c.by_score} by score, {c.count} now"
                      for rule, share, count in quotas if share is not None and count is not None]
    return ["", "Grade quotas:", *lines] if lines else []


def metrics_table(metrics: Iterable[Metric]) -> str:
    """The catalogue as a table: name, titles, formula, unit and which way is better."""
    header = ["Name", "指标", "Metric", "Formula", "Unit", "Better"]
    rows = [[m.name, m.title_zh, m.title_en, m.formula, m.unit, m.better] for m in metrics]
    return "\n".join(_grid(header, rows, numeric=set())) + "\n"


def metric_details(metric: Metric) -> str:
    """Everything the catalogue says of one metric."""
    lines = [
        f"{metric.name}: {metric.title_zh} / {metric.title_en}",
        f"  formula: {metric.name} = {metric.formula}",
        f"  facts:   {', '.join(metric.facts)}",
        f"  unit:    {metric.unit}" + (" (a fraction shown as a percent: 0.7 is 70%)" if metric.unit == "%" else ""),
        f"  better:  {metric.better}",
        f"  source:  {metric.source}",
    ]
    if metric.note:
        lines.append(f"  note:    {metric.note}")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _grid(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    header = [printable(cell) for cell in header]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            cells.append(pad + cell if i in numeric else cell + pad)
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *[line(r) for r in rows]]


def render(evaluation: Evaluation, fmt: str, *, working: bool = False) -> str:
    """The evaluation as `table`, `json` (with `working`, each candidate's trail) or `csv`."""
    if fmt == "json":
        return to_json(evaluation, working=working)
    if fmt == "csv":
        return to_csv(evaluation)
    return to_table(evaluation)
