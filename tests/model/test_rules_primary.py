"""Primary year results, titles and check() on the primary example (TT 27/2020)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocbaso.examples import primary_example
from hocbaso.model import (
    CommendationTitle,
    Competency,
    CompetencyLevel,
    PrimaryRating,
    PrimarySubjectResult,
    PrimaryYear,
    PrimaryYearResult,
    Subject,
    Transcript,
)
from hocbaso.model.rules import (
    RuleId,
    Severity,
    check,
    primary_commendation_allowed,
    primary_year_result,
)

EXAMPLE = primary_example()
HTXS, HTT = PrimaryYearResult.EXCELLENT, PrimaryYearResult.WELL_COMPLETED
HT, CHT = PrimaryYearResult.COMPLETED, PrimaryYearResult.NOT_COMPLETED


def grade(number: int) -> PrimaryYear:
    year = EXAMPLE.years[number - 1]
    assert isinstance(year, PrimaryYear)
    return year


def with_row(year: PrimaryYear, subject: Subject, **update: object) -> PrimaryYear:
    rows = tuple(
        row.model_copy(update=update) if row.subject is subject else row
        for row in year.subjects
    )
    return year.model_copy(update={"subjects": rows})


def with_competency(
    year: PrimaryYear, competency: Competency, level: CompetencyLevel
) -> PrimaryYear:
    return year.model_copy(
        update={"competencies": {**year.competencies, competency: level}}
    )


def with_year(record: PrimaryYear) -> Transcript:
    years = tuple(
        record if y.school_year == record.school_year else y for y in EXAMPLE.years
    )
    return EXAMPLE.model_copy(update={"years": years})


# --- primary_year_result at the boundaries (Art. 9) ----------------------------------
# Grade 4 of the example: every subject Hoàn thành tốt, every quality and
# competency Tốt, end-of-year tests 9, 10, 9, 9, 10, 9, 9.


def test_grade_four_is_excellent_with_lowest_test_nine() -> None:
    # Lowest test 9 ≥ 9 → Hoàn thành xuất sắc.
    assert primary_year_result(grade(4)) is HTXS


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (9, HTXS),  # 9 ≥ 9
        (8, HTT),  # 8 < 9 but ≥ 7
        (7, HTT),  # 7 ≥ 7
        (6, HT),  # 6 < 7 but ≥ 5
        (5, HT),  # 5 ≥ 5
        (4, CHT),  # 4 < 5
    ],
)
def test_one_test_score_decides_the_level(
    score: int, expected: PrimaryYearResult
) -> None:
    year = with_row(grade(4), Subject.VIETNAMESE, test_score=score)
    assert primary_year_result(year) is expected


def test_one_competency_needing_effort_gives_not_completed() -> None:
    # Tests all ≥ 9 and every subject HTT, but numeracy Cần cố gắng: Hoàn thành
    # needs every quality and competency Tốt or Đạt → Chưa hoàn thành.
    year = with_competency(grade(4), Competency.NUMERACY, CompetencyLevel.NEEDS_EFFORT)
    assert primary_year_result(year) is CHT


def test_one_competency_satisfactory_gives_completed() -> None:
    # Numeracy Đạt: not every competency Tốt, so neither HTXS nor HTT → Hoàn thành.
    year = with_competency(grade(4), Competency.NUMERACY, CompetencyLevel.SATISFACTORY)
    assert primary_year_result(year) is HT


def test_one_subject_completed_gives_completed() -> None:
    # Ethics rated Hoàn thành (not tốt): HTXS and HTT need every subject HTT → HT.
    year = with_row(grade(4), Subject.ETHICS, rating=PrimaryRating.COMPLETED)
    assert primary_year_result(year) is HT


def test_one_subject_not_completed_gives_not_completed() -> None:
    year = with_row(grade(4), Subject.ETHICS, rating=PrimaryRating.NOT_COMPLETED)
    assert primary_year_result(year) is CHT


# --- titles (Art. 13) --------------------------------------------------------------


def test_titles_open_to_each_result() -> None:
    # Grade 4 HTXS: both titles; grade 1 HTT (tests 8 and 9): tiêu biểu only;
    # grade 5 HT: none.
    assert primary_commendation_allowed(grade(4)) == {
        CommendationTitle.EXCELLENT,
        CommendationTitle.OUTSTANDING,
    }
    assert primary_commendation_allowed(grade(1)) == {CommendationTitle.OUTSTANDING}
    assert primary_commendation_allowed(grade(5)) == set()


@pytest.mark.parametrize("title", [CommendationTitle.EXCELLENT, CommendationTitle.GOOD])
def test_title_not_open_to_the_result_is_caught(title: CommendationTitle) -> None:
    year = grade(1).model_copy(update={"commendation": title})
    [finding] = check(with_year(year))
    assert finding.rule is RuleId.PRIMARY_COMMENDATION
    assert finding.path == "years[2020-2021].commendation"
    assert (finding.stated, finding.computed) == (title.value, "outstanding")


# --- check() on the example ------------------------------------------------------


def test_the_primary_example_has_no_findings() -> None:
    assert check(EXAMPLE) == []


def test_wrong_stated_result_is_caught() -> None:
    # Grade 3: tests 8, 9, 7, 9, 8 → lowest 7 → HTT; the form claims HTXS.
    year = grade(3).model_copy(update={"result": HTXS})
    [finding] = check(with_year(year))
    assert finding.rule is RuleId.PRIMARY_RESULT
    assert finding.severity is Severity.ERROR
    assert finding.path == "years[2022-2023].result"
    assert (finding.stated, finding.computed) == ("excellent", "well-completed")
    assert finding.message == (
        "The year result is stated as Hoàn thành xuất sắc, but the rules give "
        "Hoàn thành tốt."
    )


results = st.sampled_from(list(PrimaryYearResult))


@given(st.integers(min_value=1, max_value=5), results)
def test_mutating_a_stated_result_gives_exactly_that_finding(
    number: int, wrong: PrimaryYearResult
) -> None:
    year = grade(number)
    if wrong is year.result:
        return
    [finding] = check(with_year(year.model_copy(update={"result": wrong})))
    assert finding.rule is RuleId.PRIMARY_RESULT
    assert finding.path == f"years[{year.school_year}].result"
    assert (finding.stated, finding.computed) == (wrong.value, year.result.value)
    assert EXAMPLE.pupil.full_name not in finding.message


def test_completion_with_not_completed_is_a_warning() -> None:
    # Grade 5 with numeracy Cần cố gắng → CHT; the form says so but still
    # records the programme as completed: allowed after support, so a warning.
    year = with_competency(grade(5), Competency.NUMERACY, CompetencyLevel.NEEDS_EFFORT)
    year = year.model_copy(update={"result": CHT})
    [finding] = check(with_year(year))
    assert (finding.rule, finding.severity) == (
        RuleId.PRIMARY_COMPLETION,
        Severity.WARNING,
    )
    assert finding.path == "years[2024-2025].programme_completed"


def test_not_completed_despite_completed_result_is_an_error() -> None:
    year = grade(5).model_copy(update={"programme_completed": False})
    [finding] = check(with_year(year))
    assert (finding.rule, finding.severity) == (
        RuleId.PRIMARY_COMPLETION,
        Severity.ERROR,
    )


# --- catalogue checks (Art. 7 and the 2018 programme) -------------------------------


def test_subject_not_taught_in_the_grade_is_caught() -> None:
    # Khoa học is taught in grades 4 and 5 only.
    year = grade(2)
    extra = PrimarySubjectResult(
        subject=Subject.SCIENCE, rating=PrimaryRating.WELL_COMPLETED
    )
    year = year.model_copy(update={"subjects": (*year.subjects, extra)})
    [finding] = check(with_year(year))
    assert finding.rule is RuleId.SUBJECT_GRADE
    assert finding.path == "years[2021-2022].subjects[science]"


def test_missing_test_score_is_caught() -> None:
    # Grade 3 mathematics sits the end-of-year test; without it the lowest of
    # 8, 7, 9, 8 is still 7 → HTT, so only the missing score is reported.
    year = with_row(grade(3), Subject.MATHEMATICS, test_score=None)
    [finding] = check(with_year(year))
    assert finding.rule is RuleId.TEST_SCORE
    assert finding.path == "years[2022-2023].subjects[mathematics].test_score"
    assert "no test score is recorded" in finding.message


def test_test_score_on_an_untested_subject_is_caught() -> None:
    # Đạo đức sits no periodic test (TT 27/2020 Art. 7).
    year = with_row(grade(3), Subject.ETHICS, test_score=8)
    [finding] = check(with_year(year))
    assert finding.rule is RuleId.TEST_SCORE
    assert finding.stated == "8"


def test_foreign_language_test_in_grade_one_is_caught() -> None:
    # Ngoại ngữ 1 is optional in grades 1-2 and sits no test there.
    extra = PrimarySubjectResult(
        subject=Subject.FOREIGN_LANGUAGE_1,
        rating=PrimaryRating.WELL_COMPLETED,
        test_score=9,
    )
    year = grade(1).model_copy(update={"subjects": (*grade(1).subjects, extra)})
    assert [f.rule for f in check(with_year(year))] == [RuleId.TEST_SCORE]


def test_foreign_language_is_compulsory_from_grade_three() -> None:
    # Grades 1 and 2 of the example have no Ngoại ngữ 1 and no finding; grade 3
    # without it is missing a compulsory subject.
    year = grade(3)
    rows = tuple(
        r for r in year.subjects if r.subject is not Subject.FOREIGN_LANGUAGE_1
    )
    [finding] = check(with_year(year.model_copy(update={"subjects": rows})))
    assert finding.rule is RuleId.COMPULSORY_SUBJECT
    assert finding.path == "years[2022-2023].subjects[foreign-language-1]"
