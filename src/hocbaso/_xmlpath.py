"""
Readable element paths for reports and errors, shared by every XML reader.

A path is XPath-like with local names, and an index only where an element has
siblings of the same name: ``/Transcript/Years/PrimaryYear[2]``. It holds no
content, so it can be logged and reported. This module needs lxml only, so the
signature verifier can use it without loading the transcript models.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["element_path"]


def element_path(element: etree._Element) -> str:
    """
    Return the readable path of ``element`` from the document's root.

    :param element: an element of a parsed document.
    :returns: e.g. ``/Transcript/Pupil/FullName``.
    """
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        steps.append(_step(node))
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


def _step(node: etree._Element) -> str:
    name = etree.QName(node).localname
    parent = node.getparent()
    if parent is None:
        return name
    same = [sibling for sibling in parent if sibling.tag == node.tag]
    return name if len(same) == 1 else f"{name}[{same.index(node) + 1}]"
