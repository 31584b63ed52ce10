"""
``canonical-xml``: hocbaso's own transcript XML (:mod:`hocbaso.xml`), as a variant.

It holds every canonical field, so reading and writing are lossless; it is a
variant so that ``convert`` can start from, or end in, the signed original. It
is recognised by its namespace, ``urn:hocbaso:transcript:1``. Reading a signed
file lists each signature as ``unmapped``: signatures cover the file's bytes
and do not carry over to another file.
"""

from __future__ import annotations

import logging

from hocbaso.errors import Problem, VariantReadError, XMLReadError
from hocbaso.model import Transcript
from hocbaso.variants.api import BuiltinVariant, Confidence, Variant
from hocbaso.variants.loss import LossEntry, LossReport

__all__ = ["VARIANT", "CanonicalXMLVariant"]

logger = logging.getLogger(__name__)

NAME = BuiltinVariant.CANONICAL_XML.value
_NAMESPACE = b"urn:hocbaso:transcript:1"


class CanonicalXMLVariant(Variant):
    """hocbaso's canonical transcript XML; lossless both ways."""

    name = NAME
    media_type = "application/xml"
    extension = ".xml"
    description = "hocbaso canonical transcript XML (the signed original)."

    def detect(self, data: bytes) -> Confidence:
        """
        Recognise the canonical namespace on a ``Transcript`` root.

        :param data: the bytes.
        :returns: ``CERTAIN`` or ``NONE``.
        """
        head = data[:2048]
        found = head.lstrip().startswith(b"<") and b"<Transcript" in head
        return Confidence.CERTAIN if found and _NAMESPACE in head else Confidence.NONE

    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        """
        Read canonical XML with :func:`hocbaso.xml.read_xml` (strict, safe parser).

        :param data: the bytes.
        :returns: the transcript, and one ``unmapped`` entry per signature.
        :raises VariantReadError: carrying the XML reader's problems.
        """
        from hocbaso.xml import read_xml

        try:
            transcript = read_xml(data)
        except XMLReadError as exc:
            problems: list[Problem] = list(exc.problems)
            raise VariantReadError(NAME, problems) from exc
        return transcript, LossReport(tuple(_signature_losses(data)))

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        """
        Write canonical XML with :func:`hocbaso.xml.write_xml`.

        :param transcript: the transcript.
        :returns: the XML and an empty report.
        """
        from hocbaso.xml import write_xml

        return write_xml(transcript), LossReport()


def _signature_losses(data: bytes) -> list[LossEntry]:
    if b"Signature" not in data:
        return []
    from hocbaso.variants.egov_xml import parse_egov, signature_losses

    return signature_losses(parse_egov(data), NAME)


VARIANT = CanonicalXMLVariant
