"""
Sign an ``egov-xml`` file the way Vietnamese e-government files are signed.

The convention is the tax authority's (DOMAIN §4.3, TT 78/2021/TT-BTC and
QĐ 1450/QĐ-TCT): plain XMLDSig, not XAdES; a ``Signature`` in the default
namespace inside the signer role's child of ``DSCKS``; inclusive C14N 1.0;
one reference to the data part ``#DLHBa-…`` with no transform (the signature
lies outside it) and one to the signature's own ``Object`` holding a
``SigningTime`` in local time without a zone (``yyyy-MM-ddTHH:mm:ss``, read as
+07:00); ``KeyInfo`` with ``X509SubjectName`` and the certificates. Each
signature covers the data and its own signing time only, so signatures are
independent: one is added by inserting its bytes, and earlier ones stay valid.

:func:`hocbaso.signature.verify_document` verifies these signatures; it
reports the signing time as assumed to be +07:00.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import logging
import re
from datetime import datetime

from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from hocbaso.errors import SigningError
from hocbaso.model import SignerRole
from hocbaso.signature import Signer
from hocbaso.signature.algorithms import (
    WEAK_ALGORITHMS,
    CanonicalizationAlgorithm,
    DigestAlgorithm,
)
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.variants.codes import code_for
from hocbaso.variants.egov_xml import ROLE_ELEMENTS, parse_egov

__all__ = ["sign_egov_xml"]

logger = logging.getLogger(__name__)

_DS = "http://www.w3.org/2000/09/xmldsig#"
_C14N = CanonicalizationAlgorithm.C14N
_SHA256 = DigestAlgorithm.SHA256


def sign_egov_xml(
    document: bytes, signer: Signer, *, role: SignerRole, signing_time: datetime
) -> bytes:
    """
    Add one signature over the data part, in the signer role's child of ``DSCKS``.

    :param document: an ``egov-xml`` file.
    :param signer: the key holder.
    :param role: whose child of ``DSCKS`` receives the signature.
    :param signing_time: the signing time (timezone-aware), written in +07:00
        without a zone, as the convention does.
    :returns: the signed file; every other byte is unchanged.
    :raises SigningError: if the time has no zone, the signer's algorithm is
        weak, or the file has no data part with an ``Id``.
    :raises VariantReadError: if the file cannot be read safely.
    """
    _check(signer, signing_time)
    root = parse_egov(document, strip=False)
    data_id = _data_id(root)
    tag = code_for(ROLE_ELEMENTS, role)
    sig_id = f"{tag}-sig-{len(list(root.iter(f'{{{_DS}}}Signature'))) + 1}"
    signature = _skeleton(sig_id, data_id, signer, signing_time)
    _container(root, tag).append(signature)

    _digest_into(signature, 0, root.find("DLHBa"))
    _digest_into(signature, 1, signature.find(f"{{{_DS}}}Object"))
    signed_info = _c14n(signature[0])
    value = signer.sign_digest(_hash(signer.algorithm.digest, signed_info))
    _set_text(signature, "SignatureValue", _b64(value))
    logger.debug("signed the egov data part as %s (%s)", tag, sig_id)
    return _insert(document, tag, etree.tostring(signature))


def _check(signer: Signer, signing_time: datetime) -> None:
    if signing_time.tzinfo is None:
        raise SigningError(f"The signing time {signing_time!r} has no UTC offset.")
    if signer.algorithm.value in WEAK_ALGORITHMS or signer.algorithm.family in (
        "hmac",
        "dsa",
    ):
        raise SigningError(f"Refusing to sign with {signer.algorithm.value!r}.")


def _data_id(root: etree._Element) -> str:
    data = root.find("DLHBa")
    ident = None if data is None else data.get("Id")
    if not ident:
        raise SigningError("The file has no data part 'DLHBa' with an 'Id' to sign.")
    return ident


def _container(root: etree._Element, tag: str) -> etree._Element:
    signatures = root.find("DSCKS")
    if signatures is None:
        signatures = etree.SubElement(root, "DSCKS")
    holder = signatures.find(tag)
    return holder if holder is not None else etree.SubElement(signatures, tag)


def _ds(
    parent: etree._Element, name: str, text: str | None = None, **attrib: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{_DS}}}{name}", attrib)
    element.text = text
    return element


def _skeleton(
    sig_id: str, data_id: str, signer: Signer, signing_time: datetime
) -> etree._Element:
    # The convention's Signature declares the XMLDSig namespace as the default one;
    # lxml takes None as the default prefix, which its stubs do not allow.
    nsmap = {None: _DS}
    tag = f"{{{_DS}}}Signature"
    signature = etree.Element(tag, {"Id": sig_id}, nsmap=nsmap)  # type: ignore[arg-type]
    info = _ds(signature, "SignedInfo")
    _ds(info, "CanonicalizationMethod", Algorithm=_C14N.value)
    _ds(info, "SignatureMethod", Algorithm=signer.algorithm.value)
    for uri in (f"#{data_id}", f"#{sig_id}-SigningTime"):
        reference = _ds(info, "Reference", URI=uri)
        _ds(reference, "DigestMethod", Algorithm=_SHA256.value)
        _ds(reference, "DigestValue")
    _ds(signature, "SignatureValue")
    x509 = _ds(_ds(signature, "KeyInfo"), "X509Data")
    _ds(x509, "X509SubjectName", signer.certificate.subject.rfc4514_string())
    for cert in (signer.certificate, *signer.chain):
        _ds(x509, "X509Certificate", _b64(cert.public_bytes(Encoding.DER)))
    _signing_time(signature, sig_id, signing_time)
    return signature


def _signing_time(signature: etree._Element, sig_id: str, when: datetime) -> None:
    holder = _ds(signature, "Object", Id=f"{sig_id}-SigningTime")
    prop = _ds(
        _ds(holder, "SignatureProperties"), "SignatureProperty", Target=f"#{sig_id}"
    )
    local = when.astimezone(VIETNAM_TIME).strftime("%Y-%m-%dT%H:%M:%S")
    # The convention's SigningTime is unqualified, in the signature's default namespace.
    _ds(prop, "SigningTime", local)


def _digest_into(
    signature: etree._Element, index: int, target: etree._Element | None
) -> None:
    if target is None:  # pragma: no cover - both targets are checked or built above.
        raise SigningError("A referenced element is missing.")
    reference = signature[0].findall(f"{{{_DS}}}Reference")[index]
    value = _hash(_SHA256, _c14n(target))
    _set_text(reference, "DigestValue", _b64(value))


def _set_text(parent: etree._Element, name: str, text: str) -> None:
    element = parent.find(f"{{{_DS}}}{name}")
    if element is None:  # pragma: no cover - the skeleton always has it.
        raise SigningError(f"The signature lacks its {name}.")
    element.text = text


def _c14n(element: etree._Element) -> bytes:
    # Inclusive C14N 1.0 of the element's subtree in its document context, without
    # comments: what a reference with no transform dereferences to (XMLDSig §4.4.3.3).
    # A detached copy declares the in-scope namespaces on its root; lxml's subtree
    # canonicalization would add a spurious xmlns="" to grandchildren of a
    # default-namespace element (see hocbaso.signature._c14n).
    return etree.tostring(
        copy.deepcopy(element), method="c14n", exclusive=False, with_comments=False
    )


def _hash(algorithm: DigestAlgorithm, data: bytes) -> bytes:
    return hashlib.new(algorithm.name.lower(), data).digest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _insert(document: bytes, tag: str, signature: bytes) -> bytes:
    start = document.rfind(b"<DSCKS")
    if start < 0:
        end = document.rfind(b"</HocBa>")
        return (
            document[:end]
            + b"<DSCKS><"
            + tag.encode()
            + b">"
            + signature
            + (b"</" + tag.encode() + b"></DSCKS>" + document[end:])
        )
    head, tail = document[:start], document[start:]
    return head + _insert_in_list(tail, tag.encode(), signature)


def _insert_in_list(tail: bytes, tag: bytes, signature: bytes) -> bytes:
    wrapped = b"<" + tag + b">" + signature + b"</" + tag + b">"
    empty_list = re.match(rb"<DSCKS\s*/>", tail)
    if empty_list:
        return b"<DSCKS>" + wrapped + b"</DSCKS>" + tail[empty_list.end() :]
    empty_role = re.search(rb"<" + tag + rb"\s*/>", tail)
    if empty_role:
        return tail[: empty_role.start()] + wrapped + tail[empty_role.end() :]
    closing = tail.find(b"</" + tag + b">")
    if closing >= 0:
        return tail[:closing] + signature + tail[closing:]
    end = tail.rfind(b"</DSCKS>")
    return tail[:end] + wrapped + tail[end:]
