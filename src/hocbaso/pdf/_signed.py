"""
Which parts of a transcript XML carry a signature: what the sign-off marks may claim.

The forms print "(Đã ký số)" ("digitally signed") under a signer. hocbaso prints
it only where the XML embedded in the PDF carries an XML signature (``ds:Signature``)
whose ``Reference`` names the scope the signer signs: the year record's ``Id``
(``year-2020-2021``) for the signers of a year, the document element's ``Id``
(``transcript``, or the whole document by ``URI=""``) for the issuing signer.

This is *presence*, read cheaply from the bytes: no digest is computed and no
certificate is looked at. Whether the signature is valid is what
:func:`hocbaso.signature.verify_document` (``hocbaso verify``) decides.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from lxml import etree

from hocbaso.model.vocabulary import SignerRole

__all__ = ["UNSIGNED", "SignedScopes", "read_signed_scopes"]

logger = logging.getLogger(__name__)

_DS = "http://www.w3.org/2000/09/xmldsig#"
_XADES = "http://uri.etsi.org/01903/v1.3.2#"


@dataclass(frozen=True, slots=True)
class SignedScopes:
    """The scopes an XML's signatures reference, each with the role claimed."""

    document: str | None = None
    """The document element's ``Id``: the issuing signer's scope."""
    signed: frozenset[tuple[str, SignerRole | None]] = frozenset()
    """
    ``(scope Id, claimed role)`` pairs; ``None`` when the signature claims no role,
    which then counts for every signer of the scope.
    """

    def signs(self, scope: str, role: SignerRole) -> bool:
        """
        Return whether a signature references ``scope`` for a signer in ``role``.

        :param scope: the ``Id`` of a year record.
        :param role: the role of the signer printed on the form.
        :returns: whether some signature covers it (present, not necessarily valid).
        """
        return (scope, role) in self.signed or (scope, None) in self.signed

    def signs_document(self, role: SignerRole) -> bool:
        """
        Return whether a signature references the whole document for ``role``.

        :param role: the issuing signer's role.
        :returns: whether some signature covers it (present, not necessarily valid).
        """
        return self.document is not None and self.signs(self.document, role)


UNSIGNED = SignedScopes()
"""No signature at all: what a transcript rendered from the model alone has."""


def read_signed_scopes(xml: bytes) -> SignedScopes:
    """
    Find the signatures of ``xml`` and the scopes their references name.

    Only same-document references are read (``#Id``, and ``""`` for the whole
    document), as :mod:`hocbaso.signature` accepts. A claimed role that is not
    one of :class:`~hocbaso.model.SignerRole`'s names or Vietnamese terms counts
    for no signer, so that an unclear signature never makes the page claim more.

    :param xml: the XML that is embedded in the PDF.
    :returns: the signed scopes; :data:`UNSIGNED` if there are none or the
        bytes cannot be parsed safely.
    """
    root = _parse(xml)
    if root is None:
        return UNSIGNED
    document = root.get("Id")
    signed: set[tuple[str, SignerRole | None]] = set()
    for signature in root.iter(f"{{{_DS}}}Signature"):
        role, readable = _claimed_role(signature)
        if not readable:
            continue
        for uri in _reference_uris(signature):
            scope = _scope(uri, document)
            if scope:
                signed.add((scope, role))
    logger.debug("Found %d signed scope(s) in the XML", len(signed))
    return SignedScopes(document, frozenset(signed))


def _parse(xml: bytes) -> etree._Element | None:
    # The same safe settings as every other parse in hocbaso (STYLE §9): no
    # entities, no network, no DTD. Failure means no signature can be shown.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.fromstring(xml, parser).getroottree()
    except etree.XMLSyntaxError:
        logger.debug("The XML could not be parsed; no signature is shown")
        return None
    info: Any = tree.docinfo  # The stubs lack ``doctype``.
    if info.doctype or info.internalDTD is not None:
        logger.debug("The XML has a DTD; no signature is shown")
        return None
    return tree.getroot()


def _reference_uris(signature: etree._Element) -> list[str]:
    path = f"{{{_DS}}}SignedInfo/{{{_DS}}}Reference"
    uris = (reference.get("URI") for reference in signature.iterfind(path))
    return [uri for uri in uris if uri is not None]


def _scope(uri: str, document: str | None) -> str | None:
    """Return the ``Id`` a same-document URI names; ``""`` is the whole document."""
    if uri == "":
        return document
    return uri[1:] if uri.startswith("#") else None


def _claimed_role(signature: etree._Element) -> tuple[SignerRole | None, bool]:
    """Return the claimed role (``None``: none claimed) and whether it is readable."""
    for node in signature.iter(f"{{{_XADES}}}ClaimedRole"):
        text = "".join(str(part) for part in node.itertext()).strip()
        if not text:
            continue
        try:
            return SignerRole(text), True
        except ValueError:
            logger.debug("A signature claims a role hocbaso does not know")
            return None, False
    return None, True
