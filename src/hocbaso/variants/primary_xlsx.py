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
dates are ``dd/MM/yyyy`` text.

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
called lossless.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from hocbaso.model import Level, PrimarySubjectResult, PrimaryYear, School, Transcript
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

NAME = BuiltinVariant.PRIMARY_XLSX.value
RESULTS_SHEET = "KetQuaHocTap"
CONTEXT_SHEET = "ThongTin"
HEADER_ROWS = 3
_FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NO = "the import sheet has no column for it"

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
            documentation).
        :raises VariantReadError: naming the sheet and cell.
        """
        book = _open(data)
        context = _context(book)
        transcript = _read(book[RESULTS_SHEET], context)
        return transcript, LossReport(tuple(_read_losses(transcript, context)))

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
        sheet.append([column[level] for column in COLUMNS])
    for number, year in enumerate(t.years, start=1):
        assert isinstance(year, PrimaryYear)
        sheet.append(_row(number, t, year))


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
        sheet.append([key, value])
    sheet.append([])
    sheet.append(list(_YEAR_COLUMNS))
    schools = {school.id: school for school in t.schools}
    for year in t.years:
        school = schools[year.school]
        address = school.address
        sheet.append([year.school_year, year.grade, year.class_name, year.homeroom_teacher,
                      school.name, school.code, address.province, address.district,
                      address.commune])  # fmt: skip


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


def _open(data: bytes) -> Any:
    try:
        book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        c.fail(
            NAME,
            "",
            f"The file is not a readable .xlsx workbook ({type(exc).__name__}).",
        )
    for sheet in (RESULTS_SHEET, CONTEXT_SHEET):
        if sheet not in book.sheetnames:
            c.fail(
                NAME,
                sheet,
                f"The workbook lacks the sheet {sheet!r}; hocbaso needs "
                "its context (sex, ethnicity, school, school year) to build a transcript.",
            )
    return book


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _context(book: Any) -> dict[str, Any]:
    sheet = book[CONTEXT_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    keys = {str(row[0]): _text(row[1]) for row in rows[: len(_CONTEXT_KEYS)] if row[0]}
    years = [dict(zip(_YEAR_COLUMNS, row, strict=False)) for row in rows[len(_CONTEXT_KEYS) + 2:]
             if row and row[0]]  # fmt: skip
    return {"keys": keys, "years": years}


def _cell(sheet: Worksheet, row: int, column: int) -> str:
    return f"{sheet.title}!{sheet.cell(row, column).coordinate}"


def _read(sheet: Worksheet, context: dict[str, Any]) -> Transcript:
    rows = [
        r for r in sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True) if any(r)
    ]
    _check_header(sheet)
    _check_one_pupil(sheet, rows)
    years_context = context["years"]
    if len(years_context) != len(rows):
        c.fail(
            NAME,
            CONTEXT_SHEET,
            f"The context lists {len(years_context)} years but the "
            f"results sheet has {len(rows)} rows.",
        )
    facts = [(_school_facts(y), c.year_start(str(y["nam_hoc"]))) for y in years_context]
    schools, ids = c.merge_schools(NAME, facts)
    years = [
        _year(sheet, i, row, years_context[i], ids[i]) for i, row in enumerate(rows)
    ]
    return c.build(NAME, Transcript, CONTEXT_SHEET, lookup_code=context["keys"].get("hoc_ba_id"),
                   level=Level.PRIMARY, status=context["keys"].get("trang_thai") or "in-force",
                   pupil=_pupil(sheet, rows[0], context["keys"]), schools=schools,
                   years=tuple(years))  # fmt: skip


def _assumed(path: str, source: str, reason: str) -> LossEntry:
    return LossEntry(LossKind.APPROXIMATED, Side.READ, NAME, path, reason, source)


def _read_losses(transcript: Transcript, context: dict[str, Any]) -> list[LossEntry]:
    keys = context["keys"]
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


def _check_one_pupil(sheet: Worksheet, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        c.fail(NAME, _cell(sheet, HEADER_ROWS + 1, 1), "The sheet has no pupil rows.")
    names = {(row[2], row[3]) for row in rows}
    if len(names) > 1:
        from hocbaso.errors import HocbasoNotSupportedError

        raise HocbasoNotSupportedError(
            f"The sheet holds {len(names)} pupils; a transcript is one pupil, so read a "
            "sheet holding one pupil's rows."
        )


def _school_facts(year: dict[str, Any]) -> dict[str, Any]:
    return {"name": _text(year.get("ten_truong")), "code": _text(year.get("ma_truong")),
            "address": {"province": _text(year.get("tinh")), "district": _text(year.get("huyen")),
                        "commune": _text(year.get("xa"))}}  # fmt: skip


def _pupil(sheet: Worksheet, row: tuple[Any, ...], keys: dict[str, Any]) -> Any:
    from hocbaso.model import Pupil

    sex = c.lookup(SEX_CODES, keys.get("gioi_tinh"), NAME, f"{CONTEXT_SHEET}!gioi_tinh")
    if sex is None:
        c.fail(
            NAME, f"{CONTEXT_SHEET}!gioi_tinh", "Sex code '0' (unknown) cannot be held."
        )
    try:
        born = parse_date(str(row[4]), DateStyle.DMY, DateStyle.ISO)
        ethnicity = parse_ethnicity(keys.get("dan_toc") or "")
    except ValueError as exc:
        c.fail(NAME, _cell(sheet, HEADER_ROWS + 1, 5), str(exc))
    return c.build(NAME, Pupil, CONTEXT_SHEET, full_name=row[3], sex=sex, birth_date=born,
                   ethnicity=ethnicity, nationality=keys.get("quoc_tich") or "Việt Nam",
                   learner_code=_text(row[2]))  # fmt: skip


def _year(
    sheet: Worksheet,
    index: int,
    row: tuple[Any, ...],
    context: dict[str, Any],
    school: str,
) -> PrimaryYear:
    line = HEADER_ROWS + 1 + index
    cells = {COLUMNS[i]: value for i, value in enumerate(row[: len(COLUMNS)])}

    def code(table: dict[str, Any], column: tuple[str, str, str]) -> Any:
        position = COLUMNS.index(column) + 1
        return c.lookup(table, cells[column], NAME, _cell(sheet, line, position))

    table = {
        item: code(COMPETENCY_LEVEL_CODES, col)
        for col in COLUMNS
        if col[0] in ("Năng lực", "Phẩm chất")
        for item in [FORM_TABLE_CODES[col[2]]]
    }
    return c.build(
        NAME, PrimaryYear, f"{sheet.title}!row {line}",
        school_year=str(context["nam_hoc"]), grade=context["khoi"], class_name=_text(row[1]),
        school=school, homeroom_teacher=_text(context["gvcn"]),
        subjects=tuple(_subjects(sheet, line, cells)),
        qualities={k: v for k, v in table.items() if k.aliases[0] <= "05"},
        competencies={k: v for k, v in table.items() if k.aliases[0] > "05"},
        result=code(PRIMARY_RESULT_CODES, COLUMNS[-1]),
        programme_completed=code(_FLAG, COLUMNS[-3]),
    )  # fmt: skip


def _subjects(
    sheet: Worksheet, line: int, cells: dict[tuple[str, str, str], Any]
) -> list[Any]:
    result = []
    for offered in _SUBJECTS:
        key = ("Môn học và hoạt động giáo dục", offered.subject.label, "Mức đạt được")
        rating = cells.get(key)
        if rating in (None, ""):
            continue
        position = COLUMNS.index(key) + 1
        score = cells.get((key[0], key[1], "Điểm KTĐK"))
        result.append(c.build(
            NAME, PrimarySubjectResult, _cell(sheet, line, position), subject=offered.subject,
            rating=c.lookup(PRIMARY_RATING_CODES, rating, NAME, _cell(sheet, line, position)),
            test_score=score,
        ))  # fmt: skip
    return result


VARIANT = PrimaryXLSXVariant
