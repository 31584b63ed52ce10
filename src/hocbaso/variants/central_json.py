"""
``central-json``: the central học bạ số system's JSON transcript object.

Evidence. The three DOCX templates of the central system's front-end
(``ndViet27/hbs``, DOMAIN §0 and §3; text in ``forms/*.txt``) are filled from a
JSON object, and their placeholders name its members: ``nguoi_hoc.ho_va_ten``,
``nguoi_hoc.gioi_tinh.ten_gioi_tinh``, ``co_so_giao_duc.dia_chi.ten_phuong_xa``,
``tong_ket_hoc_ba.*``, per-subject ``ket_qua_hoc_tap.ket_qua_hoc_tap_id``,
``diem_tong_ket``, ``diem_hoc_ky_1``/``_2`` keyed by ``mon_hoc_id``, and the
``bang_nang_luc_pham_chat`` table keyed by ``nang_luc_pham_chat_id`` 01–15 with
``muc_danh_gia_nang_luc.muc_danh_gia_nang_luc_id``. Those names are kept exactly.

Decisions (the templates cannot show them) [B]:

* One document per transcript: the members shared by every year (``hoc_ba_id``,
  ``is_co_hieu_luc``, ``nguoi_hoc``, ``so_so_dang_bo``, ``giam_hieu_ky_hoc_ba``,
  ``ngay_ky_phat_hanh``) once at the top, and the per-year objects the template
  is filled from in ``hoc_ba_nam``. A template fill is one year object merged
  with the top level. ``cap_hoc_id`` (02/03/04, the sector level-group code of
  DOMAIN §1.3) names the level, ``hoc_ba_nam`` and ``ket_qua_mon_hoc`` (the list
  the ``[mon NN: …]`` cells loop over) are our names.
* ``giao_vien_chu_nhiem`` and ``giao_vien_bo_mon`` carry the homeroom and
  subject teachers: the system attaches their certificates to each year and
  grade row (DOMAIN §0), so it knows them, but the member names are ours.
* Codes are the printable ones the template inserts directly: T/H/C for
  subjects, T/Đ/C for qualities and competencies, T/K/Đ/CĐ for conduct and
  learning, Đ/CĐ for comment-only subjects; flags are the strings ``"1"``/``"0"``
  the templates compare with; dates are ``dd/MM/yyyy`` as printed (ISO dates
  are accepted on reading); scores are JSON numbers.

What it cannot hold: the transcript's version and the code of the transcript it
replaces; the learner code and policy category (the template's "Đối tượng" is
blank); school codes, address details and codes, and the date of an address
(read back as the opening day, 5 September, of the first year at the school);
school ids (read back as S1, S2 …); transfers; per-year signers; the subject
comment, re-assessment result and score components of secondary rows; the place
of issue. Approximated: the primary year result is printed as HOÀN THÀNH /
CHƯA HOÀN THÀNH from the boolean ``is_hoan_thanh_chuong_trinh`` (template drift
from the four levels of TT 27/2020 Art. 9), so the four-level value is lost on
writing and recomputed by the rules on reading; secondary absences are one total
(read back as excused); only the first certificate has members; awards and
competitions are one text each, items joined by ``"; "``.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from hocbaso.model import (
    AchievementLevel,
    Attendance,
    Certificate,
    Competency,
    Guardian,
    Issuance,
    Level,
    PeriodResults,
    PrimarySubjectResult,
    PrimaryYear,
    Pupil,
    Quality,
    School,
    SecondarySubjectResult,
    SecondaryYear,
    Sex,
    Signer,
    SignerRole,
    Transcript,
    TranscriptStatus,
)
from hocbaso.model.transcript import Mark
from hocbaso.variants import _common as c
from hocbaso.variants._json import decode_json, dumps, field, obj, unknown_keys
from hocbaso.variants.api import BuiltinVariant, Confidence, Variant
from hocbaso.variants.codes import (
    ACHIEVEMENT_CODES,
    COMPETENCY_LEVEL_CODES,
    FORM_TABLE_CODES,
    LEVEL_CODES,
    PASS_FAIL_CODES,
    PRIMARY_RATING_CODES,
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

__all__ = ["VARIANT", "CentralJSONVariant"]

logger = logging.getLogger(__name__)

NAME = BuiltinVariant.CENTRAL_JSON.value
_TEMPLATE = "the central system's templates have no member for it"

UNHELD = LossTable(NAME, (
    Unheld("years[*].individual_plan", "The basis of an individual education plan: "
           "the template has no placeholder for it."),
    Unheld("version", f"The re-issue number: {_TEMPLATE}."),
    Unheld("replaces", f"The replaced transcript's code: {_TEMPLATE}."),
    Unheld("pupil.learner_code", f"The learner code: {_TEMPLATE}."),
    Unheld("pupil.policy_category", "The template prints 'Đối tượng' blank."),
    Unheld("schools[*].code", f"The school code: {_TEMPLATE}."),
    Unheld("schools[*].address.detail", "The school address has commune, district "
           "and province only."),
    Unheld("schools[*].address.province_code", "Addresses are names only."),
    Unheld("schools[*].address.district_code", "Addresses are names only."),
    Unheld("schools[*].address.commune_code", "Addresses are names only."),
    Unheld("transfers", f"Transfers: {_TEMPLATE}."),
    Unheld("years[*].signers", "Signers travel as certificate files beside the JSON, "
           "not in it (DOMAIN §0)."),
    Unheld("years[*].subjects[*].after_reassessment", "The re-assessment column has no "
           "placeholder in the template."),
    Unheld("years[*].subjects[*].semester1_components", f"Score components: {_TEMPLATE}."),
    Unheld("years[*].subjects[*].semester2_components", f"Score components: {_TEMPLATE}."),
    Unheld("years[*].subjects[*].comment", "The subject comment column has no placeholder "
           "in the template."),
    Unheld("issuance.place", f"The place of issue: {_TEMPLATE}."),
    Unheld("issuance.signer.subject", "The signer of the transcript has no subject."),
    Unheld("provenance", f"The receiving school's provenance record: {_TEMPLATE}; it "
           "travels in the canonical XML, under the school's seal."),
))  # fmt: skip
"""The canonical fields this variant cannot hold, with the reasons."""

_FLAG = {"1": True, "0": False}


class CentralJSONVariant(Variant):
    """The central system's JSON transcript object (see the module documentation)."""

    name = NAME
    media_type = "application/json"
    extension = ".json"
    description = "Central học bạ số system JSON object (template field names)."

    def detect(self, data: bytes) -> Confidence:
        """
        Recognise a JSON object with ``nguoi_hoc`` and ``hoc_ba_nam`` or ``tong_ket_hoc_ba``.

        :param data: the bytes.
        :returns: ``CERTAIN`` for this variant's documents, ``LIKELY`` for a
            single year object, ``NONE`` otherwise.
        """
        head = data.lstrip()[:1]
        if head != b"{" or b"nguoi_hoc" not in data:
            return Confidence.NONE
        try:
            value = decode_json(NAME, data)
        except ValueError:
            return Confidence.NONE
        if isinstance(value, dict) and "hoc_ba_nam" in value:
            return Confidence.CERTAIN
        return Confidence.LIKELY if "tong_ket_hoc_ba" in value else Confidence.NONE

    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        """
        Read a central-system JSON document.

        :param data: the bytes.
        :returns: the transcript, and the approximations and unmapped members.
        :raises VariantReadError: naming the JSON path and what was wrong.
        """
        document = obj(NAME, decode_json(NAME, data), "$")
        if "hoc_ba_nam" not in document:
            raise_single_year()
        return _Reader(document).transcript()

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write a transcript as a central-system JSON document.

        :param transcript: the transcript.
        :returns: the JSON, and what it could not carry.
        """
        document = _document(transcript)
        return dumps(document), LossReport(tuple(_write_losses(transcript)))


def raise_single_year() -> None:
    """
    Refuse a bare per-year object, which lacks the transcript's own members.

    :raises HocbasoNotSupportedError: always.
    """
    from hocbaso.errors import HocbasoNotSupportedError

    raise HocbasoNotSupportedError(
        "This is a single year object of the central system (no 'hoc_ba_nam'); "
        "reading it needs the transcript's look-up code and level, which it lacks."
    )


# ----------------------------------------------------------------------------- write


def _document(transcript: Transcript) -> dict[str, Any]:
    schools = {school.id: school for school in transcript.schools}
    return {
        "hoc_ba_id": transcript.lookup_code,
        "is_co_hieu_luc": 1 if transcript.status is TranscriptStatus.IN_FORCE else 0,
        "cap_hoc_id": code_for(LEVEL_CODES, transcript.level),
        "so_so_dang_bo": transcript.registration_number,
        "nguoi_hoc": _pupil(transcript.pupil),
        **_issuance(transcript.issuance),
        "hoc_ba_nam": [_year(year, schools[year.school]) for year in transcript.years],
    }


def _pupil(pupil: Pupil) -> dict[str, Any]:
    return {
        "ho_va_ten": pupil.full_name,
        "gioi_tinh": {"gioi_tinh_id": code_for(SEX_CODES, pupil.sex),
                      "ten_gioi_tinh": pupil.sex.label},
        "ngay_sinh": format_date(pupil.birth_date, DateStyle.DMY),
        "dan_toc": {"ten_dan_toc": pupil.ethnicity.canonical_name},
        "quoc_tich": {"ten_quoc_tich": pupil.nationality},
        "so_dinh_danh_ca_nhan": pupil.personal_id,
        "noi_sinh": _detail(pupil.birth_place),
        "dia_chi_thuong_tru": _detail(pupil.hometown),
        "noi_o_hien_tai": _detail(pupil.residence),
        "thong_tin_cha": _person(pupil.father),
        "thong_tin_me": _person(pupil.mother),
        "thong_tin_nguoi_giam_ho": _person(pupil.guardian),
    }  # fmt: skip


def _detail(text: str | None) -> dict[str, str] | None:
    return None if text is None else {"dia_chi_chi_tiet": text}


def _person(person: Guardian | None) -> dict[str, str | None] | None:
    if person is None:
        return None
    return {"ho_va_ten": person.name, "nghe_nghiep": person.occupation}


def _issuance(issuance: Issuance | None) -> dict[str, Any]:
    if issuance is None:
        return {"giam_hieu_ky_hoc_ba": None, "ngay_ky_phat_hanh": None}
    signer = {
        "ho_va_ten": issuance.signer.name,
        "chuc_vu_cong_tac": {"ten_chuc_vu_cong_tac": issuance.signer.position},
    }
    return {
        "giam_hieu_ky_hoc_ba": signer,
        "ngay_ky_phat_hanh": format_date(issuance.date, DateStyle.DMY),
    }


def _school(school: School) -> dict[str, Any]:
    address = school.address
    return {
        "ten_co_so_giao_duc": school.name,
        "dia_chi": {
            "ten_phuong_xa": address.commune,
            "ten_quan_huyen": address.district,
            "ten_tinh_thanh": address.province,
        },
    }


def _year(year: PrimaryYear | SecondaryYear, school: School) -> dict[str, Any]:
    start = c.year_start(year.school_year)
    common = {
        "nam_bat_dau": start,
        "nam_ket_thuc": start + 1,
        "khoi_lop_hoc_id": f"{year.grade:02d}",
        "ten_lop_hoc": year.class_name,
        "co_so_giao_duc": _school(school),
        "giao_vien_chu_nhiem": {"ho_va_ten": year.homeroom_teacher},
    }
    if isinstance(year, PrimaryYear):
        return {**common, **_primary_year(year)}
    return {**common, **_secondary_year(year)}


def _primary_year(year: PrimaryYear) -> dict[str, Any]:
    subjects = [
        {"mon_hoc_id": _subject_code(Level.PRIMARY, row.subject),
         "ket_qua_hoc_tap": {"ket_qua_hoc_tap_id": code_for(PRIMARY_RATING_CODES, row.rating)},
         "diem_tong_ket": row.test_score}
        for row in year.subjects
    ]  # fmt: skip
    table = c.form_table(year)
    return {
        "tong_ket_hoc_ba": _primary_summary(year),
        "ket_qua_mon_hoc": subjects,
        "bang_nang_luc_pham_chat": [
            {"nang_luc_pham_chat": {"nang_luc_pham_chat_id": code},
             "muc_danh_gia_nang_luc": {
                 "muc_danh_gia_nang_luc_id": code_for(COMPETENCY_LEVEL_CODES, table[item])}}
            for code, item in FORM_TABLE_CODES.items()
        ],
    }  # fmt: skip


def _primary_summary(year: PrimaryYear) -> dict[str, Any]:
    completed = year.result.value != "not-completed"
    return {
        "chieu_cao": year.height_cm,
        "can_nang": year.weight_kg,
        "so_buoi_nghi_co_phep": year.attendance.excused,
        "so_buoi_nghi_khong_phep": year.attendance.unexcused,
        "nhan_xet_tong_hop": year.subjects_comment,
        "nhan_xet_pham_chat": year.qualities_comment,
        "nhan_xet_nang_luc_chung": year.general_competencies_comment,
        "nhan_xet_nang_luc_dac_thu": year.specific_competencies_comment,
        "is_hoan_thanh_chuong_trinh": "1" if completed else "0",
        "khen_thuong": c.join_awards(year.commendation, year.awards),
        "noi_dung_hoan_thanh_chuong_trinh": year.completion_note,
    }


def _subject_code(level: Level, subject: Any) -> str:
    return code_for(SUBJECT_CODES[level], subject)


def _secondary_year(year: SecondaryYear) -> dict[str, Any]:
    return {
        "tong_ket_hoc_ba": _secondary_summary(year),
        "ket_qua_mon_hoc": [_secondary_row(year, row) for row in year.subjects],
    }


def _secondary_row(year: SecondaryYear, row: SecondarySubjectResult) -> dict[str, Any]:
    level = Level.UPPER_SECONDARY if year.grade >= 10 else Level.LOWER_SECONDARY
    teacher = None if row.teacher is None else {"ho_va_ten": row.teacher}
    return {
        "mon_hoc_id": _subject_code(level, row.subject),
        "diem_hoc_ky_1": _mark(row.semester1),
        "diem_hoc_ky_2": _mark(row.semester2),
        "diem_tong_ket": _mark(row.year),
        "giao_vien_bo_mon": teacher,
    }


def _mark(mark: Mark | None) -> Decimal | str | None:
    if mark is None or isinstance(mark, Decimal):
        return mark
    return code_for(PASS_FAIL_CODES, mark)


def _level(value: AchievementLevel | None) -> str | None:
    return None if value is None else code_for(ACHIEVEMENT_CODES, value)


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _secondary_summary(year: SecondaryYear) -> dict[str, Any]:
    first = year.certificates[0] if year.certificates else None
    return {
        "so_buoi_nghi_hoc": year.attendance.total,
        "ket_qua_ren_luyen_ky_1_id": _level(year.conduct.semester1),
        "ket_qua_ren_luyen_ky_2_id": _level(year.conduct.semester2),
        "ket_qua_ren_luyen_nam_id": _level(year.conduct.year),
        "ket_qua_hoc_tap_ky_1_id": _level(year.learning.semester1),
        "ket_qua_hoc_tap_ky_2_id": _level(year.learning.semester2),
        "ket_qua_hoc_tap_nam_id": _level(year.learning.year),
        "ket_qua_ren_luyen_ky_he": _level(year.conduct_after_summer),
        "ket_qua_hoc_tap_he_id": _level(year.learning_after_retest),
        "is_duoc_len_lop": _flag(year.promoted),
        "noi_dung_len_lop": year.promotion_note,
        "noi_dung_hoan_thanh_chuong_trinh": _flag(year.programme_completed),
        "loai_chung_chi": first.name if first else None,
        "ket_qua_xep_loai": first.grade if first else None,
        "tham_gia_cuoc_thi": c.ITEM_SEPARATOR.join(year.competitions) or None,
        "noi_dung_khen_thuong_dot_xuat": c.join_awards(year.commendation, year.awards),
        "nhan_xet_tong_hop": year.homeroom_comment,
    }


# ------------------------------------------------------------------- write losses


def _write_losses(transcript: Transcript) -> list[LossEntry]:
    entries = UNHELD.entries(transcript)
    entries += c.school_losses(NAME, transcript, _school_facts)
    for year in transcript.years:
        entries += _year_losses(transcript.level, year)
    entries += c.issuance_losses(NAME, transcript.issuance)
    return entries


def _school_facts(school: School) -> dict[str, Any]:
    address = school.address
    return {"name": school.name, "address": {"province": address.province,
            "district": address.district, "commune": address.commune}}  # fmt: skip


def _year_losses(level: Level, year: PrimaryYear | SecondaryYear) -> list[LossEntry]:
    path = f"years[{year.school_year}]"
    if isinstance(year, PrimaryYear):
        entries = _result_losses(path, year)
    else:
        entries = _secondary_losses(level, path, year)
    entries += _awards_losses(path, year.commendation, year.awards)
    return entries


def _write(kind: LossKind, path: str, reason: str) -> LossEntry:
    return LossEntry(kind, Side.WRITE, NAME, path, reason)


def _result_losses(path: str, year: PrimaryYear) -> list[LossEntry]:
    completed = year.result.value != "not-completed"
    rebuilt = c.primary_result(year, completed)
    entries = [_write(
        LossKind.DERIVED if rebuilt is year.result else LossKind.APPROXIMATED,
        f"{path}.result",
        "The template holds only is_hoan_thanh_chuong_trinh (HOÀN THÀNH / CHƯA HOÀN "
        "THÀNH); the four-level result of TT 27/2020 Art. 9 is recomputed on reading "
        f"and gives {rebuilt.value!r}.",
    )]  # fmt: skip
    kind = (
        LossKind.DERIVED
        if year.programme_completed == completed
        else LossKind.APPROXIMATED
    )
    entries.append(
        _write(
            kind,
            f"{path}.programme_completed",
            "The template has no "
            "completion flag; it is read back from is_hoan_thanh_chuong_trinh.",
        )
    )
    return entries


def _secondary_losses(level: Level, path: str, year: SecondaryYear) -> list[LossEntry]:
    entries: list[LossEntry] = []
    if year.attendance.unexcused:
        entries.append(
            _write(
                LossKind.APPROXIMATED,
                f"{path}.attendance",
                "The template "
                "holds one absence total (so_buoi_nghi_hoc), read back as excused.",
            )
        )
    for index in range(1, len(year.certificates)):
        entries.append(
            _write(
                LossKind.DROPPED,
                f"{path}.certificates[{index}]",
                "The template has members for one certificate only.",
            )
        )
    if not c.items_survive(year.competitions):
        entries.append(
            _write(
                LossKind.APPROXIMATED,
                f"{path}.competitions",
                "Competitions "
                "are one text; an item that is blank or holds '; ' is split differently.",
            )
        )
    inferred = c.electives_of(level, (row.subject for row in year.subjects))
    if year.electives != inferred:
        entries.append(
            _write(
                LossKind.APPROXIMATED,
                f"{path}.electives",
                "Electives are not "
                "held; they are read back as the elective subjects with results.",
            )
        )
    return entries


def _awards_losses(path: str, title: Any, awards: tuple[str, ...]) -> list[LossEntry]:
    got_title, got_awards = c.split_awards(c.join_awards(title, awards))
    reason = ("Awards are one text with the principal's title first, items joined by '; '; "
              "this content does not split back the same.")  # fmt: skip
    entries = []
    if got_title != title:
        entries.append(_write(LossKind.APPROXIMATED, f"{path}.commendation", reason))
    if got_awards != awards:
        entries.append(_write(LossKind.APPROXIMATED, f"{path}.awards", reason))
    return entries


# ----------------------------------------------------------------------------- read


_TOP = ("hoc_ba_id", "is_co_hieu_luc", "cap_hoc_id", "so_so_dang_bo", "nguoi_hoc",
        "giam_hieu_ky_hoc_ba", "ngay_ky_phat_hanh", "hoc_ba_nam")  # fmt: skip
_YEAR = ("nam_bat_dau", "nam_ket_thuc", "khoi_lop_hoc_id", "ten_lop_hoc", "co_so_giao_duc",
         "giao_vien_chu_nhiem", "tong_ket_hoc_ba", "ket_qua_mon_hoc",
         "bang_nang_luc_pham_chat")  # fmt: skip


class _Reader:
    """Reads one document; collects the read-side entries as it goes."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.doc = document
        self.entries: list[LossEntry] = list(unknown_keys(NAME, document, _TOP, "$"))

    def transcript(self) -> tuple[Transcript, LossReport]:
        level = c.lookup(LEVEL_CODES, field(NAME, self.doc, "cap_hoc_id", "$"), NAME,
                         "$.cap_hoc_id")  # fmt: skip
        raw_years = self.doc.get("hoc_ba_nam") or []
        if not isinstance(raw_years, list):
            c.fail(NAME, "$.hoc_ba_nam", "Expected a list of year objects.")
        years_data = [
            obj(NAME, y, f"$.hoc_ba_nam[{i}]") for i, y in enumerate(raw_years)
        ]
        schools, ids = c.merge_schools(NAME, [self._school_facts(y, i)
                                              for i, y in enumerate(years_data)])  # fmt: skip
        years = [self._year(level, y, ids[i], i) for i, y in enumerate(years_data)]
        transcript = c.build(
            NAME, Transcript, "$",
            lookup_code=field(NAME, self.doc, "hoc_ba_id", "$"),
            level=level,
            status=_status(self.doc.get("is_co_hieu_luc", 1)),
            registration_number=self.doc.get("so_so_dang_bo"),
            pupil=_read_pupil(obj(NAME, field(NAME, self.doc, "nguoi_hoc", "$"), "$.nguoi_hoc")),
            schools=schools or _no_school(),
            years=tuple(years),
            issuance=_read_issuance(self.doc),
        )  # fmt: skip
        return transcript, LossReport(tuple(self.entries))

    def _school_facts(
        self, year: dict[str, Any], index: int
    ) -> tuple[dict[str, Any], int]:
        where = f"$.hoc_ba_nam[{index}].co_so_giao_duc"
        school = obj(NAME, field(NAME, year, "co_so_giao_duc", where[:-15]), where)
        address = obj(NAME, field(NAME, school, "dia_chi", where), f"{where}.dia_chi")
        facts = {
            "name": field(NAME, school, "ten_co_so_giao_duc", where),
            "address": {"province": address.get("ten_tinh_thanh"),
                        "district": address.get("ten_quan_huyen") or None,
                        "commune": address.get("ten_phuong_xa")},
        }  # fmt: skip
        return facts, _int(
            year.get("nam_bat_dau"), f"$.hoc_ba_nam[{index}].nam_bat_dau"
        )

    def _year(self, level: Level, data: dict[str, Any], school: str, index: int) -> Any:
        where = f"$.hoc_ba_nam[{index}]"
        self.entries += unknown_keys(NAME, data, _YEAR, where)
        start = _int(field(NAME, data, "nam_bat_dau", where), f"{where}.nam_bat_dau")
        summary = obj(
            NAME, data.get("tong_ket_hoc_ba") or {}, f"{where}.tong_ket_hoc_ba"
        )
        common = {
            "school_year": f"{start}-{start + 1}",
            "grade": _int(field(NAME, data, "khoi_lop_hoc_id", where),
                          f"{where}.khoi_lop_hoc_id"),
            "class_name": field(NAME, data, "ten_lop_hoc", where),
            "school": school,
            "homeroom_teacher": _name(data.get("giao_vien_chu_nhiem"),
                                      f"{where}.giao_vien_chu_nhiem"),
        }  # fmt: skip
        if level is Level.PRIMARY:
            return self._primary(common, data, summary, where)
        return self._secondary(level, common, data, summary, where)

    def _primary(
        self,
        common: dict[str, Any],
        data: dict[str, Any],
        summary: dict[str, Any],
        where: str,
    ) -> PrimaryYear:
        title, awards = c.split_awards(summary.get("khen_thuong"))
        completed = c.lookup(_FLAG, summary.get("is_hoan_thanh_chuong_trinh", "1"), NAME,
                             f"{where}.tong_ket_hoc_ba.is_hoan_thanh_chuong_trinh")  # fmt: skip
        qualities, competencies = _read_table(
            data.get("bang_nang_luc_pham_chat"), where
        )
        self.entries += c.blank_counts(NAME, common["school_year"], {
            f"{where}.tong_ket_hoc_ba.{key}": summary.get(key)
            for key in ("so_buoi_nghi_co_phep", "so_buoi_nghi_khong_phep")
        })  # fmt: skip
        draft = c.build(
            NAME, PrimaryYear, where, **common,
            attendance=Attendance(excused=summary.get("so_buoi_nghi_co_phep") or 0,
                                  unexcused=summary.get("so_buoi_nghi_khong_phep") or 0),
            height_cm=_decimal(summary.get("chieu_cao"), f"{where}.tong_ket_hoc_ba.chieu_cao"),
            weight_kg=_decimal(summary.get("can_nang"), f"{where}.tong_ket_hoc_ba.can_nang"),
            subjects=tuple(_primary_rows(data.get("ket_qua_mon_hoc"), where)),
            subjects_comment=summary.get("nhan_xet_tong_hop"),
            qualities=qualities, qualities_comment=summary.get("nhan_xet_pham_chat"),
            competencies=competencies,
            general_competencies_comment=summary.get("nhan_xet_nang_luc_chung"),
            specific_competencies_comment=summary.get("nhan_xet_nang_luc_dac_thu"),
            result="not-completed", programme_completed=completed,
            completion_note=summary.get("noi_dung_hoan_thanh_chuong_trinh"),
            commendation=title, awards=awards,
        )  # fmt: skip
        self._note_result(draft.school_year, where)
        return draft.model_copy(update={"result": c.primary_result(draft, completed)})

    def _note_result(self, school_year: str, where: str) -> None:
        path = f"years[{school_year}]"
        source = f"{where}.tong_ket_hoc_ba.is_hoan_thanh_chuong_trinh"
        self.entries.append(LossEntry(
            LossKind.APPROXIMATED, Side.READ, NAME, f"{path}.result",
            "The file holds only completed / not completed; the four-level result is "
            "recomputed by TT 27/2020 Art. 9 from the ratings, scores and competencies.",
            source=source,
        ))  # fmt: skip
        self.entries.append(LossEntry(
            LossKind.DERIVED, Side.READ, NAME, f"{path}.programme_completed",
            "Programme completion is taken from the same flag.", source=source,
        ))  # fmt: skip

    def _secondary(
        self, level: Level, common: dict[str, Any], data: dict[str, Any],
        summary: dict[str, Any], where: str,
    ) -> SecondaryYear:  # fmt: skip
        rows = tuple(_secondary_rows(level, data.get("ket_qua_mon_hoc"), where))
        self.entries += c.blank_counts(NAME, common["school_year"], {
            f"{where}.tong_ket_hoc_ba.so_buoi_nghi_hoc": summary.get("so_buoi_nghi_hoc")
        })  # fmt: skip
        absences = _int(
            summary.get("so_buoi_nghi_hoc") or 0,
            f"{where}.tong_ket_hoc_ba.so_buoi_nghi_hoc",
        )
        if absences:
            self.entries.append(LossEntry(
                LossKind.APPROXIMATED, Side.READ, NAME,
                f"years[{common['school_year']}].attendance",
                "The file holds one absence total; it is recorded as excused.",
                source=f"{where}.tong_ket_hoc_ba.so_buoi_nghi_hoc",
            ))  # fmt: skip
        title, awards = c.split_awards(summary.get("noi_dung_khen_thuong_dot_xuat"))
        return c.build(
            NAME, SecondaryYear, where, **common,
            attendance=Attendance(excused=absences),
            subjects=rows,
            electives=c.electives_of(level, (row.subject for row in rows)),
            conduct=_periods(summary, "ket_qua_ren_luyen", where),
            learning=_periods(summary, "ket_qua_hoc_tap", where),
            conduct_after_summer=_achievement(summary, "ket_qua_ren_luyen_ky_he", where),
            learning_after_retest=_achievement(summary, "ket_qua_hoc_tap_he_id", where),
            promoted=_read_flag(summary, "is_duoc_len_lop", where),
            promotion_note=summary.get("noi_dung_len_lop"),
            programme_completed=_read_flag(summary, "noi_dung_hoan_thanh_chuong_trinh", where),
            certificates=_certificates(summary),
            competitions=c.split_items(summary.get("tham_gia_cuoc_thi")),
            commendation=title, awards=awards,
            homeroom_comment=summary.get("nhan_xet_tong_hop"),
        )  # fmt: skip


def _status(value: Any) -> TranscriptStatus:
    return TranscriptStatus.IN_FORCE if str(value) == "1" else TranscriptStatus.REVOKED


def _no_school() -> tuple[School, ...]:
    c.fail(
        NAME,
        "$.hoc_ba_nam",
        "The document has no year, so no school; a transcript needs at least one.",
    )


def _int(value: Any, where: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        c.fail(NAME, where, f"Expected a whole number, found {value!r}.")


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return parse_decimal(value)
    except ValueError as exc:
        c.fail(NAME, where, str(exc))


def _name(value: Any, where: str) -> str:
    return str(field(NAME, obj(NAME, value, where), "ho_va_ten", where))


def _read_pupil(data: dict[str, Any]) -> Pupil:
    where = "$.nguoi_hoc"
    return c.build(
        NAME, Pupil, where,
        full_name=field(NAME, data, "ho_va_ten", where),
        sex=_read_sex(obj(NAME, field(NAME, data, "gioi_tinh", where), f"{where}.gioi_tinh")),
        birth_date=_date(field(NAME, data, "ngay_sinh", where), f"{where}.ngay_sinh"),
        ethnicity=_ethnicity(data.get("dan_toc"), f"{where}.dan_toc.ten_dan_toc"),
        nationality=(data.get("quoc_tich") or {}).get("ten_quoc_tich") or "Việt Nam",
        personal_id=data.get("so_dinh_danh_ca_nhan"),
        birth_place=(data.get("noi_sinh") or {}).get("dia_chi_chi_tiet"),
        hometown=(data.get("dia_chi_thuong_tru") or {}).get("dia_chi_chi_tiet"),
        residence=(data.get("noi_o_hien_tai") or {}).get("dia_chi_chi_tiet"),
        father=_guardian(data.get("thong_tin_cha")),
        mother=_guardian(data.get("thong_tin_me")),
        guardian=_guardian(data.get("thong_tin_nguoi_giam_ho")),
    )  # fmt: skip


def _read_sex(data: dict[str, Any]) -> Sex:
    where = "$.nguoi_hoc.gioi_tinh"
    if data.get("gioi_tinh_id") is not None:
        sex = c.lookup(SEX_CODES, data["gioi_tinh_id"], NAME, f"{where}.gioi_tinh_id")
        if sex is None:
            c.fail(
                NAME,
                f"{where}.gioi_tinh_id",
                "Sex code '0' (unknown, QCVN 109:2017) "
                "cannot be held: the transcript form prints Nam or Nữ.",
            )
        return sex
    try:
        return Sex.parse(field(NAME, data, "ten_gioi_tinh", where))
    except ValueError as exc:
        c.fail(NAME, f"{where}.ten_gioi_tinh", str(exc))


def _date(value: Any, where: str) -> Any:
    try:
        return parse_date(str(value))
    except ValueError as exc:
        c.fail(NAME, where, str(exc))


def _ethnicity(value: Any, where: str) -> Any:
    try:
        return parse_ethnicity(str((value or {}).get("ten_dan_toc") or ""))
    except ValueError as exc:
        c.fail(NAME, where, str(exc))


def _guardian(value: Any) -> Guardian | None:
    if not value or not value.get("ho_va_ten"):
        return None
    return Guardian(name=value["ho_va_ten"], occupation=value.get("nghe_nghiep"))


def _read_issuance(doc: dict[str, Any]) -> Issuance | None:
    signer = doc.get("giam_hieu_ky_hoc_ba")
    if not signer:
        return None
    day = _date(field(NAME, doc, "ngay_ky_phat_hanh", "$"), "$.ngay_ky_phat_hanh")
    position = (signer.get("chuc_vu_cong_tac") or {}).get("ten_chuc_vu_cong_tac")
    name = _name(signer, "$.giam_hieu_ky_hoc_ba")
    return Issuance(
        signer=Signer(
            name=name, role=SignerRole.PRINCIPAL, position=position, signed_on=day
        ),
        date=day,
    )


def _rows(value: Any, where: str) -> list[tuple[dict[str, Any], str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        c.fail(NAME, f"{where}.ket_qua_mon_hoc", "Expected a list of subject results.")
    return [(obj(NAME, row, f"{where}.ket_qua_mon_hoc[{i}]"), f"{where}.ket_qua_mon_hoc[{i}]")
            for i, row in enumerate(value)]  # fmt: skip


def _subject(level: Level, row: dict[str, Any], where: str) -> Any:
    return c.lookup(SUBJECT_CODES[level], str(row.get("mon_hoc_id", "")).zfill(2), NAME,
                    f"{where}.mon_hoc_id")  # fmt: skip


def _primary_rows(value: Any, where: str) -> list[PrimarySubjectResult]:
    result = []
    for row, at in _rows(value, where):
        rating = (row.get("ket_qua_hoc_tap") or {}).get("ket_qua_hoc_tap_id")
        result.append(c.build(
            NAME, PrimarySubjectResult, at,
            subject=_subject(Level.PRIMARY, row, at),
            rating=c.lookup(PRIMARY_RATING_CODES, rating, NAME,
                            f"{at}.ket_qua_hoc_tap.ket_qua_hoc_tap_id"),
            test_score=row.get("diem_tong_ket"),
        ))  # fmt: skip
    return result


def _secondary_rows(
    level: Level, value: Any, where: str
) -> list[SecondarySubjectResult]:
    result = []
    for row, at in _rows(value, where):
        teacher = row.get("giao_vien_bo_mon")
        result.append(c.build(
            NAME, SecondarySubjectResult, at,
            subject=_subject(level, row, at),
            semester1=_read_mark(row.get("diem_hoc_ky_1"), f"{at}.diem_hoc_ky_1"),
            semester2=_read_mark(row.get("diem_hoc_ky_2"), f"{at}.diem_hoc_ky_2"),
            year=_read_mark(row.get("diem_tong_ket"), f"{at}.diem_tong_ket"),
            teacher=_name(teacher, f"{at}.giao_vien_bo_mon") if teacher else None,
        ))  # fmt: skip
    return result


def _read_mark(value: Any, where: str) -> Mark | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip() in PASS_FAIL_CODES:
        return PASS_FAIL_CODES[value.strip()]
    return _decimal(value, where)


def _read_table(
    value: Any, where: str
) -> tuple[dict[Quality, Any], dict[Competency, Any]]:
    qualities: dict[Quality, Any] = {}
    competencies: dict[Competency, Any] = {}
    for index, row in enumerate(value or []):
        at = f"{where}.bang_nang_luc_pham_chat[{index}]"
        row = obj(NAME, row, at)
        code = (row.get("nang_luc_pham_chat") or {}).get("nang_luc_pham_chat_id")
        item = c.lookup(
            FORM_TABLE_CODES,
            code,
            NAME,
            f"{at}.nang_luc_pham_chat.nang_luc_pham_chat_id",
        )
        level_code = (row.get("muc_danh_gia_nang_luc") or {}).get(
            "muc_danh_gia_nang_luc_id"
        )
        level = c.lookup(COMPETENCY_LEVEL_CODES, level_code, NAME,
                         f"{at}.muc_danh_gia_nang_luc.muc_danh_gia_nang_luc_id")  # fmt: skip
        if isinstance(item, Quality):
            qualities[item] = level
        else:
            competencies[item] = level
    return qualities, competencies


def _periods(summary: dict[str, Any], stem: str, where: str) -> PeriodResults:
    return PeriodResults(
        semester1=_achievement(summary, f"{stem}_ky_1_id", where),
        semester2=_achievement(summary, f"{stem}_ky_2_id", where),
        year=_achievement(summary, f"{stem}_nam_id", where),
    )


def _achievement(
    summary: dict[str, Any], key: str, where: str
) -> AchievementLevel | None:
    value = summary.get(key)
    if value is None or value == "":
        return None
    return c.lookup(ACHIEVEMENT_CODES, value, NAME, f"{where}.tong_ket_hoc_ba.{key}")


def _read_flag(summary: dict[str, Any], key: str, where: str) -> bool | None:
    value = summary.get(key)
    if value is None or value == "":
        return None
    return c.lookup(_FLAG, value, NAME, f"{where}.tong_ket_hoc_ba.{key}")


def _certificates(summary: dict[str, Any]) -> tuple[Certificate, ...]:
    name = summary.get("loai_chung_chi")
    if not name:
        return ()
    return (Certificate(name=name, grade=summary.get("ket_qua_xep_loai")),)


VARIANT = CentralJSONVariant
