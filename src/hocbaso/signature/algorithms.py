"""
Algorithm identifiers of XML Signature, as enums whose values are the official URIs.

The URIs come from XML Signature Syntax and Processing 1.1 (W3C, 2013), §6, and
from RFC 9231 for the ``xmldsig-more`` names.  An unknown URI raises
:class:`~hocbaso.errors.UnsupportedAlgorithmError`.
"""

from __future__ import annotations

import logging
from enum import Enum, StrEnum
from typing import TypeVar

from hocbaso.errors import UnsupportedAlgorithmError

__all__ = [
    "WEAK_ALGORITHMS",
    "CanonicalizationAlgorithm",
    "DigestAlgorithm",
    "SignatureAlgorithm",
    "TransformAlgorithm",
    "parse_algorithm",
]

logger = logging.getLogger(__name__)

_DS = "http://www.w3.org/2000/09/xmldsig#"
_MORE = "http://www.w3.org/2001/04/xmldsig-more#"
_ENC = "http://www.w3.org/2001/04/xmlenc#"
_DS11 = "http://www.w3.org/2009/xmldsig11#"


class DigestAlgorithm(StrEnum):
    """A digest method (``DigestMethod/@Algorithm``)."""

    MD5 = _MORE + "md5"
    SHA1 = _DS + "sha1"
    SHA224 = _MORE + "sha224"
    SHA256 = _ENC + "sha256"
    SHA384 = _MORE + "sha384"
    SHA512 = _ENC + "sha512"


class SignatureAlgorithm(StrEnum):
    """A signature method (``SignatureMethod/@Algorithm``)."""

    RSA_MD5 = _MORE + "rsa-md5"
    RSA_SHA1 = _DS + "rsa-sha1"
    RSA_SHA224 = _MORE + "rsa-sha224"
    RSA_SHA256 = _MORE + "rsa-sha256"
    RSA_SHA384 = _MORE + "rsa-sha384"
    RSA_SHA512 = _MORE + "rsa-sha512"
    ECDSA_SHA1 = _MORE + "ecdsa-sha1"
    ECDSA_SHA224 = _MORE + "ecdsa-sha224"
    ECDSA_SHA256 = _MORE + "ecdsa-sha256"
    ECDSA_SHA384 = _MORE + "ecdsa-sha384"
    ECDSA_SHA512 = _MORE + "ecdsa-sha512"
    DSA_SHA1 = _DS + "dsa-sha1"
    DSA_SHA256 = _DS11 + "dsa-sha256"
    HMAC_SHA1 = _DS + "hmac-sha1"
    HMAC_SHA256 = _MORE + "hmac-sha256"
    HMAC_SHA384 = _MORE + "hmac-sha384"
    HMAC_SHA512 = _MORE + "hmac-sha512"

    @property
    def digest(self) -> DigestAlgorithm:
        """Return the digest algorithm this signature method hashes with."""
        return _SIGNATURE_DIGESTS[self.name.rsplit("_", 1)[1]]

    @property
    def family(self) -> str:
        """Return the key family: ``'rsa'``, ``'ecdsa'``, ``'dsa'`` or ``'hmac'``."""
        return self.name.split("_", 1)[0].lower()


_SIGNATURE_DIGESTS = {
    "MD5": DigestAlgorithm.MD5,
    "SHA1": DigestAlgorithm.SHA1,
    "SHA224": DigestAlgorithm.SHA224,
    "SHA256": DigestAlgorithm.SHA256,
    "SHA384": DigestAlgorithm.SHA384,
    "SHA512": DigestAlgorithm.SHA512,
}


class CanonicalizationAlgorithm(StrEnum):
    """A canonicalization method, usable as ``CanonicalizationMethod`` or transform."""

    C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    C14N_WITH_COMMENTS = C14N + "#WithComments"
    C14N11 = "http://www.w3.org/2006/12/xml-c14n11"
    C14N11_WITH_COMMENTS = C14N11 + "#WithComments"
    EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    EXC_C14N_WITH_COMMENTS = EXC_C14N + "WithComments"

    @property
    def exclusive(self) -> bool:
        """Return whether this is exclusive canonicalization."""
        return self.name.startswith("EXC_")

    @property
    def with_comments(self) -> bool:
        """Return whether comments are kept."""
        return self.name.endswith("_WITH_COMMENTS")

    @property
    def version_11(self) -> bool:
        """Return whether this is Canonical XML 1.1 (``xml:id`` not inherited)."""
        return self.name.startswith("C14N11")


class TransformAlgorithm(StrEnum):
    """A transform that is not a canonicalization."""

    ENVELOPED_SIGNATURE = _DS + "enveloped-signature"
    BASE64 = _DS + "base64"
    XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
    XPATH_FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2"
    XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"

    @property
    def refused(self) -> bool:
        """Return whether hocbaso refuses this transform (it runs arbitrary logic)."""
        return self in _REFUSED_TRANSFORMS


_REFUSED_TRANSFORMS = frozenset(
    {
        TransformAlgorithm.XPATH,
        TransformAlgorithm.XPATH_FILTER2,
        TransformAlgorithm.XSLT,
    }
)

WEAK_ALGORITHMS: frozenset[str] = frozenset(
    {
        DigestAlgorithm.MD5.value,
        DigestAlgorithm.SHA1.value,
        SignatureAlgorithm.RSA_MD5.value,
        SignatureAlgorithm.RSA_SHA1.value,
        SignatureAlgorithm.ECDSA_SHA1.value,
        SignatureAlgorithm.DSA_SHA1.value,
        SignatureAlgorithm.HMAC_SHA1.value,
    }
)
"""Algorithms that are verified but refused for ``TOTAL_PASSED`` by default."""

_E = TypeVar("_E", bound=Enum)


def parse_algorithm(kind: type[_E], uri: str | None) -> _E:
    """
    Look up an algorithm URI in one of the enums of this module.

    :param kind: the enum class to look in.
    :param uri: the ``Algorithm`` attribute value.
    :returns: the enum member.
    :raises UnsupportedAlgorithmError: if the URI is missing or unknown.
    """
    try:
        return kind(uri)
    except ValueError as exc:
        raise UnsupportedAlgorithmError(
            f"Unknown {kind.__name__} {uri!r}; expected one of the URIs of XML "
            "Signature 1.1."
        ) from exc
