"""The rules on price: CN-01, CN-03, CN-15, CN-23 and CN-24 (procurement.md §6)."""

from __future__ import annotations

from decimal import Decimal

from scoring.lint.context import Context, percent
from scoring.lint.findings import Finding
from scoring.lint.prices import by_scale_alone, criterion_path, price_criteria, price_weight
from scoring.model.errors import PathKey
from scoring.model.rubric import Criterion, RankScale, RatioScale, Scale, TieFact

_FLOORS = {"cn-gov-goods": (Decimal("0.3"), "货物", "goods"), "cn-gov-services": (Decimal("0.1"), "服务", "services")}


def cn01(ctx: Context) -> list[Finding]:
    """The price weight is at least 30% (goods) or 10% (services)."""
    if ctx.profile not in _FLOORS:
        return []
    floor, zh_kind, en_kind = _FLOORS[ctx.profile]
    prices = price_criteria(ctx.rubric)
    if not prices:
        where: tuple[PathKey, ...] = ("criteria",) if ctx.rubric.flat else ("sections",)
        return [ctx.find("CN-01", "error", where,
                         f"没有价格评审因素（价格分权重为0%），{zh_kind}项目价格分权重不得低于{percent(floor)}",
                         f"no criterion scores the price (price weight 0%); a {en_kind} tender needs at least "
                         f"{percent(floor)}")]
    weight = price_weight(ctx.rubric)
    if weight >= floor:
        return []
    ids = "、".join(c.id for c in prices)
    return [ctx.find("CN-01", "error", _weight_place(ctx, prices),
                     f"价格分权重为{percent(weight)}，{zh_kind}项目不得低于{percent(floor)}（价格评审因素：{ids}）",
                     f"the price weight is {percent(weight)}; a {en_kind} tender needs at least {percent(floor)} "
                     f"(price criteria: {', '.join(c.id for c in prices)})")]


def _weight_place(ctx: Context, prices: tuple[Criterion, ...]) -> tuple[PathKey, ...]:
    """Where the price weight is set: the section's `weight` when its criteria are all price
    criteria, else the first price criterion's `weight` or `points`."""
    rubric = ctx.rubric
    for i, section in enumerate(rubric.sections):
        if section.weight is not None and section.criteria and all(c in prices for c in section.criteria):
            return ("sections", i, "weight")
    first = prices[0]
    return (*criterion_path(rubric, first), "points" if first.points_style else "weight")


def _scale_words(scale: Scale) -> str:
    """A scale as the rubric writes its kind: `ratio: lowest`, `rank (lowest-first)`, `levels`."""
    if isinstance(scale, RatioScale):
        return f"ratio: {scale.best}"
    if isinstance(scale, RankScale):
        return f"rank ({scale.order})"
    return scale.kind


def cn03(ctx: Context) -> list[Finding]:
    """Every price criterion uses `ratio: lowest`; there is one price criterion only."""
    if ctx.profile not in _FLOORS:
        return []
    out = []
    prices = price_criteria(ctx.rubric)
    for n, c in enumerate(prices):
        path = criterion_path(ctx.rubric, c)
        if not (isinstance(c.scale, RatioScale) and c.scale.best == "lowest"):
            words = _scale_words(c.scale)
            out.append(ctx.find("CN-03", "error", (*path, "scale"),
                                f"价格评审因素“{c.title}”的评分方式为{words}，应采用低价优先法（ratio: lowest）",
                                f"price criterion {c.id} is scored by {words}; it must use the lowest-price "
                                f"method (ratio: lowest)"))
        if n:
            out.append(ctx.find("CN-03", "error", (*path, "id"),
                                f"“{c.title}”是又一个价格评审因素（第一个为{prices[0].id}），价格分只能有一项",
                                f"{c.id} is another price criterion (the first is {prices[0].id}); the rubric "
                                f"must have one price criterion only"))
    return out


def cn15(ctx: Context) -> list[Finding]:
    """The first tie-break entry is the bid price as given, lowest first."""
    prices = price_criteria(ctx.rubric)
    if ctx.profile not in _FLOORS or not prices:
        return []
    fact = prices[0].value or prices[0].id
    wanted = f"{{fact: {fact}, order: lowest-first}}"
    first = ctx.rubric.tie_break[0] if ctx.rubric.tie_break else None
    if first == TieFact(fact, "lowest-first"):
        return []
    # A section or criterion id compares points, which adjustments compute on the evaluated price.
    path: tuple[PathKey, ...] = ("tie-break", 0) if first is not None else (
        ("tie-break",) if any(p[0] == ("tie-break",) for p in ctx.rubric.places) else ())
    found_zh, found_en = _found(first)
    return [ctx.find("CN-15", "error", path,
                     f"得分相同的，应按投标报价由低到高顺序排列：tie-break 第一项应为 {wanted}，{found_zh}",
                     f"equal totals must be ranked by the bid price, lowest first: the first tie-break entry "
                     f"must be {wanted}; {found_en}")]


def _found(first: str | TieFact | None) -> tuple[str, str]:
    """What CN-15 found first in `tie-break`, in Chinese and English."""
    if first is None:
        return "现未规定", "got none"
    if isinstance(first, TieFact):
        written = f"{{fact: {first.fact}, order: {first.order}}}"
        return f"现为{written}", f"got {written}"
    return f"现为按“{first}”的得分排序", f"got {first}, which compares points"


def cn23(ctx: Context) -> list[Finding]:
    """Some adjustment has `policy: sme`, when the rubric has a price criterion."""
    if ctx.profile == "none" or not price_criteria(ctx.rubric):
        return []
    if any(a.policy == "sme" for a in ctx.rubric.adjustments):
        return []
    written = ctx.rubric.adjustments or any(p[0] == ("adjustments",) for p in ctx.rubric.places)
    path: tuple[PathKey, ...] = ("adjustments",) if written else ()
    return [ctx.find("CN-23", "warning", path,
                     "没有小微企业价格扣除（policy: sme）；非专门面向中小企业的项目应给予小微企业价格扣除",
                     "no adjustment has policy: sme; a project not reserved for SMEs must give small and micro "
                     "enterprises a price deduction")]


def cn24(ctx: Context) -> list[Finding]:
    """A note naming each criterion that is a price criterion by its scale alone."""
    if ctx.profile == "none":
        return []
    out = []
    for c in ctx.rubric.criteria:
        if by_scale_alone(ctx.rubric, c):
            words = "ratio: lowest" if isinstance(c.scale, RatioScale) else "rank, order: lowest-first"
            out.append(ctx.find("CN-24", "note", (*criterion_path(ctx.rubric, c), "scale"),
                                f"“{c.title}”按其评分方式（{words}）视为价格评审因素；如不是价格，请写 price: false",
                                f"{c.id} counts as a price criterion because its scale is {words}; write "
                                f"price: false if it is not a price"))
    return out
