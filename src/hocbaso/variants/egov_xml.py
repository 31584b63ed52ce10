"""
``egov-xml``: a provincial vendor's transcript XML in the e-government style.

Evidence. No học bạ số XML has been published (DOMAIN §1.3, §4.4). Vietnamese
e-government XML has one well-documented family, the e-invoice and tax-message
files of TT 78/2021/TT-BTC and QĐ 1450/QĐ-TCT (DOMAIN §4.3): a root element, a
data part carrying an ``Id`` (``DLHDon Id="…"``) that opens with a
general-information header ``TTChung`` (``PBan`` format version, ``THDon``
title, ``MSo`` form code, ``NLap`` date) followed by the content
(``NDHDon``), then a signature list ``DSCKS`` after the data with one child per
signer role, each holding default-namespace ``Signature`` elements. Element
names are Vietnamese abbreviations (first letters of the syllables) and dates
``dd/MM/yyyy``. A provincial vendor exporting transcripts in that house style
would write what this module reads and writes. Codes are those of the central
system and the sector database: ``mon_hoc_id`` subject codes, quality and
competency codes 01–15, T/H/C, T/Đ/C, T/K/Đ/CĐ, HTXS/HTT/HT/CHT, sex 1/2
(QCVN 109:2017).

Every element name below is ours [B], built the way the tax files build theirs::

    HocBa
      DLHBa Id="DLHBa-<mã tra cứu>"          data part, the signed element
        TTChung                                general information
          PBan THBa MSo MTCuu TThai LPHanh MTCuuTThe SSDBo NLap DDPHanh
          NKHBa (HVTen CVu VTro NKy)  TCSGDuc MCSGDuc
        NDHBa                                  content
          TTHSinh (HVTen GTinh NgSinh DToc QTich SDDCN MHSinh DTuong NoiSinh
                   QQuan CHTai Cha Me NGHo)
          DSTruong/Truong (KHieu Ten MTruong DChi(NHLuc Tinh MTinh Huyen MHuyen
                           Xa MXa CTiet))
          DSNHoc/NamHoc (NHoc Khoi Lop KHTruong GVCN SNCPhep SNKPhep …)
      DSCKS                                    signature list
        GVBM | GVCN | HTruong | CSGDuc         one child per signer role
          Signature xmlns="http://www.w3.org/2000/09/xmldsig#"

``MSo`` names the level: ``01/HBS-TH``, ``02/HBS-THCS``, ``03/HBS-THPT``.
``TCSGDuc``/``MCSGDuc`` repeat the issuing school (the last year's) for the
header, as ``TTChung`` names the seller of an invoice; the reader takes the
schools from ``DSTruong`` and ignores them.

Signatures. The reader never rebuilds ``DSCKS``: each ``Signature`` is reported
``unmapped`` (it covers this file's bytes, and no other format can carry it),
so the original must be verified (:func:`hocbaso.signature.verify_document`)
and kept; :mod:`hocbaso.variants.transfer` does both. The writer writes an
empty ``DSCKS``; :func:`hocbaso.variants.egov_signing.sign_egov_xml` fills it.

What it cannot hold: transfers; the signers of each year (they are the
signatures in ``DSCKS``, not data); the score components behind secondary
semester averages (the form prints the averages only, DOMAIN §3.3); the
subject of the transcript's signer. Reading is strict: a DOCTYPE is refused,
entities are not expanded, nothing is fetched, files over 8 MiB are refused,
and every error names the element's path and line. An element the layout does
not know, an element inside a value, and any attribute but the data part's
``Id`` are reported unmapped with their path; an element that may occur once
(everything but the items of the ``DS…`` lists and the signatures) is refused
where it repeats.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from lxml import etree

from hocbaso._xmlpath import element_path
from hocbaso.errors import HocbasoNotSupportedError, Problem, VariantReadError
from hocbaso.model import (
    Attendance,
    Certificate,
    CommendationTitle,
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
from hocbaso.model.places import AdministrativeAddress
from hocbaso.model.transcript import Mark
from hocbaso.variants import _common as c
from hocbaso.variants.api import BuiltinVariant, Confidence, Variant
from hocbaso.variants.codes import (
    ACHIEVEMENT_CODES,
    COMPETENCY_LEVEL_CODES,
    FORM_TABLE_CODES,
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
    SIGNATURE_NOT_CARRIED,
    LossEntry,
    LossKind,
    LossReport,
    LossTable,
    Side,
    Unheld,
)

__all__ = [
    "COMMENDATION_CODES",
    "FORMAT_VERSION",
    "FORM_CODES",
    "MAX_BYTES",
    "ROLE_ELEMENTS",
    "VARIANT",
    "EgovXMLVariant",
    "data_id",
    "parse_egov",
    "signature_losses",
]

logger = logging.getLogger(__name__)

NAME = BuiltinVariant.EGOV_XML.value
T = TypeVar("T")

FORMAT_VERSION = "1.0.0"
"""``PBan``: the version of this layout; readers accept any 1.x."""

MAX_BYTES = 8 * 1024 * 1024
"""Files larger than this are refused before parsing (a transcript is ~50 kB)."""

FORM_CODES: dict[str, Level] = {
    "01/HBS-TH": Level.PRIMARY,
    "02/HBS-THCS": Level.LOWER_SECONDARY,
    "03/HBS-THPT": Level.UPPER_SECONDARY,
}
"""``MSo``, the form code, naming the level, in the style of ``MSo`` of e-invoices [B]."""

_TITLES = {
    Level.PRIMARY: "HỌC BẠ TIỂU HỌC",
    Level.LOWER_SECONDARY: "HỌC BẠ TRUNG HỌC CƠ SỞ",
    Level.UPPER_SECONDARY: "HỌC BẠ TRUNG HỌC PHỔ THÔNG",
}

ROLE_ELEMENTS: dict[str, SignerRole] = {
    "GVBM": SignerRole.SUBJECT_TEACHER,
    "GVCN": SignerRole.HOMEROOM_TEACHER,
    "HTruong": SignerRole.PRINCIPAL,
    "CSGDuc": SignerRole.SCHOOL_SEAL,
}
"""The children of ``DSCKS`` and ``VTro`` codes: who signs (DOMAIN §1.2)."""

COMMENDATION_CODES: dict[str, CommendationTitle] = {
    "HSXS": CommendationTitle.EXCELLENT,
    "HSTB": CommendationTitle.OUTSTANDING,
    "HSG": CommendationTitle.GOOD,
}
"""``DHieu``: the principal's year-end titles (TT 27 Art. 13, TT 22 Art. 15) [B]."""

_STATUS = {"1": TranscriptStatus.IN_FORCE, "0": TranscriptStatus.REVOKED}
_FLAG = {"1": True, "0": False}
_DS_NS = "http://www.w3.org/2000/09/xmldsig#"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

UNHELD = LossTable(NAME, (
    Unheld("years[*].individual_plan", "The basis of an individual education plan: "
           "the vendor layout has no element for it."),
    Unheld("transfers", "The vendor layout has no transfer table."),
    Unheld("years[*].signers", "Year signers are the signatures in DSCKS, not data; "
           "signatures do not carry over to another file."),
    Unheld("years[*].subjects[*].semester1_components", "The form prints semester "
           "averages only, not the assessments behind them (DOMAIN §3.3)."),
    Unheld("years[*].subjects[*].semester2_components", "The form prints semester "
           "averages only, not the assessments behind them (DOMAIN §3.3)."),
    Unheld("issuance.signer.subject", "The signer of the transcript has no subject."),
    Unheld("provenance", "The receiving school's provenance record: the vendor layout "
           "has no element for it; it travels in the canonical XML, under the school's "
           "seal."),
))  # fmt: skip
"""The canonical fields this variant cannot hold, with the reasons."""


def data_id(lookup_code: str) -> str:
    """
    Return the ``Id`` of the data part ``DLHBa``, which signatures reference.

    :param lookup_code: the transcript's look-up code.
    :returns: ``"DLHBa-"`` and the code.
    """
    return f"DLHBa-{lookup_code}"


class EgovXMLVariant(Variant):
    """A vendor's e-government-style transcript XML (see the module documentation)."""

    name = NAME
    media_type = "application/xml"
    extension = ".xml"
    description = "Provincial vendor XML, e-government style (TTChung, DLHBa, DSCKS)."

    def detect(self, data: bytes) -> Confidence:
        """
        Recognise a ``HocBa`` root whose data part is ``DLHBa``.

        :param data: the bytes.
        :returns: ``CERTAIN`` or ``NONE``.
        """
        head = data[:4096]
        found = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
        return Confidence.CERTAIN if found and _ROOT.search(head) else Confidence.NONE

    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        """
        Read a vendor file safely and strictly.

        :param data: the bytes.
        :returns: the transcript, and the signatures and unknown elements it
            could not carry.
        :raises VariantReadError: naming the element's path and line.
        :raises HocbasoNotSupportedError: for a layout version other than 1.x.
        """
        root = parse_egov(data)
        return _Reader(root).transcript()

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write a transcript in the vendor layout, with an empty signature list.

        :param transcript: the transcript.
        :returns: the XML, and what it could not carry.
        """
        root = _document(transcript)
        data = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return data, LossReport(tuple(UNHELD.entries(transcript)))


_ROOT = re.compile(rb"<HocBa[\s>].*?<DLHBa[\s>]", re.DOTALL)

# ----------------------------------------------------------------------------- write


def _add(parent: etree._Element, tag: str, value: object = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if value is not None:
        element.text = _text(value)
    return element


def _opt(parent: etree._Element, tag: str, value: object) -> None:
    if value is not None:
        _add(parent, tag, value)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _document(t: Transcript) -> etree._Element:
    root = etree.Element("HocBa")
    data = _add(root, "DLHBa")
    data.set("Id", data_id(t.lookup_code))
    _header(_add(data, "TTChung"), t)
    content = _add(data, "NDHBa")
    _pupil(_add(content, "TTHSinh"), t.pupil)
    schools = _add(content, "DSTruong")
    for school in t.schools:
        _school(_add(schools, "Truong"), school)
    years = _add(content, "DSNHoc")
    for year in t.years:
        _year(_add(years, "NamHoc"), t.level, year)
    _add(root, "DSCKS")
    return root


def _header(head: etree._Element, t: Transcript) -> None:
    _add(head, "PBan", FORMAT_VERSION)
    _add(head, "THBa", _TITLES[t.level])
    _add(head, "MSo", code_for(FORM_CODES, t.level))
    _add(head, "MTCuu", t.lookup_code)
    _add(head, "TThai", code_for(_STATUS, t.status))
    _add(head, "LPHanh", t.version)
    _opt(head, "MTCuuTThe", t.replaces)
    _opt(head, "SSDBo", t.registration_number)
    if t.issuance is not None:
        _issuance(head, t.issuance)
    issuer = c.issuing_school(t)
    _add(head, "TCSGDuc", issuer.name)
    _opt(head, "MCSGDuc", issuer.code)


def _issuance(head: etree._Element, issuance: Issuance) -> None:
    _add(head, "NLap", format_date(issuance.date, DateStyle.DMY))
    _opt(head, "DDPHanh", issuance.place)
    signer = _add(head, "NKHBa")
    _add(signer, "HVTen", issuance.signer.name)
    _opt(signer, "CVu", issuance.signer.position)
    _add(signer, "VTro", code_for(ROLE_ELEMENTS, issuance.signer.role))
    if issuance.signer.signed_on is not None:
        _add(signer, "NKy", format_date(issuance.signer.signed_on, DateStyle.DMY))


def _pupil(el: etree._Element, pupil: Pupil) -> None:
    _add(el, "HVTen", pupil.full_name)
    _add(el, "GTinh", code_for(SEX_CODES, pupil.sex))
    _add(el, "NgSinh", format_date(pupil.birth_date, DateStyle.DMY))
    _add(el, "DToc", pupil.ethnicity.canonical_name)
    _add(el, "QTich", pupil.nationality)
    _opt(el, "SDDCN", pupil.personal_id)
    _opt(el, "MHSinh", pupil.learner_code)
    _opt(el, "DTuong", pupil.policy_category)
    _opt(el, "NoiSinh", pupil.birth_place)
    _opt(el, "QQuan", pupil.hometown)
    _opt(el, "CHTai", pupil.residence)
    for tag, person in (("Cha", pupil.father), ("Me", pupil.mother),
                        ("NGHo", pupil.guardian)):  # fmt: skip
        if person is not None:
            holder = _add(el, tag)
            _add(holder, "HVTen", person.name)
            _opt(holder, "NNghiep", person.occupation)


def _school(el: etree._Element, school: School) -> None:
    _add(el, "KHieu", school.id)
    _add(el, "Ten", school.name)
    _opt(el, "MTruong", school.code)
    address, holder = school.address, _add(el, "DChi")
    _add(holder, "NHLuc", format_date(address.as_of, DateStyle.DMY))
    _add(holder, "Tinh", address.province)
    _opt(holder, "MTinh", address.province_code)
    _opt(holder, "Huyen", address.district)
    _opt(holder, "MHuyen", address.district_code)
    _add(holder, "Xa", address.commune)
    _opt(holder, "MXa", address.commune_code)
    _opt(holder, "CTiet", address.detail)


def _year(el: etree._Element, level: Level, year: PrimaryYear | SecondaryYear) -> None:
    _add(el, "NHoc", year.school_year)
    _add(el, "Khoi", year.grade)
    _add(el, "Lop", year.class_name)
    _add(el, "KHTruong", year.school)
    _add(el, "GVCN", year.homeroom_teacher)
    _add(el, "SNCPhep", year.attendance.excused)
    _add(el, "SNKPhep", year.attendance.unexcused)
    if isinstance(year, PrimaryYear):
        _primary_year(el, year)
    else:
        _secondary_year(el, level, year)
    _opt(el, "DHieu", _commendation(year.commendation))
    _list(el, "DSKThuong", "KThuong", year.awards)


def _commendation(title: CommendationTitle | None) -> str | None:
    return None if title is None else code_for(COMMENDATION_CODES, title)


def _list(el: etree._Element, wrapper: str, item: str, values: tuple[Any, ...]) -> None:
    if values:
        holder = _add(el, wrapper)
        for value in values:
            _add(holder, item, value)


def _primary_year(el: etree._Element, year: PrimaryYear) -> None:
    _opt(el, "CCao", year.height_cm)
    _opt(el, "CNang", year.weight_kg)
    rows = _add(el, "DSMHoc")
    for row in year.subjects:
        holder = _add(rows, "MHoc")
        _add(holder, "MMHoc", code_for(SUBJECT_CODES[Level.PRIMARY], row.subject))
        _add(holder, "MDat", code_for(PRIMARY_RATING_CODES, row.rating))
        _opt(holder, "DKTDK", row.test_score)
    _opt(el, "NXMHoc", year.subjects_comment)
    table, levels = _add(el, "DSNLPChat"), c.form_table(year)
    for code, item in FORM_TABLE_CODES.items():
        holder = _add(table, "NLPChat")
        _add(holder, "Ma", code)
        _add(holder, "Muc", code_for(COMPETENCY_LEVEL_CODES, levels[item]))
    _opt(el, "NXPChat", year.qualities_comment)
    _opt(el, "NXNLChung", year.general_competencies_comment)
    _opt(el, "NXNLDThu", year.specific_competencies_comment)
    _add(el, "KQGDuc", code_for(PRIMARY_RESULT_CODES, year.result))
    _add(el, "HTCTrinh", year.programme_completed)
    _opt(el, "NDHTCTrinh", year.completion_note)


def _secondary_year(el: etree._Element, level: Level, year: SecondaryYear) -> None:
    rows = _add(el, "DSMHoc")
    for row in year.subjects:
        _secondary_row(_add(rows, "MHoc"), level, row)
    codes = tuple(code_for(SUBJECT_CODES[level], s) for s in year.electives)
    _list(el, "DSMLChon", "MMHoc", codes)
    for tag, value in _achievements(year):
        _opt(el, tag, None if value is None else code_for(ACHIEVEMENT_CODES, value))
    _opt(el, "LLop", year.promoted)
    _opt(el, "NDLLop", year.promotion_note)
    _opt(el, "HTCTrinh", year.programme_completed)
    if year.certificates:
        holder = _add(el, "DSCChi")
        for cert in year.certificates:
            item = _add(holder, "CChi")
            _add(item, "Ten", cert.name)
            _opt(item, "XLoai", cert.grade)
    _list(el, "DSCThi", "CThi", year.competitions)
    _opt(el, "NXGVCN", year.homeroom_comment)


def _achievements(year: SecondaryYear) -> tuple[tuple[str, Any], ...]:
    return (
        ("RLHK1", year.conduct.semester1), ("RLHK2", year.conduct.semester2),
        ("RLCNam", year.conduct.year), ("HTHK1", year.learning.semester1),
        ("HTHK2", year.learning.semester2), ("HTCNam", year.learning.year),
        ("RLHe", year.conduct_after_summer), ("HTRLai", year.learning_after_retest),
    )  # fmt: skip


def _secondary_row(
    el: etree._Element, level: Level, row: SecondarySubjectResult
) -> None:
    _add(el, "MMHoc", code_for(SUBJECT_CODES[level], row.subject))
    _opt(el, "DHK1", _mark(row.semester1))
    _opt(el, "DHK2", _mark(row.semester2))
    _opt(el, "DCNam", _mark(row.year))
    _opt(el, "DSKTLai", _mark(row.after_reassessment))
    _opt(el, "GVBMon", row.teacher)
    _opt(el, "NXet", row.comment)


def _mark(mark: Mark | None) -> str | None:
    if mark is None:
        return None
    if isinstance(mark, Decimal):
        return format(mark, "f")
    return code_for(PASS_FAIL_CODES, mark)


# ----------------------------------------------------------------------------- read

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _problem(reason: str, path: str = "", line: int | None = None) -> VariantReadError:
    code = f"variant.{NAME}.value"
    return VariantReadError(
        NAME, [Problem(code=code, reason=reason, path=path, line=line)]
    )


def parse_egov(data: bytes, *, strip: bool = True) -> etree._Element:
    """
    Parse a vendor file safely: no DTD, no entities, no network, at most 8 MiB.

    :param data: the bytes.
    :param strip: drop comments and processing instructions (for reading);
        keep them when the exact document matters (for signing).
    :returns: the root element.
    :raises VariantReadError: with the line of a syntax error.
    """
    if len(data) > MAX_BYTES:
        raise _problem(f"The file has {len(data):,} bytes; at most {MAX_BYTES:,} "
                       "are read.")  # fmt: skip
    if _DOCTYPE.search(data):
        raise _problem("The file has a DOCTYPE; DTDs and entities are refused.")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=strip, remove_pis=strip,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _problem(f"The file is not well-formed XML: {exc.msg}.",
                       line=exc.lineno) from exc  # fmt: skip
    doctype: str = getattr(root.getroottree().docinfo, "doctype", "")
    if doctype:
        raise _problem("The file has a DOCTYPE; DTDs and entities are refused.")
    return root


class _Reader:
    """One file being read: element access with errors that name path and line."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.tree = root.getroottree()
        self.entries: list[LossEntry] = []

    # -- element access

    def path(self, el: etree._Element) -> str:
        return str(self.tree.getpath(el))

    def fail(self, el: etree._Element, reason: str) -> VariantReadError:
        line = el.sourceline
        return _problem(reason, self.path(el), line if isinstance(line, int) else None)

    def child(self, parent: etree._Element, tag: str) -> etree._Element:
        found = parent.find(tag)
        if found is None:
            raise self.fail(parent, f"The required element {tag!r} is missing.")
        return found

    def opt(self, parent: etree._Element, tag: str) -> str | None:
        found = parent.find(tag)
        if found is None or found.text is None or found.text == "":
            return None
        return found.text

    def need(self, parent: etree._Element, tag: str) -> str:
        value = self.opt(parent, tag)
        if value is None:
            raise self.fail(
                parent, f"The required element {tag!r} is missing or empty."
            )
        return value

    def code(self, parent: etree._Element, tag: str, table: dict[str, T]) -> T:
        value = self.need(parent, tag).strip()
        if value not in table:
            allowed = ", ".join(repr(k) for k in table)
            raise self.fail(self.child(parent, tag),
                            f"Code {value!r} is not one of {allowed}.")  # fmt: skip
        return table[value]

    def opt_code(
        self, parent: etree._Element, tag: str, table: dict[str, T]
    ) -> T | None:
        return None if self.opt(parent, tag) is None else self.code(parent, tag, table)

    def convert(
        self, parent: etree._Element, tag: str, parse: Callable[[str], T]
    ) -> T | None:
        value = self.opt(parent, tag)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            raise self.fail(self.child(parent, tag), str(exc)) from exc

    def date(self, parent: etree._Element, tag: str) -> Any:
        value = self.convert(parent, tag, lambda v: parse_date(v, DateStyle.DMY))
        if value is None:
            raise self.fail(parent, f"The required date {tag!r} is missing.")
        return value

    def items(
        self, parent: etree._Element, wrapper: str, item: str
    ) -> list[etree._Element]:
        holder = parent.find(wrapper)
        return [] if holder is None else list(holder.iterfind(item))

    def texts(self, parent: etree._Element, wrapper: str, item: str) -> tuple[str, ...]:
        return tuple(e.text for e in self.items(parent, wrapper, item) if e.text)

    def build(self, factory: Callable[..., T], el: etree._Element, **data: Any) -> T:
        line = el.sourceline if isinstance(el.sourceline, int) else None
        return c.build_at(NAME, factory, line=line, where=self.path(el), **data)

    # -- the document

    def transcript(self) -> tuple[Transcript, LossReport]:
        if self.root.tag != "HocBa":
            raise self.fail(self.root, f"The root element is {self.root.tag!r}; "
                            "expected 'HocBa'.")  # fmt: skip
        self.check_layout(self.root)
        data = self.child(self.root, "DLHBa")
        head, content = self.child(data, "TTChung"), self.child(data, "NDHBa")
        self.check_version(head)
        level = self.code(head, "MSo", FORM_CODES)
        self.note_signatures()
        transcript = self.build(
            Transcript, data,
            lookup_code=self.need(head, "MTCuu"), level=level,
            status=self.code(head, "TThai", _STATUS),
            version=self.convert(head, "LPHanh", int) or 1,
            replaces=self.opt(head, "MTCuuTThe"),
            registration_number=self.opt(head, "SSDBo"),
            pupil=self.pupil(self.child(content, "TTHSinh")),
            schools=tuple(self.school(e) for e in self.items(content, "DSTruong", "Truong")),
            years=tuple(self.year(level, e) for e in self.items(content, "DSNHoc", "NamHoc")),
            issuance=self.issuance(head),
        )  # fmt: skip
        return transcript, LossReport(tuple(self.entries))

    def check_version(self, head: etree._Element) -> None:
        version = self.need(head, "PBan")
        if version.split(".")[0] != FORMAT_VERSION.split(".")[0]:
            raise HocbasoNotSupportedError(
                f"Layout version PBan {version!r} is not supported; "
                f"expected {FORMAT_VERSION} or another 1.x."
            )

    def issuance(self, head: etree._Element) -> Issuance | None:
        holder = head.find("NKHBa")
        if holder is None:
            return None
        signer = self.build(
            Signer, holder, name=self.need(holder, "HVTen"),
            position=self.opt(holder, "CVu"),
            role=self.code(holder, "VTro", ROLE_ELEMENTS),
            signed_on=self.date(holder, "NKy") if holder.find("NKy") is not None else None,
        )  # fmt: skip
        return self.build(Issuance, holder, signer=signer, date=self.date(head, "NLap"),
                          place=self.opt(head, "DDPHanh"))  # fmt: skip

    def pupil(self, el: etree._Element) -> Pupil:
        return self.build(
            Pupil, el,
            full_name=self.need(el, "HVTen"), sex=self.sex(el),
            birth_date=self.date(el, "NgSinh"),
            ethnicity=self.ethnicity(el),
            nationality=self.opt(el, "QTich") or "Việt Nam",
            personal_id=self.opt(el, "SDDCN"), learner_code=self.opt(el, "MHSinh"),
            policy_category=self.opt(el, "DTuong"), birth_place=self.opt(el, "NoiSinh"),
            hometown=self.opt(el, "QQuan"), residence=self.opt(el, "CHTai"),
            father=self.person(el, "Cha"), mother=self.person(el, "Me"),
            guardian=self.person(el, "NGHo"),
        )  # fmt: skip

    def ethnicity(self, el: etree._Element) -> Any:
        self.need(el, "DToc")
        return self.convert(el, "DToc", parse_ethnicity)

    def sex(self, el: etree._Element) -> Any:
        sex = self.code(el, "GTinh", SEX_CODES)
        if sex is None:
            raise self.fail(self.child(el, "GTinh"), "Sex code '0' (unknown, QCVN "
                            "109:2017) cannot be held: the form prints Nam or Nữ.")  # fmt: skip
        return sex

    def person(self, parent: etree._Element, tag: str) -> Guardian | None:
        el = parent.find(tag)
        if el is None:
            return None
        return self.build(Guardian, el, name=self.need(el, "HVTen"),
                          occupation=self.opt(el, "NNghiep"))  # fmt: skip

    def school(self, el: etree._Element) -> School:
        holder = self.child(el, "DChi")
        address = self.build(
            AdministrativeAddress, holder,
            as_of=self.date(holder, "NHLuc"), province=self.need(holder, "Tinh"),
            province_code=self.opt(holder, "MTinh"), district=self.opt(holder, "Huyen"),
            district_code=self.opt(holder, "MHuyen"), commune=self.need(holder, "Xa"),
            commune_code=self.opt(holder, "MXa"), detail=self.opt(holder, "CTiet"),
        )  # fmt: skip
        return self.build(School, el, id=self.need(el, "KHieu"), name=self.need(el, "Ten"),
                          code=self.opt(el, "MTruong"), address=address)  # fmt: skip

    def year(self, level: Level, el: etree._Element) -> PrimaryYear | SecondaryYear:
        self.entries += c.blank_counts(NAME, el.findtext("NHoc") or "", {
            f"{self.path(el)}/{tag}": self.opt(el, tag) for tag in ("SNCPhep", "SNKPhep")
        })  # fmt: skip
        common = {
            "school_year": self.need(el, "NHoc"), "grade": self.need(el, "Khoi"),
            "class_name": self.need(el, "Lop"), "school": self.need(el, "KHTruong"),
            "homeroom_teacher": self.need(el, "GVCN"),
            "attendance": self.build(Attendance, el, excused=self.opt(el, "SNCPhep") or 0,
                                     unexcused=self.opt(el, "SNKPhep") or 0),
            "commendation": self.opt_code(el, "DHieu", COMMENDATION_CODES),
            "awards": self.texts(el, "DSKThuong", "KThuong"),
        }  # fmt: skip
        if level is Level.PRIMARY:
            return self.primary(el, common)
        return self.secondary(level, el, common)

    def primary(self, el: etree._Element, common: dict[str, Any]) -> PrimaryYear:
        table = {self.code(row, "Ma", FORM_TABLE_CODES):
                 self.code(row, "Muc", COMPETENCY_LEVEL_CODES)
                 for row in self.items(el, "DSNLPChat", "NLPChat")}  # fmt: skip
        return self.build(
            PrimaryYear, el, **common,
            height_cm=self.convert(el, "CCao", parse_decimal),
            weight_kg=self.convert(el, "CNang", parse_decimal),
            subjects=tuple(self.primary_row(r) for r in self.items(el, "DSMHoc", "MHoc")),
            subjects_comment=self.opt(el, "NXMHoc"),
            qualities={k: v for k, v in table.items() if k in _QUALITIES},
            competencies={k: v for k, v in table.items() if k not in _QUALITIES},
            qualities_comment=self.opt(el, "NXPChat"),
            general_competencies_comment=self.opt(el, "NXNLChung"),
            specific_competencies_comment=self.opt(el, "NXNLDThu"),
            result=self.code(el, "KQGDuc", PRIMARY_RESULT_CODES),
            programme_completed=self.code(el, "HTCTrinh", _FLAG),
            completion_note=self.opt(el, "NDHTCTrinh"),
        )  # fmt: skip

    def primary_row(self, el: etree._Element) -> PrimarySubjectResult:
        return self.build(
            PrimarySubjectResult,
            el,
            subject=self.code(el, "MMHoc", SUBJECT_CODES[Level.PRIMARY]),
            rating=self.code(el, "MDat", PRIMARY_RATING_CODES),
            test_score=self.opt(el, "DKTDK"),
        )

    def secondary(
        self, level: Level, el: etree._Element, common: dict[str, Any]
    ) -> SecondaryYear:
        codes = SUBJECT_CODES[level]
        electives = [self.lookup(e, codes) for e in self.items(el, "DSMLChon", "MMHoc")]
        return self.build(
            SecondaryYear, el, **common,
            subjects=tuple(self.secondary_row(level, r)
                           for r in self.items(el, "DSMHoc", "MHoc")),
            electives=tuple(electives),
            conduct=self.periods(el, "RLHK1", "RLHK2", "RLCNam"),
            learning=self.periods(el, "HTHK1", "HTHK2", "HTCNam"),
            conduct_after_summer=self.opt_code(el, "RLHe", ACHIEVEMENT_CODES),
            learning_after_retest=self.opt_code(el, "HTRLai", ACHIEVEMENT_CODES),
            promoted=self.opt_code(el, "LLop", _FLAG),
            promotion_note=self.opt(el, "NDLLop"),
            programme_completed=self.opt_code(el, "HTCTrinh", _FLAG),
            certificates=tuple(self.certificate(e) for e in self.items(el, "DSCChi", "CChi")),
            competitions=self.texts(el, "DSCThi", "CThi"),
            homeroom_comment=self.opt(el, "NXGVCN"),
        )  # fmt: skip

    def lookup(self, el: etree._Element, table: dict[str, T]) -> T:
        value = (el.text or "").strip()
        if value not in table:
            raise self.fail(el, f"Subject code {value!r} is not known at this level.")
        return table[value]

    def periods(
        self, el: etree._Element, first: str, second: str, year: str
    ) -> PeriodResults:
        return PeriodResults(
            semester1=self.opt_code(el, first, ACHIEVEMENT_CODES),
            semester2=self.opt_code(el, second, ACHIEVEMENT_CODES),
            year=self.opt_code(el, year, ACHIEVEMENT_CODES),
        )

    def certificate(self, el: etree._Element) -> Certificate:
        return self.build(Certificate, el, name=self.need(el, "Ten"),
                          grade=self.opt(el, "XLoai"))  # fmt: skip

    def secondary_row(self, level: Level, el: etree._Element) -> SecondarySubjectResult:
        return self.build(
            SecondarySubjectResult, el,
            subject=self.code(el, "MMHoc", SUBJECT_CODES[level]),
            semester1=self.convert(el, "DHK1", _read_mark),
            semester2=self.convert(el, "DHK2", _read_mark),
            year=self.convert(el, "DCNam", _read_mark),
            after_reassessment=self.convert(el, "DSKTLai", _read_mark),
            teacher=self.opt(el, "GVBMon"), comment=self.opt(el, "NXet"),
        )  # fmt: skip

    # -- what the model cannot hold

    def note_signatures(self) -> None:
        self.entries += signature_losses(self.root, NAME)

    def check_layout(self, el: etree._Element) -> None:
        """
        Check an element and, below it, every element the layout knows.

        An element the layout does not know, or an attribute, is reported
        unmapped with its path; an element that may occur once and is repeated
        is refused at the repeat, since the reader would keep only the first.
        Signatures are not entered: :func:`signature_losses` reports them whole.
        """
        self.note_attributes(el)
        allowed, repeatable = _layout_of(el)
        seen: set[str] = set()
        for child in el:
            tag = str(child.tag)
            if tag not in allowed:
                self.unmapped("The element has no place in the canonical model.",
                              self.path(child))  # fmt: skip
                continue
            if tag in seen and tag not in repeatable:
                raise self.fail(child, f"The element {tag!r} may occur once in "
                                f"{el.tag!r}; this is a second one.")  # fmt: skip
            seen.add(tag)
            if tag != _SIGNATURE:
                self.check_layout(child)

    def note_attributes(self, el: etree._Element) -> None:
        for name in el.attrib:
            if str(name) not in _ATTRIBUTES.get(str(el.tag), ()):
                where = f"{self.path(el)}/@{_attribute_name(el, str(name))}"
                self.unmapped(
                    "The attribute has no place in the canonical model.", where
                )

    def unmapped(self, reason: str, source: str) -> None:
        self.entries.append(LossEntry(LossKind.UNMAPPED, Side.READ, NAME, "", reason,
                                      source=source))  # fmt: skip


def signature_losses(root: etree._Element, variant: str) -> list[LossEntry]:
    """
    Return one ``unmapped`` read entry per XML signature in a document.

    A signature covers its file's bytes; no conversion can carry it, so each is
    listed with its path, for the original to be verified and kept.

    :param root: the document element.
    :param variant: the variant being read.
    :returns: the entries, in document order.
    """
    return [
        LossEntry(
            LossKind.UNMAPPED,
            Side.READ,
            variant,
            "",
            SIGNATURE_NOT_CARRIED,
            source=element_path(signature),
        )
        for signature in root.iter(f"{{{_DS_NS}}}Signature")
    ]


def _read_mark(text: str) -> Mark:
    value = text.strip()
    if value in PASS_FAIL_CODES:
        return PASS_FAIL_CODES[value]
    return parse_decimal(value)


_QUALITIES = frozenset(
    item for code, item in FORM_TABLE_CODES.items() if int(code) <= 5
)

_SIGNATURE = f"{{{_DS_NS}}}Signature"
_PERSON = frozenset({"HVTen", "NNghiep"})
_KNOWN: dict[str, frozenset[str]] = {
    "HocBa": frozenset({"DLHBa", "DSCKS"}),
    "DSCKS": frozenset(ROLE_ELEMENTS),
    "DLHBa": frozenset({"TTChung", "NDHBa"}),
    "TTChung": frozenset({"PBan", "THBa", "MSo", "MTCuu", "TThai", "LPHanh", "MTCuuTThe",
                          "SSDBo", "NLap", "DDPHanh", "NKHBa", "TCSGDuc", "MCSGDuc"}),
    "NKHBa": frozenset({"HVTen", "CVu", "VTro", "NKy"}),
    "NDHBa": frozenset({"TTHSinh", "DSTruong", "DSNHoc"}),
    "TTHSinh": frozenset({"HVTen", "GTinh", "NgSinh", "DToc", "QTich", "SDDCN", "MHSinh",
                          "DTuong", "NoiSinh", "QQuan", "CHTai", "Cha", "Me", "NGHo"}),
    "Cha": _PERSON, "Me": _PERSON, "NGHo": _PERSON,
    "DSTruong": frozenset({"Truong"}),
    "Truong": frozenset({"KHieu", "Ten", "MTruong", "DChi"}),
    "DChi": frozenset({"NHLuc", "Tinh", "MTinh", "Huyen", "MHuyen", "Xa", "MXa", "CTiet"}),
    "DSNHoc": frozenset({"NamHoc"}),
    "NamHoc": frozenset({"NHoc", "Khoi", "Lop", "KHTruong", "GVCN", "SNCPhep", "SNKPhep",
                         "CCao", "CNang", "DSMHoc", "NXMHoc", "DSNLPChat", "NXPChat",
                         "NXNLChung", "NXNLDThu", "KQGDuc", "HTCTrinh", "NDHTCTrinh",
                         "DSMLChon", "RLHK1", "RLHK2", "RLCNam", "HTHK1", "HTHK2",
                         "HTCNam", "RLHe", "HTRLai", "LLop", "NDLLop", "DSCChi",
                         "DSCThi", "NXGVCN", "DHieu", "DSKThuong"}),
    "DSMHoc": frozenset({"MHoc"}),
    "MHoc": frozenset({"MMHoc", "MDat", "DKTDK", "DHK1", "DHK2", "DCNam", "DSKTLai",
                       "GVBMon", "NXet"}),
    "DSNLPChat": frozenset({"NLPChat"}),
    "NLPChat": frozenset({"Ma", "Muc"}),
    "DSMLChon": frozenset({"MMHoc"}),
    "DSCChi": frozenset({"CChi"}),
    "CChi": frozenset({"Ten", "XLoai"}),
    "DSCThi": frozenset({"CThi"}),
    "DSKThuong": frozenset({"KThuong"}),
}  # fmt: skip
"""The children each element may have; others are reported unmapped. An element
not listed holds a value and may have no children."""

_REPEATABLE: dict[str, frozenset[str]] = {
    "DSTruong": frozenset({"Truong"}), "DSNHoc": frozenset({"NamHoc"}),
    "DSMHoc": frozenset({"MHoc"}), "DSNLPChat": frozenset({"NLPChat"}),
    "DSMLChon": frozenset({"MMHoc"}), "DSCChi": frozenset({"CChi"}),
    "DSCThi": frozenset({"CThi"}), "DSKThuong": frozenset({"KThuong"}),
}  # fmt: skip
"""The children that may occur more than once; every other child occurs at most once."""

_ROLE_CHILDREN = frozenset({_SIGNATURE})
"""What a signer role's child of ``DSCKS`` holds: that role's signatures, any number."""

_ATTRIBUTES: dict[str, frozenset[str]] = {"DLHBa": frozenset({"Id"})}
"""The attributes the layout has: only the data part's ``Id``, which signatures reference."""


def _layout_of(el: etree._Element) -> tuple[frozenset[str], frozenset[str]]:
    """Return the children ``el`` may have, and which of them may repeat."""
    parent = el.getparent()
    # Only the root's DSCKS is entered (it is known nowhere else), so this is a role.
    if parent is not None and parent.tag == "DSCKS":
        return _ROLE_CHILDREN, _ROLE_CHILDREN
    tag = str(el.tag)
    return _KNOWN.get(tag, frozenset()), _REPEATABLE.get(tag, frozenset())


def _attribute_name(el: etree._Element, name: str) -> str:
    """Return an attribute's name as written, with its prefix (``xml:lang``)."""
    qname = etree.QName(name)
    if qname.namespace is None:
        return name
    if qname.namespace == _XML_NS:
        return f"xml:{qname.localname}"
    prefixes = [p for p, uri in el.nsmap.items() if uri == qname.namespace and p]
    return f"{prefixes[0]}:{qname.localname}" if prefixes else name


VARIANT = EgovXMLVariant
