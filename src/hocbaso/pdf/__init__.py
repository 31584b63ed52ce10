"""
The PDF face of a transcript: PDF/A-3b rendering, the embedded XML, the agreement check.

* :func:`render_pdf` and :func:`render_pdf_from_xml` print a transcript on the
  forms, in Vietnamese, with the canonical XML embedded as an associated file;
* :func:`extract_transcript_xml` and :func:`list_attachments` find embedded XML,
  also in Factur-X and ZUGFeRD files;
* :func:`check_pair` proves, value by value, that a PDF prints what an XML says.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hocbaso.pdf.agreement import (
        FieldFinding,
        FieldStatus,
        PairReport,
        Verdict,
        check_pair,
    )
    from hocbaso.pdf.attachments import (
        Attachment,
        extract_transcript_xml,
        list_attachments,
    )
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

# The names are imported on first use: reading and checking a PDF needs pypdf,
# not reportlab, and a verifying command should not pay for the renderer.
_WHERE = {
    "Attachment": "hocbaso.pdf.attachments",
    "FieldFinding": "hocbaso.pdf.agreement",
    "FieldStatus": "hocbaso.pdf.agreement",
    "PairReport": "hocbaso.pdf.agreement",
    "Verdict": "hocbaso.pdf.agreement",
    "check_pair": "hocbaso.pdf.agreement",
    "extract_transcript_xml": "hocbaso.pdf.attachments",
    "list_attachments": "hocbaso.pdf.attachments",
    "render_pdf": "hocbaso.pdf.render",
    "render_pdf_from_xml": "hocbaso.pdf.render",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'hocbaso.pdf' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
