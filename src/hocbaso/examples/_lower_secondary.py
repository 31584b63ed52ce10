"""
The lower-secondary example: grades 6–9 in two provinces.

The pupil studies grades 6 to 8 at Trường THCS Trưng Vương in Hà Nội, then moves
to Trường THCS Nguyễn Du in Thành phố Hồ Chí Minh in August 2025. The first
school's address is written as it stood before 1 July 2025 (ward, district,
city); the second's as it stands after (ward and city only). The averages are
literal values, hand-computed with the formulas of Thông tư 22/2021 Art. 9, so
the rules have something real to check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hocbaso.model import (
    AchievementLevel,
    AdministrativeAddress,
    Attendance,
    CommendationTitle,
    EthnicGroup,
    Guardian,
    Issuance,
    Level,
    PassFail,
    PeriodResults,
    Pupil,
    School,
    ScoreComponents,
    SecondarySubjectResult,
    SecondaryYear,
    Sex,
    Signer,
    SignerRole,
    Subject,
    Transcript,
    Transfer,
)

__all__ = ["lower_secondary_example"]

_GOOD, _FAIR = AchievementLevel.GOOD, AchievementLevel.FAIR

_SCORED = (
    Subject.LITERATURE, Subject.MATHEMATICS, Subject.FOREIGN_LANGUAGE_1,
    Subject.CIVIC_EDUCATION, Subject.HISTORY_GEOGRAPHY, Subject.NATURAL_SCIENCE,
    Subject.TECHNOLOGY, Subject.INFORMATICS,
)  # fmt: skip
_COMMENTED = (
    Subject.PHYSICAL_EDUCATION, Subject.ARTS, Subject.EXPERIENTIAL_CAREER,
    Subject.LOCAL_EDUCATION,
)  # fmt: skip

# Per grade: (semester I, semester II, year) of each scored subject, in the
# order of _SCORED. Year = (HK I + 2 × HK II) / 3, rounded half up: for
# mathematics in grade 6, (8.4 + 2 × 7.0) / 3 = 7.466… → 7.5.
_SCORES = {
    6: ["7.5 7.2 7.3", "8.4 7.0 7.5", "8.1 7.8 7.9", "6.8 8.2 7.7", "6.7 8.0 7.6",
        "6.8 7.1 7.0", "7.8 9.1 8.7", "6.9 7.4 7.2"],
    7: ["8.4 9.5 9.1", "8.2 7.9 8.0", "9.3 6.9 7.7", "9.0 7.6 8.1", "7.0 7.1 7.1",
        "7.5 9.1 8.6", "7.1 8.4 8.0", "8.4 7.8 8.0"],
    8: ["8.1 7.0 7.4", "6.8 7.4 7.2", "8.5 8.0 8.2", "7.5 8.4 8.1", "7.9 7.6 7.7",
        "8.8 8.8 8.8", "7.3 8.4 8.0", "8.1 9.3 8.9"],
    9: ["8.6 7.6 7.9", "9.3 7.1 7.8", "7.8 8.9 8.5", "7.0 8.2 7.8", "6.7 8.7 8.0",
        "8.7 8.4 8.5", "9.1 7.7 8.2", "8.5 8.5 8.5"],
}  # fmt: skip

# Learning results (HK I, HK II, year) by the thresholds of Art. 9: grade 7's
# year has six subjects at 8.0 or above and none below 6.5, hence Tốt.
_LEARNING = {
    6: (_FAIR, _FAIR, _FAIR),
    7: (_FAIR, _FAIR, _GOOD),
    8: (_FAIR, _FAIR, _FAIR),
    9: (_FAIR, _FAIR, _FAIR),
}

# Mathematics, grade 6, semester I: (8.0 + 9.0 + 8.5 + 2 × 8.0 + 3 × 8.5) / (3 + 5)
# = 67.0 / 8 = 8.375 → 8.4.
_MATHS_6_S1 = ScoreComponents(
    regular=(Decimal("8.0"), Decimal("9.0"), Decimal("8.5")),
    midterm=Decimal("8.0"),
    final=Decimal("8.5"),
)

_TEACHERS = {
    Subject.LITERATURE: "Hoàng Thị Yến", Subject.MATHEMATICS: "Lương Văn Định",
    Subject.FOREIGN_LANGUAGE_1: "Đỗ Thị Quỳnh", Subject.CIVIC_EDUCATION: "Tạ Văn Lộc",
    Subject.HISTORY_GEOGRAPHY: "Kiều Thị Nga", Subject.NATURAL_SCIENCE: "Mai Đức Thịnh",
    Subject.TECHNOLOGY: "Ông Văn Tuấn", Subject.INFORMATICS: "Chu Thị Ngọc Ánh",
    Subject.PHYSICAL_EDUCATION: "Lã Văn Cường", Subject.ARTS: "Triệu Thị Hằng",
    Subject.EXPERIENTIAL_CAREER: "Phùng Thị Xuân",
    Subject.LOCAL_EDUCATION: "Âu Văn Khánh",
}  # fmt: skip

_SCHOOL_A = School(
    id="S1",
    name="Trường THCS Trưng Vương",
    address=AdministrativeAddress(
        as_of=dt.date(2022, 9, 5),
        province="Thành phố Hà Nội",
        district="Quận Hoàn Kiếm",
        commune="Phường Hàng Bài",
        province_code="01",
    ),
)
_SCHOOL_B = School(
    id="S2",
    name="Trường THCS Nguyễn Du",
    address=AdministrativeAddress(
        as_of=dt.date(2025, 9, 5),
        province="Thành phố Hồ Chí Minh",
        commune="Phường Bến Thành",
        province_code="79",
    ),
)

# (grade, class, school, homeroom teacher, principal, absences)
_YEARS = [
    (6, "6A3", "S1", "Nguyễn Thị Bích Thủy", "Lê Minh Tâm", (2, 0)),
    (7, "7A3", "S1", "Nguyễn Thị Bích Thủy", "Lê Minh Tâm", (1, 1)),
    (8, "8A3", "S1", "Bùi Quang Vinh", "Lê Minh Tâm", (4, 0)),
    (9, "9A1", "S2", "Võ Thị Kim Loan", "Huỳnh Ngọc Phương", (3, 0)),
]


def _scored_row(grade: int, subject: Subject, triple: str) -> SecondarySubjectResult:
    first, second, year = (Decimal(part) for part in triple.split())
    detail = _MATHS_6_S1 if (grade, subject) == (6, Subject.MATHEMATICS) else None
    return SecondarySubjectResult(
        subject=subject,
        semester1=first,
        semester2=second,
        year=year,
        semester1_components=detail,
        teacher=_TEACHERS[subject],
        comment="Có tiến bộ, cần chủ động hơn khi làm việc nhóm." if year < 7 else
        "Nắm vững kiến thức, trình bày rõ ràng.",
    )  # fmt: skip


def _commented_row(subject: Subject) -> SecondarySubjectResult:
    ok = PassFail.PASS
    return SecondarySubjectResult(
        subject=subject, semester1=ok, semester2=ok, year=ok, teacher=_TEACHERS[subject]
    )


def _year(row: tuple[int, str, str, str, str, tuple[int, int]]) -> SecondaryYear:
    grade, class_name, school, homeroom, principal, absent = row
    start = 2016 + grade
    subjects = [
        _scored_row(grade, s, t) for s, t in zip(_SCORED, _SCORES[grade], strict=True)
    ]
    subjects += [_commented_row(s) for s in _COMMENTED]
    first, second, year = _LEARNING[grade]
    end = dt.date(start + 1, 5, 28)
    return SecondaryYear(
        school_year=f"{start}-{start + 1}",
        grade=grade,
        class_name=class_name,
        school=school,
        homeroom_teacher=homeroom,
        attendance=Attendance(excused=absent[0], unexcused=absent[1]),
        subjects=tuple(subjects),
        conduct=PeriodResults(semester1=_GOOD, semester2=_GOOD, year=_GOOD),
        learning=PeriodResults(semester1=first, semester2=second, year=year),
        promoted=True,
        promotion_note="Được lên lớp" if grade < 9 else None,
        programme_completed=True if grade == 9 else None,
        commendation=CommendationTitle.GOOD if year is _GOOD else None,
        competitions=("Giải Khuyến khích Olympic Tiếng Anh cấp quận",)
        if grade == 7 else (),
        homeroom_comment="Em ngoan, lễ phép, tích cực tham gia hoạt động của lớp.",
        signers=(
            Signer(name=homeroom, role=SignerRole.HOMEROOM_TEACHER,
                   position="Giáo viên chủ nhiệm", signed_on=end),
            Signer(name=principal, role=SignerRole.PRINCIPAL, position="Hiệu trưởng",
                   signed_on=end + dt.timedelta(days=2)),
        ),
    )  # fmt: skip


def _pupil() -> Pupil:
    return Pupil(
        full_name="Trần Minh Khôi",
        sex=Sex.MALE,
        birth_date=dt.date(2011, 10, 21),
        ethnicity=EthnicGroup.KINH,
        personal_id="001211004567",
        learner_code="0110004567",
        birth_place="Bệnh viện Phụ sản Hà Nội",
        hometown="Xã Đông Hội, huyện Đông Anh, thành phố Hà Nội",
        residence="Số 12 đường Lê Thánh Tôn, phường Bến Thành, Thành phố Hồ Chí Minh",
        father=Guardian(name="Trần Quốc Bảo", occupation="Kỹ sư xây dựng"),
        mother=Guardian(name="Phan Thị Ngọc Diệp", occupation="Kế toán"),
    )


def lower_secondary_example() -> Transcript:
    """
    Return the lower-secondary transcript of an invented pupil who moved provinces.

    :returns: a transcript whose stated results agree with the rules.
    """
    return Transcript(
        lookup_code="HB79-THCS-2026-004567",
        level=Level.LOWER_SECONDARY,
        registration_number="125",
        pupil=_pupil(),
        schools=(_SCHOOL_A, _SCHOOL_B),
        transfers=(
            Transfer(
                date=dt.date(2025, 8, 11),
                from_school="S1",
                to_school="S2",
                reason="Gia đình chuyển nơi cư trú",
                decision="QĐ 214/QĐ-THCSND",
            ),
        ),
        years=tuple(_year(row) for row in _YEARS),
        issuance=Issuance(
            signer=Signer(name="Huỳnh Ngọc Phương", role=SignerRole.PRINCIPAL,
                          position="Hiệu trưởng", signed_on=dt.date(2026, 5, 30)),
            place="Thành phố Hồ Chí Minh",
            date=dt.date(2026, 5, 30),
        ),
    )  # fmt: skip
