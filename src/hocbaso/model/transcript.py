"""
The transcript: one pupil, one school level, one record per school year.

Primary years follow Thông tư 27/2020/TT-BGDĐT, secondary years Thông tư
22/2021/TT-BGDĐT. The model holds what the forms print (DOMAIN §3); the rules in
:mod:`hocbaso.model.rules` compute what the regulations derive from it and flag
contradictions. The model itself only refuses what cannot be a transcript at all
(a score of 11, a subject not taught at the level, a year that names an unknown
school); a stated result that disagrees with the scores is a rule finding, not a
model error, because such files exist and must be read to be corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from hocbaso.model._base import Record
from hocbaso.model._text import Text
from hocbaso.model.identity import Pupil
from hocbaso.model.places import School, SchoolId, Transfer
from hocbaso.model.provenance import Provenance
from hocbaso.model.subjects import Subject, offering
from hocbaso.model.vocabulary import (
    AchievementLevel,
    AssessmentKind,
    CommendationTitle,
    Competency,
    CompetencyLevel,
    Level,
    PassFail,
    PrimaryRating,
    PrimaryYearResult,
    Quality,
    SignerRole,
    TranscriptStatus,
)

__all__ = [
    "Attendance",
    "Certificate",
    "Issuance",
    "Mark",
    "PeriodResults",
    "PrimarySubjectResult",
    "PrimaryYear",
    "Score",
    "ScoreComponents",
    "SecondarySubjectResult",
    "SecondaryYear",
    "Signer",
    "Transcript",
    "YearRecord",
]

_TENTH = Decimal("0.1")


def _one_decimal(value: Decimal) -> Decimal:
    if not value.is_finite() or value != value.quantize(_TENTH):
        raise ValueError(f"A score has at most one decimal; got {value}.")
    return value.quantize(_TENTH)


Score = Annotated[Decimal, Field(ge=0, le=10), AfterValidator(_one_decimal)]
"""A secondary score: 0.0 to 10.0 with one decimal (Thông tư 22/2021 Art. 9)."""

Mark = Score | PassFail
"""A secondary result: a score for scored subjects, Đạt/Chưa đạt for the others."""

TestScore = Annotated[int, Field(ge=0, le=10, strict=False)]
"""A primary periodic test score: a whole number from 0 to 10 (TT 27/2020 Art. 7)."""

SchoolYear = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{4}$")]


def _school_year_start(value: str) -> int:
    start, end = (int(part) for part in value.split("-"))
    if end != start + 1:
        raise ValueError(f"School year {value!r} must span two consecutive years.")
    return start


class Signer(Record):
    """Someone who signs a year record or the issued transcript."""

    name: Text
    """The person's name, or the school's name for the organisation seal."""
    role: SignerRole
    position: Text | None = None
    """Chức vụ as printed, e.g. "Hiệu trưởng" or "Phó Hiệu trưởng"."""
    signed_on: dt.date | None = None
    subject: Subject | None = None
    """For a subject teacher: the subject whose results they sign."""


class Attendance(Record):
    """Absences in the year: days at primary, sessions (buổi) at secondary."""

    excused: int = Field(default=0, ge=0, le=400)
    unexcused: int = Field(default=0, ge=0, le=400)

    @property
    def total(self) -> int:
        """All absences, excused or not (TT 22/2021 Art. 12 counts both)."""
        return self.excused + self.unexcused


class PrimarySubjectResult(Record):
    """One primary subject's end-of-year rating and test score."""

    subject: Subject
    rating: PrimaryRating
    test_score: TestScore | None = None
    """End-of-year periodic test score, for subjects and grades that sit one."""


class PrimaryYear(Record):
    """One primary school year (Thông tư 27/2020)."""

    kind: Literal["primary"] = "primary"
    school_year: SchoolYear
    grade: int = Field(ge=1, le=5)
    class_name: Text
    school: SchoolId
    homeroom_teacher: Text
    attendance: Attendance = Attendance()
    individual_plan: Text | None = None
    """
    The basis on which a pupil with a disability is assessed under an individual
    education plan instead of the common rules (TT 22/2021 Art. 11; the sector
    database's ``cokhuyettatkhongdanhgia``). When set, the rules do not derive the
    year's results, since the principal decides them.
    """
    height_cm: Annotated[Decimal, Field(gt=30, lt=250, decimal_places=1)] | None = None
    weight_kg: Annotated[Decimal, Field(gt=5, lt=200, decimal_places=1)] | None = None
    subjects: tuple[PrimarySubjectResult, ...]
    subjects_comment: Text | None = None
    """Nhận xét: one comment on all subjects and activities."""
    qualities: dict[Quality, CompetencyLevel]
    qualities_comment: Text | None = None
    competencies: dict[Competency, CompetencyLevel]
    general_competencies_comment: Text | None = None
    specific_competencies_comment: Text | None = None
    result: PrimaryYearResult
    """Đánh giá kết quả giáo dục, on the four levels of Art. 9."""
    programme_completed: bool
    """Hoàn thành chương trình lớp học (or, in grade 5, chương trình tiểu học)."""
    completion_note: Text | None = None
    commendation: CommendationTitle | None = None
    awards: tuple[Text, ...] = ()
    """Khen thưởng: every other award, as written."""
    signers: tuple[Signer, ...] = ()

    @property
    def record_id(self) -> str:
        """The XML ``Id`` of this year record, which signatures reference."""
        return f"year-{self.school_year}"

    @model_validator(mode="after")
    def _check(self) -> Self:
        _school_year_start(self.school_year)
        _check_unique(s.subject for s in self.subjects)
        _check_complete(self.qualities, Quality, "qualities")
        _check_complete(self.competencies, Competency, "competencies")
        return self


class ScoreComponents(Record):
    """The assessments behind one semester average (TT 22/2021 Art. 6, 7, 9)."""

    regular: tuple[Score, ...] = Field(min_length=1, max_length=4)
    """Điểm đánh giá thường xuyên (ĐĐGtx)."""
    midterm: Score
    """Điểm đánh giá giữa kì (ĐĐGgk)."""
    final: Score
    """Điểm đánh giá cuối kì (ĐĐGck)."""


class SecondarySubjectResult(Record):
    """One secondary subject's results for the year (TT 22/2021)."""

    subject: Subject
    semester1: Mark | None = None
    semester2: Mark | None = None
    year: Mark | None = None
    """Cả năm: ĐTBmcn for scored subjects, the semester II result for the others."""
    after_reassessment: Mark | None = None
    """The result after re-assessment or summer training, if any."""
    semester1_components: ScoreComponents | None = None
    semester2_components: ScoreComponents | None = None
    teacher: Text | None = None
    """The subject teacher who signs the row."""
    comment: Text | None = None
    """Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu."""

    def marks(self) -> tuple[Mark | None, ...]:
        """Return every mark of the row, for type checks."""
        return (self.semester1, self.semester2, self.year, self.after_reassessment)


class PeriodResults(Record):
    """A result per semester and for the year."""

    semester1: AchievementLevel | None = None
    semester2: AchievementLevel | None = None
    year: AchievementLevel | None = None


class Certificate(Record):
    """A certificate earned in the year (chứng chỉ), with its grade if any."""

    name: Text
    grade: Text | None = None


class SecondaryYear(Record):
    """One lower- or upper-secondary school year (Thông tư 22/2021)."""

    kind: Literal["secondary"] = "secondary"
    school_year: SchoolYear
    grade: int = Field(ge=6, le=12)
    class_name: Text
    school: SchoolId
    homeroom_teacher: Text
    attendance: Attendance = Attendance()
    individual_plan: Text | None = None
    """
    The basis on which a pupil with a disability is assessed under an individual
    education plan instead of the common rules (TT 22/2021 Art. 11; the sector
    database's ``cokhuyettatkhongdanhgia``). When set, the rules do not derive the
    year's results, since the principal decides them.
    """
    subjects: tuple[SecondarySubjectResult, ...]
    electives: tuple[Subject, ...] = ()
    """Upper secondary: the subjects the pupil chose (môn học lựa chọn)."""
    conduct: PeriodResults = PeriodResults()
    """Kết quả rèn luyện (Art. 8)."""
    learning: PeriodResults = PeriodResults()
    """Kết quả học tập (Art. 9)."""
    conduct_after_summer: AchievementLevel | None = None
    """Conduct after summer training (Art. 13), if the pupil had to train."""
    learning_after_retest: AchievementLevel | None = None
    """Learning result after re-tests (Art. 14), if the pupil sat them."""
    promoted: bool | None = None
    """Được lên lớp; ``None`` while the year is open."""
    promotion_note: Text | None = None
    programme_completed: bool | None = None
    """Grades 9 and 12: completion of the lower- or upper-secondary programme."""
    certificates: tuple[Certificate, ...] = ()
    competitions: tuple[Text, ...] = ()
    commendation: CommendationTitle | None = None
    awards: tuple[Text, ...] = ()
    homeroom_comment: Text | None = None
    """Nhận xét của giáo viên chủ nhiệm."""
    signers: tuple[Signer, ...] = ()

    @property
    def record_id(self) -> str:
        """The XML ``Id`` of this year record, which signatures reference."""
        return f"year-{self.school_year}"

    @model_validator(mode="after")
    def _check(self) -> Self:
        _school_year_start(self.school_year)
        _check_unique(s.subject for s in self.subjects)
        _check_unique(self.electives)
        return self


YearRecord = Annotated[PrimaryYear | SecondaryYear, Field(discriminator="kind")]

LookupCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{3,63}$")]
"""A transcript's look-up code: letters, digits, ``_ . -``; 4 to 64 characters."""


class Issuance(Record):
    """Who signed the transcript for the school, where and when (ký học bạ)."""

    signer: Signer
    """Người ký học bạ: the principal or the vice-principal who signs."""
    place: Text | None = None
    """Địa danh phát hành, the place name of issue."""
    date: dt.date


def _check_in_transcript(year: YearRecord, info: ValidationInfo) -> YearRecord:
    # Runs for each year as it is validated, with the transcript's level and
    # schools (declared before ``years``) at hand, so that an error is located
    # at the year itself rather than at the whole transcript.
    level, schools = info.data.get("level"), info.data.get("schools")
    if level is None or schools is None:
        return year  # the level or schools were invalid; that is reported already
    _check_known({s.id for s in schools}, year.school, f"year {year.school_year}")
    _check_year_level(level, year)
    return year


_YearInTranscript = Annotated[YearRecord, AfterValidator(_check_in_transcript)]


class Transcript(Record):
    """A pupil's transcript for one school level (học bạ số)."""

    lookup_code: LookupCode
    """Mã tra cứu học bạ số: the public look-up key of the transcript."""
    level: Level
    status: TranscriptStatus = TranscriptStatus.IN_FORCE
    version: int = Field(default=1, ge=1)
    """1 for the first issue; a corrected re-issue increments it."""
    replaces: LookupCode | None = None
    """Look-up code of the revoked transcript this one replaces, if any."""
    registration_number: Text | None = None
    """Số sổ đăng bộ (secondary)."""
    pupil: Pupil
    schools: tuple[School, ...] = Field(min_length=1)
    transfers: tuple[Transfer, ...] = ()
    years: tuple[_YearInTranscript, ...] = ()
    issuance: Issuance | None = None
    provenance: Provenance | None = None
    """
    The receiving school's record of the transcript it converted this one from
    (format, digest, verification result), set when it issues a transferred
    transcript. In the canonical XML it comes before the signatures, so the
    receiving school's seal on the whole transcript covers it.
    """

    @model_validator(mode="after")
    def _check(self) -> Self:
        _check_unique_schools(self.schools)
        known = {school.id for school in self.schools}
        for transfer in self.transfers:
            _check_known(known, transfer.from_school, "transfer")
            _check_known(known, transfer.to_school, "transfer")
        _check_order(self.years)
        return self


def _check_unique(items: Iterable[Hashable]) -> None:
    seen: set[Hashable] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{item!s} appears twice; each may appear once.")
        seen.add(item)


def _check_complete(
    table: Mapping[Any, object], kind: type[Quality] | type[Competency], name: str
) -> None:
    missing = [str(member) for member in kind if member not in table]
    if missing:
        raise ValueError(f"The {name} table lacks {', '.join(missing)}.")


def _check_unique_schools(schools: tuple[School, ...]) -> None:
    _check_unique(school.id for school in schools)


def _check_known(known: set[str], school: str, where: str) -> None:
    if school not in known:
        raise ValueError(
            f"The {where} names school {school!r}, which is not among the "
            f"transcript's schools ({', '.join(sorted(known))})."
        )


def _check_order(years: tuple[YearRecord, ...]) -> None:
    previous = -1
    for year in years:
        start = _school_year_start(year.school_year)
        if start <= previous:
            raise ValueError(
                f"Year {year.school_year} is out of order; year records go in "
                "chronological order, one per school year."
            )
        previous = start


def _check_year_level(level: Level, year: YearRecord) -> None:
    expected_kind = "secondary" if level.is_secondary else "primary"
    if year.kind != expected_kind or year.grade not in level.grades:
        raise ValueError(
            f"Year {year.school_year} is a grade {year.grade} {year.kind} record; a "
            f"{level.value} transcript holds grades {level.grades.start}-"
            f"{level.grades.stop - 1}."
        )
    for row in year.subjects:
        _check_subject(level, year, row)
    if isinstance(year, SecondaryYear):
        _check_electives(level, year)


def _check_subject(
    level: Level, year: YearRecord, row: PrimarySubjectResult | SecondarySubjectResult
) -> None:
    found = offering(level, row.subject)
    if found is None:
        raise ValueError(
            f"Year {year.school_year}: subject {row.subject.value!r} is not taught at "
            f"level {level.value!r}."
        )
    if isinstance(row, SecondarySubjectResult):
        _check_marks(year, row, found.assessment)


def _check_marks(
    year: YearRecord, row: SecondarySubjectResult, assessment: AssessmentKind
) -> None:
    expects_score = assessment is AssessmentKind.SCORED
    details = (row.semester1_components, row.semester2_components)
    if not expects_score and details != (None, None):
        raise ValueError(
            f"Year {year.school_year}: subject {row.subject.value!r} is assessed by "
            "comment only; it has no score components."
        )
    for mark in row.marks():
        if mark is not None and isinstance(mark, Decimal) != expects_score:
            kind = "a score" if expects_score else "Đạt or Chưa đạt"
            raise ValueError(
                f"Year {year.school_year}: subject {row.subject.value!r} is assessed "
                f"by {assessment.label.lower()}; its marks must be {kind}, not {mark!s}."
            )


def _check_electives(level: Level, year: SecondaryYear) -> None:
    if year.electives and level is not Level.UPPER_SECONDARY:
        raise ValueError(
            f"Year {year.school_year}: only upper secondary has electives."
        )
    taught = {row.subject for row in year.subjects}
    for subject in year.electives:
        found = offering(level, subject)
        if found is None or found.status.value != "elective":
            raise ValueError(
                f"Year {year.school_year}: {subject.value!r} is not an elective subject."
            )
        if subject not in taught:
            raise ValueError(
                f"Year {year.school_year}: elective {subject.value!r} has no results."
            )
