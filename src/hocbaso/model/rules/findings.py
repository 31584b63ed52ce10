"""
Findings: what :func:`~hocbaso.model.rules.check` reports about a transcript.

A finding names the rule (a stable id that cites its article), a severity,
where in the model it applies, and the stated and computed values. Findings
never carry the pupil's name or identifiers, so callers may log them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Self

from hocbaso.errors import HocbasoValueError

__all__ = ["Finding", "RuleId", "Severity"]

_TT22 = "Thông tư 22/2021/TT-BGDĐT"
_TT27 = "Thông tư 27/2020/TT-BGDĐT"
_PROGRAMME = (
    "Thông tư 32/2018/TT-BGDĐT (Chương trình giáo dục phổ thông 2018), "
    "sửa đổi bởi Thông tư 13/2022/TT-BGDĐT"
)
_EDUCATION_LAW = "Luật Giáo dục 2019 (43/2019/QH14)"
_SCHOOL_YEAR_FRAME = (
    "Khung kế hoạch thời gian năm học (Bộ Giáo dục và Đào tạo, hằng năm)"
)
_NO_REGULATION = "No regulation: the record's own chronology"


class Severity(StrEnum):
    """How much a finding matters."""

    ERROR = "error"
    """The transcript contradicts a regulation."""
    WARNING = "warning"
    """Unusual, possibly lawful (a principal's decision, an old spelling)."""
    INFO = "info"
    """Worth knowing; nothing is wrong."""


class RuleId(Enum):
    """
    The rules :func:`~hocbaso.model.rules.check` applies, by stable id.

    The value is the id written in reports (``"tt22.art9.year-average"``);
    :attr:`citation` names the regulation and article it comes from.
    """

    citation: str

    def __new__(cls, rule_id: str, citation: str) -> Self:
        """Create a member from its id and citation."""
        member = object.__new__(cls)
        member._value_ = rule_id
        member.citation = citation
        return member

    def __str__(self) -> str:
        """Return the id."""
        return str(self.value)

    @classmethod
    def from_id(cls, rule_id: str) -> RuleId:
        """
        Return the rule with a stable id, as written in reports.

        :param rule_id: the id, e.g. ``"tt22.art9.year-average"``.
        :returns: the rule.
        :raises HocbasoValueError: if no rule has that id.
        """
        for member in cls:
            if member.value == rule_id:
                return member
        raise HocbasoValueError(f"Unknown rule id {rule_id!r}; see RuleId for the ids.")

    INDIVIDUAL_PLAN = (
        "individual-plan",
        f"{_TT22}, Điều 11; đánh giá học sinh khuyết tật ở tiểu học ({_TT27})",
    )
    """The year is assessed under an individual plan; result checks are skipped."""
    SUBJECT_GRADE = ("catalogue.subject-grade", _PROGRAMME)
    """A subject is recorded in a grade that does not teach it."""
    COMPULSORY_SUBJECT = ("catalogue.compulsory-subject", _PROGRAMME)
    """A compulsory subject of the grade has no row."""
    ELECTIVE_COUNT = ("tt13-2022.electives", "Thông tư 13/2022/TT-BGDĐT")
    """An upper-secondary year does not have four electives."""
    TEST_SCORE = ("tt27.art7.test-score", f"{_TT27}, Điều 7")
    """A periodic test score where none is sat, or none where one is."""
    PRIMARY_RESULT = ("tt27.art9.year-result", f"{_TT27}, Điều 9")
    """The primary year result disagrees with the ratings and scores."""
    PRIMARY_COMPLETION = ("tt27.art11.programme-completion", f"{_TT27}, Điều 11")
    """Programme completion disagrees with the primary year result."""
    PRIMARY_COMMENDATION = ("tt27.art13.commendation", f"{_TT27}, Điều 13")
    """A primary title the year result does not allow."""
    CONDUCT_LEVEL = ("tt22.art8.year-conduct", f"{_TT22}, Điều 8")
    """The year conduct disagrees with the two semesters."""
    SEMESTER_AVERAGE = ("tt22.art9.semester-average", f"{_TT22}, Điều 9")
    """A semester average disagrees with its scores."""
    YEAR_AVERAGE = ("tt22.art9.year-average", f"{_TT22}, Điều 9")
    """A year average disagrees with the semester averages."""
    COMMENT_YEAR = ("tt22.art9.comment-year", f"{_TT22}, Điều 9")
    """A comment subject's year result is not its semester II result."""
    LEARNING_LEVEL = ("tt22.art9.learning-level", f"{_TT22}, Điều 9")
    """A learning level disagrees with the subject results."""
    PROMOTION = ("tt22.art12.promotion", f"{_TT22}, Điều 12")
    """The stated promotion disagrees with the year's results."""
    ABSENCES = ("tt22.art12.absences", f"{_TT22}, Điều 12")
    """A pupil is promoted despite more than 45 sessions missed."""
    SECONDARY_COMPLETION = ("tt22.art12.programme-completion", f"{_TT22}, Điều 12")
    """Programme completion in grade 9 or 12 disagrees with the year's results."""
    SUMMER_TRAINING = ("tt22.art13.summer-training", f"{_TT22}, Điều 13")
    """A summer-training result where the year conduct needs none."""
    RETEST = ("tt22.art14.retest", f"{_TT22}, Điều 14")
    """A re-test result that is not needed or disagrees with the re-tested marks."""
    SECONDARY_COMMENDATION = ("tt22.art15.commendation", f"{_TT22}, Điều 15")
    """A secondary title the year's results do not allow, or one they allow."""
    PROVINCE_NAME = (
        "places.province-name",
        "Quyết định 124/2004/QĐ-TTg; Quyết định 19/2025/QĐ-TTg",
    )
    """A province name does not match its code in the address's period."""
    TRANSFER_SCHOOL = (
        "places.transfer-school",
        "No regulation: a transfer (chuyển trường) is a move between two schools",
    )
    """A transfer leaves a school for the same school."""
    SCHOOL_YEAR = ("chronology.school-year", f"{_TT27}; {_TT22}")
    """A school year before 2020-2021, the first either circular applied to."""
    BIRTH_DATE = ("chronology.birth-date", f"{_EDUCATION_LAW}, Điều 28")
    """The pupil is born in or after the year the first school year starts."""
    AGE = ("lgd2019.art28.age", f"{_EDUCATION_LAW}, Điều 28")
    """The pupil is much younger or older than the law's age for the grade."""
    YEAR_ORDER = ("chronology.year-order", _NO_REGULATION)
    """School years out of order, or with school years missing between them."""
    GRADE_SEQUENCE = (
        "chronology.grade-sequence",
        f"{_TT27}, Điều 11; {_TT22}, Điều 12; {_EDUCATION_LAW}, Điều 28",
    )
    """A grade below the year before's, or more grades up than years passed."""
    SIGNED_ON = ("chronology.signed-on", _SCHOOL_YEAR_FRAME)
    """A year record signed before the year could end, or years after it."""
    ISSUANCE_DATE = ("chronology.issuance-date", _SCHOOL_YEAR_FRAME)
    """The transcript is issued before its last school year could end."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One contradiction or remark about a transcript."""

    rule: RuleId
    severity: Severity
    path: str
    """Where in the model, e.g. ``years[2022-2023].subjects[mathematics].year``."""
    message: str
    """One plain sentence, free of the pupil's name and identifiers."""
    stated: str | None = None
    """The value the transcript states, as its canonical code or number."""
    computed: str | None = None
    """The value the rules compute, in the same form."""
    line: int | None = None
    """The line of the XML element the path names, when read from XML."""

    def to_dict(self) -> dict[str, str | None]:
        """
        Return the finding as JSON-ready data.

        :returns: the rule id, its citation, the severity, path, message and
            the stated and computed values.
        """
        return {
            "rule": self.rule.value,
            "citation": self.rule.citation,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "stated": self.stated,
            "computed": self.computed,
            "line": self.line,
        }

    def __str__(self) -> str:
        """Render as ``severity [line N, ]path: message [rule]``."""
        where = f"line {self.line}, {self.path}" if self.line else self.path
        return f"{self.severity.value} {where}: {self.message} [{self.rule.value}]"
