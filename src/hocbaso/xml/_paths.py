"""
Readable element paths, and the way back from a model location to an element.

A path is XPath-like with local names, and an index only where an element has
siblings of the same name: ``/Transcript/Years/PrimaryYear[2]/Subjects/Subject[3]``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from lxml import etree

from hocbaso._xmlpath import element_path
from hocbaso.xml._layout import ROOT, Attr, Choice, Items, Nested, Repeated, Shape

__all__ = ["element_path", "locate", "source_line"]

logger = logging.getLogger(__name__)


def locate(root: etree._Element, loc: Sequence[int | str]) -> tuple[str, int | None]:
    """
    Return the path and line of the XML that a pydantic error location names.

    A location that names a field absent from the document (a missing required
    element) gives the path the element would have, and its parent's line.

    :param root: the document's root element.
    :param loc: the error location, e.g. ``('years', 1, 'primary', 'grade')``.
    :returns: the path and the line, if known.
    """
    element, shape, missing = root, ROOT, ""
    steps = list(loc)
    while steps and not missing:
        element, shape, missing = _descend(element, shape, steps)
    return element_path(element) + missing, source_line(element)


PERSONAL_PATH = "/Transcript/Pupil"
"""Where a minor's identity stands: problems there never quote the values."""


def without_personal_values(reason: str, path: str, values: Sequence[object]) -> str:
    """
    Take the values out of a problem's message where the problem is in the pupil's identity.

    Problems are printed, kept in audit files and shared; a pupil's name,
    identifier or birth date has no place there. The path and the rule say
    what is wrong and where.

    :param reason: the message.
    :param path: the problem's path in the document.
    :param values: the values the message may quote (the element's text, the
        value a model check refused).
    :returns: the message with each value replaced by "the value".
    """
    if not (path == PERSONAL_PATH or path.startswith(PERSONAL_PATH + "/")):
        return reason
    for value in values:
        text = str(value) if value is not None else ""
        if text.strip():
            reason = reason.replace(f"value {text!r}", "value")
            reason = reason.replace(repr(text), "the value").replace(text, "…")
    return reason[:1].upper() + reason[1:]


def source_line(element: etree._Element) -> int | None:
    """
    Return the line where ``element`` starts, if the parser recorded it.

    :param element: an element of a parsed document.
    :returns: the 1-based line, or ``None``.
    """
    line = element.sourceline
    return line if isinstance(line, int) else None


def _descend(
    element: etree._Element, shape: Shape, steps: list[int | str]
) -> tuple[etree._Element, Shape, str]:
    node = shape.by_field.get(str(steps.pop(0)))
    if node is None:
        return element, shape, ""  # A union member or key marker: stay here.
    if isinstance(node, Attr):
        steps.clear()
        return element, shape, f"/@{node.name}"
    child = element.find(node.qname) if not isinstance(node, Repeated) else element
    if child is None:
        steps.clear()
        return element, shape, f"/{node.tag}"
    if isinstance(node, Nested):
        return child, node.shape, ""
    if isinstance(node, Items | Choice | Repeated):
        return _item(child, node, steps, shape)
    steps.clear()
    return child, shape, ""


def _item(
    wrapper: etree._Element, node: Items | Choice | Repeated, steps: list[int | str],
    shape: Shape,
) -> tuple[etree._Element, Shape, str]:  # fmt: skip
    if not steps:
        return wrapper, shape, ""
    index = steps.pop(0)
    items = _items(wrapper, node)
    found = _pick(items, node, index)
    steps_left = not isinstance(node, Items) or isinstance(node.item, Shape)
    if found is None or not steps_left or isinstance(node, Repeated):
        steps.clear()
        return (found if found is not None else wrapper), shape, ""
    item_shape = node.by_qname[found.tag] if isinstance(node, Choice) else node.item
    assert isinstance(item_shape, Shape), "Only shaped items have fields."
    return found, item_shape, ""


def _items(
    wrapper: etree._Element, node: Items | Choice | Repeated
) -> list[etree._Element]:
    if isinstance(node, Choice):
        return [child for child in wrapper if child.tag in node.by_qname]
    tag = node.qname if isinstance(node, Repeated) else node.item_qname
    return [child for child in wrapper if child.tag == tag]


def _pick(
    items: list[etree._Element], node: Items | Choice | Repeated, index: int | str
) -> etree._Element | None:
    if isinstance(node, Items) and node.key is not None:
        return next((item for item in items if item.get(node.key) == index), None)
    if isinstance(index, int) and 0 <= index < len(items):
        return items[index]
    return None
