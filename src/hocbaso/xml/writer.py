"""
Write a transcript as canonical XML.

The output is a pure function of the model: UTF-8 with an XML declaration,
elements and attributes in the fixed order of the layout, two-space indentation,
text in Unicode NFC, decimals with exactly one digit after the point, and
optional elements left out when they are ``None`` or empty. Nothing depends on
the clock or the environment, so the same model always gives the same bytes
(and a signature made over them stays valid when the model is written again).
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from hocbaso.model import Transcript
from hocbaso.xml._layout import (
    ROOT,
    Attr,
    Choice,
    Items,
    Leaf,
    Nested,
    Node,
    Repeated,
    Shape,
)
from hocbaso.xml._types import ENUMERATIONS
from hocbaso.xml.namespaces import FORMAT_VERSION, Namespace

__all__ = ["ROOT_ID", "write_xml"]

logger = logging.getLogger(__name__)

ROOT_ID = "transcript"
"""The ``Id`` of the root element, which a whole-transcript signature references."""

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_INDENT = "  "

# A carriage return in text would be read back as a line feed (XML 1.0 §2.11),
# so it is written as a character reference; tab and line feed in attributes
# likewise (§3.3.3).
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
     "\n": "&#10;", "\t": "&#9;"}
)  # fmt: skip


def write_xml(transcript: Transcript) -> bytes:
    """
    Return the canonical XML of ``transcript``.

    :param transcript: a validated transcript.
    :returns: the UTF-8 document, ending with a line feed.
    """
    lines = [_DECLARATION]
    root_attrs = (
        f' xmlns="{Namespace.TRANSCRIPT.value}" formatVersion="{FORMAT_VERSION}"'
    )
    _write_element(lines, ROOT, transcript, "", extra=f'{root_attrs} Id="{ROOT_ID}"')
    logger.debug("Wrote transcript XML in %d lines.", len(lines))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_element(
    lines: list[str],
    shape: Shape,
    obj: BaseModel,
    pad: str,
    *,
    tag: str = "",
    extra: str = "",
    optional: bool = False,
) -> None:
    tag = tag or shape.tag
    start = f"{pad}<{tag}{extra}{_attributes(shape.attrs, obj)}"
    body: list[str] = []
    for node in shape.children:
        _write_node(body, node, getattr(obj, node.field), pad + _INDENT)
    if body:
        lines.append(start + ">")
        lines.extend(body)
        lines.append(f"{pad}</{tag}>")
    elif not optional:
        lines.append(start + "/>")
    # An optional element with nothing in it is left out.


def _attributes(attrs: Iterable[Attr], obj: BaseModel) -> str:
    parts = []
    for attr in attrs:
        text = _FORMATS[attr.type](getattr(obj, attr.field))
        parts.append(f' {attr.name}="{text.translate(_ATTR_ESCAPES)}"')
    return "".join(parts)


def _write_node(lines: list[str], node: Node, value: Any, pad: str) -> None:
    if value is None:
        return
    if isinstance(node, Leaf | Repeated):
        items = value if isinstance(node, Repeated) else (value,)
        lines.extend(_leaf(node.tag, _FORMATS[node.type](item), pad) for item in items)
    elif isinstance(node, Nested):
        _write_element(
            lines, node.shape, value, pad, tag=node.tag, optional=node.optional
        )
    elif value or not node.optional:
        body = [f"{pad}<{node.tag}>"]
        _write_items(body, node, value, pad + _INDENT)
        _close(lines, body, node.tag, pad)


def _leaf(tag: str, text: str, pad: str) -> str:
    return f"{pad}<{tag}>{text}</{tag}>"


def _write_items(lines: list[str], node: Items | Choice, value: Any, pad: str) -> None:
    if isinstance(node, Choice):
        for item in value:
            _write_element(lines, node.by_model[type(item)], item, pad)
    elif node.key_enum is not None:
        _write_keyed(lines, node, node.key_enum, value, pad)
    elif isinstance(node.item, Shape):
        for item in value:
            _write_element(lines, node.item, item, pad)
    else:
        text = _FORMATS[node.item]
        lines.extend(_leaf(node.item_tag, text(item), pad) for item in value)


def _write_keyed(
    lines: list[str], node: Items, keys: type[Enum], value: dict[Enum, Enum], pad: str
) -> None:
    # Keys go in the vocabulary's order, whatever order the dict was built in.
    text = _FORMATS[str(node.item)]
    for key in keys:
        if key in value:
            start = f'<{node.item_tag} {node.key}="{key.value}"'
            lines.append(f"{pad}{start}>{text(value[key])}</{node.item_tag}>")


def _close(lines: list[str], body: list[str], tag: str, pad: str) -> None:
    if len(body) == 1:
        lines.append(f"{pad}<{tag}/>")
    else:
        body.append(f"{pad}</{tag}>")
        lines.extend(body)


def _text(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).translate(_TEXT_ESCAPES)


def _code(value: object) -> str:
    assert isinstance(value, Enum), "A code field holds a vocabulary member."
    return str(value.value)


def _decimal(value: object) -> str:
    return f"{value:.1f}"


def _mark(value: object) -> str:
    return _decimal(value) if isinstance(value, Decimal) else _code(value)


def _date(value: object) -> str:
    assert isinstance(value, dt.date), "A date field holds a date."
    return value.isoformat()


def _datetime(value: object) -> str:
    assert isinstance(value, dt.datetime), "A time field holds a datetime."
    return value.isoformat()


def _boolean(value: object) -> str:
    return "true" if value else "false"


def _formats() -> dict[str, Callable[[object], str]]:
    table: dict[str, Callable[[object], str]] = {
        "Date": _date, "Boolean": _boolean, "Mark": _mark,
        "Score": _decimal, "Height": _decimal, "Weight": _decimal,
        "Absences": str, "TestScore": str, "Version": str,
        "PrimaryGrade": str, "SecondaryGrade": str, "YearId": _text,
        "DateTime": _datetime, "ByteCount": str, "Count": str,
    }  # fmt: skip
    table.update(dict.fromkeys(ENUMERATIONS, _code))
    for name in ("Text", "PersonalId", "LearnerCode", "AdminCode", "SchoolCode",
                 "SchoolKey", "LookupCode", "SchoolYear", "Sha256", "VariantName",
                 "MediaType"):  # fmt: skip
        table[name] = _text
    return table


_FORMATS = _formats()
