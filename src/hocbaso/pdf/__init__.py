"""
The PDF face of a transcript: PDF/A-3b rendering, the embedded XML, the agreement check.

* :func:`render_pdf` and :func:`render_pdf_from_xml` print a transcript on the
  forms, in Vietnamese, with the canonical XML embedded as an associated file;
* :func:`extract_transcript_xml` and :func:`list_attachments` find embedded XML,
  also in Factur-X and ZUGFeRD files;
* :func:`check_pair` proves, value by value, that a PDF prints what an XML says.
"""

from hocbaso.pdf.agreement import (
    FieldFinding,
    FieldStatus,
    PairReport,
    Verdict,
    check_pair,
)
from hocbaso.pdf.attachments import Attachment, extract_transcript_xml, list_attachments
from hocbaso.pdf.render import render_pdf, render_pdf_from_xml

__all__ = [
    "Attachment",
    "FieldFinding",
    "FieldStatus",
    "PairReport",
    "Verdict",
    "check_pair",
    "extract_transcript_xml",
    "list_attachments",
    "render_pdf",
    "render_pdf_from_xml",
]
