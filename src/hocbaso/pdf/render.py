"""
Rendering a transcript to a PDF/A-3b file that carries its XML.

The pages follow the central system's forms (DOMAIN §3): a cover, the identity
page, and two pages per school year. Every value is printed in Source Serif Pro
and marked with the model path it comes from, so that
:func:`hocbaso.pdf.check_pair` can find it again. The same transcript and XML
always give the same bytes.
"""

# reportlab ships no type information; the project's mypy configuration should
# list it under ignore_missing_imports, after which this line can go.

from __future__ import annotations

import io
import logging
import threading

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from hocbaso.model import Transcript
from hocbaso.pdf._draw import PAGE_SIZE, draw_pages
from hocbaso.pdf._fonts import REGULAR, register_fonts
from hocbaso.pdf._layout import plan_pages
from hocbaso.pdf._metadata import document_date, document_info
from hocbaso.pdf._pdfa import add_pdfa_parts
from hocbaso.pdf._signed import read_signed_scopes
from hocbaso.pdf._xmlcodec import read_transcript, write_transcript

__all__ = [
    "document_date",
    "document_info",
    "new_canvas",
    "render_document",
    "render_pdf",
    "render_pdf_from_xml",
    "save_canvas",
]

logger = logging.getLogger(__name__)


def render_pdf(transcript: Transcript) -> bytes:
    """
    Render ``transcript`` to PDF/A-3b with its canonical XML embedded.

    The canonical XML carries no signature, so no signer is marked
    "(Đã ký số)"; render the signed XML with :func:`render_pdf_from_xml` for that.

    :param transcript: the transcript.
    :returns: the PDF; the same transcript always gives the same bytes.
    """
    return render_document(transcript, write_transcript(transcript))


def render_pdf_from_xml(xml: bytes) -> bytes:
    """
    Render a transcript XML to PDF/A-3b, embedding the XML exactly as given.

    The XML is embedded byte for byte, so a signed document keeps its
    signatures; it is read strictly first, so an invalid one is never embedded.
    A signer is marked "(Đã ký số)" where the XML carries a signature over their
    scope (present, not verified: ``hocbaso verify`` checks validity).

    :param xml: the transcript XML.
    :returns: the PDF.
    :raises hocbaso.errors.XMLReadError: if ``xml`` is not a valid transcript.
    """
    return render_document(read_transcript(xml), xml)


def render_document(transcript: Transcript, xml: bytes) -> bytes:
    """
    Render ``transcript`` and embed ``xml``, which is trusted to describe it.

    :param transcript: the transcript to print.
    :param xml: the XML to embed; its signatures decide the "(Đã ký số)" marks.
    :returns: the PDF.
    """
    pages = plan_pages(transcript, signed=read_signed_scopes(xml))
    buffer = io.BytesIO()
    canvas = new_canvas(buffer)
    draw_pages(canvas, pages)
    add_pdfa_parts(canvas, document_info(transcript, pages), xml)
    save_canvas(canvas)
    logger.info("Rendered a transcript to %d pages", len(pages))
    return buffer.getvalue()


def new_canvas(buffer: io.BytesIO) -> Canvas:
    """
    Return the canvas every transcript is drawn on.

    :param buffer: where the PDF is written.
    :returns: an A4 canvas in reportlab's invariant mode, Vietnamese, PDF 1.7.
    """
    register_fonts()
    return Canvas(
        buffer,
        pagesize=PAGE_SIZE,
        invariant=1,
        pdfVersion=(1, 7),
        lang="vi-VN",
        initialFontName=REGULAR,
        initialFontSize=10,
    )


_SAVING = threading.Lock()


def save_canvas(canvas: Canvas) -> None:
    """
    Write the canvas's document, with page streams compressed by Flate alone.

    reportlab wraps compressed streams in ASCII85 by default, a global setting
    that makes files a quarter larger and slower to read back; it is switched
    off while this document is written, under a lock because it is global.

    :param canvas: the finished canvas.
    """
    with _SAVING:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas.save()
        finally:
            rl_config.useA85 = previous
