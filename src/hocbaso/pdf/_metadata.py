"""
What a rendered transcript's metadata says, without drawing anything.

The renderer writes these values into the information dictionary and the XMP;
the agreement check and the attachment reader compare against them. They live
apart from the renderer so that reading and checking a PDF never loads
reportlab.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hocbaso._version import __version__
from hocbaso.model import School, Transcript
from hocbaso.pdf._layout import Page
from hocbaso.xml.namespaces import FORMAT_VERSION

__all__ = [
    "ATTACHMENT_NAME",
    "HBS_NAMESPACE",
    "DocumentInfo",
    "document_date",
    "document_info",
]

ATTACHMENT_NAME = "hocbaso.xml"
"""File name of the embedded transcript."""

HBS_NAMESPACE = "urn:hocbaso:pdfa:1#"
"""Namespace of the XMP extension schema that describes the embedded transcript."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the metadata of one rendered transcript says."""

    title: str
    author: str
    subject: str
    keywords: str
    tool: str
    date: dt.date
    lookup_code: str
    transcript_version: int
    format_version: str
    page_count: int


def document_date(transcript: Transcript) -> dt.date:
    """
    Return the date the PDF is dated with, taken from the data.

    :param transcript: the transcript.
    :returns: the issuance date; else the latest signature date of a year; else
        31 May of the last school year's second calendar year; else 2000-01-01.
    """
    if transcript.issuance is not None:
        return transcript.issuance.date
    signed = [s.signed_on for y in transcript.years for s in y.signers if s.signed_on]
    if signed:
        return max(signed)
    if transcript.years:
        return dt.date(int(transcript.years[-1].school_year[-4:]), 5, 31)
    return dt.date(2000, 1, 1)


def _issuing_school(transcript: Transcript) -> School:
    school_id = (
        transcript.years[-1].school if transcript.years else transcript.schools[0].id
    )
    return next(s for s in transcript.schools if s.id == school_id)


def document_info(transcript: Transcript, pages: list[Page]) -> DocumentInfo:
    """
    Return the metadata of the PDF of ``transcript``.

    :param transcript: the transcript.
    :param pages: its page plan.
    :returns: title, author, dates and the values of the ``hbs`` XMP schema.
    """
    return DocumentInfo(
        title=f"Học bạ {transcript.level.label} – {transcript.pupil.full_name}",
        author=_issuing_school(transcript).name,
        subject=f"Học bạ số, mã tra cứu {transcript.lookup_code}",
        keywords=f"học bạ số; {ATTACHMENT_NAME}",
        tool=f"hocbaso {__version__}",
        date=document_date(transcript),
        lookup_code=transcript.lookup_code,
        transcript_version=transcript.version,
        format_version=FORMAT_VERSION,
        page_count=len(pages),
    )
