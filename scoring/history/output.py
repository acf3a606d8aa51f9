"""`history` and `trend` as JSON, CSV and tables: formatting only."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from scoring.history.query import Run
from scoring.history.trend import Entry, Trend
from scoring.render.output import CsvRows, inert, printable

_CSV_HEADER = ("rubric", "candidate", "name", "period", "qualified", "total", "change", "since", "grade", "rank",
               "of", "rank_change", "rubric_change")


def _number(text: str | None) -> float | None:
    """A stored reported figure as a JSON number (it already has the rubric's decimals)."""
    return None if text is None else float(Decimal(text))


def _entry_dict(e: Entry) -> dict[str, Any]:
    return {"period": e.period, "qualified": e.qualified, "failed_gates": list(e.failed_gates),
            "total": _number(e.total), "grade": e.grade, "rank": e.rank, "of": e.of, "since": e.since,
            "change": _number(e.change), "rank_change": e.rank_change, "rubric_change": e.rubric_change}


def trend_dict(t: Trend) -> dict[str, Any]:
    """The JSON document of `trend`."""
    return {
        "rubric": {"id": t.rubric_id, "title": t.title},
        "periods": list(t.periods),
        "breaks": [{"period": b.period, "previous": b.previous, "summary": b.summary, "comparable": b.comparable}
                   for b in t.breaks],
        "candidates": [{"id": s.id, "name": s.name, "periods": [_entry_dict(e) for e in s.entries]}
                       for s in t.candidates],
    }


def trend_json(t: Trend) -> str:
    """`trend --format json`."""
    return json.dumps(trend_dict(t), ensure_ascii=False, indent=2) + "\n"


def trend_csv(t: Trend) -> str:
    """`trend --format csv`: one row per candidate and period, as `score`'s CSV writes rows."""
    out = io.StringIO()
    rows = CsvRows(out)
    rows.writerow(_CSV_HEADER)
    for s in t.candidates:
        for e in s.entries:
            rows.writerow([inert(t.rubric_id), inert(s.id), inert(s.name), e.period, "yes" if e.qualified else "no",
                           e.total or "", e.change or "", e.since or "", inert(e.grade or ""),
                           "" if e.rank is None else e.rank, e.of, "" if e.rank_change is None else e.rank_change,
                           inert(e.rubric_change or "")])
    return out.getvalue()


def _moves(value: int | None) -> str:
    if not value:
        return "" if value is None else "="
    return f"↑{value}" if value > 0 else f"↓{-value}"


def _entry_row(e: Entry) -> str:
    total = e.total if e.total is not None else "disqualified: " + " ".join(e.failed_gates)
    change = "" if e.change is None else (e.change if e.change.startswith("-") else "+" + e.change)
    rank = "" if e.rank is None else f"{e.rank} of {e.of}"
    line = f"  {e.period:<8} {total:>10} {change:>9}  {e.grade or '':<8} {rank:<10} {_moves(e.rank_change)}"
    if e.rubric_change is not None:
        # A summary with no change figure: the totals do not score alike.
        line += f"  rubric changed: {e.rubric_change}" + (" — not comparable" if e.change is None else "")
    return line.rstrip()


def trend_table(t: Trend) -> str:
    """`trend` for the terminal: per candidate, its periods as rows."""
    lines = [printable(f"{t.rubric_id}: {t.title}"), ""]
    for s in t.candidates:
        lines.append(printable(f"{s.id}  {s.name}"))
        lines.append(f"  {'period':<8} {'total':>10} {'change':>9}  {'grade':<8} {'rank':<10} move")
        lines += [printable(_entry_row(e)) for e in s.entries]
        lines.append("")
    return "\n".join(lines)


def history_json(runs: list[Run]) -> str:
    """`history --format json`."""
    return json.dumps({"runs": [r.to_dict() for r in runs]}, ensure_ascii=False, indent=2) + "\n"


def history_table(runs: list[Run]) -> str:
    """`history` for the terminal: one row per run."""
    head = ("rubric", "period", "recorded at", "candidates", "qualified", "input", "rubric sha256")
    rows = [head] + [(r.rubric_id, r.period, r.recorded_at, str(r.candidates), str(r.qualified), r.input_name,
                      r.rubric_sha256[:12]) for r in runs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "".join(printable("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()) + "\n"
                   for row in rows)
