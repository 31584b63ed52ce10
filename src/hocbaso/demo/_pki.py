"""
A throw-away public-key infrastructure for the demonstration, made on the spot.

Every certificate says "TEST ONLY" in its organisation and common name, is valid
for a short fixed period around the demonstration's signing times, and chains to
a root that nobody trusts outside the demonstration. The keys never leave memory
unless :meth:`DemoPKI.write` is called, and then only into the output folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from hocbaso.model import SignerRole
from hocbaso.signature.pkcs12 import PrivateKey, PrivateKeySigner
from hocbaso.signature.trust import TrustSettings

__all__ = ["DemoPKI", "make_demo_pki"]

_LABEL = "TEST ONLY - hocbaso demo, not a real certificate"


@dataclass(frozen=True, slots=True)
class _Issued:
    key: PrivateKey
    certificate: x509.Certificate


@dataclass(frozen=True, slots=True)
class DemoPKI:
    """A root, an intermediate and one signer per role, all labelled as test keys."""

    root: _Issued
    intermediate: _Issued
    signers: dict[SignerRole, _Issued]

    @property
    def trust(self) -> TrustSettings:
        """Trust settings that anchor on the demonstration root only."""
        return TrustSettings(anchors=(self.root.certificate,))

    def signer(self, role: SignerRole) -> PrivateKeySigner:
        """
        Return the signer holding the key for ``role``.

        :param role: one of the four signing roles.
        :returns: a signer whose chain includes the intermediate.
        """
        issued = self.signers[role]
        return PrivateKeySigner(
            issued.key, issued.certificate, chain=[self.intermediate.certificate]
        )

    def write(self, folder: Path) -> Path:
        """
        Write the root certificate (PEM) into ``folder``, for ``verify --trust``.

        :param folder: the folder; made if missing.
        :returns: the file written.
        """
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "TEST-ONLY-demo-root.pem"
        path.write_bytes(self.root.certificate.public_bytes(serialization.Encoding.PEM))
        return path


def make_demo_pki(valid_from: dt.datetime) -> DemoPKI:
    """
    Make a fresh test PKI whose leaves are valid for ten years from ``valid_from``.

    :param valid_from: a timezone-aware start of validity.
    :returns: the PKI; RSA for the principal and the seal, ECDSA for the teachers.
    """
    root = _issue("Root CA", _rsa(), None, ca=True, start=valid_from)
    intermediate = _issue("Sub CA", _ec(), root, ca=True, start=valid_from)
    signers = {
        SignerRole.SUBJECT_TEACHER: _issue("Giáo viên bộ môn", _ec(), intermediate,
                                           ca=False, start=valid_from),
        SignerRole.HOMEROOM_TEACHER: _issue("Giáo viên chủ nhiệm", _ec(), intermediate,
                                            ca=False, start=valid_from),
        SignerRole.PRINCIPAL: _issue("Hiệu trưởng", _rsa(), intermediate, ca=False,
                                     start=valid_from),
        SignerRole.SCHOOL_SEAL: _issue("Trường Tiểu học Lưu Phương", _rsa(),
                                       intermediate, ca=False, start=valid_from),
    }  # fmt: skip
    return DemoPKI(root, intermediate, signers)


def _rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _ec() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _LABEL),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{common} (TEST ONLY)"),
        ]
    )


def _issue(
    common: str,
    key: PrivateKey,
    issuer: _Issued | None,
    *,
    ca: bool,
    start: dt.datetime,
) -> _Issued:
    subject = _name(common)
    signing_key = key if issuer is None else issuer.key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca), critical=True)
    )
    return _Issued(key, builder.sign(signing_key, hashes.SHA256()))


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
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
