"""
The verification report: one :class:`DocumentReport` with a :class:`SignatureReport` each.

Indications follow ETSI EN 319 102-1 §5.1.3 (``TOTAL_PASSED``, ``TOTAL_FAILED``,
``INDETERMINATE``); the sub-indications are the ones of its table 5 that apply
to XML signatures.  Every check that was run, skipped or failed is listed, in
three separate groups: integrity (the bytes and the signature value), trust
(the certificate path at the validation time) and policy (algorithms, format
constraints).  The indication is a pure function of the checks:
:func:`decide_signature`, and the document's of the signatures':
:func:`decide_document`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum, StrEnum
from importlib import resources
from typing import Any

from hocbaso.signature.roles import SignerRole

__all__ = [
    "VIETNAM_TIME",
    "CertificateInfo",
    "Check",
    "CheckGroup",
    "CheckStatus",
    "DocumentReport",
    "Indication",
    "PDFSignatureDetails",
    "ReferenceScope",
    "SignatureReport",
    "SubIndication",
    "TimeSource",
    "decide_document",
    "decide_signature",
    "load_report_schema",
]

logger = logging.getLogger(__name__)

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
"""Indochina Time, +07:00: how times are shown, and read when a time has no zone."""

REPORT_VERSION = "1"


class Indication(StrEnum):
    """The main status of a signature or a document (ETSI EN 319 102-1 §5.1.3)."""

    TOTAL_PASSED = "TOTAL_PASSED"
    TOTAL_FAILED = "TOTAL_FAILED"
    INDETERMINATE = "INDETERMINATE"
    NO_SIGNATURE_FOUND = "NO_SIGNATURE_FOUND"


class SubIndication(StrEnum):
    """Why a signature did not pass (ETSI EN 319 102-1 table 5)."""

    FORMAT_FAILURE = "FORMAT_FAILURE"
    HASH_FAILURE = "HASH_FAILURE"
    SIG_CRYPTO_FAILURE = "SIG_CRYPTO_FAILURE"
    SIG_CONSTRAINTS_FAILURE = "SIG_CONSTRAINTS_FAILURE"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    CHAIN_CONSTRAINTS_FAILURE = "CHAIN_CONSTRAINTS_FAILURE"
    SIGNED_DATA_NOT_FOUND = "SIGNED_DATA_NOT_FOUND"
    NO_SIGNING_CERTIFICATE_FOUND = "NO_SIGNING_CERTIFICATE_FOUND"
    NO_CERTIFICATE_CHAIN_FOUND = "NO_CERTIFICATE_CHAIN_FOUND"
    CERTIFICATE_CHAIN_GENERAL_FAILURE = "CERTIFICATE_CHAIN_GENERAL_FAILURE"
    CRYPTO_CONSTRAINTS_FAILURE = "CRYPTO_CONSTRAINTS_FAILURE"
    OUT_OF_BOUNDS_NO_POE = "OUT_OF_BOUNDS_NO_POE"
    NO_POE = "NO_POE"
    """No proof that the signature existed at the validation time."""

    @property
    def indication(self) -> Indication:
        """Return the indication this sub-indication belongs to."""
        if self in _FAILED:
            return Indication.TOTAL_FAILED
        return Indication.INDETERMINATE


_FAILED = frozenset(
    {
        SubIndication.FORMAT_FAILURE,
        SubIndication.HASH_FAILURE,
        SubIndication.SIG_CRYPTO_FAILURE,
        SubIndication.SIG_CONSTRAINTS_FAILURE,
        SubIndication.REVOKED,
        SubIndication.EXPIRED,
        SubIndication.NOT_YET_VALID,
        SubIndication.CHAIN_CONSTRAINTS_FAILURE,
    }
)


class CheckStatus(StrEnum):
    """The outcome of one check."""

    PASSED = "PASSED"
    FAILED = "FAILED"
    WARNING = "WARNING"
    SKIPPED = "SKIPPED"


class CheckGroup(StrEnum):
    """The group a check belongs to; an untrusted root is not an invalid signature."""

    INTEGRITY = "integrity"
    TRUST = "trust"
    POLICY = "policy"


class TimeSource(StrEnum):
    """Where the validation time came from."""

    CALLER = "caller"
    """Given explicitly by the caller (``at=``)."""

    SIGNING_TIME = "signing-time"
    """The signing time claimed inside the signed content of this signature."""

    NOW = "now"
    """The current time given by the caller (no signing time could be established)."""

    TIMESTAMP = "timestamp"
    """The time of a verified RFC 3161 timestamp over this signature (PAdES B-T)."""


@dataclass(frozen=True, slots=True)
class Check:
    """One check with its outcome; a report lists every check, never omitting one."""

    name: str
    """Stable identifier, e.g. ``'integrity.reference-digest'``."""

    group: CheckGroup
    """Integrity, trust or policy."""

    status: CheckStatus
    """Passed, failed, warning or skipped."""

    reason: str
    """One sentence saying what was found; never document content."""

    target: str = ""
    """What was checked, e.g. a reference URI or a certificate subject."""

    sub_indication: SubIndication | None = None
    """What a failure of this check means; set only when ``status`` is FAILED."""


@dataclass(frozen=True, slots=True)
class ReferenceScope:
    """What one ``Reference`` covers."""

    uri: str
    """The ``URI`` attribute as written (``""`` is the whole document)."""

    type: str | None
    """The ``Type`` attribute, e.g. the XAdES SignedProperties type."""

    element_path: str | None
    """Path of the referenced element, ``None`` for the whole document or if unresolved."""

    transforms: tuple[str, ...]
    """The transform URIs, in order."""

    digest_algorithm: str
    """The digest method URI."""

    digest_matched: bool
    """Whether the recomputed digest equals ``DigestValue``."""

    covers_signatures: tuple[str, ...] = ()
    """Paths of other signatures inside the covered content (e.g. a seal over teachers)."""

    inside_signature: bool = False
    """Whether the content is part of this signature itself (signed properties)."""


@dataclass(frozen=True, slots=True)
class CertificateInfo:
    """The facts about one certificate shown in a report."""

    subject: str
    """Subject distinguished name (RFC 4514)."""

    issuer: str
    """Issuer distinguished name (RFC 4514)."""

    serial_number: str
    """Serial number in hexadecimal."""

    not_before: datetime
    """Start of validity."""

    not_after: datetime
    """End of validity."""

    sha256_fingerprint: str
    """SHA-256 of the DER encoding, hexadecimal."""


@dataclass(frozen=True, slots=True)
class PDFSignatureDetails:
    """What is particular to a signature in a PDF (PAdES or a document timestamp)."""

    field_name: str
    """The fully qualified name of the signature field."""

    kind: str
    """``'approval'``, ``'certification'`` or ``'document-timestamp'``."""

    sub_filter: str | None
    """The ``/SubFilter``, e.g. ``'/ETSI.CAdES.detached'``."""

    byte_range: tuple[int, ...]
    """The ``/ByteRange`` as written: offset and length pairs."""

    coverage: str
    """``'entire-file'``, ``'entire-revision'``, ``'partial'`` or ``'unclear'``."""

    revision: int
    """The revision the signature belongs to (0 is the original file)."""

    later_revisions: int
    """How many incremental updates were appended after it."""

    modification_level: str | None
    """
    The most that changed after it: ``'none'``, ``'lta-updates'``,
    ``'form-filling'``, ``'annotations'`` or ``'other'`` (``None`` if not analysed).
    """

    docmdp_permission: str | None
    """For a certification signature: ``'no-changes'``, ``'fill-forms'`` or ``'annotate'``."""

    timestamp_time: datetime | None
    """The time of its verified signature or document timestamp, in +07:00."""


@dataclass(frozen=True, slots=True)
class SignatureReport:
    """Everything established about one signature: an XML ``Signature`` or a PDF one."""

    path: str
    """Readable path of the ``Signature`` element."""

    signature_id: str | None
    """Its ``Id`` attribute."""

    indication: Indication
    """The main status; :func:`decide_signature` of :attr:`checks`."""

    sub_indication: SubIndication | None
    """Why it did not pass, if it did not."""

    signature_format: str
    """``'XMLDSig'`` or ``'XAdES-BES'``."""

    signer: CertificateInfo | None
    """The certificate whose key verified the signature value."""

    claimed_role: str | None
    """The role text the signer claimed (XAdES ``ClaimedRole``)."""

    role: SignerRole | None
    """The claimed role mapped to a stable name, if it is one we know."""

    claimed_signing_time: datetime | None
    """The signing time the signer claimed, in +07:00."""

    timezone_assumed: bool
    """Whether the claimed time had no UTC offset and +07:00 was assumed."""

    established_signing_time: datetime | None
    """The claimed time, if it is inside verified signed content; else ``None``."""

    validation_time: datetime
    """The time the certificate path was evaluated at, in +07:00."""

    validation_time_source: TimeSource
    """Where :attr:`validation_time` came from."""

    scope: tuple[ReferenceScope, ...]
    """What each reference covers."""

    chain: tuple[CertificateInfo, ...]
    """The certificate path from the signer to the anchor, if one was found."""

    signature_algorithm: str | None
    """The ``SignatureMethod`` URI."""

    canonicalization_algorithm: str | None
    """The ``CanonicalizationMethod`` URI."""

    checks: tuple[Check, ...]
    """Every check, in the order run."""

    pdf: PDFSignatureDetails | None = None
    """For a PDF signature, its byte range, coverage and later changes; else ``None``."""

    claimed_signer: CertificateInfo | None = None
    """
    When no key verified the value, the certificate ``KeyInfo`` names (the
    leaf): who the signature claims to be from, not proven; else ``None``.
    """

    @property
    def signed_paths(self) -> tuple[str, ...]:
        """Return the paths of the elements this signature covers (only those)."""
        return tuple(s.element_path or "/" for s in self.scope if s.digest_matched)

    @property
    def covers_signatures(self) -> tuple[str, ...]:
        """Return the paths of the other signatures this one covers."""
        return tuple(p for s in self.scope for p in s.covers_signatures)


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """The report for one document."""

    signatures: tuple[SignatureReport, ...]
    """One report per ``Signature`` element, in document order."""

    indication: Indication
    """:func:`decide_document` of the signatures' indications."""

    problems: tuple[str, ...] = ()
    """Document-level problems (e.g. a duplicated ``Id``), one sentence each."""

    source: str = ""
    """A label for the document (a file name), chosen by the caller."""

    report_version: str = field(default=REPORT_VERSION)
    """The version of this report's JSON form (see the published schema)."""

    unsigned: tuple[str, ...] = ()
    """
    The parts of a signed XML document that no intact signature covers.

    The topmost such elements, by path: they can change without any signature
    noticing (a transcript whose years are signed but which no seal covers yet
    leaves ``/Transcript/Pupil`` here). Empty when every part is covered, when
    nothing is signed, and for PDFs, whose signatures cover whole revisions.
    """

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (times in +07:00, ISO 8601)."""
        data: dict[str, Any] = _data(self)
        for sig_data, sig in zip(data["signatures"], self.signatures, strict=True):
            sig_data["signed_paths"] = list(sig.signed_paths)
            sig_data["covers_signatures"] = list(sig.covers_signatures)
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON text conforming to ``report.schema.json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        """Return a readable plain-text rendering of the report."""
        from hocbaso.signature._text import render_text

        return render_text(self)


def load_report_schema() -> dict[str, Any]:
    """
    Return the published JSON Schema of :meth:`DocumentReport.to_json`.

    :returns: the schema (JSON Schema 2020-12), shipped as package data.
    """
    text = resources.files("hocbaso.signature").joinpath("schema/report.schema.json")
    # The schema file holds one JSON object.
    return json.loads(text.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _data(value: Any) -> Any:
    # One pass from the report's dataclasses to JSON-ready values.
    # dataclasses.asdict deep-copies every leaf value first; for a report of a
    # dozen signatures that copying cost more than the verification itself.
    # A report has a thousand values of a dozen types: the conversion is
    # chosen once per type (a pure function of it) rather than by a chain of
    # isinstance tests per value.
    kind = type(value)
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter_for(kind)
    return convert(value)


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}
"""The conversion chosen for each type met; bounded by the types in a report."""


def _converter_for(kind: type) -> Callable[[Any], Any]:
    # The order of the tests matters: a StrEnum is a str, a bool an int.
    if issubclass(kind, Enum):
        return _enum_value
    if kind is type(None) or issubclass(kind, str | int | float):
        return _same
    if issubclass(kind, datetime):
        return _time_text
    if issubclass(kind, list | tuple):
        return _items
    if issubclass(kind, dict):
        return _mapping
    if is_dataclass(kind):
        return _record_of(kind)
    return _same


def _same(value: Any) -> Any:
    return value


def _enum_value(value: Enum) -> Any:
    return value.value


def _time_text(value: datetime) -> str:
    return value.astimezone(VIETNAM_TIME).isoformat()


def _items(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [_data(item) for item in value]


def _mapping(value: dict[Any, Any]) -> dict[Any, Any]:
    return {key: _data(item) for key, item in value.items()}


def _record_of(kind: type) -> Callable[[Any], dict[str, Any]]:
    names = tuple(f.name for f in fields(kind))

    def record(value: Any) -> dict[str, Any]:
        return {name: _data(getattr(value, name)) for name in names}

    return record


def decide_signature(
    checks: Iterable[Check],
) -> tuple[Indication, SubIndication | None]:
    """
    Derive a signature's indication from its checks.

    A failed check whose sub-indication means ``TOTAL_FAILED`` wins over one
    that means ``INDETERMINATE``; among equals the first failure wins.  With
    no failure the result is ``TOTAL_PASSED``.

    :param checks: the checks, in the order run.
    :returns: the indication and the sub-indication (``None`` when passed).
    """
    failures = [c.sub_indication for c in checks if c.status is CheckStatus.FAILED]
    subs = [s if s is not None else SubIndication.FORMAT_FAILURE for s in failures]
    for sub in subs:
        if sub.indication is Indication.TOTAL_FAILED:
            return Indication.TOTAL_FAILED, sub
    if subs:
        return Indication.INDETERMINATE, subs[0]
    return Indication.TOTAL_PASSED, None


def decide_document(indications: Sequence[Indication]) -> Indication:
    """
    Derive a document's indication from its signatures'.

    :param indications: one per signature.
    :returns: ``NO_SIGNATURE_FOUND`` if there is none, ``TOTAL_FAILED`` if any
        failed, ``INDETERMINATE`` if any is indeterminate, else ``TOTAL_PASSED``.
    """
    if not indications:
        return Indication.NO_SIGNATURE_FOUND
    for worst in (Indication.TOTAL_FAILED, Indication.INDETERMINATE):
        if worst in indications:
            return worst
    return Indication.TOTAL_PASSED
