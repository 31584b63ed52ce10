"""Safe parsing of a signed document, its Id index and readable element paths."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

from hocbaso._files import MAX_XML_BYTES
from hocbaso.errors import Problem, XMLReadError

logger = logging.getLogger(__name__)

DS_NS = "http://www.w3.org/2000/09/xmldsig#"
WSU_NS = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
)
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _parser() -> etree.XMLParser:
    # Entities are never expanded, no DTD is loaded and nothing is fetched;
    # any DOCTYPE is refused after parsing (STYLE §9).
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
        remove_blank_text=False,
    )


def parse_document(data: bytes) -> etree._ElementTree:
    """
    Parse a document safely, refusing any DOCTYPE and oversized input.

    The problem codes and the size limit are those of :mod:`hocbaso.xml.reader`,
    so ``hocbaso verify`` and ``hocbaso validate`` refuse a document alike.

    :param data: the document bytes.
    :returns: the parsed tree.
    :raises XMLReadError: if the bytes are too many, not well-formed XML, or
        carry a DTD.
    """
    if len(data) > MAX_XML_BYTES:
        raise XMLReadError([_too_large(len(data))])
    if _PROLOG_DOCTYPE.match(data):
        raise XMLReadError([_DOCTYPE_PROBLEM])
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise XMLReadError([_syntax_problem(exc)]) from exc
    # lxml-stubs lack DocInfo.doctype; it is a str at run time.
    doctype: str = getattr(tree.docinfo, "doctype", "")
    if doctype or tree.docinfo.internalDTD is not None:
        raise XMLReadError([_DOCTYPE_PROBLEM])
    return tree


def _too_large(size: int) -> Problem:
    return Problem(
        "xml.too-large",
        f"The document has {size:,} bytes or more; the limit is {MAX_XML_BYTES:,} (an XML "
        "transcript is about 40 KB).",
    )


def _syntax_problem(exc: etree.XMLSyntaxError) -> Problem:
    # lxml's message repeats the place ("..., line 3, column 5"); the line is
    # kept separately, as the reader does.
    message = str(exc.msg or exc).split(", line ")[0].rstrip(".")
    return Problem(
        "xml.not-well-formed",
        f"The document is not well-formed XML: {message}.",
        line=exc.lineno,
    )


# A DOCTYPE is refused before parsing, so that not even an attempt is made to
# load an external DTD; the check after parsing catches other encodings.
# The patterns cannot run past the end of a PI or comment, so a failed match
# costs the length of the prolog, not of the document.
_PROLOG_DOCTYPE = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*"
    rb"(?:<\?(?:[^?]|\?(?!>))*\?>\s*|<!--(?:[^-]|-(?!->))*-->\s*)*<!DOCTYPE"
)
_DOCTYPE_PROBLEM = Problem(
    "xml.doctype-forbidden", "The document has a DOCTYPE; DTDs are refused."
)


@dataclass(slots=True)
class IdIndex:
    """Every element carrying an identifier, and the identifiers used twice."""

    elements: dict[str, etree._Element] = field(default_factory=dict)
    duplicates: set[str] = field(default_factory=set)

    def resolve(self, ident: str) -> etree._Element | None:
        """Return the one element with this identifier, or ``None``."""
        if ident in self.duplicates:
            return None
        return self.elements.get(ident)


def index_ids(root: etree._Element) -> IdIndex:
    """
    Collect the identifiers of all elements under ``root``.

    :param root: the document element.
    :returns: the index; an identifier on two different elements is a duplicate.
    """
    index = IdIndex()
    # lxml-stubs cannot know this XPath returns attribute values only.
    for value in cast("list[Any]", _ID_XPATH(root)):
        element: etree._Element = value.getparent()
        seen = index.elements.setdefault(str(value), element)
        if seen is not element:
            index.duplicates.add(str(value))
    return index


# The attribute names that carry an identifier in the conventions we accept:
# ``Id`` (XMLDSig, XAdES), ``ID`` (SAML, aleksey vectors), ``id`` (Vietnamese
# T-VAN notices), ``wsu:Id`` (WS-Security) and ``xml:id``.  One compiled XPath
# is several times faster than reading five attributes of every element.
_ID_XPATH = etree.XPath(
    "//@Id | //@ID | //@id | //@wsu:Id | //@xml:id",
    namespaces={"wsu": WSU_NS},
    smart_strings=True,
)


def local_name(element: etree._Element) -> str:
    """Return the local part of an element's tag."""
    return etree.QName(element).localname


def find_signatures(root: etree._Element) -> list[etree._Element]:
    """Return every ``ds:Signature`` element in document order."""
    return list(root.iter(f"{{{DS_NS}}}Signature"))
