"""
The pages of a transcript as data: which value is printed where, under which path.

This module knows the forms (DOMAIN §3) but nothing about PDF. It turns a
:class:`~hocbaso.model.Transcript` into a list of :class:`Page`, each a list of
blocks whose cells are either form text (labels) or a :class:`Field`: a value
from the transcript, already formatted as it is printed, with the model path it
comes from. The renderer draws these pages; the agreement check builds the same
pages from the XML and compares them, field by field, with what the PDF shows.
Both therefore share one formatting of every value, and a page plan that does
not depend on layout: each page of the plan is exactly one PDF page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from hocbaso.model import (
    Level,
    PrimaryYear,
    School,
    SecondaryYear,
    Signer,
    Transcript,
)
from hocbaso.model.vocabulary import Vocabulary
from hocbaso.pdf._signed import UNSIGNED, SignedScopes

__all__ = [
    "SIGNED_MARK",
    "Block",
    "Cell",
    "Field",
    "Grid",
    "Heading",
    "Inline",
    "Page",
    "Stack",
    "iter_fields",
    "plan_pages",
]


@dataclass(frozen=True, slots=True)
class Field:
    """A printed value: the model path it comes from and the text shown."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Inline:
    """Form text and values on one unbroken line, e.g. place and date of signing."""

    parts: tuple[str | Field, ...]


@dataclass(frozen=True, slots=True)
class Stack:
    """Several lines stacked in one table cell."""

    lines: tuple[str | Field | Inline, ...]
    align: str = "center"


Cell = str | Field | Stack | None
"""Form text, a value, a stack of both, or an empty cell."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A line of form text: a page title or a section heading."""

    text: str
    size: str = "section"
    """``'title'``, ``'subtitle'``, ``'section'`` or ``'note'``."""
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Grid:
    """A table; ruled tables are the form's tables, unruled ones its label lines."""

    widths: tuple[float, ...]
    """
    Relative column widths, scaled to the frame; empty for a line of labels
    and values, whose labels take their own width and whose values share the rest.
    """
    rows: tuple[tuple[Cell, ...], ...]
    ruled: bool = False
    header_rows: int = 0
    spans: tuple[tuple[int, int, int, int], ...] = ()
    """Spans as ``(first column, first row, last column, last row)``."""
    centred_columns: frozenset[int] = frozenset()


Block = Heading | Grid
"""What a page is made of."""


@dataclass(frozen=True, slots=True)
class Page:
    """One printed page: its key in the page plan and its blocks."""

    key: str
    """Stable name of the page, such as ``'cover'`` or ``'year[2020-2021].1'``."""
    blocks: tuple[Block, ...]
    footer: str = ""
    number: int = 0
    count: int = 0
    fields: tuple[Field, ...] = field(default=())

    @property
    def footer_field(self) -> Field:
        """The page number as printed in the footer."""
        return Field("page", f"Trang {self.number}/{self.count}")


# ---------------------------------------------------------------- formatting


def text_of_date(value: dt.date) -> str:
    """Return a date as printed on the forms: ``30/05/2025``."""
    return value.strftime("%d/%m/%Y")


def text_of_decimal(value: Decimal) -> str:
    """Return a number with the Vietnamese decimal comma, as given: ``7,5``."""
    return str(value).replace(".", ",")


def _long_date(value: dt.date) -> str:
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def _value(path: str, value: object) -> Field | None:
    """Return the field for ``value``, or ``None`` when there is nothing to print."""
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, bool):
        return Field(path, "Có" if value else "Không")
    if isinstance(value, Vocabulary):
        return Field(path, value.label)
    if isinstance(value, dt.date):
        return Field(path, text_of_date(value))
    if isinstance(value, Decimal):
        return Field(path, text_of_decimal(value))
    return Field(path, str(value))


def _code(path: str, value: Vocabulary | Decimal | None) -> Field | None:
    """Return a rating as the forms abbreviate it (T, H, C, Đ, CĐ) or a score."""
    if isinstance(value, Vocabulary):
        return Field(path, value.aliases[0] if value.aliases else value.label)
    return _value(path, value)


# ---------------------------------------------------------------- shared parts


def _line(*pairs: tuple[str, Cell]) -> Grid:
    """Return one unruled line of ``label: value`` pairs."""
    cells: list[Cell] = []
    for label, value in pairs:
        cells += [label, value]
    return Grid((), (tuple(cells),))


def _lines(*rows: tuple[str, Cell]) -> Grid:
    """Return unruled label/value lines, the labels in one column."""
    return Grid((), tuple((label, value) for label, value in rows))


def _school(transcript: Transcript, school_id: str) -> School:
    return next(s for s in transcript.schools if s.id == school_id)


def _school_index(school_id: str) -> str:
    return f"schools[{school_id}]"


SIGNED_MARK = "(Đã ký số)"
"""Printed under a signer whose scope the embedded XML carries a signature over."""


def _signer_stack(
    path: str,
    signer: Signer,
    title: str | None,
    when: Inline | None,
    *,
    signed: bool,
) -> Stack:
    lines: list[str | Field | Inline] = [] if when is None else [when]
    if title is not None:
        lines.append(title)
    position = _value(f"{path}.position", signer.position)
    if position is not None:
        lines.append(position)
    # The mark is a field, not form text, so that the agreement check proves
    # it too: a mark added to or removed from the PDF is reported. Where no
    # signature is present nothing is printed, since a PAdES signature added
    # to the PDF later would contradict a printed "not signed" (docs/pdf.md).
    if signed:
        lines.append(Field(f"{path}.signature", SIGNED_MARK))
    lines.append(Field(f"{path}.name", signer.name))
    return Stack(tuple(lines))


def _sign_off(year: PrimaryYear | SecondaryYear, signed: SignedScopes) -> Grid | None:
    year_path = f"years[{year.school_year}]"
    stacks: list[Cell] = []
    for index, signer in enumerate(year.signers):
        path = f"{year_path}.signers[{index}]"
        day = _value(f"{path}.signed_on", signer.signed_on)
        when = Inline(("Ngày ký: ", day)) if day else None
        title = None if signer.position else signer.role.label.upper()
        mark = signed.signs(year.record_id, signer.role)
        stacks.append(_signer_stack(path, signer, title, when, signed=mark))
    if not stacks:
        return None
    return Grid(tuple(1.0 for _ in stacks), (tuple(stacks),))


# ---------------------------------------------------------------- cover and identity


def _cover(transcript: Transcript) -> Page:
    last = transcript.years[-1] if transcript.years else None
    school_id = last.school if last else transcript.schools[0].id
    school = _school(transcript, school_id)
    base = _school_index(school_id)
    address = school.address
    rows: list[tuple[str, Cell]] = [
        ("Họ và tên học sinh:", _value("pupil.full_name", transcript.pupil.full_name)),
    ]
    if last is not None:
        rows.append(
            ("Lớp:", _value(f"years[{last.school_year}].class_name", last.class_name))
        )
    rows += [
        ("Trường:", _value(f"{base}.name", school.name)),
        ("Xã (Phường, Thị trấn):", _value(f"{base}.address.commune", address.commune)),
    ]
    if address.district is not None:
        rows.append(
            (
                "Huyện (Quận, Thị xã, Thành phố):",
                _value(f"{base}.address.district", address.district),
            )
        )
    rows.append(
        ("Tỉnh (Thành phố):", _value(f"{base}.address.province", address.province))
    )
    rows += _cover_identifiers(transcript)
    blocks: list[Block] = [
        Heading("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "subtitle", "center"),
        *[Heading("", "gap")] * 8,
        Heading("HỌC BẠ", "cover", "center"),
        Heading(transcript.level.label.upper(), "title", "center"),
        *[Heading("", "gap")] * 8,
        _lines(*rows),
    ]
    return Page("cover", tuple(blocks))


def _cover_identifiers(transcript: Transcript) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = []
    if transcript.registration_number is not None:
        suffix = "THCS" if transcript.level is Level.LOWER_SECONDARY else "THPT"
        rows.append(
            (
                f"Số sổ đăng bộ (…/{suffix}):",
                _value("registration_number", transcript.registration_number),
            )
        )
    rows += [
        ("Mã tra cứu học bạ số:", _value("lookup_code", transcript.lookup_code)),
        ("Tình trạng:", _value("status", transcript.status)),
    ]
    if transcript.version > 1:
        rows.append(("Lần cấp:", _value("version", transcript.version)))
        rows.append(("Thay thế học bạ:", _value("replaces", transcript.replaces)))
    return rows


def _identity(transcript: Transcript, signed: SignedScopes) -> Page:
    pupil = transcript.pupil
    blocks: list[Block] = [
        Heading("HỌC BẠ", "title", "center"),
        Heading("SƠ YẾU LÝ LỊCH HỌC SINH", "subtitle", "center"),
        _line(
            ("Họ và tên học sinh:", _value("pupil.full_name", pupil.full_name)),
            ("Giới tính:", _value("pupil.sex", pupil.sex)),
        ),
        _line(
            ("Ngày, tháng, năm sinh:", _value("pupil.birth_date", pupil.birth_date)),
            ("Dân tộc:", _value("pupil.ethnicity", pupil.ethnicity)),
            ("Quốc tịch:", _value("pupil.nationality", pupil.nationality)),
        ),
        _lines(
            ("Đối tượng:", _value("pupil.policy_category", pupil.policy_category)),
            (
                "Mã số định danh cá nhân:",
                _value("pupil.personal_id", pupil.personal_id),
            ),
            ("Mã học sinh:", _value("pupil.learner_code", pupil.learner_code)),
            ("Nơi sinh:", _value("pupil.birth_place", pupil.birth_place)),
            ("Quê quán:", _value("pupil.hometown", pupil.hometown)),
            ("Chỗ ở hiện tại:", _value("pupil.residence", pupil.residence)),
        ),
        *_family(transcript),
        Heading("QUÁ TRÌNH HỌC TẬP"),
        _history(transcript),
        *_transfers(transcript),
        *_issuance(transcript, signed),
    ]
    return Page("identity", tuple(blocks))


def _family(transcript: Transcript) -> list[Block]:
    pupil = transcript.pupil
    people = (
        ("Họ và tên cha:", "father", pupil.father),
        ("Họ và tên mẹ:", "mother", pupil.mother),
        ("Họ và tên người giám hộ (nếu có):", "guardian", pupil.guardian),
    )
    lines: list[Block] = []
    for label, key, person in people:
        name = _value(f"pupil.{key}.name", person.name) if person else None
        job = _value(f"pupil.{key}.occupation", person.occupation) if person else None
        lines.append(_line((label, name), ("Nghề nghiệp:", job)))
    return lines


def _history(transcript: Transcript) -> Grid:
    header: tuple[Cell, ...] = ("Năm học", "Lớp", "Tên trường", "Địa chỉ của trường")
    rows: list[tuple[Cell, ...]] = [header]
    for year in transcript.years:
        school = _school(transcript, year.school)
        rows.append(
            (
                _value(f"years[{year.school_year}].school_year", year.school_year),
                _value(f"years[{year.school_year}].class_name", year.class_name),
                Field(f"years[{year.school_year}].school.name", school.name),
                Field(
                    f"years[{year.school_year}].school.address",
                    school.address.one_line(),
                ),
            )
        )
    return Grid(
        (1.1, 0.8, 2.4, 3.6),
        tuple(rows),
        ruled=True,
        header_rows=1,
        centred_columns=frozenset({0, 1}),
    )


def _transfers(transcript: Transcript) -> list[Block]:
    if not transcript.transfers:
        return []
    rows: list[tuple[Cell, ...]] = [
        ("Ngày", "Từ trường", "Đến trường", "Lý do", "Quyết định")
    ]
    for index, move in enumerate(transcript.transfers):
        path = f"transfers[{index}]"
        rows.append(
            (
                _value(f"{path}.date", move.date),
                Field(
                    f"{path}.from_school", _school(transcript, move.from_school).name
                ),
                Field(f"{path}.to_school", _school(transcript, move.to_school).name),
                _value(f"{path}.reason", move.reason),
                _value(f"{path}.decision", move.decision),
            )
        )
    grid = Grid((1.0, 2.0, 2.0, 2.0, 1.6), tuple(rows), ruled=True, header_rows=1)
    return [Heading("CHUYỂN TRƯỜNG"), grid]


def _issuance(transcript: Transcript, signed: SignedScopes) -> list[Block]:
    issued = transcript.issuance
    if issued is None:
        return [Heading("Học bạ chưa được ký phát hành.", "note")]
    where = _value("issuance.place", issued.place)
    when = Field("issuance.date", _long_date(issued.date))
    date_line = Inline((where, ", ", when) if where else (when,))
    signer = _signer_stack(
        "issuance.signer",
        issued.signer,
        "NGƯỜI KÝ HỌC BẠ",
        date_line,
        signed=signed.signs_document(issued.signer.role),
    )
    return [Heading("", "gap"), Grid((1.0, 1.2), ((None, signer),))]


# ---------------------------------------------------------------- primary years


def _year_header(
    transcript: Transcript, year: PrimaryYear | SecondaryYear
) -> list[Block]:
    y = f"years[{year.school_year}]"
    school = _school(transcript, year.school)
    return [
        Heading(f"NĂM HỌC {year.school_year}", "title", "center"),
        _line(
            ("Họ và tên:", _value("pupil.full_name", transcript.pupil.full_name)),
            ("Lớp:", _value(f"{y}.class_name", year.class_name)),
        ),
        _line(
            ("Trường:", Field(f"{y}.school.name", school.name)),
            (
                "Giáo viên chủ nhiệm:",
                _value(f"{y}.homeroom_teacher", year.homeroom_teacher),
            ),
        ),
    ]


def _primary_subjects(year: PrimaryYear) -> Grid:
    y = f"years[{year.school_year}]"
    rows: list[tuple[Cell, ...]] = [
        ("Môn học và hoạt động giáo dục", "Mức đạt được", "Điểm KTĐK", "Nhận xét")
    ]
    for index, row in enumerate(year.subjects):
        path = f"{y}.subjects[{row.subject.value}]"
        comment = (
            _value(f"{y}.subjects_comment", year.subjects_comment)
            if index == 0
            else None
        )
        rows.append(
            (
                row.subject.label,
                _code(f"{path}.rating", row.rating),
                _value(f"{path}.test_score", row.test_score),
                comment,
            )
        )
    spans = ((3, 1, 3, len(rows) - 1),) if len(rows) > 1 else ()
    return Grid(
        (2.6, 1.1, 1.0, 3.3),
        tuple(rows),
        ruled=True,
        header_rows=1,
        spans=spans,
        centred_columns=frozenset({1, 2}),
    )


def _rated_table(
    year: PrimaryYear,
    header: str,
    items: Sequence[tuple[str, str, Vocabulary]],
    comment: Cell,
) -> Grid:
    rows: list[tuple[Cell, ...]] = [(header, "Mức đạt được", "Nhận xét")]
    for index, (path, label, level) in enumerate(items):
        rows.append((label, _code(path, level), comment if index == 0 else None))
    spans = ((2, 1, 2, len(rows) - 1),)
    return Grid(
        (2.6, 1.1, 4.3),
        tuple(rows),
        ruled=True,
        header_rows=1,
        spans=spans,
        centred_columns=frozenset({1}),
    )


def _qualities(year: PrimaryYear) -> Grid:
    y = f"years[{year.school_year}]"
    items = [
        (f"{y}.qualities[{q.value}]", q.label, level)
        for q, level in year.qualities.items()
    ]
    comment = _value(f"{y}.qualities_comment", year.qualities_comment)
    return _rated_table(year, "Phẩm chất", items, comment)


def _competencies(year: PrimaryYear, general: bool) -> Grid:
    y = f"years[{year.school_year}]"
    items = [
        (f"{y}.competencies[{c.value}]", c.label, level)
        for c, level in year.competencies.items()
        if c.is_general == general
    ]
    name = "general" if general else "specific"
    comment = _value(
        f"{y}.{name}_competencies_comment",
        getattr(year, f"{name}_competencies_comment"),
    )
    return _rated_table(year, "Năng lực", items, comment)


_LEGEND_SUBJECTS = "T: Hoàn thành tốt; H: Hoàn thành; C: Chưa hoàn thành."
_LEGEND_LEVELS = "T: Tốt; Đ: Đạt; C: Cần cố gắng."


def _primary_pages(
    transcript: Transcript, year: PrimaryYear, signed: SignedScopes
) -> list[Page]:
    y = f"years[{year.school_year}]"
    first: list[Block] = [
        *_year_header(transcript, year),
        _line(
            ("Chiều cao (cm):", _value(f"{y}.height_cm", year.height_cm)),
            ("Cân nặng (kg):", _value(f"{y}.weight_kg", year.weight_kg)),
        ),
        _line(
            (
                "Số ngày nghỉ có phép:",
                _value(f"{y}.attendance.excused", year.attendance.excused),
            ),
            (
                "Số ngày nghỉ không phép:",
                _value(f"{y}.attendance.unexcused", year.attendance.unexcused),
            ),
        ),
        Heading("1. Các môn học và hoạt động giáo dục"),
        _primary_subjects(year),
        Heading(_LEGEND_SUBJECTS, "note"),
        Heading("2. Những phẩm chất chủ yếu"),
        _qualities(year),
        Heading(_LEGEND_LEVELS, "note"),
    ]
    second: list[Block] = [
        Heading(f"NĂM HỌC {year.school_year} (tiếp theo)", "subtitle", "center"),
        Heading("3. Những năng lực cốt lõi"),
        Heading("3.1. Những năng lực chung", "subsection"),
        _competencies(year, general=True),
        Heading("3.2. Những năng lực đặc thù", "subsection"),
        _competencies(year, general=False),
        Heading(_LEGEND_LEVELS, "note"),
        *_primary_outcome(year),
    ]
    sign_off = _sign_off(year, signed)
    if sign_off is not None:
        second += [Heading("", "gap"), sign_off]
    return [Page(f"{y}.1", tuple(first)), Page(f"{y}.2", tuple(second))]


def _primary_outcome(year: PrimaryYear) -> list[Block]:
    # Thông tư 27/2020 Art. 9 has four levels; the central system's template
    # prints only HOÀN THÀNH / CHƯA HOÀN THÀNH, so the form is followed in
    # layout and the regulation in content (docs/pdf.md).
    y = f"years[{year.school_year}]"
    completion = _value(f"{y}.completion_note", year.completion_note) or Field(
        f"{y}.programme_completed",
        "Hoàn thành" if year.programme_completed else "Chưa hoàn thành",
    )
    return [
        _line(("4. Đánh giá kết quả giáo dục:", _value(f"{y}.result", year.result))),
        _line(("5. Khen thưởng:", _value(f"{y}.commendation", year.commendation))),
        *_award_lines(y, year.awards),
        _line(
            ("6. Hoàn thành chương trình lớp học/chương trình tiểu học:", completion)
        ),
    ]


def _award_lines(y: str, awards: tuple[str, ...]) -> list[Block]:
    return [
        _line(("", Field(f"{y}.awards[{i}]", award))) for i, award in enumerate(awards)
    ]


# ---------------------------------------------------------------- secondary years


def _secondary_subjects(year: SecondaryYear) -> Grid:
    y = f"years[{year.school_year}]"
    rows: list[tuple[Cell, ...]] = [
        (
            "Môn học/Hoạt động giáo dục",
            "Điểm trung bình môn học hoặc mức đánh giá",
            None,
            None,
            "Sau đánh giá lại, rèn luyện thêm trong hè (nếu có)",
            "Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu (nếu có) và "
            "giáo viên môn học",
        ),
        (None, "Học kì I", "Học kì II", "Cả năm", None, None),
    ]
    for row in year.subjects:
        path = f"{y}.subjects[{row.subject.value}]"
        comment = _value(f"{path}.comment", row.comment)
        teacher = _value(f"{path}.teacher", row.teacher)
        lines = tuple(
            cell
            for cell in (comment, Inline(("Giáo viên: ", teacher)) if teacher else None)
            if cell is not None
        )
        rows.append(
            (
                row.subject.label,
                _code(f"{path}.semester1", row.semester1),
                _code(f"{path}.semester2", row.semester2),
                _code(f"{path}.year", row.year),
                _code(f"{path}.after_reassessment", row.after_reassessment),
                Stack(lines, align="left") if lines else None,
            )
        )
    spans = ((0, 0, 0, 1), (1, 0, 3, 0), (4, 0, 4, 1), (5, 0, 5, 1))
    return Grid(
        (2.1, 0.75, 0.75, 0.75, 1.2, 3.2),
        tuple(rows),
        ruled=True,
        header_rows=2,
        spans=spans,
        centred_columns=frozenset({1, 2, 3, 4}),
    )


def _results_table(year: SecondaryYear) -> Grid:
    y = f"years[{year.school_year}]"
    rows: list[tuple[Cell, ...]] = [
        (
            "Học kì",
            "Kết quả rèn luyện",
            "Kết quả học tập",
            "Tổng số buổi nghỉ học cả năm",
        ),
    ]
    for period, label in (
        ("semester1", "Học kì I"),
        ("semester2", "Học kì II"),
        ("year", "Cả năm"),
    ):
        rows.append(
            (
                label,
                _value(f"{y}.conduct.{period}", getattr(year.conduct, period)),
                _value(f"{y}.learning.{period}", getattr(year.learning, period)),
                _value(f"{y}.attendance.total", year.attendance.total)
                if period == "semester1"
                else None,
            )
        )
    rows.append(
        (
            "Sau rèn luyện hè / kiểm tra lại",
            _value(f"{y}.conduct_after_summer", year.conduct_after_summer),
            _value(f"{y}.learning_after_retest", year.learning_after_retest),
            None,
        )
    )
    return Grid(
        (2.2, 1.6, 1.6, 1.6),
        tuple(rows),
        ruled=True,
        header_rows=1,
        spans=((3, 1, 3, 4),),
        centred_columns=frozenset({1, 2, 3}),
    )


def _promotion(year: SecondaryYear) -> list[Block]:
    y = f"years[{year.school_year}]"
    lines: list[Block] = []
    if year.promoted is not None:
        text = "Được lên lớp" if year.promoted else "Không được lên lớp"
        lines.append(
            _line(
                ("-", Field(f"{y}.promoted", text)),
                ("Ghi chú:", _value(f"{y}.promotion_note", year.promotion_note)),
            )
        )
    if year.programme_completed is not None:
        level = "trung học cơ sở" if year.grade <= 9 else "trung học phổ thông"
        done = "Hoàn thành" if year.programme_completed else "Không hoàn thành"
        lines.append(
            _line(
                ("-", Field(f"{y}.programme_completed", f"{done} chương trình {level}"))
            )
        )
    return lines


def _secondary_lists(year: SecondaryYear) -> list[Block]:
    y = f"years[{year.school_year}]"
    lines: list[Block] = []
    for index, cert in enumerate(year.certificates):
        path = f"{y}.certificates[{index}]"
        lines.append(
            _line(
                ("- Chứng chỉ (nếu có):", _value(f"{path}.name", cert.name)),
                ("Loại:", _value(f"{path}.grade", cert.grade)),
            )
        )
    if not year.certificates:
        lines.append(_line(("- Chứng chỉ (nếu có):", None)))
    competitions = [
        Field(f"{y}.competitions[{i}]", c) for i, c in enumerate(year.competitions)
    ]
    lines += _list_lines("- Kết quả tham gia các cuộc thi (nếu có):", competitions)
    awards: list[Field] = [
        Field(f"{y}.awards[{i}]", a) for i, a in enumerate(year.awards)
    ]
    commendation = _value(f"{y}.commendation", year.commendation)
    lines += _list_lines(
        "- Khen thưởng (nếu có):", [commendation, *awards] if commendation else awards
    )
    return lines


def _list_lines(label: str, values: list[Field]) -> list[Block]:
    if not values:
        return [_line((label, None))]
    return [_line((label if i == 0 else "", v)) for i, v in enumerate(values)]


def _secondary_pages(
    transcript: Transcript, year: SecondaryYear, signed: SignedScopes
) -> list[Page]:
    y = f"years[{year.school_year}]"
    first: list[Block] = [*_year_header(transcript, year)]
    if year.electives:
        names = ", ".join(s.label for s in year.electives)
        first.append(_line(("Môn học lựa chọn:", Field(f"{y}.electives", names))))
    first.append(_secondary_subjects(year))
    first.append(
        Heading("Đ: Đạt; CĐ: Chưa đạt (môn học đánh giá bằng nhận xét).", "note")
    )
    second: list[Block] = [
        Heading(f"NĂM HỌC {year.school_year} (tiếp theo)", "subtitle", "center"),
        _results_table(year),
        _line(
            (
                "Số buổi nghỉ có phép:",
                _value(f"{y}.attendance.excused", year.attendance.excused),
            ),
            (
                "Số buổi nghỉ không phép:",
                _value(f"{y}.attendance.unexcused", year.attendance.unexcused),
            ),
        ),
        *_promotion(year),
        *_secondary_lists(year),
        Heading("NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM", "section", "center"),
        _lines(("", _value(f"{y}.homeroom_comment", year.homeroom_comment))),
    ]
    sign_off = _sign_off(year, signed)
    if sign_off is not None:
        second += [Heading("", "gap"), sign_off]
    return [Page(f"{y}.1", tuple(first)), Page(f"{y}.2", tuple(second))]


# ---------------------------------------------------------------- the plan


def plan_pages(
    transcript: Transcript, *, signed: SignedScopes = UNSIGNED
) -> list[Page]:
    """
    Return the printed pages of ``transcript``, in order, with their fields.

    :param transcript: the transcript.
    :param signed: the scopes the embedded XML carries signatures over, from
        :func:`~hocbaso.pdf._signed.read_signed_scopes`; a signer is marked
        "(Đã ký số)" only if their scope is among them. Renderer and agreement
        check must pass the same scopes, read from the same XML.
    :returns: the cover, the identity page and two pages per school year.
    """
    pages = [_cover(transcript), _identity(transcript, signed)]
    for year in transcript.years:
        if isinstance(year, PrimaryYear):
            pages += _primary_pages(transcript, year, signed)
        else:
            pages += _secondary_pages(transcript, year, signed)
    footer = f"Học bạ số {transcript.lookup_code}"
    count = len(pages)
    return [
        Page(page.key, page.blocks, footer, number, count, tuple(_page_fields(page)))
        for number, page in enumerate(pages, start=1)
    ]


def _page_fields(page: Page) -> Iterator[Field]:
    for block in page.blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                for cell in row:
                    yield from _cell_fields(cell)


def _cell_fields(cell: Cell) -> Iterator[Field]:
    if isinstance(cell, Field):
        yield cell
    elif isinstance(cell, Stack):
        for line in cell.lines:
            if isinstance(line, Inline):
                yield from (part for part in line.parts if isinstance(part, Field))
            elif isinstance(line, Field):
                yield line


def iter_fields(pages: list[Page]) -> Iterator[tuple[Page, Field]]:
    """
    Yield every printed field of ``pages`` with its page, the footers included.

    :param pages: pages from :func:`plan_pages`.
    :returns: an iterator of ``(page, field)`` in page order.
    """
    for page in pages:
        for printed in page.fields:
            yield page, printed
        yield page, page.footer_field
