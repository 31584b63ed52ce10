"""Checks against the subject catalogue that the model itself does not make."""

from __future__ import annotations

from collections.abc import Iterator

from hocbaso.model.rules._report import subject_path, year_path
from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.subjects import CATALOGUE, REQUIRED_ELECTIVES, Subject, offering
from hocbaso.model.transcript import PrimaryYear, SecondaryYear
from hocbaso.model.vocabulary import Level, SubjectStatus

__all__ = ["iter_catalogue_findings"]

Year = PrimaryYear | SecondaryYear


def iter_catalogue_findings(level: Level, year: Year) -> Iterator[Finding]:
    """Yield the catalogue findings of one year, in the order of the record."""
    yield from _iter_grade_findings(level, year)
    yield from _iter_missing_compulsory(level, year)
    if isinstance(year, PrimaryYear):
        yield from _iter_test_score_findings(level, year)
    elif level is Level.UPPER_SECONDARY:
        yield from _iter_elective_count(level, year)


def _iter_grade_findings(level: Level, year: Year) -> Iterator[Finding]:
    for row in year.subjects:
        found = offering(level, row.subject)
        if found is not None and year.grade not in found.grades:
            yield Finding(
                rule=RuleId.SUBJECT_GRADE,
                severity=Severity.ERROR,
                path=subject_path(year, row.subject),
                message=f"{row.subject.label} is not taught in grade {year.grade}.",
            )


def _is_compulsory(level: Level, subject: Subject, grade: int) -> bool:
    return grade in CATALOGUE[level][subject].compulsory_grades


def _iter_missing_compulsory(level: Level, year: Year) -> Iterator[Finding]:
    taught = {row.subject for row in year.subjects}
    for subject in CATALOGUE[level]:
        if _is_compulsory(level, subject, year.grade) and subject not in taught:
            yield Finding(
                rule=RuleId.COMPULSORY_SUBJECT,
                severity=Severity.ERROR,
                path=subject_path(year, subject),
                message=(
                    f"{subject.label} is compulsory in grade {year.grade}, but the "
                    "year has no result for it."
                ),
            )


def _iter_test_score_findings(level: Level, year: PrimaryYear) -> Iterator[Finding]:
    # TT 27/2020 Art. 7: only some subjects, in some grades, sit the periodic
    # tests; the catalogue's tested_grades says which.
    for row in year.subjects:
        found = offering(level, row.subject)
        if found is None or year.grade not in found.grades:
            continue
        sits = year.grade in found.tested_grades
        if sits == (row.test_score is not None):
            continue
        yield Finding(
            rule=RuleId.TEST_SCORE,
            severity=Severity.ERROR,
            path=f"{subject_path(year, row.subject)}.test_score",
            message=_test_score_message(row.subject, year.grade, sits=sits),
            stated=None if row.test_score is None else str(row.test_score),
        )


def _test_score_message(subject: Subject, grade: int, *, sits: bool) -> str:
    if sits:
        return (
            f"{subject.label} in grade {grade} sits an end-of-year periodic test, "
            "but no test score is recorded."
        )
    return (
        f"{subject.label} in grade {grade} sits no periodic test, but a test score "
        "is recorded."
    )


def _iter_elective_count(level: Level, year: SecondaryYear) -> Iterator[Finding]:
    electives = [
        row.subject
        for row in year.subjects
        if CATALOGUE[level][row.subject].status is SubjectStatus.ELECTIVE
    ]
    if len(electives) != REQUIRED_ELECTIVES:
        yield Finding(
            rule=RuleId.ELECTIVE_COUNT,
            severity=Severity.WARNING,
            path=f"{year_path(year)}.electives",
            message=(
                f"The year has {len(electives)} elective subjects; the programme "
                f"asks for {REQUIRED_ELECTIVES}."
            ),
            stated=str(len(electives)),
            computed=str(REQUIRED_ELECTIVES),
        )
