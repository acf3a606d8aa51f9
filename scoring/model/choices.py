"""The words of every choice key, each a Literal with its words as a tuple (one source: the
tuple is the Literal's `get_args`). Models type their fields with these, the key tables
declare them as options, and the CLI offers them; this module imports nothing else, so a
command can name them without loading the models. `one_of` turns a checked str into its word."""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

Word = TypeVar("Word", bound=str)
"""One of a choice's words, typed as the words it is chosen from."""


def one_of(value: object, words: tuple[Word, ...]) -> Word | None:
    """`value` as the word it is among `words` (typed as their Literal); None when it is none."""
    return next((word for word in words if word == value), None)


Subject = Literal["vendor", "staff"]
"""Whom a rubric scores."""
SUBJECTS: tuple[Subject, ...] = get_args(Subject)

Locale = Literal["zh", "en"]
"""A language of reports."""
LOCALES: tuple[Locale, ...] = get_args(Locale)

Rounding = Literal["total", "items"]
"""What is rounded half-up: the total only, or each criterion's contribution too."""
ROUNDINGS: tuple[Rounding, ...] = get_args(Rounding)

Profile = Literal["cn-gov-goods", "cn-gov-services", "cn-gov-engineering", "none"]
"""A procurement regime (procurement.md §1)."""
PROFILES: tuple[Profile, ...] = get_args(Profile)

Method = Literal["mean", "median", "trimmed-mean", "weighted"]
"""How several evaluators' points for one criterion combine."""
METHODS: tuple[Method, ...] = get_args(Method)

Policy = Literal["sme", "sme-consortium", "domestic-product", "other"]
"""Which policy a price adjustment applies (procurement.md §1)."""
POLICIES: tuple[Policy, ...] = get_args(Policy)

Best = Literal["lowest", "highest"]
"""Which value a ratio scale takes as its benchmark."""
BESTS: tuple[Best, ...] = get_args(Best)

Order = Literal["lowest-first", "highest-first"]
"""Which end of the values ranks first."""
ORDERS: tuple[Order, ...] = get_args(Order)
