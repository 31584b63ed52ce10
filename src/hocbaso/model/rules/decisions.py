"""
End-of-year decisions of Thông tư 22/2021/TT-BGDĐT, Art. 12 to 15.

Promotion (lên lớp), summer training (rèn luyện trong kì nghỉ hè), re-tests
(kiểm tra, đánh giá lại) and the year-end titles (khen thưởng). Each decision is
taken on the year levels the rules compute from the semesters' conduct and the
subject results; the levels the record states are used only where that data
is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hocbaso.model.rules._inputs import (
    year_conduct_level,
    year_learning_level,
    year_mark,
    year_marks,
)
from hocbaso.model.subjects import Subject
from hocbaso.model.transcript import SecondaryYear
from hocbaso.model.vocabulary import AchievementLevel, CommendationTitle, PassFail

__all__ = [
    "ABSENCE_LIMIT",
    "PromotionDecision",
    "promotion",
    "secondary_commendation",
]

ABSENCE_LIMIT = 45
"""Sessions a pupil may miss in a year, excused or not (TT 22/2021 Art. 12)."""

_PASS = AchievementLevel.PASS
_RETEST_BELOW = Decimal("5.0")
_EXCELLENT_SCORE = Decimal("9.0")
_EXCELLENT_SUBJECTS = 6


@dataclass(frozen=True, slots=True)
class PromotionDecision:
    """What the rules decide at the end of a secondary school year."""

    promoted: bool | None
    """Whether the pupil goes up a grade (or completes the programme in grades
    9 and 12); ``None`` while the year conduct or learning level is unknown."""
    conduct: AchievementLevel | None
    """The year conduct that counts: after summer training when there was one."""
    learning: AchievementLevel | None
    """The year learning level that counts: after re-tests when there were any."""
    absences: int
    """Sessions missed in the year, excused and unexcused together."""
    absences_over_limit: bool
    """More than :data:`ABSENCE_LIMIT` sessions missed (Art. 12)."""
    needs_summer_training: bool
    """The year conduct is Chưa đạt (Art. 13)."""
    needs_retest: bool
    """Conduct at least Đạt but learning Chưa đạt (Art. 14)."""
    retest_subjects: tuple[Subject, ...] = ()
    """Scored subjects with a year average below 5.0 and comment subjects
    rated Chưa đạt, in the order of the record (Art. 14)."""


def promotion(year: SecondaryYear) -> PromotionDecision:
    """
    Decide promotion, summer training and re-tests for a secondary year.

    A pupil is promoted when the year conduct is at least Đạt, the year
    learning level is at least Đạt and at most 45 sessions were missed,
    excused and unexcused together (Thông tư 22/2021/TT-BGDĐT, Art. 12). Year
    conduct Chưa đạt means summer training (Art. 13); conduct at least Đạt with
    learning Chưa đạt means re-tests in the failed subjects (Art. 14). When the
    record states the conduct after summer training or the learning level after
    re-tests, those count instead. Absences over the limit decide the year on
    their own, even while the levels are unknown.

    :param year: the year record.
    :returns: the decision.
    """
    conduct_before = year_conduct_level(year)
    learning_before = year_learning_level(year)
    conduct = _first_known(year.conduct_after_summer, conduct_before)
    learning = _first_known(year.learning_after_retest, learning_before)
    needs_retest = _at_least_pass(conduct) and learning_before is AchievementLevel.FAIL
    absences = year.attendance.total

    return PromotionDecision(
        promoted=_promoted(conduct, learning, absences),
        conduct=conduct,
        learning=learning,
        absences=absences,
        absences_over_limit=absences > ABSENCE_LIMIT,
        needs_summer_training=conduct_before is AchievementLevel.FAIL,
        needs_retest=needs_retest,
        retest_subjects=_retest_subjects(year) if needs_retest else (),
    )


def _first_known(
    after: AchievementLevel | None, before: AchievementLevel | None
) -> AchievementLevel | None:
    return after if after is not None else before


def _at_least_pass(level: AchievementLevel | None) -> bool:
    return level is not None and level.rank >= _PASS.rank


def _promoted(
    conduct: AchievementLevel | None, learning: AchievementLevel | None, absences: int
) -> bool | None:
    if absences > ABSENCE_LIMIT:
        return False
    if conduct is None or learning is None:
        return None
    return _at_least_pass(conduct) and _at_least_pass(learning)


def _retest_subjects(year: SecondaryYear) -> tuple[Subject, ...]:
    failed = []
    for row in year.subjects:
        mark = year_mark(row)
        low_score = isinstance(mark, Decimal) and mark < _RETEST_BELOW
        if low_score or mark is PassFail.FAIL:
            failed.append(row.subject)
    return tuple(failed)


def secondary_commendation(year: SecondaryYear) -> CommendationTitle | None:
    """
    Return the title a secondary pupil qualifies for, if any.

    "Học sinh Xuất sắc": year conduct Tốt, year learning Tốt and at least six
    scored subjects with a year average of 9.0 or more; "Học sinh Giỏi": year
    conduct Tốt and year learning Tốt (Thông tư 22/2021/TT-BGDĐT, Art. 15).

    :param year: the year record.
    :returns: the highest title the results allow, or ``None`` when they allow
        none or the year's levels are not known yet.
    """
    good = AchievementLevel.GOOD
    if year_conduct_level(year) is not good or year_learning_level(year) is not good:
        return None
    marks = year_marks(year) or {}
    excellent = sum(
        1
        for mark in marks.values()
        if isinstance(mark, Decimal) and mark >= _EXCELLENT_SCORE
    )
    if excellent >= _EXCELLENT_SUBJECTS:
        return CommendationTitle.EXCELLENT
    return CommendationTitle.GOOD
