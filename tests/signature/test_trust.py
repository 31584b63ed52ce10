from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

from hocbaso.errors import HocbasoValueError, TrustMaterialError
from hocbaso.signature import TrustSettings, sign_document, verify_document
from hocbaso.signature._names import format_name
from hocbaso.signature.report import (
    CheckStatus,
    Indication,
    SignatureReport,
    SubIndication,
    TimeSource,
)
from hocbaso.signature.trust import load_certificates, load_crls, load_trust

from .conftest import NOW, PKI, SIGNING_TIME
from .test_sign_roundtrip import YEAR


@pytest.fixture(scope="module")
def signed(pki: PKI, transcript: bytes) -> bytes:
    return sign_document(
        transcript, pki.signer(pki.principal), reference=YEAR, signing_time=SIGNING_TIME
    )


def _check(report_sig: SignatureReport, name: str) -> tuple[CheckStatus, str]:
    found = [c for c in report_sig.checks if c.name == name]
    return found[0].status, found[0].reason


def test_untrusted_root_is_indeterminate_never_failed(signed: bytes) -> None:
    report = verify_document(signed, now=NOW)

    sig = report.signatures[0]
    assert sig.indication is Indication.INDETERMINATE
    assert sig.sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND


def test_expired_now_but_valid_at_signing_time(pki: PKI, signed: bytes) -> None:
    later = datetime(2030, 1, 1, tzinfo=UTC)
    report = verify_document(signed, trust=pki.trust, now=later)

    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED
    assert sig.validation_time_source is TimeSource.SIGNING_TIME
    status, reason = _check(sig, "trust.certificate-validity")
    assert status is CheckStatus.WARNING
    assert "has expired since" in reason


def test_signed_after_certificate_expiry_fails(pki: PKI, transcript: bytes) -> None:
    late = datetime(2023, 1, 1, tzinfo=UTC)
    signed = sign_document(
        transcript, pki.signer(pki.principal), reference=YEAR, signing_time=late
    )
    report = verify_document(signed, trust=pki.trust, now=late)

    assert report.signatures[0].sub_indication is SubIndication.EXPIRED
    assert report.indication is Indication.TOTAL_FAILED


def test_explicit_time_outside_validity_is_indeterminate(
    pki: PKI, signed: bytes
) -> None:
    at = datetime(2019, 1, 1, tzinfo=UTC)
    report = verify_document(signed, trust=pki.trust, at=at, now=NOW)

    sig = report.signatures[0]
    assert sig.validation_time_source is TimeSource.CALLER
    assert sig.sub_indication is SubIndication.OUT_OF_BOUNDS_NO_POE


def _crl(pki: PKI, revoked_on: datetime) -> x509.CertificateRevocationList:
    entry = (
        x509.RevokedCertificateBuilder()
        .serial_number(pki.principal.cert.serial_number)
        .revocation_date(revoked_on)
        .build()
    )
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.intermediate.cert.subject)
        .last_update(revoked_on)
        .next_update(revoked_on + timedelta(days=30))
        .add_revoked_certificate(entry)
        .sign(pki.intermediate.key, hashes.SHA256())
    )


def test_revoked_before_signing_fails(pki: PKI, signed: bytes) -> None:
    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    trust = TrustSettings(anchors=(pki.root.cert,), crls=(crl,))
    report = verify_document(signed, trust=trust, now=NOW)

    assert report.signatures[0].sub_indication is SubIndication.REVOKED


def test_revoked_after_signing_is_a_warning(pki: PKI, signed: bytes) -> None:
    crl = _crl(pki, datetime(2021, 6, 10, tzinfo=UTC))
    trust = TrustSettings(anchors=(pki.root.cert,), crls=(crl,))
    report = verify_document(signed, trust=trust, now=NOW)

    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED
    assert _check(sig, "trust.revocation")[0] is CheckStatus.WARNING


def test_crl_signed_by_someone_else_is_ignored(pki: PKI, signed: bytes) -> None:
    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    forged = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(crl.issuer)
        .last_update(crl.last_update_utc)
        .next_update(crl.last_update_utc + timedelta(days=1))
        .add_revoked_certificate(crl[0])
        .sign(pki.seal.key, hashes.SHA256())
    )
    trust = TrustSettings(anchors=(pki.root.cert,), crls=(forged,))
    report = verify_document(signed, trust=trust, now=NOW)

    assert report.signatures[0].indication is Indication.TOTAL_PASSED


def test_trust_material_from_pem_der_pkcs7_and_folder(pki: PKI, tmp_path: Path) -> None:
    folder = tmp_path / "trust"
    folder.mkdir()
    both = [pki.root.cert, pki.intermediate.cert]
    (folder / "bundle.pem").write_bytes(
        b"".join(c.public_bytes(Encoding.PEM) for c in both)
    )
    (folder / "root.der").write_bytes(pki.root.cert.public_bytes(Encoding.DER))
    (folder / "chain.p7b").write_bytes(pkcs7.serialize_certificates(both, Encoding.DER))
    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    (tmp_path / "ca.crl").write_bytes(crl.public_bytes(Encoding.DER))

    assert len(load_certificates(folder)) == 5
    assert set(load_certificates(folder / "chain.p7b")) == set(both)
    assert load_crls(tmp_path / "ca.crl")[0].issuer == pki.intermediate.cert.subject
    trust = load_trust(
        [folder / "root.der"],
        intermediates=[folder / "bundle.pem"],
        crls=[tmp_path / "ca.crl"],
    )
    assert trust.anchors == (pki.root.cert,) and len(trust.intermediates) == 2


def test_unreadable_trust_material(tmp_path: Path) -> None:
    bad = tmp_path / "junk.pem"
    bad.write_bytes(b"not a certificate")

    with pytest.raises(TrustMaterialError, match="No certificate could be read"):
        load_certificates(bad)


def test_a_trust_folder_skips_files_that_are_not_certificates(
    pki: PKI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "README").write_text("Roots of the test PKI.\n")
    (tmp_path / "notes.txt").write_text("not a certificate\n")
    (tmp_path / "ROOT.CRT").write_bytes(pki.root.cert.public_bytes(Encoding.PEM))

    with caplog.at_level(logging.DEBUG, logger="hocbaso.signature.trust"):
        assert load_certificates(tmp_path) == [pki.root.cert]
    assert "Skipped 2 file(s)" in caplog.text


def test_a_trust_folder_without_certificates_is_refused(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Put the roots here.\n")

    with pytest.raises(
        TrustMaterialError,
        match=re.escape(
            f"No certificates found in folder '{tmp_path}' "
            "(looked for .pem, .crt, .cer, .der, .p7b, .p7c files)."
        ),
    ):
        load_trust([tmp_path])


def test_a_named_file_is_read_whatever_its_suffix(pki: PKI, tmp_path: Path) -> None:
    root = tmp_path / "root.txt"
    root.write_bytes(pki.root.cert.public_bytes(Encoding.PEM))

    assert load_certificates(root) == [pki.root.cert]


def test_naive_time_is_refused(signed: bytes) -> None:
    with pytest.raises(HocbasoValueError, match="has no UTC offset"):
        verify_document(signed, now=datetime(2021, 1, 1))


def test_a_signing_time_after_now_is_not_taken_as_established(
    pki: PKI, transcript: bytes
) -> None:
    # Signed "in 2030" and verified today: the claimed time is impossible, so
    # the certificate is judged now, and the report says why.
    future = NOW + timedelta(days=30)
    signed = sign_document(
        transcript, pki.signer(pki.principal), reference=YEAR, signing_time=future
    )

    report = verify_document(signed, trust=pki.trust, now=NOW).signatures[0]
    status, reason = _check(report, "policy.signing-time")

    assert report.established_signing_time is None
    assert report.claimed_signing_time == future
    assert report.validation_time_source is TimeSource.NOW
    assert report.validation_time == NOW
    assert status is CheckStatus.WARNING
    assert "later than the current time" in reason


def test_a_signing_time_within_the_clock_skew_is_established(
    pki: PKI, transcript: bytes
) -> None:
    soon = NOW + timedelta(minutes=2)
    signed = sign_document(
        transcript, pki.signer(pki.principal), reference=YEAR, signing_time=soon
    )

    report = verify_document(signed, trust=pki.trust, now=NOW).signatures[0]

    assert report.established_signing_time == soon
    assert _check(report, "policy.signing-time")[0] is CheckStatus.PASSED


def test_a_certificate_file_that_also_holds_a_private_key_is_refused(
    pki: PKI, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.serialization import (
        NoEncryption,
        PrivateFormat,
    )

    combined = tmp_path / "combined.pem"
    key = pki.root.key.private_bytes(
        Encoding.PEM, PrivateFormat.TraditionalOpenSSL, NoEncryption()
    )
    combined.write_bytes(pki.root.cert.public_bytes(Encoding.PEM) + key)

    with pytest.raises(TrustMaterialError, match="holds a private key") as refused:
        load_trust([tmp_path])
    assert str(combined) in str(refused.value)


def _listing_nobody(pki: PKI, issued: datetime) -> x509.CertificateRevocationList:
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.intermediate.cert.subject)
        .last_update(issued)
        .next_update(issued + timedelta(days=30))
        .sign(pki.intermediate.key, hashes.SHA256())
    )


def test_the_newest_crl_is_read_whatever_the_order(pki: PKI, signed: bytes) -> None:
    old = _listing_nobody(pki, datetime(2020, 12, 1, tzinfo=UTC))
    new = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))

    for crls in ((old, new), (new, old)):
        trust = TrustSettings(anchors=(pki.root.cert,), crls=crls)
        report = verify_document(signed, trust=trust, now=NOW)
        assert report.signatures[0].sub_indication is SubIndication.REVOKED


def test_a_crl_past_its_next_update_leaves_revocation_unknown(
    pki: PKI, signed: bytes
) -> None:
    stale = _listing_nobody(pki, SIGNING_TIME - timedelta(days=60))
    fresh = _listing_nobody(pki, SIGNING_TIME - timedelta(days=1))

    stale_report = verify_document(
        signed, trust=TrustSettings(anchors=(pki.root.cert,), crls=(stale,)), now=NOW
    )
    fresh_report = verify_document(
        signed, trust=TrustSettings(anchors=(pki.root.cert,), crls=(fresh,)), now=NOW
    )

    status, reason = _check(stale_report.signatures[0], "trust.revocation")
    assert status is CheckStatus.SKIPPED
    assert "current only until" in reason
    assert (
        _check(fresh_report.signatures[0], "trust.revocation")[0] is CheckStatus.PASSED
    )


def test_a_crl_file_that_also_holds_a_private_key_is_refused(
    pki: PKI, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC)).public_bytes(Encoding.PEM)
    key = pki.intermediate.key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    (tmp_path / "issuer.crl").write_bytes(crl + key)

    with pytest.raises(TrustMaterialError, match="holds a private key"):
        load_crls(tmp_path / "issuer.crl")


def _signed_with_sha1(cert: x509.Certificate, pki: PKI) -> x509.Certificate:
    # cryptography no longer signs certificates with SHA-1, but legacy chains
    # exist: the certificate is re-signed by the root through asn1crypto.
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding

    legacy = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    legacy["tbs_certificate"]["signature"] = {"algorithm": "sha1_rsa"}
    legacy["signature_algorithm"] = {"algorithm": "sha1_rsa"}
    root_key: Any = pki.root.key
    legacy["signature_value"] = root_key.sign(
        legacy["tbs_certificate"].dump(force=True), padding.PKCS1v15(), hashes.SHA1()
    )
    return x509.load_der_x509_certificate(legacy.dump(force=True))


def test_a_weak_digest_in_the_certificate_chain_is_refused_by_the_policy(
    pki: PKI, transcript: bytes
) -> None:
    from hocbaso.signature import DEFAULT_POLICY
    from hocbaso.signature.pkcs12 import PrivateKeySigner

    weak = _signed_with_sha1(pki.intermediate.cert, pki)
    signer = PrivateKeySigner(pki.principal.key, pki.principal.cert, chain=[weak])
    signed = sign_document(
        transcript, signer, reference=YEAR, signing_time=SIGNING_TIME
    )
    trust = TrustSettings(anchors=(pki.root.cert,))

    strict = verify_document(signed, trust=trust, now=NOW).signatures[0]
    legacy = verify_document(
        signed, trust=trust, policy=DEFAULT_POLICY.allowing_weak(), now=NOW
    ).signatures[0]

    status, reason = _check(strict, "policy.algorithms")
    assert status is CheckStatus.FAILED
    assert "certificate chain" in reason and "xmldsig#sha1" in reason
    assert strict.sub_indication is SubIndication.CRYPTO_CONSTRAINTS_FAILURE
    assert legacy.indication is Indication.TOTAL_PASSED


def _forged_copy(
    crl: x509.CertificateRevocationList, key: Any
) -> x509.CertificateRevocationList:
    # The same content under the same issuer name, signed with a key that is
    # not the issuer's: what a forger or a mix-up of CA keys would give.
    assert crl.next_update_utc is not None
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(crl.issuer)
        .last_update(crl.last_update_utc)
        .next_update(crl.next_update_utc)
    )
    for entry in crl:
        builder = builder.add_revoked_certificate(entry)
    signed: x509.CertificateRevocationList = builder.sign(key, hashes.SHA256())
    return signed


def _resigned_with_sha1(
    crl: x509.CertificateRevocationList, key: Any
) -> x509.CertificateRevocationList:
    # cryptography no longer signs with SHA-1, but old CAs issued such CRLs:
    # the CRL is re-signed through asn1crypto.
    from asn1crypto import crl as asn1_crl
    from cryptography.hazmat.primitives.asymmetric import ec, padding

    legacy = asn1_crl.CertificateList.load(crl.public_bytes(Encoding.DER))
    ecdsa = isinstance(key, ec.EllipticCurvePrivateKey)
    algorithm = {"algorithm": "sha1_ecdsa" if ecdsa else "sha1_rsa"}
    legacy["tbs_cert_list"]["signature"] = algorithm
    legacy["signature_algorithm"] = algorithm
    tbs = legacy["tbs_cert_list"].dump(force=True)
    legacy["signature"] = (
        key.sign(tbs, ec.ECDSA(hashes.SHA1()))
        if ecdsa
        else key.sign(tbs, padding.PKCS1v15(), hashes.SHA1())
    )
    return x509.load_der_x509_crl(legacy.dump(force=True))


def _revocations(sig: SignatureReport) -> list[tuple[CheckStatus, str]]:
    # The signer's link first, then the Sub CA's.
    return [(c.status, c.reason) for c in sig.checks if c.name == "trust.revocation"]


def _with_crls(
    pki: PKI, signed: bytes, *crls: x509.CertificateRevocationList
) -> SignatureReport:
    trust = TrustSettings(anchors=(pki.root.cert,), crls=crls)
    return verify_document(signed, trust=trust, now=NOW).signatures[0]


def test_a_forged_crl_changes_no_verdict_and_the_report_says_it_was_not_used(
    pki: PKI, signed: bytes
) -> None:
    forged = _forged_copy(_crl(pki, datetime(2021, 1, 1, tzinfo=UTC)), pki.seal.key)
    sub_ca = format_name(pki.intermediate.cert.subject)

    without = _with_crls(pki, signed)
    given = _with_crls(pki, signed, forged)

    assert given.indication is without.indication is Indication.TOTAL_PASSED
    assert [c.status for c in given.checks] == [c.status for c in without.checks]
    status, reason = _revocations(given)[0]
    assert status is CheckStatus.SKIPPED
    assert reason.startswith(f"A CRL naming issuer '{sub_ca}' was supplied, but its ")
    assert "signature does not verify with that issuer's key" in reason
    assert "no usable revocation data for 'CN=Hiệu trưởng" in reason
    # The forged CRL names the Sub CA only: the Sub CA's own link is as before.
    assert _revocations(given)[1] == _revocations(without)[1]
    assert "No revocation data for" in _revocations(given)[1][1]


def test_a_genuine_crl_still_decides_beside_a_newer_forged_one(
    pki: PKI, signed: bytes
) -> None:
    genuine = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    # Newer and listing nobody: used, it would clear the signer.
    clearing = _listing_nobody(pki, datetime(2021, 3, 1, tzinfo=UTC))
    forged = _forged_copy(clearing, pki.seal.key)

    alone = _with_crls(pki, signed, forged)

    assert "does not verify" in _revocations(alone)[0][1]
    for crls in ((forged, genuine), (genuine, forged)):
        sig = _with_crls(pki, signed, *crls)
        assert sig.sub_indication is SubIndication.REVOKED
        assert "was revoked on" in _revocations(sig)[0][1]


def test_the_issuers_own_sha1_crl_is_said_to_be_refused_not_forged(
    pki: PKI, signed: bytes
) -> None:
    content = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    own = _resigned_with_sha1(content, pki.intermediate.key)
    other = _resigned_with_sha1(content, pki.seal.key)

    own_sig = _with_crls(pki, signed, own)
    other_sig = _with_crls(pki, signed, other)

    assert own_sig.indication is other_sig.indication is Indication.TOTAL_PASSED
    status, reason = _revocations(own_sig)[0]
    assert status is CheckStatus.SKIPPED
    assert "it is signed with SHA-1, which is not accepted for CRLs" in reason
    assert "does not verify" in _revocations(other_sig)[0][1]


def test_several_unusable_crls_are_counted_with_each_reason(
    pki: PKI, signed: bytes
) -> None:
    content = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    forged = _forged_copy(content, pki.seal.key)
    old = _resigned_with_sha1(content, pki.intermediate.key)

    sig = _with_crls(pki, signed, forged, old, forged)

    status, reason = _revocations(sig)[0]
    assert status is CheckStatus.SKIPPED
    assert reason.startswith("3 CRLs naming issuer ")
    assert reason.count("does not verify") == 1
    assert "signed with SHA-1" in reason


def test_a_crl_whose_signature_cannot_be_checked_says_so(pki: PKI) -> None:
    from cryptography.hazmat.primitives.asymmetric import x25519

    from hocbaso.signature._chain import _crl_problem

    # An X25519 key cannot sign; cryptography refuses to check with it.
    holder = (
        x509.CertificateBuilder()
        .subject_name(pki.intermediate.cert.subject)
        .issuer_name(pki.root.cert.subject)
        .public_key(x25519.X25519PrivateKey.generate().public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(SIGNING_TIME)
        .not_valid_after(NOW)
        .sign(pki.root.key, hashes.SHA256())
    )
    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))

    assert _crl_problem(crl, holder) == "its signature algorithm cannot be checked"
    assert _crl_problem(crl, pki.intermediate.cert) == ""
