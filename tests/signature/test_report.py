from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

import jsonschema
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from hocbaso.errors import HocbasoValueError
from hocbaso.signature import (
    SignerRole,
    parse_role,
    sign_document,
    verify_document,
)
from hocbaso.signature.pkcs12 import PrivateKeySigner
from hocbaso.signature.report import (
    VIETNAM_TIME,
    Check,
    CheckGroup,
    CheckStatus,
    Indication,
    SubIndication,
    decide_document,
    decide_signature,
    load_report_schema,
)

from .conftest import NOW, PKI, SIGNING_TIME, T0, require_corpus, rsa_key
from .test_sign_roundtrip import YEAR, four_signed

P, F, W, S = (
    CheckStatus.PASSED,
    CheckStatus.FAILED,
    CheckStatus.WARNING,
    CheckStatus.SKIPPED,
)


def _check(status: CheckStatus, sub: SubIndication | None = None) -> Check:
    return Check(
        "integrity.x", CheckGroup.INTEGRITY, status, "Reason.", sub_indication=sub
    )


def test_decide_signature_is_a_pure_function_of_the_checks() -> None:
    chain = _check(F, SubIndication.NO_CERTIFICATE_CHAIN_FOUND)
    digest = _check(F, SubIndication.HASH_FAILURE)

    assert decide_signature([_check(P), _check(W), _check(S)]) == (
        Indication.TOTAL_PASSED,
        None,
    )
    assert decide_signature([chain, digest]) == (
        Indication.TOTAL_FAILED,
        SubIndication.HASH_FAILURE,
    )
    assert decide_signature([_check(P), chain]) == (
        Indication.INDETERMINATE,
        SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
    )
    assert decide_signature([_check(F)]) == (
        Indication.TOTAL_FAILED,
        SubIndication.FORMAT_FAILURE,
    )


def test_decide_document() -> None:
    passed, failed, unknown = (
        Indication.TOTAL_PASSED,
        Indication.TOTAL_FAILED,
        Indication.INDETERMINATE,
    )

    assert decide_document([]) is Indication.NO_SIGNATURE_FOUND
    assert decide_document([passed, passed]) is passed
    assert decide_document([passed, unknown]) is unknown
    assert decide_document([unknown, failed, passed]) is failed


def test_reports_validate_against_the_published_schema(
    pki: PKI, transcript: bytes
) -> None:
    schema = load_report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    reports = [verify_document(four_signed(pki, transcript), trust=pki.trust, now=NOW)]
    corpus = require_corpus()
    for path in sorted((corpus / "xmldsig").glob("*.xml")):
        reports.append(verify_document(path.read_bytes(), now=NOW, source=path.name))

    for report in reports:
        jsonschema.validate(json.loads(report.to_json()), schema)


def test_json_shows_times_in_vietnam_time_and_every_check(
    pki: PKI, transcript: bytes
) -> None:
    report = verify_document(four_signed(pki, transcript), trust=pki.trust, now=NOW)
    data = json.loads(report.to_json())

    first = data["signatures"][0]
    assert first["claimed_signing_time"] == "2021-05-30T16:30:00+07:00"
    assert first["role"] == "subject-teacher"
    assert {c["group"] for c in first["checks"]} == {"integrity", "trust", "policy"}
    names = {c["name"] for c in first["checks"]}
    assert {
        "integrity.reference-digest",
        "trust.path",
        "trust.revocation",
        "policy.algorithms",
    } <= names
    assert data["signatures"][3]["covers_signatures"] == [
        "/Transcript/Signatures/Signature[1]",
        "/Transcript/Signatures/Signature[2]",
        "/Transcript/Signatures/Signature[3]",
    ]


def test_text_form(pki: PKI, transcript: bytes) -> None:
    text = verify_document(
        four_signed(pki, transcript), trust=pki.trust, now=NOW, source="t.xml"
    ).to_text()

    assert text.startswith("t.xml: TOTAL_PASSED\n")
    assert "role: school-seal" in text
    assert "also covers signature: /Transcript/Signatures/Signature[1]" in text
    assert "Nguyễn" not in text


def test_text_shows_names_and_times_as_a_reader_expects(
    pki: PKI, transcript: bytes
) -> None:
    key = rsa_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Giáo viên Toán"),
            x509.NameAttribute(
                NameOID.ORGANIZATION_NAME, "hocbaso demo, not a real CA"
            ),
            x509.NameAttribute(NameOID.EMAIL_ADDRESS, "gv@example.edu.vn"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(pki.intermediate.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(T0)
        .not_valid_after(datetime(2021, 7, 1, tzinfo=UTC))
        .sign(pki.intermediate.key, hashes.SHA256())
    )
    signer = PrivateKeySigner(key, cert, chain=[pki.intermediate.cert])
    signed = sign_document(
        transcript, signer, reference=YEAR, signing_time=SIGNING_TIME
    )

    later = NOW + timedelta(days=365)
    text = verify_document(signed, trust=pki.trust, now=later).to_text()

    shown = "E=gv@example.edu.vn,O=hocbaso demo\\, not a real CA,CN=Giáo viên Toán"
    assert f"signer: {shown}" in text
    assert f"trust.signing-key '{shown}':" in text
    assert "\\\\" not in text and "1.2.840.113549.1.9.1" not in text
    assert "has expired since 2021-07-01T07:00:00+07:00." in text
    assert "+00:00" not in text


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("principal", SignerRole.PRINCIPAL),
        ("Hiệu trưởng", SignerRole.PRINCIPAL),
        ("phó hiệu trưởng", SignerRole.PRINCIPAL),
        ("Giáo viên chủ nhiệm", SignerRole.HOMEROOM_TEACHER),
        ("giao vien bo mon", SignerRole.SUBJECT_TEACHER),
        ("Con dấu", SignerRole.SCHOOL_SEAL),
        ("tổ chức", SignerRole.SCHOOL_SEAL),
        ("SCHOOL_SEAL", SignerRole.SCHOOL_SEAL),
    ],
)
def test_roles_accept_vietnamese_terms(text: str, role: SignerRole) -> None:
    assert parse_role(text) is role


def test_unknown_role_is_refused() -> None:
    with pytest.raises(HocbasoValueError, match="Unknown signer role 'janitor'"):
        parse_role("janitor")


def _plain(value: object) -> object:
    # The conversion spelled out value by value, as the JSON form defines it.
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(VIETNAM_TIME).isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def test_to_dict_converts_every_value_as_the_json_form_says(
    pki: PKI, transcript: bytes
) -> None:
    report = verify_document(four_signed(pki, transcript), trust=pki.trust, now=NOW)
    data = report.to_dict()

    expected = _plain(report)
    assert isinstance(expected, dict)
    for sig_data, sig in zip(expected["signatures"], report.signatures, strict=True):
        sig_data["signed_paths"] = list(sig.signed_paths)
        sig_data["covers_signatures"] = list(sig.covers_signatures)
    assert data == expected
    scope = data["signatures"][0]["scope"][0]
    assert scope["digest_matched"] is True and isinstance(scope["transforms"], list)
    assert data["indication"] == "TOTAL_PASSED" and type(data["indication"]) is str
