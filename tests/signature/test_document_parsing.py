"""The signed-document parser refuses what the transcript reader refuses, alike."""

from __future__ import annotations

import pytest

from hocbaso._files import MAX_XML_BYTES
from hocbaso.errors import XMLReadError
from hocbaso.signature._document import parse_document
from hocbaso.xml import DEFAULT_MAX_BYTES, inspect_xml

BAD = {
    "tag-mismatch": b"<a>\n<b>\n</a>\n",
    "truncated": b"<a>\n<b></b>\n</a",
    "doctype": b'<!DOCTYPE a [<!ENTITY x "y">]>\n<a>&x;</a>\n',
    "oversize": b"<a>" + b" " * MAX_XML_BYTES + b"</a>",
}


def _refusal(data: bytes) -> XMLReadError:
    with pytest.raises(XMLReadError) as caught:
        parse_document(data)
    return caught.value


def test_the_reader_and_the_parser_share_one_size_limit() -> None:
    assert DEFAULT_MAX_BYTES == MAX_XML_BYTES == 5_000_000


@pytest.mark.parametrize("name", sorted(BAD))
def test_codes_are_the_readers(name: str) -> None:
    found = _refusal(BAD[name]).problems
    expected = inspect_xml(BAD[name]).problems

    assert [p.code for p in found] == [p.code for p in expected]


def test_not_well_formed_names_the_line() -> None:
    problem = _refusal(BAD["tag-mismatch"]).problems[0]

    assert problem.code == "xml.not-well-formed"
    assert problem.line == 3
    assert problem.reason.startswith("The document is not well-formed XML: ")
    assert ", line" not in problem.reason


def test_doctype_is_forbidden() -> None:
    problem = _refusal(BAD["doctype"]).problems[0]

    assert problem.code == "xml.doctype-forbidden"
    assert "DTDs are refused" in problem.reason


def test_oversized_document_is_refused_before_parsing() -> None:
    problem = _refusal(BAD["oversize"]).problems[0]

    assert problem.code == "xml.too-large"
    assert problem.reason == (
        f"The document has {MAX_XML_BYTES + 7:,} bytes or more; "
        f"the limit is {MAX_XML_BYTES:,} (an XML transcript is about 40 KB)."
    )


def test_a_document_at_the_limit_is_parsed() -> None:
    data = b"<a>" + b" " * (MAX_XML_BYTES - 7) + b"</a>"

    assert len(data) == MAX_XML_BYTES
    assert parse_document(data).getroot().tag == "a"
