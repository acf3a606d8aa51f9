"""The rules on adjustments and the committee: CN-06, CN-08, CN-14, CN-21, CN-22 (procurement.md §6)."""

from __future__ import annotations

from decimal import Decimal

from scoring.lint.context import Context, number, percent
from scoring.lint.findings import Finding
from scoring.model.errors import PathKey

_GS = ("cn-gov-goods", "cn-gov-services")
_P = Decimal("0.01")
# policy -> (goods/services band, engineering band), bounds included.
_BANDS = {"sme": ((10 * _P, 20 * _P), (3 * _P, 5 * _P)), "sme-consortium": ((4 * _P, 6 * _P), (1 * _P, 2 * _P))}


def cn06(ctx: Context) -> list[Finding]:
    """Each sme / sme-consortium adjustment deducts within its band."""
    if ctx.profile == "none":
        return []
    out = []
    for i, adj in enumerate(ctx.rubric.adjustments):
        if adj.policy not in _BANDS:
            continue
        low, high = _BANDS[adj.policy][1 if ctx.engineering else 0]
        if low <= adj.deduct <= high:
            continue
        band = f"{percent(low)}–{percent(high)}"
        out.append(ctx.find("CN-06", "error", ("adjustments", i, "deduct"),
                            f"价格扣除“{adj.title or adj.id}”（policy: {adj.policy}）扣除{percent(adj.deduct)}，"
                            f"应在{band}之间（含）",
                            f"adjustment {adj.id} (policy: {adj.policy}) deducts {percent(adj.deduct)}; "
                            f"expected {band}, bounds included"))
    return out


def cn08(ctx: Context) -> list[Finding]:
    """Each domestic-product adjustment deducts exactly 20% (a note: the source is unverified)."""
    if ctx.profile not in ("cn-gov-goods", "cn-gov-engineering"):
        return []
    return [ctx.find("CN-08", "note", ("adjustments", i, "deduct"),
                     f"本国产品价格扣除“{adj.title or adj.id}”扣除{percent(adj.deduct)}，应为20%",
                     f"adjustment {adj.id} (policy: domestic-product) deducts {percent(adj.deduct)}; expected 20%")
            for i, adj in enumerate(ctx.rubric.adjustments)
            if adj.policy == "domestic-product" and adj.deduct != 20 * _P]


def cn14(ctx: Context) -> list[Finding]:
    """The committee has at least 5 members and an odd number of them (only with INPUT)."""
    if ctx.data is None or ctx.profile == "none":
        return []
    if ctx.data.evaluators:
        members, path = len(ctx.data.evaluators), ("evaluators",)
    else:
        members = len({e for c in ctx.data.candidates for e in c.scores})
        path = ("candidates",)
    if members == 0 or (members >= 5 and members % 2 == 1):
        return []
    where: tuple[PathKey, ...] = path
    return [ctx.find("CN-14", "error", where, f"评标委员会成员为{members}人，应为5人以上单数",
                     f"the committee has {members} members; expected an odd number of 5 or more", in_input=True)]


def cn21(ctx: Context) -> list[Finding]:
    """`total` is 100."""
    if ctx.profile not in _GS or ctx.rubric.total == 100:
        return []
    total = number(ctx.rubric.total)
    return [ctx.find("CN-21", "warning", ("total",), f"总分为{total}分，第五十五条的计分公式以100分为满分",
                     f"total is {total}; the formulas of Art. 55 are on a 100-point scale")]


def cn22(ctx: Context) -> list[Finding]:
    """`evaluators.method` is `mean`."""
    method = ctx.rubric.aggregation.method
    if ctx.profile not in _GS or method == "mean":
        return []
    return [ctx.find("CN-22", "warning", ("evaluators", "method"),
                     f"评委评分的汇总方式为{method}，应为 mean（各评委独立评分后汇总，不去掉、不加权任何成员的评分）",
                     f"evaluators' scores are combined by {method}; expected mean (members score independently "
                     f"and their scores are aggregated, none dropped or weighted)")]
