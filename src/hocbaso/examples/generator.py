"""
A seeded generator of valid, varied transcripts for tests and benchmarks.

The same seed always gives the same transcript. Stated results are computed with
:mod:`hocbaso.model.rules`, so :func:`hocbaso.model.rules.check` finds nothing to
object to; the variety lies in the levels, the number of years, the subjects
chosen, the scores, absences, repeated years and missing optional fields. The
schools are real communes of Huyện Kim Sơn, Tỉnh Ninh Bình; the people are
invented by drawing common Vietnamese names at random.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from hocbaso.model import (
    AchievementLevel,
    AdministrativeAddress,
    Attendance,
    CommendationTitle,
    Competency,
    CompetencyLevel,
    EthnicGroup,
    Guardian,
    Issuance,
    Level,
    PassFail,
    PeriodResults,
    PrimaryRating,
    PrimarySubjectResult,
    PrimaryYear,
    PrimaryYearResult,
    Pupil,
    Quality,
    School,
    SecondarySubjectResult,
    SecondaryYear,
    Sex,
    Signer,
    SignerRole,
    Subject,
    Transcript,
    rules,
)
from hocbaso.model.places import REORGANISATION_DATE
from hocbaso.model.subjects import CATALOGUE, REQUIRED_ELECTIVES, Offering
from hocbaso.model.vocabulary import AssessmentKind, SubjectStatus

__all__ = ["KIM_SON_COHORT", "generate_transcript", "iter_cohort"]

KIM_SON_COHORT = 12_180
"""Pupils in Huyện Kim Sơn's schools in 2023–2024: the size of a benchmark cohort."""

_FAMILY = ("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Mai "
           "Tạ Lương Trịnh Phan Vương").split()  # fmt: skip
_MIDDLE_F = "Thị Thị Ngọc Thu Minh Thanh Hồng Bảo Khánh Diệu".split()
_MIDDLE_M = "Văn Văn Đức Minh Quốc Hữu Thành Gia Anh Tuấn".split()
_GIVEN_F = ("Hà Lan Mai Hương Ngọc Trang Linh Thảo Vy Yến Nhung Huyền Ánh Quỳnh "
            "Thủy Diệp Ngân Hằng").split()  # fmt: skip
_GIVEN_M = ("Hùng Dũng Khôi Long Nam Phúc Quân Sơn Thắng Tùng Việt Vinh Đạt Huy "
            "Kiên Lộc Mạnh Tiến").split()  # fmt: skip
_OCCUPATIONS = ("Nông dân", "Công nhân", "Giáo viên", "Buôn bán", "Thợ mộc",
                "Kế toán", "Lái xe", "Y tá", "Kỹ sư", "Nội trợ")  # fmt: skip
_COMMUNES = ("Phát Diệm", "Lưu Phương", "Kim Chính", "Kim Tân", "Kim Định",
             "Ân Hòa", "Hùng Tiến", "Như Hòa", "Quang Thiện", "Thượng Kiệm",
             "Văn Hải", "Kim Mỹ", "Cồn Thoi", "Yên Lộc", "Chính Tâm")  # fmt: skip
_COMMENTS = ("Em chăm chỉ, tiếp thu bài tốt.", "Em cần mạnh dạn phát biểu hơn.",
             "Em có tiến bộ rõ rệt trong học kì II.", "Em đọc to, rõ ràng; viết "
             "chữ đẹp.", "Em tích cực tham gia các hoạt động tập thể.")  # fmt: skip
_SECOND = Decimal("0.1")


def iter_cohort(
    count: int = KIM_SON_COHORT, *, seed: int = 2024
) -> Iterator[Transcript]:
    """
    Yield ``count`` transcripts, each from its own seed derived from ``seed``.

    :param count: how many transcripts.
    :param seed: the cohort's seed; the same seed gives the same cohort.
    :returns: an iterator of transcripts, mixed across the three levels.
    """
    for index in range(count):
        yield generate_transcript(seed * 1_000_003 + index)


def generate_transcript(seed: int, *, level: Level | None = None) -> Transcript:
    """
    Return one valid transcript drawn from ``seed``.

    :param seed: any integer; the same seed gives the same transcript.
    :param level: force a level; by default about half are primary.
    :returns: a transcript whose stated results agree with the rules.
    """
    rng = random.Random(seed)
    level = level or rng.choice([Level.PRIMARY] * 5 + [Level.LOWER_SECONDARY] * 3
                                + [Level.UPPER_SECONDARY] * 2)  # fmt: skip
    years_done = rng.randint(1, len(level.grades))
    first_start = rng.randint(2020, 2025 - years_done + 1)
    pupil = _pupil(rng, level, first_start)
    school = _school(rng, level, first_start)
    years = _years(rng, level, school, first_start, years_done)
    return Transcript(
        lookup_code=f"HB37-{seed & 0xFFFFFFFF:08X}",
        level=level,
        registration_number=str(rng.randint(1, 999)) if level.is_secondary else None,
        pupil=pupil,
        schools=(school,),
        years=years,
        issuance=_issuance(rng, years[-1]) if rng.random() < 0.7 else None,
    )


def _pupil(rng: random.Random, level: Level, first_start: int) -> Pupil:
    sex = rng.choice([Sex.MALE, Sex.FEMALE])
    born = dt.date(
        first_start - level.grades.start - 5, rng.randint(1, 12), rng.randint(1, 28)
    )
    middle, given = (
        (_MIDDLE_F, _GIVEN_F) if sex is Sex.FEMALE else (_MIDDLE_M, _GIVEN_M)
    )
    family = rng.choice(_FAMILY)
    return Pupil(
        full_name=f"{family} {rng.choice(middle)} {rng.choice(given)}",
        sex=sex,
        birth_date=born,
        ethnicity=EthnicGroup.KINH
        if rng.random() < 0.95
        else rng.choice(list(EthnicGroup)),
        personal_id=_personal_id(rng, sex, born) if rng.random() < 0.9 else None,
        learner_code=f"37{rng.randrange(10**8):08d}",
        birth_place="Huyện Kim Sơn, tỉnh Ninh Bình",
        residence=f"Xã {rng.choice(_COMMUNES)}, huyện Kim Sơn, tỉnh Ninh Bình",
        father=_guardian(rng, _MIDDLE_M, _GIVEN_M, family)
        if rng.random() < 0.9
        else None,
        mother=_guardian(rng, _MIDDLE_F, _GIVEN_F, rng.choice(_FAMILY)),
    )


def _guardian(
    rng: random.Random, middle: list[str], given: list[str], family: str
) -> Guardian:
    name = f"{family} {rng.choice(middle)} {rng.choice(given)}"
    return Guardian(name=name, occupation=rng.choice(_OCCUPATIONS))


def _personal_id(rng: random.Random, sex: Sex, born: dt.date) -> str:
    century = {1900: 0, 2000: 2}[born.year // 100 * 100] + (sex is Sex.FEMALE)
    return f"037{century}{born.year % 100:02d}{rng.randrange(10**6):06d}"


def _school(rng: random.Random, level: Level, first_start: int) -> School:
    commune = rng.choice(_COMMUNES)
    kind = {Level.PRIMARY: "Tiểu học", Level.LOWER_SECONDARY: "THCS",
            Level.UPPER_SECONDARY: "THPT"}[level]  # fmt: skip
    as_of = dt.date(first_start, 9, 5)
    before = as_of < REORGANISATION_DATE
    prefix = "Thị trấn" if commune == "Phát Diệm" and before else "Xã"
    return School(
        id="S1",
        name=f"Trường {kind} {commune}",
        address=AdministrativeAddress(
            as_of=as_of,
            province="Tỉnh Ninh Bình",
            district="Huyện Kim Sơn" if before else None,
            commune=f"{prefix} {commune}",
            province_code="37",
        ),
    )


def _years(
    rng: random.Random, level: Level, school: School, first_start: int, count: int
) -> tuple[PrimaryYear | SecondaryYear, ...]:
    years: list[PrimaryYear | SecondaryYear] = []
    grade = level.grades.start
    for offset in range(count):
        make = _primary_year if level is Level.PRIMARY else _secondary_year
        year = make(rng, level, school.id, first_start + offset, grade)
        years.append(year)
        if _moves_up(year) and grade < level.grades.stop - 1:
            grade += 1
        elif _moves_up(year):
            break
    return tuple(years)


def _moves_up(year: PrimaryYear | SecondaryYear) -> bool:
    if isinstance(year, PrimaryYear):
        return year.programme_completed
    return bool(year.promoted)


def _teacher(rng: random.Random) -> str:
    female = rng.random() < 0.75
    middle, given = (_MIDDLE_F, _GIVEN_F) if female else (_MIDDLE_M, _GIVEN_M)
    return f"{rng.choice(_FAMILY)} {rng.choice(middle)} {rng.choice(given)}"


def _signers(rng: random.Random, homeroom: str, start: int) -> tuple[Signer, ...]:
    end = dt.date(start + 1, 5, rng.randint(20, 31))
    return (
        Signer(name=homeroom, role=SignerRole.HOMEROOM_TEACHER,
               position="Giáo viên chủ nhiệm", signed_on=end),
        Signer(name=_teacher(rng), role=SignerRole.PRINCIPAL, position="Hiệu trưởng",
               signed_on=end),
    )  # fmt: skip


def _primary_year(
    rng: random.Random, level: Level, school: str, start: int, grade: int
) -> PrimaryYear:
    strength = rng.random()
    homeroom = _teacher(rng)
    draft = PrimaryYear(
        school_year=f"{start}-{start + 1}",
        grade=grade,
        class_name=f"{grade}{rng.choice('ABCDE')}",
        school=school,
        homeroom_teacher=homeroom,
        attendance=Attendance(excused=rng.randint(0, 6), unexcused=rng.randint(0, 2)),
        individual_plan=_individual_plan(rng),
        height_cm=Decimal(105 + 6 * grade + rng.randint(-8, 8)),
        weight_kg=Decimal(17 + 3 * grade + rng.randint(-4, 6)),
        subjects=_primary_subjects(rng, grade, strength),
        subjects_comment=rng.choice(_COMMENTS),
        qualities={q: _competency(rng, strength) for q in Quality},
        competencies={c: _competency(rng, strength) for c in Competency},
        result=PrimaryYearResult.COMPLETED,
        programme_completed=True,
        signers=_signers(rng, homeroom, start),
    )
    result = rules.primary_year_result(draft)
    completed = result is not PrimaryYearResult.NOT_COMPLETED
    title = _primary_title(rng, draft.model_copy(update={"result": result}))
    return draft.model_copy(
        update={
            "result": result,
            "programme_completed": completed,
            "commendation": title,
        }
    )


def _primary_title(rng: random.Random, year: PrimaryYear) -> CommendationTitle | None:
    allowed = sorted(rules.primary_commendation_allowed(year), key=str)
    return rng.choice(allowed) if allowed and rng.random() < 0.8 else None


def _primary_subjects(
    rng: random.Random, grade: int, strength: float
) -> tuple[PrimarySubjectResult, ...]:
    rows = []
    for offered in CATALOGUE[Level.PRIMARY].values():
        if not _taken(rng, offered, grade):
            continue
        score = _test_score(rng, strength) if grade in offered.tested_grades else None
        rows.append(PrimarySubjectResult(
            subject=offered.subject, rating=_rating(rng, strength, score), test_score=score
        ))  # fmt: skip
    return tuple(rows)


def _taken(rng: random.Random, offered: Offering, grade: int) -> bool:
    if grade not in offered.grades:
        return False
    if offered.status is SubjectStatus.OPTIONAL:
        return rng.random() < 0.05
    if offered.subject is Subject.FOREIGN_LANGUAGE_1 and grade < 3:
        return False
    return True


def _test_score(rng: random.Random, strength: float) -> int:
    return max(0, min(10, round(rng.gauss(5 + 5 * strength, 1.2))))


def _rating(rng: random.Random, strength: float, score: int | None) -> PrimaryRating:
    if score is not None and score < 5:
        return PrimaryRating.NOT_COMPLETED
    if rng.random() < strength:
        return PrimaryRating.WELL_COMPLETED
    return PrimaryRating.COMPLETED


def _competency(rng: random.Random, strength: float) -> CompetencyLevel:
    roll = rng.random()
    if roll < strength:
        return CompetencyLevel.GOOD
    return CompetencyLevel.SATISFACTORY if roll < 0.97 else CompetencyLevel.NEEDS_EFFORT


def _secondary_year(
    rng: random.Random, level: Level, school: str, start: int, grade: int
) -> SecondaryYear:
    strength = rng.random()
    rows = _secondary_subjects(rng, level, strength)
    homeroom = _teacher(rng)
    draft = SecondaryYear(
        school_year=f"{start}-{start + 1}",
        grade=grade,
        class_name=f"{grade}A{rng.randint(1, 8)}",
        school=school,
        homeroom_teacher=homeroom,
        attendance=_secondary_absences(rng),
        individual_plan=_individual_plan(rng),
        subjects=rows,
        electives=_electives(level, rows),
        conduct=_conduct(rng, strength),
        learning=_learning(rows),
        homeroom_comment=rng.choice(_COMMENTS),
        signers=_signers(rng, homeroom, start),
    )
    return _with_outcome(draft, level)


def _with_outcome(draft: SecondaryYear, level: Level) -> SecondaryYear:
    decision = rules.promotion(draft)
    final = draft.grade == level.grades.stop - 1
    promoted = decision.promoted
    return draft.model_copy(update={
        "promoted": promoted,
        "programme_completed": promoted if final else None,
        "commendation": rules.secondary_commendation(draft),
    })  # fmt: skip


def _individual_plan(rng: random.Random) -> str | None:
    # About one pupil-year in a hundred is assessed under an individual plan
    # (TT 22/2021 Art. 11), so conversions and the rules meet the case.
    if rng.random() >= 0.01:
        return None
    return "Đánh giá theo kế hoạch giáo dục cá nhân (học sinh khuyết tật)"


def _secondary_absences(rng: random.Random) -> Attendance:
    if rng.random() < 0.02:
        return Attendance(excused=rng.randint(40, 60), unexcused=rng.randint(0, 5))
    return Attendance(excused=rng.randint(0, 8), unexcused=rng.randint(0, 2))


def _secondary_subjects(
    rng: random.Random, level: Level, strength: float
) -> tuple[SecondarySubjectResult, ...]:
    offered = CATALOGUE[level]
    chosen = [s for s, o in offered.items() if o.status is SubjectStatus.COMPULSORY]
    if level is Level.UPPER_SECONDARY:
        electives = [
            s for s, o in offered.items() if o.status is SubjectStatus.ELECTIVE
        ]
        chosen += rng.sample(electives, REQUIRED_ELECTIVES)
    return tuple(_secondary_row(rng, offered[s], strength) for s in chosen)


def _secondary_row(
    rng: random.Random, offered: Offering, strength: float
) -> SecondarySubjectResult:
    if offered.assessment is AssessmentKind.COMMENTED:
        first, second = _pass_fail(rng), _pass_fail(rng)
        year: Decimal | PassFail = rules.comment_year_result(first, second)
        return SecondarySubjectResult(
            subject=offered.subject, semester1=first, semester2=second, year=year
        )
    s1, s2 = _average(rng, strength), _average(rng, strength)
    return SecondarySubjectResult(
        subject=offered.subject, semester1=s1, semester2=s2,
        year=rules.year_average(s1, s2), teacher=_teacher(rng),
    )  # fmt: skip


def _average(rng: random.Random, strength: float) -> Decimal:
    value = max(0.0, min(10.0, rng.gauss(5.0 + 4.0 * strength, 1.1)))
    return Decimal(str(value)).quantize(_SECOND)


def _pass_fail(rng: random.Random) -> PassFail:
    return PassFail.PASS if rng.random() < 0.97 else PassFail.FAIL


def _electives(
    level: Level, rows: tuple[SecondarySubjectResult, ...]
) -> tuple[Subject, ...]:
    if level is not Level.UPPER_SECONDARY:
        return ()
    offered = CATALOGUE[level]
    return tuple(
        r.subject for r in rows if offered[r.subject].status is SubjectStatus.ELECTIVE
    )


def _conduct(rng: random.Random, strength: float) -> PeriodResults:
    weights = [1 + 6 * strength, 3, 1, 0.15]
    levels = list(AchievementLevel)
    first, second = rng.choices(levels, weights, k=2)
    return PeriodResults(
        semester1=first, semester2=second, year=rules.year_conduct(first, second)
    )


def _learning(rows: tuple[SecondarySubjectResult, ...]) -> PeriodResults:
    def level(attr: str) -> AchievementLevel:
        return rules.learning_level({r.subject: getattr(r, attr) for r in rows})

    return PeriodResults(
        semester1=level("semester1"), semester2=level("semester2"), year=level("year")
    )


def _issuance(rng: random.Random, last: PrimaryYear | SecondaryYear) -> Issuance:
    day = dt.date(int(last.school_year[-4:]), 5, 30)
    principal = last.signers[-1]
    return Issuance(
        signer=Signer(name=principal.name, role=SignerRole.PRINCIPAL,
                      position="Hiệu trưởng", signed_on=day),
        place="Kim Sơn",
        date=day,
    )  # fmt: skip
