"""
Verified transfer: receive a transcript from another school, keep the legal chain.

When a pupil moves, the new school receives the old school's transcript, often
in another vendor's format and sometimes only as a converted copy beside the
signed original. :func:`receive_transfer` verifies the signed original first
and refuses to go on when it does not verify (unless the caller explicitly
accepts that, which is recorded), converts to the canonical model with the loss
report, and writes a provenance record: the source's format, its SHA-256, the
verification result per signature (indication, signer, role, time).
:func:`issue_transfer` then writes the record into the transcript it issues
(``provenance`` of :class:`hocbaso.model.Transcript`, the ``Provenance``
element before ``Signatures``), seals that with the receiving school's seal on
``#transcript``, so the seal covers the record, and renders the PDF/A-3 with the
original as a second associated file (``/AFRelationship /Source``) and the
sidecar record as a third (``/Supplement``).

Where the record lives. The sealed XML holds the record with loss *counts*; the
sidecar JSON document (:meth:`Provenance.to_json`) holds the same facts plus the
full loss entries, the copy's losses against the original and the paths each
signature covers. The sidecar is embedded in the PDF and bound to the issued XML
by that XML's SHA-256 (``issued_sha256``).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from hocbaso.errors import (
    HocbasoNotSupportedError,
    HocbasoValueError,
    SigningError,
    TransferMismatchError,
    TransferRefusedError,
)
from hocbaso.model import (
    LossCounts,
    SignatureResult,
    SourceFile,
    Transcript,
    Verification,
    VerificationIndication,
    VerificationSubIndication,
)
from hocbaso.model import Provenance as TranscriptProvenance
from hocbaso.signature import (
    DEFAULT_POLICY,
    DocumentReport,
    Indication,
    SignatureReport,
    Signer,
    SignerRole,
    TrustSettings,
    ValidationPolicy,
    sign_document,
    verify_document,
)
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.variants.api import BuiltinVariant, Variant, detect_variant, get_variant
from hocbaso.variants.loss import LossEntry, LossReport
from hocbaso.variants.paths import changed_paths

__all__ = [
    "PROVENANCE_VERSION",
    "SIGNABLE_VARIANTS",
    "IssuedTransfer",
    "Provenance",
    "SignatureRecord",
    "TransferResult",
    "issue_transfer",
    "receive_transfer",
]

logger = logging.getLogger(__name__)

PROVENANCE_VERSION = "1"
"""The version of the provenance record's JSON form."""

SIGNABLE_VARIANTS = frozenset({BuiltinVariant.CANONICAL_XML, BuiltinVariant.EGOV_XML})
"""The variants that carry signatures; the others are unsigned copies."""

NOT_VERIFIED = "NOT_VERIFIED"
"""The indication recorded when nothing could be verified and the caller accepted it."""


@dataclass(frozen=True, slots=True)
class SignatureRecord:
    """What the provenance record keeps of one verified signature (no document content)."""

    signature_id: str | None
    indication: str
    sub_indication: str | None
    signer: str | None
    """The signer certificate's subject (RFC 4514)."""
    certificate_sha256: str | None
    role: str | None
    signing_time: str | None
    """The established signing time in +07:00, else the claimed one, ISO 8601."""
    covers: tuple[str, ...]
    """The paths of the elements the signature covers."""

    @classmethod
    def of(cls, report: SignatureReport) -> SignatureRecord:
        """
        Return the record of one signature report.

        :param report: the report.
        :returns: the record.
        """
        when = report.established_signing_time or report.claimed_signing_time
        signer = report.signer
        return cls(
            signature_id=report.signature_id,
            indication=report.indication.value,
            sub_indication=report.sub_indication.value
            if report.sub_indication
            else None,
            signer=signer.subject if signer else None,
            certificate_sha256=signer.sha256_fingerprint if signer else None,
            role=report.role.value if report.role else report.claimed_role,
            signing_time=when.astimezone(VIETNAM_TIME).isoformat() if when else None,
            covers=report.signed_paths,
        )


@dataclass(frozen=True, slots=True)
class Provenance:
    """The receiving school's record of what it received and what it checked."""

    source_variant: str
    source_sha256: str
    source_bytes: int
    original_variant: str
    """The variant of the signed original (the source itself when it is signed)."""
    original_sha256: str
    verified_at: str
    """When the verification ran (the ``now`` given), ISO 8601 in +07:00."""
    indication: str
    """The original's document indication, or ``NOT_VERIFIED``."""
    accepted_unverified: bool
    """Whether the caller accepted an original that did not verify."""
    signatures: tuple[SignatureRecord, ...]
    losses: LossReport
    """What the conversion to the issued format could not carry."""
    record: TranscriptProvenance
    """
    The same facts as the transcript holds them (loss counts, not entries):
    :func:`issue_transfer` writes this into the transcript it seals.
    """
    copy_losses: LossReport | None = None
    """What the received copy lacked compared with the signed original, if both came."""
    issued_sha256: str | None = None
    """SHA-256 of the signed XML the receiving school issued (set by :func:`issue_transfer`)."""

    def to_dict(self) -> dict[str, Any]:
        """
        Return the record as JSON-ready data.

        :returns: the record; it holds digests, codes and paths, never transcript values.
        """
        return {
            "provenance_version": PROVENANCE_VERSION,
            "source": {"variant": self.source_variant, "sha256": self.source_sha256,
                       "bytes": self.source_bytes},
            "original": {"variant": self.original_variant, "sha256": self.original_sha256},
            "verification": {
                "verified_at": self.verified_at, "indication": self.indication,
                "accepted_unverified": self.accepted_unverified,
                "signatures": [_record_dict(s) for s in self.signatures],
            },
            "losses": self.losses.to_dict(),
            "copy_losses": self.copy_losses.to_dict() if self.copy_losses else None,
            "issued_sha256": self.issued_sha256,
        }  # fmt: skip

    def to_json(self) -> bytes:
        """
        Return the record as UTF-8 JSON, keys sorted, for embedding and storage.

        :returns: the bytes, ending with a newline.
        """
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
        return (text + "\n").encode("utf-8")


def _record_dict(record: SignatureRecord) -> dict[str, Any]:
    return {
        "signature_id": record.signature_id, "indication": record.indication,
        "sub_indication": record.sub_indication, "signer": record.signer,
        "certificate_sha256": record.certificate_sha256, "role": record.role,
        "signing_time": record.signing_time, "covers": list(record.covers),
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class TransferResult:
    """The outcome of :func:`receive_transfer`."""

    data: bytes
    """
    The transcript in the target variant, unsigned.

    As canonical XML it holds the provenance record too (the ``Provenance``
    element), ready for the receiving school's seal; other variants cannot
    hold it, and their loss report says so.
    """
    target_variant: str
    transcript: Transcript
    report: LossReport
    """Reading the original, then writing the target."""
    provenance: Provenance
    verification: DocumentReport | None
    """The original's verification report; ``None`` if nothing could be verified."""
    original: bytes
    """The signed original as received (the source when no separate original came)."""
    original_media_type: str

    def data_losses(self) -> tuple[LossEntry, ...]:
        """
        Return the losses of :attr:`report` other than the original's signatures.

        Signatures cover the original's bytes and cannot move into another
        file; a transfer verifies them and records each result in the
        provenance record, and the original, kept beside the result (attached
        to the PDF by :func:`issue_transfer`), still carries them. What this
        returns is what the transcript's data lost.

        :returns: the loss entries that are not the original's signatures.
        """
        return tuple(e for e in self.report.losses() if not e.is_signature)

    @property
    def verified(self) -> bool:
        """Whether the original's signatures verified (``TOTAL_PASSED``)."""
        return _passed(self.verification)


@dataclass(frozen=True, slots=True)
class IssuedTransfer:
    """What the receiving school issues: the sealed XML, the PDF and the record."""

    xml: bytes
    """The canonical XML sealed by the receiving school."""
    pdf: bytes | None
    """The PDF/A-3 with the issued XML, the original and the record attached."""
    provenance: Provenance
    """The sidecar record, with ``issued_sha256`` set."""
    transcript: Transcript
    """The issued transcript, its ``provenance`` set: what :attr:`xml` holds."""


def receive_transfer(
    source: bytes,
    *,
    trust: TrustSettings,
    at: datetime | None = None,
    now: datetime | None = None,
    to: str = BuiltinVariant.CANONICAL_XML.value,
    source_variant: str | None = None,
    original: bytes | None = None,
    accept_unverified: bool = False,
    policy: ValidationPolicy = DEFAULT_POLICY,
) -> TransferResult:
    """
    Verify a received transcript's signatures, then convert it, keeping a record.

    A signed source (``canonical-xml``, ``egov-xml``) is verified itself. An
    unsigned copy (JSON, records, a spreadsheet) needs the signed ``original``
    beside it: the original is verified, the copy is checked to say what the
    original says, and the issued transcript is taken from the original.

    :param source: the file received.
    :param trust: the trust anchors for the original's signatures.
    :param at: an explicit validation time, passed to
        :func:`~hocbaso.signature.verify_document`.
    :param now: the current time (timezone-aware); read from the clock if omitted.
    :param to: the variant to convert to.
    :param source_variant: the source's variant; detected when ``None``.
    :param original: the signed original, when ``source`` is an unsigned copy.
    :param accept_unverified: go on although nothing verified (recorded as such).
    :param policy: which algorithms may pass.
    :returns: the converted transcript, the loss report and the provenance record.
    :raises TransferRefusedError: if the original does not verify as
        ``TOTAL_PASSED``, or there is no signed original, and
        ``accept_unverified`` is false.
    :raises TransferMismatchError: if the copy disagrees with the signed original.
    """
    current = now if now is not None else datetime.now(UTC)
    variant = get_variant(source_variant) if source_variant else detect_variant(source)
    signed, signed_variant = _signed_original(source, variant, original)
    verification = _verify(signed, trust, policy, at, current, accept_unverified)
    transcript, report, copy_losses = _to_canonical(
        source, variant, signed, signed_variant
    )

    target = get_variant(to)
    data, write_report = target.write(transcript)
    received = _Received(source, variant, signed or source, signed_variant or variant)
    provenance = _provenance(
        received, verification, report.merged(write_report), copy_losses, current,
        accepted=accept_unverified and not _passed(verification),
    )  # fmt: skip
    logger.info("received a %s transfer, sha256 %s, %s", variant.name,
                provenance.source_sha256, provenance.indication)  # fmt: skip
    if target.name == BuiltinVariant.CANONICAL_XML:
        # The canonical XML holds the record as its Provenance element, so the
        # receiving school's seal over #transcript covers it however it seals.
        data, _ = target.write(
            transcript.model_copy(update={"provenance": provenance.record})
        )
    return TransferResult(
        data=data, target_variant=target.name, transcript=transcript,
        report=provenance.losses, provenance=provenance, verification=verification,
        original=received.original, original_media_type=received.original_variant.media_type,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Received:
    source: bytes
    variant: Variant
    original: bytes
    original_variant: Variant


def _provenance(
    received: _Received,
    verification: DocumentReport | None,
    losses: LossReport,
    copy_losses: LossReport | None,
    now: datetime,
    *,
    accepted: bool,
) -> Provenance:
    return Provenance(
        source_variant=received.variant.name,
        source_sha256=hashlib.sha256(received.source).hexdigest(),
        source_bytes=len(received.source),
        original_variant=received.original_variant.name,
        original_sha256=hashlib.sha256(received.original).hexdigest(),
        verified_at=now.astimezone(VIETNAM_TIME).isoformat(),
        indication=verification.indication.value if verification else NOT_VERIFIED,
        accepted_unverified=accepted,
        signatures=tuple(SignatureRecord.of(s) for s in _signatures(verification)),
        losses=losses,
        record=_record(received, verification, losses, now, accepted=accepted),
        copy_losses=copy_losses,
    )


def _record(
    received: _Received,
    verification: DocumentReport | None,
    losses: LossReport,
    now: datetime,
    *,
    accepted: bool,
) -> TranscriptProvenance:
    # The original is recorded apart only when it is not the source itself.
    separate = received.original is not received.source
    counts = losses.counts()
    try:
        checked = Verification(
            verified_at=now.astimezone(VIETNAM_TIME),
            indication=_indication(verification),
            accepted_unverified=accepted,
            signatures=tuple(_result(s) for s in _signatures(verification)),
        )
        original = _source_file(received.original, received.original_variant)
        return TranscriptProvenance(
            received_on=now.astimezone(VIETNAM_TIME).date(),
            source=_source_file(received.source, received.variant),
            original=original if separate else None,
            verification=checked,
            losses=LossCounts(**{kind: counts[kind] for kind in _COUNTED}),
        )
    except ValidationError as exc:
        # A certificate subject with a character XML cannot carry, or a
        # third-party variant's name over 64 characters, gets here.
        raise HocbasoValueError(
            "The provenance record cannot be written: a certificate subject or a "
            f"variant's name cannot be carried in XML ({exc.error_count()} error(s))."
        ) from exc


_COUNTED = ("dropped", "approximated", "unmapped")


def _indication(report: DocumentReport | None) -> VerificationIndication:
    if report is None:
        return VerificationIndication.NOT_VERIFIED
    return VerificationIndication(report.indication.value)


def _source_file(data: bytes, variant: Variant) -> SourceFile:
    return SourceFile(
        variant=variant.name,
        # The essence only (RFC 6838 §4.2 names are case-insensitive).
        media_type=variant.media_type.split(";", 1)[0].strip().lower(),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def _result(report: SignatureReport) -> SignatureResult:
    when = report.established_signing_time or report.claimed_signing_time
    signer = report.signer
    sub = report.sub_indication
    return SignatureResult(
        signature_id=report.signature_id or None,
        indication=VerificationIndication(report.indication.value),
        sub_indication=VerificationSubIndication(sub.value) if sub else None,
        signer_subject=(signer.subject or None) if signer else None,
        certificate_sha256=signer.sha256_fingerprint.lower() if signer else None,
        role=report.role,
        signing_time=when.astimezone(VIETNAM_TIME) if when else None,
    )


def _signed_original(
    source: bytes, variant: Variant, original: bytes | None
) -> tuple[bytes | None, Variant | None]:
    if original is not None:
        found = detect_variant(original)
        if found.name not in SIGNABLE_VARIANTS:
            raise HocbasoNotSupportedError(
                f"The original is {found.name!r}, which carries no signatures; "
                f"expected one of {', '.join(sorted(SIGNABLE_VARIANTS))}."
            )
        return original, found
    if variant.name in SIGNABLE_VARIANTS:
        return source, variant
    return None, None


def _passed(report: DocumentReport | None) -> bool:
    return report is not None and report.indication is Indication.TOTAL_PASSED


def _signatures(report: DocumentReport | None) -> tuple[SignatureReport, ...]:
    return () if report is None else report.signatures


def _verify(
    signed: bytes | None,
    trust: TrustSettings,
    policy: ValidationPolicy,
    at: datetime | None,
    now: datetime,
    accept_unverified: bool,
) -> DocumentReport | None:
    report = None
    if signed is not None:
        report = verify_document(signed, trust=trust, policy=policy, at=at, now=now)
    if _passed(report):
        return report
    if not accept_unverified:
        raise TransferRefusedError(_refusal(report), report)
    logger.warning("accepting a source whose signatures did not verify (%s), as asked",
                   report.indication.value if report else NOT_VERIFIED)  # fmt: skip
    return report


def _refusal(report: DocumentReport | None) -> str:
    if report is None:
        return (
            "The source carries no signatures and no signed original was given; "
            "pass the original, or accept_unverified=True (--accept-unverified) to "
            "record it unverified."
        )
    return (
        f"The original's signatures did not verify ({report.indication.value}); "
        "it is refused. See the report; accept_unverified=True "
        "(--accept-unverified) goes on and records it."
    )


def _to_canonical(
    source: bytes,
    variant: Variant,
    signed: bytes | None,
    signed_variant: Variant | None,
) -> tuple[Transcript, LossReport, LossReport | None]:
    if signed is None or signed is source or signed_variant is None:
        transcript, report = variant.read(source)
        return transcript, report, None
    transcript, report = signed_variant.read(signed)
    copy_losses = _check_copy(source, variant, transcript)
    return transcript, report, copy_losses


def _check_copy(source: bytes, variant: Variant, original: Transcript) -> LossReport:
    copy, _ = variant.read(source)
    expected_bytes, losses = variant.write(original)
    expected, _ = variant.read(expected_bytes)
    differ = sorted(changed_paths(expected, copy))
    if differ:
        shown = ", ".join(differ[:5]) + (" …" if len(differ) > 5 else "")
        raise TransferMismatchError(
            f"The {variant.name} copy does not say what the signed original says "
            f"({len(differ)} value(s) differ: {shown})."
        )
    return losses


def issue_transfer(
    result: TransferResult,
    *,
    seal: Signer,
    signing_time: datetime,
    pdf: bool = True,
) -> IssuedTransfer:
    """
    Seal the received transcript as the receiving school and render its PDF.

    The provenance record (:attr:`Provenance.record`) is written into the
    transcript first, as its ``Provenance`` element, so the seal on
    ``#transcript`` covers it. A record the received transcript already held
    (it was itself transferred before) is replaced; the earlier one stays in
    the original, which the PDF carries.

    :param result: from :func:`receive_transfer` with ``to="canonical-xml"``.
    :param seal: the receiving school's seal.
    :param signing_time: the signing time (timezone-aware).
    :param pdf: also render the PDF/A-3 with the original and the record attached.
    :returns: the sealed XML, the transcript it holds, the PDF and the completed
        sidecar record.
    :raises HocbasoNotSupportedError: if the result is not canonical XML.
    :raises SigningError: if ``signing_time`` is before the reception was
        verified (:attr:`Provenance.verified_at`), beyond the clock skew allowed.
    """
    from hocbaso.xml import ROOT_ID, write_xml

    if result.target_variant != BuiltinVariant.CANONICAL_XML:
        raise HocbasoNotSupportedError(
            f"Only canonical XML is issued and sealed, not {result.target_variant!r}."
        )
    _check_seal_time(result.provenance, signing_time)
    transcript = result.transcript.model_copy(
        update={"provenance": result.provenance.record}
    )
    if result.transcript.provenance is not None:
        logger.info("replacing the provenance record the received transcript held")
    xml = sign_document(write_xml(transcript), seal, reference=f"#{ROOT_ID}",
                        signing_time=signing_time, role=SignerRole.SCHOOL_SEAL)  # fmt: skip
    provenance = replace(
        result.provenance, issued_sha256=hashlib.sha256(xml).hexdigest()
    )
    document = _render(result, xml, provenance, signing_time) if pdf else None
    return IssuedTransfer(
        xml=xml, pdf=document, provenance=provenance, transcript=transcript
    )


def _check_seal_time(provenance: Provenance, signing_time: datetime) -> None:
    # The seal covers the record of the reception: dated before the reception
    # was verified, it would claim to seal what the school had not yet
    # received (and could date the issue before the sending school's own
    # signatures). The clock skew a verifier allows is allowed here too.
    verified = datetime.fromisoformat(provenance.verified_at)
    if signing_time >= verified - DEFAULT_POLICY.clock_skew:
        return
    raise SigningError(
        f"The seal's signing time {signing_time.astimezone(VIETNAM_TIME).isoformat()} is "
        f"before the transcript was received and verified ({provenance.verified_at}); "
        "a seal cannot predate what it seals."
    )


def _render(
    result: TransferResult, xml: bytes, provenance: Provenance, when: datetime
) -> bytes:
    from hocbaso.pdf import render_pdf_from_xml
    from hocbaso.pdf.attach import add_associated_file

    day = when.astimezone(VIETNAM_TIME).date()
    extension = get_variant(provenance.original_variant).extension
    document = add_associated_file(
        render_pdf_from_xml(xml), result.original,
        name=f"original-{provenance.original_variant}{extension}",
        mime_type=result.original_media_type, relationship="Source",
        description="Học bạ số: bản gốc nhận khi chuyển trường", date=day,
    )  # fmt: skip
    return add_associated_file(
        document, provenance.to_json(), name="provenance.json",
        mime_type="application/json", relationship="Supplement",
        description="Học bạ số: hồ sơ tiếp nhận (định dạng, SHA-256, kết quả xác thực)",
        date=day,
    )  # fmt: skip
