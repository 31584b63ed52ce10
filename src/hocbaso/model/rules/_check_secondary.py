"""Checks of a secondary year's averages and levels (Thông tư 22/2021, Art. 8-9)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from hocbaso.model.rules._inputs import (
    Semester,
    computed_year_mark,
    semester_marks,
    year_marks,
)
from hocbaso.model.rules._report import mismatch, subject_path, year_path
from hocbaso.model.rules.findings import Finding, RuleId
from hocbaso.model.rules.levels import learning_level, year_conduct
from hocbaso.model.rules.scores import semester_average
from hocbaso.model.subjects import Subject
from hocbaso.model.transcript import Mark, SecondarySubjectResult, SecondaryYear
from hocbaso.model.vocabulary import AchievementLevel, PassFail

__all__ = ["iter_secondary_findings"]

_SEMESTERS: tuple[Semester, ...] = (1, 2)
_ROMAN = {1: "I", 2: "II"}


def iter_secondary_findings(year: SecondaryYear) -> Iterator[Finding]:
    """Yield the findings on a secondary year's subject results and levels."""
    for row in year.subjects:
        yield from _iter_semester_averages(year, row)
        yield from _iter_year_mark(year, row)
    yield from _iter_learning_levels(year)
    yield from _iter_year_conduct(year)


def _iter_semester_averages(
    year: SecondaryYear, row: SecondarySubjectResult
) -> Iterator[Finding]:
    pairs = (
        (1, row.semester1, row.semester1_components),
        (2, row.semester2, row.semester2_components),
    )
    for semester, stated, components in pairs:
        if components is None or not isinstance(stated, Decimal):
            continue
        computed = semester_average(components)
        if stated != computed:
            yield mismatch(
                RuleId.SEMESTER_AVERAGE,
                f"{subject_path(year, row.subject)}.semester{semester}",
                f"The semester {_ROMAN[semester]} average of {row.subject.label}",
                stated,
                computed,
            )


def _iter_year_mark(
    year: SecondaryYear, row: SecondarySubjectResult
) -> Iterator[Finding]:
    computed = computed_year_mark(row)
    if row.year is None or computed is None or row.year == computed:
        return
    rule = (
        RuleId.COMMENT_YEAR if isinstance(computed, PassFail) else RuleId.YEAR_AVERAGE
    )
    yield mismatch(
        rule,
        f"{subject_path(year, row.subject)}.year",
        f"The year result of {row.subject.label}",
        row.year,
        computed,
    )


def _iter_learning_levels(year: SecondaryYear) -> Iterator[Finding]:
    periods: list[tuple[str, str, AchievementLevel | None, dict[Subject, Mark] | None]]
    periods = [
        (
            f"semester{semester}",
            f"The semester {_ROMAN[semester]} learning level",
            year.learning.semester1 if semester == 1 else year.learning.semester2,
            semester_marks(year, semester),
        )
        for semester in _SEMESTERS
    ]
    periods.append(
        ("year", "The year learning level", year.learning.year, year_marks(year))
    )
    for field, what, stated, marks in periods:
        if stated is None or marks is None:
            continue
        computed = learning_level(marks)
        if stated is not computed:
            path = f"{year_path(year)}.learning.{field}"
            yield mismatch(RuleId.LEARNING_LEVEL, path, what, stated, computed)


def _iter_year_conduct(year: SecondaryYear) -> Iterator[Finding]:
    conduct = year.conduct
    if conduct.semester1 is None or conduct.semester2 is None or conduct.year is None:
        return
    computed = year_conduct(conduct.semester1, conduct.semester2)
    if conduct.year is not computed:
        yield mismatch(
            RuleId.CONDUCT_LEVEL,
            f"{year_path(year)}.conduct.year",
            "The year conduct",
            conduct.year,
            computed,
        )
