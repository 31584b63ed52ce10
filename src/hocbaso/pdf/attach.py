"""
Add an associated file to a rendered transcript PDF (PDF/A-3, ISO 19005-3 §6.8).

A transfer carries the file the previous school issued beside the canonical
XML that :func:`~hocbaso.pdf.render_pdf_from_xml` embeds: a second associated
file, listed in the catalog's ``/AF`` array and in the ``/EmbeddedFiles`` name
tree, with its own name, MIME type (``/Subtype``), ``/Params`` (size, date,
MD5 checksum) and ``/AFRelationship`` (``/Source`` for an original). The PDF is
rewritten whole with pypdf; this is meant for a PDF that is not signed yet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging

from pypdf import PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from hocbaso.errors import HocbasoValueError, PDFReadError
from hocbaso.pdf.attachments import list_attachments, open_pdf

__all__ = ["RELATIONSHIPS", "add_associated_file"]

logger = logging.getLogger(__name__)

RELATIONSHIPS = frozenset(
    {"Source", "Data", "Alternative", "Supplement", "EncryptedPayload", "FormData",
     "Schema", "Unspecified"}
)  # fmt: skip
"""The ``/AFRelationship`` values of ISO 32000-2 §14.13 that PDF/A-3 allows."""

_ZONE = dt.timezone(dt.timedelta(hours=7))


def add_associated_file(
    pdf: bytes,
    data: bytes,
    *,
    name: str,
    mime_type: str,
    relationship: str = "Source",
    description: str | None = None,
    date: dt.date | None = None,
) -> bytes:
    """
    Return ``pdf`` with one more associated file, embedded byte for byte.

    :param pdf: an unsigned PDF, e.g. from :func:`~hocbaso.pdf.render_pdf_from_xml`.
    :param data: the file to embed.
    :param name: its file name; must differ from the names already embedded.
    :param mime_type: its MIME type, e.g. ``"application/xml"``.
    :param relationship: one of :data:`RELATIONSHIPS`; ``"Source"`` for an original.
    :param description: the ``/Desc`` shown by PDF readers.
    :param date: the file's modification date (``/Params /ModDate``); none is
        written when omitted, so that the output does not depend on the clock.
    :returns: the new PDF.
    :raises HocbasoValueError: for an unknown relationship, a bad MIME type or a
        name already used.
    :raises PDFReadError: if ``pdf`` cannot be read.
    """
    _check_arguments(pdf, name, mime_type, relationship)
    writer = _writer(pdf)
    stream = writer._add_object(_embedded_file(data, mime_type, date))
    spec = writer._add_object(_file_spec(name, stream, relationship, description))
    _register(writer, name, spec)

    buffer = io.BytesIO()
    writer.write(buffer)
    logger.debug(
        "embedded an associated file of %d bytes (%s)", len(data), relationship
    )
    return buffer.getvalue()


def _check_arguments(pdf: bytes, name: str, mime_type: str, relationship: str) -> None:
    if relationship not in RELATIONSHIPS:
        allowed = ", ".join(sorted(RELATIONSHIPS))
        raise HocbasoValueError(
            f"AFRelationship {relationship!r} is not one of {allowed}."
        )
    if mime_type.count("/") != 1 or not mime_type.isascii() or " " in mime_type:
        raise HocbasoValueError(
            f"MIME type {mime_type!r} is not like 'application/xml'."
        )
    if any(a.name == name for a in list_attachments(pdf)):
        raise HocbasoValueError(f"The PDF already embeds a file named {name!r}.")


def _writer(pdf: bytes) -> PdfWriter:
    reader = open_pdf(pdf)
    try:
        writer = PdfWriter(clone_from=reader)
        writer.pdf_header = reader.pdf_header
        return writer
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise PDFReadError(f"The PDF could not be copied: {exc}.") from exc


def _embedded_file(
    data: bytes, mime_type: str, date: dt.date | None
) -> DecodedStreamObject:
    params = DictionaryObject({
        NameObject("/Size"): NumberObject(len(data)),
        NameObject("/CheckSum"): ByteStringObject(hashlib.md5(data).digest()),
    })  # fmt: skip
    if date is not None:
        stamp = dt.datetime(date.year, date.month, date.day, tzinfo=_ZONE)
        params[NameObject("/ModDate")] = TextStringObject(
            stamp.strftime("D:%Y%m%d%H%M%S+07'00'")
        )
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    stream[NameObject("/Subtype")] = NameObject("/" + mime_type)
    stream[NameObject("/Params")] = params
    return stream.flate_encode()  # type: ignore[return-value]  # an encoded stream object.


def _file_spec(
    name: str, stream: PdfObject, relationship: str, description: str | None
) -> DictionaryObject:
    spec = DictionaryObject({
        NameObject("/Type"): NameObject("/Filespec"),
        NameObject("/F"): TextStringObject(name),
        NameObject("/UF"): TextStringObject(name),
        NameObject("/AFRelationship"): NameObject("/" + relationship),
        NameObject("/EF"): DictionaryObject({NameObject("/F"): stream,
                                             NameObject("/UF"): stream}),
    })  # fmt: skip
    if description:
        spec[NameObject("/Desc")] = TextStringObject(description)
    return spec


def _register(writer: PdfWriter, name: str, spec: PdfObject) -> None:
    root = writer.root_object
    files = root.get("/AF")
    af = files.get_object() if files is not None else ArrayObject()
    af.append(spec)
    root[NameObject("/AF")] = af
    names = root.setdefault(NameObject("/Names"), DictionaryObject()).get_object()
    tree = names.setdefault(
        NameObject("/EmbeddedFiles"), DictionaryObject()
    ).get_object()
    pairs = list(tree.get("/Names", ArrayObject()))
    items = [(str(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2)]
    items.append((name, spec))
    # A name tree's keys are kept in lexical order (ISO 32000-1 §7.9.6).
    flat: list[PdfObject] = []
    for key, value in sorted(items, key=lambda item: item[0]):
        flat += [TextStringObject(key), value]
    tree[NameObject("/Names")] = ArrayObject(flat)
