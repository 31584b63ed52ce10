"""
The sRGB ICC profile of the PDF/A output intent.

reportlab ships no ICC profile. This one is Little CMS's built-in sRGB profile
(IEC 61966-2.1 primaries, D50-adapted, parametric tone curves), as written by
Pillow's ``ImageCms.createProfile("sRGB")``, with its header made
deterministic: creation date fixed to 2020-01-01, profile ID zeroed (allowed:
"not computed") and the version field set to 4.2, the ICC.1:2004-10 version
ISO 32000-1 refers to; the tags it uses (``desc``/``cprt`` as ``mluc``,
``para`` curves, ``chad``) all exist in 4.2. The profile carries the notice
"No copyright, use freely". It is 588 bytes, so it lives here as base64 rather
than as package data.
"""

from __future__ import annotations

import base64

__all__ = ["SRGB_ICC"]

SRGB_ICC = base64.b64decode(
    "AAACTGxjbXMEIAAAbW50clJHQiBYWVogB+QAAQABAAAAAAAAYWNzcEFQUEwAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAPbWAAEAAAAA0y1sY21zAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAALZGVzYwAAAQgAAAA2Y3BydAAAAUAAAABMd3RwdAAAAYwAAAAUY2hh"
    "ZAAAAaAAAAAsclhZWgAAAcwAAAAUYlhZWgAAAeAAAAAUZ1hZWgAAAfQAAAAUclRSQwAAAggAAAAg"
    "Z1RSQwAAAggAAAAgYlRSQwAAAggAAAAgY2hybQAAAigAAAAkbWx1YwAAAAAAAAABAAAADGVuVVMA"
    "AAAaAAAAHABzAFIARwBCACAAYgB1AGkAbAB0AC0AaQBuAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAA"
    "ADAAAAAcAE4AbwAgAGMAbwBwAHkAcgBpAGcAaAB0ACwAIAB1AHMAZQAgAGYAcgBlAGUAbAB5WFla"
    "IAAAAAAAAPbWAAEAAAAA0y1zZjMyAAAAAAABDEIAAAXe///zJQAAB5MAAP2Q///7of///aIAAAPc"
    "AADAblhZWiAAAAAAAABvoAAAOPUAAAOQWFlaIAAAAAAAACSfAAAPhAAAtsNYWVogAAAAAAAAYpcA"
    "ALeHAAAY2XBhcmEAAAAAAAMAAAACZmYAAPKnAAANWQAAE9AAAApbY2hybQAAAAAAAwAAAACj1wAA"
    "VHsAAEzNAACZmgAAJmYAAA9c"
)
"""The profile bytes, embedded as the ``DestOutputProfile`` of the output intent."""
