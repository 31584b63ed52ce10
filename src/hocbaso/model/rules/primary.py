"""The primary year result and titles of Thông tư 27/2020/TT-BGDĐT, Art. 9 and 13."""

from __future__ import annotations

from hocbaso.model.transcript import PrimaryYear
from hocbaso.model.vocabulary import (
    CommendationTitle,
    CompetencyLevel,
    PrimaryRating,
    PrimaryYearResult,
)

__all__ = ["primary_commendation_allowed", "primary_year_result"]

# TT 27/2020 Art. 9: the lowest end-of-year test score of each level.
_EXCELLENT_TEST = 9
_WELL_COMPLETED_TEST = 7
_COMPLETED_TEST = 5


def primary_year_result(year: PrimaryYear) -> PrimaryYearResult:
    """
    Return the end-of-year result of a primary pupil.

    Thông tư 27/2020/TT-BGDĐT, Art. 9:

    * Hoàn thành xuất sắc: every subject and activity Hoàn thành tốt, every
      quality and competency Tốt, every end-of-year test 9 or more;
    * Hoàn thành tốt: the same with every test 7 or more;
    * Hoàn thành: every subject Hoàn thành tốt or Hoàn thành, every quality and
      competency Tốt or Đạt, every test 5 or more;
    * Chưa hoàn thành: every other case.

    Subjects without a test score count by their rating only.

    :param year: the year record.
    :returns: the result on the four levels.
    """
    ratings = [row.rating for row in year.subjects]
    levels = [*year.qualities.values(), *year.competencies.values()]
    tests = [row.test_score for row in year.subjects if row.test_score is not None]

    all_well = all(rating is PrimaryRating.WELL_COMPLETED for rating in ratings)
    all_good = all(level is CompetencyLevel.GOOD for level in levels)
    lowest_test = min(tests, default=10)
    if all_well and all_good and lowest_test >= _EXCELLENT_TEST:
        return PrimaryYearResult.EXCELLENT
    if all_well and all_good and lowest_test >= _WELL_COMPLETED_TEST:
        return PrimaryYearResult.WELL_COMPLETED

    none_failed = PrimaryRating.NOT_COMPLETED not in ratings
    none_weak = CompetencyLevel.NEEDS_EFFORT not in levels
    if none_failed and none_weak and lowest_test >= _COMPLETED_TEST:
        return PrimaryYearResult.COMPLETED
    return PrimaryYearResult.NOT_COMPLETED


def primary_commendation_allowed(year: PrimaryYear) -> set[CommendationTitle]:
    """
    Return the titles the principal may award for a primary year.

    "Học sinh Xuất sắc" needs the result Hoàn thành xuất sắc; "Học sinh tiêu
    biểu hoàn thành tốt trong học tập và rèn luyện" needs at least Hoàn thành
    tốt (Thông tư 27/2020/TT-BGDĐT, Art. 13). Whether a pupil is outstanding in a
    subject or made clear progress is the class's judgement, so the rules only
    say whether the title is open. "Học sinh Giỏi" is a secondary title.

    :param year: the year record.
    :returns: the titles the computed result allows; empty when none.
    """
    result = primary_year_result(year)
    if result is PrimaryYearResult.EXCELLENT:
        return {CommendationTitle.EXCELLENT, CommendationTitle.OUTSTANDING}
    if result is PrimaryYearResult.WELL_COMPLETED:
        return {CommendationTitle.OUTSTANDING}
    return set()
