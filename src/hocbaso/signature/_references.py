"""Dereferencing, transforming and digesting one ``Reference``."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from dataclasses import dataclass

from lxml import etree

from hocbaso._xmlpath import element_path
from hocbaso.errors import SignatureFormatError, UnsupportedAlgorithmError
from hocbaso.signature._c14n import NodeSet, canonicalize, canonicalize_octets
from hocbaso.signature._document import DS_NS, IdIndex
from hocbaso.signature._keys import b64decode, digest
from hocbaso.signature.algorithms import (
    CanonicalizationAlgorithm,
    DigestAlgorithm,
    TransformAlgorithm,
    parse_algorithm,
)

logger = logging.getLogger(__name__)

EXC_NS = "http://www.w3.org/2001/10/xml-exc-c14n#"
Data = NodeSet | bytes


class UnresolvedReferenceError(SignatureFormatError):
    """A reference's URI resolves to no element, or to more than one."""


@dataclass(frozen=True, slots=True)
class ResolvedReference:
    """A reference after dereferencing and digesting."""

    uri: str
    type: str | None
    element: etree._Element | None
    transforms: tuple[str, ...]
    digest_algorithm: DigestAlgorithm
    matched: bool


def resolve_uri(uri: str | None, tree: etree._ElementTree, ids: IdIndex) -> NodeSet:
    """
    Turn a same-document URI into a node set.

    :raises UnresolvedReferenceError: for an unknown or duplicated ``Id``.
    :raises UnsupportedAlgorithmError: for XPointer or external URIs.
    """
    if uri == "":
        return NodeSet(tree, None)
    if uri is None or not uri.startswith("#") or uri.startswith("#xpointer("):
        raise UnsupportedAlgorithmError(
            f"Reference URI {uri!r} is refused; only same-document '#Id' and '' "
            "references are followed."
        )
    ident = uri[1:]
    if ident in ids.duplicates:
        raise UnresolvedReferenceError(
            f"Reference URI {uri!r} matches more than one element (possible wrapping)."
        )
    element = ids.resolve(ident)
    if element is None:
        raise UnresolvedReferenceError(f"Reference URI {uri!r} matches no element.")
    return NodeSet(tree, element)


def transform_uris(reference: etree._Element) -> list[etree._Element]:
    """Return the ``Transform`` elements of a reference, in order."""
    return list(reference.iterfind(f"{{{DS_NS}}}Transforms/{{{DS_NS}}}Transform"))


def apply_transforms(
    data: Data, transforms: list[etree._Element], signature: etree._Element
) -> bytes:
    """
    Run the transform chain and the final canonicalization (C14N 1.0 default).

    :raises UnsupportedAlgorithmError: for an unknown or refused transform.
    """
    for transform in transforms:
        data = _apply(data, transform, signature)
    if isinstance(data, NodeSet):
        return canonicalize(data, CanonicalizationAlgorithm.C14N)
    return data


def _apply(data: Data, transform: etree._Element, signature: etree._Element) -> Data:
    uri = transform.get("Algorithm")
    try:
        c14n = CanonicalizationAlgorithm(uri or "")
    except ValueError:
        return _apply_other(data, parse_algorithm(TransformAlgorithm, uri), signature)
    prefixes = inclusive_prefixes(transform)
    if isinstance(data, NodeSet):
        return canonicalize(data, c14n, prefixes=prefixes)
    return canonicalize_octets(data, c14n, prefixes)


def _apply_other(
    data: Data, kind: TransformAlgorithm, signature: etree._Element
) -> Data:
    if kind is TransformAlgorithm.ENVELOPED_SIGNATURE:
        if not isinstance(data, NodeSet):
            raise SignatureFormatError("The enveloped transform needs a node set.")
        return NodeSet(data.tree, data.apex, (*data.excluded, signature), data.comments)
    if kind is TransformAlgorithm.BASE64:
        return _base64(data)
    raise UnsupportedAlgorithmError(
        f"The transform {kind.value!r} is refused: it runs arbitrary logic."
    )


def _base64(data: Data) -> bytes:
    if isinstance(data, NodeSet):
        root = data.apex if data.apex is not None else data.tree.getroot()
        text = "".join(str(t) for t in root.itertext())
    else:
        text = data.decode("utf-8", "replace")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureFormatError("The base64 transform input is not base64.") from exc


def inclusive_prefixes(node: etree._Element) -> list[str]:
    """Return the exclusive C14N ``InclusiveNamespaces/@PrefixList`` of a node."""
    child = node.find(f"{{{EXC_NS}}}InclusiveNamespaces")
    return (child.get("PrefixList") or "").split() if child is not None else []


def process_reference(
    reference: etree._Element,
    signature: etree._Element,
    tree: etree._ElementTree,
    ids: IdIndex,
) -> ResolvedReference:
    """
    Dereference, transform and digest one reference, comparing ``DigestValue``.

    :raises SignatureFormatError: if the reference is malformed or unresolvable.
    :raises UnsupportedAlgorithmError: for refused algorithms or URIs.
    """
    method = reference.find(f"{{{DS_NS}}}DigestMethod")
    value = reference.find(f"{{{DS_NS}}}DigestValue")
    if method is None or value is None:
        raise SignatureFormatError("A Reference lacks DigestMethod or DigestValue.")
    algorithm = parse_algorithm(DigestAlgorithm, method.get("Algorithm"))
    expected = b64decode(value.text, "DigestValue")
    nodes = resolve_uri(reference.get("URI"), tree, ids)
    transforms = transform_uris(reference)
    octets = apply_transforms(nodes, transforms, signature)
    matched = hmac.compare_digest(digest(algorithm, octets), expected)
    logger.debug("Reference %r digest matched: %s", reference.get("URI"), matched)
    return ResolvedReference(
        uri=reference.get("URI", ""),
        type=reference.get("Type"),
        element=nodes.apex,
        transforms=tuple(t.get("Algorithm", "") for t in transforms),
        digest_algorithm=algorithm,
        matched=matched,
    )


def covered_signatures(
    ref: ResolvedReference, tree: etree._ElementTree, own: etree._Element
) -> tuple[str, ...]:
    """Return paths of the other signatures inside a reference's content."""
    root = ref.element if ref.element is not None else tree.getroot()
    return tuple(
        element_path(s) for s in root.iter(f"{{{DS_NS}}}Signature") if s is not own
    )
