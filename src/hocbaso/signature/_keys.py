"""Keys from ``KeyInfo`` and the cryptographic check of ``SignatureValue``."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import logging
from collections.abc import Iterator

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from hocbaso.errors import SignatureFormatError, UnsupportedAlgorithmError
from hocbaso.signature._document import DS_NS
from hocbaso.signature.algorithms import DigestAlgorithm, SignatureAlgorithm

logger = logging.getLogger(__name__)

DS11_NS = "http://www.w3.org/2009/xmldsig11#"
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | dsa.DSAPublicKey

_HASHES: dict[DigestAlgorithm, type[hashes.HashAlgorithm]] = {
    DigestAlgorithm.MD5: hashes.MD5,
    DigestAlgorithm.SHA1: hashes.SHA1,
    DigestAlgorithm.SHA224: hashes.SHA224,
    DigestAlgorithm.SHA256: hashes.SHA256,
    DigestAlgorithm.SHA384: hashes.SHA384,
    DigestAlgorithm.SHA512: hashes.SHA512,
}
_CURVES: dict[str, ec.EllipticCurve] = {
    "urn:oid:1.2.840.10045.3.1.7": ec.SECP256R1(),
    "urn:oid:1.3.132.0.34": ec.SECP384R1(),
    "urn:oid:1.3.132.0.35": ec.SECP521R1(),
}


def hash_for(algorithm: DigestAlgorithm) -> hashes.HashAlgorithm:
    """Return a cryptography hash object for a digest algorithm."""
    return _HASHES[algorithm]()


def digest(algorithm: DigestAlgorithm, data: bytes) -> bytes:
    """Hash ``data`` with ``algorithm``."""
    return hashlib.new(hash_for(algorithm).name, data).digest()


def b64decode(text: str | None, what: str) -> bytes:
    """
    Decode base64 text, ignoring whitespace.

    :raises SignatureFormatError: if the text is missing or not base64.
    """
    if not text or not text.strip():
        raise SignatureFormatError(f"The {what} is missing or empty.")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureFormatError(f"The {what} is not valid base64.") from exc


def keyinfo_certificates(signature: etree._Element) -> list[x509.Certificate]:
    """Return the certificates carried in ``KeyInfo/X509Data``, in order."""
    certificates = []
    for node in signature.iterfind(f"{{{DS_NS}}}KeyInfo//{{{DS_NS}}}X509Certificate"):
        der = b64decode(node.text, "X509Certificate")
        try:
            certificates.append(load_der_certificate(der))
        except ValueError as exc:
            raise SignatureFormatError("An X509Certificate cannot be read.") from exc
    return certificates


@functools.lru_cache(maxsize=256)
def load_der_certificate(der: bytes) -> x509.Certificate:
    """
    Parse a DER certificate, once per process for the same bytes.

    Sibling signatures, and the documents of one school, carry the same few
    certificates; the same object back also lets the caches keyed on
    certificates find it by identity.  Bounded: an entry is one certificate.

    :raises ValueError: if the bytes are not a certificate.
    """
    return x509.load_der_x509_certificate(der)


def keyinfo_public_keys(signature: etree._Element) -> Iterator[PublicKey]:
    """Yield the bare public keys in ``KeyInfo/KeyValue`` (RSA, EC, DSA)."""
    for value in signature.iterfind(f"{{{DS_NS}}}KeyInfo/{{{DS_NS}}}KeyValue/*"):
        key = _key_value(value)
        if key is not None:
            yield key


def _key_value(node: etree._Element) -> PublicKey | None:
    tag = node.tag
    if tag == f"{{{DS_NS}}}RSAKeyValue":
        numbers = rsa.RSAPublicNumbers(_int(node, "Exponent"), _int(node, "Modulus"))
        return numbers.public_key()
    if tag == f"{{{DS_NS}}}DSAKeyValue":
        params = dsa.DSAParameterNumbers(
            _int(node, "P"), _int(node, "Q"), _int(node, "G")
        )
        return dsa.DSAPublicNumbers(_int(node, "Y"), params).public_key()
    if tag in (f"{{{DS11_NS}}}ECKeyValue", f"{{{DS_NS}}}ECKeyValue"):
        return _ec_key_value(node)
    return None


def _int(node: etree._Element, name: str) -> int:
    child = node.find(f"{{{DS_NS}}}{name}")
    text = child.text if child is not None else None
    return int.from_bytes(b64decode(text, name), "big")


def _ec_key_value(node: etree._Element) -> ec.EllipticCurvePublicKey:
    curve_node = node.find(f"{{{DS11_NS}}}NamedCurve")
    point_node = node.find(f"{{{DS11_NS}}}PublicKey")
    if curve_node is None or point_node is None:
        raise SignatureFormatError("An ECKeyValue lacks NamedCurve or PublicKey.")
    curve = _CURVES.get(curve_node.get("URI", ""))
    if curve is None:
        raise UnsupportedAlgorithmError(
            f"Unknown named curve {curve_node.get('URI')!r}; expected P-256/384/521."
        )
    point = b64decode(point_node.text, "EC public key")
    return ec.EllipticCurvePublicKey.from_encoded_point(curve, point)


def verify_value(
    algorithm: SignatureAlgorithm,
    key: PublicKey | bytes,
    value: bytes,
    data: bytes,
) -> None:
    """
    Check a ``SignatureValue`` over canonical ``SignedInfo`` octets.

    :param algorithm: the signature method.
    :param key: a public key, or the shared secret for HMAC.
    :param value: the decoded signature value (raw ``r||s`` for (EC)DSA).
    :param data: the canonical ``SignedInfo``.
    :raises InvalidSignature: if the value does not match.
    """
    chosen = hash_for(algorithm.digest)
    family = algorithm.family
    if family == "hmac":
        _verify_hmac(key, chosen, value, data)
    elif family == "rsa" and isinstance(key, rsa.RSAPublicKey):
        key.verify(value, data, padding.PKCS1v15(), chosen)
    elif family == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(_raw_to_der(value), data, ec.ECDSA(chosen))
    elif family == "dsa" and isinstance(key, dsa.DSAPublicKey):
        key.verify(_raw_to_der(value), data, chosen)
    else:
        raise InvalidSignature("The key does not fit the signature method.")


def _verify_hmac(
    key: PublicKey | bytes, chosen: hashes.HashAlgorithm, value: bytes, data: bytes
) -> None:
    if not isinstance(key, bytes):
        raise InvalidSignature("An HMAC signature needs a shared key.")
    expected = hmac.new(key, data, chosen.name).digest()
    if not hmac.compare_digest(expected, value):
        raise InvalidSignature("HMAC mismatch.")


def _raw_to_der(value: bytes) -> bytes:
    # XMLDSig 1.1 §6.4.3: ECDSA (and DSA) values are r and s concatenated,
    # each left-padded to the same length; cryptography wants DER.
    if not value or len(value) % 2:
        raise InvalidSignature("A raw r||s value must have an even length.")
    half = len(value) // 2
    r = int.from_bytes(value[:half], "big")
    s = int.from_bytes(value[half:], "big")
    return encode_dss_signature(r, s)


@functools.lru_cache(maxsize=1024)
def subject_der(certificate: x509.Certificate) -> bytes:
    """Return the DER of the subject name (cached; cheaper than comparing Names)."""
    return certificate.subject.public_bytes()


@functools.lru_cache(maxsize=1024)
def issuer_der(certificate: x509.Certificate) -> bytes:
    """Return the DER of the issuer name (cached)."""
    return certificate.issuer.public_bytes()


def public_key_of(certificate: x509.Certificate) -> PublicKey | None:
    """Return the certificate's key if it is RSA, EC or DSA, else ``None``."""
    try:
        key = certificate.public_key()
    except UnsupportedAlgorithm:
        return None
    if isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | dsa.DSAPublicKey):
        return key
    return None
