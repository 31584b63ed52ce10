"""PDFs from other tools: a transcript signed elsewhere, an invoice with its own XML."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, cast

import pytest
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfWriter

from hocbaso.examples import primary_example
from hocbaso.pdf import render_pdf_from_xml
from hocbaso.signature import DocumentReport, Indication, SignerRole
from hocbaso.signature.bundle import BundleReport, verify_bundle, verify_pdf_or_bundle
from hocbaso.signature.pdf_sign import sign_pdf
from hocbaso.signature.report import CheckStatus
from hocbaso.xml import write_xml

from .conftest import NOW, PKI, SIGNING_TIME, Issued
from .test_transcript_signing import _seal, _sign_years, _year_ids


def _sign_elsewhere(pdf: bytes, pki: PKI, who: Issued, field: str) -> bytes:
    # pyHanko's own signer, as a vendor's tool would sign: no hocbaso field names.
    key = keys.PrivateKeyInfo.load(
        who.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    )
    chain = [
        asn1_x509.Certificate.load(pki.intermediate.cert.public_bytes(Encoding.DER))
    ]
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(who.cert.public_bytes(Encoding.DER)),
        signing_key=key,
        cert_registry=cast(Any, SimpleCertificateStore).from_certs(chain),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field),
                           signer=signer)  # fmt: skip
    return bytes(out.getvalue())


@pytest.fixture(scope="module")
def rendered(pki: PKI) -> bytes:
    example = primary_example()
    return render_pdf_from_xml(_seal(pki, _sign_years(pki, write_xml(example),
                                                       _year_ids(example))))  # fmt: skip


def test_roles_in_foreign_fields_leave_the_order_undecided(
    pki: PKI, rendered: bytes
) -> None:
    signed = _sign_elsewhere(rendered, pki, pki.principal, "Signature1")
    signed = _sign_elsewhere(signed, pki, pki.seal, "Signature2")

    report = verify_bundle(signed, trust=pki.trust, now=NOW)

    statuses = {c.name: c.status for c in report.checks}
    order = next(c for c in report.checks if c.name == "bundle.signing-order")
    assert statuses["bundle.pdf-signatures"] is CheckStatus.PASSED, report.to_text()
    assert order.status is CheckStatus.SKIPPED
    assert "'Signature1', 'Signature2'" in order.reason
    assert report.indication is Indication.INDETERMINATE


def test_a_foreign_field_beside_a_missing_role_still_fails(
    pki: PKI, rendered: bytes
) -> None:
    ours = sign_pdf(rendered, pki.signer(pki.principal), role=SignerRole.PRINCIPAL,
                    signing_time=SIGNING_TIME)  # fmt: skip
    signed = _sign_elsewhere(ours, pki, pki.seal, "Signature2")

    report = verify_bundle(signed, trust=pki.trust, now=NOW)

    order = next(c for c in report.checks if c.name == "bundle.signing-order")
    assert order.status is CheckStatus.FAILED
    assert "hocbaso-school-seal" in order.reason
    assert report.indication is Indication.TOTAL_FAILED


def test_an_invoice_with_its_own_xml_is_not_judged_as_a_transcript(pki: PKI) -> None:
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    invoice = corpus / "pdfa3_attach" / "facturx__invoice_EN16931.pdf"
    if not invoice.exists():
        pytest.skip("The shared corpus (../shared/corpus) is not there.")

    report = verify_pdf_or_bundle(invoice.read_bytes(), trust=pki.trust, now=NOW)

    # Its factur-x.xml is found, but it is not a transcript: the PDF is judged
    # on its signatures alone, and it has none.
    assert isinstance(report, DocumentReport)
    assert report.indication is Indication.NO_SIGNATURE_FOUND


def _with_attachments(*files: tuple[str, bytes]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for name, data in files:
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_INVOICE = b'<rsm:Invoice xmlns:rsm="urn:un:unece:uncefact:data:standard:x:100"/>'


@pytest.mark.parametrize(
    ("files", "bundle"),
    [
        ([("factur-x.xml", _INVOICE)], False),
        ([("notes.txt", b"not xml")], False),
        ([("hocba.xml", b"<HocBa><HoTen>x</HoTen></HocBa>")], True),
        ([("hocba.xml", b'<Transcript xmlns="urn:hocbaso:transcript:2"/>')], True),
        ([("a.xml", _INVOICE), ("b.xml", _INVOICE)], True),
        ([("x.xml", b'<!DOCTYPE r SYSTEM "r.dtd"><r xmlns="urn:x"/>')], True),
    ],
    ids=["invoice", "no-xml", "no-namespace", "hocbaso-v2", "two-xml", "doctype"],
)
def test_only_a_pdf_with_no_possible_transcript_is_judged_on_its_signatures(
    pki: PKI, files: list[tuple[str, bytes]], bundle: bool
) -> None:
    report = verify_pdf_or_bundle(_with_attachments(*files), trust=pki.trust, now=NOW)

    # A bundle whose XML is missing, hidden among others or not a hocbaso
    # transcript must fail as a bundle, not pass on its PDF signatures.
    assert isinstance(report, BundleReport) is bundle
    if bundle:
        assert report.indication is Indication.TOTAL_FAILED
