"""
Add an enveloped XAdES-BES signature to a document without touching its other bytes.

Signatures go into a ``Signatures`` element, the last child of the document
element, in the document element's namespace.  The new ``Signature`` text is
inserted before ``</Signatures>`` (or a new ``Signatures`` element before the
document element's end tag); every other byte is kept, so earlier signatures
stay valid.  A signature whose content holds ``Signatures`` (a seal over the
whole document) would not: a new signature is refused after one unless the
caller accepts breaking it.  :func:`prepare_signature` and :func:`finish_signature` split the
work around the remote signing of one digest; :func:`sign_document` does both
with a :class:`~hocbaso.signature.api.Signer`.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from hocbaso._xmlpath import element_path
from hocbaso.errors import HocbasoValueError, SigningError
from hocbaso.signature._c14n import NodeSet, canonicalize
from hocbaso.signature._document import (
    DS_NS,
    find_signatures,
    index_ids,
    parse_document,
)
from hocbaso.signature._keys import digest
from hocbaso.signature._names import format_name
from hocbaso.signature._xades import (
    SIGNED_PROPERTIES_TYPE,
    XADES_NS,
    claimed_role,
    signed_properties,
)
from hocbaso.signature.algorithms import (
    WEAK_ALGORITHMS,
    CanonicalizationAlgorithm,
    DigestAlgorithm,
    SignatureAlgorithm,
    TransformAlgorithm,
)
from hocbaso.signature.api import Signer
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.signature.roles import SignerRole, parse_role

__all__ = [
    "SIGN_OFF_ORDER",
    "PreparedSignature",
    "check_signing_certificate",
    "finish_signature",
    "prepare_signature",
    "sign_document",
]

logger = logging.getLogger(__name__)

_PLACEHOLDER = "hocbaso-signature-value-placeholder"
_C14N = CanonicalizationAlgorithm


@dataclass(frozen=True, slots=True)
class PreparedSignature:
    """A signature waiting for its value; safe to keep while a service signs."""

    document: bytes
    """The document as given; only bytes at :attr:`offset` will be added."""

    offset: int
    """Where the signature text is inserted."""

    text: bytes
    """The text to insert, holding a placeholder for the signature value."""

    algorithm: SignatureAlgorithm
    """The signature method written in SignedInfo."""

    signed_info: bytes
    """The canonical SignedInfo that is signed."""

    digest: bytes
    """The digest of :attr:`signed_info` to be signed (with the method's hash)."""


@dataclass(frozen=True, slots=True)
class _Location:
    offset: int
    container: etree._Element
    wrap: tuple[bytes, bytes]


def check_signing_certificate(certificate: x509.Certificate) -> None:
    """
    Refuse a certificate authority's certificate as a signer's.

    A CA key signs certificates; a transcript signed with it fails every
    verifier's key-usage check, which the signer would learn only then.

    :param certificate: the signer's certificate.
    :raises SigningError: if its basic constraints say it is a CA.
    """
    try:
        constraints = certificate.extensions.get_extension_for_class(
            x509.BasicConstraints
        ).value
    except x509.ExtensionNotFound:
        return
    if constraints.ca:
        raise SigningError(
            f"The certificate '{format_name(certificate.subject)}' is a certificate "
            "authority's; a signer needs its own end-entity certificate."
        )


def prepare_signature(
    document: bytes,
    *,
    certificate: x509.Certificate,
    reference: str,
    signing_time: datetime,
    algorithm: SignatureAlgorithm = SignatureAlgorithm.RSA_SHA256,
    role: SignerRole | str | None = None,
    chain: Sequence[x509.Certificate] = (),
    canonicalization: CanonicalizationAlgorithm = _C14N.EXC_C14N,
    digest_algorithm: DigestAlgorithm = DigestAlgorithm.SHA256,
    break_seals: bool = False,
) -> PreparedSignature:
    """
    Build the signature for ``reference`` and return what must be signed.

    :param document: the UTF-8 document.
    :param certificate: the signer's certificate.
    :param reference: ``'#Id'`` of the element to sign; the document element's
        Id signs the whole document (with the enveloped transform), covering
        earlier signatures.
    :param signing_time: the signing time (timezone-aware), written in +07:00.
    :param algorithm: the signature method (SHA-256 or stronger).
    :param role: the claimed role (a :class:`SignerRole`, or its name or a
        Vietnamese term), written as its stable name.
    :param chain: intermediates for KeyInfo.
    :param canonicalization: exclusive or inclusive C14N, without comments.
    :param digest_algorithm: the reference digest method.
    :param break_seals: accept that earlier signatures over the whole document
        (a school seal) stop verifying; they must then be made again.
    :returns: the prepared signature.
    :raises SigningError: if the inputs cannot make a sound signature, a role
        later in ``SIGN_OFF_ORDER`` has already signed ``reference``, or an
        earlier signature seals the whole document and ``break_seals`` is false.
    """
    _check_inputs(algorithm, digest_algorithm, canonicalization, signing_time)
    check_signing_certificate(certificate)
    role = parse_role(role) if role is not None else None
    tree = parse_document(document)
    target = _target(tree, reference)
    location = _locate(document, tree)
    if not break_seals:
        _refuse_sealed(tree, location.container)
    if role is not None:
        _refuse_out_of_order(tree, reference, role)
    sig_id = _new_id(tree)
    props = _xades_properties(sig_id, certificate, signing_time, role, digest_algorithm)
    signature = _skeleton(
        sig_id, algorithm, canonicalization, [certificate, *chain], props
    )
    location.container.append(signature)

    enveloped = target is tree.getroot() or target in location.container.iterancestors()
    _add_reference(
        signature,
        reference,
        NodeSet(tree, target, (signature,) if enveloped else ()),
        enveloped,
        canonicalization,
        digest_algorithm,
    )
    _add_reference(
        signature,
        f"#{sig_id}-signed-properties",
        NodeSet(tree, props),
        False,
        canonicalization,
        digest_algorithm,
        SIGNED_PROPERTIES_TYPE,
    )
    return _prepared(document, location, signature, algorithm, canonicalization)


def _check_inputs(
    algorithm: SignatureAlgorithm,
    digest_algorithm: DigestAlgorithm,
    canonicalization: CanonicalizationAlgorithm,
    signing_time: datetime,
) -> None:
    weak = {algorithm.value, digest_algorithm.value} & WEAK_ALGORITHMS
    if weak or algorithm.family in ("hmac", "dsa"):
        raise SigningError(
            f"Refusing to sign with {sorted(weak) or algorithm.value!r}."
        )
    if canonicalization.with_comments:
        raise SigningError("Canonicalization with comments is not used for signing.")
    if signing_time.tzinfo is None:
        raise SigningError(f"The signing time {signing_time!r} has no UTC offset.")


def _target(tree: etree._ElementTree, reference: str) -> etree._Element:
    ids = index_ids(tree.getroot())
    element = ids.resolve(reference[1:]) if reference.startswith("#") else None
    if element is None:
        years = sorted(i for i in ids.elements if i.startswith("year-"))
        known = f" The years here: {', '.join(years)}." if years else ""
        raise SigningError(
            f"The reference {reference!r} names no single element; expected '#Id'."
            + known
        )
    return element


def _refuse_sealed(tree: etree._ElementTree, container: etree._Element) -> None:
    # The new signature goes inside ``container``: an earlier signature whose
    # content holds it (URI="" or the document element's Id, with the
    # enveloped transform) excludes only itself and so would stop verifying.
    holders = {container, *container.iterancestors()}
    ids = index_ids(tree.getroot())
    for signature in find_signatures(tree.getroot()):
        for ref in signature.iterfind(f"{{{DS_NS}}}SignedInfo/{{{DS_NS}}}Reference"):
            uri = ref.get("URI")
            if uri is None or not (uri == "" or uri.startswith("#")):
                continue
            element = tree.getroot() if uri == "" else ids.resolve(uri[1:])
            if element in holders:
                name = signature.get("Id") or element_path(signature)
                raise SigningError(
                    f"The signature {name!r} seals the whole document and would no "
                    "longer verify; a new signature must come before the seal, or "
                    "sign with break_seals=True (the command's --break-seals) and seal again."
                )


SIGN_OFF_ORDER = (
    SignerRole.SUBJECT_TEACHER,
    SignerRole.HOMEROOM_TEACHER,
    SignerRole.PRINCIPAL,
    SignerRole.SCHOOL_SEAL,
)
"""The order in which the roles sign off the same content."""

SIGNS_ONCE = frozenset({SignerRole.HOMEROOM_TEACHER, SignerRole.PRINCIPAL})
"""
The roles that sign the same content once.

Each subject teacher signs for a subject, so that role may sign a year many
times; a school seal is made again after a year is appended (the earlier one
no longer verifies), so it may too.
"""


def _refuse_out_of_order(
    tree: etree._ElementTree, reference: str, role: SignerRole
) -> None:
    # Subject teachers sign a year's record before the homeroom teacher, who
    # signs before the principal: a later role's signature over the same
    # content means this one comes too late, and the record would read as
    # approved before it was complete.
    if role not in SIGN_OFF_ORDER:
        return
    rank = SIGN_OFF_ORDER.index(role)
    for signature in find_signatures(tree.getroot()):
        refs = signature.iterfind(f"{{{DS_NS}}}SignedInfo/{{{DS_NS}}}Reference")
        if reference not in {ref.get("URI") for ref in refs}:
            continue
        earlier = _claimed(signature)
        if earlier in SIGN_OFF_ORDER and SIGN_OFF_ORDER.index(earlier) > rank:
            raise SigningError(
                f"The {earlier.value} has already signed {reference!r}; the "
                f"{role.value} signs it before the {earlier.value}."
            )
        if earlier is role and role in SIGNS_ONCE:
            name = signature.get("Id") or element_path(signature)
            raise SigningError(
                f"The {role.value} has already signed {reference!r} ({name!r}); "
                "a year's record has one homeroom teacher's and one principal's "
                "signature."
            )


def _claimed(signature: etree._Element) -> SignerRole | None:
    text = claimed_role(signed_properties(signature))
    try:
        return parse_role(text) if text else None
    except HocbasoValueError:
        return None


def _new_id(tree: etree._ElementTree) -> str:
    ids = index_ids(tree.getroot()).elements
    number = len(find_signatures(tree.getroot())) + 1
    while f"sig-{number}" in ids:
        number += 1
    return f"sig-{number}"


def _locate(document: bytes, tree: etree._ElementTree) -> _Location:
    root = tree.getroot()
    qname = _qname(root)
    end = _last_end_tag(document, qname)
    last = root[-1] if len(root) else None
    if last is not None and etree.QName(last).localname == "Signatures":
        inner = _last_end_tag(document[:end], _qname(last))
        return _Location(inner, last, (b"", b""))
    container = etree.SubElement(
        root, etree.QName(etree.QName(root).namespace, "Signatures")
    )
    prefix = f"{root.prefix}:" if root.prefix else ""
    tags = (f"<{prefix}Signatures>".encode(), f"</{prefix}Signatures>".encode())
    return _Location(end, container, tags)


def _qname(element: etree._Element) -> bytes:
    local = etree.QName(element).localname
    return (f"{element.prefix}:{local}" if element.prefix else local).encode()


def _last_end_tag(document: bytes, qname: bytes) -> int:
    matches = list(re.finditer(rb"</" + re.escape(qname) + rb"\s*>", document))
    if not matches:
        raise SigningError(
            f"No end tag </{qname.decode()}> found; an empty element cannot be signed."
        )
    return matches[-1].start()


def _ds(parent: etree._Element | None, name: str, **attrib: str) -> etree._Element:
    tag = f"{{{DS_NS}}}{name}"
    if parent is None:
        return etree.Element(tag, attrib, nsmap={"ds": DS_NS})
    return etree.SubElement(parent, tag, attrib)


def _skeleton(
    sig_id: str,
    algorithm: SignatureAlgorithm,
    canonicalization: CanonicalizationAlgorithm,
    certificates: Sequence[x509.Certificate],
    props: etree._Element,
) -> etree._Element:
    signature = _ds(None, "Signature", Id=sig_id)
    signed_info = _ds(signature, "SignedInfo")
    _ds(signed_info, "CanonicalizationMethod", Algorithm=canonicalization.value)
    _ds(signed_info, "SignatureMethod", Algorithm=algorithm.value)
    _ds(signature, "SignatureValue").text = _PLACEHOLDER
    data = _ds(_ds(signature, "KeyInfo"), "X509Data")
    for cert in certificates:
        der = cert.public_bytes(Encoding.DER)
        _ds(data, "X509Certificate").text = base64.b64encode(der).decode()
    qualifying = etree.SubElement(
        _ds(signature, "Object"),
        f"{{{XADES_NS}}}QualifyingProperties",
        {"Target": f"#{sig_id}"},
        nsmap={"xades": XADES_NS},
    )
    qualifying.append(props)
    return signature


def _xa(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{XADES_NS}}}{name}")
    element.text = text
    return element


def _xades_properties(
    sig_id: str,
    certificate: x509.Certificate,
    signing_time: datetime,
    role: SignerRole | None,
    digest_algorithm: DigestAlgorithm,
) -> etree._Element:
    props = etree.Element(
        f"{{{XADES_NS}}}SignedProperties",
        {"Id": f"{sig_id}-signed-properties"},
        nsmap={"xades": XADES_NS},
    )
    signed = _xa(props, "SignedSignatureProperties")
    when = signing_time.astimezone(VIETNAM_TIME).isoformat(timespec="seconds")
    _xa(signed, "SigningTime", when)
    cert_digest = _xa(_xa(_xa(signed, "SigningCertificateV2"), "Cert"), "CertDigest")
    _ds(cert_digest, "DigestMethod", Algorithm=digest_algorithm.value)
    der = certificate.public_bytes(Encoding.DER)
    _ds(cert_digest, "DigestValue").text = _b64(digest(digest_algorithm, der))
    if role is not None:
        _xa(_xa(_xa(signed, "SignerRoleV2"), "ClaimedRoles"), "ClaimedRole", role.value)
    return props


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _add_reference(
    signature: etree._Element,
    uri: str,
    nodes: NodeSet,
    enveloped: bool,
    canonicalization: CanonicalizationAlgorithm,
    digest_algorithm: DigestAlgorithm,
    ref_type: str | None = None,
) -> None:
    signed_info = signature[0]
    attrib = {"URI": uri} if ref_type is None else {"Type": ref_type, "URI": uri}
    reference = _ds(signed_info, "Reference", **attrib)
    transforms = _ds(reference, "Transforms")
    if enveloped:
        _ds(transforms, "Transform", Algorithm=TransformAlgorithm.ENVELOPED_SIGNATURE)
    _ds(transforms, "Transform", Algorithm=canonicalization.value)
    _ds(reference, "DigestMethod", Algorithm=digest_algorithm.value)
    octets = canonicalize(nodes, canonicalization)
    _ds(reference, "DigestValue").text = _b64(digest(digest_algorithm, octets))


def _prepared(
    document: bytes,
    location: _Location,
    signature: etree._Element,
    algorithm: SignatureAlgorithm,
    canonicalization: CanonicalizationAlgorithm,
) -> PreparedSignature:
    tree = signature.getroottree()
    signed_info = canonicalize(NodeSet(tree, signature[0]), canonicalization)
    detached = etree.tostring(signature)
    head, tail = location.wrap
    return PreparedSignature(
        document=document,
        offset=location.offset,
        text=head + detached + tail,
        algorithm=algorithm,
        signed_info=signed_info,
        digest=digest(algorithm.digest, signed_info),
    )


def finish_signature(prepared: PreparedSignature, value: bytes) -> bytes:
    """
    Insert the signature value and return the signed document.

    :param prepared: from :func:`prepare_signature`.
    :param value: the signature value over :attr:`PreparedSignature.digest`.
    :returns: the document with the signature inserted; all other bytes unchanged.
    """
    text = prepared.text.replace(_PLACEHOLDER.encode(), _b64(value).encode(), 1)
    doc, at = prepared.document, prepared.offset
    return doc[:at] + text + doc[at:]


def sign_document(
    document: bytes,
    signer: Signer,
    *,
    reference: str,
    signing_time: datetime,
    role: SignerRole | str | None = None,
    canonicalization: CanonicalizationAlgorithm = _C14N.EXC_C14N,
    break_seals: bool = False,
) -> bytes:
    """
    Sign ``reference`` in ``document`` with ``signer`` (XAdES-BES, enveloped).

    :param document: the UTF-8 document.
    :param signer: the key holder.
    :param reference: ``'#Id'`` of the element to sign.
    :param signing_time: the signing time (timezone-aware).
    :param role: the claimed role, or its name or a Vietnamese term.
    :param canonicalization: exclusive (default) or inclusive C14N.
    :param break_seals: accept that earlier signatures over the whole document
        stop verifying (see :func:`prepare_signature`).
    :returns: the signed document.
    :raises SigningError: if the signature cannot be made soundly, comes after
        a later role's over the same content, or would break an earlier seal
        and ``break_seals`` is false.
    """
    prepared = prepare_signature(
        document,
        certificate=signer.certificate,
        reference=reference,
        signing_time=signing_time,
        algorithm=signer.algorithm,
        role=role,
        chain=signer.chain,
        canonicalization=canonicalization,
        break_seals=break_seals,
    )
    return finish_signature(prepared, signer.sign_digest(prepared.digest))
