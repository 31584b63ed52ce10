"""A test PKI and helpers shared by the signature tests (no network, frozen times)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from hocbaso.signature.pkcs12 import PrivateKey, PrivateKeySigner
from hocbaso.signature.trust import TrustSettings

DATA = Path(__file__).resolve().parents[1] / "data" / "signature"
T0 = datetime(2020, 6, 1, tzinfo=UTC)
"""Start of validity of the test PKI's leaves."""
SIGNING_TIME = datetime(2021, 5, 30, 9, 30, tzinfo=UTC)
NOW = datetime(2021, 6, 15, tzinfo=UTC)


def corpus_dir() -> Path:
    """Return the shared corpus, found next to the repository root."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent.parent / "shared" / "corpus"
        if (parent / "pyproject.toml").exists():
            return candidate
    return Path("/nonexistent")


def require_corpus() -> Path:
    """Return the corpus or skip the test with a clear reason."""
    path = corpus_dir()
    if not path.is_dir():
        pytest.skip(f"The shared corpus is not at {path}; these tests read it there.")
    return path


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Trường THCS Kiểm Thử"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


@dataclass(frozen=True)
class Issued:
    key: PrivateKey
    cert: x509.Certificate


def issue(
    common: str,
    key: PrivateKey,
    issuer: Issued | None,
    *,
    ca: bool,
    start: datetime = T0,
    days: int = 730,
) -> Issued:
    cert = certify(
        common,
        key.public_key(),
        key if issuer is None else issuer.key,
        None if issuer is None else issuer.cert.subject,
        ca=ca,
        start=start,
        days=days,
    )
    return Issued(key, cert)


def certify(
    common: str,
    public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey,
    signing_key: PrivateKey,
    issuer_name: x509.Name | None,
    *,
    ca: bool = False,
    start: datetime = T0,
    days: int = 730,
) -> x509.Certificate:
    """Issue a certificate for a public key; no issuer name means self-signed."""
    usage = x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(issuer_name or _name(common))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
    )
    return builder.sign(signing_key, hashes.SHA256())


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class PKI:
    root: Issued
    intermediate: Issued
    teacher: Issued
    homeroom: Issued
    principal: Issued
    seal: Issued
    impostor: Issued
    """Same subject name as ``principal`` but another key, issued by a rogue CA."""

    def signer(self, who: Issued) -> PrivateKeySigner:
        return PrivateKeySigner(who.key, who.cert, chain=[self.intermediate.cert])

    @property
    def trust(self) -> TrustSettings:
        return TrustSettings(anchors=(self.root.cert,))


@pytest.fixture(scope="session")
def pki() -> PKI:
    root = issue(
        "Root CA Kiểm Thử",
        rsa_key(),
        None,
        ca=True,
        start=T0 - timedelta(days=365),
        days=3650,
    )
    inter = issue(
        "Sub CA Kiểm Thử",
        ec.generate_private_key(ec.SECP384R1()),
        root,
        ca=True,
        start=T0 - timedelta(days=30),
        days=2000,
    )
    rogue = issue("Rogue CA", rsa_key(), None, ca=True)
    return PKI(
        root=root,
        intermediate=inter,
        teacher=issue(
            "Giáo viên Toán", ec.generate_private_key(ec.SECP256R1()), inter, ca=False
        ),
        homeroom=issue("Giáo viên chủ nhiệm", rsa_key(), inter, ca=False),
        principal=issue("Hiệu trưởng", rsa_key(), inter, ca=False),
        seal=issue("Trường THCS Kiểm Thử", rsa_key(), inter, ca=False),
        impostor=issue(
            "Hiệu trưởng",
            rsa_key(),
            Issued(rogue.key, _renamed(rogue, inter)),
            ca=False,
        ),
    )


def _renamed(rogue: Issued, inter: Issued) -> x509.Certificate:
    # The rogue CA poses under the intermediate's name; only the key differs.
    return (
        x509.CertificateBuilder()
        .subject_name(inter.cert.subject)
        .issuer_name(inter.cert.subject)
        .public_key(rogue.key.public_key())
        .serial_number(1)
        .not_valid_before(T0 - timedelta(days=1))
        .not_valid_after(T0 + timedelta(days=3650))
        .sign(rogue.key, hashes.SHA256())
    )


@pytest.fixture(scope="session")
def transcript() -> bytes:
    return (DATA / "transcript_example.xml").read_bytes()
