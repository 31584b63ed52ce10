"""
Where the visible PDF signatures stand on a rendered transcript.

The identity page (the second page) ends with the issuing signer's block, and
the principal's and the school seal's PAdES signatures are shown under it. The
renderer keeps the foot of that page free for them, above the footer, so the
signer places its two blocks there without reading the page, and they can
never cover printed text.  Coordinates are PDF points from the bottom left of
an A4 page.
"""

from __future__ import annotations

__all__ = ["SIGN_OFF_BOTTOM", "SIGN_OFF_GAP", "SIGN_OFF_PAGE", "SIGN_OFF_TOP"]

SIGN_OFF_PAGE = 1
"""The identity page (0-based)."""

SIGN_OFF_BOTTOM = 80.0
"""The bottom of the signature blocks: the top of the page footer."""

SIGN_OFF_TOP = 142.0
"""The top of the signature blocks; the printed content ends above it."""

SIGN_OFF_GAP = 12.0
"""The space kept between the printed content and the signature blocks."""
