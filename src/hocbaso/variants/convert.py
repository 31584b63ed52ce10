"""
Conversion between variants through the canonical model.

``convert(source, to=...)`` reads the source (by detection, or by the name
given), writes the target and returns both halves' loss reports as one.
Administrative names travel as issued: no variant rewrites an old province,
district or commune name with a post-July-2025 one.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from hocbaso.model import Transcript
from hocbaso.variants.api import Variant, detect_variant, get_variant
from hocbaso.variants.loss import LossReport

__all__ = ["ConversionResult", "convert", "read_any"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """The outcome of :func:`convert`."""

    data: bytes
    """The converted file."""
    source_variant: str
    target_variant: str
    source_sha256: str
    """Hex SHA-256 of the source bytes, for the record of what was converted."""
    transcript: Transcript
    """The canonical transcript the conversion went through."""
    report: LossReport
    """Read-side entries, then write-side entries."""

    @property
    def lossless(self) -> bool:
        """Whether nothing was dropped, approximated or left unmapped."""
        return self.report.lossless

    def to_dict(self) -> dict[str, object]:
        """
        Return the conversion's record as JSON-ready data (no transcript content).

        :returns: source and target variants, source digest, size and the report.
        """
        return {
            "source_variant": self.source_variant,
            "target_variant": self.target_variant,
            "source_sha256": self.source_sha256,
            "output_bytes": len(self.data),
            **self.report.to_dict(),
        }


def read_any(
    source: bytes, *, variant: str | None = None
) -> tuple[Variant, Transcript, LossReport]:
    """
    Read a file in any registered variant.

    :param source: the file's bytes.
    :param variant: the variant's name; detected when ``None``.
    :returns: the variant used, the transcript and the read-side report.
    :raises VariantDetectionError: if detection finds no variant or several.
    :raises UnknownVariantError: if ``variant`` names none.
    :raises VariantReadError: if the file is unusable.
    """
    chosen = get_variant(variant) if variant else detect_variant(source)
    transcript, report = chosen.read(source)
    return chosen, transcript, report


def convert(
    source: bytes, *, to: str, source_variant: str | None = None
) -> ConversionResult:
    """
    Convert a transcript file from one variant to another.

    :param source: the file's bytes.
    :param to: the target variant's name.
    :param source_variant: the source variant's name; detected when ``None``.
    :returns: the converted bytes and the combined loss report.
    :raises VariantDetectionError: if the source's variant cannot be told.
    :raises UnknownVariantError: if a name is unknown.
    :raises VariantReadError: if the source is unusable.
    :raises VariantNotApplicableError: if the target cannot hold the transcript.
    """
    target = get_variant(to)
    reader, transcript, read_report = read_any(source, variant=source_variant)
    data, write_report = target.write(transcript)
    digest = hashlib.sha256(source).hexdigest()
    logger.debug(
        "converted %s -> %s, source sha256 %s", reader.name, target.name, digest
    )
    return ConversionResult(
        data=data,
        source_variant=reader.name,
        target_variant=target.name,
        source_sha256=digest,
        transcript=transcript,
        report=read_report.merged(write_report),
    )
