"""XAdES-BES signed properties and the Vietnamese ``SigningTime`` object."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from hocbaso.signature._document import DS_NS
from hocbaso.signature._keys import b64decode, digest
from hocbaso.signature.algorithms import DigestAlgorithm, parse_algorithm
from hocbaso.signature.report import VIETNAM_TIME

logger = logging.getLogger(__name__)

XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"


@dataclass(frozen=True, slots=True)
class ClaimedTime:
    """A signing time read from the signature, with the element that holds it."""

    value: datetime
    element: etree._Element
    assumed_zone: bool


def signed_properties(signature: etree._Element) -> etree._Element | None:
    """Return the signature's XAdES ``SignedProperties``, if any."""
    path = f"{{{DS_NS}}}Object/{{{XADES_NS}}}QualifyingProperties/"
    return signature.find(f"{path}{{{XADES_NS}}}SignedProperties")


def parse_time(text: str) -> tuple[datetime, bool]:
    """
    Read an ``xsd:dateTime``; without a UTC offset it is Vietnam time (+07:00).

    :returns: the aware time and whether the zone was assumed.
    :raises ValueError: if the text is not a date-time.
    """
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        return value.replace(tzinfo=VIETNAM_TIME), True
    return value, False


def claimed_time(signature: etree._Element) -> ClaimedTime | None:
    """
    Find the claimed signing time.

    XAdES ``SigningTime`` first, else a ``SigningTime`` inside one of the
    signature's ``Object`` elements (the Vietnamese tax convention).
    """
    props = signed_properties(signature)
    candidates = [] if props is None else props.iter(f"{{{XADES_NS}}}SigningTime")
    for node in [
        *candidates,
        *signature.iterfind(f"{{{DS_NS}}}Object//{{*}}SigningTime"),
    ]:
        try:
            value, assumed = parse_time(node.text or "")
        except ValueError:
            continue
        return ClaimedTime(value, node, assumed)
    return None


def claimed_role(props: etree._Element | None) -> str | None:
    """Return the first ``ClaimedRole`` text (SignerRole or SignerRoleV2)."""
    if props is None:
        return None
    for node in props.iter(f"{{{XADES_NS}}}ClaimedRole"):
        text = "".join(str(t) for t in node.itertext()).strip()
        if text:
            return text
    return None


def certificate_binding(
    props: etree._Element, certificate: x509.Certificate
) -> bool | None:
    """
    Check ``SigningCertificate(V2)`` against the certificate actually used.

    :returns: ``None`` if there is no such property, else whether one ``Cert``
        entry's digest equals the digest of ``certificate``.
    """
    cert_nodes = [
        cert
        for name in ("SigningCertificate", "SigningCertificateV2")
        for cert in props.iterfind(f".//{{{XADES_NS}}}{name}/{{{XADES_NS}}}Cert")
    ]
    if not cert_nodes:
        return None
    der = certificate.public_bytes(Encoding.DER)
    return any(_cert_digest_matches(node, der) for node in cert_nodes)


def _cert_digest_matches(cert_node: etree._Element, der: bytes) -> bool:
    method = cert_node.find(f"{{{XADES_NS}}}CertDigest/{{{DS_NS}}}DigestMethod")
    value = cert_node.find(f"{{{XADES_NS}}}CertDigest/{{{DS_NS}}}DigestValue")
    if method is None or value is None:
        return False
    algorithm = parse_algorithm(DigestAlgorithm, method.get("Algorithm"))
    expected = b64decode(value.text, "CertDigest")
    return hmac.compare_digest(digest(algorithm, der), expected)
