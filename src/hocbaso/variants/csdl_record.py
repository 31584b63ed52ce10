"""
``csdl-record``: the sector database's flat records (CSDL ngành), as JSON Lines.

Evidence. DOMAIN §1.3 (secondary source, a data dictionary of the Ministry's
sector database) names the tables ``thongtinsohocbasotieuhoc`` (+
``_quatrinhhoctap``, ``_dsbangdiem``) and ``thongtinsohocbasothcsthpt`` (+
``_quatrinhhoctap``, ``_bangdiem``) and the columns ``madinhdanhhocba``,
``trangthaithongtinhocba``, ``masogd``, ``matruong``, ``macaphoc``, ``mahocsinh``,
``makhoi``, ``gioitinh`` (QCVN 109:2017: 0 unknown, 1 male, 2 female), ``dantoc``,
``quoctich``, ``hovaten``, ``hotencha``, ``hotenme``, ``hotennguoigiamho``,
``chucvugiamhieu``, ``diadanhphathanh``, ``doituongchinhsach``, ``duoclenlop``,
``dahthanhctrinhlophoc``, ``dahthanhctrinhtieuhoc``, ``cokhuyettatkhongdanhgia``,
``hocky1``/``hocky2``/``canam`` coded T/K/Đ/CĐ, dates ``YYYY-MM-DD`` and the
level-group codes 02/03/04. Those names are kept.

Decisions [B]:

* JSON Lines, one record per line, each naming its table in ``bang``: the
  transcript record first, one ``_quatrinhhoctap`` record per year, then one
  score record per subject and year. JSON Lines rather than CSV because the
  three tables have different columns; every value is a string (or null), as a
  database export gives it; scores use a decimal point.
* Columns DOMAIN does not name follow the same style and are ours: ``ngaysinh``,
  ``madinhdanhcanhan``, ``hotengiamhieu``, ``ngayphathanh``, ``sosodangbo``,
  ``namhoc``, ``tenlop``, ``tentruong``, ``tentinh``, ``tenhuyen``, ``tenxa``,
  ``hotengvcn``, ``songhicophep``, ``songhikhongphep``, ``ketquagiaoduc``
  (HTXS/HTT/HT/CHT), ``pc01``–``pc05`` and ``nl06``–``nl15`` (the quality and
  competency codes of the central templates), ``renluyenhocky1``/``2``/
  ``renluyencanam``, ``dahthanhctrinhcaphoc``, ``mamonhoc`` (the template's
  ``mon_hoc_id``), ``mucdatduoc``, ``diemktdk``, ``diemhocky1``/``2``,
  ``diemcanam``.
* ``hocky1``/``hocky2``/``canam`` hold the learning result (kết quả học tập).

What it cannot hold: version and replaced code; birth place, home town,
residence and the parents' occupations; address details, codes and dates;
transfers; signers of years; height and weight; every comment and note;
titles and awards; certificates and competitions; score components, teachers
and re-assessment of subject rows; summer and re-test results. A record with
``cokhuyettatkhongdanhgia`` = 1 (disabled, not assessed) or ``gioitinh`` = 0
has no place in the model: the first is reported as unmapped, the second is
refused.

Reading is strict. A column the record's table does not have, and a record of a
table the transcript's level does not have, are reported as unmapped with
their line. A value is text (a JSON string); counts and scores may also be
JSON numbers; a boolean, list or object is refused with its line and column.
A second transcript record, a record naming another transcript, a repeated
year or subject, and a score whose year has no year record are refused at
their own line.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

from hocbaso.errors import Problem, VariantReadError
from hocbaso.model import (
    AchievementLevel,
    Attendance,
    Guardian,
    Issuance,
    Level,
    PeriodResults,
    PrimarySubjectResult,
    PrimaryYear,
    Pupil,
    School,
    SecondarySubjectResult,
    SecondaryYear,
    Signer,
    SignerRole,
    Transcript,
    TranscriptStatus,
)
from hocbaso.model.transcript import Mark
from hocbaso.variants import _common as c
from hocbaso.variants._json import dumps
from hocbaso.variants.api import BuiltinVariant, Confidence, Variant
from hocbaso.variants.codes import (
    ACHIEVEMENT_CODES,
    COMPETENCY_LEVEL_CODES,
    FORM_TABLE_CODES,
    LEVEL_CODES,
    PASS_FAIL_CODES,
    PRIMARY_RATING_CODES,
    PRIMARY_RESULT_CODES,
    SEX_CODES,
    SUBJECT_CODES,
    DateStyle,
    code_for,
    format_date,
    parse_date,
    parse_decimal,
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

__all__ = ["VARIANT", "CSDLRecordVariant"]

logger = logging.getLogger(__name__)

NAME = BuiltinVariant.CSDL_RECORD.value
_NO = "the sector record has no column for it"

UNHELD = LossTable(NAME, (
    Unheld("years[*].individual_plan", "Only the flag cokhuyettatkhongdanhgia travels; "
           "the basis of the individual education plan is lost.", LossKind.APPROXIMATED),
    Unheld("version", f"The re-issue number: {_NO}."),
    Unheld("replaces", f"The replaced transcript's code: {_NO}."),
    *(Unheld(f"pupil.{f}", f"{_NO.capitalize()}.")
      for f in ("birth_place", "hometown", "residence", "father.occupation",
                "mother.occupation", "guardian.occupation")),
    *(Unheld(f"schools[*].address.{f}", "Addresses are names of province, district and "
             "commune only.") for f in ("detail", "province_code", "district_code",
                                          "commune_code")),
    Unheld("transfers", f"Transfers: {_NO} here (the quatrinhhoctap table lists years)."),
    *(Unheld(f"years[*].{f}", f"{_NO.capitalize()}.")
      for f in ("signers", "height_cm", "weight_kg", "subjects_comment", "qualities_comment",
                "general_competencies_comment", "specific_competencies_comment",
                "completion_note", "commendation", "awards", "conduct_after_summer",
                "learning_after_retest", "promotion_note", "certificates", "competitions",
                "homeroom_comment")),
    *(Unheld(f"years[*].subjects[*].{f}", "The score table has no column for it.")
      for f in ("after_reassessment", "semester1_components", "semester2_components",
                "teacher", "comment")),
    Unheld("issuance.signer.subject", "The signer of the transcript has no subject."),
    Unheld("provenance", f"The receiving school's provenance record: {_NO}; it travels "
           "in the canonical XML, under the school's seal."),
))  # fmt: skip
"""The canonical fields this variant cannot hold, with the reasons."""

_FLAG = {"1": True, "0": False}
_TABLES = {
    Level.PRIMARY: ("thongtinsohocbasotieuhoc", "_dsbangdiem"),
    Level.LOWER_SECONDARY: ("thongtinsohocbasothcsthpt", "_bangdiem"),
    Level.UPPER_SECONDARY: ("thongtinsohocbasothcsthpt", "_bangdiem"),
}
_STATUS = {"1": TranscriptStatus.IN_FORCE, "0": TranscriptStatus.REVOKED}


def _form_column(code: str) -> str:
    """Return the column of a quality (``pc01``–``pc05``) or competency (``nl06``–)."""
    return f"{'pc' if int(code) <= 5 else 'nl'}{code}"


_HEADER_COLUMNS = frozenset({
    "bang", "madinhdanhhocba", "trangthaithongtinhocba", "masogd", "matruong", "macaphoc",
    "mahocsinh", "hovaten", "ngaysinh", "gioitinh", "dantoc", "quoctich",
    "madinhdanhcanhan", "doituongchinhsach", "hotencha", "hotenme", "hotennguoigiamho",
    "hotengiamhieu", "chucvugiamhieu", "diadanhphathanh", "ngayphathanh", "sosodangbo",
})  # fmt: skip
_YEAR_COLUMNS = frozenset({
    "bang", "madinhdanhhocba", "namhoc", "makhoi", "tenlop", "matruong", "tentruong",
    "tentinh", "tenhuyen", "tenxa", "hotengvcn", "songhicophep", "songhikhongphep",
    "cokhuyettatkhongdanhgia",
})  # fmt: skip
_SCORE_COLUMNS = frozenset({"bang", "madinhdanhhocba", "namhoc", "mamonhoc"})
_COLUMNS: dict[bool, tuple[frozenset[str], frozenset[str]]] = {
    True: (
        _YEAR_COLUMNS | {"ketquagiaoduc", "dahthanhctrinhlophoc", "dahthanhctrinhtieuhoc",
                         "duoclenlop", *map(_form_column, FORM_TABLE_CODES)},
        _SCORE_COLUMNS | {"mucdatduoc", "diemktdk"},
    ),
    False: (
        _YEAR_COLUMNS | {"renluyenhocky1", "renluyenhocky2", "renluyencanam", "hocky1",
                         "hocky2", "canam", "duoclenlop", "dahthanhctrinhcaphoc"},
        _SCORE_COLUMNS | {"diemhocky1", "diemhocky2", "diemcanam"},
    ),
}  # fmt: skip
"""The columns of the year and score tables, primary (``True``) or secondary."""

_NUMBER_COLUMNS = frozenset({"makhoi", "songhicophep", "songhikhongphep", "diemktdk",
                             "diemhocky1", "diemhocky2", "diemcanam"})  # fmt: skip
"""The columns that may hold a JSON number as well as its text; all others hold text."""


class CSDLRecordVariant(Variant):
    """The sector database's flat records as JSON Lines (see the module documentation)."""

    name = NAME
    media_type = "application/jsonl"
    extension = ".jsonl"
    description = "Sector database (CSDL ngành) flat records, JSON Lines."

    def detect(self, data: bytes) -> Confidence:
        """
        Recognise a first line naming a ``thongtinsohocbaso…`` table.

        :param data: the bytes.
        :returns: ``CERTAIN`` or ``NONE``.
        """
        first = data.lstrip()[:4096].split(b"\n", 1)[0]
        if not first.startswith(b"{") or b'"bang"' not in first:
            return Confidence.NONE
        return Confidence.CERTAIN if b'"thongtinsohocbaso' in first else Confidence.NONE

    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        """
        Read the records of one transcript.

        :param data: JSON Lines bytes.
        :returns: the transcript, and what the records held that it cannot.
        :raises VariantReadError: naming the line and column.
        """
        records = _records(data)
        return _read(records)

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write a transcript's records.

        :param transcript: the transcript.
        :returns: the JSON Lines bytes, and what they could not carry.
        """
        lines = [_header(transcript)]
        schools = {school.id: school for school in transcript.schools}
        for year in transcript.years:
            lines.append(_progress(transcript, year, schools[year.school]))
            lines.extend(_scores(transcript, year))
        data = b"".join(dumps(line, indent=None) + b"\n" for line in lines)
        return data, LossReport(tuple(_write_losses(transcript)))


# ----------------------------------------------------------------------------- write


def _s(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _header(t: Transcript) -> dict[str, Any]:
    pupil, issuing = t.pupil, _issuing_school(t)
    signer = t.issuance.signer if t.issuance else None
    return {
        "bang": _TABLES[t.level][0],
        "madinhdanhhocba": t.lookup_code,
        "trangthaithongtinhocba": "1" if t.status is TranscriptStatus.IN_FORCE else "0",
        "masogd": issuing.address.province_code,
        "matruong": issuing.code,
        "macaphoc": code_for(LEVEL_CODES, t.level),
        "mahocsinh": pupil.learner_code,
        "hovaten": pupil.full_name,
        "ngaysinh": format_date(pupil.birth_date, DateStyle.ISO),
        "gioitinh": code_for(SEX_CODES, pupil.sex),
        "dantoc": pupil.ethnicity.canonical_name,
        "quoctich": pupil.nationality,
        "madinhdanhcanhan": pupil.personal_id,
        "doituongchinhsach": pupil.policy_category,
        "hotencha": pupil.father.name if pupil.father else None,
        "hotenme": pupil.mother.name if pupil.mother else None,
        "hotennguoigiamho": pupil.guardian.name if pupil.guardian else None,
        "hotengiamhieu": signer.name if signer else None,
        "chucvugiamhieu": signer.position if signer else None,
        "diadanhphathanh": t.issuance.place if t.issuance else None,
        "ngayphathanh": format_date(t.issuance.date, DateStyle.ISO)
        if t.issuance
        else None,
        "sosodangbo": t.registration_number,
    }


def _issuing_school(t: Transcript) -> School:
    by_id = {school.id: school for school in t.schools}
    return by_id[t.years[-1].school] if t.years else t.schools[0]


def _progress(
    t: Transcript, year: PrimaryYear | SecondaryYear, school: School
) -> dict[str, Any]:
    record = {
        "bang": _TABLES[t.level][0] + "_quatrinhhoctap",
        "madinhdanhhocba": t.lookup_code,
        "namhoc": year.school_year,
        "makhoi": str(year.grade),
        "tenlop": year.class_name,
        "matruong": school.code,
        "tentruong": school.name,
        "tentinh": school.address.province,
        "tenhuyen": school.address.district,
        "tenxa": school.address.commune,
        "hotengvcn": year.homeroom_teacher,
        "songhicophep": str(year.attendance.excused),
        "songhikhongphep": str(year.attendance.unexcused),
    }
    extra = (
        _primary_progress(year)
        if isinstance(year, PrimaryYear)
        else _secondary_progress(year)
    )
    flag = "0" if year.individual_plan is None else "1"
    return {**record, **extra, "cokhuyettatkhongdanhgia": flag}


def _primary_progress(year: PrimaryYear) -> dict[str, Any]:
    table = c.form_table(year)
    levels = {
        _form_column(code): code_for(COMPETENCY_LEVEL_CODES, table[item])
        for code, item in FORM_TABLE_CODES.items()
    }
    return {
        "ketquagiaoduc": code_for(PRIMARY_RESULT_CODES, year.result),
        "dahthanhctrinhlophoc": _s(year.programme_completed),
        "dahthanhctrinhtieuhoc": _s(year.programme_completed)
        if year.grade == 5
        else None,
        "duoclenlop": _s(year.programme_completed),
        **levels,
    }


def _level(value: AchievementLevel | None) -> str | None:
    return None if value is None else code_for(ACHIEVEMENT_CODES, value)


def _secondary_progress(year: SecondaryYear) -> dict[str, Any]:
    return {
        "renluyenhocky1": _level(year.conduct.semester1),
        "renluyenhocky2": _level(year.conduct.semester2),
        "renluyencanam": _level(year.conduct.year),
        "hocky1": _level(year.learning.semester1),
        "hocky2": _level(year.learning.semester2),
        "canam": _level(year.learning.year),
        "duoclenlop": _s(year.promoted),
        "dahthanhctrinhcaphoc": _s(year.programme_completed),
    }


def _mark(mark: Mark | None) -> str | None:
    if mark is None:
        return None
    return (
        format(mark, "f")
        if isinstance(mark, Decimal)
        else code_for(PASS_FAIL_CODES, mark)
    )


def _scores(t: Transcript, year: PrimaryYear | SecondaryYear) -> list[dict[str, Any]]:
    table = _TABLES[t.level][0] + _TABLES[t.level][1]
    head = {"bang": table, "madinhdanhhocba": t.lookup_code, "namhoc": year.school_year}
    codes = SUBJECT_CODES[t.level]
    if isinstance(year, PrimaryYear):
        return [{**head, "mamonhoc": code_for(codes, row.subject),
                 "mucdatduoc": code_for(PRIMARY_RATING_CODES, row.rating),
                 "diemktdk": _s(row.test_score)} for row in year.subjects]  # fmt: skip
    return [{**head, "mamonhoc": code_for(codes, row.subject),
             "diemhocky1": _mark(row.semester1), "diemhocky2": _mark(row.semester2),
             "diemcanam": _mark(row.year)} for row in year.subjects]  # fmt: skip


def _facts(school: School) -> dict[str, Any]:
    address = school.address
    return {"name": school.name, "code": school.code,
            "address": {"province": address.province, "district": address.district,
                        "commune": address.commune}}  # fmt: skip


def _write_losses(t: Transcript) -> list[LossEntry]:
    entries = UNHELD.entries(t)
    entries += c.school_losses(NAME, t, _facts)
    for year in t.years:
        if isinstance(year, SecondaryYear):
            inferred = c.electives_of(t.level, (row.subject for row in year.subjects))
            if year.electives != inferred:
                entries.append(LossEntry(
                    LossKind.APPROXIMATED, Side.WRITE, NAME, f"years[{year.school_year}].electives",
                    "Electives are not held; they are read back as the elective subjects "
                    "with results.",
                ))  # fmt: skip
    entries += c.issuance_losses(NAME, t.issuance)
    return entries


# ----------------------------------------------------------------------------- read


def _records(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        c.fail(NAME, f"byte {exc.start}", "The file is not UTF-8 text.")
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            c.fail(
                NAME,
                f"column {exc.colno}",
                f"The line is not JSON: {exc.msg}.",
                line=number,
            )
        if not isinstance(value, dict) or not isinstance(value.get("bang"), str):
            c.fail(
                NAME,
                "bang",
                "Each line must be a JSON object naming its table in 'bang'.",
                line=number,
            )
        records.append((number, value))
    if not records:
        c.fail(NAME, "", "The file holds no records.")
    return records


class _Context:
    """The record being read, for errors that name its line and column."""

    def __init__(self, line: int, record: dict[str, Any]) -> None:
        self.line = line
        self.record = record

    def get(self, column: str) -> Any:
        """Return a column's value, ``None`` if blank; refuse a JSON type it cannot hold."""
        value = self.record.get(column)
        if value is None or value == "":
            return None
        if isinstance(value, str) or (column in _NUMBER_COLUMNS and _is_number(value)):
            return value
        expected = "a number or a string" if column in _NUMBER_COLUMNS else "a string"
        return self.fail(
            column, f"The column holds {_json_kind(value)}; expected {expected}."
        )

    def need(self, column: str) -> Any:
        value = self.get(column)
        if value is None:
            self.fail(column, f"The required column {column!r} is empty.")
        return value

    def fail(self, column: str, reason: str) -> Any:
        code = f"variant.{NAME}.value"
        raise VariantReadError(NAME, [Problem(code=code, reason=reason, path=column,
                                              line=self.line)])  # fmt: skip

    def code(self, table: dict[str, Any], column: str) -> Any:
        value = self.need(column)
        if value not in table:
            allowed = ", ".join(repr(k) for k in table)
            self.fail(column, f"Code {value!r} is not one of {allowed}.")
        return table[value]

    def optional_code(self, table: dict[str, Any], column: str) -> Any:
        return None if self.get(column) is None else self.code(table, column)

    def unknown_columns(self, known: frozenset[str]) -> list[LossEntry]:
        """Return an ``unmapped`` entry for each column with a value the table lacks."""
        return [
            LossEntry(LossKind.UNMAPPED, Side.READ, NAME, "",
                      "The column has no place in the canonical model.",
                      source=f"line {self.line}, {column}")
            for column, value in self.record.items()
            if column not in known and value not in (None, "", [], {})
        ]  # fmt: skip


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"


class _Records:
    """A file's records sorted by table: the transcript's, its years and its scores."""

    def __init__(self, records: list[tuple[int, dict[str, Any]]]) -> None:
        line, first = records[0]
        self.head = _Context(line, first)
        self.level: Level = self.head.code(LEVEL_CODES, "macaphoc")
        header, scores = _TABLES[self.level]
        if first["bang"] != header:
            self.head.fail("bang", f"The first record must be of table {header!r}.")
        self.year_table, self.score_table = header + "_quatrinhhoctap", header + scores
        self.years: list[_Context] = []
        self.scores: list[_Context] = []
        self.entries = self.head.unknown_columns(_HEADER_COLUMNS)
        for number, record in records[1:]:
            self.sort(_Context(number, record))

    def sort(self, record: _Context) -> None:
        year_columns, score_columns = _COLUMNS[self.level is Level.PRIMARY]
        table = record.record["bang"]
        if table == self.head.record["bang"]:
            record.fail("bang", "The file holds one transcript, whose record is on "
                        f"line {self.head.line}; this is a second one.")  # fmt: skip
        elif table == self.year_table:
            self.years.append(self.own(record))
            self.entries += record.unknown_columns(year_columns)
        elif table == self.score_table:
            self.scores.append(self.own(record))
            self.entries += record.unknown_columns(score_columns)
        else:
            self.entries.append(LossEntry(
                LossKind.UNMAPPED, Side.READ, NAME, "",
                "The table has no place in a transcript of this level; the record "
                "is not read.", source=f"line {record.line}, table {table!r}",
            ))  # fmt: skip

    def own(self, record: _Context) -> _Context:
        """Return the record, refused if it names another transcript."""
        code = record.get("madinhdanhhocba")
        if code is not None and code != self.head.get("madinhdanhhocba"):
            record.fail("madinhdanhhocba", "The record belongs to another transcript "
                        f"than the one on line {self.head.line}.")  # fmt: skip
        return record

    def scores_by_year(self) -> dict[str, list[_Context]]:
        """Return each year's score records, refusing repeated years and subjects."""
        by_year: dict[str, list[_Context]] = {}
        for year in self.years:
            school_year = year.need("namhoc")
            if school_year in by_year:
                first = _first_line(self.years, "namhoc", school_year)
                year.fail("namhoc", f"Year {school_year} has a second year record; "
                          f"the first is on line {first}.")  # fmt: skip
            by_year[school_year] = []
        for score in self.scores:
            _add_score(by_year, score)
        return by_year


def _first_line(records: list[_Context], column: str, value: object) -> int:
    return next(r.line for r in records if r.get(column) == value)


def _add_score(by_year: dict[str, list[_Context]], score: _Context) -> None:
    school_year = score.need("namhoc")
    if school_year not in by_year:
        score.fail("namhoc", f"Year {school_year} has no year record; a score "
                   "record needs one.")  # fmt: skip
    rows = by_year[school_year]
    subject = score.need("mamonhoc")
    if any(row.get("mamonhoc") == subject for row in rows):
        first = _first_line(rows, "mamonhoc", subject)
        score.fail("mamonhoc", f"Subject code {subject!r} appears a second time in "
                   f"year {school_year}; the first is on line {first}.")  # fmt: skip
    rows.append(score)


def _read(records: list[tuple[int, dict[str, Any]]]) -> tuple[Transcript, LossReport]:
    found = _Records(records)
    head, level, progress = found.head, found.level, found.years
    scores = found.scores_by_year()
    entries = [*found.entries, *_individual_plans(progress), *_blank_absences(progress)]

    schools, ids = c.merge_schools(NAME, [(_school_facts(p), c.year_start(p.need("namhoc")))
                                          for p in progress])  # fmt: skip
    years = [_year(level, p, ids[i], scores[p.need("namhoc")])
             for i, p in enumerate(progress)]  # fmt: skip
    transcript = c.build_at(
        NAME, Transcript, line=head.line,
        lookup_code=head.need("madinhdanhhocba"), level=level,
        status=head.optional_code(_STATUS, "trangthaithongtinhocba")
        or TranscriptStatus.IN_FORCE,
        registration_number=head.get("sosodangbo"),
        pupil=_pupil(head), schools=schools or (head.fail("namhoc", "No year records."),),
        years=tuple(years), issuance=_issuance(head),
    )  # fmt: skip
    return transcript, LossReport(tuple(entries))


INDIVIDUAL_PLAN = "Học sinh khuyết tật không đánh giá (cokhuyettatkhongdanhgia = 1)"
"""What a year flagged ``cokhuyettatkhongdanhgia = 1`` reads as: the record holds
only the flag, not the basis of the plan."""


def _individual_plans(progress: list[_Context]) -> list[LossEntry]:
    return [
        LossEntry(LossKind.APPROXIMATED, Side.READ, NAME,
                  f"years[{p.get('namhoc')}].individual_plan",
                  "The pupil is disabled and assessed under an individual plan "
                  "(cokhuyettatkhongdanhgia = 1); the record holds the flag only.",
                  source=f"line {p.line}, cokhuyettatkhongdanhgia")
        for p in progress if _has_individual_plan(p)
    ]  # fmt: skip


def _has_individual_plan(p: _Context) -> bool:
    return bool(p.optional_code(_FLAG, "cokhuyettatkhongdanhgia"))


def _blank_absences(progress: list[_Context]) -> list[LossEntry]:
    return [
        entry
        for p in progress
        for entry in c.blank_counts(NAME, p.get("namhoc"), {
            f"line {p.line}, {column}": p.get(column)
            for column in ("songhicophep", "songhikhongphep")
        })
    ]  # fmt: skip


def _pupil(head: _Context) -> Pupil:
    sex = head.code(SEX_CODES, "gioitinh")
    if sex is None:
        head.fail(
            "gioitinh",
            "Sex code '0' (unknown, QCVN 109:2017) cannot be held: the "
            "transcript form prints Nam or Nữ.",
        )
    try:
        ethnicity = parse_ethnicity(head.need("dantoc"))
        born = parse_date(head.need("ngaysinh"), DateStyle.ISO)
    except ValueError as exc:
        head.fail("dantoc/ngaysinh", str(exc))
    return c.build_at(
        NAME, Pupil, line=head.line,
        full_name=head.need("hovaten"), sex=sex, birth_date=born, ethnicity=ethnicity,
        nationality=head.get("quoctich") or "Việt Nam",
        personal_id=head.get("madinhdanhcanhan"), learner_code=head.get("mahocsinh"),
        policy_category=head.get("doituongchinhsach"),
        father=_guardian(head.get("hotencha")), mother=_guardian(head.get("hotenme")),
        guardian=_guardian(head.get("hotennguoigiamho")),
    )  # fmt: skip


def _guardian(name: str | None) -> Guardian | None:
    return Guardian(name=name) if name else None


def _issuance(head: _Context) -> Issuance | None:
    name = head.get("hotengiamhieu")
    if name is None:
        return None
    try:
        day = parse_date(head.need("ngayphathanh"), DateStyle.ISO)
    except ValueError as exc:
        head.fail("ngayphathanh", str(exc))
    signer = c.build_at(NAME, Signer, line=head.line, name=name, role=SignerRole.PRINCIPAL,
                        position=head.get("chucvugiamhieu"), signed_on=day)  # fmt: skip
    return c.build_at(NAME, Issuance, line=head.line, signer=signer,
                      place=head.get("diadanhphathanh"), date=day)  # fmt: skip


def _school_facts(p: _Context) -> dict[str, Any]:
    return {"name": p.need("tentruong"), "code": p.get("matruong"),
            "address": {"province": p.need("tentinh"), "district": p.get("tenhuyen"),
                        "commune": p.need("tenxa")}}  # fmt: skip


def _year(level: Level, p: _Context, school: str, scores: list[_Context]) -> Any:
    common = {
        "school_year": p.need("namhoc"), "grade": p.need("makhoi"), "class_name": p.need("tenlop"),
        "school": school, "homeroom_teacher": p.need("hotengvcn"),
        "attendance": c.build_at(NAME, Attendance, line=p.line,
                                 excused=p.get("songhicophep") or 0,
                                 unexcused=p.get("songhikhongphep") or 0),
        "individual_plan": INDIVIDUAL_PLAN if _has_individual_plan(p) else None,
    }  # fmt: skip
    if level is Level.PRIMARY:
        return _primary_year(p, common, scores)
    return _secondary_year(level, p, common, scores)


def _primary_year(
    p: _Context, common: dict[str, Any], rows: list[_Context]
) -> PrimaryYear:
    table = {item: p.code(COMPETENCY_LEVEL_CODES, _form_column(code))
             for code, item in FORM_TABLE_CODES.items()}  # fmt: skip
    subjects = tuple(c.build_at(
        NAME, PrimarySubjectResult, line=r.line,
        subject=r.code(SUBJECT_CODES[Level.PRIMARY], "mamonhoc"),
        rating=r.code(PRIMARY_RATING_CODES, "mucdatduoc"), test_score=r.get("diemktdk"),
    ) for r in rows)  # fmt: skip
    return c.build_at(
        NAME, PrimaryYear, line=p.line, **common, subjects=subjects,
        qualities={k: v for k, v in table.items() if k.value in _QUALITY_VALUES},
        competencies={k: v for k, v in table.items() if k.value not in _QUALITY_VALUES},
        result=p.code(PRIMARY_RESULT_CODES, "ketquagiaoduc"),
        programme_completed=p.code(_FLAG, "dahthanhctrinhlophoc"),
    )  # fmt: skip


_QUALITY_VALUES = frozenset(
    str(item.value) for code, item in FORM_TABLE_CODES.items() if int(code) <= 5
)


def _secondary_year(
    level: Level, p: _Context, common: dict[str, Any], rows: list[_Context]
) -> SecondaryYear:
    subjects = tuple(c.build_at(
        NAME, SecondarySubjectResult, line=r.line,
        subject=r.code(SUBJECT_CODES[level], "mamonhoc"),
        semester1=_read_mark(r, "diemhocky1"), semester2=_read_mark(r, "diemhocky2"),
        year=_read_mark(r, "diemcanam"),
    ) for r in rows)  # fmt: skip
    return c.build_at(
        NAME, SecondaryYear, line=p.line, **common, subjects=subjects,
        electives=c.electives_of(level, (row.subject for row in subjects)),
        conduct=_periods(p, "renluyenhocky1", "renluyenhocky2", "renluyencanam"),
        learning=_periods(p, "hocky1", "hocky2", "canam"),
        promoted=p.optional_code(_FLAG, "duoclenlop"),
        programme_completed=p.optional_code(_FLAG, "dahthanhctrinhcaphoc"),
    )  # fmt: skip


def _periods(p: _Context, first: str, second: str, year: str) -> PeriodResults:
    return PeriodResults(
        semester1=p.optional_code(ACHIEVEMENT_CODES, first),
        semester2=p.optional_code(ACHIEVEMENT_CODES, second),
        year=p.optional_code(ACHIEVEMENT_CODES, year),
    )


def _read_mark(r: _Context, column: str) -> Mark | None:
    value = r.get(column)
    if value is None:
        return None
    if value in PASS_FAIL_CODES:
        return PASS_FAIL_CODES[value]
    try:
        return parse_decimal(value)
    except ValueError as exc:
        return r.fail(column, str(exc))  # type: ignore[no-any-return]


VARIANT = CSDLRecordVariant
