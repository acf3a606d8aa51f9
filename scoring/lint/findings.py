"""A lint finding, the profiles and the legal source of each rule (procurement.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scoring.model.choices import PROFILES as PROFILES
from scoring.model.choices import Profile as Profile
from scoring.model.errors import PathKey

Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")

_ORDER_87 = "《政府采购货物和服务招标投标管理办法》（财政部令第87号）"
_CAIKU_46 = "《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）"
_RULES_20 = "《中华人民共和国政府采购法实施条例》第二十条"
_RULES_20_EN = "Regulations for the Implementation of the Government Procurement Law, Art. 20"

# code -> (goods/services source, gloss), (engineering source, gloss). Citations exactly as in
# procurement.md §6; how sure each is stands in its §7 (keep those marks in the docs).
_SOURCES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "CN-01": ((f"{_ORDER_87}第五十五条", "MOF Order No. 87, Art. 55"),) * 2,
    "CN-03": ((f"{_ORDER_87}第五十五条", "MOF Order No. 87, Art. 55"),) * 2,
    "CN-06": (("《财政部关于进一步加大政府采购支持中小企业力度的通知》（财库〔2022〕19号）", "Caiku [2022] No. 19"),
              (f"{_CAIKU_46}第九条", "Caiku [2020] No. 46, Art. 9")),
    "CN-08": (("《国务院办公厅关于在政府采购中实施本国产品标准及相关政策的通知》（国办发〔2025〕34号）",
               "Guobanfa [2025] No. 34"),) * 2,
    "CN-09": ((f"{_ORDER_87}第十七条", "MOF Order No. 87, Art. 17"), (f"{_CAIKU_46}第五条", "Caiku [2020] No. 46, Art. 5")),
    "CN-10": ((_RULES_20, _RULES_20_EN),) * 2,
    "CN-11": ((_RULES_20, _RULES_20_EN),) * 2,
    "CN-12": ((f"{_ORDER_87}第五十五条", "MOF Order No. 87, Art. 55"),) * 2,
    "CN-13": ((f"{_ORDER_87}第五十五条", "MOF Order No. 87, Art. 55"),) * 2,
    "CN-14": ((f"{_ORDER_87}第四十七条", "MOF Order No. 87, Art. 47"),
              ("《中华人民共和国招标投标法》第三十七条", "Tendering and Bidding Law, Art. 37")),
    "CN-15": ((f"{_ORDER_87}第五十七条", "MOF Order No. 87, Art. 57"),) * 2,
    "CN-21": ((f"{_ORDER_87}第五十五条", "MOF Order No. 87, Art. 55"),) * 2,
    "CN-22": ((f"{_ORDER_87}第五十五条、第六十四条", "MOF Order No. 87, Arts. 55 and 64"),) * 2,
    "CN-23": ((f"{_CAIKU_46}第九条", "Caiku [2020] No. 46, Art. 9"),) * 2,
    "CN-24": ((f"{_ORDER_87}第五十五条", "MOF Order No. 87, Art. 55"), (f"{_CAIKU_46}第九条", "Caiku [2020] No. 46, Art. 9")),
}


def source(code: str, profile: Profile) -> tuple[str, str]:
    """The Chinese citation and English gloss of rule `code` under `profile`."""
    pair = _SOURCES[code]
    return pair[1] if profile == "cn-gov-engineering" else pair[0]


@dataclass(frozen=True)
class Finding:
    """One finding of a rule: where, how serious, what."""

    code: str
    """`CN-` and two digits; stable forever."""
    severity: Severity
    """error, warning or note; only errors fail `lint`."""
    path: tuple[PathKey, ...]
    """The key path in the rubric (or the input, with `in_input`) it is located at."""
    message: str
    """What was found and what the rule expects, without the source."""
    source: str
    """The Chinese citation."""
    gloss: str
    """The English citation."""
    in_input: bool = False
    """Whether `path` is in the input rather than the rubric."""


@dataclass(frozen=True)
class Located:
    """A finding with its file, line and column."""

    finding: Finding
    file: str
    line: int
    column: int
