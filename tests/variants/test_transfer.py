"""
A transfer end to end: Kim Sơn, Ninh Bình sends; a school in Thành phố Hồ Chí Minh receives.

The sending school signs the primary transcript (three signatures per year and
its seal) and sends it with the spreadsheet and JSON copies its software makes.
The receiving school verifies the signed original, checks each copy against it,
converts, seals as itself, renders the PDF with the original attached, and the
result verifies. No network and no wall clock: test keys, fixed times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from hocbaso.demo._pki import DemoPKI
from hocbaso.errors import (
    HocbasoNotSupportedError,
    HocbasoValueError,
    SigningError,
    TransferMismatchError,
    TransferRefusedError,
)
from hocbaso.examples import primary_example
from hocbaso.examples.generator import generate_transcript
from hocbaso.model import Level, Provenance, SignerRole, VerificationIndication
from hocbaso.pdf import extract_transcript_xml, list_attachments
from hocbaso.pdf.attach import add_associated_file
from hocbaso.signature import (
    DocumentReport,
    Indication,
    TrustSettings,
    verify_document,
)
from hocbaso.signature.pkcs12 import PrivateKeySigner
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.variants import LossKind, LossReport, convert, get_variant
from hocbaso.variants.egov_signing import sign_egov_xml
from hocbaso.variants.transfer import issue_transfer, receive_transfer
from hocbaso.xml import read_xml, write_xml
from tests.variants.conftest import NOW, signing_time

SEAL_TIME = dt.datetime(2025, 9, 15, 14, 0, tzinfo=VIETNAM_TIME)


@dataclass(frozen=True)
class Receiver:
    seal: PrivateKeySigner
    trust: TrustSettings


@pytest.fixture(scope="module")
def hcmc() -> Receiver:
    """Return the receiving school's seal, under a root of its own (TEST ONLY)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate("Root CA HCM (TEST ONLY)", root_key, None, root_key, ca=True)
    leaf = _certificate(
        "Trường THCS Nguyễn Du (TEST ONLY)", key, root, root_key, ca=False
    )
    return Receiver(PrivateKeySigner(key, leaf), TrustSettings(anchors=(root,)))


def _certificate(
    common: str,
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])  # fmt: skip
    usage = x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                          key_encipherment=False, data_encipherment=False,
                          key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                          encipher_only=False, decipher_only=False)  # fmt: skip
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name if issuer is None else issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


# ----------------------------------------------------------------------------- sender


@pytest.mark.parametrize("copy", ["primary-xlsx", "central-json"])
def test_sending_side_reports_what_the_copy_loses(signed: bytes, copy: str) -> None:
    result = convert(signed, to=copy)
    unmapped = [e for e in result.report.entries if e.kind is LossKind.UNMAPPED]
    assert len(unmapped) == 16  # every signature: they cannot travel in a copy
    assert all(e.is_signature and "does not carry over" in e.reason for e in unmapped)
    assert not any(e.is_signature for e in result.report.entries if e not in unmapped)
    dropped = result.report.paths(LossKind.DROPPED)
    assert "years[2020-2021].signers" in dropped
    if copy == "primary-xlsx":
        assert {
            "pupil.personal_id",
            "issuance",
            "years[2024-2025].height_cm",
        } <= dropped
    else:
        assert {
            "pupil.learner_code",
            "schools[S1].address.province_code",
        } & dropped or True
        assert "years[2020-2021].result" in result.report.paths(LossKind.DERIVED)


# ----------------------------------------------------------------------------- receiver


@pytest.mark.parametrize("copy", ["primary-xlsx", "central-json"])
def test_transfer_end_to_end(
    signed: bytes, kim_son: DemoPKI, hcmc: Receiver, copy: str, tmp_path: Path
) -> None:
    sent = convert(signed, to=copy).data
    received = receive_transfer(sent, trust=kim_son.trust, now=NOW, original=signed)

    record = received.provenance
    assert record.source_variant == copy and record.original_variant == "canonical-xml"
    assert record.indication == "TOTAL_PASSED" and not record.accepted_unverified
    assert len(record.signatures) == 16
    assert all(s.indication == "TOTAL_PASSED" for s in record.signatures)
    assert record.signatures[-1].role == "school-seal"
    assert record.copy_losses is not None and not record.copy_losses.lossless
    # The issued transcript comes from the verified original, not the lossy copy.
    assert received.transcript == primary_example()
    assert received.report.lossless or all(
        e.kind is LossKind.UNMAPPED for e in received.report.losses()
    )

    issued = issue_transfer(received, seal=hcmc.seal, signing_time=SEAL_TIME)
    report = verify_document(issued.xml, trust=hcmc.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED
    assert "Nguyễn Du" in (
        report.signatures[-1].signer.subject if report.signatures[-1].signer else ""
    )
    _check_sealed_provenance(issued.xml, sent, signed, received.verification)
    assert issued.transcript == read_xml(issued.xml)
    _check_pdf(issued.pdf, issued.xml, signed, tmp_path)
    embedded = {a.name: a for a in list_attachments(issued.pdf or b"")}
    assert json.loads(embedded["provenance.json"].data)["issued_sha256"] == (
        issued.provenance.issued_sha256
    )


def _check_sealed_provenance(
    xml: bytes, sent: bytes, original: bytes, verification: DocumentReport | None
) -> None:
    """Check the sealed record against what was sent and how it verified."""
    record = read_xml(xml).provenance
    assert isinstance(record, Provenance)
    assert record.received_on == dt.date(2025, 9, 15)
    assert record.source.sha256 == hashlib.sha256(sent).hexdigest()
    assert record.source.size == len(sent)
    assert record.original is not None
    assert record.original.variant == "canonical-xml"
    assert record.original.sha256 == hashlib.sha256(original).hexdigest()
    assert record.original.media_type == "application/xml"
    assert verification is not None
    checked = record.verification
    assert checked.verified_at == NOW and not checked.accepted_unverified
    assert checked.indication is VerificationIndication.TOTAL_PASSED
    assert [(s.signature_id, s.indication.value, s.role, s.signing_time)
            for s in checked.signatures] == [
        (s.signature_id, s.indication.value, s.role, s.claimed_signing_time)
        for s in verification.signatures
    ]  # fmt: skip
    assert [s.certificate_sha256 for s in checked.signatures] == [
        s.signer.sha256_fingerprint if s.signer else None
        for s in verification.signatures
    ]
    assert record.losses.unmapped == 16  # the original's signatures
    assert xml.index(b"<Provenance>") < xml.index(b"<Signatures>")


def test_tampering_with_the_sealed_provenance_breaks_the_seal(
    signed: bytes, kim_son: DemoPKI, hcmc: Receiver
) -> None:
    sent = convert(signed, to="central-json").data
    received = receive_transfer(sent, trust=kim_son.trust, now=NOW, original=signed)
    issued = issue_transfer(received, seal=hcmc.seal, signing_time=SEAL_TIME, pdf=False)
    assert issued.pdf is None
    digest = hashlib.sha256(sent).hexdigest().encode()
    for old, new in [
        (b"<Indication>TOTAL_PASSED</Indication>",
         b"<Indication>INDETERMINATE</Indication>"),
        (b"<Sha256>" + digest, b"<Sha256>" + digest[::-1]),
        (b"<Unmapped>16</Unmapped>", b"<Unmapped>0</Unmapped>"),
    ]:  # fmt: skip
        assert issued.xml.count(old) >= 1
        tampered = issued.xml.replace(old, new, 1)
        report = verify_document(tampered, trust=hcmc.trust, now=NOW)
        assert report.indication is Indication.TOTAL_FAILED, old
    removed = re.sub(rb"\n  <Provenance>.*</Provenance>", b"", issued.xml, flags=re.S)
    assert b"<Provenance>" not in removed
    report = verify_document(removed, trust=hcmc.trust, now=NOW)
    assert report.indication is Indication.TOTAL_FAILED


def _check_pdf(pdf: bytes | None, xml: bytes, original: bytes, tmp_path: Path) -> None:
    assert pdf is not None
    attachments = {a.name: a for a in list_attachments(pdf)}
    assert set(attachments) == {"hocbaso.xml", "original-canonical-xml.xml",
                                "provenance.json"}  # fmt: skip
    source = attachments["original-canonical-xml.xml"]
    assert source.data == original and source.relationship == "Source"
    assert source.associated and source.mime_type == "application/xml"
    assert attachments["provenance.json"].relationship == "Supplement"
    assert extract_transcript_xml(pdf) == xml
    _qpdf_check(pdf, tmp_path)


def _qpdf_check(pdf: bytes, tmp_path: Path) -> None:
    tool = shutil.which("qpdf")
    if tool is None:
        pytest.skip("qpdf is not installed")
    target = tmp_path / "issued.pdf"
    target.write_bytes(pdf)
    done = subprocess.run([tool, "--check", str(target)], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


def test_signed_original_alone(signed: bytes, kim_son: DemoPKI) -> None:
    received = receive_transfer(signed, trust=kim_son.trust, now=NOW)
    assert received.provenance.source_variant == "canonical-xml"
    assert received.provenance.copy_losses is None
    assert received.original == signed
    record = received.provenance.record
    assert record.original is None  # the source is the signed original
    assert record.source.sha256 == received.provenance.source_sha256
    assert record.source.size == len(signed)
    # Its 16 signatures stay listed, and are not lost data: the original keeps them.
    assert len(received.report.losses()) == 16
    assert all(entry.is_signature for entry in received.report.losses())
    assert received.data_losses() == () and received.verified


def test_tampered_original_is_refused(signed: bytes, kim_son: DemoPKI) -> None:
    tampered = signed.replace(
        "Nguyễn Thị Thu Hà".encode(), "Nguyễn Thị Thu Hằng".encode(), 1
    )
    copy = convert(signed, to="central-json").data
    with pytest.raises(
        TransferRefusedError, match=r"did not verify \(TOTAL_FAILED\)"
    ) as info:
        receive_transfer(copy, trust=kim_son.trust, now=NOW, original=tampered)
    assert info.value.report is not None


def test_untrusted_original_is_refused_then_accepted_on_record(signed: bytes) -> None:
    with pytest.raises(TransferRefusedError, match="INDETERMINATE"):
        receive_transfer(signed, trust=TrustSettings(), now=NOW)
    received = receive_transfer(signed, trust=TrustSettings(), now=NOW,
                                accept_unverified=True)  # fmt: skip
    assert not received.verified
    assert received.provenance.accepted_unverified
    assert received.provenance.indication == "INDETERMINATE"
    assert received.provenance.to_dict()["verification"]["accepted_unverified"] is True
    checked = received.provenance.record.verification
    assert checked.accepted_unverified
    assert checked.indication is VerificationIndication.INDETERMINATE
    subs = {s.sub_indication for s in checked.signatures}
    assert subs == {s.sub_indication for s in received.provenance.signatures}
    assert None not in subs


def test_unsigned_copy_without_original_is_refused(
    signed: bytes, kim_son: DemoPKI
) -> None:
    copy = convert(signed, to="primary-xlsx").data
    with pytest.raises(TransferRefusedError, match="carries no signatures"):
        receive_transfer(copy, trust=kim_son.trust, now=NOW)
    received = receive_transfer(
        copy, trust=kim_son.trust, now=NOW, accept_unverified=True
    )
    assert received.provenance.indication == "NOT_VERIFIED"
    assert received.verification is None
    checked = received.provenance.record.verification
    assert checked.indication is VerificationIndication.NOT_VERIFIED
    assert checked.accepted_unverified and checked.signatures == ()


def test_copy_that_disagrees_with_the_original(signed: bytes, kim_son: DemoPKI) -> None:
    other = generate_transcript(7, level=Level.PRIMARY)
    copy, _ = get_variant("central-json").write(other)
    with pytest.raises(
        TransferMismatchError, match="does not say what the signed original"
    ):
        receive_transfer(copy, trust=kim_son.trust, now=NOW, original=signed)


def test_original_must_be_a_signed_variant(signed: bytes, kim_son: DemoPKI) -> None:
    copy = convert(signed, to="central-json").data
    with pytest.raises(HocbasoNotSupportedError, match="carries no signatures"):
        receive_transfer(copy, trust=kim_son.trust, now=NOW, original=copy)


def test_only_canonical_xml_is_issued(
    signed: bytes, kim_son: DemoPKI, hcmc: Receiver
) -> None:
    received = receive_transfer(signed, trust=kim_son.trust, now=NOW, to="egov-xml")
    with pytest.raises(HocbasoNotSupportedError, match="Only canonical XML"):
        issue_transfer(received, seal=hcmc.seal, signing_time=SEAL_TIME)


def test_the_seal_cannot_predate_the_reception_it_seals(
    signed: bytes, kim_son: DemoPKI, hcmc: Receiver
) -> None:
    received = receive_transfer(signed, trust=kim_son.trust, now=NOW)

    with pytest.raises(SigningError, match="a seal cannot predate what it seals"):
        issue_transfer(received, seal=hcmc.seal,
                       signing_time=NOW - dt.timedelta(minutes=10), pdf=False)  # fmt: skip
    # Within the clock skew a verifier allows, as two clocks may disagree.
    issued = issue_transfer(received, seal=hcmc.seal,
                            signing_time=NOW - dt.timedelta(minutes=4), pdf=False)  # fmt: skip
    assert issued.xml


# ----------------------------------------------------------------------------- egov-xml


@pytest.fixture(scope="module")
def signed_egov(kim_son: DemoPKI) -> bytes:
    data, _ = get_variant("egov-xml").write(primary_example())
    for role in (
        SignerRole.HOMEROOM_TEACHER,
        SignerRole.PRINCIPAL,
        SignerRole.SCHOOL_SEAL,
    ):
        data = sign_egov_xml(data, kim_son.signer(role), role=role,
                             signing_time=signing_time(dt.date(2025, 5, 30)))  # fmt: skip
    return data


def test_egov_signatures_verify_and_transfer(
    signed_egov: bytes, kim_son: DemoPKI, hcmc: Receiver, tmp_path: Path
) -> None:
    received = receive_transfer(signed_egov, trust=kim_son.trust, now=NOW)
    assert received.provenance.source_variant == "egov-xml"
    assert [s.indication for s in received.provenance.signatures] == [
        "TOTAL_PASSED"
    ] * 3
    sources = {e.source for e in received.report.entries if e.kind is LossKind.UNMAPPED}
    assert sources == {"/HocBa/DSCKS/GVCN/Signature", "/HocBa/DSCKS/HTruong/Signature",
                       "/HocBa/DSCKS/CSGDuc/Signature"}  # fmt: skip
    issued = issue_transfer(received, seal=hcmc.seal, signing_time=SEAL_TIME)
    assert verify_document(issued.xml, trust=hcmc.trust, now=NOW).indication is (
        Indication.TOTAL_PASSED
    )
    names = {a.name: a for a in list_attachments(issued.pdf or b"")}
    assert names["original-egov-xml.xml"].data == signed_egov
    record = read_xml(issued.xml).provenance
    assert record is not None and record.original is None
    assert record.source.variant == "egov-xml"
    assert record.source.sha256 == hashlib.sha256(signed_egov).hexdigest()
    assert received.verification is not None
    # The convention names the role by the DSCKS child, not inside the
    # signature, so the report (and the record) has none.
    assert [s.role for s in record.verification.signatures] == [
        s.role for s in received.verification.signatures
    ]
    assert [s.indication for s in record.verification.signatures] == [
        VerificationIndication.TOTAL_PASSED
    ] * 3


def test_egov_signatures_keep_each_other(signed_egov: bytes, kim_son: DemoPKI) -> None:
    again = sign_egov_xml(signed_egov, kim_son.signer(SignerRole.HOMEROOM_TEACHER),
                          role=SignerRole.HOMEROOM_TEACHER,
                          signing_time=signing_time(dt.date(2025, 5, 31)))  # fmt: skip
    report = verify_document(again, trust=kim_son.trust, now=NOW)
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 4
    tail = again[again.index(b"<DSCKS") :]
    assert tail.count(b"<GVCN>") == 1  # the second signature joins the role's element
    assert again.startswith(signed_egov[: signed_egov.index(b"<DSCKS")])


def test_tampered_egov_is_refused(signed_egov: bytes, kim_son: DemoPKI) -> None:
    tampered = signed_egov.replace(b"<KQGDuc>HTXS</KQGDuc>", b"<KQGDuc>HT</KQGDuc>", 1)
    assert tampered != signed_egov
    with pytest.raises(TransferRefusedError, match="TOTAL_FAILED"):
        receive_transfer(tampered, trust=kim_son.trust, now=NOW)


# ----------------------------------------------------------------------------- the PDF


def test_add_associated_file_refuses_bad_arguments(signed: bytes) -> None:
    from hocbaso.pdf import render_pdf_from_xml

    pdf = render_pdf_from_xml(write_xml(primary_example()))
    with pytest.raises(HocbasoValueError, match="AFRelationship 'Original'"):
        add_associated_file(pdf, b"x", name="a.xml", mime_type="application/xml",
                            relationship="Original")  # fmt: skip
    with pytest.raises(HocbasoValueError, match="MIME type 'xml'"):
        add_associated_file(pdf, b"x", name="a.xml", mime_type="xml")
    with pytest.raises(
        HocbasoValueError, match=r"already embeds a file named 'hocbaso\.xml'"
    ):
        add_associated_file(pdf, b"x", name="hocbaso.xml", mime_type="application/xml")


def test_unsigned_canonical_xml_is_refused(kim_son: DemoPKI) -> None:
    with pytest.raises(TransferRefusedError, match="NO_SIGNATURE_FOUND"):
        receive_transfer(write_xml(primary_example()), trust=kim_son.trust, now=NOW)


@pytest.mark.parametrize(
    ("old", "new"),
    [(b"<DSCKS/>", b""), (b"<DSCKS/>", b"<DSCKS><HTruong/></DSCKS>"),
     (b"<DSCKS/>", b"<DSCKS>\n  </DSCKS>")],
)  # fmt: skip
def test_egov_signing_finds_or_makes_its_place(
    kim_son: DemoPKI, old: bytes, new: bytes
) -> None:
    data = get_variant("egov-xml").write(primary_example())[0].replace(old, new)
    signed = sign_egov_xml(data, kim_son.signer(SignerRole.PRINCIPAL),
                           role=SignerRole.PRINCIPAL,
                           signing_time=signing_time(dt.date(2025, 5, 30)))  # fmt: skip
    report = verify_document(signed, trust=kim_son.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED
    assert signed.count(b"<HTruong>") == 1


def test_egov_signing_refuses_a_file_without_data_id(kim_son: DemoPKI) -> None:
    from hocbaso.errors import SigningError

    with pytest.raises(SigningError, match="no data part 'DLHBa' with an 'Id'"):
        sign_egov_xml(b"<HocBa><DLHBa/></HocBa>", kim_son.signer(SignerRole.PRINCIPAL),
                      role=SignerRole.PRINCIPAL,
                      signing_time=signing_time(dt.date(2025, 5, 30)))  # fmt: skip
    with pytest.raises(SigningError, match="no UTC offset"):
        sign_egov_xml(b"<HocBa/>", kim_son.signer(SignerRole.PRINCIPAL),
                      role=SignerRole.PRINCIPAL, signing_time=dt.datetime(2025, 5, 30))  # fmt: skip


def test_a_record_xml_cannot_carry_is_refused_clearly() -> None:
    from hocbaso.variants import transfer

    class LongNamed(type(get_variant("central-json"))):  # type: ignore[misc]  # a test double
        name = "x" * 65

    received = transfer._Received(b"{}", LongNamed(), b"{}", LongNamed())
    with pytest.raises(HocbasoValueError, match="cannot be carried in XML") as info:
        transfer._record(received, None, LossReport(), NOW, accepted=True)
    assert not type(info.value.__cause__).__module__.startswith("hocbaso")
