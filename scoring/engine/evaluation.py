"""Score every candidate of an input against a rubric, exactly."""

from __future__ import annotations

import contextlib
import decimal
import gc
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from scoring.engine import scales
from scoring.engine.aggregate import combine
from scoring.engine.environment import FactEnv, where
from scoring.engine.ranking import rank
from scoring.engine.review import review
from scoring.engine.scales import Points, ScaleError
from scoring.model.errors import InputError, PathKey, Problem, unknown
from scoring.model.expr import EvalError, exact
from scoring.model.inputs import Candidate, Input
from scoring.model.metrics import CATALOGUE, lookup_metric
from scoring.model.numbers import parse_number
from scoring.model.results import (
    CandidateResult,
    CriterionResult,
    Evaluation,
    EvaluatorPoints,
    SectionResult,
    reported,
)
from scoring.model.rubric import RELATIVE_KINDS, Criterion, Rubric

_ZERO = Decimal(0)
_JUDGED_KINDS = ("levels", "direct")


def evaluate(rubric: Rubric, data: Input, *, allow_missing: bool = False) -> Evaluation:
    """Score `data` against `rubric`.

    With `allow_missing`, an evaluator who left a judged criterion empty is left out of
    that criterion's aggregate instead of being an error. Raises `InputError` carrying
    every problem found in the data, each located in its file.
    """
    with decimal.localcontext(exact()), _cycle_collector_paused():
        return _Run(rubric, data, allow_missing).run()


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the duration of one evaluation.

    An evaluation allocates many small objects and no reference cycles; on a large input
    the collector would otherwise rescan every loaded object again and again (about 15%
    of the time for 10,000 candidates). Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Run:
    def __init__(self, rubric: Rubric, data: Input, allow_missing: bool) -> None:
        self.rubric = rubric
        self.data = data
        self.allow_missing = allow_missing
        self.problems: list[Problem] = []
        # Points per distinct written value, per criterion: judges repeat the same few values.
        self.cache: dict[str, dict[str, Points]] = {c.id: {} for c in rubric.criteria}
        # Whole results per criterion, keyed by what decides them: ((evaluator, text), ...) for
        # a judged criterion, (source, text) for a fact or metric. Results are immutable, so
        # candidates scored alike share one; this is what keeps 10,000 candidates fast.
        self.results: dict[str, dict[tuple[object, ...], CriterionResult]] = {c.id: {} for c in rubric.criteria}
        self.roles = {eid: ev.role for eid, ev in data.evaluators.items()}
        # A candidate's evaluators are those who gave it any score (spec: Evaluators). Each
        # distinct list of them gets a number, so a result's cache key stays a flat tuple.
        self.active: dict[str, list[str]] = {}
        self.sheets: dict[str, tuple[int, tuple[Mapping[str, str], ...]]] = {}
        groups: dict[tuple[str, ...], int] = {}
        self.scored: set[str] = set()
        """Criteria that some evaluator's sheet names: the others are never judged."""
        for c in data.candidates:
            for given in c.scores.values():
                self.scored.update(given)
            active = [e for e, given in c.scores.items() if any(v.strip() for v in given.values())]
            group = groups.setdefault(tuple(active), len(groups))
            self.active[c.id] = active
            self.sheets[c.id] = (group, tuple(c.scores[e] for e in active))

    def run(self) -> Evaluation:
        rubric = self.rubric
        self.check_value_names()
        self.check_roles()
        gated = []
        for cand in self.data.candidates:
            env = FactEnv(rubric, cand)
            failed = self.gates(cand, env)
            gated.append((cand, env, failed))
        # A candidate whose gates could not be decided is still checked, so that every
        # problem is reported at once; the problems stop the run before any result.
        qualified = [(c, env) for c, env, failed in gated if not failed]
        per_candidate: dict[str, dict[str, CriterionResult]] = {c.id: {} for c, _ in qualified}
        rows = [(cand, env, *self.sheets[cand.id], per_candidate[cand.id]) for cand, env in qualified]
        judged = [c for c in rubric.criteria if c.id in self.scored and c.scale.kind not in RELATIVE_KINDS]
        for criterion in rubric.criteria:
            cid = criterion.id
            if criterion.scale.kind in RELATIVE_KINDS:
                self.relative(criterion, qualified, per_candidate)
            elif cid not in self.scored:
                for cand, env, _, _, earned in rows:
                    result = self.absolute(criterion, cand, env)
                    if result is not None:
                        earned[cid] = result
        if judged:
            self.judge_all(judged, rows)
        if self.problems:
            raise InputError(self.problems)
        for cand, _ in qualified:
            for cid, agreed in cand.moderated.items():
                before = per_candidate[cand.id][cid]
                per_candidate[cand.id][cid] = before._replace(
                    points=agreed.points, contribution=agreed.points * before.criterion.share / before.criterion.maximum,
                    original=before.points, reason=agreed.reason,
                )
        out = rank(rubric, [self.total(cand, env, per_candidate[cand.id]) for cand, env in qualified])
        for cand, env, failed in sorted(gated, key=lambda g: g[0].id):
            if failed:
                out.append(CandidateResult(cand, False, tuple(failed), (), (), None, None, None, None, env.values))
        return Evaluation(rubric, self.data, tuple(out), review(rubric, out))

    # -- problems -----------------------------------------------------------------

    def error(self, cand: Candidate, path: Sequence[PathKey], message: str, *, key: bool = False) -> None:
        assert cand.document is not None
        self.problems.append(cand.document.problem(("candidates", cand.index, *path), message, key=key))

    def check_value_names(self) -> None:
        """A `value:` naming neither a metric nor any candidate's fact is a rubric mistake."""
        facts = {f for c in self.data.candidates for f in c.facts}
        known = self.rubric.metrics.keys() | facts | CATALOGUE.keys()
        for criterion in self.rubric.criteria:
            if criterion.value and criterion.value not in known and self.rubric.document:
                self.problems.append(self.rubric.document.problem(
                    (*criterion.path, "value"),
                    unknown("metric or fact", criterion.value, known),
                ))

    def check_roles(self) -> None:
        """Under role weighting, every declared role must have a weight."""
        roles = self.rubric.aggregation.roles
        if self.rubric.aggregation.method != "weighted" or self.data.document is None:
            return
        for eid, ev in self.data.evaluators.items():
            if ev.role is not None and ev.role not in roles:
                self.problems.append(self.data.document.problem(
                    ("evaluators", eid, "role"),
                    f"role '{ev.role}' has no weight in the rubric; expected one of {', '.join(roles)}"))

    # -- gates ---------------------------------------------------------------------

    def gates(self, cand: Candidate, env: FactEnv) -> list[str] | None:
        """Ids of failed gates, or None when a gate could not be decided."""
        failed: list[str] = []
        ok = True
        for gate in self.rubric.gates:
            if gate.check is None:
                answer = cand.gates.get(gate.id)
                if answer is None:
                    self.error(cand, ("id",), f"candidate '{cand.id}' has no answer for gate '{gate.id}' "
                               f"({gate.title}); expected pass or fail under gates.{gate.id}")
                    ok = False
                elif not answer:
                    failed.append(gate.id)
                continue
            try:
                passed = gate.check.evaluate(env.lookup)
            except EvalError as exc:
                self.error(cand, where(cand, exc), env.explain(exc, f"gate '{gate.id}' ({gate.check.text})"))
                ok = False
                continue
            if not isinstance(passed, bool):
                self.problems.append(self.rubric.document.problem(  # type: ignore[union-attr]
                    ("gates", self.rubric.gates.index(gate), "check"),
                    f"expected a true/false check such as 'x <= 3', got a number ({passed})"))
                ok = False
            elif not passed:
                failed.append(gate.id)
        return failed if ok else None

    # -- criteria ------------------------------------------------------------------

    def judge_all(self, criteria: list[Criterion], rows: list[tuple[Any, ...]]) -> None:
        """Score the criteria evaluators scored, for every candidate: the hot loop.

        Most candidates hit a result already computed for the same (evaluator, score)
        pairs. Each evaluator's scores of all these criteria are fetched at once, and
        transposed into one tuple of texts per criterion.
        """
        ids = [c.id for c in criteria]
        fetch = operator.itemgetter(*ids) if len(ids) > 1 else (lambda sheet: (sheet[ids[0]],))
        known = [self.results[cid] for cid in ids]
        for cand, env, group, sheets, earned in rows:
            try:
                columns: Iterable[tuple[str, ...]] = zip(*map(fetch, sheets), strict=True) if sheets else [()] * len(ids)
            except KeyError:  # someone left a criterion out: take each criterion on its own
                columns = [tuple(sheet.get(cid, "") for sheet in sheets) for cid in ids]
            for criterion, texts, results in zip(criteria, columns, known, strict=True):
                result = results.get((group, texts))
                if result is None:
                    result = self.absolute(criterion, cand, env)
                if result is not None:
                    earned[criterion.id] = result

    def absolute(self, criterion: Criterion, cand: Candidate, env: FactEnv) -> CriterionResult | None:
        judged = self.judged(criterion, cand)
        if judged is not None:
            return judged if isinstance(judged, CriterionResult) else None
        found = self.value_of(criterion, cand, env)
        if found is None:
            return None
        source, text, path = found
        known = self.results[criterion.id]
        result = known.get((source, text))
        if result is None:
            try:
                got = scales.points(criterion.scale, text, criterion.maximum)
            except ScaleError as exc:
                self.error(cand, path, f"criterion '{criterion.id}': {exc}")
                return None
            result = known[(source, text)] = _result(criterion, source, got, (), False, got.points)
        return result

    def judged(self, criterion: Criterion, cand: Candidate) -> CriterionResult | None | object:
        """The judged result; None when nobody scored it; `_FAILED` after a reported problem."""
        cid = criterion.id
        if cid not in self.scored:
            return None
        group, sheets = self.sheets[cand.id]
        key = (group, tuple(sheet.get(cid, "") for sheet in sheets))
        known = self.results[cid]
        hit = known.get(key)
        if hit is not None:
            return hit
        evaluators = self.active[cand.id]
        scorers = [e for e in evaluators if cand.scores[e].get(cid, "").strip()]
        if not scorers:
            if evaluators and criterion.scale.kind in _JUDGED_KINDS and not self.has_value(criterion, cand):
                for e in evaluators:
                    self.error(cand, ("scores", e), f"evaluator '{e}' left criterion '{cid}' of candidate "
                               f"'{cand.id}' empty", key=True)
                return _FAILED
            return None
        failed = False
        if not self.allow_missing:
            for e in evaluators:
                if e not in scorers:
                    self.error(cand, ("scores", e), f"evaluator '{e}' left criterion '{cid}' of candidate "
                               f"'{cand.id}' empty (use --allow-missing to score without it)", key=True)
                    failed = True
        roles = self.rubric.aggregation.roles
        weighted = self.rubric.aggregation.method == "weighted"
        cache = self.cache[cid]
        entries: list[tuple[str, str | None, str, Points]] = []
        for e in scorers:
            text = cand.scores[e][cid]
            role = self.roles.get(e)
            if weighted and role not in roles:
                if role is None:  # a declared role without weight is reported once, by check_roles
                    self.error(cand, ("scores", e), f"evaluator '{e}' has no role; method 'weighted' needs "
                               f"one of {', '.join(roles)} under evaluators.{e}.role", key=True)
                failed = True
                continue
            got = cache.get(text)
            if got is None:
                try:
                    got = scales.points(criterion.scale, text, criterion.maximum)
                except ScaleError as exc:
                    self.error(cand, ("scores", e, cid), f"{exc}")
                    failed = True
                    continue
                cache[text] = got
            entries.append((e, role, text, got))
        if failed:
            return _FAILED
        combined = combine(self.rubric.aggregation, [g.points for *_, g in entries], [r for _, r, _, _ in entries])
        trail = tuple(
            EvaluatorPoints(e, role, text, got.points, got.label, i in combined.dropped)
            for i, (e, role, text, got) in enumerate(entries)
        )
        result = known[key] = _result(criterion, "judged", None, trail, combined.fallback, combined.points)
        return result

    def has_value(self, criterion: Criterion, cand: Candidate) -> bool:
        return criterion.id in cand.facts or criterion.value is not None

    def value_of(
        self, criterion: Criterion, cand: Candidate, env: FactEnv
    ) -> tuple[str, str, tuple[PathKey, ...]] | None:
        """(source, value as text, where it is) of a fact or metric criterion; None after a problem."""
        if criterion.id in cand.facts:
            return ("fact", cand.facts[criterion.id], ("facts", criterion.id))
        name = criterion.value
        if name is None:
            self.error(cand, ("id",), f"candidate '{cand.id}' has no value for criterion '{criterion.id}'; "
                       f"expected evaluators' scores or a fact '{criterion.id}'")
            return None
        if name in self.rubric.metrics or (name not in cand.facts and lookup_metric(name) is not None):
            try:
                value = env.lookup(name)
            except EvalError as exc:
                self.error(cand, where(cand, exc), env.explain(exc, f"criterion '{criterion.id}'"))
                return None
            return ("metric", str(value), ("facts",))
        if name in cand.facts:
            return ("fact", cand.facts[name], ("facts", name))
        if name in self.known_names():
            self.error(cand, ("facts",), f"candidate '{cand.id}' lacks fact '{name}', "
                       f"which criterion '{criterion.id}' takes its value from")
        return None

    def known_names(self) -> set[str]:
        return self.rubric.metrics.keys() | CATALOGUE.keys() | {f for c in self.data.candidates for f in c.facts}

    def relative(
        self,
        criterion: Criterion,
        qualified: list[tuple[Candidate, FactEnv]],
        out: dict[str, dict[str, CriterionResult]],
    ) -> None:
        values: dict[str, Decimal] = {}
        sources: dict[str, str] = {}
        for cand, env in qualified:
            if criterion.id in self.scored and any(criterion.id in given for given in cand.scores.values()):
                e = next(e for e, given in cand.scores.items() if criterion.id in given)
                self.error(cand, ("scores", e, criterion.id), f"criterion '{criterion.id}' uses a "
                           f"{criterion.scale.kind} scale, which compares candidates' facts; "
                           f"give its value under facts.{criterion.id}", key=True)
                continue
            found = self.value_of(criterion, cand, env)
            if found is None:
                continue
            source, text, path = found
            number = parse_number(text)
            if number is None:
                self.error(cand, path, f"criterion '{criterion.id}': expected a number, got {text!r}")
                continue
            values[cand.id], sources[cand.id] = number, source
        try:
            got = scales.relative_points(criterion.scale, values, criterion.maximum)  # type: ignore[arg-type]
        except ScaleError as exc:
            cand = next(c for c, _ in qualified if c.id in values)
            self.error(cand, ("facts",), f"criterion '{criterion.id}': {exc}")
            return
        for cid, points in got.items():
            out[cid][criterion.id] = _result(criterion, sources[cid], points, (), False, points.points)  # type: ignore[arg-type]

    # -- totals --------------------------------------------------------------------

    def total(self, cand: Candidate, env: FactEnv, results: dict[str, CriterionResult]) -> CandidateResult:
        """A qualified candidate's result, not yet ranked."""
        sections = tuple(
            SectionResult(section, sum([results[c.id].contribution for c in section.criteria], _ZERO))
            for section in self.rubric.sections
        )
        total = sum([s.points for s in sections], _ZERO)
        shown = reported(total, self.rubric.decimals)
        grade = next((g.label for g in self.rubric.grades if shown >= g.min), None)
        criteria = tuple([results[c.id] for c in self.rubric.criteria])
        return CandidateResult(cand, True, (), criteria, sections, total, shown, None, grade, env.values)


_FAILED = object()


def _result(
    criterion: Criterion,
    source: str,
    got: Points | None,
    trail: tuple[EvaluatorPoints, ...],
    fallback: bool,
    points: Decimal,
) -> CriterionResult:
    value = got.value if got is not None and source != "judged" else None
    label = got.label if got is not None and source != "judged" else ""
    description = got.description if got is not None and source != "judged" else ""
    contribution = points * criterion.share / criterion.maximum
    return CriterionResult(
        criterion, source, value, label, description, trail, fallback, points, contribution  # type: ignore[arg-type]
    )
