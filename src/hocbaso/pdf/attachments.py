"""
Finding the XML embedded in a PDF/A-3 file, ours or anyone else's.

Attachments are collected from the catalog's ``/AF`` array and from the
``/EmbeddedFiles`` name tree (ISO 32000-1 §7.11.4, ISO 19005-3 §6.8). The
transcript is the attachment that the XMP metadata names (``hbs:`` first, then
any schema's ``DocumentFileName``, as Factur-X and ZUGFeRD write it), else the
one called ``hocbaso.xml``, else the only XML attachment. A file that cannot be
read raises :class:`~hocbaso.errors.PDFReadError`, never a library's exception.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from hocbaso.errors import PDFAttachmentNotFoundError, PDFReadError
from hocbaso.pdf._metadata import ATTACHMENT_NAME, HBS_NAMESPACE

__all__ = [
    "PDFA_ID_NAMESPACE",
    "Attachment",
    "extract_transcript_xml",
    "list_attachments",
    "open_pdf",
    "read_xmp",
    "xmp_properties",
    "xmp_values",
]

logger = logging.getLogger(__name__)

# What pypdf raises on damaged input besides its own errors: a truncated stream
# surfaces as zlib.error, a broken object graph as a KeyError or TypeError.
_PDF_FAILURES = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    RecursionError,
    zlib.error,
    AssertionError,
)
PDFA_ID_NAMESPACE = "http://www.aiim.org/pdfa/ns/id/"
"""The ``pdfaid:`` XMP namespace: PDF/A ``part`` and ``conformance`` (ISO 19005-3 §6.6.4)."""

_XML_TYPES = frozenset({"text/xml", "application/xml"})
_SCHEMA_DESCRIPTIONS = frozenset(
    {"http://www.aiim.org/pdfa/ns/property#", "http://www.aiim.org/pdfa/ns/schema#"}
)


@dataclass(frozen=True, slots=True)
class Attachment:
    """One embedded file of a PDF."""

    name: str
    """The file name (``/UF``, else ``/F``)."""
    data: bytes
    """The file's bytes, decoded."""
    mime_type: str | None
    """The ``/Subtype`` of the embedded file stream, e.g. ``"text/xml"``."""
    relationship: str | None
    """The ``/AFRelationship`` (``"Source"``, ``"Data"``, ``"Alternative"`` …)."""
    associated: bool
    """Whether the catalog's ``/AF`` array lists it (a PDF/A-3 associated file)."""
    declared_size: int | None
    """The ``/Params /Size`` the file declares, to compare with ``len(data)``."""
    declared_checksum: bytes | None
    """The ``/Params /CheckSum`` (MD5) the file declares."""
    description: str | None = None

    @property
    def is_xml(self) -> bool:
        """Whether the file says it is XML, by its media type or its name."""
        return self.mime_type in _XML_TYPES or self.name.lower().endswith(".xml")


def open_pdf(pdf: bytes) -> PdfReader:
    """
    Open a PDF strictly, turning any failure into a hocbaso error.

    :param pdf: the file's bytes.
    :returns: the reader.
    :raises PDFReadError: if the bytes are not a readable, unencrypted PDF, or
        do not end with a revision's ``%%EOF``.
    """
    _check_start(pdf)
    _check_end(pdf)
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=True)
        if reader.is_encrypted:
            raise PDFReadError(
                "The PDF is encrypted; hocbaso reads unencrypted PDFs only."
            )
        _ = _root(reader)["/Pages"]
        _ = len(reader.pages)
    except _PDF_FAILURES as exc:
        raise PDFReadError(f"The file is not a readable PDF: {exc}.") from exc
    return reader


_EOF_WINDOW = 1024
"""Where the last ``%%EOF`` must stand: within the file's last 1024 bytes."""


def _check_start(pdf: bytes) -> None:
    # Said first, so that an XML or JSON file given as the PDF is called what
    # it is not, rather than a truncated PDF. The header may follow a little
    # junk, as readers allow (ISO 32000-1 Annex H.3, note 3).
    if not pdf or pdf.isspace():
        raise PDFReadError("The file is empty.")
    if b"%PDF-" not in pdf[:_EOF_WINDOW]:
        raise PDFReadError("The file is not a PDF: it has no %PDF- header.")


def _check_end(pdf: bytes) -> None:
    # A PDF is read from its end. A file cut short loses its last %%EOF, and
    # a lenient reader then finds an earlier revision's and reads that one:
    # a truncated bundle would show its previous revision as if it were whole.
    # The window is the one PDF readers allow (ISO 32000-1 Annex H.3, note 3),
    # and the one pyHanko's signature reader enforces.
    last = pdf.rfind(b"%%EOF")
    if last == -1:
        raise PDFReadError(
            "The file is not a readable PDF: it has no %%EOF marker (truncated?)."
        )
    if len(pdf) - last > _EOF_WINDOW:
        raise PDFReadError(
            f"The PDF does not end with %%EOF: its last one stands {len(pdf) - last:,} "
            f"bytes before the end (at most {_EOF_WINDOW:,} are allowed). The file "
            "was cut short inside a later revision, or other bytes were appended."
        )


def _dict(value: PdfObject | None) -> DictionaryObject:
    """Return ``value`` resolved as a dictionary; an absent value is an empty one."""
    resolved = None if value is None else value.get_object()
    if resolved is None:
        return DictionaryObject()
    if not isinstance(resolved, DictionaryObject):
        raise TypeError(f"Expected a dictionary, found {type(resolved).__name__}")
    return resolved


def _array(value: PdfObject | None) -> ArrayObject:
    resolved = None if value is None else value.get_object()
    return resolved if isinstance(resolved, ArrayObject) else ArrayObject()


def _data(value: PdfObject | None) -> bytes | None:
    resolved = None if value is None else value.get_object()
    return resolved.get_data() if isinstance(resolved, StreamObject) else None


def _root(reader: PdfReader) -> DictionaryObject:
    return _dict(reader.trailer["/Root"])


def _text(value: PdfObject | None) -> str | None:
    return None if value is None else str(value.get_object())


def _name(value: PdfObject | None) -> str | None:
    text = _text(value)
    return text[1:] if text and text.startswith("/") else text


def _raw_bytes(value: PdfObject | None) -> bytes | None:
    if value is None:
        return None
    value = value.get_object()
    if isinstance(value, TextStringObject):
        return value.original_bytes
    return bytes(value) if isinstance(value, ByteStringObject) else None


def _stream(spec: DictionaryObject) -> StreamObject | None:
    files = _dict(spec.get("/EF"))
    stream = files.get("/UF") or files.get("/F")
    resolved = None if stream is None else stream.get_object()
    return resolved if isinstance(resolved, StreamObject) else None


def _attachment(spec: DictionaryObject, *, associated: bool) -> Attachment | None:
    stream = _stream(spec)
    if stream is None:
        return None
    params = _dict(stream.get("/Params"))
    size, checksum = params.get("/Size"), params.get("/CheckSum")
    description = _text(spec.get("/Desc"))
    return Attachment(
        name=_text(spec.get("/UF")) or _text(spec.get("/F")) or "",
        data=stream.get_data(),
        mime_type=_name(stream.get("/Subtype")),
        relationship=_name(spec.get("/AFRelationship")),
        associated=associated,
        declared_size=int(size.get_object()) if size is not None else None,
        declared_checksum=_raw_bytes(checksum),
        description=description,
    )


def _name_tree(node: DictionaryObject, depth: int = 0) -> Iterator[PdfObject]:
    if depth > 32:
        return
    yield from list(_array(node.get("/Names")))[1::2]
    for kid in _array(node.get("/Kids")):
        yield from _name_tree(_dict(kid), depth + 1)


def _iter_specs(reader: PdfReader) -> Iterator[tuple[PdfObject, bool]]:
    root = _root(reader)
    for spec in _array(root.get("/AF")):
        yield spec, True
    files = _dict(root.get("/Names")).get("/EmbeddedFiles")
    if files is not None:
        for spec in _name_tree(_dict(files)):
            yield spec, False


def _collect(reader: PdfReader) -> list[Attachment]:
    seen: dict[object, Attachment] = {}
    for spec, associated in _iter_specs(reader):
        key = getattr(spec, "idnum", None) or id(spec)
        if key in seen:
            continue
        found = _attachment(_dict(spec), associated=associated)
        if found is not None:
            seen[key] = found
    return list(seen.values())


def list_attachments(pdf: bytes | PdfReader) -> list[Attachment]:
    """
    Return every embedded file, from ``/AF`` first, then from ``/EmbeddedFiles``.

    :param pdf: the PDF's bytes, or a reader from :func:`open_pdf`.
    :returns: the attachments, each once.
    :raises PDFReadError: if the PDF or its attachments cannot be read.
    """
    reader = open_pdf(pdf) if isinstance(pdf, bytes) else pdf
    try:
        return _collect(reader)
    except _PDF_FAILURES as exc:
        raise PDFReadError(f"The PDF's attachments cannot be read: {exc}.") from exc


def read_xmp(pdf: bytes | PdfReader) -> etree._Element | None:
    """
    Return the parsed XMP metadata of the PDF, or ``None`` if it has none.

    :param pdf: the PDF's bytes, or a reader from :func:`open_pdf`.
    :returns: the root element, parsed with entities and network access off.
    :raises PDFReadError: if the PDF cannot be read.
    """
    reader = open_pdf(pdf) if isinstance(pdf, bytes) else pdf
    try:
        data = _data(_root(reader).get("/Metadata"))
    except _PDF_FAILURES as exc:
        raise PDFReadError(f"The PDF's metadata cannot be read: {exc}.") from exc
    if not data:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data.strip(b"\x00 \r\n\t"), parser)
    except etree.XMLSyntaxError:
        logger.warning("The PDF's XMP metadata is not well-formed XML; ignoring it")
        return None


def xmp_values(
    xmp: etree._Element | None, local_name: str, *, namespace: str | None = None
) -> list[tuple[str, str]]:
    """
    Return ``(namespace, value)`` of every XMP property called ``local_name``.

    Both the element form and the attribute form of RDF are read.  A local
    name alone can be ambiguous: ``pdfaid:part`` and ``pdfuaid:part`` are both
    ``part``; give ``namespace`` to read one schema's property only.

    :param xmp: the root from :func:`read_xmp`.
    :param local_name: the property name, e.g. ``"DocumentFileName"``.
    :param namespace: the property's namespace URI, e.g.
        :data:`PDFA_ID_NAMESPACE`; ``None`` reads every namespace.
    :returns: the values, in document order.
    """
    found = xmp_properties(xmp, (local_name,))[local_name]
    if namespace is not None:
        return [(ns, value) for ns, value in found if ns == namespace]
    return found


def xmp_properties(
    xmp: etree._Element | None, local_names: Iterable[str]
) -> dict[str, list[tuple[str, str]]]:
    """
    Return what :func:`xmp_values` returns for each of several names, in one pass.

    :param xmp: the root from :func:`read_xmp`.
    :param local_names: the property names, e.g. ``("LookupCode", "PageCount")``.
    :returns: for each name, ``(namespace, value)`` of its properties in
        document order (an empty list if there is none).
    """
    names = tuple(local_names)
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in names}
    if xmp is None or not names:
        return found
    for element in xmp.iter(etree.Element):
        for name, namespace, value in _element_values(element, names):
            found[name].append((namespace, value))
    return found


def _element_values(
    element: etree._Element, names: tuple[str, ...]
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(name, namespace, value)`` of the properties ``element`` gives."""
    # A name is split only if it ends with one of those looked for: most do not.
    tag = element.tag
    if isinstance(tag, str) and tag.endswith(names):
        namespace, name = _split_name(tag)
        if name in names and namespace not in _SCHEMA_DESCRIPTIONS:
            yield name, namespace, str(element.text or "").strip()
    for key, value in element.items():
        if isinstance(key, str) and key.endswith(names):
            namespace, name = _split_name(key)
            if name in names:
                yield name, namespace, str(value).strip()


def _split_name(name: str) -> tuple[str, str]:
    """
    Return the namespace (``""`` for none) and the local name of ``{uri}local``.

    This is how :class:`lxml.etree.QName` splits a name, without making one
    for every element and attribute of the packet.
    """
    if not name.startswith("{"):
        return "", name
    namespace, _, local = name[1:].partition("}")
    return namespace, local


def _choose(attachments: list[Attachment], named: list[str]) -> Attachment:
    by_name = {a.name: a for a in attachments}
    for name in [*named, ATTACHMENT_NAME]:
        if name in by_name:
            return by_name[name]
    xml = [a for a in attachments if a.is_xml]
    if len(xml) == 1:
        return xml[0]
    if not xml:
        raise PDFAttachmentNotFoundError("The PDF carries no XML attachment.")
    names = ", ".join(repr(a.name) for a in xml)
    raise PDFAttachmentNotFoundError(
        f"The PDF carries several XML attachments ({names}) and its metadata names none "
        "of them; expected one named in the XMP DocumentFileName."
    )


def _named_files(reader: PdfReader) -> list[str]:
    values = xmp_values(read_xmp(reader), "DocumentFileName")
    ours = [value for namespace, value in values if namespace == HBS_NAMESPACE]
    return ours + [value for namespace, value in values if namespace != HBS_NAMESPACE]


def extract_transcript_xml(pdf: bytes | PdfReader) -> bytes:
    """
    Return the primary XML embedded in a PDF: the transcript, for a hocbaso PDF.

    :param pdf: the PDF's bytes, or a reader from :func:`open_pdf`.
    :returns: the XML file's bytes, exactly as embedded.
    :raises PDFReadError: if the PDF cannot be read.
    :raises PDFAttachmentNotFoundError: if no attachment is, or several could be,
        the primary XML.
    """
    reader = open_pdf(pdf) if isinstance(pdf, bytes) else pdf
    chosen = _choose(list_attachments(reader), _named_files(reader))
    logger.debug("Chose the attachment %r (%d bytes)", chosen.name, len(chosen.data))
    return chosen.data
