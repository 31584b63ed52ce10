"""
``primary-xlsx``: the primary-school results import spreadsheet, read and written with openpyxl.

Evidence. DOMAIN §1.3 (secondary source, a school tool's FAQ on the 2025
primary import of the sector database, ``truong.csdl.moet.gov.vn`` page
``C1/KetQuaHocTapImportExcel.aspx``, DOMAIN §5.4): 35 columns under 3 header
rows, in the order STT, class code, student code, name, date of birth, 13
subject columns (level and test score), 8 competency columns, 5 quality
columns, programme completion, promotion, ranking. One row per pupil and year,
so one sheet holds a class.

How the doubts are resolved [B]. No reading of those counts adds up: with 10
competencies the groups give 36 columns, with 8 they give 34, and a level *and*
a score per subject do not fit in 13 columns. The regulation decides instead:
TT 27/2020 Art. 7 and the central templates' codes 06–15 have **10
competencies**, so there are 10 competency columns; subjects follow the central
template's 14 rows (Tin học and Công nghệ apart, as the model keeps them), each
with a *Mức đạt được* column, and the seven subjects that sit periodic tests
have a *Điểm KTĐK* column beside it. The three header rows are group, item and
sub-item. The sheet therefore has 5 + 21 + 10 + 5 + 3 = 44 columns; the
figure 35 is not reproduced. Codes are T/H/C, T/Đ/C, HTXS/HTT/HT/CHT and 1/0;
dates are written as ``dd/MM/yyyy`` text; reading also takes a date cell,
which is what Excel makes of a typed date.

The import page takes the school, school year and the pupils' identities from
the logged-in school and the CSDL, not from the sheet. hocbaso writes that
context in a second sheet, ``ThongTin`` (our addition; an importer reads only
the first sheet [B]): the transcript's look-up code, status and the pupil's
sex, ethnicity and nationality, and per year the school year, grade, homeroom
teacher and the school's name, code and address. A sheet without it is
refused, since no transcript can be built without them.

What it cannot hold: everything else of the pupil (identifier, places,
parents, policy category), the version and replaced code, address details,
codes and dates, transfers, absences, height and weight, every comment and
note, titles and awards, signers and the issuance.

What reading reports. A value the sheet cannot hold is read as the model's
default. Where that default is "not given" (no height, no comment, no signers,
no issuance) the transcript claims nothing it does not know, and the read
report stays silent; the write report lists such values as dropped. Where the
default is itself a value, the transcript would state a fact the sheet never
held: each year's absences (0 excused, 0 unexcused) and the re-issue number
(1), and the status and nationality when their context cells are blank. Each of
those is reported ``approximated`` on reading, so that reading a sheet is never
called lossless. What the sheet holds but the model cannot is reported
``unmapped`` with its sheet or cell: every filled cell outside the layout,
every other sheet with content, a promotion that differs from the completion,
and every formula (its saved result is read; one without a saved result is
refused).

Writing never makes a formula: every text value is a string cell, and text a
spreadsheet program would take for a formula when typed (``= + - @``) is also
quote-prefixed, the value itself unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from pydantic import ValidationError

from hocbaso.errors import HocbasoNotSupportedError, Problem, VariantReadError
from hocbaso.model import (
    Level,
    PrimarySubjectResult,
    PrimaryYear,
    Pupil,
    School,
    Transcript,
    TranscriptStatus,
)
from hocbaso.model.subjects import CATALOGUE
from hocbaso.variants import _common as c
from hocbaso.variants.api import BuiltinVariant, Confidence, Variant
from hocbaso.variants.codes import (
    COMPETENCY_LEVEL_CODES,
    FORM_TABLE_CODES,
    PRIMARY_RATING_CODES,
    PRIMARY_RESULT_CODES,
    SEX_CODES,
    DateStyle,
    code_for,
    format_date,
    parse_date,
    parse_ethnicity,
)
from hocbaso.variants.loss import (
    LossEntry,
    LossKind,
    LossReport,
    LossTable,
    Side,
    Unheld,
)

__all__ = ["VARIANT", "PrimaryXLSXVariant"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

NAME = BuiltinVariant.PRIMARY_XLSX.value
RESULTS_SHEET = "KetQuaHocTap"
CONTEXT_SHEET = "ThongTin"
HEADER_ROWS = 3
_FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NO = "the import sheet has no column for it"
_FORMULA_STARTS = ("=", "+", "-", "@")
"""What a spreadsheet program takes as the start of a formula when a cell is typed."""

UNHELD = LossTable(NAME, (
    Unheld("years[*].individual_plan", "The basis of an individual education plan: "
           "the import sheet has no column for it."),
    Unheld("version", f"The re-issue number: {_NO}."),
    Unheld("replaces", f"The replaced transcript's code: {_NO}."),
    Unheld("registration_number", f"The registration number: {_NO}."),
    *(Unheld(f"pupil.{f}", f"{_NO.capitalize()}.")
      for f in ("personal_id", "policy_category", "birth_place", "hometown", "residence",
                "father", "mother", "guardian")),
    *(Unheld(f"schools[*].address.{f}", "Addresses are names only.")
      for f in ("detail", "province_code", "district_code", "commune_code")),
    Unheld("transfers", f"Transfers: {_NO}."),
    *(Unheld(f"years[*].{f}", f"{_NO.capitalize()}.")
      for f in ("attendance", "height_cm", "weight_kg", "subjects_comment",
                "qualities_comment", "general_competencies_comment",
                "specific_competencies_comment", "completion_note", "commendation", "awards",
                "signers")),
    Unheld("issuance", f"The issuance: {_NO}."),
    Unheld("provenance", f"The receiving school's provenance record: {_NO}; it travels "
           "in the canonical XML, under the school's seal."),
))  # fmt: skip
"""The canonical fields this variant cannot hold, with the reasons."""

_FLAG = {"1": True, "0": False}
_SUBJECTS = tuple(CATALOGUE[Level.PRIMARY].values())
_IDENTITY = ("STT", "Mã lớp", "Mã học sinh", "Họ và tên", "Ngày sinh")
_TAIL = ("Hoàn thành chương trình", "Được lên lớp", "Đánh giá kết quả giáo dục")
_CONTEXT_KEYS = ("hoc_ba_id", "trang_thai", "ho_va_ten", "gioi_tinh", "dan_toc", "quoc_tich",
                 "ma_hoc_sinh")  # fmt: skip
_YEAR_COLUMNS = ("nam_hoc", "khoi", "lop", "gvcn", "ten_truong", "ma_truong", "tinh",
                 "huyen", "xa")  # fmt: skip


def _columns() -> list[tuple[str, str, str]]:
    columns = [(name, "", "") for name in _IDENTITY]
    for row in _SUBJECTS:
        columns.append(
            ("Môn học và hoạt động giáo dục", row.subject.label, "Mức đạt được")
        )
        if row.tested_grades:
            columns.append(
                ("Môn học và hoạt động giáo dục", row.subject.label, "Điểm KTĐK")
            )
    competencies = [(k, v) for k, v in FORM_TABLE_CODES.items() if int(k) > 5]
    qualities = [(k, v) for k, v in FORM_TABLE_CODES.items() if int(k) <= 5]
    columns += [("Năng lực", item.label, code) for code, item in competencies]
    columns += [("Phẩm chất", item.label, code) for code, item in qualities]
    columns += [(name, "", "") for name in _TAIL]
    return columns


COLUMNS = _columns()
"""The results sheet's columns as (group, item, sub-item): the three header rows."""


class PrimaryXLSXVariant(Variant):
    """The primary import spreadsheet (see the module documentation)."""

    name = NAME
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = ".xlsx"
    description = "Primary-school results import spreadsheet (.xlsx), one row per year."

    def detect(self, data: bytes) -> Confidence:
        """
        Recognise a workbook; ``CERTAIN`` when it has this variant's sheets.

        :param data: the bytes.
        :returns: the confidence.
        """
        if not data.startswith(b"PK\x03\x04"):
            return Confidence.NONE
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                workbook = archive.read("xl/workbook.xml")
        except (zipfile.BadZipFile, KeyError):
            return Confidence.NONE
        mine = RESULTS_SHEET.encode() in workbook and CONTEXT_SHEET.encode() in workbook
        return Confidence.CERTAIN if mine else Confidence.POSSIBLE

    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        """
        Read the rows of one pupil.

        :param data: the workbook's bytes.
        :returns: the transcript and the read report, which lists every value
            the sheet does not hold but the model states (see the module
            documentation), and as ``unmapped`` every cell the layout does not
            take, every other sheet with content, and every formula (its saved
            result is read).
        :raises VariantReadError: naming the sheet and cell, and what it must
            hold; a formula with no saved result is refused.
        :raises HocbasoNotSupportedError: for rows of more than one pupil.
        """
        transcript, entries = _read_book(data)
        return transcript, LossReport(tuple(entries))

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write a primary transcript as one row per year.

        :param transcript: a primary transcript.
        :returns: the workbook's bytes (fixed timestamps, so the same transcript
            gives the same bytes), and what it could not carry.
        :raises VariantNotApplicableError: for a secondary transcript.
        """
        c.check_level(NAME, transcript, [Level.PRIMARY])
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has one sheet
        _write_results(sheet, transcript)
        _write_context(book.create_sheet(CONTEXT_SHEET), transcript)
        entries = UNHELD.entries(transcript)
        entries += c.school_losses(NAME, transcript, _facts)
        return _save(book), LossReport(tuple(entries))


# ----------------------------------------------------------------------------- write


def _write_results(sheet: Worksheet, t: Transcript) -> None:
    sheet.title = RESULTS_SHEET
    for level in range(3):
        _append(sheet, [column[level] for column in COLUMNS])
    for number, year in enumerate(t.years, start=1):
        assert isinstance(year, PrimaryYear)
        _append(sheet, _row(number, t, year))


def _append(sheet: Worksheet, values: Sequence[Any]) -> None:
    sheet.append(list(values))
    line = sheet.max_row
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(line, column)
        if isinstance(value, str) and isinstance(cell, Cell):
            _keep_as_text(cell)


def _keep_as_text(cell: Cell) -> None:
    # openpyxl stores text beginning with "=" as a formula and text such as
    # "#N/A" as an error value. A transcript's text (a name, a class) must stay
    # text: a formula would run in the clerk's spreadsheet program. Text that a
    # spreadsheet program would take as a formula when typed (= + - @) is also
    # marked quote-prefixed, so it stays text if someone edits the cell; the
    # value itself is unchanged, so reading it back gives the same string.
    cell.data_type = "s"
    if str(cell.value).startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def _row(number: int, t: Transcript, year: PrimaryYear) -> list[Any]:
    rows = {row.subject: row for row in year.subjects}
    cells: list[Any] = [number, year.class_name, t.pupil.learner_code, t.pupil.full_name,
                        format_date(t.pupil.birth_date, DateStyle.DMY)]  # fmt: skip
    for offered in _SUBJECTS:
        cells += _subject_cells(rows.get(offered.subject), bool(offered.tested_grades))
    table = c.form_table(year)
    cells += [code_for(COMPETENCY_LEVEL_CODES, table[item]) for code, item in
              FORM_TABLE_CODES.items() if int(code) > 5]  # fmt: skip
    cells += [code_for(COMPETENCY_LEVEL_CODES, table[item]) for code, item in
              FORM_TABLE_CODES.items() if int(code) <= 5]  # fmt: skip
    flag = "1" if year.programme_completed else "0"
    return [*cells, flag, flag, code_for(PRIMARY_RESULT_CODES, year.result)]


def _subject_cells(row: PrimarySubjectResult | None, tested: bool) -> list[Any]:
    rating = None if row is None else code_for(PRIMARY_RATING_CODES, row.rating)
    if not tested:
        return [rating]
    return [rating, None if row is None else row.test_score]


def _write_context(sheet: Worksheet, t: Transcript) -> None:
    pupil = t.pupil
    values = (t.lookup_code, t.status.value, pupil.full_name, code_for(SEX_CODES, pupil.sex),
              pupil.ethnicity.canonical_name, pupil.nationality, pupil.learner_code)  # fmt: skip
    for key, value in zip(_CONTEXT_KEYS, values, strict=True):
        _append(sheet, [key, value])
    sheet.append([])
    _append(sheet, _YEAR_COLUMNS)
    schools = {school.id: school for school in t.schools}
    for year in t.years:
        school = schools[year.school]
        address = school.address
        _append(sheet, [year.school_year, year.grade, year.class_name,
                        year.homeroom_teacher, school.name, school.code, address.province,
                        address.district, address.commune])  # fmt: skip


def _facts(school: School) -> dict[str, Any]:
    address = school.address
    return {"name": school.name, "code": school.code,
            "address": {"province": address.province, "district": address.district,
                        "commune": address.commune}}  # fmt: skip


def _save(book: Workbook) -> bytes:
    book.properties.creator = "hocbaso"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fix_zip_times(raw.getvalue())


def _fix_zip_times(data: bytes) -> bytes:
    # openpyxl stamps every zip entry with the current time; fixed stamps make
    # the same transcript give the same bytes, so outputs can be compared and signed.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:  # fmt: skip
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# ----------------------------------------------------------------------------- read

_MODEL = f"variant.{NAME}.model"
_SUBJECT_GROUP = "Môn học và hoạt động giáo dục"
_KEY_ROWS = len(_CONTEXT_KEYS)
_YEAR_HEADER_ROW = _KEY_ROWS + 2
_PROMOTION = len(COLUMNS) - 2
"""The index of *Được lên lớp*, which the model does not hold apart from completion."""
_COMPLETION = len(COLUMNS) - 3
_IDENTITY_COLUMNS = (2, 3, 4)
"""The indexes of the pupil's code, name and birth date, the same in every row."""

_EXPECTED = {
    "lookup_code": "the transcript's look-up code: 4 to 64 letters, digits, '_', '.' or '-'",
    "status": "the status, one of "
    + ", ".join(repr(s.value) for s in TranscriptStatus),
    "full_name": "the pupil's full name",
    "learner_code": "the pupil's code (Mã học sinh): 4 to 20 letters and digits",
    "nationality": "the pupil's nationality",
    "grade": "the grade, a whole number from 1 to 5",
    "class_name": "the class (Mã lớp)",
    "homeroom_teacher": "the homeroom teacher's name",
    "name": "the school's name",
    "code": "the school's code",
    "address.province": "the school's province",
    "address.district": "the school's district, or a blank cell",
    "address.commune": "the school's commune",
}
"""What a cell must hold, for the model fields whose errors name a cell."""


@dataclass(frozen=True, slots=True)
class _Book:
    """The workbook loaded twice: with each formula's saved result, and with the formulas."""

    values: Any
    formulas: Any


@dataclass(frozen=True, slots=True)
class _Context:
    """What the ``ThongTin`` sheet holds, with the row of each value."""

    keys: dict[str, str | None]
    key_rows: dict[str, int]
    years: list[tuple[int, dict[str, Any]]]

    def cell(self, key: str) -> str:
        """Return the cell holding the value of ``key`` (its name when it is missing)."""
        row = self.key_rows.get(key)
        return f"{CONTEXT_SHEET}!B{row}" if row else f"{CONTEXT_SHEET}!{key}"


def _read_book(data: bytes) -> tuple[Transcript, list[LossEntry]]:
    book = _open(data)
    entries = _formula_entries(book)
    entries += _outside_layout_entries(book)
    sheet = book.values[RESULTS_SHEET]
    rows = _pupil_rows(sheet)
    context = _context(book.values[CONTEXT_SHEET])

    transcript = _read(sheet, rows, context)
    entries += _promotion_entries(sheet, rows)
    return transcript, [*_read_losses(transcript, context), *entries]


def _open(data: bytes) -> _Book:
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        c.fail(
            NAME,
            "",
            f"The file is not a readable .xlsx workbook ({type(exc).__name__}).",
        )
    for sheet in (RESULTS_SHEET, CONTEXT_SHEET):
        if sheet not in values or not isinstance(values[sheet], Worksheet):
            c.fail(
                NAME,
                sheet,
                f"The workbook lacks the sheet {sheet!r}; hocbaso needs "
                "its context (sex, ethnicity, school, school year) to build a transcript.",
            )
    return _Book(values, formulas)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value)


def _iter_filled(sheet: Worksheet) -> Iterator[Cell]:
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell, Cell) and not _blank(cell.value):
                yield cell


def _in_layout(sheet: Worksheet, row: int, column: int) -> bool:
    """Say whether the reader takes the cell at ``row``, ``column`` of a sheet it knows."""
    if sheet.title == RESULTS_SHEET:
        return column <= len(COLUMNS)
    if row <= _KEY_ROWS:
        return column <= 2 and sheet.cell(row, 1).value in _CONTEXT_KEYS
    if row < _YEAR_HEADER_ROW:
        return False
    year_row = row == _YEAR_HEADER_ROW or not _blank(sheet.cell(row, 1).value)
    return year_row and column <= len(_YEAR_COLUMNS)


def _unmapped(source: str, reason: str) -> LossEntry:
    return LossEntry(LossKind.UNMAPPED, Side.READ, NAME, "", reason, source)


def _formula_entries(book: _Book) -> list[LossEntry]:
    # Excel and LibreOffice save each formula's last result beside it, and that
    # result is what the reader takes. A workbook made by a program may hold a
    # formula with no result: its value is unknown, so it is refused rather than
    # read as blank.
    entries = []
    for title in (RESULTS_SHEET, CONTEXT_SHEET):
        shown = book.values[title]
        for cell in _iter_filled(book.formulas[title]):
            if cell.data_type != "f" or not _in_layout(shown, cell.row, cell.column):
                continue
            where = f"{title}!{cell.coordinate}"
            if _blank(shown.cell(cell.row, cell.column).value):
                c.fail(NAME, where, "The cell holds a formula with no saved result, so its "
                       "value is unknown; expected the value itself (a spreadsheet program "
                       "saves each formula's result when it saves the workbook).")  # fmt: skip
            entries.append(_unmapped(where, "The cell holds a formula: its saved result "
                                     "was read, the formula itself is not kept."))  # fmt: skip
    return entries


def _outside_layout_entries(book: _Book) -> list[LossEntry]:
    entries = [
        _unmapped(f"{title}!{cell.coordinate}", "The cell lies outside the layout of "
                  "the sheet; the reader does not take its content.")
        for title in (RESULTS_SHEET, CONTEXT_SHEET)
        for cell in _iter_filled(book.formulas[title])
        if not _in_layout(book.values[title], cell.row, cell.column)
    ]  # fmt: skip
    for title in book.formulas.sheetnames:
        sheet = book.formulas[title]
        empty = isinstance(sheet, Worksheet) and next(_iter_filled(sheet), None) is None
        if title not in (RESULTS_SHEET, CONTEXT_SHEET) and not empty:
            entries.append(_unmapped(title, f"The sheet is not part of the layout (only "
                                     f"{RESULTS_SHEET} and {CONTEXT_SHEET} are); the "
                                     "reader does not take its content."))  # fmt: skip
    return entries


def _pupil_rows(sheet: Worksheet) -> list[tuple[int, tuple[Any, ...]]]:
    start = HEADER_ROWS + 1
    rows = sheet.iter_rows(min_row=start, max_col=len(COLUMNS), values_only=True)
    found = [
        (line, row)
        for line, row in enumerate(rows, start=start)
        if not all(_blank(value) for value in row)
    ]
    if not found:
        c.fail(NAME, _cell(sheet, start, 1), "The sheet has no pupil rows.")
    return found


def _context(sheet: Worksheet) -> _Context:
    keys: dict[str, str | None] = {}
    key_rows: dict[str, int] = {}
    rows = sheet.iter_rows(max_row=_KEY_ROWS, max_col=2, values_only=True)
    for line, (key, value) in enumerate(rows, start=1):
        if key in _CONTEXT_KEYS:
            keys[str(key)] = _text(value)
            key_rows[str(key)] = line
    start = _YEAR_HEADER_ROW + 1
    rows = sheet.iter_rows(min_row=start, max_col=len(_YEAR_COLUMNS), values_only=True)
    years = [
        (line, dict(zip(_YEAR_COLUMNS, row, strict=True)))
        for line, row in enumerate(rows, start=start)
        if not _blank(row[0])
    ]
    return _Context(keys, key_rows, years)


def _cell(sheet: Worksheet, row: int, column: int) -> str:
    return f"{sheet.title}!{get_column_letter(column)}{row}"


def _build(
    factory: Callable[..., T], where: str, cells: dict[str, str], **data: Any
) -> T:
    """Build a model object; an invalid field is named by its cell where ``cells`` has it."""
    try:
        return factory(**data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        problems = [
            _problem(error["loc"], error["msg"], where, cells) for error in errors
        ]
        raise VariantReadError(NAME, problems) from exc
    except ValueError as exc:
        raise VariantReadError(NAME, [Problem(_MODEL, str(exc), where)]) from exc


def _problem(
    loc: tuple[int | str, ...], message: str, where: str, cells: dict[str, str]
) -> Problem:
    parts = [str(part) for part in loc]
    for end in range(len(parts), 0, -1):
        field = ".".join(parts[:end])
        if field in cells:
            return Problem(_MODEL, f"Expected {_EXPECTED[field]}.", cells[field])
    reason = message.rstrip(".") + "."
    path = " ".join(filter(None, (where, ".".join(parts))))
    return Problem(_MODEL, reason[0].upper() + reason[1:], path)


def _read(
    sheet: Worksheet, rows: list[tuple[int, tuple[Any, ...]]], context: _Context
) -> Transcript:
    _check_header(sheet)
    born = _check_one_pupil(sheet, rows)
    if len(context.years) != len(rows):
        c.fail(
            NAME,
            CONTEXT_SHEET,
            f"The context lists {len(context.years)} years but the "
            f"results sheet has {len(rows)} rows.",
        )

    schools, ids = _schools(context)
    years = [
        _year(sheet, line, row, context.years[index], ids[index])
        for index, (line, row) in enumerate(rows)
    ]
    cells = {
        "lookup_code": context.cell("hoc_ba_id"),
        "status": context.cell("trang_thai"),
    }
    return _build(Transcript, CONTEXT_SHEET, cells,
                  lookup_code=context.keys.get("hoc_ba_id"), level=Level.PRIMARY,
                  status=context.keys.get("trang_thai") or "in-force",
                  pupil=_pupil(sheet, rows[0], born, context), schools=schools,
                  years=tuple(years))  # fmt: skip


def _assumed(path: str, source: str, reason: str) -> LossEntry:
    return LossEntry(LossKind.APPROXIMATED, Side.READ, NAME, path, reason, source)


def _read_losses(transcript: Transcript, context: _Context) -> list[LossEntry]:
    keys = context.keys
    entries = [
        _assumed(
            "version",
            CONTEXT_SHEET,
            "The sheet holds no re-issue number; the transcript is read as a first "
            "issue (version 1).",
        )
    ]
    if not keys.get("trang_thai"):
        entries.append(
            _assumed(
                "status",
                f"{CONTEXT_SHEET}!trang_thai",
                "The status is blank; the transcript is read as in force.",
            )
        )
    if not keys.get("quoc_tich"):
        entries.append(
            _assumed(
                "pupil.nationality",
                f"{CONTEXT_SHEET}!quoc_tich",
                "The nationality is blank; it is read as Việt Nam.",
            )
        )
    for line, year in enumerate(transcript.years, start=HEADER_ROWS + 1):
        entries.append(
            _assumed(
                f"years[{year.school_year}].attendance",
                f"{RESULTS_SHEET}!row {line}",
                "The sheet has no absence columns; the count is unknown, and the "
                "model's default, no absences, stands in for it.",
            )
        )
    return entries


def _check_header(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        found = sheet.cell(2, index).value or ""
        if column[1] and found != column[1]:
            c.fail(
                NAME,
                _cell(sheet, 2, index),
                f"Expected the header {column[1]!r}, found {found!r}.",
            )


def _check_one_pupil(
    sheet: Worksheet, rows: list[tuple[int, tuple[Any, ...]]]
) -> dt.date:
    """Return the pupil's birth date, refusing rows that describe different pupils."""
    identities = [
        (_text(row[2]), _text(row[3]), _birth_date(_cell(sheet, line, 5), row[4]))
        for line, row in rows
    ]
    count = len(set(identities))
    if count > 1:
        first = identities[0]
        index, other = next((i, x) for i, x in enumerate(identities) if x != first)
        pairs = zip(_IDENTITY_COLUMNS, first, other, strict=True)
        columns = ", ".join(COLUMNS[column][0] for column, a, b in pairs if a != b)
        raise HocbasoNotSupportedError(
            f"The sheet holds {count} pupils (row {rows[index][0]} differs from row "
            f"{rows[0][0]} in {columns}); a transcript is one pupil, so read a sheet "
            "holding one pupil's rows."
        )
    return identities[0][2]


def _birth_date(where: str, value: Any) -> dt.date:
    # A clerk who types a date in Excel gets a date cell; the sheet this variant
    # writes holds text. Both are the same date. Errors never show the value.
    expected = (
        "Expected the birth date as a date cell, or as text dd/MM/yyyy or yyyy-MM-dd"
    )
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            c.fail(NAME, where, f"{expected}; found a date with a time of day.")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return parse_date(value, DateStyle.DMY, DateStyle.ISO)
    c.fail(NAME, where, f"{expected}.")


def _schools(context: _Context) -> tuple[tuple[School, ...], list[str]]:
    facts = []
    for line, year in context.years:
        start = _school_year_start(f"{CONTEXT_SHEET}!A{line}", year["nam_hoc"])
        fields = _school_facts(year)
        _check_school(line, fields, start)
        facts.append((fields, start))
    return c.merge_schools(NAME, facts)


def _school_year_start(where: str, value: Any) -> int:
    text = _text(value) or ""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{4})", text.strip())
    if found is None or int(found[2]) != int(found[1]) + 1:
        c.fail(NAME, where, "Expected the school year as yyyy-yyyy, such as 2020-2021.")
    return int(found[1])


def _school_facts(year: dict[str, Any]) -> dict[str, Any]:
    return {"name": _text(year.get("ten_truong")), "code": _text(year.get("ma_truong")),
            "address": {"province": _text(year.get("tinh")), "district": _text(year.get("huyen")),
                        "commune": _text(year.get("xa"))}}  # fmt: skip


def _check_school(line: int, fields: dict[str, Any], start: int) -> None:
    """Build the school of one context row alone, so that an error names its cell."""
    address = fields["address"]
    as_of = c.school_as_of(start, has_district=address["district"] is not None)
    names = ("name", "code", "address.province", "address.district", "address.commune")
    cells = {
        name: f"{CONTEXT_SHEET}!{column}{line}"
        for name, column in zip(names, "EFGHI", strict=True)
    }
    _build(School, f"{CONTEXT_SHEET}!row {line}", cells, id="S1",
           **{**fields, "address": {**address, "as_of": as_of}})  # fmt: skip


def _pupil(
    sheet: Worksheet,
    first: tuple[int, tuple[Any, ...]],
    born: dt.date,
    context: _Context,
) -> Pupil:
    keys = context.keys
    sex = c.lookup(SEX_CODES, keys.get("gioi_tinh"), NAME, context.cell("gioi_tinh"))
    if sex is None:
        c.fail(
            NAME, context.cell("gioi_tinh"), "Sex code '0' (unknown) cannot be held."
        )
    try:
        ethnicity = parse_ethnicity(keys.get("dan_toc") or "")
    except ValueError:
        c.fail(NAME, context.cell("dan_toc"), "Expected the name of an ethnic group, "
               "such as 'Kinh' or 'Tày'.")  # fmt: skip

    line, row = first
    cells = {"full_name": _cell(sheet, line, 4), "learner_code": _cell(sheet, line, 3),
             "nationality": context.cell("quoc_tich")}  # fmt: skip
    return _build(Pupil, CONTEXT_SHEET, cells, full_name=row[3], sex=sex, birth_date=born,
                  ethnicity=ethnicity, nationality=keys.get("quoc_tich") or "Việt Nam",
                  learner_code=_text(row[2]))  # fmt: skip


def _year(
    sheet: Worksheet,
    line: int,
    row: tuple[Any, ...],
    context: tuple[int, dict[str, Any]],
    school: str,
) -> PrimaryYear:
    cells = dict(zip(COLUMNS, row, strict=True))

    def code(table: dict[str, Any], column: tuple[str, str, str]) -> Any:
        position = COLUMNS.index(column) + 1
        return c.lookup(table, cells[column], NAME, _cell(sheet, line, position))

    table = {
        item: code(COMPETENCY_LEVEL_CODES, col)
        for col in COLUMNS
        if col[0] in ("Năng lực", "Phẩm chất")
        for item in [FORM_TABLE_CODES[col[2]]]
    }
    context_line, values = context
    where = {"school_year": f"{CONTEXT_SHEET}!A{context_line}",
             "grade": f"{CONTEXT_SHEET}!B{context_line}",
             "homeroom_teacher": f"{CONTEXT_SHEET}!D{context_line}",
             "class_name": _cell(sheet, line, 2)}  # fmt: skip
    return _build(
        PrimaryYear, f"{sheet.title}!row {line}", where,
        school_year=str(values["nam_hoc"]).strip(), grade=values["khoi"],
        class_name=_text(row[1]), school=school, homeroom_teacher=_text(values["gvcn"]),
        subjects=tuple(_subjects(sheet, line, cells)),
        qualities={k: v for k, v in table.items() if k.aliases[0] <= "05"},
        competencies={k: v for k, v in table.items() if k.aliases[0] > "05"},
        result=code(PRIMARY_RESULT_CODES, COLUMNS[-1]),
        programme_completed=code(_FLAG, COLUMNS[_COMPLETION]),
    )  # fmt: skip


def _subjects(
    sheet: Worksheet, line: int, cells: dict[tuple[str, str, str], Any]
) -> list[PrimarySubjectResult]:
    result = []
    for offered in _SUBJECTS:
        key = (_SUBJECT_GROUP, offered.subject.label, "Mức đạt được")
        rating_at = COLUMNS.index(key) + 1
        score = _test_score(sheet, line, cells, key)
        if _blank(cells[key]):
            continue
        where = _cell(sheet, line, rating_at)
        result.append(c.build(
            NAME, PrimarySubjectResult, where, subject=offered.subject,
            rating=c.lookup(PRIMARY_RATING_CODES, cells[key], NAME, where),
            test_score=score,
        ))  # fmt: skip
    return result


def _test_score(
    sheet: Worksheet,
    line: int,
    cells: dict[tuple[str, str, str], Any],
    rating: tuple[str, str, str],
) -> int | None:
    """Return the test score beside ``rating``, a whole number from 0 to 10, if any."""
    key = (*rating[:2], "Điểm KTĐK")
    value = cells.get(key)
    if key not in cells or _blank(value):
        return None
    where = _cell(sheet, line, COLUMNS.index(key) + 1)
    if _blank(cells[rating]):
        level = get_column_letter(COLUMNS.index(rating) + 1)
        c.fail(NAME, where, f"There is a test score but no level in {level}{line}; "
               "expected both, or neither.")  # fmt: skip

    score = _whole_number(value)
    if score is None or not 0 <= score <= 10:
        c.fail(NAME, where, "Expected the test score (Điểm KTĐK) as a whole number "
               f"from 0 to 10; found {_kind(value)}.")  # fmt: skip
    return score


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,2}", value.strip()):
        return int(value)
    return None


def _kind(value: Any) -> str:
    """Describe a value without showing it: a pupil's score is personal data."""
    if isinstance(value, bool):
        return "a TRUE/FALSE value"
    if isinstance(value, float) and not value.is_integer():
        return "a number with a fractional part"
    if isinstance(value, int | float):
        return "a number outside that range"
    if isinstance(value, str):
        return "text that is not such a number"
    return "a value of another kind"


def _promotion_entries(
    sheet: Worksheet, rows: list[tuple[int, tuple[Any, ...]]]
) -> list[LossEntry]:
    # The model holds one flag, programme completion; promotion (Được lên lớp)
    # follows from it, and the writer writes the same flag for both. A sheet whose
    # promotion says otherwise
    # holds something the model cannot.
    entries = []
    for line, row in rows:
        where = _cell(sheet, line, _PROMOTION + 1)
        promoted = c.lookup(_FLAG, row[_PROMOTION], NAME, where)
        if promoted != _FLAG.get(str(row[_COMPLETION]).strip()):
            reason = (
                "The promotion differs from the programme completion; the model "
                "holds only the completion."
            )
            entries.append(_unmapped(where, reason))
    return entries


VARIANT = PrimaryXLSXVariant
