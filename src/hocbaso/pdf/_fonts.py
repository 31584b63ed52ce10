"""
The embedded typeface: Source Serif Pro, which covers every Vietnamese letter.

The TTF files come from the ``font-source-serif-pro`` package (SIL Open Font
Licence); they are located with :mod:`importlib.resources`, so no system font
is needed. Only the upright faces are used: the italic faces of this version
lack most Vietnamese letters (ơ, ư, ạ, ấ …). reportlab embeds a subset of each
face with a ToUnicode map, which is what lets ``pdftotext`` give back the text
exactly as written.
"""

# reportlab ships no type information; the project's mypy configuration should
# list it under ignore_missing_imports, after which this line can go.

from __future__ import annotations

import logging
from functools import cache
from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["BOLD", "REGULAR", "register_fonts"]

logger = logging.getLogger(__name__)

REGULAR = "HocbasoSerif"
"""Face for form labels and running text."""
BOLD = "HocbasoSerif-Semibold"
"""Face for the values filled into the form, and for headings."""

_FILES = {
    REGULAR: "SourceSerifPro-Regular.ttf",
    BOLD: "SourceSerifPro-Semibold.ttf",
}


@cache
def register_fonts() -> None:
    """Register the three faces with reportlab, once per process."""
    folder = files("font_source_serif_pro") / "files"
    for name, filename in _FILES.items():
        with (folder / filename).open("rb") as handle:
            pdfmetrics.registerFont(TTFont(name, handle))
        logger.debug("Registered font %s from %s", name, filename)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
