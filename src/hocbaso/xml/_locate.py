"""
The line of the XML element a model path names, for rule findings.

The rules run on the model, so a finding names a model path such as
``years[2021-2022].subjects[mathematics].test_score``. In the canonical XML
each field is the element of the same name in CamelCase (``TestScore``), a
collection is a container element (``Subjects``) whose items carry their key as
an attribute (``code="mathematics"``, ``schoolYear="2021-2022"``) or are
counted (``signers[1]``), and a field written as an attribute lives on its
element. Following these conventions gives the line of the element, or of the
nearest element above it when the path goes further than the document does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from lxml import etree

from hocbaso.xml._paths import source_line

__all__ = ["locate_lines"]

logger = logging.getLogger(__name__)

_SEGMENT = re.compile(r"(?P<name>[a-z_0-9]+)(?:\[(?P<key>[^\]]*)\])?$")


def locate_lines(root: etree._Element, paths: Iterable[str]) -> dict[str, int | None]:
    """
    Return the line of each model path's element in a canonical transcript.

    :param root: the document's root element, as the safe reader parsed it.
    :param paths: model paths, as rule findings give them.
    :returns: the line for each path; ``None`` for a path whose first step is
        not in the document.
    """
    return {path: _locate(root, path) for path in paths}


def _locate(root: etree._Element, path: str) -> int | None:
    current, line = root, None
    for segment in path.split("."):
        found = _SEGMENT.match(segment)
        if found is None:
            break
        step = _step(current, found["name"], found["key"])
        if step is None:
            break
        current = step
        line = source_line(current)
    return line


def _step(element: etree._Element, name: str, key: str | None) -> etree._Element | None:
    tag = "".join(part.capitalize() for part in name.split("_"))
    child = next((c for c in element if etree.QName(c).localname == tag), None)
    if child is None:
        # A field written as an attribute (schoolYear, grade) is on this element.
        attribute = tag[0].lower() + tag[1:]
        return element if attribute in element.attrib else None
    if key is None:
        return child
    return _item(child, key)


def _item(container: etree._Element, key: str) -> etree._Element:
    items = [item for item in container if isinstance(item.tag, str)]
    for item in items:
        if key in item.attrib.values():
            return item
    if key.isdigit() and int(key) < len(items):
        return items[int(key)]
    return container
