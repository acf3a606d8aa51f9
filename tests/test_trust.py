"""Issue 10: no silent wrong numbers. Each figure is worked by hand from the spec's rule text."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, EXAMPLES, RUBRICS, D

from scoring import evaluate, load_input, load_rubric, locate
from scoring.engine.aggregate import combine
from scoring.model.errors import InputError, InvalidError, Problem, RubricError
from scoring.model.expr import parse
from scoring.model.results import Evaluation
from scoring.model.rubric import Aggregation

TRUST = DATA / "trust"


def where(p: Problem) -> str:
    """A problem as printed, with the file's folder left out."""
    return f"{Path(p.file).name}:{p.line}:{p.column}: {p.message}"


def run(rubric: Path, data: Path, *, allow_missing: bool = False) -> Evaluation:
    """Evaluate two files, the problems and warnings placed in them as the CLI places them."""
    loaded = load_rubric(rubric)
    read = load_input(data, loaded)
    try:
        result = evaluate(loaded, read, allow_missing=allow_missing)
    except InvalidError as exc:
        raise InputError(locate(exc.problems, loaded, read)) from None
    return replace(result, warnings=tuple(sorted(locate(result.warnings, loaded, read))))


def problems(rubric: Path, data: Path, *, allow_missing: bool = False) -> list[str]:
    with pytest.raises(InvalidError) as caught:
        run(rubric, data, allow_missing=allow_missing)
    return [where(p) for p in caught.value.problems]


def files(tmp_path: Path, rubric: str, data: str) -> tuple[Path, Path]:
    r, i = tmp_path / "r.yaml", tmp_path / "i.yaml"
    r.write_text(rubric, encoding="utf-8")
    i.write_text(data, encoding="utf-8")
    return r, i


def by_id(ev: Evaluation) -> dict[str, object]:
    return {r.candidate.id: r for r in ev.candidates}


# -- 1. one value rule ----------------------------------------------------------------

SALES = (
    "title: T\nmetrics: {attainment: sales / quota}\n"
    "criteria:\n"
    "  - {id: sales, title: Sales, weight: 100%, value: attainment,\n"
    "     scale: {linear: [[80%, 0], [120%, 100%]]}}\n"
)


def test_value_takes_the_named_metric_even_when_a_fact_shares_the_criterion_id(tmp_path: Path) -> None:
    r, i = files(tmp_path, SALES, "candidates:\n  - {id: a, facts: {sales: 110, quota: 100}}\n")
    (a,) = run(r, i).candidates
    # attainment = 110 / 100 = 1.1; on the knots (0.8, 0) .. (1.2, 100% of 100):
    # (1.1 - 0.8) / 0.4 × 100 = 75. The raw fact `sales` (110) would have been past the cap: 100.
    assert a.criteria[0].source == "metric"
    assert a.criteria[0].value == D("1.1")
    assert a.reported_total == D("75.00")


def test_a_score_for_a_criterion_with_value_is_an_error(tmp_path: Path) -> None:
    r, i = files(tmp_path, SALES, "candidates:\n  - id: a\n    facts: {sales: 110, quota: 100}\n"
                 "    scores: {wang: {sales: 90%}}\n")
    assert problems(r, i) == [
        "i.yaml:4:28: candidates[0].scores.wang.sales: criterion 'sales' takes its value from 'attainment' (value: attainment); "
        "evaluators may not score it",
    ]


def test_scores_and_a_fact_for_one_criterion_name_both_places(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - id: a\n    facts: {fit: 4}\n    scores:\n      wang: {fit: 3}\n",
    )
    assert problems(r, i) == [
        "i.yaml:3:18: candidates[0].facts.fit: candidate 'a' has both a fact 'fit' and scores for criterion 'fit' "
        "(candidates[0].scores.wang.fit); a criterion's value comes from one place: remove one",
    ]


def test_a_fact_named_like_a_rubric_metric_is_a_clash(tmp_path: Path) -> None:
    r, i = files(tmp_path, SALES, "candidates:\n  - {id: a, facts: {sales: 110, quota: 100, attainment: 2}}\n")
    assert problems(r, i) == [
        "i.yaml:2:57: candidates[0].facts.attainment: fact 'attainment' of candidate 'a' has the name of the rubric's metric "
        "'attainment' (metrics.attainment); rename one of them",
    ]


def test_a_criterion_nobody_scores_takes_the_fact_under_its_id(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - {id: a, facts: {fit: 4}}\n",
    )
    # 4 on a 0-5 scale earns 4/5 of 100 = 80
    assert run(r, i).candidates[0].reported_total == D("80.00")



def test_a_criterion_named_like_a_catalogue_metric_reads_no_metric_facts(tmp_path: Path) -> None:
    # `csat` has no `value:` and is scored by e1 (4 of 5 = 80); it never reads the catalogue's
    # csat = satisfied_customers / surveyed_customers, so those facts are unused and said to be.
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: csat, title: CSAT, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - {id: a, facts: {satisfied_customers: 9, surveyed_customers: 10}, scores: {e1: {csat: 4}}}\n",
    )
    ev = run(r, i)
    assert ev.candidates[0].reported_total == D("80.00")
    assert sorted(p.message for p in ev.warnings) == [
        f"candidates[0].facts.{f}: fact '{f}' is used by no criterion, metric, gate or tie-break"
        for f in ("satisfied_customers", "surveyed_customers")]

# -- 2. no empty values ---------------------------------------------------------------


def test_a_number_with_commas_in_a_flow_mapping_is_an_error_with_a_hint() -> None:
    # YAML reads {bid_price: 1,280,000} as bid_price: 1, 280: (empty), 000: (empty)
    hint = ('fact \'{key}\' has no value: inside {{...}} YAML reads a number with commas as several keys; '
            'write bid_price: "1,280,000" in quotes')
    assert problems(TRUST / "bid-rubric.yaml", TRUST / "bid-flow.yaml") == [
        "bid-flow.yaml:3:26: candidates[0].facts.280: " + hint.format(key="280"),
        "bid-flow.yaml:3:30: candidates[0].facts.000: " + hint.format(key="000"),
    ]


def test_quoted_and_block_numbers_with_commas_are_numbers() -> None:
    r = by_id(run(TRUST / "bid-rubric.yaml", TRUST / "bid-quoted.yaml"))
    # ratio: lowest: 10 × 1,200,000 / 1,280,000 = 9.375 -> 9.38; the lowest bid earns 10
    assert r["vendor-a"].total == D("9.375")  # type: ignore[attr-defined]
    assert r["vendor-b"].total == D(10)  # type: ignore[attr-defined]


def test_an_empty_fact_score_or_gate_answer_is_an_error(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ngates: [{id: ok, title: OK}]\n"
        "criteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - id: a\n    facts: {size: ~}\n    gates: {ok: ''}\n    scores: {wang: {fit: }}\n",
    )
    tail = '; expected one (a number with commas is written in quotes: "1,280,000")'
    assert problems(r, i) == [
        "i.yaml:3:13: candidates[0].facts.size: fact 'size' has no value" + tail,
        "i.yaml:4:17: candidates[0].gates.ok: the answer to gate 'ok' has no value" + tail,
        "i.yaml:5:21: candidates[0].scores.wang.fit: the score of 'wang' for criterion 'fit' has no value" + tail,
    ]


# -- 3. input ids and yes/no words ------------------------------------------------------


def test_ids_differing_only_by_case_or_width_are_errors(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - {id: Vendor-A, facts: {fit: 4}}\n  - {id: vendor-a, facts: {fit: 5}}\n"
        "  - {id: ｖendor-b, scores: {wang: {fit: 1}, Ｗang: {fit: 2}}}\n",
    )
    assert problems(r, i) == [
        "i.yaml:3:10: candidates[1].id: expected an id that differs from 'Vendor-A' by more than letter case or "
        "full-width form, got 'vendor-a'",
        "i.yaml:4:45: candidates[2].scores.Ｗang: expected an id that differs from 'wang' by more than letter case or "
        "full-width form, got 'Ｗang'",
    ]


def test_an_evaluator_listed_twice_for_one_candidate_is_an_error(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - {id: a, evaluators: [wang, li, wang], scores: {wang: {fit: 1}, li: {fit: 2}}}\n",
    )
    assert problems(r, i) == ["i.yaml:2:36: candidates[0].evaluators[2]: evaluator 'wang' is listed twice for this candidate"]


@pytest.mark.parametrize(("word", "qualified"), [("合格", True), ("不合格", False), ("是", True),
                                                 ("FAIL", False), ("ｙｅｓ", True)])
def test_gate_answers_take_the_same_words_everywhere(tmp_path: Path, word: str, qualified: bool) -> None:
    r, i = files(
        tmp_path,
        "title: T\ngates: [{id: ok, title: OK}]\n"
        "criteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        f"candidates:\n  - {{id: a, facts: {{fit: 5}}, gates: {{ok: {word}}}}}\n",
    )
    assert run(r, i).candidates[0].qualified is qualified


def test_a_true_false_fact_reads_as_a_yes_no_in_a_check(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ngates: [{id: iso, title: ISO, check: certified}]\n"
        "criteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - {id: a, facts: {fit: 5, certified: 是}}\n  - {id: b, facts: {fit: 5, certified: no}}\n",
    )
    r_ = by_id(run(r, i))
    assert r_["a"].qualified and not r_["b"].qualified  # type: ignore[attr-defined]


# -- 4. who rates whom -------------------------------------------------------------------

APPRAISAL = TRUST / "appraisal-rubric.yaml"


def test_per_candidate_roles_take_precedence(tmp_path: Path) -> None:
    data = tmp_path / "i.yaml"
    data.write_text(
        "evaluators: {wang: {role: peer}, li: {role: peer}, zhang: {role: self}}\n"
        "candidates:\n"
        "  - id: ann\n    evaluators: {wang: superior, li: peer, zhang: self}\n"
        "    scores: {wang: {work: 10}, li: {work: 5}, zhang: {work: 5}}\n",
        encoding="utf-8",
    )
    (ann,) = run(APPRAISAL, data).candidates
    # work is 100% of 100 on a 0-10 scale: 10 -> 100, 5 -> 50.
    # wang rates ann as superior (not peer): 0.6 × 100 + 0.2 × 50 + 0.2 × 50 = 80
    # (with the input-level roles it would be peers (100 + 50) / 2 = 75 and self 50: (15 + 10) / 0.4 = 62.5)
    assert ann.reported_total == D("80.00")
    assert [e.role for e in ann.criteria[0].evaluators] == ["superior", "peer", "self"]


def test_scores_from_outsiders_and_silent_listed_evaluators_are_errors() -> None:
    assert problems(APPRAISAL, TRUST / "appraisal-360.yaml") == [
        "appraisal-360.yaml:16:7: candidates[1].scores.zhang: evaluator 'zhang' scored candidate 'bob', "
        "whom only li rate (under evaluators)",
        "appraisal-360.yaml:18:38: candidates[2].evaluators.li: evaluator 'li' is listed to rate candidate 'cal' "
        "but gave no scores "
        "(use --allow-missing to score without them)",
    ]


def test_allow_missing_excuses_a_listed_evaluator_but_not_an_outsider() -> None:
    assert problems(APPRAISAL, TRUST / "appraisal-360.yaml", allow_missing=True) == [
        "appraisal-360.yaml:16:7: candidates[1].scores.zhang: evaluator 'zhang' scored candidate 'bob', "
        "whom only li rate (under evaluators)",
    ]


# -- 5. aggregation ----------------------------------------------------------------------

TRIMMED = Aggregation("trimmed-mean", trim=1)


def test_trimmed_mean_drops_the_lowest_and_the_highest() -> None:
    # 7, 9, 4 ordered: 4, 7, 9; trim 1 drops 4 and 9: 7
    got = combine(TRIMMED, [D("7"), D("9"), D("4")], [None] * 3, ["e1", "e2", "e3"])
    assert got.points == D(7) and got.dropped == frozenset({1, 2}) and not got.fallback


def test_equal_points_are_dropped_in_evaluator_id_order() -> None:
    # 5, 5, 5 from e2, e1, e3: ordered by (points, id) e1, e2, e3; the first (e1, index 1) and
    # the last (e3, index 2) are dropped; the mean of the kept 5 is 5
    got = combine(TRIMMED, [D(5), D(5), D(5)], [None] * 3, ["e2", "e1", "e3"])
    assert got.dropped == frozenset({1, 2}) and got.points == D(5)


@pytest.mark.parametrize(("points", "mean"), [(["6"], "6"), (["6", "3"], "4.5")])
def test_too_few_scores_fall_back_to_the_mean_and_say_so(points: list[str], mean: str) -> None:
    # trim 1 needs 2 × 1 + 1 = 3 scores; one score is a mean of one (6), two a mean of two (9 / 2)
    got = combine(TRIMMED, [D(p) for p in points], [None] * len(points), [f"e{n}" for n in range(len(points))])
    assert got.points == D(mean) and got.fallback and not got.dropped


def test_one_score_fallback_is_recorded_on_the_result_and_warned(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\nevaluators: {method: trimmed-mean, trim: 1}\n"
        "criteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 10}}}\n",
        "candidates:\n  - {id: a, scores: {wang: {fit: 6}}}\n",
    )
    ev = run(r, i)
    (a,) = ev.candidates
    # one score 6 of 10 is 60 of 100; a mean of one is that score
    assert a.criteria[0].fallback and a.reported_total == D("60.00")
    assert [where(w) for w in ev.warnings] == [
        "i.yaml:2:13: candidates[0].scores: criterion 'fit' of candidate 'a': a trimmed mean needs at least 3 scores (trim 1), "
        "got 1; took the plain mean",
    ]


def test_weighted_single_rater_still_needs_a_weighted_role(tmp_path: Path) -> None:
    data = tmp_path / "i.yaml"
    data.write_text("candidates:\n  - {id: a, scores: {wang: {work: 7}}}\n", encoding="utf-8")
    assert problems(APPRAISAL, data) == [
        "i.yaml:2:22: candidates[0].scores.wang: evaluator 'wang' has no role; method 'weighted' needs one of "
        "superior, peer, self "
        "under evaluators.wang.role",
    ]
    data.write_text("candidates:\n  - {id: a, evaluators: {wang: peer}, scores: {wang: {work: 7}}}\n",
                    encoding="utf-8")
    # one peer: 0.2 × 70 renormalised over the roles present (0.2): 70
    assert run(APPRAISAL, data).candidates[0].reported_total == D("70.00")


# -- 6. rounding: items ------------------------------------------------------------------

THIRDS = (
    "title: T\n{rounding}grades: [{{min: 50, label: pass}}, {{min: 0, label: fail}}]\n"
    "sections:\n"
    "  - {{id: s1, title: S1, weight: 50%, criteria: [{{id: a, title: A, points: 3, scale: {{direct: {{min: 0, max: 3}}}}}},\n"
    "                                               {{id: b, title: B, points: 3, scale: {{direct: {{min: 0, max: 3}}}}}}]}}\n"
    "  - {{id: s2, title: S2, weight: 50%, criteria: [{{id: c, title: C, points: 3, scale: {{direct: {{min: 0, max: 3}}}}}}]}}\n"
)
THIRDS_INPUT = "candidates:\n  - {id: x, facts: {a: 1, b: 1, c: 2}}\n"


def test_rounding_items_makes_the_parts_add_up(tmp_path: Path) -> None:
    r, i = files(tmp_path, THIRDS.format(rounding="rounding: items\n"), THIRDS_INPUT)
    (x,) = run(r, i).candidates
    # a and b each have 3 of s1's 6 points: a share of 25; 1 of 3 earns 25/3 = 8.333… -> 8.33
    # c has all of s2's share, 50; 2 of 3 earns 100/3 = 33.333… -> 33.33
    assert [c.contribution for c in x.criteria] == [D("8.33"), D("8.33"), D("33.33")]
    assert [s.points for s in x.sections] == [D("16.66"), D("33.33")]  # 8.33 + 8.33; 33.33
    assert x.reported_total == D("49.99")  # 16.66 + 33.33
    assert x.grade == "fail"  # the grade follows the reported 49.99, below 50


def test_rounding_total_rounds_only_the_total(tmp_path: Path) -> None:
    r, i = files(tmp_path, THIRDS.format(rounding=""), THIRDS_INPUT)
    (x,) = run(r, i).candidates
    # 25/3 + 25/3 + 100/3 = 150/3 = 50 exactly -> 50.00, pass
    assert x.reported_total == D("50.00") and x.grade == "pass"


# -- 7. units ----------------------------------------------------------------------------


def test_a_percent_fact_against_plain_bands_is_an_error(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: csat, title: CSAT, weight: 100%,\n"
        "     scale: {bands: [{min: 90, points: 100%}, {points: 0}]}}\n",
        "candidates:\n  - {id: a, facts: {csat: 92%}}\n",
    )
    # 92% is 0.92, which `min: 90` would silently score 0: an error instead
    assert problems(r, i) == [
        "i.yaml:2:27: candidates[0].facts.csat: criterion 'csat': expected a plain number, "
        "as the scale's bands are written (90), got '92%'",
    ]


ATTAINMENT = (
    "title: T\n{metrics}criteria:\n  - {{id: attainment, title: A, weight: 100%,\n"
    "     scale: {{linear: [[80%, 0], [100%, 100%], [120%, 120%]]}}}}\n"
)


def test_a_plain_fact_against_percent_knots_is_an_error(tmp_path: Path) -> None:
    r, i = files(tmp_path, ATTAINMENT.format(metrics=""), "candidates:\n  - {id: a, facts: {attainment: 95}}\n")
    # 95 against knots at 0.8 … 1.2 would earn the 120% cap: an error instead
    assert problems(r, i) == [
        "i.yaml:2:33: candidates[0].facts.attainment: criterion 'attainment': expected a percent, "
        "as the scale's knots are written (80%), got '95'",
    ]


def test_a_percent_fact_and_a_metric_feed_percent_knots(tmp_path: Path) -> None:
    r, i = files(tmp_path, ATTAINMENT.format(metrics=""), "candidates:\n  - {id: a, facts: {attainment: 95%}}\n")
    # 0.95 between (0.8, 0) and (1.0, 100): 0.15 / 0.2 × 100 = 75
    assert run(r, i).candidates[0].reported_total == D("75.00")
    rubric = ATTAINMENT.format(metrics="metrics: {ratio: sales / quota}\n").replace(
        "title: A,", "title: A, value: ratio,")
    r, i = files(tmp_path, rubric, "candidates:\n  - {id: a, facts: {sales: 90, quota: 100}}\n")
    # the metric 0.9 is unit-neutral: 0.1 / 0.2 × 100 = 50
    assert run(r, i).candidates[0].reported_total == D("50.00")


# -- 8. warnings -------------------------------------------------------------------------


def test_warnings_for_idle_evaluators_unscored_criteria_and_unused_facts(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n"
        "  - {id: fit, title: Fit, weight: 50%, scale: {direct: {min: 0, max: 5}}}\n"
        "  - {id: ops, title: Ops, weight: 50%, scale: {direct: {min: 0, max: 5}}}\n",
        "evaluators: {wang: {}, zhao: {}}\n"
        "candidates:\n  - {id: a, facts: {ops: 5, colour: red}, scores: {wang: {fit: 4}}}\n",
    )
    ev = run(r, i)
    # fit: 4/5 of 50 = 40; ops from the fact: 50; total 90
    assert ev.candidates[0].reported_total == D("90.00")
    assert [where(w) for w in ev.warnings] == [
        "i.yaml:1:24: evaluators.zhao: evaluator 'zhao' scored no candidate",
        "i.yaml:3:37: candidates[0].facts.colour: fact 'colour' is used by no criterion, metric, gate or tie-break",
        "r.yaml:4:5: criteria[1]: criterion 'ops' was scored by no evaluator; each candidate's fact 'ops' was used",
    ]


# -- 9. nothing escapes ------------------------------------------------------------------


def test_a_huge_score_is_refused_with_a_short_message(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: fit, title: Fit, weight: 100%, scale: {direct: {min: 0, max: 5}}}\n",
        "candidates:\n  - {id: a, scores: {wang: {fit: 1e999999999}}}\n",
    )
    assert problems(r, i) == [
        "i.yaml:2:34: candidates[0].scores.wang.fit: expected a number below 10^15 in magnitude, got '1e999999999'",
    ]


def test_a_metric_cycle_through_the_catalogue_is_a_located_error(tmp_path: Path) -> None:
    r, i = files(
        tmp_path,
        "title: T\ncriteria:\n  - {id: value, title: V, weight: 100%, value: clv,\n"
        "     scale: {bands: [{min: 1000, points: 100%}, {points: 0}]}}\n",
        "candidates:\n  - {id: a, facts: {purchase_frequency: 2, customer_lifespan: 3}}\n",
    )
    rubric = load_rubric(r)
    # average_order_value: clv / 2 and the catalogue's clv = average_order_value × … refer to each other
    looped = replace(rubric, metrics={"average_order_value": parse("clv / 2")})
    read = load_input(i, looped)
    with pytest.raises(InputError) as caught:
        evaluate(looped, read)
    assert [where(p) for p in locate(caught.value.problems, looped, read)] == [
        # the cycle closes inside average_order_value, which is named
        "i.yaml:2:13: candidates[0].facts: criterion 'value': candidate 'a', metric 'average_order_value' "
        "(clv / 2): metrics refer to each other in a cycle: clv -> average_order_value -> clv",
    ]


def test_a_key_error_in_code_built_data_becomes_an_input_error() -> None:
    rubric = load_rubric(RUBRICS / "crm-vendor-selection.yaml")
    broken = replace(rubric, tie_break=("no-such-section",))  # only a model built in code can say this
    # evaluate re-checks the rubric's invariants: the unknown id is reported at its key path.
    with pytest.raises(RubricError) as caught:
        evaluate(broken, load_input(EXAMPLES / "crm-vendor-bids.yaml", rubric))
    assert [str(p) for p in caught.value.problems] == [
        f"{RUBRICS / 'crm-vendor-selection.yaml'}: tie-break[0]: unknown section or criterion 'no-such-section'",
    ]


def test_decimals_are_exact_in_results() -> None:
    assert isinstance(run(TRUST / "bid-rubric.yaml", TRUST / "bid-quoted.yaml").candidates[0].total, Decimal)
