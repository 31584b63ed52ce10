"""Findings, rule ids, places and upper-secondary catalogue checks."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from hocbaso.errors import HocbasoValueError
from hocbaso.examples import EXAMPLES, primary_example
from hocbaso.model import (
    AchievementLevel,
    AdministrativeAddress,
    Attendance,
    EthnicGroup,
    Level,
    PassFail,
    PeriodResults,
    Pupil,
    School,
    SecondarySubjectResult,
    SecondaryYear,
    Sex,
    Subject,
    Transcript,
)
from hocbaso.model.rules import Finding, RuleId, Severity, check, iter_findings
from tests.conftest import REPO

EXAMPLE = primary_example()


# --- Finding and RuleId --------------------------------------------------------------


def test_rule_ids_are_unique_and_cite_a_regulation() -> None:
    values = [rule.value for rule in RuleId]
    assert len(values) == len(set(values))
    for rule in RuleId:
        assert rule.citation
        assert str(rule) == rule.value


def test_rule_ids_of_the_brief_are_stable() -> None:
    assert RuleId.from_id("tt22.art9.year-average") is RuleId.YEAR_AVERAGE
    assert RuleId.YEAR_AVERAGE.citation == "Thông tư 22/2021/TT-BGDĐT, Điều 9"
    assert RuleId.PRIMARY_RESULT.citation == "Thông tư 27/2020/TT-BGDĐT, Điều 9"


def test_every_rule_id_is_in_the_rules_page() -> None:
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    table = page.partition("| Rule id |")[2].partition("\n\n")[0]
    rows = set(re.findall(r"^\| `([a-z0-9.-]+)` \|", table, re.MULTILINE))
    assert rows == {rule.value for rule in RuleId}


def test_unknown_rule_id_is_refused() -> None:
    with pytest.raises(HocbasoValueError, match=r"Unknown rule id 'tt22.art99'"):
        RuleId.from_id("tt22.art99")


def test_finding_to_dict_is_json() -> None:
    finding = Finding(
        rule=RuleId.YEAR_AVERAGE,
        severity=Severity.ERROR,
        path="years[2022-2023].subjects[mathematics].year",
        message="The year result of Toán is stated as 9.2, but the rules give 9.1.",
        stated="9.2",
        computed="9.1",
    )
    data = json.loads(json.dumps(finding.to_dict()))
    assert data == {
        "rule": "tt22.art9.year-average",
        "citation": "Thông tư 22/2021/TT-BGDĐT, Điều 9",
        "severity": "error",
        "path": "years[2022-2023].subjects[mathematics].year",
        "message": finding.message,
        "stated": "9.2",
        "computed": "9.1",
        "line": None,
    }
    assert str(finding).startswith(
        "error years[2022-2023].subjects[mathematics].year: "
    )


def test_findings_are_frozen() -> None:
    finding = Finding(RuleId.PROMOTION, Severity.INFO, "years[2022-2023]", "Text.")
    with pytest.raises(AttributeError):
        finding.path = "elsewhere"  # type: ignore[misc]  # the failure is the test


# --- province names ---------------------------------------------------------------


def with_province(name: str, code: str, as_of: dt.date) -> Transcript:
    district = "Huyện Kim Sơn" if as_of < dt.date(2025, 7, 1) else None
    address = AdministrativeAddress(
        as_of=as_of,
        province=name,
        district=district,
        commune="Thị trấn Phát Diệm",
        province_code=code,
    )
    school = EXAMPLE.schools[0].model_copy(update={"address": address})
    return EXAMPLE.model_copy(update={"schools": (school,)})


@pytest.mark.parametrize(
    ("name", "code", "as_of"),
    [
        ("Tỉnh Ninh Bình", "37", dt.date(2020, 9, 5)),
        ("tỉnh ninh bình", "37", dt.date(2020, 9, 5)),
        ("Tỉnh Thanh Hoá", "38", dt.date(2020, 9, 5)),  # old tone placement
        ("TP. Hồ Chí Minh", "79", dt.date(2025, 9, 5)),
        ("Thành phố Huế", "46", dt.date(2025, 9, 5)),
        ("Tỉnh Thừa Thiên Huế", "46", dt.date(2024, 9, 5)),
    ],
)
def test_matching_province_names_pass(name: str, code: str, as_of: dt.date) -> None:
    assert check(with_province(name, code, as_of)) == []


def test_province_name_of_the_wrong_period_is_a_warning() -> None:
    # Code 46 was Thừa Thiên Huế until 30 June 2025 and Huế from 1 July 2025.
    [finding] = check(with_province("Tỉnh Thừa Thiên Huế", "46", dt.date(2025, 9, 5)))
    assert (finding.rule, finding.severity) == (RuleId.PROVINCE_NAME, Severity.WARNING)
    assert finding.path == "schools[S1].address.province"
    assert (finding.stated, finding.computed) == ("Tỉnh Thừa Thiên Huế", "Huế")


def test_province_name_of_another_code_is_a_warning() -> None:
    [finding] = check(with_province("Tỉnh Nam Định", "37", dt.date(2020, 9, 5)))
    assert finding.computed == "Ninh Bình"


# --- upper secondary: electives and programme completion --------------------------

COMPULSORY_SCORED = (
    Subject.LITERATURE,
    Subject.MATHEMATICS,
    Subject.FOREIGN_LANGUAGE_1,
    Subject.HISTORY,
    Subject.DEFENCE_SECURITY,
)
COMPULSORY_COMMENTED = (
    Subject.PHYSICAL_EDUCATION,
    Subject.EXPERIENTIAL_CAREER,
    Subject.LOCAL_EDUCATION,
)


def upper_secondary(electives: tuple[Subject, ...], **update: object) -> Transcript:
    eight = Decimal("8.0")
    rows = [
        SecondarySubjectResult(subject=s, semester1=eight, semester2=eight, year=eight)
        for s in (*COMPULSORY_SCORED, *electives)
    ]
    rows += [
        SecondarySubjectResult(
            subject=s,
            semester1=PassFail.PASS,
            semester2=PassFail.PASS,
            year=PassFail.PASS,
        )
        for s in COMPULSORY_COMMENTED
    ]
    year = SecondaryYear(
        school_year="2024-2025",
        grade=12,
        class_name="12A1",
        school="S1",
        homeroom_teacher="Phạm Văn Quang",
        subjects=tuple(rows),
        electives=electives,
    ).model_copy(update=update)
    return Transcript(
        lookup_code="HB37-THPT-TEST-0001",
        level=Level.UPPER_SECONDARY,
        pupil=Pupil(
            full_name="Lê Thị Bích",
            sex=Sex.FEMALE,
            birth_date=dt.date(2007, 2, 3),
            ethnicity=EthnicGroup.KINH,
        ),
        schools=(
            School(
                id="S1",
                name="Trường THPT Kim Sơn A",
                address=AdministrativeAddress(
                    as_of=dt.date(2024, 9, 5),
                    province="Tỉnh Ninh Bình",
                    district="Huyện Kim Sơn",
                    commune="Thị trấn Phát Diệm",
                ),
            ),
        ),
        years=(year,),
    )


FOUR = (Subject.PHYSICS, Subject.CHEMISTRY, Subject.BIOLOGY, Subject.INFORMATICS)


def test_four_electives_pass() -> None:
    assert check(upper_secondary(FOUR)) == []


def test_three_electives_are_a_warning() -> None:
    [finding] = check(upper_secondary(FOUR[:3]))
    assert (finding.rule, finding.severity) == (RuleId.ELECTIVE_COUNT, Severity.WARNING)
    assert (finding.stated, finding.computed) == ("3", "4")


def test_completion_of_grade_twelve_is_checked() -> None:
    # Nine scored subjects all at 8.0 (all ≥ 6.5, nine ≥ 8.0) → learning Tốt;
    # conduct Khá; but 50 sessions missed, 50 > 45 → the programme is not
    # completed (TT 22/2021 Art. 12), whatever the form says.
    fair = AchievementLevel.FAIR
    transcript = upper_secondary(
        FOUR,
        conduct=PeriodResults(semester1=fair, semester2=fair, year=fair),
        attendance=Attendance(excused=50),
        programme_completed=True,
    )
    [finding] = check(transcript)
    assert finding.rule is RuleId.SECONDARY_COMPLETION
    assert finding.path == "years[2024-2025].programme_completed"
    assert (finding.stated, finding.computed) == ("true", "false")


# --- order ----------------------------------------------------------------------------


def test_findings_follow_the_record_order() -> None:
    # A wrong province (schools first), then years in order.
    transcript = with_province("Tỉnh Nam Định", "37", dt.date(2020, 9, 5))
    years = list(transcript.years)
    years[0] = years[0].model_copy(update={"programme_completed": False})
    years[4] = years[4].model_copy(update={"programme_completed": False})
    transcript = transcript.model_copy(update={"years": tuple(years)})
    findings = check(transcript)
    assert [f.path for f in findings] == [
        "schools[S1].address.province",
        "years[2020-2021].programme_completed",
        "years[2024-2025].programme_completed",
    ]
    assert findings == list(iter_findings(transcript))
    assert findings == check(transcript)


# --- the bundled examples ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_bundled_examples_have_no_error_findings(name: str) -> None:
    findings = check(EXAMPLES[name]())
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_an_individual_plan_skips_the_derived_results_with_a_note() -> None:
    from hocbaso.examples import lower_secondary_example
    from hocbaso.model import AchievementLevel, PeriodResults
    from hocbaso.model.rules import RuleId, Severity, check

    transcript = lower_secondary_example()
    year = transcript.years[0]
    # Learning stated as Tốt contradicts the scores (Khá) ...
    odd = year.model_copy(update={"learning": PeriodResults(
        semester1=AchievementLevel.GOOD, semester2=AchievementLevel.GOOD,
        year=AchievementLevel.GOOD)})  # fmt: skip
    wrong = transcript.model_copy(update={"years": (odd, *transcript.years[1:])})
    assert any(f.severity is Severity.ERROR for f in check(wrong))

    # ... unless the pupil is assessed under an individual education plan.
    planned = odd.model_copy(update={"individual_plan": "Kế hoạch giáo dục cá nhân"})
    exempt = transcript.model_copy(update={"years": (planned, *transcript.years[1:])})
    findings = check(exempt)
    assert [(f.rule, f.severity, f.path) for f in findings] == [
        (RuleId.INDIVIDUAL_PLAN, Severity.INFO, "years[2022-2023].individual_plan")
    ]
