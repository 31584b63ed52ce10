"""
Model paths: every value of a transcript named the way rule findings name it.

A path reads ``years[2022-2023].subjects[mathematics].semester1_components`` or
``pupil.hometown``: fields are joined with dots; year records are keyed by school
year, subject rows by subject code, schools by id, quality and competency tables
by their code, and other lists by position. Loss reports use these paths, and
:func:`iter_fields` lists them, so a report can be checked against what a round
trip actually changed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from enum import Enum
from functools import lru_cache

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from hocbaso.model import (
    PrimarySubjectResult,
    PrimaryYear,
    School,
    SecondarySubjectResult,
    SecondaryYear,
)

__all__ = ["PathPattern", "changed_paths", "iter_fields"]

logger = logging.getLogger(__name__)

_SKIPPED = frozenset({"kind"})


def iter_fields(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, object]]:
    """
    Yield ``(path, value)`` for every value of ``model`` that differs from its default.

    Nested models and tables are walked down to their leaves; a tuple of plain
    values (awards, electives, regular scores) is one leaf. Values equal to the
    field's default (``None``, an empty tuple, zero absences) are skipped, since
    nothing of them can be lost.

    :param model: a transcript or any part of it.
    :param prefix: the path of ``model`` itself; empty for a transcript.
    :returns: an iterator of paths and leaf values, in field order.
    """
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if name in _SKIPPED or _is_default(value, info.default):
            continue
        yield from _walk(value, f"{prefix}.{name}" if prefix else name)


def changed_paths(before: BaseModel, after: BaseModel) -> frozenset[str]:
    """
    Return the paths whose values differ between two versions of a model.

    :param before: the original.
    :param after: the version after a round trip.
    :returns: the leaf paths present in one only, or with different values.
    """
    old, new = dict(iter_fields(before)), dict(iter_fields(after))
    keys = old.keys() | new.keys()
    return frozenset(
        key for key in keys if old.get(key, _MISSING) != new.get(key, _MISSING)
    )


_MISSING = object()


def _is_default(value: object, default: object) -> bool:
    if default is PydanticUndefined:
        return False
    return bool(value == default)


def _walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    if isinstance(value, BaseModel):
        yield from iter_fields(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}[{_key(key)}]")
    elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{_item_key(item, index)}]")
    else:
        yield path, value


def _key(key: object) -> str:
    return str(key.value) if isinstance(key, Enum) else str(key)


def _item_key(item: BaseModel, index: int) -> str:
    if isinstance(item, PrimaryYear | SecondaryYear):
        return item.school_year
    if isinstance(item, PrimarySubjectResult | SecondarySubjectResult):
        return str(item.subject.value)
    if isinstance(item, School):
        return item.id
    return str(index)


class PathPattern:
    """
    A model path in which ``[*]`` stands for any key, matched as a prefix.

    ``PathPattern("years[*].signers")`` matches ``years[2022-2023].signers[0].name``
    and reports the concrete prefix ``years[2022-2023].signers``.
    """

    __slots__ = ("_regex", "text")

    def __init__(self, text: str) -> None:
        """
        Compile a pattern.

        :param text: the pattern, e.g. ``"years[*].subjects[*].comment"``.
        """
        self.text = text
        self._regex = _compile(text)

    def __repr__(self) -> str:
        """Return the pattern as code."""
        return f"PathPattern({self.text!r})"

    def match(self, path: str) -> str | None:
        """
        Return the concrete prefix of ``path`` that this pattern names, if any.

        :param path: a leaf path from :func:`iter_fields`.
        :returns: the matched prefix, or ``None``.
        """
        found = self._regex.match(path)
        return found.group(1) if found else None


@lru_cache(maxsize=256)
def _compile(text: str) -> re.Pattern[str]:
    parts = re.split(r"(\[\*\])", text)
    body = "".join(
        r"\[[^\]]*\]" if part == "[*]" else re.escape(part) for part in parts
    )
    return re.compile(rf"^({body})(?=$|[.\[])")
