"""Add criteria up into sections and a total, and re-score a candidate with other evaluators."""

from __future__ import annotations

import decimal
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from scoring.engine.aggregate import combine
from scoring.model.expr import exact
from scoring.model.results import CriterionResult, Evaluation, Score, SectionResult, reported
from scoring.model.rubric import Rubric, Section

_ZERO = Decimal(0)


_CONTEXT = exact()
_POINTS = operator.attrgetter("points")

Layout = tuple[tuple[Section, int, Decimal, Decimal, bool], ...]
"""Per section, in rubric order: the section, how many criteria it holds, their maxima's sum, its
share, and whether its criteria are written in points."""


def layout(rubric: Rubric) -> Layout:
    """The rubric's sections with their sizes, maxima and shares, worked out once for a whole run."""
    return tuple((s, len(s.criteria), sum((rubric.maximum(c) for c in s.criteria), _ZERO), rubric.section_share(s),
                  all(c.points is not None for c in s.criteria))
                 for s in rubric.sections)


def add_up(
    rubric: Rubric, results: Sequence[CriterionResult], sections_of: Layout | None = None,
    shared: Sequence[dict[Decimal, SectionResult] | None] = (),
) -> tuple[tuple[CriterionResult, ...], tuple[SectionResult, ...], Decimal]:
    """The criteria (contributions rounded under `rounding: items`), the sections and the exact total.

    A section in points scores its earned points over their maximum times its share; a section in
    weights, the sum of its criteria's contributions. Under `rounding: items` each criterion's
    contribution is rounded half-up first and the sections and total are sums of those, so the
    printed parts add up to the printed total.

    `shared`, one dict (or None) per section, keeps a section in points by its earned points:
    that sum decides its whole result, and many candidates earn the same few sums.
    """
    criteria = results if isinstance(results, tuple) else tuple(results)
    if rubric.rounding == "items":
        criteria = tuple(r._replace(contribution=reported(r.contribution, rubric.decimals)) for r in criteria)
    sections = []
    start = 0
    total = _ZERO
    items = rubric.rounding == "items"
    for k, (section, size, maximum, share, by_points) in enumerate(sections_of or layout(rubric)):
        part = criteria[start:start + size]
        start += size
        if by_points and not items:
            # rubric-format.md: a container in points scores (points earned / the sum of its
            # criteria's maximum points) × its share; one division, not one per criterion.
            earned = sum(map(_POINTS, part), _ZERO)
            known = shared[k] if shared else None
            made = None if known is None else known.get(earned)
            if made is None:
                points = _CONTEXT.multiply(_CONTEXT.divide(earned, maximum), share) if maximum else _ZERO
                made = tuple.__new__(SectionResult, (section, earned, maximum, share, points))
                if known is not None:
                    known[earned] = made
        else:
            earned = points = _ZERO
            for result in part:  # a plain loop: faster than sum(map(...)) here
                earned += result.points
                points += result.contribution
            made = tuple.__new__(SectionResult, (section, earned, maximum, share, points))
        total += made.points
        sections.append(made)
    return criteria, tuple(sections), total


class Figures(NamedTuple):
    """The qualified candidates' figures before ranking, side by side (no object per candidate):
    for each, a `Score` but for its rank."""

    criteria: list[tuple[CriterionResult, ...]]
    sections: list[tuple[SectionResult, ...]]
    total: list[Decimal]
    reported_total: list[Decimal]
    grade: list[str | None]
    evaluator_totals: list[Mapping[str, Decimal | None]]

    def score(self, i: int, rank: int) -> Score:
        """The `Score` the figures of candidate `i` make at `rank`."""
        return tuple.__new__(Score, (  # every field in order: one per candidate, no keyword handling
            self.criteria[i], self.sections[i], self.total[i], self.reported_total[i], rank, self.grade[i],
            self.evaluator_totals[i], None))


def figures(rubric: Rubric, rows: Iterable[tuple[CriterionResult, ...]]) -> Figures:
    """Each qualified candidate's figures (its results in rubric order), not yet ranked."""
    out = Figures([], [], [], [], [], [])
    sections_of = layout(rubric)
    # Sections are shared by earned points where those repeat: not where a ratio scale gives
    # every candidate points of its own (hashing those long sums would cost more than it saves).
    shared: list[dict[Decimal, SectionResult] | None] = [
        None if any(c.scale.kind == "ratio" for c in s.criteria) else {} for s, *_ in sections_of]
    decimals, grades, vendor = rubric.decimals, rubric.grades, rubric.subject == "vendor"
    for results in rows:
        criteria, sections, total = add_up(rubric, results, sections_of, shared)
        shown = reported(total, decimals)
        grade = None
        for row in grades:
            if shown >= row.min:
                grade = row.label
                break
        out.criteria.append(criteria)
        out.sections.append(sections)
        out.total.append(total)
        out.reported_total.append(shown)
        out.grade.append(grade)
        out.evaluator_totals.append(EvaluatorTotals(rubric, criteria) if vendor else {})
    return out


class EvaluatorTotals(Mapping[str, "Decimal | None"]):
    """Per evaluator who scored a candidate (first appearance order), their total alone,
    unmoderated; each worked out when first read, as few readers want them and each costs a
    whole re-score. Owned by the result it belongs to; compares equal to a dict of the totals."""

    __slots__ = ("_rubric", "_criteria", "_who", "_known")  # one per vendor candidate: no dict each

    def __init__(self, rubric: Rubric, criteria: Sequence[CriterionResult]) -> None:
        self._rubric = rubric
        self._criteria = criteria if isinstance(criteria, tuple) else tuple(criteria)
        self._who: tuple[str, ...] | None = None
        self._known: dict[str, Decimal | None] | None = None  # made on first read: most are never read

    @property
    def evaluators(self) -> tuple[str, ...]:
        """Who scored the candidate, in first appearance order."""
        if self._who is None:
            self._who = tuple(dict.fromkeys(e.evaluator for c in self._criteria for e in c.evaluators))
        return self._who

    def __getitem__(self, evaluator: str) -> Decimal | None:
        if evaluator not in self.evaluators:
            raise KeyError(evaluator)
        if self._known is None:
            self._known = {}
        if evaluator not in self._known:
            context = exact()
            context.traps[decimal.DivisionByZero] = True
            with decimal.localcontext(context):
                self._known[evaluator] = total_with(self._rubric, self._criteria, [evaluator], moderated=False)
        return self._known[evaluator]

    def __iter__(self) -> Iterator[str]:
        return iter(self.evaluators)

    def __len__(self) -> int:
        return len(self.evaluators)

    def __repr__(self) -> str:
        return f"EvaluatorTotals({dict(self)!r})"


def total_with(
    rubric: Rubric, criteria: Sequence[CriterionResult], evaluators: Iterable[str], *, moderated: bool = True
) -> Decimal | None:
    """The exact total had `evaluators` (a multiset) scored the judged criteria; None when one has no score."""
    parts = parts_with(rubric, criteria, evaluators, moderated=moderated)
    return None if parts is None else parts[2]


def parts_with(
    rubric: Rubric, criteria: Sequence[CriterionResult], evaluators: Iterable[str], *, moderated: bool = True
) -> tuple[tuple[CriterionResult, ...], tuple[SectionResult, ...], Decimal] | None:
    """`total_with`'s criteria, sections and exact total (what a ranking's tie-break reads)."""
    listed = list(evaluators)
    redone = []
    for c in criteria:
        if c.aggregation is None or (moderated and c.original is not None):
            redone.append(c)
            continue
        entries = [e for name in listed for e in c.evaluators if e.evaluator == name]
        if not entries:
            return None
        got = combine(rubric.aggregation, [e.points for e in entries], [e.role for e in entries],
                      [e.evaluator for e in entries])
        redone.append(c._replace(points=got.points, contribution=got.points * c.share / c.maximum))
    return add_up(rubric, redone)


def rescore(evaluation: Evaluation, candidate_id: str, evaluators: Iterable[str], *,
            moderated: bool = True) -> Decimal | None:
    """A candidate's exact total (before the final rounding) had only `evaluators` scored it.

    Every judged criterion takes the rubric's method over the listed evaluators' scores (one
    listed twice counts twice; one who left the criterion empty is skipped for it); every other
    criterion keeps its points; moderated points stay unless `moderated=False`. None when none of
    the evaluators scored one of the judged criteria. KeyError for an unknown or disqualified id.
    """
    parts = rescore_parts(evaluation, candidate_id, evaluators, moderated=moderated)
    return None if parts is None else parts[2]


def rescore_parts(evaluation: Evaluation, candidate_id: str, evaluators: Iterable[str], *, moderated: bool = True
                  ) -> tuple[tuple[CriterionResult, ...], tuple[SectionResult, ...], Decimal] | None:
    """`rescore` with the criteria and sections behind the total, so a draw can be ranked as `score` ranks."""
    found = next((r for r in evaluation.candidates if r.candidate.id == candidate_id), None)
    if found is None or found.score is None:
        raise KeyError(candidate_id)
    context = exact()
    context.traps[decimal.DivisionByZero] = True
    with decimal.localcontext(context):
        return parts_with(evaluation.rubric, found.score.criteria, evaluators, moderated=moderated)
