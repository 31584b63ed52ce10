"""Signature wrapping, tampering and hostile XML, each refused with a reason."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from hocbaso.errors import XMLReadError
from hocbaso.signature import SignerRole, sign_document, verify_document
from hocbaso.signature.report import (
    CheckStatus,
    DocumentReport,
    Indication,
    SubIndication,
)

from .conftest import NOW, PKI, SIGNING_TIME, T0
from .test_sign_roundtrip import YEAR, four_signed


def _verify(pki: PKI, data: bytes) -> DocumentReport:
    return verify_document(data, trust=pki.trust, now=NOW)


def _failed(report: DocumentReport, index: int = 0) -> set[str]:
    checks = report.signatures[index].checks
    return {c.name for c in checks if c.status is CheckStatus.FAILED}


@pytest.fixture(scope="module")
def principal_signed(pki: PKI, transcript: bytes) -> bytes:
    return sign_document(
        transcript,
        pki.signer(pki.principal),
        reference=YEAR,
        signing_time=SIGNING_TIME,
        role=SignerRole.PRINCIPAL,
    )


def test_second_element_with_the_same_id_is_refused(
    pki: PKI, principal_signed: bytes
) -> None:
    forged = principal_signed.replace(
        b"<Student>",
        b'<Year Id="year-2020-2021"><Conduct>Kha</Conduct></Year><Student>',
    )
    report = _verify(pki, forged)

    assert report.indication is Indication.TOTAL_FAILED
    assert report.signatures[0].sub_indication is SubIndication.FORMAT_FAILURE
    assert "integrity.unique-ids" in _failed(report)
    assert report.problems == (
        "The identifier 'year-2020-2021' is used on more than one element.",
    )


def test_moved_signed_element_is_reported_where_it_is(
    pki: PKI, principal_signed: bytes
) -> None:
    tree = etree.fromstring(principal_signed)
    ns = "{urn:hocbaso:transcript:1}"
    year = tree.find(f"{ns}Year")
    assert year is not None
    hidden = etree.SubElement(tree.find(f"{ns}Student"), f"{ns}Extension")  # type: ignore[arg-type]
    forged = etree.Element(f"{ns}Year", SchoolYear="2020-2021")
    year.addprevious(forged)
    hidden.append(year)
    report = _verify(pki, etree.tostring(tree))

    signed = report.signatures[0].signed_paths
    assert signed[0] == "/Transcript/Student/Extension/Year"
    assert "/Transcript/Year[1]" not in signed


def test_signature_moved_into_another_year_still_covers_only_its_own(
    pki: PKI, principal_signed: bytes
) -> None:
    tree = etree.fromstring(principal_signed)
    ns = "{urn:hocbaso:transcript:1}"
    signature = tree.find(".//{http://www.w3.org/2000/09/xmldsig#}Signature")
    assert signature is not None
    tree.findall(f"{ns}Year")[1].append(signature)
    report = _verify(pki, etree.tostring(tree))

    assert report.indication is Indication.TOTAL_PASSED
    assert report.signatures[0].path == "/Transcript/Year[2]/Signature"
    assert report.signatures[0].signed_paths[0] == "/Transcript/Year[1]"


def test_ids_swapped_between_years_breaks_the_digest(
    pki: PKI, principal_signed: bytes
) -> None:
    swapped = principal_signed.replace(b'Id="year-2020-2021"', b'Id="tmp"').replace(
        b'Id="year-2021-2022"', b'Id="year-2020-2021"'
    )
    report = _verify(pki, swapped)

    assert report.signatures[0].sub_indication is SubIndication.HASH_FAILURE


@pytest.mark.parametrize(
    ("old", "new", "broken"),
    [
        (b"<Score>8.5</Score>", b"<Score>9.5</Score>", [0, 1, 2, 3]),
        (b"<Score>9.0</Score>", b"<Score>9.1</Score>", [3]),
        (
            b"2021-05-30T16:30:00+07:00</xades:SigningTime>",
            b"2021-05-29T16:30:00+07:00</xades:SigningTime>",
            [0, 3],
        ),
    ],
    ids=["year-2020-2021", "year-2021-2022", "first-signing-time"],
)
def test_changed_byte_in_each_scope(
    pki: PKI, transcript: bytes, old: bytes, new: bytes, broken: list[int]
) -> None:
    signed = four_signed(pki, transcript)
    assert old in signed
    report = _verify(pki, signed.replace(old, new, 1))

    failed = [
        i
        for i, s in enumerate(report.signatures)
        if s.indication is Indication.TOTAL_FAILED
    ]
    assert failed == broken
    for index in broken:
        assert report.signatures[index].sub_indication is SubIndication.HASH_FAILURE


def test_nfd_text_is_tampering(pki: PKI, principal_signed: bytes) -> None:
    nfc = "Chăm chỉ, tiến bộ."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    report = _verify(pki, principal_signed.replace(nfc.encode(), nfd.encode()))

    assert report.signatures[0].sub_indication is SubIndication.HASH_FAILURE


def test_pretty_printed_signed_file_fails(pki: PKI, principal_signed: bytes) -> None:
    parser = etree.XMLParser(remove_blank_text=True)
    pretty = etree.tostring(
        etree.fromstring(principal_signed, parser), pretty_print=True
    )
    report = _verify(pki, pretty)

    assert report.indication is Indication.TOTAL_FAILED
    assert "integrity.reference-digest" in _failed(report)


def test_certificate_swapped_for_same_name_other_key(
    pki: PKI, principal_signed: bytes
) -> None:
    from base64 import b64encode

    from cryptography.hazmat.primitives.serialization import Encoding

    real = b64encode(pki.principal.cert.public_bytes(Encoding.DER))
    fake = b64encode(pki.impostor.cert.public_bytes(Encoding.DER))
    assert pki.impostor.cert.subject == pki.principal.cert.subject
    report = _verify(pki, principal_signed.replace(real, fake))

    assert report.signatures[0].sub_indication is SubIndication.SIG_CRYPTO_FAILURE


def test_certificate_swapped_for_rogue_cert_of_the_same_key(
    pki: PKI, principal_signed: bytes
) -> None:
    from base64 import b64encode

    from cryptography.hazmat.primitives.serialization import Encoding

    rogue_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rogue = (
        x509.CertificateBuilder()
        .subject_name(pki.principal.cert.subject)
        .issuer_name(pki.intermediate.cert.subject)
        .public_key(pki.principal.cert.public_key())
        .serial_number(7)
        .not_valid_before(T0)
        .not_valid_after(T0 + timedelta(days=700))
        .sign(rogue_key, hashes.SHA256())
    )
    real = b64encode(pki.principal.cert.public_bytes(Encoding.DER))
    report = _verify(
        pki, principal_signed.replace(real, b64encode(rogue.public_bytes(Encoding.DER)))
    )

    assert report.signatures[0].indication is Indication.TOTAL_FAILED
    assert "integrity.signing-certificate-binding" in _failed(report)


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE r [<!ENTITY x "boom">]>',
        b'<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd">',
        b'<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    ],
    ids=["internal-entity", "external-dtd", "entity-expansion"],
)
def test_dtd_and_entities_are_refused(doctype: bytes) -> None:
    with pytest.raises(XMLReadError, match="DOCTYPE"):
        verify_document(doctype + b"<r>&x;</r>".replace(b"&x;", b""), now=NOW)


@pytest.mark.parametrize(
    ("algorithm", "reason"),
    [
        ("urn:example:unknown-transform", "Unknown TransformAlgorithm"),
        ("http://www.w3.org/TR/1999/REC-xpath-19991116", "runs arbitrary logic"),
        ("http://www.w3.org/TR/1999/REC-xslt-19991116", "runs arbitrary logic"),
    ],
)
def test_unknown_or_refused_transform(
    pki: PKI, principal_signed: bytes, algorithm: str, reason: str
) -> None:
    changed = principal_signed.replace(
        b'<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
        f'<ds:Transform Algorithm="{algorithm}"/>'.encode(),
        1,
    )
    report = _verify(pki, changed)

    check = next(
        c for c in report.signatures[0].checks if c.name == "integrity.reference-digest"
    )
    assert check.status is CheckStatus.FAILED
    assert reason in check.reason
    assert report.signatures[0].indication is Indication.TOTAL_FAILED


def test_external_reference_is_refused(pki: PKI, principal_signed: bytes) -> None:
    changed = principal_signed.replace(
        b'URI="#year-2020-2021"', b'URI="http://example.invalid/x.xml"'
    )
    report = _verify(pki, changed)

    check = next(
        c for c in report.signatures[0].checks if c.name == "integrity.reference-digest"
    )
    assert "only same-document" in check.reason


def test_reference_to_missing_id(pki: PKI, principal_signed: bytes) -> None:
    changed = principal_signed.replace(b'Id="year-2020-2021"', b'Id="year-x"')
    report = _verify(pki, changed)

    check = next(
        c for c in report.signatures[0].checks if c.name == "integrity.reference-digest"
    )
    assert check.sub_indication is SubIndication.SIGNED_DATA_NOT_FOUND
