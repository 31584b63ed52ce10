"""
Checks of the record's chronology: birth, age, school years, grades and dates.

A school year Y-(Y+1) is taken to open on 1 August of Y and its results to be
final from 1 May of Y+1. The Ministry's yearly frames (khung kế hoạch thời gian
năm học) open schools in the second half of August, before the opening day of
5 September, and end semester II by 25 May and the year by 31 May; provinces
fix their own days within the frame, so the bounds keep a margin.

The rules read no clock. A school year is bounded below by the first year of
Thông tư 27/2020 and above only by the transcript's own issuance date. A year
outside those bounds is reported once, by the bound it breaks, and left out of
the other checks here, so that one wrong value gives one finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from hocbaso.model.rules._report import year_path
from hocbaso.model.rules.findings import Finding, RuleId, Severity
from hocbaso.model.transcript import Issuance, PrimaryYear, SecondaryYear, Transcript

__all__ = ["iter_chronology_findings"]

Year = PrimaryYear | SecondaryYear

_FIRST_START = 2020
"""TT 27/2020 applies from 2020-2021 (grade 1); TT 22/2021 from 2021-2022."""
_AGE_ABOVE_GRADE = 5
"""Luật Giáo dục 2019 Art. 28: grade 1 at 6, grade 6 at 11, grade 10 at 15."""
_YOUNGER_ERROR = 3
"""Years younger than the law's age that no early entry or skipped grade explains."""
_OLDER_WARNING = 5
"""Years older: beyond 3 years' late entry (the charters' limit) and one repeat."""
_LATE_SIGNING_YEARS = 5
"""A level lasts at most five years, so a record is signed within five of its start."""


def iter_chronology_findings(transcript: Transcript) -> Iterator[Finding]:
    """Yield the chronology findings: birth and age, the years in order, issuance."""
    issued = None if transcript.issuance is None else transcript.issuance.date
    dated = [year for year in transcript.years if _is_dated(year, issued)]
    yield from _iter_birth_and_age(transcript.pupil.birth_date, dated)
    previous: Year | None = None
    for year in transcript.years:
        if _start(year) < _FIRST_START:
            yield _early_year(year)
        if not _is_dated(year, issued):
            continue
        if previous is not None:
            yield from _iter_sequence(previous, year)
        yield from _iter_signatures(year)
        if previous is None or _start(year) > _start(previous):
            previous = year  # a year out of order is not the next one's measure
    if transcript.issuance is not None:
        yield from _iter_issuance(transcript.issuance, transcript.years)


def _start(year: Year) -> int:
    return int(year.school_year[:4])


def _opens(start: int) -> dt.date:
    return dt.date(start, 8, 1)


def _final(start: int) -> dt.date:
    return dt.date(start + 1, 5, 1)


def _school_year(start: int) -> str:
    return f"{start}-{start + 1}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _is_dated(year: Year, issued: dt.date | None) -> bool:
    # A year before the first of the circulars, or one that opens after the
    # transcript was issued, has its own finding and no other here.
    start = _start(year)
    return start >= _FIRST_START and (issued is None or _opens(start) <= issued)


def _early_year(year: Year) -> Finding:
    first = _school_year(_FIRST_START)
    return Finding(
        rule=RuleId.SCHOOL_YEAR,
        severity=Severity.ERROR,
        path=f"{year_path(year)}.school_year",
        message=(
            f"School year {year.school_year} is before {first}, the first year "
            "Thông tư 27/2020 applied to; no earlier year was assessed under the "
            "rules this transcript follows."
        ),
        stated=year.school_year,
        computed=first,
    )


def _iter_birth_and_age(born: dt.date, years: Sequence[Year]) -> Iterator[Finding]:
    if not years:
        return
    first = years[0]
    start = _start(first)
    if born.year >= start:
        expected = start - first.grade - _AGE_ABOVE_GRADE
        yield Finding(
            rule=RuleId.BIRTH_DATE,
            severity=Severity.ERROR,
            path="pupil.birth_date",
            message=(
                f"The pupil is born in {born.year}, not before {start}, when the "
                f"first school year on record ({first.school_year}) starts."
            ),
            stated=str(born.year),
            computed=str(expected),
        )
        return
    # The age is counted by calendar year, as Art. 28 counts it. A wrong birth
    # date shifts every year alike, so only the youngest and the oldest year
    # for its grade are reported, each once.
    offsets = [
        (_age(born, y) - _expected_age(y), index) for index, y in enumerate(years)
    ]
    youngest, oldest = min(offsets), max(offsets, key=lambda pair: (pair[0], -pair[1]))
    found: list[tuple[int, int]] = []
    if youngest[0] < 0:
        found.append(youngest)
    if oldest[0] >= _OLDER_WARNING:
        found.append(oldest)
    for _, index in sorted(found, key=lambda pair: pair[1]):
        yield _age_finding(born, years[index])


def _age(born: dt.date, year: Year) -> int:
    return _start(year) - born.year


def _expected_age(year: Year) -> int:
    return year.grade + _AGE_ABOVE_GRADE


def _age_finding(born: dt.date, year: Year) -> Finding:
    age, expected = _age(born, year), _expected_age(year)
    gap = age - expected
    if gap <= -_YOUNGER_ERROR:
        severity = Severity.ERROR
    else:
        severity = Severity.WARNING
    relation = (
        f"{_count(-gap, 'year')} younger" if gap < 0 else f"{_count(gap, 'year')} older"
    )
    return Finding(
        rule=RuleId.AGE,
        severity=severity,
        path=f"{year_path(year)}.grade",
        message=(
            f"The pupil turns {age} in {_start(year)}, when {year.school_year} "
            f"starts: {relation} than the {expected} the Education Law sets for "
            f"grade {year.grade}."
        ),
        stated=str(age),
        computed=str(expected),
    )


def _iter_sequence(previous: Year, year: Year) -> Iterator[Finding]:
    before, start = _start(previous), _start(year)
    following = _school_year(before + 1)
    path = year_path(year)
    if start <= before:
        # The model refuses this; a copy made without validation may not.
        yield Finding(
            rule=RuleId.YEAR_ORDER,
            severity=Severity.ERROR,
            path=f"{path}.school_year",
            message=(
                f"School year {year.school_year} comes after {previous.school_year}; "
                "year records go in chronological order, one per school year."
            ),
            stated=year.school_year,
            computed=following,
        )
        return
    if start > before + 1:
        missing = start - before - 1
        yield Finding(
            rule=RuleId.YEAR_ORDER,
            severity=Severity.WARNING,
            path=f"{path}.school_year",
            message=(
                f"School year {year.school_year} follows {previous.school_year}; "
                f"{_count(missing, 'school year')} between them "
                f"{'has' if missing == 1 else 'have'} no record."
            ),
            stated=year.school_year,
            computed=following,
        )
    yield from _iter_grade_step(previous, year, start - before)


def _iter_grade_step(previous: Year, year: Year, passed: int) -> Iterator[Finding]:
    path = f"{year_path(year)}.grade"
    step = year.grade - previous.grade
    if step < 0:
        yield Finding(
            rule=RuleId.GRADE_SEQUENCE,
            severity=Severity.ERROR,
            path=path,
            message=(
                f"Grade {year.grade} in {year.school_year} is below grade "
                f"{previous.grade} in {previous.school_year}; after a year a pupil "
                "moves up or repeats the grade, never down."
            ),
            stated=str(year.grade),
            computed=str(previous.grade),
        )
    elif step > passed:
        yield Finding(
            rule=RuleId.GRADE_SEQUENCE,
            severity=Severity.WARNING,
            path=path,
            message=(
                f"Grade {year.grade} in {year.school_year} is {step} grades above "
                f"grade {previous.grade} in {previous.school_year}, "
                f"{_count(passed, 'school year')} earlier; only a skipped grade "
                "explains it."
            ),
            stated=str(year.grade),
            computed=str(previous.grade + passed),
        )


def _iter_signatures(year: Year) -> Iterator[Finding]:
    start = _start(year)
    earliest = _final(start)
    latest = dt.date(start + _LATE_SIGNING_YEARS, 7, 31)
    for index, signer in enumerate(year.signers):
        day = signer.signed_on
        if day is None or earliest <= day <= latest:
            continue
        when = f"Signature {index + 1} of {year.school_year} is dated {day.isoformat()}"
        if day < _opens(start):
            severity = Severity.ERROR
            message = f"{when}, before the school year opened on 1 August {start}."
        elif day < earliest:
            severity = Severity.WARNING
            message = (
                f"{when}, before the year's results can be final; a year record is "
                "signed when the year ends."
            )
        else:
            severity = Severity.WARNING
            message = (
                f"{when}, more than {_LATE_SIGNING_YEARS} years after the school "
                "year began; it was not signed when the year ended."
            )
        yield Finding(
            rule=RuleId.SIGNED_ON,
            severity=severity,
            path=f"{year_path(year)}.signers[{index}].signed_on",
            message=message,
            stated=day.isoformat(),
            computed=f"{earliest.isoformat()}/{latest.isoformat()}",
        )


def _iter_issuance(issuance: Issuance, years: Sequence[Year]) -> Iterator[Finding]:
    starts = [_start(year) for year in years if _start(year) >= _FIRST_START]
    if not starts:
        return
    start = max(starts)
    earliest = _final(start)
    if issuance.date >= earliest:
        return
    issued = f"The transcript is issued on {issuance.date.isoformat()}"
    last = _school_year(start)
    if issuance.date < _opens(start):
        severity = Severity.ERROR
        message = f"{issued}, before its last school year {last} opened."
    else:
        severity = Severity.WARNING
        message = (
            f"{issued}, during its last school year {last}, before the year's "
            "results can be final; only a pupil leaving during the year explains it."
        )
    yield Finding(
        rule=RuleId.ISSUANCE_DATE,
        severity=severity,
        path="issuance.date",
        message=message,
        stated=issuance.date.isoformat(),
        computed=earliest.isoformat(),
    )
