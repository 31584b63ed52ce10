"""Worked examples and properties of the subject averages (TT 22/2021 Art. 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocbaso.errors import HocbasoValueError, RuleInputError
from hocbaso.model import PassFail, ScoreComponents
from hocbaso.model.rules import (
    comment_year_result,
    round_half_up,
    semester_average,
    year_average,
)

D = Decimal

scores = st.integers(min_value=0, max_value=100).map(lambda tenths: D(tenths) / 10)


def components(regular: list[str], midterm: str, final: str) -> ScoreComponents:
    return ScoreComponents(
        regular=tuple(D(r) for r in regular), midterm=D(midterm), final=D(final)
    )


# --- round_half_up -------------------------------------------------------------


def test_half_rounds_up() -> None:
    # 6.45 sits exactly halfway between 6.4 and 6.5: half up gives 6.5.
    assert round_half_up(D("6.45")) == D("6.5")


def test_below_half_rounds_down() -> None:
    # 6.44 is nearer 6.4.
    assert round_half_up(D("6.44")) == D("6.4")


def test_rounding_is_not_bankers() -> None:
    # Banker's rounding would give 6.4 (even digit); the forms give 6.5, and
    # 6.55 gives 6.6 under both.
    assert round_half_up(D("6.45")) != D("6.45").quantize(D("0.1"))
    assert round_half_up(D("6.55")) == D("6.6")


def test_float_is_refused() -> None:
    # The float 6.45 is 6.4499999999999992894572642398998…, which would round to 6.4.
    with pytest.raises(RuleInputError, match=r"expected a finite Decimal"):
        round_half_up(6.45)  # type: ignore[arg-type]  # the wrong type is the test


def test_nan_is_refused() -> None:
    with pytest.raises(HocbasoValueError, match=r"Cannot round Decimal\('NaN'\)"):
        round_half_up(D("NaN"))


# --- semester_average ------------------------------------------------------------


def test_semester_average_two_regular_scores() -> None:
    # (7 + 8 + 2·6 + 3·9) / (2 + 5) = (15 + 12 + 27) / 7 = 54 / 7 = 7.714… → 7.7
    assert semester_average(components(["7", "8"], "6", "9")) == D("7.7")


def test_semester_average_three_regular_scores() -> None:
    # (6 + 7 + 8 + 2·7 + 3·6.5) / (3 + 5) = (21 + 14 + 19.5) / 8 = 54.5 / 8
    # = 6.8125 → 6.8
    assert semester_average(components(["6", "7", "8"], "7", "6.5")) == D("6.8")


def test_semester_average_four_regular_scores() -> None:
    # (8 + 9 + 7 + 10 + 2·8 + 3·8.5) / (4 + 5) = (34 + 16 + 25.5) / 9 = 75.5 / 9
    # = 8.388… → 8.4
    assert semester_average(components(["8", "9", "7", "10"], "8", "8.5")) == D("8.4")


def test_semester_average_exact_half_rounds_up() -> None:
    # (6 + 6 + 6.6 + 2·6 + 3·7) / 8 = (18.6 + 12 + 21) / 8 = 51.6 / 8 = 6.45 → 6.5
    assert semester_average(components(["6", "6", "6.6"], "6", "7")) == D("6.5")


def test_semester_average_weights_final_most() -> None:
    # Same scores, mid-term and end-of-term swapped:
    # (5 + 5 + 2·5 + 3·10) / 7 = 50 / 7 = 7.14… → 7.1
    # (5 + 5 + 2·10 + 3·5) / 7 = 45 / 7 = 6.43… → 6.4
    assert semester_average(components(["5", "5"], "5", "10")) == D("7.1")
    assert semester_average(components(["5", "5"], "10", "5")) == D("6.4")


# --- year_average and comment subjects -----------------------------------------


def test_year_average_counts_semester_two_twice() -> None:
    # (6.0 + 2·7.0) / 3 = 20 / 3 = 6.666… → 6.7
    assert year_average(D("6.0"), D("7.0")) == D("6.7")


def test_year_average_exact() -> None:
    # (7.3 + 2·6.4) / 3 = (7.3 + 12.8) / 3 = 20.1 / 3 = 6.7
    assert year_average(D("7.3"), D("6.4")) == D("6.7")


def test_year_average_from_rounded_semesters() -> None:
    # Semester I 6.45 is printed 6.5, and the year is computed from 6.5:
    # (6.5 + 2·5.0) / 3 = 16.5 / 3 = 5.5
    assert year_average(round_half_up(D("6.45")), D("5.0")) == D("5.5")


def test_year_average_just_below_five() -> None:
    # (5.0 + 2·4.9) / 3 = 14.8 / 3 = 4.933… → 4.9, below the re-test line of 5.0.
    assert year_average(D("5.0"), D("4.9")) == D("4.9")


def test_year_average_refuses_unrounded_semester() -> None:
    with pytest.raises(RuleInputError, match=r"semester I average Decimal\('6.45'\)"):
        year_average(D("6.45"), D("7.0"))


def test_year_average_refuses_out_of_range() -> None:
    with pytest.raises(RuleInputError, match=r"outside 0.0 to 10.0"):
        year_average(D("7.0"), D("10.5"))


@pytest.mark.parametrize(
    ("semester1", "semester2", "year"),
    [
        (PassFail.FAIL, PassFail.PASS, PassFail.PASS),
        (PassFail.PASS, PassFail.FAIL, PassFail.FAIL),
        (None, PassFail.PASS, PassFail.PASS),
    ],
)
def test_comment_subject_year_is_semester_two(
    semester1: PassFail | None, semester2: PassFail, year: PassFail
) -> None:
    assert comment_year_result(semester1, semester2) is year


# --- properties ------------------------------------------------------------------


@given(scores, scores)
def test_year_average_lies_between_the_semesters(
    first: Decimal, second: Decimal
) -> None:
    average = year_average(first, second)
    assert min(first, second) <= average <= max(first, second)


@given(st.decimals(min_value=-1000, max_value=1000, places=4))
def test_rounding_moves_at_most_half_a_tenth(value: Decimal) -> None:
    rounded = round_half_up(value)
    assert abs(rounded - value) <= D("0.05")
    assert round_half_up(rounded) == rounded


@given(st.lists(scores, min_size=1, max_size=4), scores, scores)
def test_semester_average_lies_within_the_scores(
    regular: list[Decimal], midterm: Decimal, final: Decimal
) -> None:
    row = ScoreComponents(regular=tuple(regular), midterm=midterm, final=final)
    every = [*regular, midterm, final]
    assert min(every) <= semester_average(row) <= max(every)
