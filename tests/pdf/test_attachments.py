"""Finding embedded XML: our PDFs, Factur-X and ZUGFeRD files, and broken input."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfWriter

from hocbaso.errors import HocbasoError, PDFAttachmentNotFoundError, PDFReadError
from hocbaso.pdf import extract_transcript_xml, list_attachments
from hocbaso.pdf.attachments import (
    PDFA_ID_NAMESPACE,
    read_xmp,
    xmp_properties,
    xmp_values,
)
from tests.pdf._helpers import Rendered


def _attach_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "pdfa3_attach"


def _blank_pdf(attachments: dict[str, bytes]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    for name, data in attachments.items():
        writer.add_attachment(name, data)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_our_attachment_is_listed_with_its_declarations(rendered: Rendered) -> None:
    (attachment,) = list_attachments(rendered.pdf)

    assert attachment.name == "hocbaso.xml"
    assert attachment.data == rendered.xml
    assert (attachment.mime_type, attachment.relationship) == ("text/xml", "Source")
    assert attachment.associated
    assert attachment.declared_size == len(rendered.xml)
    assert attachment.declared_checksum == hashlib.md5(rendered.xml).digest()


def test_our_transcript_is_extracted_byte_for_byte(rendered: Rendered) -> None:
    assert extract_transcript_xml(rendered.pdf) == rendered.xml


def test_factur_x_xml_is_found_through_af(corpus_dir: Path) -> None:
    pdf = (_attach_dir(corpus_dir) / "facturx__invoice_EN16931.pdf").read_bytes()

    attachments = {a.name: a for a in list_attachments(pdf)}
    xml = extract_transcript_xml(pdf)

    assert set(attachments) == {"factur-x.xml", "Bon_de_livraison.pdf"}
    assert attachments["factur-x.xml"].relationship == "Source"
    assert attachments["Bon_de_livraison.pdf"].relationship == "Unspecified"
    assert all(a.associated for a in attachments.values())
    assert xml == attachments["factur-x.xml"].data
    assert b"CrossIndustryInvoice" in xml


@pytest.mark.parametrize("name", ["mustang__validV2PDF.pdf", "mustang__invalidXMP.pdf"])
def test_mustang_primary_attachment_is_the_one_xmp_names(
    corpus_dir: Path, name: str
) -> None:
    pdf = (_attach_dir(corpus_dir) / name).read_bytes()

    names = sorted(a.name for a in list_attachments(pdf))
    xml = extract_transcript_xml(pdf)

    assert names == ["ZUGFeRD-invoice.xml", "factur-x.xml"]
    assert xml == next(
        a.data for a in list_attachments(pdf) if a.name == "factur-x.xml"
    )


def test_pdfa_part_is_read_apart_from_pdfua_part(corpus_dir: Path) -> None:
    name = "pyhanko__pdf__minimal-pdf-ua-and-a.pdf"
    xmp = read_xmp((corpus_dir / "pdf_signed" / name).read_bytes())

    assert xmp_values(xmp, "part", namespace=PDFA_ID_NAMESPACE) == [
        (PDFA_ID_NAMESPACE, "3")
    ]
    assert ("http://www.aiim.org/pdfua/ns/id/", "1") in xmp_values(xmp, "part")


_XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:hbs="urn:hocbaso:pdfa:1#" pdfaid:part="3" hbs:PageCount=" 6 ">
  <hbs:DocumentFileName> hocbaso.xml </hbs:DocumentFileName>
  <!-- part: a comment is no property -->
  <part>no namespace</part>
  <pdfaSchema:schemas xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
      xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
    <pdfaProperty:name>part</pdfaProperty:name>
    <pdfaProperty:part>described, not declared</pdfaProperty:part>
  </pdfaSchema:schemas>
  <hbs:notpart>a longer name</hbs:notpart>
  <pdfaid:part/>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>"""


def test_xmp_properties_are_read_in_both_rdf_forms() -> None:
    xmp = etree.fromstring(_XMP)

    assert xmp_values(xmp, "part") == [
        (PDFA_ID_NAMESPACE, "3"),
        ("", "no namespace"),
        (PDFA_ID_NAMESPACE, ""),
    ]
    assert xmp_values(xmp, "PageCount") == [("urn:hocbaso:pdfa:1#", "6")]
    assert xmp_values(xmp, "part", namespace="") == [("", "no namespace")]
    assert xmp_values(None, "part") == []


def test_several_xmp_properties_read_at_once_are_read_as_one_by_one() -> None:
    xmp = etree.fromstring(_XMP)
    names = ("part", "DocumentFileName", "PageCount", "name", "about", "absent")

    found = xmp_properties(xmp, names)

    assert found == {name: xmp_values(xmp, name) for name in names}
    assert found["DocumentFileName"] == [("urn:hocbaso:pdfa:1#", "hocbaso.xml")]
    assert xmp_properties(None, ["part"]) == {"part": []}


def test_corrupted_pdf_gives_a_clear_error(corpus_dir: Path) -> None:
    pdf = (_attach_dir(corpus_dir) / "mustang__corruptedV2PDF.pdf").read_bytes()

    with pytest.raises(PDFReadError, match="not a readable PDF: Broken xref table"):
        extract_transcript_xml(pdf)


@pytest.mark.parametrize(
    "data", [b"", b"not a pdf", b"%PDF-1.7\n1 0 obj\n<<", b"%PDF" * 10]
)
def test_garbage_raises_a_hocbaso_error(data: bytes) -> None:
    with pytest.raises(PDFReadError):
        list_attachments(data)


def test_truncated_pdf_raises_a_hocbaso_error(primary: Rendered) -> None:
    for cut in (len(primary.pdf) // 3, len(primary.pdf) - 200):
        with pytest.raises(HocbasoError):
            extract_transcript_xml(primary.pdf[:cut])


def test_pdf_without_attachments_has_no_transcript() -> None:
    with pytest.raises(PDFAttachmentNotFoundError, match="no XML attachment"):
        extract_transcript_xml(_blank_pdf({}))


def test_several_unnamed_xml_attachments_are_ambiguous() -> None:
    pdf = _blank_pdf({"a.xml": b"<a/>", "b.xml": b"<b/>"})

    with pytest.raises(PDFAttachmentNotFoundError, match="several XML attachments"):
        extract_transcript_xml(pdf)


def test_single_xml_attachment_of_another_name_is_found() -> None:
    assert (
        extract_transcript_xml(_blank_pdf({"notes.txt": b"x", "t.xml": b"<t/>"}))
        == b"<t/>"
    )
