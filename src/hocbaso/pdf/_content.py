"""
Reading the values a hocbaso PDF prints, by their marked content.

A small content-stream reader: it tokenises a page's content, follows the
marked-content sequences whose property list names an ``/HBPath``, and decodes
the text shown inside each through the font's ``/ToUnicode`` map. It does not
interpret layout at all, so the result is exact whatever the table geometry.
Text on a new line inside one value is joined with a space, which is what the
line break of a wrapped paragraph replaced.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject
from pypdf.generic import DictionaryObject

__all__ = ["FontCache", "MarkedValue", "iter_marked_values", "parse_to_unicode"]

logger = logging.getLogger(__name__)

_TOKEN = re.compile(
    rb"""
    (?P<space>[\x00\t\n\f\r ]+|%[^\r\n]*)
  | (?P<string>\()
  | (?P<hex><(?!<)[0-9A-Fa-f\s]*>)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<name>/[^\x00\t\n\f\r ()<>\[\]{}/%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<operator>[^\x00\t\n\f\r ()<>\[\]{}/%]+)
    """,
    re.VERBOSE,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_LINE_MOVES = frozenset({"Td", "TD", "T*", "Tm", "'", '"'})
_SHOWS = frozenset({"Tj", "TJ", "'", '"'})


class _Name(str):
    """A PDF name, told apart from a string operand."""


@dataclass(frozen=True, slots=True)
class MarkedValue:
    """One value found in a page's marked content."""

    page_key: str
    path: str
    text: str


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """Return the literal string opening at ``start`` and the index after it."""
    out = bytearray()
    depth, index = 1, start + 1
    while index < len(data):
        char = data[index : index + 1]
        if char == b"\\":
            index = _escape(data, index + 1, out)
            continue
        depth += {b"(": 1, b")": -1}.get(char, 0)
        if depth == 0:
            return bytes(out), index + 1
        out += char
        index += 1
    return bytes(out), index


def _escape(data: bytes, index: int, out: bytearray) -> int:
    char = data[index : index + 1]
    if char in _ESCAPES:
        out += _ESCAPES[char]
        return index + 1
    octal = re.match(rb"[0-7]{1,3}", data[index : index + 3])
    if octal:
        out.append(int(octal.group(), 8) & 0xFF)
        return index + len(octal.group())
    if char in (b"\r", b"\n"):
        return index + 1
    out += char
    return index + 1


def _tokens(data: bytes) -> Iterator[tuple[str, Any]]:
    """Yield ``(kind, value)`` for each token of a content stream."""
    index = 0
    while index < len(data):
        match = _TOKEN.match(data, index)
        if match is None:
            index += 1
            continue
        kind = match.lastgroup or ""
        if kind == "string":
            value, index = _literal(data, match.start())
            yield "operand", value
            continue
        index = match.end()
        yield from _token_value(kind, match.group())


def _token_value(kind: str, raw: bytes) -> Iterator[tuple[str, Any]]:
    if kind == "hex":
        digits = re.sub(rb"\s", b"", raw[1:-1])
        yield "operand", bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    elif kind == "name":
        yield "operand", _Name(raw[1:].decode("latin-1"))
    elif kind == "number":
        yield "operand", float(raw)
    elif kind in ("open", "close", "operator"):
        yield kind, raw.decode("latin-1")


def _operations(data: bytes) -> Iterator[tuple[str, list[Any]]]:
    """Yield ``(operator, operands)``, with arrays and dictionaries as lists."""
    stack: list[list[Any]] = [[]]
    for kind, value in _tokens(data):
        if kind == "operand":
            stack[-1].append(value)
        elif kind == "open":
            stack.append([])
        elif kind == "close" and len(stack) > 1:
            inner = stack.pop()
            stack[-1].append(
                dict(zip(inner[::2], inner[1::2], strict=False))
                if value == ">>"
                else inner
            )
        elif kind == "operator":
            yield value, stack[0]
            stack = [[]]


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _utf16(hexdigits: bytes) -> str:
    return bytes.fromhex(hexdigits.decode()).decode("utf-16-be", errors="replace")


def parse_to_unicode(cmap: bytes) -> dict[int, str]:
    """
    Return the code-to-text table of a ``/ToUnicode`` CMap.

    :param cmap: the decoded CMap stream.
    :returns: text for each character code (``bfchar`` and ``bfrange`` entries).
    """
    table: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        pairs = _HEX.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=False):
            table[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            _add_range(table, line)
    return table


def _add_range(table: dict[int, str], line: bytes) -> None:
    parts = _HEX.findall(line)
    if len(parts) < 3:
        return
    first, last = int(parts[0], 16), int(parts[1], 16)
    if b"[" in line:
        for offset, text in enumerate(parts[2:]):
            table[first + offset] = _utf16(text)
        return
    start = _utf16(parts[2])
    for offset in range(min(last - first, 0xFFFF) + 1):
        table[first + offset] = (
            start[:-1] + chr(ord(start[-1]) + offset) if start else ""
        )


FontCache = dict[object, tuple[dict[int, str], int]]
"""Decoding tables by font object, shared between the pages of one document."""


class _Fonts:
    """The decoding tables of one page's fonts, built on first use."""

    def __init__(self, page: PageObject, cache: FontCache) -> None:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        self.fonts: DictionaryObject = (
            fonts.get_object() if fonts else DictionaryObject()
        )
        self.tables: dict[str, tuple[dict[int, str], int]] = {}
        self.cache = cache

    def table(self, name: str) -> tuple[dict[int, str], int]:
        if name not in self.tables:
            reference = (
                self.fonts.raw_get(f"/{name}") if f"/{name}" in self.fonts else None
            )
            key = getattr(reference, "idnum", None) or (name, id(self.fonts))
            if key not in self.cache:
                self.cache[key] = self._load(name)
            self.tables[name] = self.cache[key]
        return self.tables[name]

    def _load(self, name: str) -> tuple[dict[int, str], int]:
        font = self.fonts.get(f"/{name}")
        font = font.get_object() if font is not None else DictionaryObject()
        width = 2 if font.get("/Subtype") == "/Type0" else 1
        cmap = font.get("/ToUnicode")
        if cmap is None:
            return {}, width
        return parse_to_unicode(cmap.get_object().get_data()), width

    def decode(self, name: str, data: bytes) -> str:
        table, width = self.table(name)
        codes = (
            int.from_bytes(data[i : i + width], "big")
            for i in range(0, len(data), width)
        )
        return "".join(table.get(code, "\ufffd") for code in codes)


class _Collector:
    """Follow marked content and text operators across one page."""

    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.font = ""
        self.open: list[tuple[str, str, list[str]] | None] = []
        self.found: list[MarkedValue] = []

    def feed(self, operator: str, operands: list[Any]) -> None:
        if operator in ("BDC", "BMC"):
            self.open.append(_marked_target(operator, operands))
        elif operator == "EMC" and self.open:
            self._close()
        elif operator == "Tf" and operands and isinstance(operands[0], _Name):
            self.font = str(operands[0])
        elif self.open and self.open[-1] is not None:
            self._text(operator, operands, self.open[-1][2])

    def _close(self) -> None:
        target = self.open.pop()
        if target is not None:
            page_key, path, parts = target
            self.found.append(MarkedValue(page_key, path, "".join(parts).strip()))

    def _text(self, operator: str, operands: list[Any], parts: list[str]) -> None:
        if operator in _LINE_MOVES and parts and not parts[-1].endswith(" "):
            parts.append(" ")
        if operator in _SHOWS:
            for item in _shown_strings(operands):
                parts.append(self.fonts.decode(self.font, item))


def _marked_target(
    operator: str, operands: list[Any]
) -> tuple[str, str, list[str]] | None:
    properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
    if not isinstance(properties, dict) or "HBPath" not in properties:
        return None
    path, page_key = properties.get("HBPath"), properties.get("HBPage", b"")
    if not isinstance(path, bytes) or not isinstance(page_key, bytes):
        return None
    return page_key.decode("latin-1"), path.decode("latin-1"), []


def _shown_strings(operands: list[Any]) -> Iterator[bytes]:
    for operand in operands:
        if isinstance(operand, bytes):
            yield operand
        elif isinstance(operand, list):
            yield from (item for item in operand if isinstance(item, bytes))


_MARK = re.compile(
    rb"/Span\s*<<\s*/HBPage\s*\((?P<key>[^()\\]*)\)\s*/HBPath\s*"
    rb"\((?P<path>[^()\\]*)\)\s*>>\s*BDC"
)
_FONT_BEFORE = re.compile(rb"/([^\s/\[\]()<>]+)\s+[-+\d.]+\s+Tf")


def _font_before(data: bytes, position: int) -> str:
    """Return the font selected last before ``position`` (a bounded look-back)."""
    index = data.rfind(b"Tf", 0, position)
    while index >= 0:
        found = _FONT_BEFORE.search(data, max(0, index - 80), index + 2)
        if found is not None:
            return found.group(1).decode("latin-1")
        index = data.rfind(b"Tf", 0, index)
    return ""


def _read_segment(data: bytes, start: int, collector: _Collector) -> None:
    """Feed the operators from ``start`` up to the ``EMC`` closing the open mark."""
    depth = len(collector.open)
    for operator, operands in _operations(data[start:]):
        collector.feed(operator, operands)
        if len(collector.open) < depth:
            return
    while collector.open:
        collector.feed("EMC", [])


def iter_marked_values(
    page: PageObject, fonts: FontCache | None = None
) -> Iterator[MarkedValue]:
    """
    Yield every value a page prints inside hocbaso's marked content.

    Only the marked sequences are tokenised: they are found by their opening
    operator, then read operator by operator up to the matching ``EMC``. Text
    drawn outside them is not a value; see docs/pdf.md for what that implies.

    :param page: a page of a PDF opened with pypdf.
    :param fonts: decoding tables shared between the pages of one document.
    :returns: the values in content-stream order.
    """
    contents = page.get_contents()
    if contents is None:
        return
    data = contents.get_data()
    collector = _Collector(_Fonts(page, fonts if fonts is not None else {}))
    for mark in _MARK.finditer(data):
        collector.font = _font_before(data, mark.start())
        key, path = (
            mark.group("key").decode("latin-1"),
            mark.group("path").decode("latin-1"),
        )
        collector.open.append((key, path, []))
        _read_segment(data, mark.end(), collector)
    yield from collector.found
