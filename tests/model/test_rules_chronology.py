"""The record's chronology: birth, age, school years, grades, dates and transfers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.examples.generator import generate_transcript
from hocbaso.model import Level, PrimaryYear, SecondaryYear, Transcript
from hocbaso.model.rules import Finding, RuleId, Severity, check
from hocbaso.validation import ValidationStatus, validate
from hocbaso.xml import write_xml

PRIMARY = primary_example()  # born 2014; grades 1-5 in 2020-2021 to 2024-2025
LOWER = lower_secondary_example()  # born 2011; grades 6-9 in 2022-2023 to 2025-2026
ERROR, WARNING = Severity.ERROR, Severity.WARNING

CHRONOLOGY = frozenset(
    {
        RuleId.TRANSFER_SCHOOL,
        RuleId.SCHOOL_YEAR,
        RuleId.BIRTH_DATE,
        RuleId.AGE,
        RuleId.YEAR_ORDER,
        RuleId.GRADE_SEQUENCE,
        RuleId.SIGNED_ON,
        RuleId.ISSUANCE_DATE,
    }
)


def summary(findings: list[Finding]) -> list[tuple[RuleId, Severity, str]]:
    return [(f.rule, f.severity, f.path) for f in findings]


def born(transcript: Transcript, year: int) -> Transcript:
    # The personal identifier encodes the birth year; drop it so the model
    # accepts any birth date.
    pupil = transcript.pupil.replace(birth_date=dt.date(year, 6, 15), personal_id=None)
    return transcript.replace(pupil=pupil)


def with_grades(transcript: Transcript, *grades: int) -> Transcript:
    years = tuple(
        y.replace(grade=g) for y, g in zip(transcript.years, grades, strict=True)
    )
    return transcript.replace(years=years)


def with_school_year(
    transcript: Transcript, index: int, school_year: str
) -> Transcript:
    years = list(transcript.years)
    years[index] = years[index].replace(school_year=school_year)
    return transcript.replace(years=tuple(years))


def signed(day: dt.date) -> Transcript:
    year = LOWER.years[1]  # 2023-2024
    signers = (year.signers[0].replace(signed_on=day), *year.signers[1:])
    years = (LOWER.years[0], year.replace(signers=signers), *LOWER.years[2:])
    return LOWER.replace(years=years)


def issued(day: dt.date) -> Transcript:
    assert LOWER.issuance is not None
    return LOWER.replace(issuance=LOWER.issuance.replace(date=day))


# --- the cases that passed silently ----------------------------------------------


def test_a_pupil_born_after_the_first_school_year_makes_the_file_invalid() -> None:
    # Years 2023-2024 and 2024-2025, birth date 2026-01-01.
    transcript = PRIMARY.replace(years=PRIMARY.years[3:])
    pupil = transcript.pupil.replace(birth_date=dt.date(2026, 1, 1), personal_id=None)
    transcript = transcript.replace(pupil=pupil)
    [finding] = check(transcript)
    assert summary([finding]) == [(RuleId.BIRTH_DATE, ERROR, "pupil.birth_date")]
    # 2023 - grade 4 - 5: the birth year the law sets for the first year.
    assert (finding.stated, finding.computed) == ("2026", "2014")
    assert validate(write_xml(transcript)).status is ValidationStatus.INVALID


def test_a_four_year_old_in_grade_six_is_an_error() -> None:
    [finding] = check(born(LOWER, 2018))
    assert summary([finding]) == [(RuleId.AGE, ERROR, "years[2022-2023].grade")]
    assert (finding.stated, finding.computed) == ("4", "11")
    assert finding.rule.citation == "Luật Giáo dục 2019 (43/2019/QH14), Điều 28"


# --- chronology.school-year -------------------------------------------------------


def test_the_first_school_year_of_thong_tu_27_passes() -> None:
    assert PRIMARY.years[0].school_year == "2020-2021"
    assert check(PRIMARY) == []


def test_a_school_year_before_2020_is_an_error_reported_once() -> None:
    [finding] = check(with_school_year(PRIMARY, 0, "2019-2020"))
    assert summary([finding]) == [
        (RuleId.SCHOOL_YEAR, ERROR, "years[2019-2020].school_year")
    ]
    assert (finding.stated, finding.computed) == ("2019-2020", "2020-2021")


def test_a_school_year_far_in_the_past_gives_one_finding() -> None:
    # Not also a birth-date, age or gap finding: the year is left out of those.
    findings = check(with_school_year(PRIMARY, 0, "1850-1851"))
    assert summary(findings) == [
        (RuleId.SCHOOL_YEAR, ERROR, "years[1850-1851].school_year")
    ]


def test_a_school_year_far_in_the_future_is_caught_by_the_issuance_date() -> None:
    findings = check(with_school_year(PRIMARY, 4, "2090-2091"))
    assert summary(findings) == [(RuleId.ISSUANCE_DATE, ERROR, "issuance.date")]
    assert (findings[0].stated, findings[0].computed) == ("2025-05-30", "2091-05-01")


# --- chronology.birth-date -------------------------------------------------------


def test_born_the_year_before_the_first_school_year_is_an_age_matter() -> None:
    # Born 2019, first year 2020-2021: not the birth-date rule, but 1 instead of
    # 6 for grade 1 is an age error.
    findings = check(born(PRIMARY, 2019))
    assert summary(findings) == [(RuleId.AGE, ERROR, "years[2020-2021].grade")]


def test_born_in_the_year_the_first_school_year_starts_is_an_error() -> None:
    findings = check(born(PRIMARY, 2020))
    assert summary(findings) == [(RuleId.BIRTH_DATE, ERROR, "pupil.birth_date")]
    assert (findings[0].stated, findings[0].computed) == ("2020", "2014")


# --- lgd2019.art28.age -----------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_year", "severity", "age"),
    [
        (2017, ERROR, "3"),  # 3 years younger than 6 for grade 1
        (2016, WARNING, "4"),  # 2 years younger
        (2015, WARNING, "5"),  # 1 year younger
        (2014, None, "6"),  # the law's age
        (2010, None, "10"),  # 4 years older: late entry plus one repeat
        (2009, WARNING, "11"),  # 5 years older
    ],
)
def test_age_for_grade_one_at_the_bounds(
    birth_year: int, severity: Severity | None, age: str
) -> None:
    findings = check(born(PRIMARY, birth_year))
    if severity is None:
        assert findings == []
        return
    [finding] = findings
    assert summary([finding]) == [(RuleId.AGE, severity, "years[2020-2021].grade")]
    assert (finding.stated, finding.computed) == (age, "6")


def test_a_wrong_birth_year_is_reported_once_not_per_year() -> None:
    # Born 2005: six years older than the law's age in every year.
    findings = check(born(LOWER, 2005))
    assert summary(findings) == [(RuleId.AGE, WARNING, "years[2022-2023].grade")]


def test_the_year_furthest_from_the_law_is_the_one_reported() -> None:
    # Born 2012 and held in grade 1 for four years: 2 years older than the law's
    # 6 in 2020-2021, then 3, 4, and 5 in 2023-2024 (grade 1 at 11) and in
    # 2024-2025 (grade 2 at 12). The first of the two oldest years is reported.
    transcript = with_grades(born(PRIMARY, 2012), 1, 1, 1, 1, 2)
    findings = _chronology(transcript)
    assert summary(findings) == [(RuleId.AGE, WARNING, "years[2023-2024].grade")]
    assert (findings[0].stated, findings[0].computed) == ("11", "6")


def test_repeating_a_grade_is_not_flagged() -> None:
    # Grades 6, 6, 7, 8: one repeat, one year older than the law's age after it.
    assert check(with_grades(LOWER, 6, 6, 7, 8)) == []


# --- chronology.year-order -------------------------------------------------------


def test_a_missing_school_year_is_a_warning() -> None:
    # 2022-2023 (grade 6), then 2024-2025 (grade 8): two grades in two years.
    transcript = LOWER.replace(years=(LOWER.years[0], *LOWER.years[2:]))
    [finding] = check(transcript)
    assert summary([finding]) == [
        (RuleId.YEAR_ORDER, WARNING, "years[2024-2025].school_year")
    ]
    assert (finding.stated, finding.computed) == ("2024-2025", "2023-2024")


def test_school_years_out_of_order_are_refused_by_the_model_and_the_rules() -> None:
    swapped = (LOWER.years[1], LOWER.years[0], *LOWER.years[2:])
    with pytest.raises(ValidationError, match="out of order"):
        LOWER.replace(years=swapped)
    # A copy made without validation still gets an error from the rules.
    unchecked = LOWER.model_copy(update={"years": swapped})
    orders = [f for f in check(unchecked) if f.rule is RuleId.YEAR_ORDER]
    assert summary(orders) == [
        (RuleId.YEAR_ORDER, ERROR, "years[2022-2023].school_year")
    ]
    assert (orders[0].stated, orders[0].computed) == ("2022-2023", "2024-2025")


# --- chronology.grade-sequence -----------------------------------------------------


def test_a_grade_that_goes_down_is_an_error() -> None:
    findings = check(with_grades(LOWER, 6, 7, 6, 7))
    assert summary(findings) == [
        (RuleId.GRADE_SEQUENCE, ERROR, "years[2024-2025].grade")
    ]
    assert (findings[0].stated, findings[0].computed) == ("6", "7")


def test_one_grade_up_per_year_passes() -> None:
    assert check(with_grades(born(LOWER, 2010), 6, 7, 8, 9)) == []


def test_two_grades_up_in_one_year_is_a_warning() -> None:
    # Born 2010, so the skip into grade 9 leaves the pupil at the law's age.
    findings = check(with_grades(born(LOWER, 2010), 6, 7, 9, 9))
    assert summary(findings) == [
        (RuleId.GRADE_SEQUENCE, WARNING, "years[2024-2025].grade")
    ]
    assert (findings[0].stated, findings[0].computed) == ("9", "8")


# --- chronology.signed-on ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "severity"),
    [
        (dt.date(2023, 7, 31), ERROR),  # before 2023-2024 opened
        (dt.date(2023, 8, 1), WARNING),  # during the year
        (dt.date(2024, 4, 30), WARNING),  # results not final yet
        (dt.date(2024, 5, 1), None),  # results can be final
        (dt.date(2028, 7, 31), None),  # five years after the year began
        (dt.date(2028, 8, 1), WARNING),  # later than that
    ],
)
def test_a_year_signature_at_the_bounds(
    day: dt.date, severity: Severity | None
) -> None:
    findings = check(signed(day))
    if severity is None:
        assert findings == []
        return
    [finding] = findings
    path = "years[2023-2024].signers[0].signed_on"
    assert summary([finding]) == [(RuleId.SIGNED_ON, severity, path)]
    assert (finding.stated, finding.computed) == (
        day.isoformat(),
        "2024-05-01/2028-07-31",
    )


# --- chronology.issuance-date --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "severity"),
    [
        (dt.date(2025, 7, 31), ERROR),  # before the last year, 2025-2026, opened
        (dt.date(2025, 8, 1), WARNING),  # during it: a pupil leaving mid-year
        (dt.date(2026, 4, 30), WARNING),
        (dt.date(2026, 5, 1), None),  # its results can be final
    ],
)
def test_the_issuance_date_at_the_bounds(
    day: dt.date, severity: Severity | None
) -> None:
    findings = check(issued(day))
    if severity is None:
        assert findings == []
        return
    [finding] = findings
    assert summary([finding]) == [(RuleId.ISSUANCE_DATE, severity, "issuance.date")]
    assert (finding.stated, finding.computed) == (day.isoformat(), "2026-05-01")


# --- places.transfer-school ----------------------------------------------------------


def test_a_transfer_to_another_school_passes() -> None:
    assert LOWER.transfers[0].from_school != LOWER.transfers[0].to_school
    assert check(LOWER) == []


def test_a_transfer_to_the_same_school_is_an_error() -> None:
    transfer = LOWER.transfers[0].replace(to_school="S1")
    [finding] = check(LOWER.replace(transfers=(transfer,)))
    assert summary([finding]) == [
        (RuleId.TRANSFER_SCHOOL, ERROR, "transfers[0].to_school")
    ]
    assert finding.stated == "S1"


def test_a_transfer_between_two_entries_with_one_school_code_is_an_error() -> None:
    schools = tuple(school.replace(code="79000123") for school in LOWER.schools)
    [finding] = check(LOWER.replace(schools=schools))
    assert summary([finding]) == [
        (RuleId.TRANSFER_SCHOOL, ERROR, "transfers[0].to_school")
    ]
    assert "same school code 79000123" in finding.message


# --- generated transcripts ------------------------------------------------------------


def _chronology(transcript: Transcript) -> list[Finding]:
    return [f for f in check(transcript) if f.rule in CHRONOLOGY]


def test_generated_transcripts_have_no_chronology_findings() -> None:
    for seed in range(301):
        assert _chronology(generate_transcript(seed)) == [], seed
    for level in Level:
        for seed in range(40):
            assert _chronology(generate_transcript(seed, level=level)) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**40))
def test_any_generated_transcript_has_no_chronology_findings(seed: int) -> None:
    transcript = generate_transcript(seed)
    assert all(isinstance(y, PrimaryYear | SecondaryYear) for y in transcript.years)
    assert _chronology(transcript) == []
