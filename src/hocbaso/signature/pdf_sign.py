"""
Sign a transcript PDF (PAdES), one role after another, keeping it PDF/A-3.

The principal signs first and certifies the document (DocMDP, changes limited
to form filling and signing), so the school's seal can still be added while
any other change breaks the certification.  Each signature is an incremental
update into a signature field made for its role; the first signature creates
the fields of every role, in the sign-off area the renderer keeps free at the
foot of the identity page (``hocbaso.pdf._sign_off``), each with a visible
block in Vietnamese: the role, the signer's name, the position and the signing
time in +07:00.

>>> signed = sign_pdf(pdf, principal, role=SignerRole.PRINCIPAL,
...                   signing_time=when)  # doctest: +SKIP
>>> signed = sign_pdf(signed, seal, role=SignerRole.SCHOOL_SEAL,
...                   signing_time=when)  # doctest: +SKIP

With a timestamp authority (``timestamper``, any pyHanko ``TimeStamper``) the
signature is PAdES B-T, else B-B.  The information dictionary and the XMP are
left as rendered: PDF/A-3 requires the two to agree, and changing one would
break it.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import find_inherited_value_in_tree
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps.api import TimeStamper

from hocbaso.errors import PDFReadError, SigningError
from hocbaso.pdf._sign_off import SIGN_OFF_BOTTOM, SIGN_OFF_PAGE, SIGN_OFF_TOP
from hocbaso.signature._pdf_cms import adapt, reserved_size
from hocbaso.signature._pdf_fields import PDF_SIGNING_ORDER, pdf_field_name
from hocbaso.signature._pdf_stamp import BlockStyle
from hocbaso.signature.api import Signer
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.signature.roles import SignerRole, parse_role
from hocbaso.signature.sign import check_signing_certificate

__all__ = [
    "PDF_SIGNING_ORDER",
    "next_pdf_role",
    "pdf_field_name",
    "sign_pdf",
]

logger = logging.getLogger(__name__)

_HEADINGS = {
    SignerRole.PRINCIPAL: "HIỆU TRƯỞNG",
    SignerRole.SCHOOL_SEAL: "XÁC NHẬN CỦA NHÀ TRƯỜNG",
}
_POSITIONS = {
    SignerRole.PRINCIPAL: "Hiệu trưởng",
    SignerRole.SCHOOL_SEAL: "Con dấu của nhà trường",
}
_MARGIN = 51.0
_GAP = 12.0


class _Writer(IncrementalPdfFileWriter):
    """An incremental writer that leaves the document's metadata alone."""

    def _update_meta(self) -> None:
        # pyHanko rewrites Info's /ModDate and /Producer on every update but
        # not the XMP; PDF/A-3 (ISO 19005-3 §6.6.3) needs the two to agree.
        return


def _open(pdf: bytes) -> _Writer:
    try:
        return _Writer(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError) as exc:
        raise PDFReadError("The PDF cannot be read for signing.") from exc


def _prepare_fields(writer: _Writer, role: SignerRole) -> None:
    # A damaged file that pyHanko's lenient reader still opens can lack its
    # page tree or hold a malformed form; say so as any reader would, rather
    # than fail on a missing key deep inside.
    try:
        filled = _filled_roles(writer.prev)
        _check_order(role, filled)
        if not filled:
            _add_fields(writer)
    except (KeyError, IndexError, TypeError, AttributeError, PdfError) as exc:
        raise PDFReadError(
            "The file is not a readable PDF: its page tree or form fields are broken."
        ) from exc


def _filled_roles(reader: PdfFileReader) -> dict[SignerRole, bool]:
    found: dict[SignerRole, bool] = {}
    names = {pdf_field_name(role): role for role in PDF_SIGNING_ORDER}
    for name, value, _ in fields.enumerate_sig_fields(reader):
        if name in names:
            found[names[name]] = value is not None
    return found


def next_pdf_role(pdf: bytes) -> SignerRole | None:
    """
    Return the role that signs ``pdf`` next, or ``None`` if all have signed.

    :param pdf: the PDF.
    :returns: the first role of :data:`PDF_SIGNING_ORDER` whose field is unsigned.
    :raises PDFReadError: if the PDF cannot be read.
    """
    filled = _filled_roles(_open(pdf).prev)
    return next((r for r in PDF_SIGNING_ORDER if not filled.get(r, False)), None)


def _check_order(role: SignerRole, filled: dict[SignerRole, bool]) -> None:
    if role not in PDF_SIGNING_ORDER:
        raise SigningError(
            f"The role {role.value!r} does not sign the PDF; expected one of "
            f"{', '.join(r.value for r in PDF_SIGNING_ORDER)}."
        )
    if filled.get(role, False):
        raise SigningError(f"The PDF is already signed as {role.value!r}.")
    index = PDF_SIGNING_ORDER.index(role)
    missing = [r.value for r in PDF_SIGNING_ORDER[:index] if not filled.get(r)]
    if missing:
        raise SigningError(
            f"The PDF cannot be signed as {role.value!r} before "
            f"{', '.join(repr(m) for m in missing)} has signed."
        )


@dataclass(frozen=True, slots=True)
class _Plan:
    role: SignerRole
    certify: bool
    lines: tuple[str, ...]


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    value = names[0].value if names else certificate.subject.rfc4514_string()
    return value if isinstance(value, str) else value.decode()


def _block_lines(
    role: SignerRole, name: str, position: str, signing_time: datetime
) -> tuple[str, ...]:
    local = signing_time.astimezone(VIETNAM_TIME)
    return (
        _HEADINGS[role],
        f"Ký bởi: {name}",
        f"Chức vụ: {position}",
        f"Thời gian ký: {local:%d/%m/%Y %H:%M:%S} (+07:00)",
    )


def _add_fields(writer: _Writer) -> None:
    page = min(SIGN_OFF_PAGE, int(writer.root["/Pages"]["/Count"]) - 1)
    width = _page_width(writer, page)
    half = (width - 2 * _MARGIN - _GAP) / 2
    low, high = round(SIGN_OFF_BOTTOM), round(SIGN_OFF_TOP)
    left = (round(_MARGIN), low, round(_MARGIN + half), high)
    right = (round(width - _MARGIN - half), low, round(width - _MARGIN), high)
    # The principal's block stands under the issuing signer (right column).
    for role, rect in ((SignerRole.PRINCIPAL, right), (SignerRole.SCHOOL_SEAL, left)):
        spec = SigFieldSpec(pdf_field_name(role), on_page=page, box=rect)
        fields.append_signature_field(writer, spec)
    logger.debug("Made signature fields on page %d", page + 1)


def _page_width(writer: _Writer, page: int) -> float:
    # Found through the page tree, nested or not; a page may inherit its
    # MediaBox from a /Pages node above it. (pyHanko leaves these two helpers
    # unannotated.)
    ref, _ = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    find = find_inherited_value_in_tree
    box = find(ref.get_object(), "/MediaBox", "/Parent")  # type: ignore[no-untyped-call]
    if box is None:
        raise SigningError(
            f"Page {page + 1} of the PDF has no MediaBox, on the page or above it: "
            "the PDF is malformed and cannot be signed."
        )
    return float(box[2]) - float(box[0])


def _pdf_signer(
    plan: _Plan, signer: Signer, timestamper: TimeStamper | None
) -> signers.PdfSigner:
    adapter = adapt(signer)
    meta = signers.PdfSignatureMetadata(
        field_name=pdf_field_name(plan.role),
        md_algorithm=adapter.digest_name,
        subfilter=SigSeedSubFilter.PADES,
        certify=plan.certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        reason=f"Ký học bạ số: {_POSITIONS[plan.role]}",
    )
    return signers.PdfSigner(
        meta, adapter, timestamper=timestamper, stamp_style=BlockStyle(lines=plan.lines)
    )


async def _sign(
    pdf_signer: signers.PdfSigner,
    writer: _Writer,
    signing_time: datetime,
    signer: Signer,
) -> bytes:
    # pyHanko's sign_pdf, with the signing time the caller gave instead of
    # the clock (the time shown in the block and written in /M).
    session = pdf_signer.init_signing_session(writer, existing_fields_only=True)
    session.system_time = signing_time
    validation = await session.perform_presign_validation(writer)
    if session.timestamper is None and validation is None:
        # B-B: the size is known from the key and the certificates, which
        # spares pyHanko's trial CMS (and keeps /Contents, which every
        # verifier reads digit by digit, a third shorter than its estimate).
        digest_size = hashlib.new(session.md_algorithm).digest_size
        reserved = reserved_size(signer, digest_size)
    else:
        # A timestamp token's size is the authority's; let pyHanko measure one.
        reserved = await session.estimate_signature_container_size(validation)
    tbs = session.prepare_tbs_document(
        validation_info=validation, bytes_reserved=reserved
    )
    digest, output = tbs.digest_tbs_document(output=io.BytesIO())
    post = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=signing_time),
    )
    await post.post_signature_processing(output)
    output.seek(0)
    return bytes(output.read())


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    role: SignerRole | str,
    signing_time: datetime,
    name: str | None = None,
    position: str | None = None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """
    Add the signature of ``role`` to ``pdf`` as an incremental update.

    :param pdf: a transcript PDF (from :func:`hocbaso.pdf.render_pdf`), signed
        by the roles before ``role`` in :data:`PDF_SIGNING_ORDER`, if any.
    :param signer: the key holder; its signature method fixes the digest.
    :param role: the signing role (or its name or a Vietnamese term); the
        principal signs first and certifies.
    :param signing_time: the signing time (timezone-aware), shown in +07:00.
    :param name: the name shown in the block; default the certificate's CN.
    :param position: the position shown; default the role's Vietnamese name.
    :param timestamper: a timestamp authority client, for PAdES B-T.
    :returns: the PDF with the new revision appended; earlier bytes unchanged.
    :raises SigningError: if the role is out of order or already signed, the
        time has no UTC offset, the certificate is a CA's, or pyHanko refuses.
    :raises PDFReadError: if the PDF cannot be read.
    """
    if signing_time.tzinfo is None:
        raise SigningError(f"The signing time {signing_time!r} has no UTC offset.")
    check_signing_certificate(signer.certificate)
    role = parse_role(role)
    writer = _open(pdf)
    _prepare_fields(writer, role)

    lines = _block_lines(
        role,
        name or _common_name(signer.certificate),
        position or _POSITIONS[role],
        signing_time,
    )
    plan = _Plan(role, certify=role is PDF_SIGNING_ORDER[0], lines=lines)
    try:
        signed = asyncio.run(
            _sign(_pdf_signer(plan, signer, timestamper), writer, signing_time, signer)
        )
    except (PyHankoSigningError, PdfError) as exc:
        raise SigningError(f"pyHanko could not sign the PDF: {exc}") from exc
    logger.info("Signed a PDF as %s (%d bytes)", role.value, len(signed))
    return signed
