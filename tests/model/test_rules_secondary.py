"""Secondary decisions and check() on secondary transcripts (TT 22/2021)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hocbaso.model import (
    AchievementLevel,
    AdministrativeAddress,
    Attendance,
    CommendationTitle,
    EthnicGroup,
    Level,
    PassFail,
    PeriodResults,
    Pupil,
    School,
    ScoreComponents,
    SecondarySubjectResult,
    SecondaryYear,
    Sex,
    Subject,
    Transcript,
)
from hocbaso.model.rules import (
    Finding,
    RuleId,
    Severity,
    check,
    learning_level,
    promotion,
    secondary_commendation,
    year_average,
    year_conduct,
)

D = Decimal
GOOD, FAIR = AchievementLevel.GOOD, AchievementLevel.FAIR
PASS, FAIL = AchievementLevel.PASS, AchievementLevel.FAIL
PUPIL_NAME = "Trần Văn An"
YEAR = "2021-2022"

# A grade-6 pupil whose results are Tốt in both semesters and the year:
#   subject            I    II   year = (I + 2·II) / 3
#   literature        8.0  8.4  24.8 / 3 = 8.27 → 8.3
#   mathematics       9.0  9.2  27.4 / 3 = 9.13 → 9.1
#   foreign lang. 1   8.6  8.8  26.2 / 3 = 8.73 → 8.7
#   civic education   8.0  8.5  25.0 / 3 = 8.33 → 8.3
#   history-geography 7.8  8.2  24.2 / 3 = 8.07 → 8.1
#   natural science   8.1  8.3  24.7 / 3 = 8.23 → 8.2
#   technology        7.0  7.5  22.0 / 3 = 7.33 → 7.3
#   informatics       9.1  9.4  27.9 / 3 = 9.30 → 9.3
# Year: all ≥ 6.5 and seven ≥ 8.0 → Tốt; two ≥ 9.0 → Học sinh Giỏi, not Xuất sắc.
BASE: dict[Subject, tuple[str, str]] = {
    Subject.LITERATURE: ("8.0", "8.4"),
    Subject.MATHEMATICS: ("9.0", "9.2"),
    Subject.FOREIGN_LANGUAGE_1: ("8.6", "8.8"),
    Subject.CIVIC_EDUCATION: ("8.0", "8.5"),
    Subject.HISTORY_GEOGRAPHY: ("7.8", "8.2"),
    Subject.NATURAL_SCIENCE: ("8.1", "8.3"),
    Subject.TECHNOLOGY: ("7.0", "7.5"),
    Subject.INFORMATICS: ("9.1", "9.4"),
}
COMMENTED = (
    Subject.PHYSICAL_EDUCATION,
    Subject.ARTS,
    Subject.EXPERIENTIAL_CAREER,
    Subject.LOCAL_EDUCATION,
)


def scored_row(subject: Subject, first: str, second: str) -> SecondarySubjectResult:
    s1, s2 = D(first), D(second)
    return SecondarySubjectResult(
        subject=subject, semester1=s1, semester2=s2, year=year_average(s1, s2)
    )


def comment_row(subject: Subject, second: PassFail) -> SecondarySubjectResult:
    return SecondarySubjectResult(
        subject=subject, semester1=PassFail.PASS, semester2=second, year=second
    )


def build_year(
    scores: Mapping[Subject, tuple[str, str]] = BASE,
    *,
    failed_comments: tuple[Subject, ...] = (),
    conduct: tuple[AchievementLevel, AchievementLevel] = (GOOD, GOOD),
    absences: tuple[int, int] = (0, 0),
    **update: object,
) -> SecondaryYear:
    """Build a grade-6 year whose stated levels and decisions follow the rules."""
    rows = [scored_row(subject, *pair) for subject, pair in scores.items()]
    for subject in COMMENTED:
        failed = subject in failed_comments
        rows.append(comment_row(subject, PassFail.FAIL if failed else PassFail.PASS))
    year = SecondaryYear(
        school_year=YEAR,
        grade=6,
        class_name="6A",
        school="S1",
        homeroom_teacher="Đỗ Thị Hạnh",
        attendance=Attendance(excused=absences[0], unexcused=absences[1]),
        subjects=tuple(rows),
        conduct=PeriodResults(
            semester1=conduct[0],
            semester2=conduct[1],
            year=year_conduct(*conduct),
        ),
    )
    year = year.model_copy(update={"learning": _learning(year), **update})
    return year.model_copy(
        update={
            "promoted": promotion(year).promoted,
            "commendation": secondary_commendation(year),
            **update,
        }
    )


def _learning(year: SecondaryYear) -> PeriodResults:
    def level(field: str) -> AchievementLevel:
        return learning_level(
            {row.subject: getattr(row, field) for row in year.subjects}
        )

    return PeriodResults(
        semester1=level("semester1"), semester2=level("semester2"), year=level("year")
    )


def transcript(*years: SecondaryYear) -> Transcript:
    return Transcript(
        lookup_code="HB37-THCS-TEST-0001",
        level=Level.LOWER_SECONDARY,
        pupil=Pupil(
            full_name=PUPIL_NAME,
            sex=Sex.MALE,
            birth_date=dt.date(2010, 5, 1),
            ethnicity=EthnicGroup.KINH,
            personal_id="037210000456",
        ),
        schools=(
            School(
                id="S1",
                name="Trường THCS Phát Diệm",
                address=AdministrativeAddress(
                    as_of=dt.date(2021, 9, 5),
                    province="Tỉnh Ninh Bình",
                    district="Huyện Kim Sơn",
                    commune="Thị trấn Phát Diệm",
                    province_code="37",
                ),
            ),
        ),
        years=years,
    )


def replace_row(
    record: SecondaryYear, subject: Subject, /, **update: object
) -> SecondaryYear:
    rows = tuple(
        row.model_copy(update=update) if row.subject is subject else row
        for row in record.subjects
    )
    return record.model_copy(update={"subjects": rows})


def rules(findings: list[Finding]) -> list[RuleId]:
    return [finding.rule for finding in findings]


def with_scores(**changes: tuple[str, str]) -> dict[Subject, tuple[str, str]]:
    return {
        **BASE,
        **{Subject(name.replace("_", "-")): v for name, v in changes.items()},
    }


# --- the base year ------------------------------------------------------------------


def test_base_year_is_good_and_clean() -> None:
    year = build_year()
    assert year.learning == PeriodResults(semester1=GOOD, semester2=GOOD, year=GOOD)
    assert year.promoted is True
    assert year.commendation is CommendationTitle.GOOD
    assert check(transcript(year)) == []


def test_open_year_has_no_findings() -> None:
    # No semester II yet: no year marks, no year levels, no promotion.
    rows = tuple(
        row.model_copy(update={"semester2": None, "year": None})
        for row in build_year().subjects
    )
    year = build_year().model_copy(
        update={
            "subjects": rows,
            "learning": PeriodResults(semester1=GOOD),
            "conduct": PeriodResults(semester1=GOOD),
            "promoted": None,
            "commendation": None,
        }
    )
    assert promotion(year).promoted is None
    assert check(transcript(year)) == []


# --- worked examples: what check() catches -----------------------------------------


def test_good_stated_where_scores_give_fair_is_caught() -> None:
    # Technology at 6.0 and 6.2: year (6.0 + 2·6.2) / 3 = 18.4 / 3 = 6.13 → 6.1,
    # below 6.5, so the year is Khá (all ≥ 5.0, seven ≥ 6.5), not Tốt.
    year = build_year(with_scores(technology=("6.0", "6.2")))
    assert year.learning.year is FAIR
    stated_good = year.model_copy(
        update={"learning": year.learning.model_copy(update={"year": GOOD})}
    )
    [finding] = check(transcript(stated_good))
    assert finding.rule is RuleId.LEARNING_LEVEL
    assert finding.severity is Severity.ERROR
    assert finding.path == f"years[{YEAR}].learning.year"
    assert (finding.stated, finding.computed) == ("good", "fair")
    assert finding.message == (
        "The year learning level is stated as Tốt, but the rules give Khá."
    )


def test_wrong_year_average_is_caught_once() -> None:
    # Mathematics (9.0 + 2·9.2) / 3 = 27.4 / 3 = 9.13 → 9.1; the form says 9.2.
    year = replace_row(build_year(), Subject.MATHEMATICS, year=D("9.2"))
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.YEAR_AVERAGE
    assert finding.path == f"years[{YEAR}].subjects[mathematics].year"
    assert (finding.stated, finding.computed) == ("9.2", "9.1")


def test_wrong_semester_average_is_caught_once() -> None:
    # Components (9 + 9 + 9 + 2·9 + 3·9) / 8 = 72 / 8 = 9.0, stated 9.1.
    nine = D("9.0")
    parts = ScoreComponents(regular=(nine, nine, nine), midterm=nine, final=nine)
    year = replace_row(
        build_year(),
        Subject.MATHEMATICS,
        semester1=D("9.1"),
        semester1_components=parts,
    )
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.SEMESTER_AVERAGE
    assert finding.path == f"years[{YEAR}].subjects[mathematics].semester1"
    assert (finding.stated, finding.computed) == ("9.1", "9.0")


def test_comment_subject_year_must_be_semester_two() -> None:
    # Arts: semester II Chưa đạt, so the year is Chưa đạt; the form says Đạt.
    year = build_year(failed_comments=(Subject.ARTS,))
    year = replace_row(year, Subject.ARTS, year=PassFail.PASS)
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.COMMENT_YEAR
    assert (finding.stated, finding.computed) == ("pass", "fail")


def test_comment_subject_failed_lowers_and_adjusts_the_year() -> None:
    # All scores as the base year, arts Chưa đạt: Đạt before adjustment, two
    # levels below Tốt because of one subject → Khá; no title.
    year = build_year(failed_comments=(Subject.ARTS,))
    assert year.learning.year is FAIR
    assert secondary_commendation(year) is None
    assert check(transcript(year)) == []


def test_wrong_year_conduct_is_caught() -> None:
    # Semester I Đạt, semester II Tốt → Khá (Art. 8), stated Tốt.
    year = build_year(conduct=(PASS, GOOD))
    stated = year.model_copy(
        update={"conduct": year.conduct.model_copy(update={"year": GOOD})}
    )
    [finding] = check(transcript(stated))
    assert finding.rule is RuleId.CONDUCT_LEVEL
    assert (finding.stated, finding.computed) == ("good", "fair")


# --- promotion, summer training, re-tests (Art. 12-14) ------------------------------


def test_forty_five_absences_allow_promotion() -> None:
    # 40 excused + 5 unexcused = 45 sessions: not more than 45 → promoted.
    decision = promotion(build_year(absences=(40, 5)))
    assert decision.absences == 45
    assert decision.absences_over_limit is False
    assert decision.promoted is True


def test_forty_six_absences_prevent_promotion() -> None:
    # 40 excused + 6 unexcused = 46 > 45 → not promoted, whatever the results.
    year = build_year(absences=(40, 6), promoted=True)
    decision = promotion(year)
    assert decision.absences_over_limit is True
    assert decision.promoted is False
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.ABSENCES
    assert finding.path == f"years[{YEAR}].promoted"
    assert finding.message == (
        "The pupil is stated as promoted, but 46 sessions were missed, more than 45."
    )


def test_conduct_fail_needs_summer_training() -> None:
    # Semester II conduct Chưa đạt → year Chưa đạt → summer training, not promoted.
    year = build_year(conduct=(GOOD, FAIL))
    decision = promotion(year)
    assert decision.needs_summer_training is True
    assert decision.needs_retest is False
    assert decision.promoted is False


def test_conduct_after_summer_training_counts() -> None:
    # Conduct Đạt after summer training → promoted.
    year = build_year(conduct=(GOOD, FAIL), conduct_after_summer=PASS)
    assert promotion(year).promoted is True
    assert check(transcript(year)) == []


def test_learning_fail_needs_retest_in_the_failed_subjects() -> None:
    # Literature (3.0 + 2·3.2) / 3 = 9.4 / 3 = 3.13 → 3.1 and mathematics
    # (4.0 + 2·4.5) / 3 = 13 / 3 = 4.33 → 4.3: 3.1 < 3.5 and two subjects below
    # 5.0 → Chưa đạt, no adjustment (two subjects). Arts Chưa đạt too. Conduct
    # Khá ≥ Đạt → re-test literature, mathematics and arts (< 5.0 or Chưa đạt).
    scores = with_scores(literature=("3.0", "3.2"), mathematics=("4.0", "4.5"))
    year = build_year(scores, failed_comments=(Subject.ARTS,), conduct=(FAIR, FAIR))
    decision = promotion(year)
    assert year.learning.year is FAIL
    assert decision.needs_retest is True
    assert decision.retest_subjects == (
        Subject.LITERATURE,
        Subject.MATHEMATICS,
        Subject.ARTS,
    )
    assert decision.promoted is False


def test_learning_after_retest_counts_and_is_checked() -> None:
    # Re-tests: literature 5.0, mathematics 5.5, arts Đạt. All scores now ≥ 5.0
    # and six ≥ 6.5 (foreign language 8.7, civic 8.3, history-geography 8.1,
    # natural science 8.2, technology 7.3, informatics 9.3) → Khá.
    scores = with_scores(literature=("3.0", "3.2"), mathematics=("4.0", "4.5"))
    year = build_year(scores, failed_comments=(Subject.ARTS,), conduct=(FAIR, FAIR))
    year = replace_row(year, Subject.LITERATURE, after_reassessment=D("5.0"))
    year = replace_row(year, Subject.MATHEMATICS, after_reassessment=D("5.5"))
    year = replace_row(year, Subject.ARTS, after_reassessment=PassFail.PASS)
    retested = year.model_copy(update={"learning_after_retest": FAIR, "promoted": True})
    assert promotion(retested).promoted is True
    assert check(transcript(retested)) == []

    understated = retested.model_copy(update={"learning_after_retest": PASS})
    [finding] = check(transcript(understated))
    assert finding.rule is RuleId.RETEST
    assert (finding.stated, finding.computed) == ("pass", "fair")


def test_retest_result_where_none_was_needed_is_a_warning() -> None:
    year = build_year(learning_after_retest=GOOD)
    [finding] = check(transcript(year))
    assert (finding.rule, finding.severity) == (RuleId.RETEST, Severity.WARNING)


def test_promotion_against_failed_learning_is_caught() -> None:
    scores = with_scores(literature=("3.0", "3.2"), mathematics=("4.0", "4.5"))
    year = build_year(scores, promoted=True)
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.PROMOTION
    assert finding.message == (
        "The pupil is stated as promoted, but the year learning level is Chưa đạt."
    )


# --- titles (Art. 15) ---------------------------------------------------------------


def test_six_subjects_at_nine_give_excellent() -> None:
    # Literature, mathematics, foreign language 1, civic education and history-
    # geography at (9.0 + 2·9.0) / 3 = 9.0, plus informatics 9.3: six year
    # averages ≥ 9.0; conduct Tốt, learning Tốt → Học sinh Xuất sắc.
    nines = {subject: ("9.0", "9.0") for subject in list(BASE)[:5]}
    year = build_year({**BASE, **nines})
    assert secondary_commendation(year) is CommendationTitle.EXCELLENT


def test_five_subjects_at_nine_give_good() -> None:
    # Four at 9.0 plus informatics 9.3 is five; history-geography at
    # (8.8 + 2·9.0) / 3 = 26.8 / 3 = 8.93 → 8.9 < 9.0 (with 8.9 it would be
    # 26.9 / 3 = 8.97 → 9.0, a sixth) → Học sinh Giỏi only.
    nines = {subject: ("9.0", "9.0") for subject in list(BASE)[:4]}
    nines[Subject.HISTORY_GEOGRAPHY] = ("8.8", "9.0")
    year = build_year({**BASE, **nines})
    assert secondary_commendation(year) is CommendationTitle.GOOD
    nines[Subject.HISTORY_GEOGRAPHY] = ("8.9", "9.0")
    assert secondary_commendation(build_year({**BASE, **nines})) is (
        CommendationTitle.EXCELLENT
    )


def test_title_the_results_do_not_allow_is_caught() -> None:
    year = build_year(commendation=CommendationTitle.EXCELLENT)
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.SECONDARY_COMMENDATION
    assert (finding.stated, finding.computed) == ("excellent", "good")


def test_missing_compulsory_subject_is_caught() -> None:
    base = build_year()
    year = base.model_copy(update={"subjects": base.subjects[:-1]})
    [finding] = check(transcript(year))
    assert finding.rule is RuleId.COMPULSORY_SUBJECT
    assert finding.path == f"years[{YEAR}].subjects[local-education]"


# --- properties -----------------------------------------------------------------------

score_text = st.integers(min_value=0, max_value=100).map(
    lambda tenths: str(D(tenths) / 10)
)
levels = st.sampled_from((GOOD, FAIR, PASS, FAIL))


@st.composite
def years(draw: st.DrawFn) -> SecondaryYear:
    scores = {subject: (draw(score_text), draw(score_text)) for subject in BASE}
    failed = tuple(s for s in COMMENTED if draw(st.integers(0, 9)) == 0)
    absences = (draw(st.integers(0, 30)), draw(st.integers(0, 20)))
    return build_year(
        scores,
        failed_comments=failed,
        conduct=(draw(levels), draw(levels)),
        absences=absences,
    )


@given(years())
def test_a_year_built_by_the_rules_has_no_findings(year: SecondaryYear) -> None:
    assert check(transcript(year)) == []


MUTABLE = ("learning.semester1", "learning.semester2", "learning.year", "conduct.year")


@given(years(), st.sampled_from(MUTABLE), levels)
def test_mutating_a_stated_level_gives_exactly_that_finding(
    year: SecondaryYear, field: str, wrong: AchievementLevel
) -> None:
    group, period = field.split(".")
    results: PeriodResults = getattr(year, group)
    right = getattr(results, period)
    if wrong is right:
        return
    mutated = year.model_copy(
        update={group: results.model_copy(update={period: wrong})}
    )
    [finding] = check(transcript(mutated))
    rule = RuleId.LEARNING_LEVEL if group == "learning" else RuleId.CONDUCT_LEVEL
    assert finding.rule is rule
    assert finding.path == f"years[{YEAR}].{field}"
    assert (finding.stated, finding.computed) == (wrong.value, right.value)
    assert PUPIL_NAME not in finding.message


@given(years())
def test_flipping_the_stated_promotion_gives_exactly_one_finding(
    year: SecondaryYear,
) -> None:
    assert year.promoted is not None
    mutated = year.model_copy(update={"promoted": not year.promoted})
    [finding] = check(transcript(mutated))
    assert finding.rule in (RuleId.PROMOTION, RuleId.ABSENCES)
    assert finding.path == f"years[{YEAR}].promoted"
    assert finding.stated == str(not year.promoted).lower()
