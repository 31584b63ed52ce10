"""
The bridge to the canonical XML of :mod:`hocbaso.xml`.

The PDF code reads and writes the transcript only through these two functions,
so that the XML package is imported lazily (rendering a model needs no parser)
and a missing or failing codec surfaces as a hocbaso error.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from hocbaso.model import Transcript

__all__ = ["read_transcript", "write_transcript"]

logger = logging.getLogger(__name__)


def _codec(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"hocbaso.xml.{module}"), name)


def write_transcript(transcript: Transcript) -> bytes:
    """
    Return the canonical XML of ``transcript``.

    :param transcript: the transcript.
    :returns: the bytes :func:`hocbaso.xml.writer.write_xml` produces.
    """
    data: bytes = _codec("writer", "write_xml")(transcript)
    return data


def read_transcript(xml: bytes) -> Transcript:
    """
    Read a transcript from its XML, strictly.

    :param xml: the XML document.
    :returns: the transcript.
    :raises hocbaso.errors.XMLReadError: if the document is not a valid transcript.
    """
    transcript: Transcript = _codec("reader", "read_xml")(xml, strict=True)
    return transcript
