"""JSON helpers shared by the JSON-based variants: strict decoding and key checks."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from hocbaso.variants._common import fail
from hocbaso.variants.loss import LossEntry, LossKind, Side

__all__ = ["decode_json", "dumps", "field", "obj", "unknown_keys"]

logger = logging.getLogger(__name__)


def decode_json(variant: str, data: bytes) -> Any:
    """
    Decode UTF-8 JSON, numbers with a fraction as ``Decimal``.

    :param variant: the variant's name, for errors.
    :param data: the bytes.
    :returns: the decoded value.
    :raises VariantReadError: with the line of a syntax error.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(variant, f"byte {exc.start}", "The file is not UTF-8 text.")
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        fail(
            variant,
            f"column {exc.colno}",
            f"The file is not JSON: {exc.msg}.",
            line=exc.lineno,
        )


def dumps(value: Any, *, indent: int | None = 2) -> bytes:
    """
    Encode ``value`` as UTF-8 JSON, Vietnamese kept readable, decimals as numbers.

    :param value: the data; ``Decimal`` values are written as JSON numbers.
    :param indent: the indentation, or ``None`` for one line.
    :returns: the bytes, ending with a newline when indented.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=_number)
    return (text + "\n" if indent is not None else text).encode("utf-8")


def _number(value: object) -> float:
    # Scores and measurements have one decimal; the shortest float repr of such a
    # value is that decimal, so the written number reads back exactly.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"Cannot write {type(value).__name__} as JSON.")


def obj(variant: str, value: Any, where: str) -> dict[str, Any]:
    """
    Return ``value`` if it is a JSON object, else raise.

    :param variant: the variant's name.
    :param value: the decoded value.
    :param where: its JSON path.
    :returns: the object.
    :raises VariantReadError: if it is not an object.
    """
    if not isinstance(value, dict):
        fail(variant, where, f"Expected a JSON object, found {type(value).__name__}.")
    return value


def field(variant: str, data: dict[str, Any], key: str, where: str) -> Any:
    """
    Return a required member of a JSON object.

    :param variant: the variant's name.
    :param data: the object.
    :param key: the member.
    :param where: the object's JSON path.
    :returns: the value (not ``None``).
    :raises VariantReadError: if the member is missing, null or empty text.
    """
    value = data.get(key)
    if key not in data:
        fail(variant, f"{where}.{key}", f"The required member {key!r} is missing.")
    if value is None or value == "":
        state = "null" if value is None else "empty"
        fail(variant, f"{where}.{key}", f"The required member {key!r} is {state}.")
    return value


def unknown_keys(
    variant: str, data: dict[str, Any], known: Iterable[str], where: str
) -> Iterator[LossEntry]:
    """
    Yield an ``unmapped`` entry for each member of ``data`` the variant does not know.

    :param variant: the variant's name.
    :param data: the object read.
    :param known: the members the variant maps.
    :param where: the object's JSON path.
    :returns: the entries.
    """
    allowed = set(known)
    for key, value in data.items():
        if key not in allowed and value not in (None, "", [], {}):
            yield LossEntry(
                LossKind.UNMAPPED,
                Side.READ,
                variant,
                "",
                "The member has no place in the canonical model.",
                source=f"{where}.{key}",
            )
