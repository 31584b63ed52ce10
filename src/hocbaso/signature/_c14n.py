"""
Exact canonicalization of document subsets, on libxml2 through lxml.

lxml canonicalizes a subtree by re-rooting it in a fake document whose nodes
still point at the original namespace declarations; under a default-namespace
ancestor this emits a spurious ``xmlns=""`` on grandchildren (and fails
outright under ``xmlns=""``).  We avoid the trap by canonicalizing a detached
deep copy whose root declares the whole in-scope namespace axis, as Canonical
XML 1.0 §2.4 requires of the apex of a document subset.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from lxml import etree

from hocbaso.errors import HocbasoNotSupportedError, SignatureFormatError
from hocbaso.signature._document import XML_NS, parse_document
from hocbaso.signature.algorithms import CanonicalizationAlgorithm

logger = logging.getLogger(__name__)

# Canonical XML 1.1 §2.4 inherits only these two; 1.0 inherits every xml:*
# attribute.  xml:base would need URI fix-up, which we do not implement.
_C14N11_INHERITED = (f"{{{XML_NS}}}lang", f"{{{XML_NS}}}space")


@dataclass(frozen=True, slots=True)
class NodeSet:
    """A same-document node set: a subtree (or the document) minus some elements."""

    tree: etree._ElementTree
    """The parsed document the nodes belong to."""

    apex: etree._Element | None
    """The subtree's root element, or ``None`` for the whole document."""

    excluded: tuple[etree._Element, ...] = ()
    """Elements removed with their descendants (enveloped signatures)."""

    comments: bool = False
    """Whether comment nodes belong to the set (never for ``#id`` and ``""``)."""


def canonicalize(
    nodes: NodeSet,
    algorithm: CanonicalizationAlgorithm,
    *,
    prefixes: Sequence[str] = (),
) -> bytes:
    """
    Canonicalize a node set.

    :param nodes: the node set.
    :param algorithm: the canonicalization algorithm.
    :param prefixes: the exclusive C14N ``InclusiveNamespaces`` prefix list.
    :returns: the canonical octets.
    """
    comments = nodes.comments and algorithm.with_comments
    root = nodes.tree.getroot()
    if nodes.apex is not None and any(
        _is_ancestor_or_self(ex, nodes.apex) for ex in nodes.excluded
    ):
        return b""
    if nodes.apex is None:
        return _in_place(nodes.tree, nodes.excluded, algorithm, comments, prefixes)
    if nodes.apex is root and root.getprevious() is None and root.getnext() is None:
        # The document element alone: no ancestor context, no sibling nodes,
        # so the tree itself is the node set, minus the excluded elements.
        return _in_place(root, nodes.excluded, algorithm, comments, prefixes)
    target = _subtree_copy(nodes.apex, nodes.excluded, algorithm, prefixes)
    return _c14n_bytes(target, algorithm, comments, prefixes)


def _in_place(
    target: etree._Element | etree._ElementTree,
    excluded: Sequence[etree._Element],
    algorithm: CanonicalizationAlgorithm,
    comments: bool,
    prefixes: Sequence[str],
) -> bytes:
    # Copying a whole document costs more than its canonicalization, so the
    # excluded elements are detached for the duration and put back exactly.
    saved = [_detach(element) for element in excluded]
    try:
        return _c14n_bytes(target, algorithm, comments, prefixes)
    finally:
        for record in reversed(saved):
            _reattach(record)


_Detached = tuple[etree._Element, etree._Element | None, int, str | None, str | None]


def _detach(element: etree._Element) -> _Detached:
    parent = element.getparent()
    if parent is None:
        return element, None, 0, None, None
    index = parent.index(element)
    previous = element.getprevious()
    before = previous.tail if previous is not None else parent.text
    tail = element.tail
    _remove_keeping_tail(element)
    return element, parent, index, before, tail


def _reattach(record: _Detached) -> None:
    element, parent, index, before, tail = record
    if parent is None:
        return
    parent.insert(index, element)
    element.tail = tail
    previous = element.getprevious()
    if previous is not None:
        previous.tail = before
    else:
        parent.text = before


def canonicalize_octets(
    data: bytes, algorithm: CanonicalizationAlgorithm, prefixes: Sequence[str] = ()
) -> bytes:
    """Parse octets (output of an earlier transform) and canonicalize them whole."""
    try:
        tree = parse_document(data)
    except HocbasoNotSupportedError:
        raise
    except Exception as exc:
        raise SignatureFormatError(
            "A transform's input octets are not well-formed XML."
        ) from exc
    nodes = NodeSet(tree, None, comments=True)
    return canonicalize(nodes, algorithm, prefixes=prefixes)


def _c14n_bytes(
    target: etree._Element | etree._ElementTree,
    algorithm: CanonicalizationAlgorithm,
    comments: bool,
    prefixes: Sequence[str],
) -> bytes:
    try:
        return etree.tostring(
            target,
            method="c14n",
            exclusive=algorithm.exclusive,
            with_comments=comments,
            inclusive_ns_prefixes=list(prefixes) or None,
        )
    except etree.C14NError as exc:
        raise SignatureFormatError("Canonicalization failed.") from exc


def _is_ancestor_or_self(candidate: etree._Element, node: etree._Element) -> bool:
    current: etree._Element | None = node
    while current is not None:
        if current is candidate:
            return True
        current = current.getparent()
    return False


def _subtree_copy(
    apex: etree._Element,
    excluded: Sequence[etree._Element],
    algorithm: CanonicalizationAlgorithm,
    prefixes: Sequence[str],
) -> etree._Element:
    # A deep copy re-declares on its root every namespace its nodes use,
    # keeping the prefixes; the detached root then needs only the namespaces
    # in scope but unused (inclusive C14N renders them) and inherited xml:*.
    clone = copy.deepcopy(apex)
    clone.tail = None
    _remove_excluded(apex, clone, excluded)
    in_scope = {k: v for k, v in apex.nsmap.items() if v}
    wanted = in_scope if not algorithm.exclusive else _pick(in_scope, prefixes)
    inherited = {} if algorithm.exclusive else _inherited_xml(apex, algorithm)
    missing = {k: v for k, v in wanted.items() if clone.nsmap.get(k) != v}
    if not missing and not inherited:
        return clone
    return _reroot(clone, apex, {**clone.nsmap, **missing}, inherited)


def _pick(
    in_scope: dict[str | None, str], prefixes: Sequence[str]
) -> dict[str | None, str]:
    keys = {None if p == "#default" else p for p in prefixes}
    return {k: v for k, v in in_scope.items() if k in keys}


def _reroot(
    clone: etree._Element,
    apex: etree._Element,
    nsmap: dict[str | None, str],
    inherited: dict[str, str],
) -> etree._Element:
    # lxml-stubs type nsmap keys as str, but None names the default namespace.
    attributes = {str(k): str(v) for k, v in clone.attrib.items()}
    root = etree.Element(clone.tag, attributes, nsmap=cast("dict[str, str]", nsmap))
    if root.prefix != apex.prefix:
        # TODO(c14n-prefixes): an apex whose namespace is bound to two prefixes
        # in scope cannot be re-rooted exactly through lxml; such documents are
        # refused rather than canonicalized wrongly; a pure-Python serializer
        # for this case would fix it.
        raise HocbasoNotSupportedError(
            "The signed element's namespace is bound to several prefixes; "
            "canonicalizing it is not supported."
        )
    for name, value in inherited.items():
        root.set(name, value)
    root.text = clone.text
    root.extend(list(clone))
    return root


def _inherited_xml(
    apex: etree._Element, algorithm: CanonicalizationAlgorithm
) -> dict[str, str]:
    found: dict[str, str] = {}
    parent = apex.getparent()
    while parent is not None:
        for key, value in parent.attrib.items():
            name = str(key)
            if name.startswith(f"{{{XML_NS}}}") and name not in found:
                found[name] = str(value)
        parent = parent.getparent()
    if algorithm.version_11:
        found = {k: v for k, v in found.items() if k in _C14N11_INHERITED}
    return {k: v for k, v in found.items() if k not in apex.attrib}


def _remove_excluded(
    original_root: etree._Element,
    clone_root: etree._Element,
    excluded: Sequence[etree._Element],
) -> None:
    for element in excluded:
        path = _index_path(original_root, element)
        if path is None:
            continue
        target = clone_root
        for position in path:
            target = target[position]
        _remove_keeping_tail(target)


def _index_path(root: etree._Element, element: etree._Element) -> list[int] | None:
    path: list[int] = []
    node = element
    while node is not root:
        parent = node.getparent()
        if parent is None:
            return None
        path.append(parent.index(node))
        node = parent
    return list(reversed(path))


def _remove_keeping_tail(element: etree._Element) -> None:
    # The enveloped-signature transform removes the element node only; the
    # text that follows it stays in the node set (XMLDSig 1.1 §6.6.4).
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
