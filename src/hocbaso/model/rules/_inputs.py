"""
The values a secondary computation rests on, derived from the most basic data.

Every check compares a stated value with what the rules derive from the most
basic data the record holds: the score components give the semester averages,
the semester results give the year results, the subject results give the
learning levels, the semesters' conduct gives the year conduct, and the levels
and absences give the decisions. A derived value falls back to the stated one
only when the data below it is missing. One wrong value therefore gives one
finding: the values above it are still derived from correct data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from hocbaso.model.rules.levels import learning_level, year_conduct
from hocbaso.model.rules.scores import (
    comment_year_result,
    semester_average,
    year_average,
)
from hocbaso.model.subjects import Subject
from hocbaso.model.transcript import Mark, SecondarySubjectResult, SecondaryYear
from hocbaso.model.vocabulary import AchievementLevel, PassFail

__all__ = [
    "Semester",
    "computed_year_mark",
    "semester_mark",
    "semester_marks",
    "year_conduct_level",
    "year_learning_level",
    "year_mark",
    "year_marks",
]

Semester = Literal[1, 2]


def semester_mark(row: SecondarySubjectResult, semester: Semester) -> Mark | None:
    """Return a semester's mark: from its score components if any, else as stated."""
    if semester == 1:
        stated, components = row.semester1, row.semester1_components
    else:
        stated, components = row.semester2, row.semester2_components
    if components is not None and not isinstance(stated, PassFail):
        return semester_average(components)
    return stated


def computed_year_mark(row: SecondarySubjectResult) -> Mark | None:
    """Return the year mark the two semesters give, or ``None`` if unknown."""
    first, second = semester_mark(row, 1), semester_mark(row, 2)
    if isinstance(second, PassFail):
        earlier = first if isinstance(first, PassFail) else None
        return comment_year_result(earlier, second)
    if isinstance(first, Decimal) and isinstance(second, Decimal):
        return year_average(first, second)
    return None


def year_mark(row: SecondarySubjectResult) -> Mark | None:
    """Return the year mark the semesters give, or the stated one if they cannot."""
    computed = computed_year_mark(row)
    return computed if computed is not None else row.year


def _complete(marks: dict[Subject, Mark | None]) -> dict[Subject, Mark] | None:
    known = {subject: mark for subject, mark in marks.items() if mark is not None}
    return known if known and len(known) == len(marks) else None


def year_marks(year: SecondaryYear) -> dict[Subject, Mark] | None:
    """Return every subject's year mark, or ``None`` if one is unknown."""
    return _complete({row.subject: year_mark(row) for row in year.subjects})


def semester_marks(
    year: SecondaryYear, semester: Semester
) -> dict[Subject, Mark] | None:
    """Return every subject's mark for a semester, or ``None`` if one is missing."""
    return _complete(
        {row.subject: semester_mark(row, semester) for row in year.subjects}
    )


def year_conduct_level(year: SecondaryYear) -> AchievementLevel | None:
    """Return the year conduct the semesters give, or the stated one."""
    conduct = year.conduct
    if conduct.semester1 is None or conduct.semester2 is None:
        return conduct.year
    return year_conduct(conduct.semester1, conduct.semester2)


def year_learning_level(year: SecondaryYear) -> AchievementLevel | None:
    """Return the year learning level the year marks give, or the stated one."""
    marks = year_marks(year)
    return learning_level(marks) if marks is not None else year.learning.year
