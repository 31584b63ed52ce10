"""
The element layout of the canonical XML.

This is one table that the writer, the reader and the schema generator follow.

Each model class has a :class:`Shape`: its XML attributes and its child elements
in document order. Keeping the layout in one place means the three cannot drift:
the writer emits exactly these elements, the reader maps exactly these back, and
``_build_xsd.py`` derives the published schema from the same table.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel

from hocbaso.model import (
    Attendance,
    Certificate,
    Competency,
    Guardian,
    Issuance,
    LossCounts,
    PeriodResults,
    PrimarySubjectResult,
    PrimaryYear,
    Provenance,
    Pupil,
    Quality,
    School,
    ScoreComponents,
    SecondarySubjectResult,
    SecondaryYear,
    SignatureResult,
    Signer,
    SourceFile,
    Transcript,
    Transfer,
    Verification,
)
from hocbaso.model.places import AdministrativeAddress
from hocbaso.xml.namespaces import Namespace

__all__ = [
    "ROOT",
    "SHAPES",
    "Attr",
    "Choice",
    "Items",
    "Leaf",
    "Nested",
    "Node",
    "Repeated",
    "Shape",
]

logger = logging.getLogger(__name__)

_TT27 = "Thông tư 27/2020/TT-BGDĐT"
_TT22 = "Thông tư 22/2021/TT-BGDĐT"


def _qname(local: str) -> str:
    return Namespace.TRANSCRIPT.tag(local)


@dataclass(frozen=True, slots=True)
class Attr:
    """An attribute carrying one model field (or, if ``derived``, a property)."""

    field: str
    name: str
    type: str
    doc: str
    derived: bool = False
    """Written from a read-only property and checked, not stored, on reading."""


@dataclass(frozen=True, slots=True)
class Leaf:
    """A child element whose text is one field's value."""

    field: str
    tag: str
    type: str
    doc: str
    optional: bool = False
    qname: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        """Derive the Clark name."""
        object.__setattr__(self, "qname", _qname(self.tag))


@dataclass(frozen=True, slots=True)
class Repeated:
    """A leaf that repeats without a wrapper (a tuple of simple values)."""

    field: str
    tag: str
    type: str
    doc: str
    min_items: int
    max_items: int
    qname: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        """Derive the Clark name."""
        object.__setattr__(self, "qname", _qname(self.tag))


@dataclass(frozen=True, slots=True)
class Nested:
    """A child element holding a nested model."""

    field: str
    tag: str
    shape: Shape
    doc: str
    optional: bool = False
    qname: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        """Derive the Clark name."""
        object.__setattr__(self, "qname", _qname(self.tag))


@dataclass(frozen=True, slots=True)
class Items:
    """
    A wrapper element holding a tuple, or a dict keyed by a code attribute.

    ``item`` is a :class:`Shape` for a tuple of models, or a simple type name for
    a tuple of values. With ``key`` set, the field is a dict: each item carries
    the dict key in attribute ``key`` and the value as its text.
    """

    field: str
    tag: str
    item_tag: str
    item: Shape | str
    doc: str
    item_doc: str
    optional: bool = True
    """Left out when empty; a present wrapper then holds at least one item."""
    min_items: int = 0
    exactly: int | None = None
    key: str | None = None
    key_type: str = ""
    key_enum: type[Enum] | None = None
    qname: str = dataclasses.field(init=False)
    item_qname: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        """Derive the Clark names."""
        object.__setattr__(self, "qname", _qname(self.tag))
        object.__setattr__(self, "item_qname", _qname(self.item_tag))


@dataclass(frozen=True, slots=True)
class Choice:
    """A wrapper element holding a tuple whose items take one of several shapes."""

    field: str
    tag: str
    shapes: tuple[Shape, ...]
    doc: str
    optional: bool = True
    """Left out when empty; a present wrapper then holds at least one item."""
    qname: str = dataclasses.field(init=False)
    by_qname: dict[str, Shape] = dataclasses.field(init=False)
    by_model: dict[type[BaseModel], Shape] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        """Index the shapes by element name and by model class."""
        object.__setattr__(self, "qname", _qname(self.tag))
        object.__setattr__(self, "by_qname", {s.qname: s for s in self.shapes})
        object.__setattr__(self, "by_model", {s.model: s for s in self.shapes})


Node = Leaf | Repeated | Nested | Items | Choice
"""Any child-element entry of a shape."""


@dataclass(frozen=True)
class Shape:
    """How one model class is laid out as an element."""

    name: str
    """The schema's complex type name."""
    model: type[BaseModel]
    tag: str
    """The element name used where the shape is an item or the root."""
    doc: str
    attrs: tuple[Attr, ...] = ()
    children: tuple[Node, ...] = ()
    constants: tuple[tuple[str, str], ...] = ()
    """Fields implied by the element name, such as a year record's ``kind``."""
    qname: str = dataclasses.field(init=False)
    by_qname: dict[str, Node] = dataclasses.field(init=False)
    by_field: dict[str, Attr | Node] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        """Index the children by element name and every entry by field."""
        object.__setattr__(self, "qname", _qname(self.tag))
        object.__setattr__(self, "by_qname", {c.qname: c for c in self.children})
        fields: dict[str, Attr | Node] = {a.field: a for a in self.attrs}
        fields.update((c.field, c) for c in self.children)
        object.__setattr__(self, "by_field", fields)


def _text(name: str, tag: str, doc: str, *, optional: bool = False) -> Leaf:
    return Leaf(name, tag, "Text", doc, optional)


_GUARDIAN = Shape(
    "GuardianType", Guardian, "Guardian", "Cha, mẹ hoặc người giám hộ.",
    children=(
        _text("name", "Name", "Họ và tên."),
        _text("occupation", "Occupation", "Nghề nghiệp.", optional=True),
    ),
)  # fmt: skip

_PUPIL = Shape(
    "PupilType", Pupil, "Pupil", "Sơ yếu lý lịch học sinh.",
    children=(
        _text("full_name", "FullName", "Họ và tên học sinh, như trong giấy khai sinh."),
        Leaf("sex", "Sex", "SexCode", "Giới tính."),
        Leaf("birth_date", "BirthDate", "Date", "Ngày, tháng, năm sinh."),
        Leaf("ethnicity", "Ethnicity", "EthnicityCode",
             "Dân tộc, theo tên chuẩn trong danh mục 54 dân tộc (QĐ 121-TCTK/PPCĐ)."),
        _text("nationality", "Nationality", "Quốc tịch."),
        Leaf("personal_id", "PersonalId", "PersonalId",
             "Mã số định danh cá nhân (Thông tư 59/2021/TT-BCA, Điều 4).", True),
        Leaf("learner_code", "LearnerCode", "LearnerCode",
             "Mã định danh học sinh của Bộ Giáo dục và Đào tạo.", True),
        _text("policy_category", "PolicyCategory", "Đối tượng (chính sách).", optional=True),
        _text("birth_place", "BirthPlace", "Nơi sinh.", optional=True),
        _text("hometown", "Hometown", "Quê quán.", optional=True),
        _text("residence", "Residence", "Chỗ ở hiện tại.", optional=True),
        Nested("father", "Father", _GUARDIAN, "Họ và tên cha, nghề nghiệp.", True),
        Nested("mother", "Mother", _GUARDIAN, "Họ và tên mẹ, nghề nghiệp.", True),
        Nested("guardian", "Guardian", _GUARDIAN, "Người giám hộ (nếu có).", True),
    ),
)  # fmt: skip

_ADDRESS = Shape(
    "AddressType", AdministrativeAddress, "Address",
    "Địa chỉ hành chính tại thời điểm ghi (trước 01/7/2025: tỉnh, huyện, xã; "
    "từ 01/7/2025: tỉnh, xã — Nghị quyết 202/2025/QH15).",
    children=(
        Leaf("as_of", "AsOf", "Date", "Ngày mà các tên đơn vị hành chính này có hiệu lực."),
        _text("province", "Province", "Tỉnh, thành phố trực thuộc trung ương."),
        _text("district", "District", "Huyện, quận, thị xã, thành phố (trước 01/7/2025).",
              optional=True),
        _text("commune", "Commune", "Xã, phường, thị trấn."),
        _text("detail", "Detail", "Thôn, xóm, số nhà.", optional=True),
        Leaf("province_code", "ProvinceCode", "AdminCode", "Mã tỉnh.", True),
        Leaf("district_code", "DistrictCode", "AdminCode", "Mã huyện.", True),
        Leaf("commune_code", "CommuneCode", "AdminCode", "Mã xã.", True),
    ),
)  # fmt: skip

_SCHOOL = Shape(
    "SchoolType", School, "School", "Trường học mà học sinh đã theo học.",
    attrs=(Attr("id", "key", "SchoolKey",
                "Khoá của trường trong học bạ, được các năm học tham chiếu."),),
    children=(
        _text("name", "Name", "Tên trường."),
        Leaf("code", "Code", "SchoolCode", "Mã trường trong cơ sở dữ liệu ngành.", True),
        Nested("address", "Address", _ADDRESS, "Địa chỉ trường tại thời điểm ghi."),
    ),
)  # fmt: skip

_TRANSFER = Shape(
    "TransferType", Transfer, "Transfer", "Chuyển trường.",
    children=(
        Leaf("date", "Date", "Date", "Ngày chuyển trường."),
        Leaf("from_school", "FromSchool", "SchoolKey", "Trường chuyển đi."),
        Leaf("to_school", "ToSchool", "SchoolKey", "Trường chuyển đến."),
        _text("reason", "Reason", "Lý do chuyển trường.", optional=True),
        _text("decision", "Decision", "Số quyết định tiếp nhận.", optional=True),
    ),
)  # fmt: skip

_SIGNER = Shape(
    "SignerType", Signer, "Signer", "Người ký.",
    children=(
        _text("name", "Name", "Họ và tên người ký, hoặc tên trường đối với con dấu."),
        Leaf("role", "Role", "SignerRoleCode", "Vai trò người ký."),
        _text("position", "Position", "Chức vụ của người ký.", optional=True),
        Leaf("signed_on", "SignedOn", "Date", "Ngày ký.", True),
        Leaf("subject", "Subject", "SubjectCode",
             "Môn học mà giáo viên bộ môn ký xác nhận.", True),
    ),
)  # fmt: skip

_ATTENDANCE = Shape(
    "AttendanceType", Attendance, "Attendance",
    "Số ngày (tiểu học) hoặc số buổi (trung học) nghỉ học.",
    children=(
        Leaf("excused", "Excused", "Absences", "Nghỉ có phép."),
        Leaf("unexcused", "Unexcused", "Absences", "Nghỉ không phép."),
    ),
)  # fmt: skip

_SIGNERS = Items(
    "signers", "Signers", "Signer", _SIGNER, "Những người ký năm học.", "Người ký."
)
_AWARDS = Items("awards", "Awards", "Award", "Text", "Khen thưởng.", "Một khen thưởng.")
_SUBJECT_CODE = Attr("subject", "code", "SubjectCode", "Mã môn học hoặc hoạt động.")

_PRIMARY_SUBJECT = Shape(
    "PrimarySubjectType", PrimarySubjectResult, "Subject",
    f"Kết quả một môn học hoặc hoạt động giáo dục ({_TT27}, Điều 7).",
    attrs=(_SUBJECT_CODE,),
    children=(
        Leaf("rating", "Rating", "PrimaryRatingCode", "Mức đạt được."),
        Leaf("test_score", "TestScore", "TestScore",
             f"Điểm kiểm tra định kì cuối năm ({_TT27}, Điều 7).", True),
    ),
)  # fmt: skip


def _levels(field_name: str, tag: str, enum: type[Enum], doc: str, item: str) -> Items:
    return Items(
        field_name, tag, item, "CompetencyLevelCode", doc,
        "Mức đạt được (Tốt / Đạt / Cần cố gắng).",
        optional=False, exactly=len(enum), key="code", key_type=f"{item}Code",
        key_enum=enum,
    )  # fmt: skip


def _year_attrs(grade_type: str) -> tuple[Attr, ...]:
    return (
        Attr("record_id", "Id", "YearId",
             "Định danh của bản ghi năm học, được chữ ký số tham chiếu.", derived=True),
        Attr("school_year", "schoolYear", "SchoolYear", "Năm học."),
        Attr("grade", "grade", grade_type, "Lớp (khối lớp)."),
        Attr("school", "school", "SchoolKey", "Trường (khoá của phần tử School)."),
    )  # fmt: skip


def _year_head() -> tuple[Node, ...]:
    return (
        _text("class_name", "ClassName", "Lớp."),
        _text("homeroom_teacher", "HomeroomTeacher", "Giáo viên chủ nhiệm."),
        Nested("attendance", "Attendance", _ATTENDANCE, "Số ngày hoặc buổi nghỉ học.",
               True),
        _text("individual_plan", "IndividualPlan",
              "Đánh giá học sinh khuyết tật theo kế hoạch giáo dục cá nhân "
              f"({_TT22}, Điều 11): căn cứ đánh giá.", optional=True),
    )  # fmt: skip


_PRIMARY_YEAR = Shape(
    "PrimaryYearType", PrimaryYear, "PrimaryYear",
    f"Một năm học ở tiểu học ({_TT27}).",
    attrs=_year_attrs("PrimaryGrade"),
    constants=(("kind", "primary"),),
    children=(
        *_year_head(),
        Leaf("height_cm", "HeightCm", "Height", "Chiều cao (cm).", True),
        Leaf("weight_kg", "WeightKg", "Weight", "Cân nặng (kg).", True),
        Items("subjects", "Subjects", "Subject", _PRIMARY_SUBJECT,
              "Các môn học và hoạt động giáo dục.", "Một môn học.", optional=False),
        _text("subjects_comment", "SubjectsComment",
              "Nhận xét các môn học và hoạt động giáo dục.", optional=True),
        _levels("qualities", "Qualities", Quality,
                f"Những phẩm chất chủ yếu ({_TT27}, Điều 7).", "Quality"),
        _text("qualities_comment", "QualitiesComment", "Nhận xét phẩm chất.",
              optional=True),
        _levels("competencies", "Competencies", Competency,
                f"Những năng lực cốt lõi ({_TT27}, Điều 7).", "Competency"),
        _text("general_competencies_comment", "GeneralCompetenciesComment",
              "Nhận xét năng lực chung.", optional=True),
        _text("specific_competencies_comment", "SpecificCompetenciesComment",
              "Nhận xét năng lực đặc thù.", optional=True),
        Leaf("result", "Result", "PrimaryYearResultCode",
             f"Đánh giá kết quả giáo dục ({_TT27}, Điều 9)."),
        Leaf("programme_completed", "ProgrammeCompleted", "Boolean",
             "Hoàn thành chương trình lớp học hoặc chương trình tiểu học."),
        _text("completion_note", "CompletionNote", "Ghi chú về hoàn thành chương trình.",
              optional=True),
        Leaf("commendation", "Commendation", "CommendationCode",
             f"Danh hiệu khen thưởng cuối năm ({_TT27}, Điều 13).", True),
        _AWARDS,
        _SIGNERS,
    ),
)  # fmt: skip

_COMPONENTS = Shape(
    "ScoreComponentsType", ScoreComponents, "Components",
    f"Các điểm đánh giá của một học kì ({_TT22}, Điều 6, 7).",
    children=(
        Repeated("regular", "Regular", "Score", "Điểm đánh giá thường xuyên (ĐĐGtx).",
                 1, 4),
        Leaf("midterm", "Midterm", "Score", "Điểm đánh giá giữa kì (ĐĐGgk)."),
        Leaf("final", "Final", "Score", "Điểm đánh giá cuối kì (ĐĐGck)."),
    ),
)  # fmt: skip

_SECONDARY_SUBJECT = Shape(
    "SecondarySubjectType", SecondarySubjectResult, "Subject",
    f"Kết quả một môn học ({_TT22}, Điều 9).",
    attrs=(_SUBJECT_CODE,),
    children=(
        Leaf("semester1", "Semester1", "Mark", "Điểm trung bình môn hoặc mức đánh giá "
             "học kì I.", True),
        Leaf("semester2", "Semester2", "Mark", "Điểm trung bình môn hoặc mức đánh giá "
             "học kì II.", True),
        Leaf("year", "Year", "Mark", "Điểm trung bình môn hoặc mức đánh giá cả năm.",
             True),
        Leaf("after_reassessment", "AfterReassessment", "Mark",
             "Kết quả sau kiểm tra lại hoặc rèn luyện trong kì nghỉ hè.", True),
        Nested("semester1_components", "Semester1Components", _COMPONENTS,
               "Các điểm đánh giá học kì I.", True),
        Nested("semester2_components", "Semester2Components", _COMPONENTS,
               "Các điểm đánh giá học kì II.", True),
        _text("teacher", "Teacher", "Giáo viên bộ môn.", optional=True),
        _text("comment", "Comment",
              "Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu.", optional=True),
    ),
)  # fmt: skip


def _period(field_name: str, tag: str, doc: str) -> Nested:
    shape = Shape(
        "PeriodResultsType", PeriodResults, tag, "Kết quả theo học kì và cả năm.",
        children=(
            Leaf("semester1", "Semester1", "AchievementLevelCode", "Học kì I.", True),
            Leaf("semester2", "Semester2", "AchievementLevelCode", "Học kì II.", True),
            Leaf("year", "Year", "AchievementLevelCode", "Cả năm.", True),
        ),
    )  # fmt: skip
    return Nested(field_name, tag, shape, doc, True)


_CERTIFICATE = Shape(
    "CertificateType", Certificate, "Certificate", "Chứng chỉ.",
    children=(
        _text("name", "Name", "Loại chứng chỉ."),
        _text("grade", "Grade", "Xếp loại.", optional=True),
    ),
)  # fmt: skip

_SECONDARY_YEAR = Shape(
    "SecondaryYearType", SecondaryYear, "SecondaryYear",
    f"Một năm học ở trung học cơ sở hoặc trung học phổ thông ({_TT22}).",
    attrs=_year_attrs("SecondaryGrade"),
    constants=(("kind", "secondary"),),
    children=(
        *_year_head(),
        Items("subjects", "Subjects", "Subject", _SECONDARY_SUBJECT,
              "Kết quả các môn học.", "Một môn học.", optional=False),
        Items("electives", "Electives", "Elective", "SubjectCode",
              "Các môn học lựa chọn (trung học phổ thông).", "Một môn lựa chọn."),
        _period("conduct", "Conduct", f"Kết quả rèn luyện ({_TT22}, Điều 8)."),
        _period("learning", "Learning", f"Kết quả học tập ({_TT22}, Điều 9)."),
        Leaf("conduct_after_summer", "ConductAfterSummer", "AchievementLevelCode",
             f"Kết quả rèn luyện trong kì nghỉ hè ({_TT22}, Điều 13).", True),
        Leaf("learning_after_retest", "LearningAfterRetest", "AchievementLevelCode",
             f"Kết quả học tập sau kiểm tra lại ({_TT22}, Điều 14).", True),
        Leaf("promoted", "Promoted", "Boolean", "Được lên lớp.", True),
        _text("promotion_note", "PromotionNote", "Ghi chú về lên lớp.", optional=True),
        Leaf("programme_completed", "ProgrammeCompleted", "Boolean",
             "Hoàn thành chương trình trung học cơ sở hoặc trung học phổ thông.", True),
        Items("certificates", "Certificates", "Certificate", _CERTIFICATE,
              "Chứng chỉ.", "Một chứng chỉ."),
        Items("competitions", "Competitions", "Competition", "Text",
              "Kết quả các cuộc thi.", "Một kết quả."),
        Leaf("commendation", "Commendation", "CommendationCode",
             f"Danh hiệu khen thưởng cuối năm ({_TT22}, Điều 15).", True),
        _AWARDS,
        _text("homeroom_comment", "HomeroomComment",
              "Nhận xét của giáo viên chủ nhiệm.", optional=True),
        _SIGNERS,
    ),
)  # fmt: skip

_ISSUANCE = Shape(
    "IssuanceType", Issuance, "Issuance", "Ký học bạ.",
    children=(
        Nested("signer", "Signer", _SIGNER, "Người ký học bạ."),
        _text("place", "Place", "Địa danh phát hành.", optional=True),
        Leaf("date", "Date", "Date", "Ngày ký học bạ."),
    ),
)  # fmt: skip

_SOURCE_FILE = Shape(
    "SourceFileType", SourceFile, "Source", "Một tệp học bạ nhận được khi chuyển trường.",
    children=(
        Leaf("variant", "Variant", "VariantName", "Định dạng (biến thể) đã đọc tệp."),
        Leaf("media_type", "MediaType", "MediaType", "Kiểu MIME của tệp."),
        Leaf("sha256", "Sha256", "Sha256",
             "Giá trị băm SHA-256 của tệp, đúng từng byte như khi nhận."),
        Leaf("size", "Size", "ByteCount", "Kích thước tệp (byte)."),
    ),
)  # fmt: skip

_SIGNATURE_RESULT = Shape(
    "SignatureResultType", SignatureResult, "SignatureResult",
    "Kết quả xác thực một chữ ký số của bản gốc (ETSI EN 319 102-1).",
    children=(
        _text("signature_id", "SignatureId", "Định danh (Id) của chữ ký trong bản gốc.",
              optional=True),
        Leaf("indication", "Indication", "VerificationIndicationCode",
             "Kết quả xác thực chữ ký."),
        Leaf("sub_indication", "SubIndication", "VerificationSubIndicationCode",
             "Lý do chữ ký không hợp lệ hoặc chưa xác định được.", True),
        _text("signer_subject", "SignerSubject",
              "Chủ thể của chứng thư số người ký (RFC 4514).", optional=True),
        Leaf("certificate_sha256", "CertificateSha256", "Sha256",
             "Giá trị băm SHA-256 của chứng thư số người ký.", True),
        Leaf("role", "Role", "SignerRoleCode", "Vai trò người ký.", True),
        Leaf("signing_time", "SigningTime", "DateTime", "Thời điểm ký.", True),
    ),
)  # fmt: skip

_VERIFICATION = Shape(
    "VerificationType", Verification, "Verification",
    "Kết quả xác thực chữ ký số của bản gốc trước khi chuyển đổi.",
    children=(
        Leaf("verified_at", "VerifiedAt", "DateTime", "Thời điểm xác thực."),
        Leaf("indication", "Indication", "VerificationIndicationCode",
             "Kết quả chung (NOT_VERIFIED: không có gì để xác thực)."),
        Leaf("accepted_unverified", "AcceptedUnverified", "Boolean",
             "Nhà trường vẫn tiếp nhận dù chữ ký không được xác thực hợp lệ."),
        Items("signatures", "SignatureResults", "SignatureResult", _SIGNATURE_RESULT,
              "Kết quả từng chữ ký, theo thứ tự trong bản gốc.",
              "Kết quả một chữ ký."),
    ),
)  # fmt: skip

_LOSS_COUNTS = Shape(
    "LossCountsType", LossCounts, "Losses",
    "Số giá trị không chuyển đổi được chính xác; chi tiết trong hồ sơ tiếp nhận kèm theo.",
    children=(
        Leaf("dropped", "Dropped", "Count", "Số giá trị bị bỏ."),
        Leaf("approximated", "Approximated", "Count", "Số giá trị chỉ giữ gần đúng."),
        Leaf("unmapped", "Unmapped", "Count",
             "Số nội dung của tệp nguồn mà mô hình không có chỗ chứa (như chữ ký)."),
    ),
)  # fmt: skip

_PROVENANCE = Shape(
    "ProvenanceType", Provenance, "Provenance",
    "Hồ sơ tiếp nhận khi chuyển trường: tệp đã nhận, kết quả xác thực chữ ký số "
    "và số giá trị không chuyển đổi được.",
    children=(
        Leaf("received_on", "ReceivedOn", "Date", "Ngày tiếp nhận."),
        Nested("source", "Source", _SOURCE_FILE, "Tệp đã nhận và chuyển đổi."),
        Nested("original", "Original", _SOURCE_FILE,
               "Bản gốc có chữ ký số, khi tệp nhận được là bản sao không ký.", True),
        Nested("verification", "Verification", _VERIFICATION,
               "Kết quả xác thực chữ ký số của bản gốc."),
        Nested("losses", "Losses", _LOSS_COUNTS, "Số giá trị không chuyển đổi được."),
    ),
)  # fmt: skip

ROOT = Shape(
    "TranscriptType", Transcript, "Transcript",
    "Học bạ số: học bạ của một học sinh ở một cấp học.",
    children=(
        Leaf("lookup_code", "LookupCode", "LookupCode", "Mã tra cứu học bạ số."),
        Leaf("level", "Level", "LevelCode", "Cấp học."),
        Leaf("status", "Status", "TranscriptStatusCode", "Tình trạng hiệu lực.", True),
        Leaf("version", "Version", "Version", "Lần phát hành (1 cho lần đầu).", True),
        Leaf("replaces", "Replaces", "LookupCode",
             "Mã tra cứu của học bạ đã thu hồi mà học bạ này thay thế.", True),
        _text("registration_number", "RegistrationNumber", "Số sổ đăng bộ.",
              optional=True),
        Nested("pupil", "Pupil", _PUPIL, "Sơ yếu lý lịch học sinh."),
        Items("schools", "Schools", "School", _SCHOOL, "Các trường đã theo học.",
              "Một trường.", optional=False, min_items=1),
        Items("transfers", "Transfers", "Transfer", _TRANSFER, "Quá trình chuyển trường.",
              "Một lần chuyển trường."),
        Choice("years", "Years", (_PRIMARY_YEAR, _SECONDARY_YEAR),
               "Các năm học, theo thứ tự thời gian."),
        Nested("issuance", "Issuance", _ISSUANCE, "Người ký học bạ, nơi và ngày ký.",
               True),
        Nested("provenance", "Provenance", _PROVENANCE,
               "Hồ sơ tiếp nhận của trường nhận học sinh chuyển đến: định dạng, giá trị "
               "băm và kết quả xác thực chữ ký số của học bạ đã nhận. Đứng trước "
               "Signatures, nên con dấu của trường trên toàn bộ học bạ bao gồm cả hồ sơ "
               "này.", True),
    ),
)  # fmt: skip
"""The layout of the root element."""

SHAPES: tuple[Shape, ...] = (
    ROOT, _PUPIL, _GUARDIAN, _SCHOOL, _ADDRESS, _TRANSFER, _PRIMARY_YEAR,
    _SECONDARY_YEAR, _ATTENDANCE, _PRIMARY_SUBJECT, _SECONDARY_SUBJECT, _COMPONENTS,
    _period("conduct", "Conduct", "").shape, _CERTIFICATE, _ISSUANCE, _SIGNER,
    _PROVENANCE, _SOURCE_FILE, _VERIFICATION, _SIGNATURE_RESULT, _LOSS_COUNTS,
)  # fmt: skip
"""Every shape with a named complex type, in the order the schema declares them."""
