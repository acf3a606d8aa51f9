"""Read an input (candidates, facts, gate answers, evaluators' scores), from a YAML file or
from plain data, into an `Input`. Nothing here imports YAML until a file is loaded."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from scoring.load.fields import Reader, describe
from scoring.load.places import PlainTree as Tree
from scoring.load.places import data_sha256, file_sha256, located_as_read, plain_tree
from scoring.model.errors import InputError, Problem, unknown
from scoring.model.inputs import Candidate, Evaluator, Input, Moderation
from scoring.model.rubric import Rubric

if TYPE_CHECKING:
    from pathlib import Path

_TOP_KEYS = {"rubric", "evaluators", "candidates", "title", "date"}
_CANDIDATE_KEYS = {"id", "name", "facts", "gates", "scores", "moderated", "evaluators", "comments"}
_EVALUATOR_KEYS = {"role", "name"}
_GROUP = re.compile(r"\d{3}")
"""A key YAML made of the digits after a comma in `{bid_price: 1,280,000}`."""


def load_input(file: str | Path, rubric: Rubric | None = None) -> Input:
    """Read an input file: `parse_input` of its text tree, its problems located at
    `FILE:LINE:COLUMN`, its places recorded (below 1 MiB) for problems found later; with
    `rubric`, its ids are also checked against the rubric's.

    Raises `InputError` carrying every problem found. Values are checked against their
    scales later, by `evaluate`.
    """
    from scoring.load.yamlfile import YamlSyntaxError, load_yaml

    try:
        doc = load_yaml(file, places=True)
    except YamlSyntaxError as exc:
        raise InputError([exc.problem]) from None
    name, source, tree, places = doc.name, doc.source, cast(Tree, doc.data), doc.places  # a YAML tree is a plain tree
    del doc  # the tree is converted next; keep no second copy beside it
    problems: list[Problem] = []
    result = read_input(tree, Reader(name, problems), rubric, file_sha256(source))
    del tree
    if problems or result is None:
        raise InputError(located_as_read(problems, source, name, places))
    return replace(result, places=places or ())  # None only at PLACES_BYTES and above: no places kept


def parse_input(data: Mapping[str, Any], rubric: Rubric | None = None, source: str = "<data>") -> Input:
    """Build an input from plain Python data (as `json.load` gives it), with the validation
    and messages of `load_input`; problems are located by key path.

    Raises `InputError` carrying every problem found.
    """
    problems: list[Problem] = []
    tree = plain_tree(data, source, problems)
    result = read_input(tree, Reader(source, problems), rubric, data_sha256(data))
    if problems or result is None:
        raise InputError(problems)
    return result


def read_input(tree: Tree, r: Reader, rubric: Rubric | None, digest: str) -> Input | None:
    """Read an input from a text tree, recording problems on `r`."""
    top = r.mapping((), tree, allowed=_TOP_KEYS, required=("candidates",))
    if top is None:
        return None
    evaluators: dict[str, Evaluator] = {}
    for eid, body in (r.mapping(("evaluators",), top.get("evaluators", {})) or {}).items():
        spec = r.mapping(("evaluators", eid), body, allowed=_EVALUATOR_KEYS)
        if spec is not None:
            role = r.text(("evaluators", eid, "role"), spec["role"]) if "role" in spec else None
            name = r.text(("evaluators", eid, "name"), spec.get("name", eid), required=False) or eid
            evaluators[eid] = Evaluator(eid, role, name)
    r.unique_ids([(("evaluators", eid), eid) for eid in evaluators])
    candidates = []
    seen: dict[str, int] = {}
    for i, item in enumerate(r.sequence(("candidates",), top.get("candidates", [])) or []):
        candidate = _candidate(r, i, item, rubric, evaluators)
        if candidate is None:
            continue
        if candidate.id in seen:
            r.error(("candidates", i, "id"), f"duplicate candidate id '{candidate.id}' "
                    f"(first used at candidates[{seen[candidate.id]}])")
            continue
        seen[candidate.id] = i
        candidates.append(candidate)
    r.unique_ids([(("candidates", c.index, "id"), c.id) for c in candidates])
    rubric_ref = r.text(("rubric",), top["rubric"]) if "rubric" in top else None
    title = r.text(("title",), top.get("title", ""), required=False) or ""
    day = r.text(("date",), top.get("date", ""), required=False) or ""
    if day and not _is_date(day):
        r.error(("date",), f"expected a date as YYYY-MM-DD, got {day!r}")
    return Input(
        candidates=tuple(candidates),
        evaluators=evaluators,
        files=(r.source,),
        sha256={r.source: digest},
        rubric=rubric_ref,
        title=title,
        date=day,
    )


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _candidate(r: Reader, i: int, item: Tree, rubric: Rubric | None, listed: Mapping[str, Evaluator]) -> Candidate | None:
    path = ("candidates", i)
    spec = r.mapping(path, item, allowed=_CANDIDATE_KEYS, required=("id",))
    if spec is None or "id" not in spec:
        return None
    cid = r.ident((*path, "id"), spec["id"])
    name = r.text((*path, "name"), spec.get("name", cid or ""), required=False)
    facts: dict[str, str] = {}
    items = list((r.mapping((*path, "facts"), spec.get("facts", {})) or {}).items())
    for k, (fact, value) in enumerate(items):
        if not isinstance(value, str):
            r.error((*path, "facts", fact), f"expected a number, percent or word, got {describe(value)}")
        elif not value.strip():
            r.error((*path, "facts", fact), _empty(f"fact '{fact}'", items, k))
        else:
            facts[fact] = value
    gates, answers = _gate_answers(r, path, spec.get("gates", {}), rubric)
    scores = _scores(r, path, spec.get("scores", {}), rubric)
    moderated = _moderation(r, path, spec.get("moderated", {}), rubric)
    raters = _raters(r, path, spec["evaluators"]) if "evaluators" in spec else {}
    authors = raters if "evaluators" in spec else {**listed, **scores}
    comments = _comments(r, path, spec["comments"], authors, "evaluators" in spec) if "comments" in spec else {}
    if cid is None or name is None:
        return None
    return Candidate(cid, name or cid, facts, gates, scores, i, moderated, raters, answers, comments)


def _comments(r: Reader, path: tuple[str | int, ...], raw: Tree, authors: Mapping[str, object], own: bool
              ) -> dict[str, str]:
    """`comments: {evaluator: text}` (评语), texts as written; an empty text is no comment. An
    author is one of `authors`: the candidate's own `evaluators:` when `own`, else whoever
    scored it or is listed under the input's `evaluators:`."""
    out: dict[str, str] = {}
    cpath = (*path, "comments")
    spec = r.mapping(cpath, raw) or {}
    for eid, body in spec.items():
        if eid not in authors:
            rule = ("one of this candidate's 'evaluators'" if own else
                    "an evaluator who scored this candidate or one listed under the input's 'evaluators'")
            r.error((*cpath, eid), f"a comment's author must be {rule}: {unknown('evaluator', eid, authors)}")
            continue
        text = r.text((*cpath, eid), body, required=False)
        if text is not None and text.strip():
            out[eid] = text
    r.unique_ids([((*cpath, eid), eid) for eid in spec])
    return out


def _empty(what: str, items: list[tuple[str, Tree]], k: int) -> str:
    """The message for an empty value: `what` has none, with a hint to quote numbers with commas."""
    split = _split_number(items, k)
    if split is not None:
        name, number = split
        return (f"{what} has no value: inside {{...}} YAML reads a number with commas as several keys; "
                f'write {name}: "{number}" in quotes')
    return f'{what} has no value; expected one (a number with commas is written in quotes: "1,280,000")'


def _split_number(items: list[tuple[str, Tree]], k: int) -> tuple[str, str] | None:
    """(key, number) when item `k` is a three-digit key that YAML split off a number like 1,280,000."""

    def group(j: int) -> bool:
        return 0 <= j < len(items) and _GROUP.fullmatch(items[j][0]) is not None and items[j][1] == ""

    if not group(k):
        return None
    start, end = k, k
    while group(start - 1):
        start -= 1
    while group(end + 1):
        end += 1
    if start == 0:
        return None
    head, value = items[start - 1]
    if not isinstance(value, str) or not re.fullmatch(r"[+-]?\d{1,3}", value.strip()):
        return None
    return head, ",".join([value.strip(), *(key for key, _ in items[start:end + 1])])


def _scores(r: Reader, path: tuple[str | int, ...], raw: Tree, rubric: Rubric | None) -> dict[str, dict[str, str]]:
    """`scores: {evaluator: {criterion: value}}`; an empty score is an error, not a missing one."""
    scores: dict[str, dict[str, str]] = {}
    known = {c.id for c in rubric.criteria} if rubric is not None else None
    for eid, given in (r.mapping((*path, "scores"), raw) or {}).items():
        spath = (*path, "scores", eid)
        given_map = r.mapping(spath, given)
        if given_map is None:
            continue
        own: dict[str, str] = {}
        items = list(given_map.items())
        for k, (crit, value) in enumerate(items):
            if known is not None and crit not in known:
                r.error((*spath, crit), unknown("criterion", crit, known))
            elif not isinstance(value, str):
                r.error((*spath, crit), f"expected a score, got {describe(value)}")
            elif not value.strip():
                r.error((*spath, crit), _empty(f"the score of '{eid}' for criterion '{crit}'", items, k))
            else:
                own[crit] = value
        scores[eid] = own
    r.unique_ids([((*path, "scores", eid), eid) for eid in scores])
    return scores


def _raters(r: Reader, path: tuple[str | int, ...], raw: Tree) -> dict[str, str]:
    """Who rates this candidate: `{wang: superior, li: peer}` (id to role), or a list of ids."""
    out: dict[str, str] = {}
    epath = (*path, "evaluators")
    if isinstance(raw, list):
        for j, item in enumerate(raw):
            eid = r.ident((*epath, j), item)
            if eid is not None and eid in out:
                r.error((*epath, j), f"evaluator '{eid}' is listed twice for this candidate")
            elif eid is not None:
                out[eid] = ""
        places = {eid: (*epath, j) for j, eid in enumerate(raw) if isinstance(eid, str)}
    else:
        for eid, role in (r.mapping(epath, raw) or {}).items():
            text = r.text((*epath, eid), role, required=False)
            if text is not None:
                out[eid] = text.strip()  # empty: no role here, the input's `evaluators:` may give one
        places = {eid: (*epath, eid) for eid in out}
    r.unique_ids([(places[eid], eid) for eid in out if eid in places])
    return out


def _moderation(r: Reader, path: tuple[str | int, ...], raw: Tree, rubric: Rubric | None) -> dict[str, Moderation]:
    """`moderated: {criterion: {points: 4, reason: ...}}`: the committee's agreed scores."""
    out: dict[str, Moderation] = {}
    criteria = {c.id: c for c in rubric.criteria} if rubric is not None else None
    for crit, body in (r.mapping((*path, "moderated"), raw) or {}).items():
        mpath = (*path, "moderated", crit)
        if criteria is not None and crit not in criteria:
            r.error(mpath, unknown("criterion", crit, criteria))
            continue
        spec = r.mapping(mpath, body, allowed={"points", "reason"}, required=("points", "reason"))
        if spec is None or "points" not in spec or "reason" not in spec:
            continue
        points = r.number((*mpath, "points"), spec["points"], percent_ok=False)
        reason = r.text((*mpath, "reason"), spec["reason"])
        if points is None or reason is None:
            continue
        maximum = rubric.maximum(criteria[crit]) if rubric is not None and criteria is not None else None
        if points < 0 or (maximum is not None and points > maximum):
            r.error((*mpath, "points"), f"expected points from 0 to {maximum.normalize():f}, got {points}"
                    if maximum is not None else f"expected points of at least 0, got {points}")
            continue
        out[crit] = Moderation(points, reason)
    return out


def _gate_answers(
    r: Reader, path: tuple[str | int, ...], raw: Tree, rubric: Rubric | None
) -> tuple[dict[str, bool], dict[str, str | bool]]:
    """The gate answers read, and each as written, by gate id."""
    answers: dict[str, bool] = {}
    written: dict[str, str | bool] = {}
    spec = r.mapping((*path, "gates"), raw) or {}
    gate_ids = {g.id: g for g in rubric.gates} if rubric is not None else None
    for gid, value in spec.items():
        gpath = (*path, "gates", gid)
        if gate_ids is not None and gid not in gate_ids:
            r.error(gpath, unknown("gate", gid, gate_ids))
            continue
        if gate_ids is not None and gate_ids[gid].check is not None:
            r.error(gpath, f"gate '{gid}' is decided by its check; remove this answer")
            continue
        if isinstance(value, str) and not value.strip():
            r.error(gpath, _empty(f"the answer to gate '{gid}'", list(spec.items()), list(spec).index(gid)))
            continue
        answer = r.yes_no(gpath, value, gate=True)
        if answer is not None:
            answers[gid] = answer
            written[gid] = value if isinstance(value, (str, bool)) else str(value)
    return answers, written
