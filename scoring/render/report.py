"""What a report shows, worked out in Python so that templates only lay it out.

`report_view` turns an `Evaluation` into plain, typed views: every figure already
formatted, every formula already written out, chart geometry already computed. A
template never does arithmetic, so a user's own template cannot get a number wrong.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import __version__
from scoring.model.errors import Problem
from scoring.model.expr import round_half_up
from scoring.model.numbers import plain
from scoring.model.results import CandidateResult, CriterionResult, Evaluation, SectionResult
from scoring.model.rubric import LevelsScale, Rubric
from scoring.render.labels import labels

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class EvaluatorView:
    name: str
    role: str
    given: str
    """The level's label (and key), or the number written."""
    points: str
    dropped: bool


@dataclass(frozen=True)
class LevelView:
    key: str
    label: str
    description: str
    points: str
    chosen: tuple[str, ...]
    """Names of the evaluators who picked it."""


@dataclass(frozen=True)
class CriterionView:
    id: str
    title: str
    category: str
    description: str
    source: str
    assessor: str
    maximum: str
    weight: str
    kind: str
    """judged, fact or metric."""
    value: str
    label: str
    level_description: str
    levels: tuple[LevelView, ...]
    evaluators: tuple[EvaluatorView, ...]
    formula: str
    fallback: str
    points: str
    contribution: str
    moderated: str = ""
    """The committee's change and its reason, when the aggregate was moderated."""


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    description: str
    weight: str
    criteria: tuple[CriterionView, ...]
    formula: str


@dataclass(frozen=True)
class Bar:
    """One horizontal bar of a chart, in SVG user units."""

    label: str
    y: int
    segments: tuple[tuple[int, int, int, str], ...]
    """(x, width, colour index, title) of each filled part."""
    track: int
    """The width standing for the maximum."""
    value: str


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    left: int
    """Where bars start: the label column's width."""
    bars: tuple[Bar, ...]
    legend: tuple[tuple[int, str], ...]
    """(colour index, section title)."""


@dataclass(frozen=True)
class CandidateView:
    id: str
    name: str
    qualified: bool
    rank: str
    total: str
    grade: str
    failed_gates: tuple[str, ...]
    sections: tuple[SectionView, ...]
    section_totals: tuple[str, ...]
    total_formula: str
    evaluators: tuple[str, ...]
    """Who scored this candidate, for its signature lines."""
    chart: Chart | None


@dataclass(frozen=True)
class ReportView:
    lang: str
    t: Mapping[str, Any]
    title: str
    subject: str
    """vendor or staff."""
    description: str
    round: str
    date: str
    files: tuple[tuple[str, str, str], ...]
    """(what, file, SHA-256) of the rubric and every input file."""
    program: str
    decimals: int
    flat: bool
    section_titles: tuple[str, ...]
    method: str
    ranked: tuple[CandidateView, ...]
    disqualified: tuple[CandidateView, ...]
    chart: Chart | None
    committee: tuple[str, ...]
    """Every evaluator's display name, for the committee's signature block."""
    review: tuple[str, ...] | None = None
    """Review flags as sentences; None when the rubric asks for no review."""
    agreement: tuple[tuple[str, str, str], ...] = ()
    """(criterion, Kendall's W, reading) per judged criterion, under review."""
    notes: tuple[str, ...] = ()
    """The evaluation's warnings (a trimmed mean that fell back, a fact nobody uses...), one
    line each, located by file name when they have a place."""


def report_view(evaluation: Evaluation, lang: str, *, today: datetime.date | None = None) -> ReportView:
    """Everything a report or a per-candidate form shows, formatted for `lang`."""
    rubric, data = evaluation.rubric, evaluation.input
    t = labels(lang)
    view = _Viewer(evaluation, t)
    candidates = [view.candidate(r) for r in evaluation.candidates]
    ranked = tuple(c for c in candidates if c.qualified)
    files = [(str(t["rubric_file"]), Path(rubric.file).name, rubric.sha256)]
    files += [(str(t["input_file"]), Path(f).name, data.sha256[f]) for f in data.files]
    return ReportView(
        lang=lang,
        t=t,
        title=rubric.title,
        subject=rubric.subject,
        description=rubric.description,
        round=data.title,
        date=data.date or (today or datetime.date.today()).isoformat(),
        files=tuple(files),
        program=f"scoring {__version__}",
        decimals=rubric.decimals,
        flat=rubric.flat,
        section_titles=tuple(s.title for s in rubric.sections if s.id),
        method=view.method(),
        ranked=ranked,
        disqualified=tuple(c for c in candidates if not c.qualified),
        chart=_totals_chart(evaluation, t) if ranked and not rubric.flat else None,
        committee=tuple(view.evaluator_name(e) for e in _evaluator_ids(evaluation)),
        review=view.review(),
        agreement=view.agreement(),
        notes=tuple(_note(p) for p in evaluation.warnings),
    )


def _note(problem: Problem) -> str:
    """A warning as a report prints it: its place by file name only (the folder is noise)."""
    if not problem.file:
        return problem.message
    return str(dataclasses.replace(problem, file=Path(problem.file).name))


def candidate_view(report: ReportView, candidate_id: str) -> CandidateView:
    """One candidate of a report, by id."""
    for c in (*report.ranked, *report.disqualified):
        if c.id == candidate_id:
            return c
    raise KeyError(candidate_id)


class _Viewer:
    def __init__(self, evaluation: Evaluation, t: Mapping[str, Any]) -> None:
        self.evaluation = evaluation
        self.rubric: Rubric = evaluation.rubric
        self.t = t

    def show(self, value: Decimal) -> str:
        """A figure as reported: rounded half-up to the rubric's decimals."""
        return f"{self.evaluation.round(value):f}"

    def evaluator_name(self, eid: str) -> str:
        ev = self.evaluation.input.evaluators.get(eid)
        return ev.name if ev is not None and ev.name else eid

    def role_name(self, role: str | None) -> str:
        roles: Mapping[str, str] = self.t["roles"]
        return roles.get(role, role) if role else ""

    def method(self) -> str:
        how = self.rubric.aggregation
        if how.method == "trimmed-mean":
            return str(self.t["method_trimmed"]).format(trim=how.trim)
        if how.method == "weighted":
            roles = str(self.t["comma"]).join(f"{self.role_name(r)} {_percent(w)}" for r, w in how.roles.items())
            return str(self.t["method_weighted"]).format(roles=roles)
        return str(self.t[f"method_{how.method}"])

    # -- a candidate ---------------------------------------------------------------

    def candidate(self, r: CandidateResult) -> CandidateView:
        gate_titles = {g.id: g.title for g in self.rubric.gates}
        evaluators = tuple(self.evaluator_name(e) for e, given in r.candidate.scores.items()
                           if any(v.strip() for v in given.values()))
        if not r.qualified:
            return CandidateView(
                r.candidate.id, r.candidate.name, False, "", "", "",
                tuple(gate_titles[g] for g in r.failed_gates), (), (), "", evaluators, None,
            )
        score = r.score
        assert score is not None  # qualified
        # Who scored what comes from the engine's trails, in the order they first appear.
        evaluators = tuple(self.evaluator_name(e) for e in
                           dict.fromkeys(e.evaluator for c in score.criteria for e in c.evaluators))
        by_id = {c.criterion.id: c for c in score.criteria}
        sections = tuple(
            self.section(s, [by_id[c.id] for c in s.section.criteria]) for s in score.sections
        )
        parts = [self.show(s.points) for s in score.sections]
        formula = f"{' + '.join(parts)} = {self.show(score.total)}" if len(parts) > 1 else ""
        return CandidateView(
            r.candidate.id, r.candidate.name, True, str(score.rank), self.show(score.total),
            score.grade or "", (), sections, tuple(parts), formula, evaluators, self.criteria_chart(r),
        )

    def section(self, result: SectionResult, results: Sequence[CriterionResult]) -> SectionView:
        rubric = self.rubric
        section, subtotal, earned, most = result.section, result.points, result.earned, result.maximum
        criteria = tuple(self.criterion(c) for c in results)
        formula = ""
        if section.weight is not None and all(c.criterion.points_style for c in results):
            formula = (f"{_figure(earned)} / {_figure(most)} × {_percent(section.weight)} × "
                       f"{_figure(rubric.total)} = {self.show(subtotal)}")
        elif len(results) > 1:
            formula = " + ".join(self.show(c.contribution) for c in results) + f" = {self.show(subtotal)}"
        return SectionView(
            section.id, section.title, section.description,
            _percent(section.weight) if section.weight is not None else "",
            criteria, formula,
        )

    def criterion(self, c: CriterionResult) -> CriterionView:
        crit = c.criterion
        t = self.t
        levels: tuple[LevelView, ...] = ()
        if isinstance(crit.scale, LevelsScale):
            levels = tuple(
                LevelView(key, lv.label, lv.description, _figure(lv.points.of(c.maximum)),
                          tuple(self.evaluator_name(e.evaluator) for e in c.evaluators if e.given.strip() == key))
                for key, lv in crit.scale.levels.items()
            )
        evaluators = tuple(
            EvaluatorView(self.evaluator_name(e.evaluator), self.role_name(e.role),
                          f"{e.label} ({e.given})" if e.label and e.label != e.given else e.given,
                          _figure(e.points), e.dropped)
            for e in c.evaluators
        )
        fallback = ""
        if c.aggregation is not None and c.aggregation.fallback is not None:
            fallback = str(t["fallback"]).format(need=c.aggregation.fallback.needed)
        if c.source == "judged":
            kind, value = "judged", ""
        else:
            kind, value = c.source, _value(c.value)
        return CriterionView(
            id=crit.id, title=crit.title, category=crit.category, description=crit.description,
            source=crit.source, assessor=crit.evaluator,
            maximum=_figure(c.maximum),
            weight=_percent(crit.weight) if crit.weight is not None else "",
            kind=kind, value=value, label=self.place(c) or c.label, level_description=c.description,
            levels=levels, evaluators=evaluators,
            formula=self.formula(c) if c.source == "judged" else "",
            fallback=fallback, points=self.show(c.points), contribution=self.show(c.contribution),
            moderated=str(t["moderated"]).format(original=self.show(c.original), points=self.show(c.points),
                                                 reason=c.reason) if c.original is not None else "",
        )

    def place(self, c: CriterionResult) -> str:
        """A rank scale's first/middle/last in words, with the points that place earns."""
        if c.criterion.scale.kind != "rank":
            return ""
        places: Mapping[str, str] = self.t["places"]
        return places.get(c.label, c.label)

    def review(self) -> tuple[str, ...] | None:
        """Each review flag and agreement figure as a sentence."""
        found = self.evaluation.review
        if found is None:
            return None
        t = self.t
        names = {r.candidate.id: r.candidate.name for r in self.evaluation.candidates}
        titles = {c.id: c.title for c in self.rubric.criteria}
        lines = []
        for f in found.flags:
            where = {"candidate": names[f.candidate], "criterion": _short(titles[f.criterion], 24)}
            if f.kind == "deviation":
                lines.append(str(t["flag_deviation"]).format(
                    **where, evaluator=self.evaluator_name(f.evaluator or ""),
                    points=_figure(f.points), median=_figure(f.median)))  # type: ignore[arg-type]
            else:
                values = str(t["sep"]).join(f"{self.evaluator_name(e)}: {v}" for e, v in f.given)
                lines.append(str(t["flag_objective"]).format(**where, values=values))
        if not found.flags:
            lines.append(str(t["review_none"]))
        return tuple(lines)

    def agreement(self) -> tuple[tuple[str, str, str], ...]:
        """Per judged criterion: its title, Kendall's W to two places, and a word for it."""
        found = self.evaluation.review
        if found is None:
            return ()
        readings: Mapping[str, str] = self.t["readings"]
        titles = {c.id: c.title for c in self.rubric.criteria}
        return tuple(
            (titles[a.criterion], f"{round_half_up(a.value, 2):f}" if a.value is not None else "—", readings[a.reading])
            for a in found.agreement
        )

    def formula(self, c: CriterionResult) -> str:
        """How the evaluators' points became the criterion's points, to redo on paper."""
        entries = c.evaluators
        result = self.show(c.points)
        if len(entries) == 1:
            return f"{_figure(entries[0].points)} = {result}"
        how = self.rubric.aggregation
        if how.method == "median":
            return f"median({', '.join(_figure(e.points) for e in entries)}) = {result}"
        if how.method == "weighted":
            assert c.aggregation is not None and c.aggregation.present_weight is not None  # judged, weighted
            terms = []
            for m in c.aggregation.roles:
                points = [e.points for e in entries if e.evaluator in m.evaluators and (e.role or "") == m.role]
                mean = _figure(points[0]) if len(points) == 1 else \
                    f"({' + '.join(_figure(p) for p in points)}) / {len(points)}"
                terms.append(f"{mean} × {_percent(m.weight)}")
            return f"({' + '.join(terms)}) / {_percent(c.aggregation.present_weight)} = {result}"
        kept = [e.points for e in entries if not e.dropped]
        return f"({' + '.join(_figure(p) for p in kept)}) / {len(kept)} = {result}"

    # -- pictures ------------------------------------------------------------------

    def criteria_chart(self, r: CandidateResult) -> Chart:
        """Each criterion's points against its maximum: the picture of an appraisal form."""
        left, track, row = 170, 300, 22
        bars = []
        for i, c in enumerate(r.criteria):
            crit = c.criterion
            width = _scaled(c.points / c.maximum, track)
            bars.append(Bar(_short(crit.title), 8 + i * row, ((left, width, 0, crit.title),), track,
                            f"{self.show(c.points)} / {_figure(c.maximum)}"))
        return Chart(str(self.t["chart_criteria"]), left + track + 90, 16 + len(bars) * row, left, tuple(bars), ())


def _totals_chart(evaluation: Evaluation, t: Mapping[str, Any]) -> Chart:
    """A bar per qualified candidate, split by section, out of the rubric's total."""
    rubric = evaluation.rubric
    left, track, row = 120, 360, 26
    bars = []
    for i, r in enumerate(c for c in evaluation.candidates if c.qualified):
        x, segments = left, []
        for k, s in enumerate(r.sections):
            width = _scaled(s.points / rubric.total, track)
            segments.append((x, width, k, f"{s.section.title} {evaluation.round(s.points):f}"))
            x += width
        bars.append(Bar(r.candidate.name, 8 + i * row, tuple(segments), track,
                        f"{evaluation.round(r.total):f}"))  # type: ignore[arg-type]
    legend = tuple((k, s.title) for k, s in enumerate(rubric.sections))
    return Chart(str(t["chart_totals"]), left + track + 70, 16 + len(bars) * row, left, tuple(bars), legend)


def _evaluator_ids(evaluation: Evaluation) -> list[str]:
    """Listed evaluators first, in the input's order, then anyone else who scored."""
    ids = list(evaluation.input.evaluators)
    for cand in evaluation.input.candidates:
        for e in cand.scores:
            if e not in ids:
                ids.append(e)
    return ids


def _scaled(fraction: Decimal, track: int) -> int:
    return int((max(Decimal(0), min(fraction, Decimal(1))) * track).to_integral_value())


def _short(title: str, limit: int = 14) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _figure(value: Decimal) -> str:
    """An exact figure as short as it can be written; long fractions to 4 places with ≈."""
    text = plain(value)
    if "." not in text or len(text.split(".")[1]) <= 4:
        return text
    return f"≈{value.quantize(Decimal('0.0001')):f}"


def _percent(fraction: Decimal) -> str:
    return f"{_figure(fraction * _HUNDRED)}%"


def _value(value: object) -> str:
    if isinstance(value, Decimal):
        return _figure(value)
    return "" if value is None else str(value)


__all__ = ["CandidateView", "Chart", "ReportView", "candidate_view", "report_view"]
