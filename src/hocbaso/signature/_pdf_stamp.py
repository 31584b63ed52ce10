"""
The visible signature block: a few lines of Vietnamese in the transcript's typeface.

A pyHanko stamp style whose stamp draws the given lines left-aligned in the
field's box, shrinking the type if a line is too long, with a thin border.
The appearance is a form XObject with every font embedded, no transparency
and no external resources, as PDF/A-3 wants (ISO 19005-3 §6.3.3).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

from hocbaso.signature._pdf_font import FontSubset, add_font, subset_for

logger = logging.getLogger(__name__)

_SIZE = 8.5
_MIN_SIZE = 5.0
_PADDING = 4.0
_LEADING = 1.3


@dataclass(frozen=True)
class BlockStyle(BaseStampStyle):
    """A stamp style showing fixed lines; the first is the heading."""

    lines: tuple[str, ...] = field(default=())
    """The lines to show, top to bottom."""

    border_width: int = 1

    def create_stamp(
        self,
        writer: BasePdfFileWriter,
        box: layout.BoxConstraints,
        text_params: dict[str, object],
    ) -> BaseStamp:
        """Return the stamp for one signature field (``text_params`` is unused)."""
        return _Block(writer, self, box)


class _Block(BaseStamp):
    def __init__(
        self, writer: BasePdfFileWriter, style: BlockStyle, box: layout.BoxConstraints
    ) -> None:
        super().__init__(writer, style, box)
        self.lines = style.lines

    def _render_inner_content(self) -> list[bytes]:
        subset = subset_for("".join(self.lines))
        assert self.writer is not None  # pyHanko always gives the stamp its writer.
        self.set_resource(
            category=content.ResourceType.FONT,
            name=pdf_name("/HB"),
            value=add_font(self.writer, subset),
        )
        return [_text_operators(self.lines, subset, self.box)]


def _fit_size(
    lines: tuple[str, ...], subset: FontSubset, box: layout.BoxConstraints
) -> float:
    width = box.width - 2 * _PADDING
    height = box.height - 2 * _PADDING
    size = min(_SIZE, height / max(len(lines), 1) / _LEADING)
    widest = max((subset.width(line, size) for line in lines), default=0.0)
    if widest > width > 0:
        size *= width / widest
    return max(size, _MIN_SIZE)


def _text_operators(
    lines: tuple[str, ...], subset: FontSubset, box: layout.BoxConstraints
) -> bytes:
    size = _fit_size(lines, subset, box)
    leading = size * _LEADING
    top = box.height - _PADDING - size
    parts = [b"BT", b"/HB %.2f Tf" % size, b"%.2f TL" % leading]
    parts.append(b"%.2f %.2f Td" % (_PADDING, top))
    for number, line in enumerate(lines):
        if number:
            parts.append(b"T*")
        parts.append(subset.encode(line) + b" Tj")
    parts.append(b"ET")
    return b"\n".join(parts)
