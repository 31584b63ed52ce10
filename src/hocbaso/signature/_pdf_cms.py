"""
Our :class:`~hocbaso.signature.api.Signer` seen through pyHanko's signer API.

pyHanko builds the CMS ``SignedData`` and asks its signer for the raw
signature over the DER of the signed attributes.  The adapter hashes them
with the algorithm our signer declares and calls
:meth:`~hocbaso.signature.api.Signer.sign_digest`, so whatever holds the key
(a key in memory, a PKCS#11 token, a remote service) is used as it is: the key
is loaded once, by whoever made the signer, never per signature.  Adapters are
kept per signer, so the certificate conversion is done once too.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any, cast

from asn1crypto import algos
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.sign.signers import pdf_cms
from pyhanko_certvalidator.registry import SimpleCertificateStore

from hocbaso.errors import SigningError
from hocbaso.signature._keys import digest
from hocbaso.signature.algorithms import SignatureAlgorithm
from hocbaso.signature.api import Signer

logger = logging.getLogger(__name__)

_MECHANISMS = {
    SignatureAlgorithm.RSA_SHA256: ("sha256", "sha256_rsa"),
    SignatureAlgorithm.RSA_SHA384: ("sha384", "sha384_rsa"),
    SignatureAlgorithm.RSA_SHA512: ("sha512", "sha512_rsa"),
    SignatureAlgorithm.ECDSA_SHA256: ("sha256", "sha256_ecdsa"),
    SignatureAlgorithm.ECDSA_SHA384: ("sha384", "sha384_ecdsa"),
    SignatureAlgorithm.ECDSA_SHA512: ("sha512", "sha512_ecdsa"),
}
"""Our signature methods that CMS can carry: (digest name, CMS mechanism)."""


class CMSSignerAdapter(pdf_cms.Signer):
    """A pyHanko signer that delegates the one private-key operation to ours."""

    def __init__(self, signer: Signer) -> None:
        """
        Wrap ``signer``.

        :param signer: our signer; its algorithm fixes the CMS mechanism.
        :raises SigningError: if its algorithm cannot be used in CMS here.
        """
        try:
            self.digest_name, mechanism = _MECHANISMS[signer.algorithm]
        except KeyError:
            raise SigningError(
                f"The signature method {signer.algorithm.value!r} cannot sign a PDF; "
                "expected RSA or ECDSA with SHA-256 or stronger."
            ) from None
        certificate = _asn1(signer.certificate)
        # pyHanko carries the signing certificate itself; the store holds the
        # rest of the chain, so that no certificate is carried twice.
        store = _new_store()
        store.register_multiple(
            [_asn1(c) for c in signer.chain if c != signer.certificate]
        )
        super().__init__(
            signing_cert=certificate,
            cert_registry=store,
            signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}),
            embed_roots=False,
        )
        self.signer = signer

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        """
        Sign the DER of the signed attributes through our signer.

        :param data: the bytes to sign.
        :param digest_algorithm: pyHanko's digest name; must be the signer's.
        :param dry_run: return placeholder bytes of the right size instead.
        :returns: the signature value as CMS wants it (DER for ECDSA).
        """
        if digest_algorithm != self.digest_name:
            raise SigningError(
                f"pyHanko asked for {digest_algorithm!r}; the signer uses "
                f"{self.digest_name!r}."
            )
        if dry_run:
            return bytes(_placeholder_size(self.signer))
        method = self.signer.algorithm
        value = self.signer.sign_digest(digest(method.digest, data))
        if method.family == "ecdsa":
            return _raw_to_der(value)
        return value


def _new_store() -> SimpleCertificateStore:
    # The constructor is unannotated in pyhanko-certvalidator.
    return cast(SimpleCertificateStore, cast(Any, SimpleCertificateStore)())


def _placeholder_size(signer: Signer) -> int:
    key = signer.certificate.public_key()
    bits = getattr(key, "key_size", 521)
    if signer.algorithm.family == "ecdsa":
        return 2 * ((bits + 7) // 8) + 9
    return (bits + 7) // 8


_CMS_OVERHEAD = 400
"""
Bytes of a PAdES B-B ``SignedData`` besides certificates, names, digests and
the signature value: the ASN.1 headers, the algorithm identifiers, the content
type, the CMS algorithm protection attribute and the serial numbers (at most
20 octets each, RFC 5280 §4.1.2.2): about 240 bytes with RSA, so a margin of
160 bytes.
"""


def reserved_size(signer: Signer, digest_size: int) -> int:
    """
    Return the room to reserve in the PDF for a B-B signature by ``signer``.

    The CMS of a PAdES B-B signature has a size fixed by the certificates it
    carries and the key, so the bound is computed instead of building a trial
    CMS as pyHanko's estimate does; pyHanko refuses to sign, never writes a
    truncated signature, if the bound were ever short.

    :param signer: the signer.
    :param digest_size: the size in bytes of the message digest.
    :returns: the number of hexadecimal digits to reserve (twice the bytes).
    """
    # pyHanko carries the signer's certificate and the chain from the store,
    # leaving self-signed ones out (embed_roots=False).
    chain = [
        c for c in signer.chain if c.issuer != c.subject and c != signer.certificate
    ]
    carried = (signer.certificate, *chain)
    certificates = sum(len(c.public_bytes(Encoding.DER)) + 8 for c in carried)
    # The issuer's name is in the signer identifier and in the signing
    # certificate attribute; the digest is in the message digest attribute
    # and in the signing certificate attribute.
    names = 2 * len(signer.certificate.issuer.public_bytes())
    size = (
        certificates
        + names
        + 2 * digest_size
        + _placeholder_size(signer)
        + _CMS_OVERHEAD
    )
    return 2 * size


def _raw_to_der(value: bytes) -> bytes:
    half = len(value) // 2
    r = int.from_bytes(value[:half], "big")
    s = int.from_bytes(value[half:], "big")
    return encode_dss_signature(r, s)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


_ADAPTERS: weakref.WeakKeyDictionary[Signer, CMSSignerAdapter] = (
    weakref.WeakKeyDictionary()
)


def adapt(signer: Signer) -> CMSSignerAdapter:
    """
    Return the pyHanko adapter of ``signer``, made once per signer.

    :param signer: our signer.
    :returns: its adapter.
    """
    adapter = _ADAPTERS.get(signer)
    if adapter is None:
        # The adapter holds the signer weakly: a value that referred to its own
        # key strongly would keep every signer (and its certificates) alive for
        # good, and a long issuing run would grow without bound.
        adapter = _ADAPTERS[signer] = CMSSignerAdapter(weakref.proxy(signer))
        logger.debug("Adapted a %s for PDF signing", type(signer).__name__)
    return adapter
