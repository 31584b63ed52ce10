"""
Learning and conduct levels of Thông tư 22/2021/TT-BGDĐT, Art. 8 and 9.

The learning level (kết quả học tập) of a semester or a year is computed from
the subjects' results for that period: averages for scored subjects, Đạt or
Chưa đạt for the subjects assessed by comment only. The year conduct level
(kết quả rèn luyện) follows from the two semesters' conduct by a fixed table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from hocbaso.errors import RuleInputError
from hocbaso.model.subjects import Subject
from hocbaso.model.transcript import Mark
from hocbaso.model.vocabulary import AchievementLevel, PassFail

__all__ = ["learning_level", "year_conduct"]

_GOOD, _FAIR = AchievementLevel.GOOD, AchievementLevel.FAIR
_PASS, _FAIL = AchievementLevel.PASS, AchievementLevel.FAIL

# TT 22/2021 Art. 9: each of Tốt, Khá and Đạt asks for at least six scored
# subjects above a threshold.
_MIN_SUBJECTS_ABOVE = 6
_PASS_SCORE = Decimal("5.0")
_PASS_FLOOR = Decimal("3.5")


@dataclass(frozen=True, slots=True)
class _Target:
    """The two conditions of Tốt or Khá (TT 22/2021 Art. 9, points a and b)."""

    level: AchievementLevel
    floor: Decimal
    """Every scored subject must reach this (and every comment subject be Đạt)."""
    high: Decimal
    """At least six scored subjects must reach this."""


# Highest first: the adjustment takes the highest qualifying target.
_TARGETS = (
    _Target(_GOOD, floor=Decimal("6.5"), high=Decimal("8.0")),
    _Target(_FAIR, floor=Decimal("5.0"), high=Decimal("6.5")),
)


@dataclass(frozen=True, slots=True)
class _Results:
    scores: tuple[Decimal, ...]
    comments: tuple[PassFail, ...]

    @property
    def failed_comments(self) -> int:
        return sum(1 for mark in self.comments if mark is PassFail.FAIL)

    def count_at_least(self, threshold: Decimal) -> int:
        return sum(1 for score in self.scores if score >= threshold)


def learning_level(
    marks: Mapping[Subject, Mark], *, adjust: bool = True
) -> AchievementLevel:
    """
    Return the learning level of a semester or a year.

    The levels (Thông tư 22/2021/TT-BGDĐT, Art. 9):

    * Tốt: every comment subject Đạt; every scored subject at least 6.5, and at
      least six of them at least 8.0;
    * Khá: every comment subject Đạt; every scored subject at least 5.0, and at
      least six of them at least 6.5;
    * Đạt: at most one comment subject Chưa đạt; at least six scored subjects
      at least 5.0; no scored subject below 3.5;
    * Chưa đạt: every other case.

    The one-subject adjustment ("bị thấp xuống từ 02 mức trở lên … chỉ do kết
    quả đánh giá của duy nhất 01 môn học thì … được điều chỉnh lên mức liền
    kề") is read as follows. For a target T in (Tốt, Khá), the highest first:
    if exactly one subject breaks T's all-subject condition (a comment subject
    Chưa đạt, or a scored subject below 6.5 for Tốt, below 5.0 for Khá), T's
    count condition (six scored subjects at least 8.0 for Tốt, 6.5 for Khá)
    holds, and T is two or more levels above the computed level, then the
    result is the level just above the computed one. The adjustment therefore
    raises a result by exactly one level, never more.

    :param marks: each subject's result for the period: a ``Decimal`` average
        for a scored subject, :class:`PassFail` for a comment subject.
    :param adjust: apply the one-subject adjustment (the default); ``False``
        gives the level before adjustment.
    :returns: the learning level.
    :raises RuleInputError: if ``marks`` is empty.
    """
    results = _split(marks)
    computed = _unadjusted(results)
    return _adjusted(computed, results) if adjust else computed


def _split(marks: Mapping[Subject, Mark]) -> _Results:
    if not marks:
        raise RuleInputError("A learning level needs at least one subject result.")
    scores = tuple(mark for mark in marks.values() if isinstance(mark, Decimal))
    comments = tuple(mark for mark in marks.values() if isinstance(mark, PassFail))
    return _Results(scores, comments)


def _breaking(target: _Target, results: _Results) -> int:
    """Count the subjects that break the target's all-subject condition."""
    low_scores = sum(1 for score in results.scores if score < target.floor)
    return results.failed_comments + low_scores


def _count_holds(target: _Target, results: _Results) -> bool:
    return results.count_at_least(target.high) >= _MIN_SUBJECTS_ABOVE


def _meets_pass(results: _Results) -> bool:
    return (
        results.failed_comments <= 1
        and results.count_at_least(_PASS_SCORE) >= _MIN_SUBJECTS_ABOVE
        and all(score >= _PASS_FLOOR for score in results.scores)
    )


def _unadjusted(results: _Results) -> AchievementLevel:
    for target in _TARGETS:
        if _breaking(target, results) == 0 and _count_holds(target, results):
            return target.level
    return _PASS if _meets_pass(results) else _FAIL


def _adjusted(computed: AchievementLevel, results: _Results) -> AchievementLevel:
    for target in _TARGETS:
        lowered_by_two = target.level.rank - computed.rank >= 2
        one_subject = _breaking(target, results) == 1
        if lowered_by_two and one_subject and _count_holds(target, results):
            return AchievementLevel.from_rank(computed.rank + 1)
    return computed


def year_conduct(
    semester1: AchievementLevel, semester2: AchievementLevel
) -> AchievementLevel:
    """
    Return the year conduct level from the two semesters' conduct.

    Thông tư 22/2021/TT-BGDĐT, Art. 8:

    * Tốt: semester II Tốt and semester I at least Khá;
    * Khá: semester II Khá and semester I at least Đạt; or semester II Đạt and
      semester I Tốt; or semester II Tốt and semester I Đạt or Chưa đạt;
    * Đạt: semester II Đạt and semester I Khá, Đạt or Chưa đạt; or semester II
      Khá and semester I Chưa đạt;
    * Chưa đạt: semester II Chưa đạt.

    :param semester1: the semester I conduct.
    :param semester2: the semester II conduct.
    :returns: the year conduct.
    """
    if semester2 is _FAIL:
        return _FAIL
    if semester2 is _GOOD:
        return _GOOD if semester1.rank >= _FAIR.rank else _FAIR
    if semester2 is _FAIR:
        return _FAIR if semester1.rank >= _PASS.rank else _PASS
    return _FAIR if semester1 is _GOOD else _PASS
