"""
Reading the values a hocbaso PDF prints, by their marked content.

A small content-stream reader: it follows the marked-content sequences whose
property list names an ``/HBPath`` and decodes the text shown inside each
through the font's ``/ToUnicode`` map. It does not interpret layout at all,
so the result is exact whatever the table geometry. Text on a new line inside
one value is joined with a space, which is what the line break of a wrapped
paragraph replaced.

A page is read in one pass by a compiled scanner that matches only what the
reading needs (marked-content operators, font selection, text showing and line
moves) and steps over string literals, so nothing inside a string is taken for
an operator. Content the scanner does not recognise in full (a property list
with nested dictionaries, a string with unescaped nested parentheses before a
text operator, operands out of the usual order) sends the page to the complete
tokenizer, which reads every operator; both give the same values.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject
from pypdf.generic import DictionaryObject

__all__ = [
    "FontCache",
    "MarkedValue",
    "iter_marked_values",
    "iter_text_heights",
    "parse_to_unicode",
    "read_marked_values",
]

logger = logging.getLogger(__name__)

# The lexical pieces of a content stream (ISO 32000-1 §7.2, §7.3), by the
# names the patterns below use for them.
_PIECES = {
    b"{ws}": rb"[\x00\t\n\f\r ]",
    b"{regular}": rb"[^\x00\t\n\f\r ()<>\[\]{}/%]",
    b"{string}": rb"\([^()\\]*+(?:\\.[^()\\]*+)*+\)",
    b"{stringbody}": rb"[^()\\]*+(?:\\.[^()\\]*+)*+",
    b"{hexbody}": rb"[0-9A-Fa-f\x00\t\n\f\r ]*+",
    b"{number}": rb"[+-]?(?:\d++\.?\d*+|\.\d++)",
}
"""
``{string}`` is a literal string without unescaped nested parentheses; the
tokenizer reads those. Possessive quantifiers keep failed matches linear.
"""


def _expand(template: bytes) -> bytes:
    """Return ``template`` with the names of :data:`_PIECES` replaced."""
    template = template.replace(b"{hex}", b"<{hexbody}>").replace(
        b"{name}", b"/{regular}*+"
    )
    template = template.replace(b"{after}", b"(?!{regular})")
    for name, piece in _PIECES.items():
        template = template.replace(name, piece)
    return template


def _operator(kind: str, first: bytes, *rests: bytes) -> bytes:
    """
    Return a branch of a scanner for the operators ``first + rest``, named ``kind``.

    An operator starts after white space or a closing delimiter. The check on
    the character before comes after the first letter, so that every branch
    of a scanner starts with a fixed character: the regular expression engine
    then skips to the next candidate position without trying each branch at
    every byte (without this the scanner is ten times slower).
    """
    letter = re.escape(first)
    rest = b"|".join(re.escape(r) for r in rests)
    name = kind.encode()
    return b"|%s(?P<%s>(?<![^\x00\t\n\f\r )>\\]}]%s)(?:%s){after})" % (
        letter,
        name,
        letter,
        rest,
    )


_SHOW = (
    rb"|\((?P<show>(?P<literal>{stringbody})\){ws}*+(?P<showop>Tj|'|\"){after})"
    rb"|<(?P<hexshow>(?P<hexdigits>{hexbody})>{ws}*+(?P<hexop>Tj|'|\"){after})"
    rb"|\[(?P<array>(?P<items>(?:{ws}++|{string}|{hex}|{number})*+)\]{ws}*+TJ{after})"
)
"""Text-showing operations with their operands, as the scanners match them."""
_SKIP = (
    rb"|\((?P<string>{stringbody}\))"
    rb"|<(?P<hexstring>{hexbody}>)"
    rb"|\((?P<nested>)"
)
"""Strings to step over; ``nested`` is a string the patterns cannot match."""
_FONT = rb"|/(?P<font>(?P<fontname>{regular}*+){ws}*+{number}{ws}*+Tf{after})"
_MARKS = (
    rb"%(?P<comment>[^\r\n]*+)"
    rb"|/(?P<mark>{regular}*+{ws}*+"
    rb"<<(?P<props>(?:{ws}++|{name}|{string}|{hex}|{number})*+)>>{ws}*+BDC{after})"
    + _FONT
    + _operator("end", b"E", b"MC")
    + _operator("begin", b"B", b"MC")
)
"""Marked content, font selection and comments, which both scanners follow."""
_SCAN = re.compile(
    _expand(
        _MARKS
        + _SHOW
        + _operator("move", b"T", b"d", b"D", b"*", b"m")
        + _SKIP
        + _operator("image", b"I", b"D")
        + _operator("other", b"B", b"DC")
        + _operator("other_t", b"T", b"f", b"j", b"J")
        + _operator("other_quote", b"'", b"")
        + _operator("other_double_quote", b'"', b"")
    ),
    re.S,
)
"""
What the one-pass reader matches inside a value; the ``other`` branches are
forms it leaves to the tokenizer. Every branch starts with a fixed character
(see :func:`_operator`).
"""
_SCAN_OUTSIDE = re.compile(
    _expand(
        _MARKS
        + _SKIP
        + _operator("image", b"I", b"D")
        + _operator("other", b"B", b"DC")
        + _operator("other_t", b"T", b"f")
    ),
    re.S,
)
"""What the one-pass reader matches outside values, where text is not read."""

_OPERANDS = re.compile(
    _expand(
        rb"(?P<name>{name})|(?P<string>{string})|(?P<hex>{hex})|(?P<number>{number})"
    ),
    re.S,
)
_STRINGS = re.compile(_expand(rb"(?P<string>{string})|(?P<hex>{hex})"), re.S)

_TOKEN = re.compile(
    rb"""
    (?P<space>[\x00\t\n\f\r ]+|%[^\r\n]*)
  | (?P<string>\()
  | (?P<hex><(?!<)[0-9A-Fa-f\x00\t\n\f\r ]*>)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<name>/[^\x00\t\n\f\r ()<>\[\]{}/%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<operator>[^\x00\t\n\f\r ()<>\[\]{}/%]+)
    """,
    re.VERBOSE,
)
_IMAGE_END = re.compile(rb"[\x00\t\n\f\r ]EI(?![^\x00\t\n\f\r ()<>\[\]{}/%])")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)|\r\n?", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_SPACE = re.compile(rb"[\x00\t\n\f\r ]")
_PAREN = re.compile(rb"\\.|[()]", re.S)
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


# ---------------------------------------------------------------- strings


def _escaped(match: re.Match[bytes]) -> bytes:
    escape = match.group(1)
    if escape is None:
        # An end of line inside a literal string reads as one line feed.
        return b"\n"
    if escape[:1].isdigit():
        return bytes((int(escape, 8) & 0xFF,))
    if escape in (b"\r\n", b"\r", b"\n"):
        # A backslash before an end of line continues the string on the next.
        return b""
    return _ESCAPES.get(escape, escape)


def _unescape(inner: bytes) -> bytes:
    """Return the bytes of a literal string's body (ISO 32000-1 §7.3.4.2)."""
    if b"\\" not in inner and b"\r" not in inner:
        return inner
    return _ESCAPE.sub(_escaped, inner)


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """Return the literal string opening at ``start`` and the index after it."""
    depth, index = 1, start + 1
    for match in _PAREN.finditer(data, index):
        token = match.group()
        if token == b"(":
            depth += 1
        elif token == b")":
            depth -= 1
            if depth == 0:
                return _unescape(data[start + 1 : match.start()]), match.end()
    return _unescape(data[start + 1 :]), len(data)


def _hex(digits: bytes) -> bytes:
    """Return the bytes of a hexadecimal string's digits (white space allowed)."""
    digits = _SPACE.sub(b"", digits)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


def _string(raw: bytes) -> bytes:
    """Return the bytes of a literal or hexadecimal string token."""
    if raw[:1] == b"(":
        return _unescape(raw[1:-1])
    return _hex(raw[1:-1])


def _skip_image(data: bytes, start: int) -> int:
    """Return the index after the data of an inline image whose ``ID`` ends at start."""
    end = _IMAGE_END.search(data, start)
    return len(data) if end is None else end.end()


# ---------------------------------------------------------------- fonts


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX_DIGITS = re.compile(rb"<([0-9A-Fa-f]*)>")


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
        pairs = _HEX_DIGITS.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=False):
            table[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            _add_range(table, line)
    return table


def _add_range(table: dict[int, str], line: bytes) -> None:
    parts = _HEX_DIGITS.findall(line)
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


class _Font:
    """
    The decoding table of one font object, built once per document.

    A one-byte font also keeps its table as a ``str.translate`` map of all 256
    codes, unknown ones included, so that a string is decoded in one call.
    """

    def __init__(self, table: dict[int, str], width: int) -> None:
        self.table = table
        self.width = width
        self.single = (
            {code: table.get(code, "\ufffd") for code in range(256)}
            if width == 1
            else None
        )

    def decode(self, data: bytes) -> str:
        """Return the text of the character codes ``data``; unknown codes give U+FFFD."""
        if self.single is not None:
            return data.decode("latin-1").translate(self.single)
        codes = (
            int.from_bytes(data[i : i + self.width], "big")
            for i in range(0, len(data), self.width)
        )
        return "".join(self.table.get(code, "\ufffd") for code in codes)


FontCache = dict[object, _Font]
"""Decoding tables by font object, shared between the pages of one document."""


class _Fonts:
    """The decoding tables of one page's fonts, built on first use."""

    def __init__(self, page: PageObject, cache: FontCache) -> None:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        self.fonts: DictionaryObject = (
            fonts.get_object() if fonts else DictionaryObject()
        )
        self.tables: dict[str, _Font] = {}
        self.cache = cache

    def table(self, name: str) -> _Font:
        if name not in self.tables:
            reference = (
                self.fonts.raw_get(f"/{name}") if f"/{name}" in self.fonts else None
            )
            key = getattr(reference, "idnum", None) or (name, id(self.fonts))
            if key not in self.cache:
                self.cache[key] = self._load(name)
            self.tables[name] = self.cache[key]
        return self.tables[name]

    def _load(self, name: str) -> _Font:
        font = self.fonts.get(f"/{name}")
        font = font.get_object() if font is not None else DictionaryObject()
        width = 2 if font.get("/Subtype") == "/Type0" else 1
        cmap = font.get("/ToUnicode")
        if cmap is None:
            return _Font({}, width)
        return _Font(parse_to_unicode(cmap.get_object().get_data()), width)

    def decode(self, name: str, data: bytes) -> str:
        return self.table(name).decode(data)


# ---------------------------------------------------------------- marked content


_Target = tuple[str, str, list[str]]


class _Collector:
    """Follow marked content and text operators across one page."""

    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.font = ""
        self.open: list[_Target | None] = []
        self.found: list[MarkedValue] = []
        self.parts: list[str] | None = None
        """The text of the innermost open value, if the innermost mark is one."""

    def begin(self, target: _Target | None) -> None:
        """Open a marked-content sequence; ``target`` is ``None`` unless it is a value."""
        self.open.append(target)
        self.parts = None if target is None else target[2]

    def close(self) -> None:
        if not self.open:
            return
        target = self.open.pop()
        if target is not None:
            page_key, path, parts = target
            self.found.append(MarkedValue(page_key, path, "".join(parts).strip()))
        innermost = self.open[-1] if self.open else None
        self.parts = None if innermost is None else innermost[2]

    def finish(self) -> list[MarkedValue]:
        """Close what the page left open and return the values found."""
        while self.open:
            self.close()
        return self.found

    def move(self) -> None:
        """Start a new line in the open value: one space, however many moves."""
        parts = self.parts
        if parts and not parts[-1].endswith(" "):
            parts.append(" ")

    def show(self, data: bytes) -> None:
        """Add the text of the string ``data``, shown in the current font."""
        if self.parts is not None:
            self.parts.append(self.fonts.decode(self.font, data))

    def feed(self, operator: str, operands: list[Any]) -> None:
        """Take one operator of the complete tokenizer."""
        if operator in ("BDC", "BMC"):
            self.begin(_marked_target(operator, operands))
        elif operator == "EMC":
            self.close()
        elif operator == "Tf" and operands and isinstance(operands[0], _Name):
            self.font = str(operands[0])
        elif self.parts is not None:
            if operator in _LINE_MOVES:
                self.move()
            if operator in _SHOWS:
                for item in _shown_strings(operands):
                    self.show(item)


def _marked_target(operator: str, operands: list[Any]) -> _Target | None:
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


# ---------------------------------------------------------------- the one-pass reader


_HOCBASO_PROPERTIES = re.compile(
    _expand(
        rb"{ws}*+/HBPage{ws}*+\(([^()\\\r]*+)\)"
        rb"{ws}*+/HBPath{ws}*+\(([^()\\\r]*+)\){ws}*+"
    )
)
"""The property list as hocbaso writes it, read without the general parser."""


def _value_target(body: bytes) -> _Target | None:
    """Return what a ``BDC`` the scanner matched opens, as the tokenizer would."""
    ours = _HOCBASO_PROPERTIES.fullmatch(body)
    if ours is not None:
        return ours.group(1).decode("latin-1"), ours.group(2).decode("latin-1"), []
    return _marked_target("BDC", [None, _properties(body)])


def _properties(body: bytes) -> dict[Any, Any]:
    """Return a property list in any form, as the tokenizer would."""
    values: list[Any] = []
    for match in _OPERANDS.finditer(body):
        kind, raw = match.lastgroup, match.group()
        if kind == "name":
            values.append(_Name(raw[1:].decode("latin-1")))
        elif kind == "number":
            values.append(float(raw))
        else:
            values.append(_string(raw))
    return dict(zip(values[::2], values[1::2], strict=False))


def _strings_of(items: bytes) -> Iterator[bytes]:
    return (_string(match.group()) for match in _STRINGS.finditer(items))


class _UnrecognisedError(Exception):
    """The scanner met content it leaves to the complete tokenizer."""


def _scan(data: bytes, collector: _Collector) -> bool:
    """
    Read a page's content in one pass; return ``False`` if it needs the tokenizer.

    Outside a value, the scanner looks for marks and fonts only, stepping over
    strings; inside one it also matches text operators.

    :param data: the page's decoded content.
    :param collector: receives the values.
    """
    index = 0
    try:
        while index < len(data):
            index = _scan_from(data, index, collector)
    except _UnrecognisedError:
        return False
    return True


def _scan_from(data: bytes, index: int, collector: _Collector) -> int:
    """Scan from ``index`` until the scan must restart; return where it restarts."""
    scanner = _SCAN if collector.parts is not None else _SCAN_OUTSIDE
    for match in scanner.finditer(data, index):
        restart = _STEPS.get(match.lastgroup or "", _step_over)(match, collector)
        if restart is not None:
            return restart
    return len(data)


# Each step takes one match of a scanner and returns ``None`` to go on, or the
# index to restart from: after a mark that opens or closes a value (the other
# scanner takes over there), or after what a scanner cannot step over itself.


def _step_over(match: re.Match[bytes], collector: _Collector) -> int | None:
    """Step over a comment or a string outside a text operator."""
    return None


def _step_move(match: re.Match[bytes], collector: _Collector) -> int | None:
    collector.move()
    return None


def _moves_line(match: re.Match[bytes]) -> bool:
    """Whether a matched show operator is ``'`` or ``"``, which move to the next line."""
    return (match.group("showop") or match.group("hexop")) != b"Tj"


def _step_show(match: re.Match[bytes], collector: _Collector) -> int | None:
    if _moves_line(match):
        collector.move()
    collector.show(_unescape(match.group("literal")))
    return None


def _step_hexshow(match: re.Match[bytes], collector: _Collector) -> int | None:
    if _moves_line(match):
        collector.move()
    collector.show(_hex(match.group("hexdigits")))
    return None


def _step_array(match: re.Match[bytes], collector: _Collector) -> int | None:
    for item in _strings_of(match.group("items")):
        collector.show(item)
    return None


def _step_font(match: re.Match[bytes], collector: _Collector) -> int | None:
    collector.font = match.group("fontname").decode("latin-1")
    return None


def _step_mark(match: re.Match[bytes], collector: _Collector) -> int | None:
    collecting = collector.parts is not None
    kind = match.lastgroup
    if kind == "mark":
        collector.begin(_value_target(match.group("props")))
    elif kind == "begin":
        collector.begin(None)
    else:
        collector.close()
    return None if (collector.parts is not None) is collecting else match.end()


def _step_nested(match: re.Match[bytes], collector: _Collector) -> int | None:
    return _literal(match.string, match.start())[1]


def _step_image(match: re.Match[bytes], collector: _Collector) -> int | None:
    return _skip_image(match.string, match.end())


def _step_other(match: re.Match[bytes], collector: _Collector) -> int | None:
    raise _UnrecognisedError


_STEPS: dict[str, Callable[[re.Match[bytes], _Collector], int | None]] = {
    "move": _step_move,
    "show": _step_show,
    "hexshow": _step_hexshow,
    "array": _step_array,
    "font": _step_font,
    "mark": _step_mark,
    "begin": _step_mark,
    "end": _step_mark,
    "nested": _step_nested,
    "image": _step_image,
    "other": _step_other,
    "other_t": _step_other,
    "other_quote": _step_other,
    "other_double_quote": _step_other,
}
"""The step for each kind of match; comments and strings are stepped over."""


# ---------------------------------------------------------------- the complete tokenizer


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
        if kind == "operator" and match.group() == b"ID":
            index = _skip_image(data, index)


def _token_value(kind: str, raw: bytes) -> Iterator[tuple[str, Any]]:
    if kind == "hex":
        yield "operand", _hex(raw[1:-1])
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


def _tokenize(data: bytes, collector: _Collector) -> None:
    """Read a page's content operator by operator."""
    for operator, operands in _operations(data):
        collector.feed(operator, operands)


def read_marked_values(
    data: bytes, fonts: _Fonts, *, tokenize: bool = False
) -> list[MarkedValue]:
    """
    Return the values a page's content prints inside hocbaso's marked content.

    :param data: the page's decoded content.
    :param fonts: the page's fonts.
    :param tokenize: read with the complete tokenizer, not the one-pass scanner.
    :returns: the values in content-stream order.
    """
    collector = _Collector(fonts)
    if tokenize or not _scan(data, collector):
        if not tokenize:
            logger.debug("Content the scanner leaves alone; reading every operator")
        collector = _Collector(fonts)
        _tokenize(data, collector)
    return collector.finish()


def iter_marked_values(
    page: PageObject, fonts: FontCache | None = None
) -> Iterator[MarkedValue]:
    """
    Yield every value a page prints inside hocbaso's marked content.

    The content is read in one pass (see the module's description). Text
    drawn outside the marked sequences is not a value; see docs/pdf.md for
    what that implies.

    :param page: a page of a PDF opened with pypdf.
    :param fonts: decoding tables shared between the pages of one document.
    :returns: the values in content-stream order.
    """
    contents = page.get_contents()
    if contents is None:
        return
    page_fonts = _Fonts(page, fonts if fonts is not None else {})
    yield from read_marked_values(contents.get_data(), page_fonts)


# ---------------------------------------------------------------- where text stands


_PLAIN_NUMBER = re.compile(_expand(b"{number}"))
_GEOMETRY = re.compile(
    _expand(
        rb"%(?P<comment>[^\r\n]*+)"
        + _SHOW
        + _SKIP
        + _FONT
        + _operator("cm", b"c", b"m")
        + _operator("textop", b"T", b"m", b"d", b"D", b"*", b"L")
        + _operator("push", b"q", b"")
        + _operator("pop", b"Q", b"")
        + _operator("bt", b"B", b"T")
        + _operator("image", b"I", b"D")
    ),
    re.S,
)
"""The operators that place and show text, and the strings to step over."""
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_COUNTS = {b"Tm": 6, b"Td": 2, b"TD": 2, b"TL": 1, b"cm": 6}


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    """Return the matrix product ``m × n`` (``m`` applied first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _operands(data: bytes, start: int, count: int) -> list[float] | None:
    """Return the ``count`` numbers just before the operator at ``start``."""
    if count == 0:
        return []
    begin = max(0, start - 32 * count)
    tokens = data[begin:start].split()
    if len(tokens) < count or (len(tokens) == count and begin > 0):
        # Too few operands, or the first may have been cut by the window.
        return None
    operands = tokens[-count:]
    if not all(_PLAIN_NUMBER.fullmatch(token) for token in operands):
        return None
    return [float(token) for token in operands]


class _Placement:
    """The graphics and text state that places text (ISO 32000-1 §9.4.2)."""

    def __init__(self) -> None:
        self.ctm: _Matrix = _IDENTITY
        self.stack: list[_Matrix] = []
        self.line: _Matrix = _IDENTITY
        self.matrix: _Matrix = _IDENTITY
        self.leading = 0.0

    def height(self) -> float:
        """Return the height on the page of the current text position."""
        return _multiply(self.matrix, self.ctm)[5]

    def move(self, tx: float, ty: float) -> None:
        self.line = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.line)
        self.matrix = self.line

    def text_operator(self, name: bytes, numbers: list[float] | None) -> None:
        if name == b"T*":
            self.move(0.0, -self.leading)
        elif numbers is None:
            return
        elif name == b"Tm":
            self.line = self.matrix = _matrix(numbers)
        elif name in (b"Td", b"TD"):
            if name == b"TD":
                self.leading = -numbers[1]
            self.move(numbers[0], numbers[1])
        elif name == b"TL":
            self.leading = numbers[0]

    def graphics_operator(self, kind: str, numbers: list[float] | None) -> None:
        if kind == "push":
            self.stack.append(self.ctm)
        elif kind == "pop" and self.stack:
            self.ctm = self.stack.pop()
        elif kind == "cm" and numbers is not None:
            self.ctm = _multiply(_matrix(numbers), self.ctm)
        elif kind == "bt":
            self.line = self.matrix = _IDENTITY


def _matrix(numbers: list[float]) -> _Matrix:
    a, b, c, d, e, f = numbers
    return (a, b, c, d, e, f)


def _shown(kind: str, match: re.Match[bytes]) -> Iterator[bytes]:
    if kind == "array":
        return _strings_of(match.group("items"))
    if kind == "show":
        return iter((_unescape(match.group("literal")),))
    return iter((_hex(match.group("hexdigits")),))


def iter_text_heights(
    page: PageObject, fonts: FontCache | None = None
) -> Iterator[tuple[float, str]]:
    """
    Yield the height on the page and the text of each text-showing operator.

    The height is that of the text line's origin in default user space, as
    pypdf's text extraction reports it; text is placed through the current
    transformation and text matrices, not measured.

    :param page: a page of a PDF opened with pypdf.
    :param fonts: decoding tables shared between the pages of one document.
    :returns: ``(height, text)`` in content-stream order.
    """
    contents = page.get_contents()
    if contents is None:
        return
    data = contents.get_data()
    page_fonts = _Fonts(page, fonts if fonts is not None else {})
    place, font = _Placement(), ""
    for match in _iter_geometry(data):
        kind = match.lastgroup or ""
        if kind in ("show", "hexshow", "array"):
            if kind != "array" and _moves_line(match):
                place.text_operator(b"T*", None)
            text = "".join(
                page_fonts.decode(font, item) for item in _shown(kind, match)
            )
            yield place.height(), text
        elif kind == "font":
            font = match.group("fontname").decode("latin-1")
        elif kind == "textop":
            name = match.group()
            place.text_operator(
                name, _operands(data, match.start(), _COUNTS.get(name, 0))
            )
        elif kind in ("cm", "push", "pop", "bt"):
            numbers = _operands(data, match.start(), 6) if kind == "cm" else None
            place.graphics_operator(kind, numbers)


def _iter_geometry(data: bytes) -> Iterator[re.Match[bytes]]:
    index = 0
    while index < len(data):
        for match in _GEOMETRY.finditer(data, index):
            kind = match.lastgroup
            if kind == "nested":
                index = _literal(data, match.start())[1]
                break
            if kind == "image":
                index = _skip_image(data, match.end())
                break
            yield match
        else:
            return
