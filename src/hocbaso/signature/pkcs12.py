"""A :class:`~hocbaso.signature.api.Signer` over a private key in memory or a PKCS#12 file."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    Prehashed,
    decode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    pkcs12,
)

from hocbaso._files import read_input
from hocbaso.errors import InputFileError, SigningError
from hocbaso.signature._keys import hash_for
from hocbaso.signature._names import format_name
from hocbaso.signature.algorithms import SignatureAlgorithm
from hocbaso.signature.api import Signer

__all__ = ["PrivateKeySigner", "load_pkcs12_signer"]

logger = logging.getLogger(__name__)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


class PrivateKeySigner(Signer):
    """Sign with an RSA or EC private key loaded in memory."""

    def __init__(
        self,
        key: PrivateKey,
        certificate: x509.Certificate,
        *,
        chain: Sequence[x509.Certificate] = (),
        algorithm: SignatureAlgorithm | None = None,
    ) -> None:
        """
        Create the signer.

        :param key: the private key matching ``certificate``.
        :param certificate: the signer's certificate.
        :param chain: intermediates to include in KeyInfo.
        :param algorithm: the method; RSA-SHA256 or ECDSA-SHA256 by default.
        :raises SigningError: if the key does not belong to ``certificate``, or
            the key type and method do not fit.
        """
        _check_key_matches(key, certificate)
        default = (
            SignatureAlgorithm.RSA_SHA256
            if isinstance(key, rsa.RSAPrivateKey)
            else SignatureAlgorithm.ECDSA_SHA256
        )
        self._key = key
        self._certificate = certificate
        self._chain = tuple(chain)
        self._algorithm = algorithm or default
        if self._algorithm.family != default.family:
            raise SigningError(
                f"The method {self._algorithm.value!r} does not fit the key type."
            )

    @property
    def certificate(self) -> x509.Certificate:
        """Return the signer's certificate."""
        return self._certificate

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        """Return the intermediates given at creation."""
        return self._chain

    @property
    def algorithm(self) -> SignatureAlgorithm:
        """Return the signature method."""
        return self._algorithm

    def sign_digest(self, digest: bytes) -> bytes:
        """
        Sign a prehashed digest.

        :param digest: the digest of the canonical SignedInfo.
        :returns: the XMLDSig signature value (raw ``r||s`` for ECDSA).
        """
        prehashed = Prehashed(hash_for(self._algorithm.digest))
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(digest, padding.PKCS1v15(), prehashed)
        der = self._key.sign(digest, ec.ECDSA(prehashed))
        r, s = decode_dss_signature(der)
        size = (self._key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def load_pkcs12_signer(
    path: str | Path,
    password: bytes | str | None,
    *,
    certificate: x509.Certificate | None = None,
    chain: Sequence[x509.Certificate] = (),
) -> PrivateKeySigner:
    """
    Load a signer from a PKCS#12 (``.p12``/``.pfx``) file.

    :param path: the file.
    :param password: its password (bytes, or text taken as UTF-8), or ``None``.
    :param certificate: a certificate to use instead of the file's own (e.g.
        a renewed certificate for the same key).
    :param chain: intermediates to include after the file's other certificates.
    :returns: the signer, with the file's other certificates as its chain.
    :raises SigningError: if the file cannot be read, holds no usable key, or
        the key does not belong to the certificate.
    """
    logger.info("Loading a PKCS#12 key from %s", Path(path).name)
    secret = password.encode("utf-8") if isinstance(password, str) else password
    try:
        data = read_input(path)
    except InputFileError as exc:
        raise SigningError(str(exc)) from exc
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, secret)
    except ValueError as exc:
        raise SigningError("The PKCS#12 file cannot be read (password?).") from exc
    cert = certificate or cert
    if cert is None or not isinstance(
        key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    ):
        raise SigningError(
            "The PKCS#12 file holds no RSA or EC key with a certificate."
        )
    return PrivateKeySigner(key, cert, chain=[*extra, *chain])


def _check_key_matches(key: PrivateKey, certificate: x509.Certificate) -> None:
    # A signature made with another key verifies against no certificate: the
    # signer would only learn it when a reader rejects the transcript.
    def spki(public: object) -> bytes:
        if not isinstance(public, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            return b""
        return public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)

    if spki(key.public_key()) != spki(certificate.public_key()):
        subject = format_name(certificate.subject)
        raise SigningError(
            f"The private key does not belong to the certificate '{subject}'."
        )
