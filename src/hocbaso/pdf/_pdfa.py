"""
The PDF/A-3b parts of a rendered transcript, added through reportlab's document.

* XMP metadata (ISO 19005-3 §6.6): ``pdfaid`` part 3 conformance B, Dublin Core
  and PDF properties that repeat the document information dictionary, and the
  extension schema ``hbs`` that names the embedded transcript. The stream is
  left uncompressed so that a PAdES signature can be added later.
* An sRGB output intent (§6.2.3) with the profile of :mod:`hocbaso.pdf._icc`.
* The canonical XML as an associated file (§6.8): a file specification with
  ``/AFRelationship /Source`` referenced from the catalog's ``/AF`` array and
  from the ``/EmbeddedFiles`` name tree, its stream typed ``text/xml`` with
  ``/Params`` giving size, dates and MD5 checksum.
* The document ID and every date come from the transcript, so the same
  transcript gives the same bytes.
"""

# reportlab ships no type information; the project's mypy configuration should
# list it under ignore_missing_imports, after which this line can go.

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas

from hocbaso.pdf._icc import SRGB_ICC
from hocbaso.pdf._metadata import ATTACHMENT_NAME, HBS_NAMESPACE, DocumentInfo

__all__ = [
    "ATTACHMENT_NAME",
    "HBS_NAMESPACE",
    "DocumentInfo",
    "add_pdfa_parts",
    "pdf_date",
    "xmp_date",
]

logger = logging.getLogger(__name__)

_ZONE = dt.timezone(dt.timedelta(hours=7))
"""Indochina Time: dates of Vietnamese school documents are local dates."""


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=_ZONE)


def pdf_date(day: dt.date) -> str:
    """
    Return midnight of ``day`` in Viet Nam as a PDF date string.

    :param day: the date.
    :returns: e.g. ``D:20250530000000+07'00'``.
    """
    return _moment(day).strftime("D:%Y%m%d%H%M%S+07'00'")


def xmp_date(day: dt.date) -> str:
    """
    Return midnight of ``day`` in Viet Nam as an XMP date.

    :param day: the date.
    :returns: e.g. ``2025-05-30T00:00:00+07:00``.
    """
    return _moment(day).isoformat()


class _FixedStamp:
    """The time stamp reportlab reads when writing the information dictionary."""

    def __init__(self, day: dt.date) -> None:
        self.YMDhms = (day.year, day.month, day.day, 0, 0, 0)  # reportlab's name
        self.dhh = 7
        self.dmm = 0


_PROPERTIES = (
    ("DocumentFileName", "Text", "File name of the embedded transcript XML"),
    ("FormatVersion", "Text", "Version of the hocbaso transcript XML format"),
    ("LookupCode", "Text", "Look-up code (mã tra cứu) of the transcript"),
    ("TranscriptVersion", "Integer", "Issue number of the transcript"),
    ("PageCount", "Integer", "Number of pages rendered from the transcript"),
)


def _extension_schema() -> str:
    items = "".join(
        "<rdf:li rdf:parseType='Resource'>"
        f"<pdfaProperty:name>{name}</pdfaProperty:name>"
        f"<pdfaProperty:valueType>{kind}</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(text)}</pdfaProperty:description></rdf:li>\n"
        for name, kind, text in _PROPERTIES
    )
    return (
        "<rdf:Description rdf:about=''"
        " xmlns:pdfaExtension='http://www.aiim.org/pdfa/ns/extension/'"
        " xmlns:pdfaSchema='http://www.aiim.org/pdfa/ns/schema#'"
        " xmlns:pdfaProperty='http://www.aiim.org/pdfa/ns/property#'>\n"
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType='Resource'>\n"
        "<pdfaSchema:schema>hocbaso transcript (học bạ số)</pdfaSchema:schema>\n"
        f"<pdfaSchema:namespaceURI>{HBS_NAMESPACE}</pdfaSchema:namespaceURI>\n"
        "<pdfaSchema:prefix>hbs</pdfaSchema:prefix>\n"
        f"<pdfaSchema:property><rdf:Seq>\n{items}</rdf:Seq></pdfaSchema:property>\n"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n"
    )


def _xmp(info: DocumentInfo, document_id: str) -> bytes:
    when = xmp_date(info.date)
    packet = f"""<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/'>
<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>{escape(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>{escape(info.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>vi</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>
<pdf:Producer>{escape(info.tool)}</pdf:Producer>
<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
<pdf:Trapped>False</pdf:Trapped>
</rdf:Description>
<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/'>
<xmp:CreatorTool>{escape(info.tool)}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
</rdf:Description>
<rdf:Description rdf:about='' xmlns:xmpMM='http://ns.adobe.com/xap/1.0/mm/'>
<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
</rdf:Description>
<rdf:Description rdf:about='' xmlns:hbs='{HBS_NAMESPACE}'>
<hbs:DocumentFileName>{ATTACHMENT_NAME}</hbs:DocumentFileName>
<hbs:FormatVersion>{escape(info.format_version)}</hbs:FormatVersion>
<hbs:LookupCode>{escape(info.lookup_code)}</hbs:LookupCode>
<hbs:TranscriptVersion>{info.transcript_version}</hbs:TranscriptVersion>
<hbs:PageCount>{info.page_count}</hbs:PageCount>
</rdf:Description>
{_extension_schema()}</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>"""  # noqa: E501  # one XMP line per property reads better unbroken
    return packet.encode("utf-8")


def _metadata_stream(info: DocumentInfo, document_id: str) -> PDFStream:
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    # No filter: the XMP must stay readable as plain bytes (and signable later).
    return PDFStream(dictionary, _xmp(info, document_id), filters=None)


def _output_intent() -> PDFDictionary:
    profile = PDFStream(PDFDictionary({"N": 3}), SRGB_ICC, filters=[PDFZCompress])
    return PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "RegistryName": PDFString("http://www.color.org"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": profile,
        }
    )


def _embedded_file(xml: bytes, day: dt.date) -> PDFStream:
    params = PDFDictionary(
        {
            "Size": len(xml),
            "CreationDate": PDFString(pdf_date(day)),
            "ModDate": PDFString(pdf_date(day)),
            # A name written as raw bytes: reportlab's PDFName does not escape "/".
            "CheckSum": b"<" + hashlib.md5(xml).hexdigest().encode("ascii") + b">",
        }
    )
    dictionary = PDFDictionary(
        {"Type": PDFName("EmbeddedFile"), "Subtype": b"/text#2Fxml", "Params": params}
    )
    return PDFStream(dictionary, xml, filters=[PDFZCompress])


def _file_spec(stream_ref: object) -> PDFDictionary:
    return PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(ATTACHMENT_NAME),
            "UF": PDFString(ATTACHMENT_NAME),
            "Desc": PDFString("Học bạ số: dữ liệu gốc (XML chuẩn hocbaso)"),
            "AFRelationship": PDFName("Source"),
            "EF": PDFDictionary({"F": stream_ref, "UF": stream_ref}),
        }
    )


def _set_info(canvas: Canvas, info: DocumentInfo, document_id: str) -> None:
    document = canvas._doc  # reportlab exposes the document only through this name.
    document._timeStamp = _FixedStamp(info.date)
    hexid = document_id.replace("-", "").encode("ascii")
    document._ID = b"\n[<" + hexid + b"><" + hexid + b">]\n"
    meta = document.info
    meta.title, meta.author, meta.subject = info.title, info.author, info.subject
    meta.keywords, meta.creator, meta.producer = info.keywords, info.tool, info.tool


def add_pdfa_parts(canvas: Canvas, info: DocumentInfo, xml: bytes) -> None:
    """
    Add metadata, output intent and the embedded XML to the canvas's document.

    Call after the last page and before :meth:`Canvas.save`.

    :param canvas: the canvas the pages were drawn on.
    :param info: the metadata.
    :param xml: the transcript XML to embed, byte for byte.
    """
    digest = hashlib.sha256(xml).hexdigest()
    document_id = (
        f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    )
    _set_info(canvas, info, document_id)

    document = canvas._doc
    catalog = document.Catalog
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "AF", "OutputIntents"]
    catalog.Metadata = _metadata_stream(info, document_id)
    catalog.OutputIntents = PDFArray([_output_intent()])
    stream_ref = document.Reference(_embedded_file(xml, info.date))
    spec_ref = document.Reference(_file_spec(stream_ref))
    catalog.AF = PDFArray([spec_ref])
    catalog.Names = PDFDictionary(
        {
            "EmbeddedFiles": PDFDictionary(
                {"Names": PDFArray([PDFString(ATTACHMENT_NAME), spec_ref])}
            )
        }
    )
    logger.debug("Added PDF/A-3 parts, document %s", document_id)
