"""
The controlled vocabularies of the transcript forms.

Each vocabulary is an ``Enum`` whose values are hocbaso's stable codes (ASCII,
used in the canonical XML) and whose :attr:`~Vocabulary.label` is the Vietnamese
term printed on the form. Parsing accepts the code, the Vietnamese label and the
abbreviations used by the sector database (``T``/``K``/``Đ``/``CĐ`` …), in any
case and in NFC or NFD.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from hocbaso.model._normalise import lookup_key

__all__ = [
    "AchievementLevel",
    "AssessmentKind",
    "CommendationTitle",
    "Competency",
    "CompetencyLevel",
    "Level",
    "PassFail",
    "PrimaryRating",
    "PrimaryYearResult",
    "Quality",
    "Sex",
    "SignerRole",
    "SubjectStatus",
    "TranscriptStatus",
    "Vocabulary",
]


_NAMES: dict[type[Vocabulary], dict[str, Vocabulary]] = {}
"""Each vocabulary's members by the folded key of their code, label and aliases."""


def _names_of(cls: type[Vocabulary]) -> dict[str, Vocabulary]:
    names = _NAMES.get(cls)
    if names is None:
        # The first member to carry a name keeps it, as in declaration order.
        names = {}
        for member in cls:
            for name in (member.value, member.label, *member.aliases):
                names.setdefault(lookup_key(name), member)
        _NAMES[cls] = names
    return names


class Vocabulary(StrEnum):
    """
    Base of the vocabularies: a code, a Vietnamese label and accepted aliases.

    Members are declared as ``NAME = (code, label, *aliases)``.
    """

    label: str
    aliases: tuple[str, ...]

    def __new__(cls, code: str, label: str = "", *aliases: str) -> Self:
        """Create a member from its code, label and aliases."""
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label or code
        member.aliases = aliases
        return member

    def __str__(self) -> str:
        """Return the code."""
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        """Accept a label or an alias where a code is expected."""
        if not isinstance(value, str):
            return None
        member = _names_of(cls).get(lookup_key(value))
        return member if isinstance(member, cls) else None

    @classmethod
    def parse(cls, value: Any) -> Self:
        """
        Return the member named by a code, a Vietnamese label or an alias.

        :param value: the text to look up.
        :returns: the member.
        :raises ValueError: naming the accepted codes when nothing matches.
        """
        try:
            return cls(value)
        except ValueError:
            codes = ", ".join(repr(m.value) for m in cls)
            raise ValueError(
                f"Unknown {cls.__name__} {value!r}; expected one of {codes}."
            ) from None


class Level(Vocabulary):
    """School level (cấp học); one transcript covers one level."""

    PRIMARY = ("primary", "Tiểu học", "TH", "02")
    LOWER_SECONDARY = ("lower-secondary", "Trung học cơ sở", "THCS", "03")
    UPPER_SECONDARY = ("upper-secondary", "Trung học phổ thông", "THPT", "04")

    @property
    def grades(self) -> range:
        """The grades (khối lớp) of this level."""
        return {
            Level.PRIMARY: range(1, 6),
            Level.LOWER_SECONDARY: range(6, 10),
            Level.UPPER_SECONDARY: range(10, 13),
        }[self]

    @property
    def is_secondary(self) -> bool:
        """Whether Thông tư 22/2021 (secondary) governs this level."""
        return self is not Level.PRIMARY


class Sex(Vocabulary):
    """Sex (giới tính) as printed on the form."""

    MALE = ("male", "Nam", "M", "1")
    FEMALE = ("female", "Nữ", "F", "2")


class TranscriptStatus(Vocabulary):
    """Whether an issued transcript is in force (is_co_hieu_luc)."""

    IN_FORCE = ("in-force", "Đang lưu hành", "1")
    REVOKED = ("revoked", "Đã thu hồi", "0")


class PrimaryRating(Vocabulary):
    """Rating of a primary subject (Thông tư 27/2020, Art. 7)."""

    WELL_COMPLETED = ("well-completed", "Hoàn thành tốt", "T", "HTT")
    COMPLETED = ("completed", "Hoàn thành", "H", "HT")
    NOT_COMPLETED = ("not-completed", "Chưa hoàn thành", "C", "CHT")


class CompetencyLevel(Vocabulary):
    """Level of a primary quality or competency (Thông tư 27/2020, Art. 7)."""

    GOOD = ("good", "Tốt", "T")
    SATISFACTORY = ("satisfactory", "Đạt", "Đ")
    NEEDS_EFFORT = ("needs-effort", "Cần cố gắng", "C", "CCG")


class PrimaryYearResult(Vocabulary):
    """End-of-year result of a primary pupil (Thông tư 27/2020, Art. 9)."""

    EXCELLENT = ("excellent", "Hoàn thành xuất sắc", "HTXS")
    WELL_COMPLETED = ("well-completed", "Hoàn thành tốt", "HTT")
    COMPLETED = ("completed", "Hoàn thành", "HT")
    NOT_COMPLETED = ("not-completed", "Chưa hoàn thành", "CHT")


class PassFail(Vocabulary):
    """Result of a comment-only secondary subject (Thông tư 22/2021, Art. 5)."""

    PASS = ("pass", "Đạt", "Đ")
    FAIL = ("fail", "Chưa đạt", "CĐ")


class AchievementLevel(Vocabulary):
    """Four-level conduct or learning result (Thông tư 22/2021, Art. 8 and 9)."""

    GOOD = ("good", "Tốt", "T")
    FAIR = ("fair", "Khá", "K")
    PASS = ("pass", "Đạt", "Đ")
    FAIL = ("fail", "Chưa đạt", "CĐ")

    @property
    def rank(self) -> int:
        """3 for Tốt down to 0 for Chưa đạt, for comparisons."""
        return {"good": 3, "fair": 2, "pass": 1, "fail": 0}[self.value]

    @classmethod
    def from_rank(cls, rank: int) -> AchievementLevel:
        """Return the level of a rank between 0 and 3."""
        return next(m for m in cls if m.rank == rank)


class CommendationTitle(Vocabulary):
    """Year-end title awarded by the principal (TT 27 Art. 13; TT 22 Art. 15)."""

    EXCELLENT = ("excellent", "Học sinh Xuất sắc")
    OUTSTANDING = (
        "outstanding",
        "Học sinh tiêu biểu hoàn thành tốt trong học tập và rèn luyện",
        "Học sinh tiêu biểu",
    )
    GOOD = ("good", "Học sinh Giỏi")


class Quality(Vocabulary):
    """The five core qualities (phẩm chất chủ yếu), codes 01–05 of the form."""

    PATRIOTISM = ("patriotism", "Yêu nước", "01")
    KINDNESS = ("kindness", "Nhân ái", "02")
    DILIGENCE = ("diligence", "Chăm chỉ", "03")
    HONESTY = ("honesty", "Trung thực", "04")
    RESPONSIBILITY = ("responsibility", "Trách nhiệm", "05")


class Competency(Vocabulary):
    """The ten core competencies (năng lực cốt lõi), codes 06–15 of the form."""

    SELF_LEARNING = ("self-learning", "Tự chủ và tự học", "06")
    COMMUNICATION = ("communication", "Giao tiếp và hợp tác", "07")
    PROBLEM_SOLVING = ("problem-solving", "Giải quyết vấn đề và sáng tạo", "08")
    LANGUAGE = ("language", "Ngôn ngữ", "09")
    NUMERACY = ("numeracy", "Tính toán", "10")
    SCIENCE = ("science", "Khoa học", "11")
    TECHNOLOGY = ("technology", "Công nghệ", "12")
    INFORMATICS = ("informatics", "Tin học", "13")
    AESTHETICS = ("aesthetics", "Thẩm mĩ", "14")
    PHYSICAL = ("physical", "Thể chất", "15")

    @property
    def is_general(self) -> bool:
        """Whether this is one of the three general competencies (năng lực chung)."""
        return self in _GENERAL_COMPETENCIES


_GENERAL_COMPETENCIES = frozenset(
    {Competency.SELF_LEARNING, Competency.COMMUNICATION, Competency.PROBLEM_SOLVING}
)


class AssessmentKind(Vocabulary):
    """How a subject is assessed."""

    RATED = ("rated", "Đánh giá bằng mức đạt được")
    """Primary: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành."""
    SCORED = ("scored", "Đánh giá bằng nhận xét kết hợp điểm số")
    """Secondary: a score from 0.0 to 10.0 with one decimal."""
    COMMENTED = ("commented", "Đánh giá bằng nhận xét")
    """Secondary: Đạt / Chưa đạt."""


class SubjectStatus(Vocabulary):
    """Whether a subject is compulsory, chosen, or optional in the 2018 programme."""

    COMPULSORY = ("compulsory", "Bắt buộc")
    ELECTIVE = ("elective", "Lựa chọn")
    OPTIONAL = ("optional", "Tự chọn")


class SignerRole(Vocabulary):
    """Who signs a transcript or a year record (DOMAIN §1.2)."""

    SUBJECT_TEACHER = (
        "subject-teacher",
        "Giáo viên bộ môn",
        "GVBM",
        "giáo viên môn học",
    )
    HOMEROOM_TEACHER = ("homeroom-teacher", "Giáo viên chủ nhiệm", "GVCN")
    PRINCIPAL = (
        "principal",
        "Hiệu trưởng",
        "Phó hiệu trưởng",
        "Giám hiệu",
        "vice-principal",
    )
    SCHOOL_SEAL = ("school-seal", "Con dấu của nhà trường", "Tổ chức", "Con dấu")
