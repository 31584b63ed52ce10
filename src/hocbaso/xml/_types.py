"""
The simple types of the schema: facets for the generator, plain words for errors.

Each facet mirrors a constraint of the model, so that a value the schema
accepts is one the model accepts too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from hocbaso.model import (
    AchievementLevel,
    CommendationTitle,
    Competency,
    CompetencyLevel,
    EthnicGroup,
    Level,
    PassFail,
    PrimaryRating,
    PrimaryYearResult,
    Quality,
    Sex,
    SignerRole,
    Subject,
    TranscriptStatus,
    VerificationIndication,
    VerificationSubIndication,
)

__all__ = ["ENUMERATIONS", "SIMPLE_TYPES", "SimpleType", "expected"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SimpleType:
    """A named restriction of an XSD built-in type."""

    base: str
    facets: tuple[tuple[str, str], ...]
    doc: str
    """The Vietnamese documentation written into the schema."""
    expected: str
    """What a valid value looks like, completing "expected …" in an error."""


_TT22 = "Thông tư 22/2021/TT-BGDĐT"
_TT27 = "Thông tư 27/2020/TT-BGDĐT"
_ONE_DECIMAL = ("fractionDigits", "1")

SIMPLE_TYPES: dict[str, SimpleType] = {
    "Text": SimpleType("string", (("minLength", "1"),),
                       "Văn bản không rỗng, dạng chuẩn Unicode NFC.", "non-empty text"),
    "Date": SimpleType("date", (("pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}"),),
                       "Ngày, không có múi giờ.",
                       "a calendar date written YYYY-MM-DD"),
    "Boolean": SimpleType("boolean", (("pattern", "true|false"),), "true hoặc false.",
                          "'true' or 'false'"),
    "Score": SimpleType("decimal", (("minInclusive", "0"), ("maxInclusive", "10"),
                                    _ONE_DECIMAL),
                        f"Điểm từ 0,0 đến 10,0 với một chữ số thập phân ({_TT22}, Điều 9).",
                        "a score from 0 to 10 with at most one decimal, such as 8.5"),
    "TestScore": SimpleType("nonNegativeInteger", (("maxInclusive", "10"),),
                            f"Điểm kiểm tra định kì: số nguyên từ 0 đến 10 ({_TT27}, "
                            "Điều 7).", "a whole number from 0 to 10"),
    "Height": SimpleType("decimal", (("minExclusive", "30"), ("maxExclusive", "250"),
                                     _ONE_DECIMAL), "Chiều cao (cm).",
                         "a height in cm above 30 and below 250, with at most one "
                         "decimal"),
    "Weight": SimpleType("decimal", (("minExclusive", "5"), ("maxExclusive", "200"),
                                     _ONE_DECIMAL), "Cân nặng (kg).",
                         "a weight in kg above 5 and below 200, with at most one "
                         "decimal"),
    "Absences": SimpleType("nonNegativeInteger", (("maxInclusive", "400"),),
                           "Số ngày hoặc buổi.", "a whole number from 0 to 400"),
    "Version": SimpleType("positiveInteger", (), "Lần phát hành.",
                          "a whole number from 1 up"),
    "PrimaryGrade": SimpleType("int", (("minInclusive", "1"), ("maxInclusive", "5")),
                               "Lớp ở tiểu học.", "a primary grade from 1 to 5"),
    "SecondaryGrade": SimpleType("int", (("minInclusive", "6"), ("maxInclusive", "12")),
                                 "Lớp ở trung học.", "a secondary grade from 6 to 12"),
    "SchoolYear": SimpleType("string", (("pattern", "[0-9]{4}-[0-9]{4}"),),
                             "Năm học, ví dụ 2020-2021.", "a school year such as 2020-2021"),
    "TranscriptId": SimpleType("ID", (("enumeration", "transcript"),),
                               "Định danh của phần tử gốc: luôn là transcript.",
                               "'transcript'"),
    "YearId": SimpleType("ID", (("pattern", "year-[0-9]{4}-[0-9]{4}"),),
                         "Định danh bản ghi năm học: year- và năm học.",
                         "'year-' followed by the school year"),
    "LookupCode": SimpleType("string", (("pattern", "[A-Za-z0-9][A-Za-z0-9_.\\-]{3,63}"),),
                             "Mã tra cứu học bạ số.",
                             "4 to 64 letters, digits, '.', '_' or '-', starting with a "
                             "letter or digit"),
    "SchoolKey": SimpleType("string", (("pattern", "[A-Za-z_][A-Za-z0-9_.\\-]*"),
                                       ("maxLength", "64")),
                            "Khoá của trường trong học bạ.",
                            "up to 64 letters, digits, '.', '_' or '-', starting with a "
                            "letter or '_'"),
    "SchoolCode": SimpleType("string", (("pattern", "[A-Za-z0-9]{1,20}"),), "Mã trường.",
                             "1 to 20 letters or digits"),
    "AdminCode": SimpleType("string", (("pattern", "[0-9]{2,5}"),),
                            "Mã đơn vị hành chính.", "2 to 5 digits"),
    "PersonalId": SimpleType("string", (("pattern", "[0-9]{12}"),),
                             "Mã số định danh cá nhân.", "exactly 12 digits"),
    "LearnerCode": SimpleType("string", (("pattern", "[A-Za-z0-9]{4,20}"),),
                              "Mã định danh học sinh.", "4 to 20 letters or digits"),
    "DateTime": SimpleType("dateTime",
                           (("pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                                        "[0-9]{2}(\\.[0-9]+)?(Z|[+\\-][0-9]{2}:[0-9]{2})"),),
                           "Thời điểm, luôn kèm độ lệch múi giờ, ví dụ "
                           "2025-09-15T10:00:00+07:00.",
                           "a time with its UTC offset, such as 2025-09-15T10:00:00+07:00"),
    "Sha256": SimpleType("string", (("pattern", "[0-9a-f]{64}"),),
                         "Giá trị băm SHA-256: 64 chữ số thập lục phân viết thường.",
                         "64 lower-case hexadecimal digits"),
    "VariantName": SimpleType("string", (("pattern", "[A-Za-z0-9\\-]{1,64}"),),
                              "Tên định dạng (biến thể) của tệp, ví dụ primary-xlsx.",
                              "1 to 64 letters, digits or '-'"),
    "MediaType": SimpleType("string",
                            (("pattern", "[a-z0-9][a-z0-9!#$&^_.+\\-]{0,126}/"
                                         "[a-z0-9][a-z0-9!#$&^_.+\\-]{0,126}"),),
                            "Kiểu MIME của tệp (RFC 6838), ví dụ application/xml.",
                            "a media type such as 'application/xml'"),
    "ByteCount": SimpleType("nonNegativeInteger", (), "Số byte.",
                            "a whole number from 0 up"),
    "Count": SimpleType("nonNegativeInteger", (), "Số lượng.", "a whole number from 0 up"),
}  # fmt: skip
"""Every named simple type except the vocabularies and ``Mark``."""

ENUMERATIONS: dict[str, type[Enum]] = {
    "AchievementLevelCode": AchievementLevel,
    "CommendationCode": CommendationTitle,
    "CompetencyCode": Competency,
    "CompetencyLevelCode": CompetencyLevel,
    "EthnicityCode": EthnicGroup,
    "LevelCode": Level,
    "PassFailCode": PassFail,
    "PrimaryRatingCode": PrimaryRating,
    "PrimaryYearResultCode": PrimaryYearResult,
    "QualityCode": Quality,
    "SexCode": Sex,
    "SignerRoleCode": SignerRole,
    "SubjectCode": Subject,
    "TranscriptStatusCode": TranscriptStatus,
    "VerificationIndicationCode": VerificationIndication,
    "VerificationSubIndicationCode": VerificationSubIndication,
}
"""The code types of the schema and the vocabulary whose values each lists."""

MARK_DOC = (
    "Điểm (môn đánh giá bằng điểm số) hoặc Đạt / Chưa đạt (môn đánh giá bằng nhận xét), "
    f"{_TT22}, Điều 5, 9."
)


def expected(type_name: str) -> str | None:
    """
    Say in plain words what a value of schema type ``type_name`` looks like.

    :param type_name: a simple type of the schema, such as ``'TestScore'``.
    :returns: the phrase, or ``None`` for a type this module does not define.
    """
    if type_name in SIMPLE_TYPES:
        return SIMPLE_TYPES[type_name].expected
    if type_name in ENUMERATIONS:
        codes = ", ".join(repr(member.value) for member in ENUMERATIONS[type_name])
        return f"one of {codes}"
    if type_name == "Mark":
        return f"{SIMPLE_TYPES['Score'].expected}, or 'pass' or 'fail'"
    return None
