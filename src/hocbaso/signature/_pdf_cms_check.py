"""
The cryptographic checks of a CMS signature or timestamp token inside a PDF.

pyHanko's low-level integrity function does the arithmetic (message digest,
signature value, ``signing-certificate`` binding); trust is left to
:mod:`hocbaso.signature._chain`, so a PDF signature's certificate path is
judged exactly like an XML signature's.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko.sign.general import (
    CMSExtractionError,
    CMSStructuralError,
    extract_certificate_info,
    extract_signer_info,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import validate_sig_integrity

from hocbaso.signature._keys import load_der_certificate
from hocbaso.signature.algorithms import DigestAlgorithm, SignatureAlgorithm
from hocbaso.signature.report import SubIndication

logger = logging.getLogger(__name__)

_DIGESTS = {
    "md5": DigestAlgorithm.MD5,
    "sha1": DigestAlgorithm.SHA1,
    "sha224": DigestAlgorithm.SHA224,
    "sha256": DigestAlgorithm.SHA256,
    "sha384": DigestAlgorithm.SHA384,
    "sha512": DigestAlgorithm.SHA512,
}


@dataclass(frozen=True, slots=True)
class CMSOutcome:
    """What the arithmetic of one CMS signer established."""

    signer: x509.Certificate | None
    """The signer's certificate, if the CMS carries it."""

    others: tuple[x509.Certificate, ...]
    """The other certificates in the CMS."""

    intact: bool
    """Whether the signed digest equals the digest of the signed data."""

    valid: bool
    """Whether the signature value verifies with the signer's key."""

    problem: str
    """Why the signature could not be checked (empty if it could)."""

    sub_indication: SubIndication | None
    """What the problem means, if there is one."""

    has_signed_attributes: bool
    """Whether the CMS has signed attributes (else the value signs the digest)."""

    binds_certificate: bool
    """Whether a ``signing-certificate`` (v1 or v2) attribute names the signer."""

    digest_algorithm: str
    """The digest algorithm, as its XML Signature URI if it has one, else ``'cms:<name>'``."""

    signature_algorithm: str
    """The signature algorithm, named the same way."""

    @property
    def algorithms(self) -> frozenset[str]:
        """Return both algorithms, for the policy check."""
        return frozenset({self.digest_algorithm, self.signature_algorithm})


def to_cryptography(certificate: asn1_x509.Certificate) -> x509.Certificate:
    """Convert an asn1crypto certificate to a cryptography one (parsed once per DER)."""
    return load_der_certificate(certificate.dump())


def algorithm_names(signer_info: cms.SignerInfo) -> tuple[str, str]:
    """
    Name the digest and signature algorithms of a signer.

    :param signer_info: the CMS ``SignerInfo``.
    :returns: XML Signature URIs for the ones with one, else ``'cms:<name>'``.
    """
    digest = signer_info["digest_algorithm"]["algorithm"].native
    mechanism = signer_info["signature_algorithm"]["algorithm"].native
    digest_name = _DIGESTS[digest].value if digest in _DIGESTS else f"cms:{digest}"
    family = {"rsassa_pkcs1v15": "RSA", "rsassa_pss": "RSA", "ecdsa": "ECDSA"}
    parts = str(mechanism).split("_")
    if len(parts) == 2 and parts[1] in ("rsa", "ecdsa"):
        key = f"{parts[1].upper()}_{parts[0].upper()}"
    elif mechanism in family:
        key = f"{family[mechanism]}_{digest.upper()}"
    else:
        key = ""
    uri = SignatureAlgorithm.__members__.get(key)
    return digest_name, uri.value if uri is not None else f"cms:{mechanism}"


def _binds(signer_info: cms.SignerInfo) -> bool:
    attrs = signer_info["signed_attrs"]
    if attrs is core.VOID:
        return False
    kinds = {a["type"].native for a in attrs}
    return bool(kinds & {"signing_certificate", "signing_certificate_v2"})


def check_signed_data(
    signed_data: cms.SignedData, content_digest: bytes, content_type: str
) -> CMSOutcome:
    """
    Check one CMS ``SignedData`` against the digest of what it signs.

    :param signed_data: the CMS.
    :param content_digest: the digest of the signed content (byte range, or
        the TSTInfo of a timestamp token), with the signer's digest algorithm.
    :param content_type: the expected content type (``'data'``, ``'tst_info'``).
    :returns: the outcome; nothing is raised for a bad signature.
    """
    signer_info = extract_signer_info(signed_data)
    has_attrs = signer_info["signed_attrs"] is not core.VOID
    names = algorithm_names(signer_info)
    try:
        signer_cert, other_certs = _certificates(signed_data, signer_info)
    except CMSExtractionError:
        return CMSOutcome(
            None,
            (),
            False,
            False,
            "The signer's certificate is not in the CMS.",
            SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
            has_attrs,
            False,
            *names,
        )
    signer = to_cryptography(signer_cert)
    others = tuple(to_cryptography(c) for c in other_certs)
    try:
        intact, valid = validate_sig_integrity(
            signer_info, signer_cert, content_type, content_digest
        )
    except (SignatureValidationError, CMSStructuralError, ValueError) as exc:
        logger.debug("CMS integrity check refused: %s", exc)
        sub = _sub_indication(exc)
        return CMSOutcome(
            signer,
            others,
            False,
            False,
            _problem_text(exc),
            sub,
            has_attrs,
            _binds(signer_info),
            *names,
        )
    return CMSOutcome(
        signer, others, intact, valid, "", None, has_attrs, _binds(signer_info), *names
    )


def _certificates(
    signed_data: cms.SignedData, signer_info: cms.SignerInfo
) -> tuple[asn1_x509.Certificate, list[asn1_x509.Certificate]]:
    """
    Find the signer's certificate among the CMS certificates, and the others.

    A signer named by issuer and serial number is first looked for with the
    issuer's DER bytes: identical bytes are an identical name, and the
    comparison costs nothing, where comparing names as X.520 asks (LDAP string
    preparation of every attribute) is a fifth of a PDF signature's CMS check.
    Anything else goes to pyHanko's comparison, which also matches names
    encoded differently.
    """
    sid = signer_info["sid"]
    if sid.name == "issuer_and_serial_number":
        issuer = sid.chosen["issuer"].dump()
        serial = sid.chosen["serial_number"].native
        certificates = [
            choice.chosen.untag()
            for choice in signed_data["certificates"] or ()
            if choice.name == "certificate"
        ]
        for index, certificate in enumerate(certificates):
            tbs = certificate["tbs_certificate"]
            if tbs["serial_number"].native == serial and tbs["issuer"].dump() == issuer:
                return certificate, certificates[:index] + certificates[index + 1 :]
    info = extract_certificate_info(signed_data)
    return info.signer_cert, list(info.other_certs)


def _sub_indication(exc: Exception) -> SubIndication:
    if isinstance(exc, SignatureValidationError) and "certificate" in str(exc).lower():
        return SubIndication.SIG_CONSTRAINTS_FAILURE
    return SubIndication.FORMAT_FAILURE


def _problem_text(exc: Exception) -> str:
    text = str(getattr(exc, "failure_message", "") or exc).strip().rstrip(".")
    return f"The CMS signature cannot be checked: {text}."


def digest_of(name: str, data: bytes) -> bytes:
    """Hash ``data`` with the hash pyHanko names ``name`` (e.g. ``'sha256'``)."""
    return hashlib.new(
        name.replace("_", "-") if name.startswith("sha3") else name, data
    ).digest()


@dataclass(frozen=True, slots=True)
class TimestampOutcome:
    """What a timestamp token established."""

    time: datetime | None
    """The token's ``genTime``."""

    imprint_matches: bool
    """Whether the message imprint is the digest of the timestamped data."""

    cms: CMSOutcome | None
    """The token's own signature; ``None`` if the token could not be read."""


def check_timestamp_token(
    signed_data: cms.SignedData, imprint_of: Callable[[str], bytes]
) -> TimestampOutcome:
    """
    Check an RFC 3161 token.

    :param signed_data: the token's ``SignedData``.
    :param imprint_of: the digest of the timestamped data with a named hash.
    :returns: the outcome.
    """
    try:
        raw = bytes(signed_data["encap_content_info"]["content"])
        info = tsp.TSTInfo.load(raw)
        imprint = info["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        matches = imprint_of(algorithm) == imprint["hashed_message"].native
        signer_info = extract_signer_info(signed_data)
        own = signer_info["digest_algorithm"]["algorithm"].native
        outcome = check_signed_data(signed_data, digest_of(own, raw), "tst_info")
        return TimestampOutcome(info["gen_time"].native, matches, outcome)
    except (ValueError, KeyError, TypeError, CMSExtractionError) as exc:
        logger.debug("Unreadable timestamp token: %s", exc)
        return TimestampOutcome(None, False, None)


def signature_timestamp(signer_info: cms.SignerInfo) -> cms.ContentInfo | None:
    """Return the signature timestamp token among the unsigned attributes, if any."""
    attrs = signer_info["unsigned_attrs"]
    if attrs is core.VOID:
        return None
    for attr in attrs:
        if attr["type"].native == "signature_time_stamp_token":
            token: cms.ContentInfo = attr["values"][0]
            return token
    return None
