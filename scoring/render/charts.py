"""Bar charts of a report, laid out in SVG user units so a template only draws them."""

from __future__ import annotations

from decimal import Decimal

from scoring.model.results import CandidateResult
from scoring.render.context import Context, short
from scoring.render.figures import exact
from scoring.render.views import Bar, Chart


def criteria_chart(ctx: Context, r: CandidateResult) -> Chart:
    """Each criterion's points against its maximum: the picture of an appraisal form."""
    left, track, row = 170, 300, 22
    bars = []
    for i, c in enumerate(r.criteria):
        title = c.criterion.title
        width = _scaled(c.points / c.maximum, track)
        bars.append(Bar(short(title), 8 + i * row, ((left, width, 0, title),), track,
                        f"{ctx.show(c.points)} / {exact(c.maximum)}"))
    return Chart(ctx.word("chart_criteria"), left + track + 90, 16 + len(bars) * row, left, tuple(bars), ())


def totals_chart(ctx: Context) -> Chart:
    """A bar per qualified candidate, split by section, out of the rubric's total."""
    rubric = ctx.evaluation.rubric
    left, track, row = 120, 360, 26
    bars = []
    qualified = [(r.candidate.name, r.score) for r in ctx.evaluation.candidates if r.score is not None]
    for i, (name, score) in enumerate(qualified):
        x, segments = left, []
        for k, s in enumerate(score.sections):
            width = _scaled(s.points / rubric.total, track)
            segments.append((x, width, k, f"{s.section.title} {ctx.show(s.points)}"))
            x += width
        bars.append(Bar(short(name, 11), 8 + i * row, tuple(segments), track, ctx.show(score.reported_total)))
    legend = tuple((k, s.title) for k, s in enumerate(rubric.sections))
    return Chart(ctx.word("chart_totals"), left + track + 70, 16 + len(bars) * row, left, tuple(bars), legend)


def _scaled(fraction: Decimal, track: int) -> int:
    """The width of `fraction` (clamped to 0–1) of a `track` units wide bar."""
    return int((max(Decimal(0), min(fraction, Decimal(1))) * track).to_integral_value())
