"""AHP weights from pairwise comparisons (analysis.md §3): exact weights for consistent judgements,
the consistency ratio and the message naming the most inconsistent entry."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from scoring.analysis.ahp import Comparison, derive, inconsistency


def _c(first: str, second: str, text: str) -> Comparison:
    return Comparison(first, second, Fraction(text), text)


def test_consistent_gives_exact_fractions() -> None:
    # analysis.md §3: tech 2× service, tech 4× price, service 2× price: consistent, so
    # w = column of price / its sum = (4, 2, 1)/7: 4/7, 2/7, 1/7, λmax = n = 3, CR = 0.
    entries = [_c("tech", "service", "2"), _c("tech", "price", "4"), _c("service", "price", "2")]
    found = derive(["tech", "service", "price"], entries)
    assert found.exact == {"tech": Fraction(4, 7), "service": Fraction(2, 7), "price": Fraction(1, 7)}
    assert (found.lambda_max, found.cr) == (Decimal(3), Decimal(0))
    assert inconsistency(entries, found) is None


def test_reciprocal_entry_and_two_siblings() -> None:
    # [support, func, 1/5]: func is 5× support, so func 5/6, support 1/6 (n = 2: always consistent).
    found = derive(["func", "support"], [_c("support", "func", "1/5")])
    assert found.exact == {"func": Fraction(5, 6), "support": Fraction(1, 6)}
    assert found.cr == 0


def test_inconsistent_rejected_with_its_cr() -> None:
    # The spec's example: [a, b, 2], [b, c, 4], [a, c, 1]: w = (0.4, 0.4, 0.2) since A·w = 3.5·w;
    # λmax = 3.5, CI = 0.25, CR = 0.25/0.58 = 0.431; every ratio e is 2 or 0.5, so the first entry
    # is named, and w_a/w_b = 1.00.
    entries = [_c("a", "b", "2"), _c("b", "c", "4"), _c("a", "c", "1")]
    found = derive(["a", "b", "c"], entries)
    assert found.exact is None
    assert abs(found.weights["a"] - Decimal("0.4")) < Decimal("1e-45")
    assert abs(found.weights["c"] - Decimal("0.2")) < Decimal("1e-45")
    assert inconsistency(entries, found) == (0, (
        "inconsistent comparisons: CR = 0.431 > 0.10 (λmax = 3.500, n = 3, RI = 0.58); "
        "most inconsistent: [a, b, 2], the weights imply 1.00"))


def test_slightly_inconsistent_accepted() -> None:
    # a 2× b, b 2× c, a 3× c (4 would be consistent): CR is small (well under 0.10), so accepted.
    entries = [_c("a", "b", "2"), _c("b", "c", "2"), _c("a", "c", "3")]
    found = derive(["a", "b", "c"], entries)
    assert found.exact is None and Decimal(0) < found.cr < Decimal("0.10")
    assert inconsistency(entries, found) is None
    assert abs(sum(found.weights.values()) - 1) < Decimal("1e-50")
