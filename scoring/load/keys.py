"""Every key a rubric may hold, declared once: its kind, whether required, its default and what
it means. The validator takes its allowed and required keys, defaults and the way it reads each
plain value from these tables; `scoring schema` is to be generated from them too."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Literal, NamedTuple

from scoring.load.fields import Reader
from scoring.load.places import PlainTree as Tree
from scoring.model.choices import BESTS, LOCALES, METHODS, ORDERS, POLICIES, PROFILES, ROUNDINGS, SUBJECTS, Word, one_of
from scoring.model.errors import PathKey

Kind = Literal[
    "text",  # free text, not empty
    "note",  # optional free text, may be empty
    "id",  # an id of the id alphabet
    "percent",  # a percent literal such as "40%"
    "number",  # a plain number (no percent)
    "bound",  # a value bound: a number or a percent
    "amount",  # points: a number, or a percent of the criterion's maximum
    "integer",  # a whole number, at least `minimum`
    "choice",  # one of `options`
    "yes-no",  # true/false, yes/no, 是/否
    "expression",  # an expression over facts and metrics
    "mapping",  # a mapping with the fixed keys of table `of`
    "named",  # an open mapping from names to values of kind (or table) `of`
    "list",  # a list of values of kind (or table) `of`
    "one-or-list",  # one value of kind `of`, or a list of them
    "knots",  # a list of [value, points] pairs
    "comparisons",  # a list of [first id, second id, Saaty value] triples (analysis.md §3)
]
Path = tuple[PathKey, ...]


class Key(NamedTuple):
    """One key of a rubric mapping."""

    name: str
    """The key as written in YAML."""
    kind: Kind
    """What its value holds."""
    description: str
    """One line of English saying what it means."""
    required: bool = False
    """Whether the mapping must have it."""
    default: str | None = None
    """Its value when absent, as text (None when absence means "none" or it is required)."""
    options: tuple[str, ...] = ()
    """The words a `choice` takes."""
    of: str = ""
    """What a mapping, named mapping or list holds: a table's name or a kind."""
    minimum: int = 0
    """The least an `integer` takes."""


class Table(NamedTuple):
    """The keys of one kind of rubric mapping."""

    name: str
    """Its name in messages and in the schema."""
    description: str
    """One line of English saying what the mapping is."""
    keys: tuple[Key, ...]
    """Its keys in the order a rubric usually writes them."""

    @property
    def allowed(self) -> tuple[str, ...]:
        """The names of every key it may hold."""
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        """The names of the keys it must hold."""
        return tuple(k.name for k in self.keys if k.required)

    def key(self, name: str) -> Key:
        """The declaration of key `name`."""
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(name)


def _note(name: str, description: str) -> Key:
    return Key(name, "note", description)


RUBRIC = Table("rubric", "A weighted scoring rubric.", (
    Key("id", "id", "The rubric's id; defaults to the file's stem."),
    Key("title", "text", "The rubric's title.", required=True),
    Key("subject", "choice", "Whom it scores, which sets the wording of reports.", default="vendor",
        options=SUBJECTS),
    Key("locale", "choice", "The default language of reports.", default="zh", options=LOCALES),
    Key("total", "number", "The scale of the final score, above 0.", default="100"),
    Key("decimals", "integer", "Places reported figures are rounded to, half-up, at the end.", default="2"),
    Key("rounding", "choice", "Round only the total, or each criterion's contribution too.", default="total",
        options=ROUNDINGS),
    _note("description", "A longer explanation shown in reports."),
    Key("evaluators", "mapping", "How several evaluators' scores for one criterion combine.", of="evaluators"),
    Key("gates", "list", "Pass/fail checks before any scoring.", of="gate"),
    Key("currency", "text", "The ISO 4217 code (three capital letters, e.g. CNY) of every money figure."),
    Key("facts", "named", "What the facts inputs give are called, and in what unit, by fact name.", of="fact"),
    Key("metrics", "named", "Derived values by name, computed from each candidate's facts: an expression, "
        "or a mapping with its formula, title and unit.", of="metric"),
    Key("scales", "named", "Named scales that criteria share.", of="scale"),
    Key("sections", "list", "The sections, each with its criteria (or use a top-level 'criteria').", of="section"),
    Key("criteria", "list", "The criteria of a flat sheet without sections.", of="criterion"),
    Key("pairwise", "comparisons", "Weighs the sections (a flat sheet's criteria) by pairwise comparison (AHP): "
        "[first, second, value] entries, each pair once, value 1 to 9 or 1/2 to 1/9; they then carry no weight."),
    Key("grades", "list", "Grade bands, from the highest min down.", of="grade"),
    Key("tie-break", "list", "What breaks ties in the ranking, in order: each an id, or a mapping {fact, order}: "
        "a section or criterion id compares points, higher first; a fact compares its value as given.",
        of="tie-fact"),
    Key("quota-groups", "id", "The fact whose values form quota groups; grade quotas apply within each group."),
    Key("quota-min-group", "integer", "Quota groups with fewer qualified graded candidates keep their grades "
        "by score.", default="5", minimum=1),
    Key("review", "mapping", "When the committee must look at a score again.", of="review"),
    Key("profile", "choice", "The procurement regime it is written for; the default profile of lint.",
        default="none", options=PROFILES),
    Key("adjustments", "list", "Policy price deductions applied before the benchmark.", of="adjustment"),
))

ADJUSTMENT = Table("adjustment", "A policy price deduction (政策性价格扣除) applied before the benchmark.", (
    Key("id", "id", "The adjustment's id, unique among adjustments.", required=True),
    _note("title", "Free text shown in reports."),
    Key("policy", "choice", "Which policy it applies; only lint reads it.", default="other",
        options=POLICIES),
    Key("when", "expression", "A true/false condition over the candidate's facts and metrics.", required=True),
    Key("price", "one-or-list", "The price criterion it reduces: an id, or a list of ids.", required=True, of="id"),
    Key("deduct", "percent", "The share of the price deducted, above 0% and below 100%.", required=True),
))

EVALUATORS = Table("evaluators", "How several evaluators' points for one criterion combine.", (
    Key("method", "choice", "How evaluators' points combine.", default="mean",
        options=METHODS),
    Key("trim", "integer", "trimmed-mean: how many highest and how many lowest points are dropped.", default="1",
        minimum=1),
    Key("roles", "named", "weighted: each role's weight, summing to 100%.", of="percent"),
    Key("anonymous", "list", "Roles shown without names on employees' forms; default [peer, subordinate] "
        "once any evaluator has a role.", of="id"),
))

FACT = Table("fact", "What a fact is called in documents, and its unit.", (
    _note("title", "Its name in documents; defaults to the fact's name."),
    _note("unit", "money (needs 'currency'), \"%\" (a percent, written 0.92 or 92%), or free text such as 次."),
))

METRIC = Table("metric", "A metric written as a mapping: its formula, title and unit.", (
    Key("formula", "expression", "An expression over facts and metrics.", required=True),
    _note("title", "Its name in documents; defaults to the metric's name."),
    _note("unit", "money (needs 'currency'), \"%\" (a percent), or free text such as 次."),
))

GATE = Table("gate", "A pass/fail check every candidate must pass to be scored.", (
    Key("id", "id", "The gate's id, unique among gates.", required=True),
    Key("title", "text", "The requirement as worded.", required=True),
    Key("check", "expression", "An expression over facts and metrics; without it the input answers pass or fail."),
))

SECTION = Table("section", "A group of criteria with a share of the total.", (
    Key("id", "id", "The section's id, unique within the rubric.", required=True),
    Key("title", "text", "The section's heading.", required=True),
    Key("weight", "percent", "Its share of the total; every section has one or none does."),
    Key("criteria", "list", "Its criteria in order.", required=True, of="criterion"),
    Key("pairwise", "comparisons", "Weighs its criteria by pairwise comparison (AHP): [first, second, value] "
        "entries, each pair once, value 1 to 9 or 1/2 to 1/9; they then carry neither weight nor points."),
    _note("description", "A longer explanation shown in reports."),
))

CRITERION = Table("criterion", "One scored item of a rubric.", (
    Key("id", "id", "The criterion's id, unique within the rubric.", required=True),
    Key("title", "text", "The item as the rubric words it.", required=True),
    Key("weight", "percent", "Its weight among its siblings (or use 'points')."),
    Key("points", "number", "Its maximum raw points (or use 'weight')."),
    Key("scale", "mapping", "How a value turns into points: a named scale's name or an inline scale.",
        required=True, of="scale"),
    Key("value", "id", "The fact or metric that gives its value, when evaluators do not score it."),
    _note("description", "A longer explanation of how it is scored."),
    _note("source", "Where the figure comes from."),
    _note("evaluator", "Who assesses it."),
    _note("category", "A grouping label."),
    Key("objective", "yes-no", "Evaluators only record a verifiable fact, so they must agree.", default="false"),
    Key("price", "yes-no", "Whether it scores the bid price; without it the scale decides."),
))

GRADE = Table("grade", "A grade band: the first whose min the reported total reaches applies.", (
    Key("min", "number", "The lowest reported total that earns the grade.", required=True),
    Key("label", "text", "The grade's name.", required=True),
    Key("at-most", "percent", "A cap: at most this share of a quota group holds the grade (rounded down)."),
    Key("at-least", "percent", "A floor: at least this share of a quota group holds the grade (rounded up)."),
))

REVIEW = Table("review", "When the committee must look at a score again.", (
    Key("deviation", "percent", "Flag a score further than this share of the maximum from the others' median."),
))

SCALE = Table("scale", "A scale: exactly one of the six kinds.", (
    Key("levels", "named", "The evaluator picks a level by its key or label.", of="level"),
    Key("direct", "mapping", "The evaluator gives a number in [min, max].", of="direct"),
    Key("bands", "list", "The first band the value falls in gives the points.", of="band"),
    Key("linear", "knots", "Piecewise-linear through [value, points] knots, flat beyond the ends."),
    Key("ratio", "choice", "Points by the ratio to the lowest or highest qualified value.",
        options=BESTS),
    Key("rank", "mapping", "Points by place among qualified candidates.", of="rank"),
))

LEVEL = Table("level", "One level of a levels scale.", (
    Key("points", "amount", "The points it earns: a number, or a percent of the maximum.", required=True),
    _note("label", "Its name as shown; defaults to its key."),
    _note("description", "What it means."),
))

DIRECT = Table("direct", "A direct scale: the evaluator gives a number in [min, max].", (
    Key("min", "bound", "The lowest number accepted.", required=True),
    Key("max", "bound", "The highest number accepted; it earns the full maximum.", required=True),
))

BAND = Table("band", "One band of a bands scale.", (
    Key("min", "bound", "The least value the band takes."),
    Key("max", "bound", "The most value the band takes."),
    Key("points", "amount", "The points it earns: a number, or a percent of the maximum.", required=True),
    _note("label", "Its name as shown."),
))

RANK = Table("rank", "A rank scale: points by place among qualified candidates.", (
    Key("order", "choice", "Which end of the values is best.", default="lowest-first", options=ORDERS),
    Key("first", "amount", "Points for the candidates sharing the best value.", required=True),
    Key("middle", "amount", "Points for everyone strictly between best and worst.", required=True),
    Key("last", "amount", "Points for the candidates sharing the worst value.", required=True),
))

TIE_FACT = Table("tie-fact", "A tie-break entry that compares a fact as given, e.g. the bid price before any "
                 "adjustment; a tie-break entry may instead be a section or criterion id.", (
    Key("fact", "id", "The fact compared, as a number; a candidate lacking it ranks after those that have it.",
        required=True),
    Key("order", "choice", "Which end of the fact ranks first.", required=True, options=ORDERS),
))

TABLES: Mapping[str, Table] = {t.name: t for t in (
    RUBRIC, EVALUATORS, FACT, METRIC, GATE, SECTION, CRITERION, GRADE, REVIEW, SCALE, LEVEL, DIRECT, BAND, RANK,
    ADJUSTMENT, TIE_FACT,
)}
"""Every table by name, as a key's `of` names it."""


def mapping(r: Reader, path: Sequence[PathKey], raw: Tree, table: Table) -> dict[str, Tree] | None:
    """`raw` checked as a mapping of `table`: only its keys, every required one."""
    return r.mapping(path, raw, allowed=table.allowed, required=table.required)


def entries(r: Reader, name: str, raw: Tree, table: Table) -> Iterator[tuple[Path, dict[str, Tree]]]:
    """The top-level list `name`: each entry that is a mapping of `table`, with its path; a list
    that is not one, or an entry that is no such mapping, is reported and left out."""
    for i, item in enumerate(r.sequence((name,), raw) or []):
        path: Path = (name, i)
        spec = mapping(r, path, item, table)
        if spec is not None:
            yield path, spec


def value(
    r: Reader, path: Path, spec: Mapping[str, Tree], table: Table, name: str, *, absent: str | None = None
) -> object:
    """Key `name` of a mapping of `table`, read as its declared kind; when absent, `absent` read
    in its place if given (for a required key reported missing already, so the rest is still
    checked, or a default that depends on the place), else its declared default, else None.
    Kinds other than the plain ones are read by their own code."""
    key = table.key(name)
    raw = spec.get(name, key.default if absent is None else absent)
    if raw is None:
        return None
    at = (*path, name)
    if key.kind == "text":
        return r.text(at, raw)
    if key.kind == "note":
        return r.text(at, raw, required=False)
    if key.kind == "id":
        return r.ident(at, raw)
    if key.kind == "percent":
        return r.percent(at, raw)
    if key.kind in ("number", "bound"):
        return r.number(at, raw, percent_ok=key.kind == "bound")
    if key.kind == "integer":
        return r.integer(at, raw, minimum=key.minimum)
    if key.kind == "choice":
        return r.choice(at, raw, key.options)
    if key.kind == "yes-no":
        return r.yes_no(at, raw)
    raise ValueError(f"key '{name}' of kind {key.kind} is not a plain value")


def decimal_value(
    r: Reader, path: Path, spec: Mapping[str, Tree], table: Table, name: str, *, absent: str | None = None
) -> Decimal | None:
    """`value` of a number, bound or percent key, typed."""
    got = value(r, path, spec, table, name, absent=absent)
    assert got is None or isinstance(got, Decimal)
    return got


def choice_value(
    r: Reader, path: Path, spec: Mapping[str, Tree], table: Table, name: str, options: tuple[Word, ...], *,
    absent: str | None = None,
) -> Word | None:
    """`value` of a choice key, typed as its model's Literal: `options` are that Literal's words,
    the ones the key declares."""
    return one_of(value(r, path, spec, table, name, absent=absent), options)


def text_value(
    r: Reader, path: Path, spec: Mapping[str, Tree], table: Table, name: str, *, absent: str | None = None
) -> str | None:
    """`value` of a text, note, id or choice key, typed."""
    got = value(r, path, spec, table, name, absent=absent)
    assert got is None or isinstance(got, str)
    return got
