"""Score every candidate of an input against a rubric, exactly."""

from __future__ import annotations

import decimal
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, DecimalException
from typing import Any

from scoring.engine import scales
from scoring.engine.aggregate import Combined, combine
from scoring.engine.checks import rubric_problems
from scoring.engine.environment import FactEnv, names_used, where
from scoring.engine.ranking import rank
from scoring.engine.review import review
from scoring.engine.scales import Points, ScaleError
from scoring.engine.totals import make_score
from scoring.model.errors import InputError, PathKey, Problem, RubricError, format_path, unknown
from scoring.model.expr import EvalError, exact
from scoring.model.inputs import Candidate, Input
from scoring.model.metrics import CATALOGUE, lookup_metric
from scoring.model.numbers import NumberError, read_number
from scoring.model.results import (
    Aggregated,
    Benchmark,
    CandidateResult,
    CriterionResult,
    Evaluation,
    EvaluatorPoints,
    Fallback,
    GateResult,
    RatioRule,
    Score,
)
from scoring.model.rubric import RELATIVE_KINDS, Criterion, RankScale, RatioScale, Rubric

_ZERO = Decimal(0)
_JUDGED_KINDS = ("levels", "direct")


def evaluate(rubric: Rubric, data: Input, *, allow_missing: bool = False) -> Evaluation:
    """Score `data` against `rubric`.

    With `allow_missing`, an evaluator who left a judged criterion empty (or a listed
    evaluator who gave no scores) is left out instead of being an error. Raises
    `InputError` carrying every problem found in the data, each located in its file;
    no arithmetic or lookup failure escapes as anything else.
    """
    broken = rubric_problems(rubric)
    if broken:
        raise RubricError(broken)
    context = exact()
    # An overflow or a division by zero must stop the run, never become Infinity.
    context.traps[decimal.Overflow] = context.traps[decimal.DivisionByZero] = True
    try:
        with decimal.localcontext(context):
            return _Run(rubric, data, allow_missing).run()
    except (DecimalException, RecursionError, KeyError) as exc:
        # A last resort: the checks below locate every failure we know of.
        file = data.files[0] if data.files else "<input>"
        raise InputError([Problem(file, 0, 0, f"cannot score this input: {type(exc).__name__} while computing "
                                  "(a value too large, or nested too deeply)")]) from None


class _Run:
    def __init__(self, rubric: Rubric, data: Input, allow_missing: bool) -> None:
        self.rubric = rubric
        self.data = data
        self.allow_missing = allow_missing
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Points per distinct written value, per criterion: judges repeat the same few values.
        self.cache: dict[str, dict[str, Points]] = {c.id: {} for c in rubric.criteria}
        # Whole results per criterion, keyed by what decides them: ((evaluator, text), ...) for
        # a judged criterion, (source, text) for a fact or metric. Results are immutable, so
        # candidates scored alike share one; this is what keeps 10,000 candidates fast.
        self.results: dict[str, dict[tuple[object, ...], CriterionResult]] = {c.id: {} for c in rubric.criteria}
        self.roles = {eid: ev.role for eid, ev in data.evaluators.items()}
        # Derived from the written weights once per run: a `replace` of a weight changes them.
        self.maximum = {c.id: rubric.maximum(c) for c in rubric.criteria}
        self.share = {c.id: rubric.share(c) for c in rubric.criteria}
        self.benchmarks: dict[str, Benchmark] = {}
        # A candidate's evaluators are those who gave it any score (spec: Evaluators), or those
        # its own `evaluators:` lists. Each distinct list of them, with their roles, gets a
        # number, so a result's cache key stays a flat tuple.
        self.active: dict[str, list[str]] = {}
        self.sheets: dict[str, tuple[int, tuple[Mapping[str, str], ...]]] = {}
        groups: dict[tuple[tuple[str, str | None], ...], int] = {}
        self.scored: set[str] = set()
        """Criteria that some evaluator's sheet names and that take scores (no `value:`)."""
        for c in data.candidates:
            for given in c.scores.values():
                self.scored.update(given)
            active = [e for e, given in c.scores.items()
                      if any(v.strip() for v in given.values()) and (not c.evaluators or e in c.evaluators)]
            group = groups.setdefault(tuple((e, self.role_of(c, e)) for e in active), len(groups))
            self.active[c.id] = active
            self.sheets[c.id] = (group, tuple(c.scores[e] for e in active))
        # A criterion with `value:` always takes that value: a score for it is reported, not used.
        self.scored -= {c.id for c in rubric.criteria if c.value is not None}

    def role_of(self, cand: Candidate, evaluator: str) -> str | None:
        """The evaluator's role for this candidate: its own `evaluators:` first, then the input's."""
        return cand.evaluators.get(evaluator) or self.roles.get(evaluator)

    def run(self) -> Evaluation:
        rubric = self.rubric
        self.check_value_names()
        self.check_roles()
        for cand in self.data.candidates:
            self.check_candidate(cand)
        gated = []
        for cand in self.data.candidates:
            env = FactEnv(rubric, cand)
            decided = self.gates(cand, env)
            failed = None if decided is None else [g.id for g in decided if not g.passed]
            gated.append((cand, env, failed, decided or []))
        # A candidate whose gates could not be decided is still checked, so that every
        # problem is reported at once; the problems stop the run before any result.
        qualified = [(c, env) for c, env, failed, _ in gated if not failed]
        gate_results = {c.id: tuple(decided) for c, _, _, decided in gated}
        per_candidate: dict[str, dict[str, CriterionResult]] = {c.id: {} for c, _ in qualified}
        self.score_all(qualified, per_candidate)
        if self.problems:
            raise InputError(self.problems)
        for cand, _ in qualified:
            self.moderate(cand, per_candidate[cand.id])
        out = rank(rubric, [CandidateResult(cand, gate_results[cand.id], self.total(per_candidate[cand.id]), env.values)
                            for cand, env in qualified])
        for cand, env, failed, _ in sorted(gated, key=lambda g: g[0].id):
            if failed:
                out.append(CandidateResult(cand, gate_results[cand.id], None, env.values))
        self.warn(out)
        return Evaluation(rubric, self.data, tuple(out), dict(self.benchmarks), review(rubric, out),
                          tuple(sorted(set(self.warnings))))

    def score_all(self, qualified: list[tuple[Candidate, FactEnv]],
                  per_candidate: dict[str, dict[str, CriterionResult]]) -> None:
        """Score every criterion of every qualified candidate into `per_candidate`."""
        rubric = self.rubric
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

    def moderate(self, cand: Candidate, results: dict[str, CriterionResult]) -> None:
        """Put the committee's agreed points in place of the aggregates they replace."""
        for cid, agreed in cand.moderated.items():
            before = results[cid]
            results[cid] = before._replace(
                points=agreed.points, contribution=agreed.points * before.share / before.maximum,
                original=before.points, reason=agreed.reason,
            )

    # -- problems -----------------------------------------------------------------

    def error(self, cand: Candidate, path: Sequence[PathKey], message: str) -> None:
        self.problems.append(self.at(cand, path, message))

    def at(self, cand: Candidate, path: Sequence[PathKey], message: str) -> Problem:
        """A problem at `path` within the candidate, by key path in the input."""
        return self.in_data(("candidates", cand.index, *path), message)

    def in_data(self, path: Sequence[PathKey], message: str) -> Problem:
        """A problem at a key path of the input, named by the input's source."""
        return Problem(self.file(), 0, 0, f"{format_path(path)}: {message}", path=tuple(path))

    def in_rubric(self, path: Sequence[PathKey], message: str) -> Problem:
        """A problem at a key path of the rubric, named by the rubric's source."""
        return Problem(self.rubric.file, 0, 0, f"{format_path(path)}: {message}", path=tuple(path))

    def criterion_path(self, criterion: Criterion) -> tuple[PathKey, ...]:
        """Where a criterion stands in the rubric's data: `criteria[j]` or `sections[i].criteria[j]`."""
        for i, section in enumerate(self.rubric.sections):
            for j, item in enumerate(section.criteria):
                if item is criterion:
                    return ("criteria", j) if self.rubric.flat else ("sections", i, "criteria", j)
        return ()

    def where_in(self, cand: Candidate, path: Sequence[PathKey]) -> str:
        """The key path of a place in the candidate, for a message naming two places."""
        return format_path(("candidates", cand.index, *path))

    def check_value_names(self) -> None:
        """A `value:` naming neither a metric nor any candidate's fact is a rubric mistake."""
        facts = {f for c in self.data.candidates for f in c.facts}
        known = self.rubric.metrics.keys() | facts | CATALOGUE.keys()
        for criterion in self.rubric.criteria:
            if criterion.value and criterion.value not in known:
                self.problems.append(self.in_rubric(
                    (*self.criterion_path(criterion), "value"),
                    unknown("metric or fact", criterion.value, known),
                ))

    def check_roles(self) -> None:
        """Under role weighting, every declared role must have a weight."""
        roles = self.rubric.aggregation.roles
        if self.rubric.aggregation.method != "weighted":
            return
        for eid, ev in self.data.evaluators.items():
            if ev.role is not None and ev.role not in roles:
                self.problems.append(self.in_data(
                    ("evaluators", eid, "role"),
                    f"role '{ev.role}' has no weight in the rubric; expected one of {', '.join(roles)}"))

    def check_candidate(self, cand: Candidate) -> None:
        """The one-value rule and who rates whom, for one candidate: every clash is located."""
        rubric = self.rubric
        for fact in cand.facts:
            if fact in rubric.metrics:
                there = f"metrics.{fact}"
                self.error(cand, ("facts", fact), f"fact '{fact}' of candidate '{cand.id}' has the name of "
                           f"the rubric's metric '{fact}' ({there}); rename one of them")
        criteria = {c.id: c for c in rubric.criteria}
        doubled: set[str] = set()
        for e, given in cand.scores.items():
            if cand.evaluators and e not in cand.evaluators:
                self.error(cand, ("scores", e), f"evaluator '{e}' scored candidate '{cand.id}', whom only "
                           f"{', '.join(cand.evaluators)} rate (under evaluators)")
                continue
            for cid, text in given.items():
                criterion = criteria.get(cid)
                if criterion is None or not text.strip():
                    continue
                if criterion.value is not None:
                    self.error(cand, ("scores", e, cid), f"criterion '{cid}' takes its value from "
                               f"'{criterion.value}' (value: {criterion.value}); evaluators may not score it")
                elif cid in cand.facts and cid not in doubled and criterion.scale.kind not in RELATIVE_KINDS:
                    doubled.add(cid)
                    self.error(cand, ("facts", cid), f"candidate '{cand.id}' has both a fact '{cid}' and "
                               f"scores for criterion '{cid}' ({self.where_in(cand, ('scores', e, cid))}); "
                               "a criterion's value comes from one place: remove one")
        self.check_listed(cand)

    def check_listed(self, cand: Candidate) -> None:
        """A candidate's own `evaluators:`: each must score it, in a role the rubric weights."""
        weighted = self.rubric.aggregation.method == "weighted"
        roles = self.rubric.aggregation.roles
        active = set(self.active[cand.id])
        for e, role in cand.evaluators.items():
            if e not in active and not self.allow_missing:
                self.error(cand, ("evaluators", e), f"evaluator '{e}' is listed to rate candidate '{cand.id}' "
                           "but gave no scores (use --allow-missing to score without them)")
            if weighted and role and role not in roles:
                self.error(cand, ("evaluators", e), f"role '{role}' has no weight in the rubric; "
                           f"expected one of {', '.join(roles)}")

    # -- gates ---------------------------------------------------------------------

    def gates(self, cand: Candidate, env: FactEnv) -> list[GateResult] | None:
        """Every gate decided, in rubric order, or None when a gate could not be decided."""
        decided: list[GateResult] = []
        ok = True
        for gate in self.rubric.gates:
            if gate.check is None:
                answer = cand.gates.get(gate.id)
                if answer is None:
                    self.error(cand, ("id",), f"candidate '{cand.id}' has no answer for gate '{gate.id}' "
                               f"({gate.title}); expected pass or fail under gates.{gate.id}")
                    ok = False
                else:
                    # The input model keeps the answer read, not its words: `given` is that answer.
                    decided.append(GateResult(gate.id, answer, None, "pass" if answer else "fail", answer))
                continue
            try:
                passed = gate.check.evaluate(env.lookup)
            except EvalError as exc:
                self.error(cand, where(cand, exc), env.explain(exc, f"gate '{gate.id}' ({gate.check.text})"))
                ok = False
                continue
            if not isinstance(passed, bool):
                self.problems.append(self.in_rubric(
                    ("gates", self.rubric.gates.index(gate), "check"),
                    f"expected a true/false check such as 'x <= 3', got a number ({passed})"))
                ok = False
            else:
                decided.append(GateResult(gate.id, passed, gate.check.text, None, None))
        return decided if ok else None

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
                got = scales.points(criterion.scale, text, self.maximum[criterion.id], neutral=source == "metric")
            except ScaleError as exc:
                self.error(cand, path, f"criterion '{criterion.id}': {exc}")
                return None
            result = known[(source, text)] = self.result(criterion, source, got, (), None, got.points)
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
                               f"'{cand.id}' empty")
                return _FAILED
            return None
        failed = False
        if not self.allow_missing:
            for e in evaluators:
                if e not in scorers:
                    self.error(cand, ("scores", e), f"evaluator '{e}' left criterion '{cid}' of candidate "
                               f"'{cand.id}' empty (use --allow-missing to score without it)")
                    failed = True
        entries = self.points_of(criterion, cand, scorers)
        if failed or entries is None:
            return _FAILED
        try:
            combined = combine(self.rubric.aggregation, [g.points for *_, g in entries],
                               [r for _, r, _, _ in entries], [e for e, *_ in entries])
        except DecimalException as exc:
            self.error(cand, ("scores",), f"criterion '{cid}': cannot combine the scores ({type(exc).__name__})")
            return _FAILED
        trail = tuple(
            EvaluatorPoints(e, role, text, got.points, got.label, i in combined.dropped, got.rule)
            for i, (e, role, text, got) in enumerate(entries)
        )
        how = self.aggregated(combined, len(entries))
        result = known[key] = self.result(criterion, "judged", None, trail, how, combined.points)
        return result


    def points_of(self, criterion: Criterion, cand: Candidate,
                  scorers: list[str]) -> list[tuple[str, str | None, str, Points]] | None:
        """(evaluator, role, text, points) of each scorer; None after a reported problem."""
        cid = criterion.id
        roles = self.rubric.aggregation.roles
        weighted = self.rubric.aggregation.method == "weighted"
        cache = self.cache[cid]
        entries: list[tuple[str, str | None, str, Points]] = []
        failed = False
        for e in scorers:
            text = cand.scores[e][cid]
            role = self.role_of(cand, e)
            if weighted and role not in roles:
                if role is None:  # a declared role without weight is reported once, by check_roles
                    self.error(cand, ("scores", e), f"evaluator '{e}' has no role; method 'weighted' needs "
                               f"one of {', '.join(roles)} under evaluators.{e}.role")
                failed = True
                continue
            got = cache.get(text)
            if got is None:
                try:
                    got = scales.points(criterion.scale, text, self.maximum[cid])
                except ScaleError as exc:
                    self.error(cand, ("scores", e, cid), f"{exc}")
                    failed = True
                    continue
                cache[text] = got
            entries.append((e, role, text, got))
        return None if failed else entries

    def aggregated(self, combined: Combined, n: int) -> Aggregated:
        """The working of a combination: method, trim, any fallback and its reason, role means."""
        how = self.rubric.aggregation
        if how.method != "trimmed-mean":
            return Aggregated(how.method, None, None, combined.roles, combined.present)
        fallback = None
        if combined.fallback:
            need = 2 * how.trim + 1
            fallback = Fallback(n, need, f"a trimmed mean needs at least {need} scores (trim {how.trim}), "
                                f"got {n}; took the plain mean")
        return Aggregated(how.method, how.trim, fallback)

    def result(self, criterion: Criterion, source: str, got: Points | None,
               trail: tuple[EvaluatorPoints, ...], how: Aggregated | None, points: Decimal) -> CriterionResult:
        """A criterion's result with its working; `got` is the scale's reading of a fact or metric."""
        maximum, share = self.maximum[criterion.id], self.share[criterion.id]
        shown = got is not None and source != "judged"
        return CriterionResult(
            criterion, "judged" if source == "judged" else "metric" if source == "metric" else "fact",
            got.value if shown and got is not None else None,
            got.label if shown and got is not None else "",
            got.description if shown and got is not None else "",
            trail, how, got.rule if shown and got is not None else None,
            points, maximum, share, points * share / maximum,
        )

    def has_value(self, criterion: Criterion, cand: Candidate) -> bool:
        return criterion.id in cand.facts or criterion.value is not None

    def value_of(
        self, criterion: Criterion, cand: Candidate, env: FactEnv
    ) -> tuple[str, str | Decimal, tuple[PathKey, ...]] | None:
        """(source, value as text, where it is) of a fact or metric criterion; None after a problem."""
        name = criterion.value
        if name is None:  # nobody scores it: the candidate's fact under its id
            if criterion.id in cand.facts:
                return ("fact", cand.facts[criterion.id], ("facts", criterion.id))
            self.error(cand, ("id",), f"candidate '{cand.id}' has no value for criterion '{criterion.id}'; "
                       f"expected evaluators' scores or a fact '{criterion.id}'")
            return None
        # `value: NAME` always wins, even over a fact named like the criterion. A rubric metric
        # and a fact of one name are reported as a clash; a fact stands in for a catalogue metric.
        if name in self.rubric.metrics or (name not in cand.facts and lookup_metric(name) is not None):
            try:
                value = env.lookup(name)
            except EvalError as exc:
                self.error(cand, where(cand, exc), env.explain(exc, f"criterion '{criterion.id}'"))
                return None
            # A computed number flows as the Decimal it is: the limits on written numbers are not for it.
            return ("metric", value if isinstance(value, Decimal) else str(value), ("facts",))
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
                           f"give its value under facts.{criterion.id}")
                continue
            found = self.value_of(criterion, cand, env)
            if found is None:
                continue
            source, text, path = found
            try:
                number = text if isinstance(text, Decimal) else read_number(text)
            except NumberError as exc:
                self.error(cand, path, f"criterion '{criterion.id}': {exc}")
                continue
            values[cand.id], sources[cand.id] = number, source
        scale = criterion.scale
        assert isinstance(scale, (RatioScale, RankScale))  # only relative kinds come here
        try:
            got = scales.relative_points(scale, values, self.maximum[criterion.id])
        except ScaleError as exc:
            cand = next(c for c, _ in qualified if c.id in values)
            self.error(cand, ("facts",), f"criterion '{criterion.id}': {exc}")
            return
        for cid, points in got.items():
            out[cid][criterion.id] = self.result(criterion, sources[cid], points, (), None, points.points)
            if isinstance(points.rule, RatioRule):
                self.benchmarks[criterion.id] = Benchmark(points.rule.benchmark, points.rule.benchmark_candidates)

    # -- totals --------------------------------------------------------------------

    def total(self, results: dict[str, CriterionResult]) -> Score:
        """A qualified candidate's figures, not yet ranked."""
        return make_score(self.rubric, [results[c.id] for c in self.rubric.criteria])

    # -- warnings ------------------------------------------------------------------

    def warn(self, results: Sequence[CandidateResult]) -> None:
        """What the user should know that is no error: fallbacks, idle evaluators, unused data."""
        for r in results:
            for c in r.criteria:
                if c.aggregation is not None and c.aggregation.fallback is not None:
                    self.warnings.append(self.at(r.candidate, ("scores",), (
                        f"criterion '{c.criterion.id}' of candidate '{r.candidate.id}': "
                        f"{c.aggregation.fallback.reason}")))
        self.warn_idle()
        self.warn_unused()

    def warn_idle(self) -> None:
        """An evaluator the input lists who scored nobody; a judged criterion nobody scored."""
        scorers = {e for c in self.data.candidates for e, given in c.scores.items()
                   if any(v.strip() for v in given.values())}
        for eid in self.data.evaluators:
            if eid not in scorers:
                message = f"evaluator '{eid}' scored no candidate"
                self.warnings.append(self.in_data(("evaluators", eid), message))
        if not scorers:
            return  # an input of facts alone: no criterion was meant to be scored
        for criterion in self.rubric.criteria:
            if (criterion.scale.kind in _JUDGED_KINDS and criterion.value is None
                    and criterion.id not in self.scored):
                message = (f"criterion '{criterion.id}' was scored by no evaluator; each candidate's "
                           f"fact '{criterion.id}' was used")
                self.warnings.append(self.in_rubric(self.criterion_path(criterion), message))

    def warn_unused(self) -> None:
        """A fact that no criterion, metric, gate or tie-break reads, once, where it first appears."""
        facts = {f for c in self.data.candidates for f in c.facts}
        used = names_used(self.rubric, facts)
        reported_: set[str] = set()
        for cand in self.data.candidates:
            for fact in cand.facts:
                if fact not in used and fact not in reported_:
                    reported_.add(fact)
                    self.warnings.append(self.at(cand, ("facts", fact), (
                        f"fact '{fact}' is used by no criterion, metric, gate or tie-break")))

    def file(self) -> str:
        return self.data.files[0] if self.data.files else "<input>"


_FAILED = object()
