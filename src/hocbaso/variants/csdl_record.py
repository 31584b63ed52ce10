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
        f"{'pc' if int(code) <= 5 else 'nl'}{code}": code_for(
            COMPETENCY_LEVEL_CODES, table[item]
        )
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
        value = self.record.get(column)
        return None if value == "" else value

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


def _read(records: list[tuple[int, dict[str, Any]]]) -> tuple[Transcript, LossReport]:
    line, first = records[0]
    head = _Context(line, first)
    level = head.code(LEVEL_CODES, "macaphoc")
    table = _TABLES[level][0]
    if first["bang"] != table:
        head.fail("bang", f"The first record must be of table {table!r}.")
    progress = [
        _Context(n, r) for n, r in records if r["bang"] == table + "_quatrinhhoctap"
    ]
    scores = [
        _Context(n, r) for n, r in records if r["bang"] == table + _TABLES[level][1]
    ]
    entries = [*_unmapped(progress), *_blank_absences(progress)]
    schools, ids = c.merge_schools(NAME, [(_school_facts(p), c.year_start(p.need("namhoc")))
                                          for p in progress])  # fmt: skip
    years = [_year(level, p, ids[i], scores) for i, p in enumerate(progress)]
    transcript = c.build(
        NAME, Transcript, f"line {line}",
        lookup_code=head.need("madinhdanhhocba"), level=level,
        status=TranscriptStatus.IN_FORCE if head.get("trangthaithongtinhocba") != "0"
        else TranscriptStatus.REVOKED,
        registration_number=head.get("sosodangbo"),
        pupil=_pupil(head), schools=schools or (head.fail("namhoc", "No year records."),),
        years=tuple(years), issuance=_issuance(head),
    )  # fmt: skip
    return transcript, LossReport(tuple(entries))


INDIVIDUAL_PLAN = "Học sinh khuyết tật không đánh giá (cokhuyettatkhongdanhgia = 1)"
"""What a year flagged ``cokhuyettatkhongdanhgia = 1`` reads as: the record holds
only the flag, not the basis of the plan."""


def _unmapped(progress: list[_Context]) -> list[LossEntry]:
    return [
        LossEntry(LossKind.APPROXIMATED, Side.READ, NAME,
                  f"years[{p.get('namhoc')}].individual_plan",
                  "The pupil is disabled and assessed under an individual plan "
                  "(cokhuyettatkhongdanhgia = 1); the record holds the flag only.",
                  source=f"line {p.line}, cokhuyettatkhongdanhgia")
        for p in progress if p.get("cokhuyettatkhongdanhgia") == "1"
    ]  # fmt: skip


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
    return c.build(
        NAME, Pupil, f"line {head.line}",
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
    signer = Signer(name=name, role=SignerRole.PRINCIPAL,
                    position=head.get("chucvugiamhieu"), signed_on=day)  # fmt: skip
    return Issuance(signer=signer, place=head.get("diadanhphathanh"), date=day)


def _school_facts(p: _Context) -> dict[str, Any]:
    return {"name": p.need("tentruong"), "code": p.get("matruong"),
            "address": {"province": p.need("tentinh"), "district": p.get("tenhuyen"),
                        "commune": p.need("tenxa")}}  # fmt: skip


def _year(level: Level, p: _Context, school: str, scores: list[_Context]) -> Any:
    school_year = p.need("namhoc")
    rows = [s for s in scores if s.get("namhoc") == school_year]
    common = {
        "school_year": school_year, "grade": p.need("makhoi"), "class_name": p.need("tenlop"),
        "school": school, "homeroom_teacher": p.need("hotengvcn"),
        "attendance": c.build(NAME, Attendance, f"line {p.line}",
                              excused=p.get("songhicophep") or 0,
                              unexcused=p.get("songhikhongphep") or 0),
        "individual_plan": INDIVIDUAL_PLAN if p.get("cokhuyettatkhongdanhgia") == "1"
        else None,
    }  # fmt: skip
    if level is Level.PRIMARY:
        return _primary_year(p, common, rows)
    return _secondary_year(level, p, common, rows)


def _primary_year(
    p: _Context, common: dict[str, Any], rows: list[_Context]
) -> PrimaryYear:
    table = {item: p.code(COMPETENCY_LEVEL_CODES, f"{'pc' if int(code) <= 5 else 'nl'}{code}")
             for code, item in FORM_TABLE_CODES.items()}  # fmt: skip
    subjects = tuple(c.build(
        NAME, PrimarySubjectResult, f"line {r.line}",
        subject=r.code(SUBJECT_CODES[Level.PRIMARY], "mamonhoc"),
        rating=r.code(PRIMARY_RATING_CODES, "mucdatduoc"), test_score=r.get("diemktdk"),
    ) for r in rows)  # fmt: skip
    return c.build(
        NAME, PrimaryYear, f"line {p.line}", **common, subjects=subjects,
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
    subjects = tuple(c.build(
        NAME, SecondarySubjectResult, f"line {r.line}",
        subject=r.code(SUBJECT_CODES[level], "mamonhoc"),
        semester1=_read_mark(r, "diemhocky1"), semester2=_read_mark(r, "diemhocky2"),
        year=_read_mark(r, "diemcanam"),
    ) for r in rows)  # fmt: skip
    return c.build(
        NAME, SecondaryYear, f"line {p.line}", **common, subjects=subjects,
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
