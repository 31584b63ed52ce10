"""
Subject averages of Thông tư 22/2021/TT-BGDĐT, Art. 9, in ``Decimal``.

Every average is kept to one decimal, rounded half up (6.45 becomes 6.5). The
year average is computed from the *rounded* semester averages, as the forms
print them. Binary floats are refused: ``6.45`` as a float is slightly below
6.45 and would round down.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hocbaso.errors import RuleInputError
from hocbaso.model.transcript import ScoreComponents
from hocbaso.model.vocabulary import PassFail

__all__ = [
    "comment_year_result",
    "round_half_up",
    "semester_average",
    "year_average",
]

_TENTH = Decimal("0.1")
_MIN_SCORE = Decimal(0)
_MAX_SCORE = Decimal(10)

# TT 22/2021 Art. 9: the mid-term counts twice and the end-of-term three times.
_MIDTERM_WEIGHT = 2
_FINAL_WEIGHT = 3


def round_half_up(value: Decimal) -> Decimal:
    """
    Round ``value`` to one decimal, halves away from zero.

    >>> round_half_up(Decimal("6.45")), round_half_up(Decimal("6.44"))
    (Decimal('6.5'), Decimal('6.4'))

    :param value: a finite ``Decimal``.
    :returns: ``value`` with exactly one decimal.
    :raises RuleInputError: if ``value`` is not a finite ``Decimal``.
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        raise RuleInputError(
            f"Cannot round {value!r}; expected a finite Decimal (a float such as "
            "6.45 is stored slightly below 6.45 and would round the wrong way)."
        )
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def semester_average(components: ScoreComponents) -> Decimal:
    """
    Return the semester average ĐTBmhk of a scored subject.

    ĐTBmhk = (sum of regular scores + 2 × mid-term + 3 × end-of-term) /
    (number of regular scores + 5), rounded half up to one decimal
    (Thông tư 22/2021/TT-BGDĐT, Art. 9).

    :param components: the regular, mid-term and end-of-term scores.
    :returns: the rounded average.
    """
    regular_sum = sum(components.regular, Decimal(0))
    weighted = (
        regular_sum
        + _MIDTERM_WEIGHT * components.midterm
        + _FINAL_WEIGHT * components.final
    )
    weights = len(components.regular) + _MIDTERM_WEIGHT + _FINAL_WEIGHT
    return round_half_up(weighted / weights)


def year_average(semester1: Decimal, semester2: Decimal) -> Decimal:
    """
    Return the year average ĐTBmcn of a scored subject.

    ĐTBmcn = (ĐTBmhkI + 2 × ĐTBmhkII) / 3, from the rounded semester averages,
    rounded half up to one decimal (Thông tư 22/2021/TT-BGDĐT, Art. 9).

    :param semester1: the rounded semester I average.
    :param semester2: the rounded semester II average.
    :returns: the rounded year average.
    :raises RuleInputError: if a semester average is not a score from 0 to 10
        with at most one decimal.
    """
    first = _checked_average(semester1, "semester I")
    second = _checked_average(semester2, "semester II")
    return round_half_up((first + 2 * second) / 3)


def _checked_average(value: Decimal, name: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise RuleInputError(
            f"The {name} average {value!r} is not a finite Decimal; expected a "
            "score from 0.0 to 10.0."
        )
    if not _MIN_SCORE <= value <= _MAX_SCORE:
        raise RuleInputError(f"The {name} average {value!r} is outside 0.0 to 10.0.")
    if value != value.quantize(_TENTH):
        raise RuleInputError(
            f"The {name} average {value!r} has more than one decimal; round it "
            "with round_half_up first, as the form does."
        )
    return value


def comment_year_result(semester1: PassFail | None, semester2: PassFail) -> PassFail:
    """
    Return the year result of a subject assessed by comment only.

    The year result is the semester II result (Thông tư 22/2021/TT-BGDĐT,
    Art. 9); semester I is accepted so that callers pass both semesters and
    the signature documents what the rule looks at, but it does not count.

    :param semester1: the semester I result, or ``None`` if not assessed.
    :param semester2: the semester II result.
    :returns: the year result.
    """
    del semester1  # The regulation looks at semester II only.
    return semester2
