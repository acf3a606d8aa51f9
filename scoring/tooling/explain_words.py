"""The words of `scoring explain`'s text form, English and Chinese (tooling.md, `--lang`)."""

from __future__ import annotations

from collections.abc import Mapping

_EN: Mapping[str, str] = {
    "head": "{id} {name}: rubric {rubric} (sha256 {sha})",
    "gate": "gate {id}: {state} ({why})",
    "passed": "passed",
    "failed": "failed",
    "answer": "answer {given}",
    "disqualified": "disqualified by {gates}; nothing further is scored",
    "criterion": "criterion {id} {title}: from {source}",
    "judged": "the evaluators' scores",
    "fact": "a fact",
    "metric": "a metric",
    "value": "  value: {name} = {value}",
    "value_price": "  price as given: {name} = {value}",
    "formula": "  metric {name} = {formula} = {figures}",
    "deduct": "  {id} {title}: {price} {times} {percent} = {amount} deducted",
    "evaluated": "  evaluated price: {price} {minus} {amounts} = {evaluated}",
    "no_adjustment": "  evaluated price: {price} (no adjustment applies)",
    "score": "  {who}{role}: {given} = {points} points{mark}",
    "dropped": " dropped ({why})",
    "role": " ({role})",
    "lowest": "lowest",
    "highest": "highest",
    "aggregate": "  {method}: {equation}",
    "fallback": "  the trimmed mean had {scores} scores where it needs {needed}, so it took the plain mean ({reason})",
    "role_mean": "  role {role}: mean {mean}, weight {weight}%, {effective}% after renormalising over the {present}% present",
    "median": "  median of {values} = {points}",
    "benchmark": "  benchmark {benchmark} ({best} among the qualified, set by {who}; disqualified candidates are left out)",
    "ratio": "  ratio: {equation}",
    "level": "  level {level}{label}: worth {amount}",
    "band": "  band {index} (from {min} to {max}){label}: worth {amount}",
    "open": "–",
    "linear": "  segment [{i}, {j}]: {equation}",
    "linear_flat": "  beyond the knots: flat at ({x}, {p})",
    "rank": "  rank {order}: best {best}, worst {worst}; position {position} of {of}, {place}",
    "direct": "  direct: {value} within {min} to {max}",
    "moderated": "  moderated: the aggregate {original} replaced by the agreed {points} ({reason})",
    "adds": "  points {points} of {max}; adds {equation}",
    "adds_items": "  points {points} of {max}; adds {left}, rounded half-up to {decimals} decimals: {rounded}",
    "section": "section {id} {title}: {equation} of {share}",
    "total": "total: {equation}, reported {reported} (half-up to {decimals} decimals)",
    "total_items": "total: the rounded parts {equation} (rounding: items)",
    "grade_by_score": "grade by score: {label} (from {min})",
    "move": "moved from {from_} to {to}: {rule}",
    "grade": "grade: {label}",
    "rank_of": "rank: {rank} of {of}",
    "tie": "tie with {with_} on {total}: decided by {by} ({values})",
    "tie_shared": "tie with {with_} on {total}: no tie-break entry separates them, so they share the rank",
    "unranked": "(not ranked)",
    "mean": "mean",
    "trimmed-mean": "trimmed-mean",
    "weighted": "weighted",
}

_ZH: Mapping[str, str] = {
    "head": "{id} {name}：评分办法 {rubric}（sha256 {sha}）",
    "gate": "门槛 {id}：{state}（{why}）",
    "passed": "通过",
    "failed": "未通过",
    "answer": "答复 {given}",
    "disqualified": "不合格：未通过 {gates}，不再评分",
    "criterion": "评分项 {id} {title}：来自{source}",
    "judged": "评委打分",
    "fact": "事实数据",
    "metric": "指标",
    "value": "  取值：{name} = {value}",
    "value_price": "  投标报价：{name} = {value}",
    "formula": "  指标 {name} = {formula} = {figures}",
    "deduct": "  {id} {title}：{price} {times} {percent} = 扣除 {amount}",
    "evaluated": "  评标价格：{price} {minus} {amounts} = {evaluated}",
    "no_adjustment": "  评标价格：{price}（无价格扣除）",
    "score": "  {who}{role}：{given} = {points} 分{mark}",
    "dropped": "（去掉，{why}）",
    "role": "（{role}）",
    "lowest": "最低分",
    "highest": "最高分",
    "aggregate": "  {method}：{equation}",
    "fallback": "  截尾平均需要 {needed} 个分数，只有 {scores} 个，改用算术平均（{reason}）",
    "role_mean": "  角色 {role}：平均 {mean}，权重 {weight}%，按在场角色合计 {present}% 折算为 {effective}%",
    "median": "  {values} 的中位数 = {points}",
    "benchmark": "  评标基准 {benchmark}（合格投标人中的{best}，由 {who} 确定；不合格者不计）",
    "ratio": "  比值：{equation}",
    "level": "  等级 {level}{label}：{amount}",
    "band": "  区间 {index}（{min} 至 {max}）{label}：{amount}",
    "open": "–",
    "linear": "  线段 [{i}, {j}]：{equation}",
    "linear_flat": "  超出节点范围：取 ({x}, {p})",
    "rank": "  排序 {order}：最好 {best}，最差 {worst}；第 {position} 位，共 {of} 位，{place}",
    "direct": "  直接打分：{value}，范围 {min} 至 {max}",
    "moderated": "  复核：汇总分 {original} 改为议定的 {points}（{reason}）",
    "adds": "  得分 {points}，满分 {max}；计入总分 {equation}",
    "adds_items": "  得分 {points}，满分 {max}；计入总分 {left}，四舍五入到 {decimals} 位小数：{rounded}",
    "section": "部分 {id} {title}：{equation}，占 {share}",
    "total": "总分：{equation}，报告 {reported}（四舍五入到 {decimals} 位小数）",
    "total_items": "总分：各项舍入后相加 {equation}（rounding: items）",
    "grade_by_score": "按得分的等级：{label}（{min} 分起）",
    "move": "由 {from_} 调为 {to}：{rule}",
    "grade": "等级：{label}",
    "rank_of": "名次：第 {rank} 名，共 {of} 名",
    "tie": "与 {with_} 同为 {total}：由 {by} 决定（{values}）",
    "tie_shared": "与 {with_} 同为 {total}：并列规则不能区分，名次并列",
    "unranked": "（未排名）",
    "mean": "平均",
    "trimmed-mean": "截尾平均",
    "weighted": "加权平均",
}

_PLACES_EN = {"first": "first", "middle": "middle", "last": "last"}
_PLACES_ZH = {"first": "首位", "middle": "中间", "last": "末位"}
_BEST_EN = {"lowest": "the lowest", "highest": "the highest"}
_BEST_ZH = {"lowest": "最低值", "highest": "最高值"}


def words(lang: str) -> Mapping[str, str]:
    """The text form's templates in `lang` (`zh` or `en`)."""
    return _ZH if lang == "zh" else _EN


def place_word(lang: str, place: str) -> str:
    """A rank scale's place (first, middle, last) in `lang`."""
    return (_PLACES_ZH if lang == "zh" else _PLACES_EN)[place]


def best_word(lang: str, best: str) -> str:
    """A ratio scale's benchmark kind (the lowest, the highest) in `lang`."""
    return (_BEST_ZH if lang == "zh" else _BEST_EN)[best]
