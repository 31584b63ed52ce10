"""
The typeface of the visible signature block: Source Serif Pro, embedded as a CID font.

The rendered transcript prints in Source Serif Pro; the signature block uses
the same face.  pyHanko's own OpenType engine would subset the font with
fontTools on every signature (about 250 ms for this face), so the block's font
is subset here with reportlab's TrueType reader, already a dependency, in well
under a millisecond: only the glyphs of the block's text, written as a Type 0
font with ``Identity-H`` encoding, an identity ``CIDToGIDMap`` and a
``ToUnicode`` map, which is what PDF/A-3 asks of an embedded composite font
(ISO 19005-3 §6.2.11).
"""

from __future__ import annotations

import hashlib
import logging
import string
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from pyhanko.pdf_utils import generic as _generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from reportlab.pdfbase.ttfonts import TTFontFile

logger = logging.getLogger(__name__)

# pyHanko's PDF object constructors carry no annotations; strict mypy would
# flag every call, so the module is used through an untyped alias.
generic: Any = _generic

_FILE = "SourceSerifPro-Regular.ttf"


@cache
def _font_file() -> TTFontFile:
    path = files("font_source_serif_pro") / "files" / _FILE
    logger.debug("Reading %s for signature blocks", _FILE)
    return TTFontFile(str(path))


@dataclass(frozen=True, slots=True)
class FontSubset:
    """The glyphs of one text, ready to be embedded and drawn."""

    glyphs: dict[str, int]
    """Character → glyph id in the subset (and CID, through the identity map)."""

    widths: dict[str, float]
    """Character → advance width in thousandths of the font size."""

    data: bytes
    """The TrueType subset file."""

    tag: str
    """Six capital letters naming the subset, derived from its characters."""

    def width(self, text: str, size: float) -> float:
        """Return the width of ``text`` at ``size`` points."""
        return sum(self.widths.get(c, 0.0) for c in text) * size / 1000

    def encode(self, text: str) -> bytes:
        """Return ``text`` as a hexadecimal string of two-byte glyph ids."""
        ids = "".join(f"{self.glyphs.get(c, 0):04X}" for c in text)
        return f"<{ids}>".encode("ascii")


def subset_for(text: str) -> FontSubset:
    """
    Subset the signature font to the characters of ``text``.

    Subsets are kept by character set: blocks differ by name and time, but
    their characters mostly repeat, so a signing service subsets once.

    :param text: everything the block will show.
    :returns: the subset; characters the font lacks show as its missing glyph.
    """
    font = _font_file()
    return _subset(tuple(sorted({ord(c) for c in text if ord(c) in font.charToGlyph})))


@lru_cache(maxsize=64)
def _subset(codes: tuple[int, ...]) -> FontSubset:
    font = _font_file()
    glyphs: dict[str, int] = {}
    seen: dict[int, int] = {0: 0}
    for code in codes:
        # The same numbering as TTFontFile.makeSubset: new ids in order of
        # first use, composite parts after all characters.
        original = font.charToGlyph[code]
        glyphs[chr(code)] = seen.setdefault(original, len(seen))
    widths = {chr(c): float(font.charWidths.get(c, font.defaultWidth)) for c in codes}
    digest = hashlib.sha256("".join(map(chr, codes)).encode()).digest()
    tag = "".join(string.ascii_uppercase[b % 26] for b in digest[:6])
    return FontSubset(glyphs, widths, font.makeSubset(list(codes)), tag)


def add_font(writer: BasePdfFileWriter, subset: FontSubset) -> Any:
    """
    Add the subset to the writer as a Type 0 font.

    :param writer: the incremental writer of the signing revision.
    :param subset: from :func:`subset_for`.
    :returns: the reference of the font dictionary.
    """
    font = _font_file()
    name = pdf_name(f"/{subset.tag}+{font.name.decode('ascii')}")
    descriptor = writer.add_object(_descriptor(writer, subset, name))
    descendant = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
            pdf_name("/BaseFont"): name,
            pdf_name("/CIDSystemInfo"): _system_info(),
            pdf_name("/FontDescriptor"): descriptor,
            pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
            pdf_name("/DW"): generic.NumberObject(font.defaultWidth),
            pdf_name("/W"): _widths(subset),
        }
    )
    return writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type0"),
                pdf_name("/BaseFont"): name,
                pdf_name("/Encoding"): pdf_name("/Identity-H"),
                pdf_name("/DescendantFonts"): generic.ArrayObject(
                    [writer.add_object(descendant)]
                ),
                pdf_name("/ToUnicode"): writer.add_object(_to_unicode(subset)),
            }
        )
    )


def _system_info() -> Any:
    return generic.DictionaryObject(
        {
            pdf_name("/Registry"): generic.TextStringObject("Adobe"),
            pdf_name("/Ordering"): generic.TextStringObject("Identity"),
            pdf_name("/Supplement"): generic.NumberObject(0),
        }
    )


def _descriptor(writer: BasePdfFileWriter, subset: FontSubset, name: Any) -> Any:
    font = _font_file()
    stream = generic.StreamObject(
        {pdf_name("/Length1"): generic.NumberObject(len(subset.data))},
        stream_data=subset.data,
    )
    stream.compress()
    return generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/FontDescriptor"),
            pdf_name("/FontName"): name,
            pdf_name("/Flags"): generic.NumberObject(font.flags),
            pdf_name("/FontBBox"): generic.ArrayObject(
                generic.NumberObject(v) for v in font.bbox
            ),
            pdf_name("/ItalicAngle"): generic.FloatObject(font.italicAngle),
            pdf_name("/Ascent"): generic.NumberObject(font.ascent),
            pdf_name("/Descent"): generic.NumberObject(font.descent),
            pdf_name("/CapHeight"): generic.NumberObject(font.capHeight),
            pdf_name("/StemV"): generic.NumberObject(font.stemV),
            pdf_name("/FontFile2"): writer.add_object(stream),
        }
    )


def _widths(subset: FontSubset) -> Any:
    # Consecutive glyph ids share one entry, ``first [w1 w2 …]`` (ISO 32000-1
    # §9.7.4.3): a subset's ids run 1…n, so the array holds one run instead of
    # an entry per glyph, and every verifier parses a third of the tokens.
    entries = generic.ArrayObject()
    run = generic.ArrayObject()
    previous = None
    for char, gid in sorted(subset.glyphs.items(), key=lambda item: item[1]):
        if gid == previous:  # two characters drawn with one glyph
            continue
        if previous is None or gid != previous + 1:
            run = generic.ArrayObject()
            entries.extend([generic.NumberObject(gid), run])
        run.append(generic.FloatObject(subset.widths[char]))
        previous = gid
    return entries


def _to_unicode(subset: FontSubset) -> Any:
    pairs = sorted((gid, char) for char, gid in subset.glyphs.items())
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{gid:04X}> <{_utf16(char)}>" for gid, char in chunk)
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    stream = generic.StreamObject(stream_data="\n".join(lines).encode("ascii"))
    stream.compress()
    return stream


def _utf16(char: str) -> str:
    return char.encode("utf-16-be").hex().upper()
