"""The rules on what criteria say and how they are scored: CN-09 to CN-13 (procurement.md §6)."""

from __future__ import annotations

from scoring.lint.context import Context, number
from scoring.lint.findings import Finding
from scoring.lint.prices import criterion_path
from scoring.lint.texts import Text, all_texts, containing, criterion_texts, same_title, scale_texts
from scoring.model.errors import format_path
from scoring.model.rubric import Criterion, DirectScale, LevelsScale

_GS = ("cn-gov-goods", "cn-gov-services")
SIZE = ("注册资本", "注册资金", "资产总额", "营业收入", "营业额", "从业人员", "利润", "纳税额", "企业规模")
REGION = ("本省", "本市", "本县", "本区", "本地区", "省内", "市内", "本地注册", "本地企业", "当地企业")
OWNERSHIP = ("国有企业", "国企", "央企", "民营企业", "外资企业", "所有制", "股权结构", "注册地",
             "成立年限", "成立时间", "经营年限")
QUALIFICATION = ("独立承担民事责任", "商业信誉", "财务会计制度", "依法缴纳税收", "社会保障资金", "重大违法记录", "营业执照")
FREE = ("酌情", "视情况", "综合评定", "综合评价", "评委认为", "横向比较", "自由裁量")

# code -> (keywords, what the rule expects in zh, in en)
_KEYWORD_RULES = {
    "CN-09": (SIZE, "不得将企业规模条件作为资格要求或评审因素",
              "a supplier's size must not be a requirement or a scoring factor"),
    "CN-10": (REGION, "不得将特定行政区域作为评审因素", "a particular region must not be a scoring factor"),
    "CN-11": (OWNERSHIP, "不得将所有制形式、组织形式、所在地或成立年限作为评审因素",
              "ownership, organisation form, seat or age must not be a scoring factor"),
}


def keyword_rules(ctx: Context) -> list[Finding]:
    """CN-09, CN-10, CN-11: one warning per text holding a keyword."""
    if ctx.profile == "none":
        return []
    texts = all_texts(ctx.rubric)
    out = []
    for code, (words, zh, en) in _KEYWORD_RULES.items():
        out += [_keyword(ctx, code, path_text, zh, en) for path_text in containing(texts, words)]
    return out


def _keyword(ctx: Context, code: str, hit: tuple[tuple[str | int, ...], str, str], zh: str, en: str) -> Finding:
    path, _, word = hit
    where = format_path(path)
    return ctx.find(code, "warning", path, f"{where}含有“{word}”：{zh}", f"{where} contains '{word}': {en}")


def cn12(ctx: Context) -> list[Finding]:
    """No criterion scores a gate's qualification condition; statutory conditions named: warnings."""
    if ctx.profile not in _GS:
        return []
    out = []
    gates = ctx.rubric.gates
    for c in ctx.rubric.criteria:
        path = criterion_path(ctx.rubric, c)
        gate = next((g for g in gates if g.id == c.id), None)
        at = "id" if gate is not None else "title"
        gate = gate or next((g for g in gates if same_title(g.title, c.title)), None)
        if gate is not None:
            out.append(ctx.find("CN-12", "error", (*path, at),
                                f"评审因素“{c.title}”即资格条件“{gate.title}”（{gate.id}），资格条件不得作为评审因素",
                                f"criterion {c.id} scores the qualification condition of gate {gate.id}; a "
                                f"qualification condition must not be a scoring factor"))
        texts: list[Text] = list(criterion_texts(ctx.rubric, c, category=False))
        for where, _, word in containing(texts, QUALIFICATION):
            out.append(ctx.find("CN-12", "warning", where,
                                f"{format_path(where)}含有法定资格条件“{word}”：资格条件不得作为评审因素",
                                f"{format_path(where)} names the statutory qualification condition '{word}'; a "
                                f"qualification condition must not be a scoring factor"))
    return out


def cn13(ctx: Context) -> list[Finding]:
    """No judged criterion is a free score; levels are at least two with distinct points;
    wording that leaves the score to discretion: warnings."""
    if ctx.profile not in _GS:
        return []
    out = []
    for c in ctx.rubric.criteria:
        out += _quantified(ctx, c)
        texts = [*criterion_texts(ctx.rubric, c, category=False), *scale_texts(ctx.rubric, c, bands=False)]
        for where, _, word in containing(texts, FREE):
            out.append(ctx.find("CN-13", "warning", where,
                                f"{format_path(where)}含有“{word}”：评审因素应当细化和量化",
                                f"{format_path(where)} contains '{word}': scoring factors must be specific and "
                                f"quantified"))
    return out


def _judged(ctx: Context, c: Criterion) -> bool:
    """Whether evaluators score `c`: no `value:`, and, with INPUT, not fed by its id's fact alone."""
    if c.value is not None:
        return False
    if ctx.data is None:
        return True
    fact = any(c.id in cand.facts for cand in ctx.data.candidates)
    scored = any(c.id in given for cand in ctx.data.candidates for given in cand.scores.values())
    return scored or not fact


def _quantified(ctx: Context, c: Criterion) -> list[Finding]:
    """CN-13's errors for one criterion, at its scale."""
    at = (*criterion_path(ctx.rubric, c), "scale")
    scale = c.scale
    if isinstance(scale, DirectScale) and _judged(ctx, c):
        low, high = number(scale.min), number(scale.max)
        return [ctx.find("CN-13", "error", at,
                         f"评审因素“{c.title}”由评委在{low}至{high}分之间自由打分，未细化为各档次及对应分值",
                         f"criterion {c.id} is a free score between {low} and {high}; break it into levels, each "
                         f"with its points")]
    if not isinstance(scale, LevelsScale):
        return []
    if len(scale.levels) < 2:
        return [ctx.find("CN-13", "error", at,
                         f"评审因素“{c.title}”只有{len(scale.levels)}个档次，应至少两档且分值各不相同",
                         f"criterion {c.id} has {len(scale.levels)} level; expected at least two with distinct points")]
    maximum = ctx.rubric.maximum(c)
    seen: dict[object, str] = {}
    for key, level in scale.levels.items():
        points = level.points.value * maximum if level.points.percent else level.points.value
        if points in seen:
            return [ctx.find("CN-13", "error", at,
                             f"评审因素“{c.title}”的档次“{seen[points]}”与“{key}”同为{number(points)}分，各档次分值应不同",
                             f"criterion {c.id}: levels {seen[points]} and {key} both earn {number(points)} points; "
                             f"each level needs its own points")]
        seen[points] = key
    return []
