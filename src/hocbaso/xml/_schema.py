"""Load the published schema once per thread and explain what it rejects."""

from __future__ import annotations

import importlib.resources
import logging
import re
import threading
from collections.abc import Iterator
from typing import Any

from lxml import etree

from hocbaso.errors import Problem
from hocbaso.xml._paths import element_path, source_line, without_personal_values
from hocbaso.xml._types import expected
from hocbaso.xml.namespaces import FORMAT_VERSION, Namespace

__all__ = ["SCHEMA_FILE", "explain", "schema_bytes", "transcript_schema"]

logger = logging.getLogger(__name__)

SCHEMA_FILE = f"transcript-{FORMAT_VERSION}.xsd"
"""The schema's file name inside the package's ``schema`` folder."""

# An lxml schema object keeps its last error log, so two threads validating
# with one object would read each other's errors: each thread gets its own.
_LOCAL = threading.local()
_NAMESPACE = re.compile(r"\{[a-z]+:[^}\s]*\}")
_FACET = re.compile(r"^\[facet '[^']*'\] ")
_ELEMENT = re.compile(r"^Element '([^']*)'(?:, attribute '([^']*)')?: ")
_TYPED = re.compile(
    r"'(.*)' is not a valid value of the (?:atomic|union|list) type '(\w+)'"
)
_ANY = f"; expected a Signature element in namespace {Namespace.XMLDSIG.value!r}."
_REPHRASE = [
    (re.compile(r"^This element is not expected\. Expected is (?:one of )?\( (.*) \)"),
     "Element {0!r} is not expected here; expected {1}."),
    (re.compile(r"^This element is not expected\.$"),
     "Element {0!r} is not expected here; nothing more may follow."),
    (re.compile(r"^Missing child element\(s\)\. Expected is (?:one of )?\( (.*) \)"),
     "Element {0!r} lacks a required child; expected {1}."),
    (re.compile(r"No match found for key-sequence \['(.*)'\] of keyref '(\w+)'"),
     "School {1!r} is not among the transcript's schools; expected the key of a "
     "School in Schools."),
    (re.compile(r"^The value '(.*)' is not an element of the set \{(.*)\}"),
     "{1!r} is not accepted; expected one of {2}."),
    (re.compile(r"Duplicate key-sequence \['(.*)'\]"),
     "{1!r} appears twice; each may appear once."),
]  # fmt: skip


def schema_bytes() -> bytes:
    """
    Return the published XSD as shipped in the package.

    :returns: the schema document.
    """
    resource = importlib.resources.files("hocbaso.xml") / "schema" / SCHEMA_FILE
    return resource.read_bytes()


def transcript_schema() -> etree.XMLSchema:
    """
    Return the compiled schema, loading it on first use in this thread.

    :returns: an lxml schema validator.
    """
    schema: etree.XMLSchema | None = getattr(_LOCAL, "schema", None)
    if schema is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False
        )
        schema = etree.XMLSchema(etree.fromstring(schema_bytes(), parser))
        _LOCAL.schema = schema
        logger.info("Loaded schema %s.", SCHEMA_FILE)
    return schema


def explain(tree: etree._ElementTree, log: Any) -> Iterator[Problem]:
    """
    Turn lxml's schema errors into problems with a readable path and message.

    lxml reports a failed facet and then the failed type for the same value;
    the two become one problem that says what the type expects.

    :param tree: the document that failed validation.
    :param log: the schema's error log from that validation.
    :returns: one problem per place, in document order.
    """
    places: dict[tuple[str, int], list[str]] = {}
    texts: dict[tuple[str, int], list[str]] = {}
    for entry in log:
        path, value = _locate(tree, entry.path, entry.line, entry.message)
        places.setdefault((path, entry.line), []).append(entry.message)
        texts.setdefault((path, entry.line), []).append(value)
    for (path, line), messages in places.items():
        reason = without_personal_values(_reason(messages), path, texts[path, line])
        yield Problem("xml.schema", reason, path, line)


def _locate(
    tree: etree._ElementTree, node_path: str | None, line: int, message: str
) -> tuple[str, str]:
    # The path of the place, and the value found there.
    element = _element(tree, node_path, line)
    path = element_path(element) if element is not None else ""
    value = (element.text or "") if element is not None else ""
    match = _ELEMENT.match(_NAMESPACE.sub("", message))
    if match and match.group(2):
        path = f"{path}/@{match.group(2)}"
        value = element.get(match.group(2), "") if element is not None else ""
    return path, value


def _element(
    tree: etree._ElementTree, node_path: str | None, line: int
) -> etree._Element | None:
    # Identity-constraint errors come without a node path; the line finds it.
    found = tree.xpath(node_path) if node_path else []
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    by_line = (
        el for el in tree.getroot().iter(etree.Element) if source_line(el) == line
    )
    return next(by_line, None)


def _reason(messages: list[str]) -> str:
    plain = [_NAMESPACE.sub("", message).strip() for message in messages]
    for message in plain:
        typed = _TYPED.search(_ELEMENT.sub("", message))
        if typed and expected(typed.group(2)) is not None:
            return f"{typed.group(1)!r} is not {expected(typed.group(2))}."
    return _rephrase(plain[0])


def _rephrase(message: str) -> str:
    subject = _ELEMENT.match(message)
    name = subject.group(1) if subject else "This element"
    text = _FACET.sub("", _ELEMENT.sub("", message))
    for pattern, template in _REPHRASE:
        found = pattern.search(text)
        if found:
            return template.format(name, *found.groups()).replace("; expected *.", _ANY)
    return f"{name}: {text.rstrip('.')}."
