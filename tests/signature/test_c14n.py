from __future__ import annotations

import pytest
from lxml import etree

from hocbaso.signature._c14n import NodeSet, canonicalize, canonicalize_octets
from hocbaso.signature._document import (
    DS_NS,
    find_signatures,
    index_ids,
    parse_document,
)
from hocbaso.signature._references import apply_transforms, resolve_uri, transform_uris
from hocbaso.signature.algorithms import CanonicalizationAlgorithm as Canon

from .conftest import require_corpus

MERLIN = ["signature-enveloped-dsa", "signature-enveloping-rsa"]


@pytest.mark.parametrize("name", MERLIN)
def test_merlin_canonical_forms_byte_for_byte(name: str) -> None:
    folder = require_corpus() / "xmldsig"
    stem = f"merlin-xmldsig-twenty-three__{name}"
    tree = parse_document((folder / f"{stem}.xml").read_bytes())
    signature = find_signatures(tree.getroot())[0]
    signed_info = signature.find(f"{{{DS_NS}}}SignedInfo")
    assert signed_info is not None
    reference = signed_info.find(f"{{{DS_NS}}}Reference")
    assert reference is not None

    nodes = resolve_uri(reference.get("URI"), tree, index_ids(tree.getroot()))
    data = apply_transforms(nodes, transform_uris(reference), signature)
    info = canonicalize(NodeSet(tree, signed_info, comments=True), Canon.C14N)

    assert data == (folder / f"{stem}-c14n-0.txt").read_bytes()
    assert info == (folder / f"{stem}-c14n-1.txt").read_bytes()


def test_gdt_object_keeps_inherited_default_namespace() -> None:
    path = require_corpus() / "vn_xml" / "gdt_tdiep_tbao_signed_vgca.xml"
    tree = parse_document(path.read_bytes())
    obj = tree.getroot().find(f".//{{{DS_NS}}}Object")
    assert obj is not None

    out = canonicalize(NodeSet(tree, obj), Canon.C14N)

    assert b'xmlns=""' not in out
    assert out.startswith(b'<Object xmlns="http://www.w3.org/2000/09/xmldsig#" Id=')
    assert etree.tostring(obj, method="c14n").count(b'xmlns=""') == 2  # lxml's trap


def _tree(text: bytes) -> etree._ElementTree:
    return parse_document(text)


def test_subtree_under_undeclared_default_namespace() -> None:
    tree = _tree(b'<a xmlns="urn:u" xmlns:p="urn:v"><b xmlns=""><c/></b></a>')
    c = tree.getroot()[0][0]

    assert canonicalize(NodeSet(tree, c), Canon.C14N) == b'<c xmlns:p="urn:v"></c>'
    assert canonicalize(NodeSet(tree, c), Canon.EXC_C14N) == b"<c></c>"


def test_inclusive_renders_unused_ancestor_namespaces_exclusive_does_not() -> None:
    tree = _tree(
        b'<r xmlns="urn:u" xmlns:x="urn:w" xmlns:y="urn:z"><e y:a="1"><f/></e></r>'
    )
    e = tree.getroot()[0]

    inclusive = canonicalize(NodeSet(tree, e), Canon.C14N)
    exclusive = canonicalize(NodeSet(tree, e), Canon.EXC_C14N)
    listed = canonicalize(NodeSet(tree, e), Canon.EXC_C14N, prefixes=["x"])

    assert (
        inclusive
        == b'<e xmlns="urn:u" xmlns:x="urn:w" xmlns:y="urn:z" y:a="1"><f></f></e>'
    )
    assert exclusive == b'<e xmlns="urn:u" xmlns:y="urn:z" y:a="1"><f></f></e>'
    assert (
        listed
        == b'<e xmlns="urn:u" xmlns:x="urn:w" xmlns:y="urn:z" y:a="1"><f></f></e>'
    )


def test_xml_attributes_inherited_by_10_not_by_11_for_id() -> None:
    tree = _tree(b'<r xml:lang="vi" xml:id="k"><e/></r>')
    e = tree.getroot()[0]

    assert canonicalize(NodeSet(tree, e), Canon.C14N) == (
        b'<e xml:id="k" xml:lang="vi"></e>'
    )
    assert canonicalize(NodeSet(tree, e), Canon.C14N11) == b'<e xml:lang="vi"></e>'
    assert canonicalize(NodeSet(tree, e), Canon.EXC_C14N) == b"<e></e>"


def test_enveloped_removal_keeps_following_text() -> None:
    tree = _tree(b"<r>a<s/>b<t/>c</r>")
    root = tree.getroot()

    out = canonicalize(NodeSet(tree, root, (root[0],)), Canon.C14N)

    assert out == b"<r>ab<t></t>c</r>"
    assert canonicalize(NodeSet(tree, root[0], (root,)), Canon.C14N) == b""


def test_comments_only_when_the_node_set_has_them() -> None:
    tree = _tree(b"<r><!-- c --><e/></r>")

    with_set = NodeSet(tree, tree.getroot(), comments=True)
    assert (
        canonicalize(with_set, Canon.C14N_WITH_COMMENTS) == b"<r><!-- c --><e></e></r>"
    )
    assert canonicalize(NodeSet(tree, tree.getroot()), Canon.C14N_WITH_COMMENTS) == (
        b"<r><e></e></r>"
    )


def test_several_canonicalizations_in_a_row_are_stable() -> None:
    tree = _tree(b'<r xmlns:p="urn:v"><p:e  b="2" a="1"/></r>')
    first = canonicalize(NodeSet(tree, tree.getroot()[0]), Canon.C14N)

    again = canonicalize_octets(first, Canon.EXC_C14N)

    assert first == b'<p:e xmlns:p="urn:v" a="1" b="2"></p:e>'
    assert again == first


def test_in_place_exclusion_restores_the_tree_exactly() -> None:
    text = b'<r xmlns="urn:u">a<s>x</s>b<t/>c<s>y</s></r>'
    tree = _tree(text)
    root = tree.getroot()

    out = canonicalize(NodeSet(tree, root, (root[0], root[2])), Canon.C14N)

    assert out == b'<r xmlns="urn:u">ab<t></t>c</r>'
    assert etree.tostring(root) == text
