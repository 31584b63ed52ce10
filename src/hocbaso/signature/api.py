"""
The signer interface: anything that can sign a digest with a certified key.

A PKCS#12 file, a PKCS#11 token or a remote signing service each implement
:class:`Signer`; the XML work (references, canonicalization, XAdES properties)
is done once, in :mod:`hocbaso.signature.sign`, around :meth:`Signer.sign_digest`.
For services that sign asynchronously, use
:func:`~hocbaso.signature.sign.prepare_signature` and
:func:`~hocbaso.signature.sign.finish_signature` instead of a :class:`Signer`.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Sequence

from cryptography import x509

from hocbaso.signature.algorithms import SignatureAlgorithm

__all__ = ["Signer"]

logger = logging.getLogger(__name__)


class Signer(abc.ABC):
    """A key holder that signs digests; it never sees the document."""

    @property
    @abc.abstractmethod
    def certificate(self) -> x509.Certificate:
        """Return the signer's certificate (written to KeyInfo and SigningCertificateV2)."""

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        """Return intermediate certificates to include in KeyInfo (default: none)."""
        return ()

    @property
    @abc.abstractmethod
    def algorithm(self) -> SignatureAlgorithm:
        """Return the signature method this signer uses (SHA-256 or stronger)."""

    @abc.abstractmethod
    def sign_digest(self, digest: bytes) -> bytes:
        """
        Sign a digest of the canonical ``SignedInfo``.

        :param digest: the hash, made with :attr:`algorithm`'s digest.
        :returns: the ``SignatureValue`` octets as XMLDSig wants them: PKCS#1
            v1.5 for RSA, raw ``r||s`` (not DER) for ECDSA.
        """
