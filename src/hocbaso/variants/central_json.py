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

Reading is strict: every member the format does not have is reported
``unmapped`` with its JSON path, in any object at any depth, and a value of the
wrong JSON type or out of range is refused with its path and what was expected.

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
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NoReturn, TypeAlias

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
    PrimaryYearResult,
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
    rules,
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
        _check_is_transcript(document)
        return _Reader(document).transcript()

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write a transcript as a central-system JSON document.

        :param transcript: the transcript.
        :returns: the JSON, and what it could not carry.
        """
        document = _document(transcript)
        return dumps(document), LossReport(tuple(_write_losses(transcript)))


def _check_is_transcript(document: dict[str, Any]) -> None:
    """
    Refuse an object that is not a whole transcript, saying what it is.

    :param document: the decoded top-level object.
    :raises VariantReadError: for an empty object, or one without ``hoc_ba_nam``.
    :raises HocbasoNotSupportedError: for a single year object.
    """
    if not document:
        c.fail(
            NAME,
            "$",
            "The JSON object is empty; a central-system transcript needs the "
            f"members {', '.join(repr(key) for key in _REQUIRED)}.",
        )
    if "hoc_ba_nam" not in document:
        if "tong_ket_hoc_ba" in document:
            raise_single_year()
        field(NAME, document, "hoc_ba_nam", "$")


_REQUIRED = ("hoc_ba_id", "cap_hoc_id", "nguoi_hoc", "hoc_ba_nam")
"""The members every transcript document has."""


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
        "THÀNH); the four-level result of TT 27/2020 Art. 9 is recomputed on reading"
        + _read_back(year, rebuilt),
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


def _read_back(year: PrimaryYear, rebuilt: PrimaryYearResult) -> str:
    stated = year.result
    completed = stated is not PrimaryYearResult.NOT_COMPLETED
    if completed and rules.primary_year_result(year) is PrimaryYearResult.NOT_COMPLETED:
        # The stated result says completed; the scores say otherwise.
        instead = "" if rebuilt is stated else f" instead of {stated.value!r}"
        return (
            ": the rules give 'not-completed', which the flag contradicts, so "
            f"{rebuilt.value!r} is read{instead}."
        )
    if rebuilt is stated:
        return f" and gives {rebuilt.value!r} again."
    return f" and gives {rebuilt.value!r} instead of {stated.value!r}."


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

_Members: TypeAlias = dict[str, "_Members | list[_Members] | None"]
"""
The members an object of the format may have: ``None`` for a value, a nested
``_Members`` for an object, a one-item list of ``_Members`` for a list of objects.
"""


def _leaves(*names: str) -> _Members:
    return dict.fromkeys(names)


# The format's objects and their members, as the writer writes them. A file the
# writer wrote reads back with nothing unmapped (tests/variants check it), so a
# member added to the writer must be added here too.
_NAME_ONLY = _leaves("ho_va_ten")
_DETAIL = _leaves("dia_chi_chi_tiet")
_PERSON = _leaves("ho_va_ten", "nghe_nghiep")
_PUPIL: _Members = {
    **_leaves("ho_va_ten", "ngay_sinh", "so_dinh_danh_ca_nhan"),
    "gioi_tinh": _leaves("gioi_tinh_id", "ten_gioi_tinh"),
    "dan_toc": _leaves("ten_dan_toc"),
    "quoc_tich": _leaves("ten_quoc_tich"),
    "noi_sinh": _DETAIL,
    "dia_chi_thuong_tru": _DETAIL,
    "noi_o_hien_tai": _DETAIL,
    "thong_tin_cha": _PERSON,
    "thong_tin_me": _PERSON,
    "thong_tin_nguoi_giam_ho": _PERSON,
}
_ISSUER: _Members = {
    **_NAME_ONLY,
    "chuc_vu_cong_tac": _leaves("ten_chuc_vu_cong_tac"),
}
_YEAR: _Members = {
    **_leaves("nam_bat_dau", "nam_ket_thuc", "khoi_lop_hoc_id", "ten_lop_hoc"),
    "co_so_giao_duc": {
        "ten_co_so_giao_duc": None,
        "dia_chi": _leaves("ten_phuong_xa", "ten_quan_huyen", "ten_tinh_thanh"),
    },
    "giao_vien_chu_nhiem": _NAME_ONLY,
}
_PRIMARY_YEAR: _Members = {
    **_YEAR,
    "tong_ket_hoc_ba": _leaves(
        "chieu_cao", "can_nang", "so_buoi_nghi_co_phep", "so_buoi_nghi_khong_phep",
        "nhan_xet_tong_hop", "nhan_xet_pham_chat", "nhan_xet_nang_luc_chung",
        "nhan_xet_nang_luc_dac_thu", "is_hoan_thanh_chuong_trinh", "khen_thuong",
        "noi_dung_hoan_thanh_chuong_trinh",
    ),
    "ket_qua_mon_hoc": [{
        **_leaves("mon_hoc_id", "diem_tong_ket"),
        "ket_qua_hoc_tap": _leaves("ket_qua_hoc_tap_id"),
    }],
    "bang_nang_luc_pham_chat": [{
        "nang_luc_pham_chat": _leaves("nang_luc_pham_chat_id"),
        "muc_danh_gia_nang_luc": _leaves("muc_danh_gia_nang_luc_id"),
    }],
}  # fmt: skip
_SECONDARY_YEAR: _Members = {
    **_YEAR,
    "tong_ket_hoc_ba": _leaves(
        "so_buoi_nghi_hoc",
        *(f"{stem}_{period}_id" for stem in ("ket_qua_ren_luyen", "ket_qua_hoc_tap")
          for period in ("ky_1", "ky_2", "nam")),
        "ket_qua_ren_luyen_ky_he", "ket_qua_hoc_tap_he_id", "is_duoc_len_lop",
        "noi_dung_len_lop", "noi_dung_hoan_thanh_chuong_trinh", "loai_chung_chi",
        "ket_qua_xep_loai", "tham_gia_cuoc_thi", "noi_dung_khen_thuong_dot_xuat",
        "nhan_xet_tong_hop",
    ),
    "ket_qua_mon_hoc": [{
        **_leaves("mon_hoc_id", "diem_hoc_ky_1", "diem_hoc_ky_2", "diem_tong_ket"),
        "giao_vien_bo_mon": _NAME_ONLY,
    }],
}  # fmt: skip


def _document_members(level: Level) -> _Members:
    """Return every member a document of ``level`` may have, at any depth."""
    year = _PRIMARY_YEAR if level is Level.PRIMARY else _SECONDARY_YEAR
    return {
        **_leaves("hoc_ba_id", "is_co_hieu_luc", "cap_hoc_id", "so_so_dang_bo",
                  "ngay_ky_phat_hanh"),
        "nguoi_hoc": _PUPIL,
        "giam_hieu_ky_hoc_ba": _ISSUER,
        "hoc_ba_nam": [year],
    }  # fmt: skip


def _unknown_members(
    data: dict[str, Any], members: _Members, where: str
) -> Iterator[LossEntry]:
    """
    Yield an ``unmapped`` entry for each member the format does not have, at any depth.

    A member of the wrong type is left to the reader, which refuses it.
    """
    yield from unknown_keys(NAME, data, members, where)
    for key, inner in members.items():
        value, at = data.get(key), f"{where}.{key}"
        if isinstance(inner, dict) and isinstance(value, dict):
            yield from _unknown_members(value, inner, at)
        elif isinstance(inner, list) and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _unknown_members(item, inner[0], f"{at}[{index}]")


class _Reader:
    """Reads one document; collects the read-side entries as it goes."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.doc = document
        self.entries: list[LossEntry] = []

    def transcript(self) -> tuple[Transcript, LossReport]:
        level = c.lookup(LEVEL_CODES, field(NAME, self.doc, "cap_hoc_id", "$"), NAME,
                         "$.cap_hoc_id")  # fmt: skip
        self.entries += _unknown_members(self.doc, _document_members(level), "$")
        years_data = [
            obj(NAME, y, f"$.hoc_ba_nam[{i}]")
            for i, y in enumerate(_list(self.doc, "hoc_ba_nam", "$", "year objects"))
        ]
        schools, ids = c.merge_schools(NAME, [self._school_facts(y, i)
                                              for i, y in enumerate(years_data)])  # fmt: skip
        years = [self._year(level, y, ids[i], i) for i, y in enumerate(years_data)]
        transcript = c.build(
            NAME, Transcript, "$",
            lookup_code=_required_text(self.doc, "hoc_ba_id", "$"),
            level=level,
            status=_status(self.doc.get("is_co_hieu_luc")),
            registration_number=_text(self.doc, "so_so_dang_bo", "$"),
            pupil=_read_pupil(obj(NAME, field(NAME, self.doc, "nguoi_hoc", "$"), "$.nguoi_hoc")),
            schools=schools or _no_school(),
            years=tuple(years),
            issuance=_read_issuance(self.doc),
        )  # fmt: skip
        return transcript, LossReport(tuple(self.entries))

    def _school_facts(
        self, year: dict[str, Any], index: int
    ) -> tuple[dict[str, Any], int]:
        where = f"$.hoc_ba_nam[{index}]"
        at = f"{where}.co_so_giao_duc"
        school = obj(NAME, field(NAME, year, "co_so_giao_duc", where), at)
        address = obj(NAME, field(NAME, school, "dia_chi", at), f"{at}.dia_chi")
        facts = {
            "name": _required_text(school, "ten_co_so_giao_duc", at),
            "address": {"province": _text(address, "ten_tinh_thanh", f"{at}.dia_chi"),
                        "district": _text(address, "ten_quan_huyen", f"{at}.dia_chi") or None,
                        "commune": _text(address, "ten_phuong_xa", f"{at}.dia_chi")},
        }  # fmt: skip
        return facts, _int(year.get("nam_bat_dau"), f"{where}.nam_bat_dau")

    def _year(self, level: Level, data: dict[str, Any], school: str, index: int) -> Any:
        where = f"$.hoc_ba_nam[{index}]"
        start = _int(field(NAME, data, "nam_bat_dau", where), f"{where}.nam_bat_dau")
        summary = _object(data, "tong_ket_hoc_ba", where)
        common = {
            "school_year": f"{start}-{start + 1}",
            "grade": _int(field(NAME, data, "khoi_lop_hoc_id", where),
                          f"{where}.khoi_lop_hoc_id"),
            "class_name": _required_text(data, "ten_lop_hoc", where),
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
        at = f"{where}.tong_ket_hoc_ba"
        title, awards = c.split_awards(_text(summary, "khen_thuong", at))
        completed = c.lookup(_FLAG, summary.get("is_hoan_thanh_chuong_trinh", "1"), NAME,
                             f"{at}.is_hoan_thanh_chuong_trinh")  # fmt: skip
        qualities, competencies = _read_table(data, where)
        self.entries += c.blank_counts(NAME, common["school_year"], {
            f"{at}.{key}": summary.get(key)
            for key in ("so_buoi_nghi_co_phep", "so_buoi_nghi_khong_phep")
        })  # fmt: skip
        draft = c.build(
            NAME, PrimaryYear, where, **common,
            attendance=_attendance(summary, at, excused="so_buoi_nghi_co_phep",
                                   unexcused="so_buoi_nghi_khong_phep"),
            height_cm=_decimal(summary.get("chieu_cao"), f"{at}.chieu_cao"),
            weight_kg=_decimal(summary.get("can_nang"), f"{at}.can_nang"),
            subjects=tuple(_primary_rows(data, where)),
            subjects_comment=_text(summary, "nhan_xet_tong_hop", at),
            qualities=qualities, qualities_comment=_text(summary, "nhan_xet_pham_chat", at),
            competencies=competencies,
            general_competencies_comment=_text(summary, "nhan_xet_nang_luc_chung", at),
            specific_competencies_comment=_text(summary, "nhan_xet_nang_luc_dac_thu", at),
            result="not-completed", programme_completed=completed,
            completion_note=_text(summary, "noi_dung_hoan_thanh_chuong_trinh", at),
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
        at = f"{where}.tong_ket_hoc_ba"
        rows = tuple(_secondary_rows(level, data, where))
        self.entries += c.blank_counts(NAME, common["school_year"], {
            f"{at}.so_buoi_nghi_hoc": summary.get("so_buoi_nghi_hoc")
        })  # fmt: skip
        attendance = _attendance(summary, at, excused="so_buoi_nghi_hoc")
        if attendance.excused:
            self.entries.append(LossEntry(
                LossKind.APPROXIMATED, Side.READ, NAME,
                f"years[{common['school_year']}].attendance",
                "The file holds one absence total; it is recorded as excused.",
                source=f"{at}.so_buoi_nghi_hoc",
            ))  # fmt: skip
        title, awards = c.split_awards(
            _text(summary, "noi_dung_khen_thuong_dot_xuat", at)
        )
        return c.build(
            NAME, SecondaryYear, where, **common,
            attendance=attendance,
            subjects=rows,
            electives=c.electives_of(level, (row.subject for row in rows)),
            conduct=_periods(summary, "ket_qua_ren_luyen", where),
            learning=_periods(summary, "ket_qua_hoc_tap", where),
            conduct_after_summer=_achievement(summary, "ket_qua_ren_luyen_ky_he", where),
            learning_after_retest=_achievement(summary, "ket_qua_hoc_tap_he_id", where),
            promoted=_read_flag(summary, "is_duoc_len_lop", where),
            promotion_note=_text(summary, "noi_dung_len_lop", at),
            programme_completed=_read_flag(summary, "noi_dung_hoan_thanh_chuong_trinh", where),
            certificates=_certificates(summary, at),
            competitions=c.split_items(_text(summary, "tham_gia_cuoc_thi", at)),
            commendation=title, awards=awards,
            homeroom_comment=_text(summary, "nhan_xet_tong_hop", at),
        )  # fmt: skip


# ------------------------------------------------------------------ JSON values

_ABSENCES = Attendance.model_json_schema()["properties"]["excused"]
"""The model's schema of one absence count, with its ``minimum`` and ``maximum``."""


def _kind(value: Any) -> str:
    """Name the JSON type of ``value`` for an error, without repeating the value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "NaN or Infinity"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "null"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value: Any) -> str:
    """Show a number as it is, anything else by its type: text may be personal."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return _kind(value)


def _object(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    """Return the object member ``key`` of ``data``; an absent or null one is empty."""
    value = data.get(key)
    return {} if value is None else obj(NAME, value, f"{where}.{key}")


def _list(data: dict[str, Any], key: str, where: str, items: str) -> list[Any]:
    """Return the list member ``key`` of ``data``; an absent or null one is empty."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        c.fail(
            NAME, f"{where}.{key}", f"Expected a list of {items}, found {_kind(value)}."
        )
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str | None:
    """Return the text member ``key`` of ``data``, or ``None`` when absent or null."""
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        _not_text(value, f"{where}.{key}")
    return value


def _required_text(data: dict[str, Any], key: str, where: str) -> str:
    value = field(NAME, data, key, where)
    if not isinstance(value, str):
        _not_text(value, f"{where}.{key}")
    return value


def _not_text(value: Any, where: str) -> NoReturn:
    c.fail(NAME, where, f"Expected text, found {_kind(value)}.")


def _number(value: Any) -> Decimal | None:
    """Return the number a JSON number or a numeric text holds; ``None`` for others."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    try:
        return parse_decimal(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _count(value: Any, where: str) -> int:
    """Return an absence count; a blank one is 0, which the caller reports."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    low, high = _ABSENCES["minimum"], _ABSENCES["maximum"]
    number = _number(value)
    if (
        number is None
        or not low <= number <= high
        or number != number.to_integral_value()
    ):
        c.fail(
            NAME,
            where,
            f"Expected a whole number from {low} to {high}, found {_shown(value)}.",
        )
    return int(number)


def _attendance(summary: dict[str, Any], where: str, **members: str) -> Attendance:
    """Return the attendance the counts in the members named per field give."""
    counts = {
        name: _count(summary.get(key), f"{where}.{key}")
        for name, key in members.items()
    }
    return c.build(NAME, Attendance, where, **counts)


def _status(value: Any) -> TranscriptStatus:
    if value is None:
        return TranscriptStatus.IN_FORCE
    in_force = c.lookup(_FLAG, value, NAME, "$.is_co_hieu_luc")
    return TranscriptStatus.IN_FORCE if in_force else TranscriptStatus.REVOKED


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
    if not isinstance(value, int | str | Decimal) or isinstance(value, bool):
        c.fail(NAME, where, f"Expected a number, found {_kind(value)}.")
    try:
        return parse_decimal(str(value))
    except ValueError as exc:
        c.fail(NAME, where, str(exc))


def _score(value: Any, where: str) -> Any:
    """Return a test score for the model to check, refusing what is not a number."""
    if value is not None and _number(value) is None:
        c.fail(
            NAME,
            where,
            f"Expected a number (a whole test score), found {_kind(value)}.",
        )
    return value


def _name(value: Any, where: str) -> str:
    return _required_text(obj(NAME, value, where), "ho_va_ten", where)


def _date(value: Any, where: str) -> Any:
    if not isinstance(value, str):
        c.fail(
            NAME,
            where,
            f"Expected text holding a date dd/MM/yyyy, found {_kind(value)}.",
        )
    try:
        return parse_date(value)
    except ValueError as exc:
        c.fail(NAME, where, str(exc))


# ------------------------------------------------------------------ read parts


def _read_pupil(data: dict[str, Any]) -> Pupil:
    where = "$.nguoi_hoc"
    return c.build(
        NAME, Pupil, where,
        full_name=_required_text(data, "ho_va_ten", where),
        sex=_read_sex(obj(NAME, field(NAME, data, "gioi_tinh", where), f"{where}.gioi_tinh")),
        birth_date=_date(field(NAME, data, "ngay_sinh", where), f"{where}.ngay_sinh"),
        ethnicity=_ethnicity(_object(data, "dan_toc", where), f"{where}.dan_toc"),
        nationality=_text(_object(data, "quoc_tich", where), "ten_quoc_tich",
                          f"{where}.quoc_tich") or "Việt Nam",
        personal_id=_text(data, "so_dinh_danh_ca_nhan", where),
        birth_place=_read_detail(data, "noi_sinh", where),
        hometown=_read_detail(data, "dia_chi_thuong_tru", where),
        residence=_read_detail(data, "noi_o_hien_tai", where),
        father=_guardian(data, "thong_tin_cha", where),
        mother=_guardian(data, "thong_tin_me", where),
        guardian=_guardian(data, "thong_tin_nguoi_giam_ho", where),
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
        return Sex.parse(_required_text(data, "ten_gioi_tinh", where))
    except ValueError as exc:
        c.fail(NAME, f"{where}.ten_gioi_tinh", str(exc))


def _ethnicity(data: dict[str, Any], where: str) -> Any:
    try:
        return parse_ethnicity(_text(data, "ten_dan_toc", where) or "")
    except ValueError as exc:
        c.fail(NAME, f"{where}.ten_dan_toc", str(exc))


def _read_detail(data: dict[str, Any], key: str, where: str) -> str | None:
    return _text(_object(data, key, where), "dia_chi_chi_tiet", f"{where}.{key}")


def _guardian(data: dict[str, Any], key: str, where: str) -> Guardian | None:
    at = f"{where}.{key}"
    person = _object(data, key, where)
    name = _text(person, "ho_va_ten", at)
    occupation = _text(person, "nghe_nghiep", at)
    if not name:
        return None
    return c.build(NAME, Guardian, at, name=name, occupation=occupation)


def _read_issuance(doc: dict[str, Any]) -> Issuance | None:
    where = "$.giam_hieu_ky_hoc_ba"
    signer = _object(doc, "giam_hieu_ky_hoc_ba", "$")
    if not signer:
        return None
    day = _date(field(NAME, doc, "ngay_ky_phat_hanh", "$"), "$.ngay_ky_phat_hanh")
    position = _text(_object(signer, "chuc_vu_cong_tac", where), "ten_chuc_vu_cong_tac",
                     f"{where}.chuc_vu_cong_tac")  # fmt: skip
    principal = c.build(
        NAME, Signer, where, name=_name(signer, where), role=SignerRole.PRINCIPAL,
        position=position, signed_on=day,
    )  # fmt: skip
    return c.build(NAME, Issuance, "$", signer=principal, date=day)


def _rows(data: dict[str, Any], where: str) -> list[tuple[dict[str, Any], str]]:
    rows = _list(data, "ket_qua_mon_hoc", where, "subject results")
    return [(obj(NAME, row, f"{where}.ket_qua_mon_hoc[{i}]"), f"{where}.ket_qua_mon_hoc[{i}]")
            for i, row in enumerate(rows)]  # fmt: skip


def _subject(level: Level, row: dict[str, Any], where: str) -> Any:
    return c.lookup(SUBJECT_CODES[level], str(row.get("mon_hoc_id", "")).zfill(2), NAME,
                    f"{where}.mon_hoc_id")  # fmt: skip


def _primary_rows(data: dict[str, Any], where: str) -> list[PrimarySubjectResult]:
    result = []
    for row, at in _rows(data, where):
        rating = _object(row, "ket_qua_hoc_tap", at).get("ket_qua_hoc_tap_id")
        result.append(c.build(
            NAME, PrimarySubjectResult, at,
            subject=_subject(Level.PRIMARY, row, at),
            rating=c.lookup(PRIMARY_RATING_CODES, rating, NAME,
                            f"{at}.ket_qua_hoc_tap.ket_qua_hoc_tap_id"),
            test_score=_score(row.get("diem_tong_ket"), f"{at}.diem_tong_ket"),
        ))  # fmt: skip
    return result


def _secondary_rows(
    level: Level, data: dict[str, Any], where: str
) -> list[SecondarySubjectResult]:
    result = []
    for row, at in _rows(data, where):
        teacher = _object(row, "giao_vien_bo_mon", at)
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
    data: dict[str, Any], where: str
) -> tuple[dict[Quality, Any], dict[Competency, Any]]:
    qualities: dict[Quality, Any] = {}
    competencies: dict[Competency, Any] = {}
    table = _list(data, "bang_nang_luc_pham_chat", where, "quality and competency rows")
    for index, value in enumerate(table):
        at = f"{where}.bang_nang_luc_pham_chat[{index}]"
        row = obj(NAME, value, at)
        code = _object(row, "nang_luc_pham_chat", at).get("nang_luc_pham_chat_id")
        item = c.lookup(FORM_TABLE_CODES, code, NAME,
                        f"{at}.nang_luc_pham_chat.nang_luc_pham_chat_id")  # fmt: skip
        level_code = _object(row, "muc_danh_gia_nang_luc", at).get(
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
    return c.build(
        NAME, PeriodResults, f"{where}.tong_ket_hoc_ba",
        semester1=_achievement(summary, f"{stem}_ky_1_id", where),
        semester2=_achievement(summary, f"{stem}_ky_2_id", where),
        year=_achievement(summary, f"{stem}_nam_id", where),
    )  # fmt: skip


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


def _certificates(summary: dict[str, Any], where: str) -> tuple[Certificate, ...]:
    name = _text(summary, "loai_chung_chi", where)
    grade = _text(summary, "ket_qua_xep_loai", where)
    if not name:
        return ()
    return (c.build(NAME, Certificate, where, name=name, grade=grade),)


VARIANT = CentralJSONVariant
