"""The catalogue of named customer and sales KPIs, each with the formula its source gives.

A rubric names a metric (`value: retention_rate`, or inside an expression) and the engine
computes it from the candidate's facts. Where a name is looked up, a rubric's own
`metrics:` entry comes first, then a fact of that name (a figure given directly, such as
an `average_order_value` from the finance system), then this catalogue.

Rates are fractions (0.7 is 70%), as percent literals in rubrics are, so a band
`{min: 70%}` reads a retention rate directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Literal

from scoring.model.expr import EvalError, Expression, Lookup, Value, parse
from scoring.model.limits import MAX_METRIC_CHAIN
from scoring.model.numbers import percent_text

_ONE = Decimal(1)



@dataclass(frozen=True)
class Metric:
    """One KPI: its formula over facts, what it means and which way is better."""

    name: str
    """The identifier a rubric uses."""
    title_zh: str
    title_en: str
    formula: str
    """An expression over facts (and other catalogue metrics)."""
    unit: str
    """`%` for a rate (a fraction shown as a percent), else the unit of the figure."""
    better: Literal["higher", "lower"]
    source: str
    """The seed document (and section) the definition follows."""
    note: str = ""
    """Where the definition departs from common usage, or what a reader should know."""
    counts: tuple[str, ...] = ()
    """Facts that are counts or amounts and can never be negative."""
    at_most_one: bool = False
    """A share of a whole: above 100% is impossible and means the facts are wrong."""
    at_least_zero: bool = False
    """Below zero is impossible (a negative count makes it so and is reported first)."""

    @cached_property
    def expression(self) -> Expression:
        """The parsed formula; parsed when first used, so importing the catalogue parses nothing."""
        return parse(self.formula)

    @property
    def facts(self) -> tuple[str, ...]:
        """The names it reads, in the order they appear in the formula."""
        return tuple(sorted(self.expression.names, key=self.formula.index))

    def evaluate(self, lookup: Lookup) -> Value:
        """Compute it; raises `EvalError` for a negative count or an impossible result."""
        for fact in self.counts:
            value = lookup(fact)
            if isinstance(value, Decimal) and value < 0:
                raise EvalError(f"fact '{fact}' is {value}, but it counts something and cannot be negative", fact)
        value = self.expression.evaluate(lookup)
        if isinstance(value, Decimal):
            if self.at_most_one and value > _ONE:
                raise EvalError(f"it comes to {percent_text(value)}, above 100%: check {', '.join(self.facts)}")
            if self.at_least_zero and value < 0:
                raise EvalError(f"it comes to {value}, below zero: check {', '.join(self.facts)}")
        return value


_SEED_001 = "seed 001 (CRM系统有哪些客户指标)"
_SEED_003 = "seed 003 (客户关系现状评估)"
_SEED_004_SALES = "seed 004 (CRM绩效考核指标: 销售指标)"
_SEED_004_SERVICE = "seed 004 (客户服务质量评估指标模板)"

CATALOGUE: Mapping[str, Metric] = {m.name: m for m in (
    Metric("clv", "客户生命周期价值", "customer lifetime value",
           "average_order_value * purchase_frequency * customer_lifespan", "元", "higher", _SEED_001,
           "CLV = 平均购买价值 × 购买频率 × 客户生命周期; the seed's 平均购买价值 (总收入/总购买次数) and "
           "购买频率 (总购买次数/总客户数) are average_order_value and purchase_frequency here, so either give "
           "those two as facts or give sales, orders and total_customers.",
           counts=("customer_lifespan",), at_least_zero=True),
    Metric("cac", "客户获取成本", "customer acquisition cost",
           "acquisition_cost / new_customers", "元", "lower", _SEED_001,
           "CAC = 总营销和销售费用 / 新客户数量.", counts=("acquisition_cost", "new_customers"), at_least_zero=True),
    Metric("retention_rate", "客户保留率", "customer retention rate",
           "(customers_end - new_customers) / customers_start", source=_SEED_001,
           note="CRR = (期末客户数量 − 新客户数量) / 期初客户数量, as the seed gives it: the new customers of the "
                "period are taken out of the customers at its end.",
           counts=("customers_end", "new_customers", "customers_start"), better="higher",
           unit="%", at_most_one=True, at_least_zero=True),
    Metric("churn_rate", "客户流失率", "customer churn rate",
           "(customers_start - customers_end) / customers_start", "%", "lower", _SEED_001,
           "CCR = (期初客户数量 − 期末客户数量) / 期初客户数量, as seed 001 gives it: the net fall in customers, so "
           "new customers offset lost ones and a growing base comes out negative (a 'negative churn'). For lost "
           "customers over all customers (seed 004's service template) use customer_loss_rate.",
           counts=("customers_start", "customers_end"), at_most_one=True),
    Metric("customer_loss_rate", "客户流失率（流失客户占比）", "share of customers lost",
           "lost_customers / total_customers", source=_SEED_004_SERVICE,
           note="客户流失率 = 流失客户的数量 / 总客户数量 × 100%, seed 004's service-quality template.",
           counts=("lost_customers", "total_customers"), better="lower", unit="%", at_most_one=True, at_least_zero=True),
    Metric("csat", "客户满意度", "customer satisfaction (CSAT)",
           "satisfied_customers / surveyed_customers", source=_SEED_001,
           note="CSAT = 满意客户数量 / 参与调查客户数量 × 100% (满意: 4 or 5 on a 1–5 scale).",
           counts=("satisfied_customers", "surveyed_customers"), better="higher", unit="%", at_most_one=True, at_least_zero=True),
    Metric("nps", "客户推荐指数", "net promoter score (NPS)",
           "(promoters - detractors) / respondents", "%", "higher", _SEED_001,
           "NPS = 推广者比例 − 贬损者比例, with the seed's categories: promoters rate 9–10, passives 7–8, "
           "detractors 0–6. Kept as the seed writes it, a percentage (60% − 20% = 40%) rather than the usual "
           "whole number from −100 to 100; a band `min: 30%` means an NPS of 30.",
           counts=("promoters", "detractors", "respondents"), at_most_one=True),
    Metric("repurchase_rate", "客户回购率", "repurchase rate",
           "repeat_customers / total_customers", source=_SEED_001,
           note="回购率 = 再次购买客户数量 / 总客户数量 × 100%.",
           counts=("repeat_customers", "total_customers"), better="higher", unit="%", at_most_one=True, at_least_zero=True),
    Metric("complaint_rate", "客户投诉率", "complaint rate",
           "complaining_customers / total_customers", source=f"{_SEED_001}; {_SEED_004_SERVICE}",
           note="投诉率 = 投诉客户的数量 / 总客户数量 × 100% (seed 001 counts 客户投诉数量; both examples count "
                "customers who complained).",
           counts=("complaining_customers", "total_customers"), better="lower", unit="%", at_most_one=True, at_least_zero=True),
    Metric("response_time", "客户支持响应时间", "support response time",
           "response_hours / support_requests", "小时", "lower", f"{_SEED_001}; {_SEED_004_SERVICE}",
           "The average time to a first response: the seed defines it per request (接收请求后首次响应的时间); "
           "over a period that is the total of those hours over the number of requests.",
           counts=("response_hours", "support_requests"), at_least_zero=True),
    Metric("resolution_time", "解决时间", "resolution time",
           "resolution_hours / resolved_issues", "小时", "lower", _SEED_004_SERVICE,
           "解决时间 = 问题解决的时间 − 客户提交问题的时间, averaged over the problems resolved.",
           counts=("resolution_hours", "resolved_issues"), at_least_zero=True),
    Metric("resolution_rate", "问题解决率", "resolution rate",
           "resolved_issues / support_requests", source=f"{_SEED_001}; {_SEED_004_SERVICE}",
           note="问题解决率 = 解决问题的次数 / 提交问题或需求的次数 × 100%.",
           counts=("resolved_issues", "support_requests"), better="higher", unit="%", at_most_one=True, at_least_zero=True),
    Metric("repeat_problem_rate", "问题重复率", "repeat-problem rate",
           "repeated_issues / support_requests", source=_SEED_004_SERVICE,
           note="问题重复率 = 重复问题发生的次数 / 提交问题或需求的次数 × 100%.",
           counts=("repeated_issues", "support_requests"), better="lower", unit="%", at_most_one=True, at_least_zero=True),
    Metric("loyalty_participation_rate", "客户忠诚度计划参与率", "loyalty programme participation",
           "loyalty_members / total_customers", source=_SEED_001,
           note="The share of customers who take part in the loyalty programme.",
           counts=("loyalty_members", "total_customers"), better="higher", unit="%", at_most_one=True, at_least_zero=True),
    Metric("net_customer_additions", "客户净增数", "net customer additions",
           "new_customers - lost_customers", "人", "higher", _SEED_001,
           "新增客户数量 − 流失客户数量; negative when more customers were lost than won.",
           counts=("new_customers", "lost_customers")),
    Metric("sales_growth_rate", "销售额增长率", "sales growth rate",
           "(sales - previous_sales) / previous_sales", "%", "higher", _SEED_004_SALES,
           "销售额增长率 = (新的销售额 − 原销售额) / 原销售额 × 100%; negative when sales fell.",
           counts=("sales", "previous_sales")),
    Metric("quota_attainment", "销售计划达成率", "quota attainment",
           "sales / sales_quota", "%", "higher", _SEED_004_SALES,
           "Sales over the quota (销售配额); above 100% when the quota is beaten.",
           counts=("sales", "sales_quota"), at_least_zero=True),
    Metric("win_rate", "成交率", "conversion (win) rate",
           "deals_won / leads", source=_SEED_004_SALES,
           note="成交率: 销售线索转化为销售成交的百分比.",
           counts=("deals_won", "leads"), better="higher", unit="%", at_most_one=True, at_least_zero=True),
    Metric("average_order_value", "客单价", "average order value",
           "sales / orders", "元", "higher", _SEED_004_SALES,
           "客单价 (AUS) = 销售金额 / 成交笔数.", counts=("sales", "orders"), at_least_zero=True),
    Metric("items_per_transaction", "客单件", "items per transaction",
           "items_sold / orders", "件", "higher", _SEED_004_SALES,
           "客单件 (IPT) = 交易总件数 ÷ 成交笔数.", counts=("items_sold", "orders"), at_least_zero=True),
    Metric("purchase_frequency", "购买频次", "purchase frequency",
           "orders / total_customers", "次", "higher", _SEED_004_SALES,
           "购买频次 = 成交笔数 ÷ 客户总数, over the period the facts cover.",
           counts=("orders", "total_customers"), at_least_zero=True),
    Metric("average_deal_size", "平均定单规模", "average deal size",
           "won_deal_value / deals_won", "元", "higher", _SEED_004_SALES,
           "客户平均每个定单花费的金额; the seed gives no formula, so it is the value of the deals won over "
           "their number (客单价 counts every order, this only closed deals).",
           counts=("won_deal_value", "deals_won"), at_least_zero=True),
    Metric("interaction_frequency", "客户互动频率", "interaction frequency",
           "interactions / total_customers", "次", "higher", _SEED_003,
           "The seed names it without a formula: interactions (visits, calls, messages) per customer in the period.",
           counts=("interactions", "total_customers"), at_least_zero=True),
)}


def lookup_metric(name: str) -> Metric | None:
    """The catalogue metric `name`, if there is one."""
    return CATALOGUE.get(name)


def reference_problems(own: Mapping[str, Expression]) -> list[tuple[str, str]]:
    """(metric, message) for each cycle among a rubric's metrics `own` and the catalogue's, and
    for each chain of metrics longer than MAX_METRIC_CHAIN, named at one of `own`.

    Names resolve as the engine resolves them, leaving facts aside: a rubric's own metric
    first, then the catalogue's. Each cycle is named once, from its first metric in `own`.
    """
    depth: dict[str, int] = {}
    cycles: list[tuple[str, ...]] = []
    for start in own:
        if start not in depth:
            _visit(start, own, depth, cycles)
    order = {name: i for i, name in enumerate(own)}
    problems: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for cycle in cycles:
        if frozenset(cycle) in seen:
            continue
        seen.add(frozenset(cycle))
        # The catalogue alone has no cycle (a test checks it), so every cycle holds a rubric metric.
        at = min(range(len(cycle)), key=lambda i: order.get(cycle[i], len(order)))
        ring = (*cycle[at:], *cycle[:at], cycle[at])
        problems.append((cycle[at], f"metrics refer to each other in a cycle: {' → '.join(ring)}"))
    for name in own:
        if depth[name] == MAX_METRIC_CHAIN + 1:  # one such metric on every chain that is too long
            chain = _longest(name, own, depth)
            problems.append((name, f"metrics refer to each other {len(chain)} deep ({chain[0]} → {chain[1]} → … → "
                                   f"{chain[-1]}); at most {MAX_METRIC_CHAIN} may be chained"))
    return problems


def _uses(name: str, own: Mapping[str, Expression]) -> list[str]:
    """The metrics the metric `name` reads, as the engine would find them."""
    expr = own[name] if name in own else CATALOGUE[name].expression if name in CATALOGUE else None
    return [] if expr is None else sorted(n for n in expr.names if n in own or n in CATALOGUE)


def _visit(start: str, own: Mapping[str, Expression], depth: dict[str, int], cycles: list[tuple[str, ...]]) -> None:
    """Depth-first from `start` without recursion: record each metric's chain depth and each cycle met."""
    on_path = {start: 0}
    path, todo = [start], [iter(_uses(start, own))]
    while path:
        child = next(todo[-1], None)
        if child is None:
            node = path.pop()
            todo.pop()
            del on_path[node]
            depth[node] = 1 + max((depth.get(c, 0) for c in _uses(node, own)), default=0)
        elif child in on_path:
            cycles.append(tuple(path[on_path[child]:]))
        elif child not in depth:
            on_path[child] = len(path)
            path.append(child)
            todo.append(iter(_uses(child, own)))


def _longest(name: str, own: Mapping[str, Expression], depth: Mapping[str, int]) -> list[str]:
    """The longest chain of metrics from `name`."""
    chain = [name]
    while depth.get(chain[-1], 1) > 1:
        chain.append(next(c for c in _uses(chain[-1], own) if depth.get(c) == depth[chain[-1]] - 1))
    return chain
