"""The primary example: five years at Trường Tiểu học Lưu Phương, Kim Sơn."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hocbaso.model import (
    AdministrativeAddress,
    Attendance,
    CommendationTitle,
    Competency,
    CompetencyLevel,
    EthnicGroup,
    Guardian,
    Issuance,
    Level,
    PrimaryRating,
    PrimarySubjectResult,
    PrimaryYear,
    PrimaryYearResult,
    Pupil,
    Quality,
    School,
    Sex,
    Signer,
    SignerRole,
    Subject,
    Transcript,
)
from hocbaso.model.subjects import CATALOGUE

__all__ = ["primary_example"]

_T, _H = PrimaryRating.WELL_COMPLETED, PrimaryRating.COMPLETED
_GOOD, _OK = CompetencyLevel.GOOD, CompetencyLevel.SATISFACTORY
_PRINCIPAL = "Phạm Thị Hồng Nhung"

_Row = tuple[
    int, str, str, tuple[int, int], str, str, PrimaryYearResult, dict[Subject, int]
]

# (grade, class, homeroom teacher, absences, height, weight, result, scores)
# The scores are the end-of-year periodic tests of the subjects that sit them.
_YEARS: list[_Row] = [
    (1, "1A", "Trần Thị Mai", (2, 0), "116.0", "20.5", PrimaryYearResult.WELL_COMPLETED,
     {Subject.VIETNAMESE: 8, Subject.MATHEMATICS: 9}),
    (2, "2A", "Trần Thị Mai", (1, 0), "121.5", "22.0", PrimaryYearResult.EXCELLENT,
     {Subject.VIETNAMESE: 9, Subject.MATHEMATICS: 10}),
    (3, "3A", "Vũ Văn Thắng", (3, 1), "127.0", "24.5", PrimaryYearResult.WELL_COMPLETED,
     {Subject.VIETNAMESE: 8, Subject.MATHEMATICS: 9, Subject.FOREIGN_LANGUAGE_1: 7,
      Subject.INFORMATICS: 9, Subject.TECHNOLOGY: 8}),
    (4, "4A", "Đinh Thị Thu Hà", (0, 0), "132.5", "27.0", PrimaryYearResult.EXCELLENT,
     {Subject.VIETNAMESE: 9, Subject.MATHEMATICS: 10, Subject.FOREIGN_LANGUAGE_1: 9,
      Subject.HISTORY_GEOGRAPHY: 9, Subject.SCIENCE: 10, Subject.INFORMATICS: 9,
      Subject.TECHNOLOGY: 9}),
    (5, "5A", "Đinh Thị Thu Hà", (2, 0), "138.0", "30.5", PrimaryYearResult.COMPLETED,
     {Subject.VIETNAMESE: 8, Subject.MATHEMATICS: 6, Subject.FOREIGN_LANGUAGE_1: 7,
      Subject.HISTORY_GEOGRAPHY: 8, Subject.SCIENCE: 7, Subject.INFORMATICS: 9,
      Subject.TECHNOLOGY: 8}),
]  # fmt: skip


def _school() -> School:
    return School(
        id="S1",
        name="Trường Tiểu học Lưu Phương",
        address=AdministrativeAddress(
            as_of=dt.date(2020, 9, 5),
            province="Tỉnh Ninh Bình",
            district="Huyện Kim Sơn",
            commune="Thị trấn Phát Diệm",
            province_code="37",
        ),
    )


def _pupil() -> Pupil:
    return Pupil(
        full_name="Nguyễn Thị Thu Hà",
        sex=Sex.FEMALE,
        birth_date=dt.date(2014, 3, 12),
        ethnicity=EthnicGroup.KINH,
        personal_id="037314000123",
        learner_code="3710000123",
        birth_place="Bệnh viện Đa khoa huyện Kim Sơn, Ninh Bình",
        hometown="Xã Lưu Phương, huyện Kim Sơn, tỉnh Ninh Bình",
        residence="Phố Phát Diệm Đông, thị trấn Phát Diệm, huyện Kim Sơn, tỉnh Ninh Bình",
        father=Guardian(name="Nguyễn Văn Hùng", occupation="Thợ mộc"),
        mother=Guardian(name="Lê Thị Lan", occupation="Giáo viên"),
    )


def _subjects(
    grade: int, scores: dict[Subject, int], result: PrimaryYearResult
) -> tuple[PrimarySubjectResult, ...]:
    rows = []
    for subject, offered in CATALOGUE[Level.PRIMARY].items():
        if grade not in offered.grades or offered.status.value == "optional":
            continue
        if subject is Subject.FOREIGN_LANGUAGE_1 and grade < 3:
            continue
        score = scores.get(subject)
        good = result in (PrimaryYearResult.EXCELLENT, PrimaryYearResult.WELL_COMPLETED)
        rating = _T if good or (score or 10) >= 8 else _H
        rows.append(
            PrimarySubjectResult(subject=subject, rating=rating, test_score=score)
        )
    return tuple(rows)


def _year(row: _Row) -> PrimaryYear:
    grade, class_name, teacher, absent, height, weight, result, scores = row
    start = 2019 + grade
    good = result in (PrimaryYearResult.EXCELLENT, PrimaryYearResult.WELL_COMPLETED)
    level = _GOOD if good else _OK
    return PrimaryYear(
        school_year=f"{start}-{start + 1}",
        grade=grade,
        class_name=class_name,
        school="S1",
        homeroom_teacher=teacher,
        attendance=Attendance(excused=absent[0], unexcused=absent[1]),
        height_cm=Decimal(height),
        weight_kg=Decimal(weight),
        subjects=_subjects(grade, scores, result),
        subjects_comment="Em chăm chỉ, tiếp thu bài nhanh, đọc to, rõ ràng; "
        "cần rèn thêm chữ viết.",
        qualities=dict.fromkeys(Quality, _GOOD),
        qualities_comment="Em lễ phép, biết giúp đỡ bạn bè.",
        competencies={c: (_GOOD if c.is_general else level) for c in Competency},
        general_competencies_comment="Em tự giác học tập, mạnh dạn phát biểu.",
        specific_competencies_comment="Em tính toán nhanh, diễn đạt mạch lạc.",
        result=result,
        programme_completed=True,
        completion_note=(
            "Hoàn thành chương trình tiểu học" if grade == 5
            else "Hoàn thành chương trình lớp học"
        ),
        commendation=CommendationTitle.EXCELLENT
        if result is PrimaryYearResult.EXCELLENT else None,
        awards=("Giải Ba Hội khỏe Phù Đổng cấp huyện",) if grade == 4 else (),
        signers=(
            Signer(name=teacher, role=SignerRole.HOMEROOM_TEACHER,
                   position="Giáo viên chủ nhiệm", signed_on=dt.date(start + 1, 5, 25)),
            Signer(name=_PRINCIPAL, role=SignerRole.PRINCIPAL, position="Hiệu trưởng",
                   signed_on=dt.date(start + 1, 5, 28)),
        ),
    )  # fmt: skip


def primary_example() -> Transcript:
    """
    Return the complete primary transcript of an invented pupil.

    :returns: a transcript whose stated results agree with the rules.
    """
    return Transcript(
        lookup_code="HB37-TH-2025-000123",
        level=Level.PRIMARY,
        pupil=_pupil(),
        schools=(_school(),),
        years=tuple(_year(row) for row in _YEARS),
        issuance=Issuance(
            signer=Signer(name=_PRINCIPAL, role=SignerRole.PRINCIPAL,
                          position="Hiệu trưởng", signed_on=dt.date(2025, 5, 30)),
            place="Kim Sơn",
            date=dt.date(2025, 5, 30),
        ),
    )  # fmt: skip
