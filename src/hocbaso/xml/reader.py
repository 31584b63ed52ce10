"""
Read canonical transcript XML safely, reporting every problem with its place.

Reading runs these steps in order; the first four stop at their first problem,
because nothing after them could be trusted:

1. size: input over ``max_bytes`` is refused before it is parsed;
2. parsing: no DTD is loaded, no entity expanded, nothing fetched from the
   network, and a document with any ``DOCTYPE`` is refused;
3. depth: a tree deeper than ``max_depth`` is refused;
4. root: the root must be ``Transcript`` in namespace
   :attr:`~hocbaso.xml.namespaces.Namespace.TRANSCRIPT`, of a supported
   ``formatVersion``;
5. schema: the published XSD (lxml, compiled once per thread);
6. text: every text must be in Unicode NFC, as the writer leaves it;
7. model: the elements are mapped to a dict in one pass and validated by
   :class:`~hocbaso.model.Transcript`; its errors come back with XML paths.

Nothing read is ever logged: only counts and problem codes.
"""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree
from pydantic import ValidationError

from hocbaso._files import MAX_XML_BYTES, read_input
from hocbaso.errors import InputFileError, InputTooLargeError, Problem, XMLReadError
from hocbaso.model import Transcript
from hocbaso.xml._layout import ROOT, Choice, Items, Leaf, Nested, Repeated, Shape
from hocbaso.xml._locate import locate_lines
from hocbaso.xml._paths import (
    element_path,
    locate,
    source_line,
    without_personal_values,
)
from hocbaso.xml._schema import explain, transcript_schema
from hocbaso.xml.namespaces import SUPPORTED_VERSIONS, Namespace

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "ReadResult",
    "inspect_xml",
    "iter_problems",
    "read_xml",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = MAX_XML_BYTES
"""The largest document read by default; a real transcript is about 40 KB."""

DEFAULT_MAX_DEPTH = 64
"""The deepest element nesting read by default; the schema needs 7 levels."""

Source = bytes | str | os.PathLike[str]
"""A document: its bytes, its text (never a file name), or the path of a file."""

_NS = Namespace.TRANSCRIPT.value
_NS_PREFIX = "urn:hocbaso:transcript:"
_SIGNATURES = Namespace.TRANSCRIPT.tag("Signatures")
_SIGNATURE = Namespace.XMLDSIG.tag("Signature")
_DSIG = Namespace.XMLDSIG.tag("")
_LOCAL = threading.local()
_REQUIRED = " is required here."


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a lenient read found: the transcript, if one could be built, and why not."""

    transcript: Transcript | None
    """The transcript, or ``None`` when the document could not give one."""
    problems: tuple[Problem, ...]
    """Every problem found, in document order within each step."""
    root: etree._Element | None = field(default=None, repr=False, compare=False)
    """The parsed document, when it could be parsed (for :meth:`lines_of`)."""

    @property
    def ok(self) -> bool:
        """Whether the document is a valid canonical transcript."""
        return self.transcript is not None and not self.problems

    def lines_of(self, paths: Iterable[str]) -> dict[str, int | None]:
        """
        Return the line of the element each model path names (rule findings' paths).

        :param paths: model paths, e.g. ``years[2021-2022].result``.
        :returns: the line for each path, or ``None`` where it cannot be placed.
        """
        if self.root is None:
            return dict.fromkeys(paths)
        return locate_lines(self.root, paths)


def read_xml(
    source: Source,
    *,
    strict: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Transcript:
    """
    Read a transcript from canonical XML.

    :param source: the document's bytes, its text as ``str`` (never a file
        name), or an :class:`os.PathLike` naming a file.
    :param strict: if true (the default), any problem is an error. If false, a
        document whose problems still leave a valid model (text not in NFC, an
        unknown extra element) is read, with a warning logged that counts the
        problems; use :func:`inspect_xml` to see them.
    :param max_bytes: refuse larger input before parsing it.
    :param max_depth: refuse deeper element nesting.
    :returns: the transcript.
    :raises XMLReadError: listing the problems, when the document is refused.
    """
    result = inspect_xml(source, max_bytes=max_bytes, max_depth=max_depth)
    if result.transcript is None or (strict and result.problems):
        raise XMLReadError(list(result.problems))
    if result.problems:
        codes = sorted({problem.code for problem in result.problems})
        logger.warning(
            "Read a transcript leniently despite %d problem(s): %s.",
            len(result.problems),
            ", ".join(codes),
        )
    return result.transcript


def iter_problems(
    source: Source,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Iterator[Problem]:
    """
    Yield every problem of a document; nothing for a valid transcript.

    :param source: as for :func:`read_xml`.
    :param max_bytes: refuse larger input before parsing it.
    :param max_depth: refuse deeper element nesting.
    :returns: the problems, in the order :func:`inspect_xml` finds them.
    """
    yield from inspect_xml(source, max_bytes=max_bytes, max_depth=max_depth).problems


def inspect_xml(
    source: Source,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> ReadResult:
    """
    Read a document leniently and report everything wrong with it.

    Never raises for bad input: a document that cannot be read at all gives a
    result with no transcript and the problem that stopped the reading.

    :param source: as for :func:`read_xml`.
    :param max_bytes: refuse larger input before parsing it.
    :param max_depth: refuse deeper element nesting.
    :returns: the transcript, if one could be built, and all problems found.
    """
    try:
        data = _load(source, max_bytes)
        tree = _parse(data)
        _check_depth(tree, max_depth)
        _check_root(tree.getroot())
    except XMLReadError as exc:
        return ReadResult(None, tuple(exc.problems))

    problems = [*_check_schema(tree), *_check_nfc(data, tree), *_check_ids(tree)]
    transcript, model_problems = _build(tree.getroot())
    problems.extend(_not_covered(model_problems, problems))
    return ReadResult(transcript, tuple(problems), tree.getroot())


def _fail(
    code: str, reason: str, path: str = "", line: int | None = None
) -> XMLReadError:
    return XMLReadError([Problem(code, reason, path, line)])


def _load(source: Source, max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str):
        if len(source) > max_bytes:
            raise _too_large(len(source), max_bytes)
        if "<" not in source and source.strip().lower().endswith(".xml"):
            raise _fail(
                "xml.not-well-formed",
                f"The text {source.strip()[:80]!r} is not XML but looks like a file "
                "name; a str is read as the document itself: pass a pathlib.Path "
                "(or the file's bytes) to read a file.",
            )
        data = source.encode("utf-8")
    else:
        data = _read_file(os.fspath(source), max_bytes)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _read_file(name: str, max_bytes: int) -> bytes:
    try:
        return read_input(name, max_bytes=max_bytes)
    except InputTooLargeError as exc:
        raise _too_large(exc.size, exc.limit) from exc
    except InputFileError as exc:
        raise _fail("xml.unreadable", str(exc)) from exc


def _too_large(size: int, max_bytes: int) -> XMLReadError:
    return _fail(
        "xml.too-large",
        f"The document has {size:,} bytes or more; the limit is {max_bytes:,} (an XML "
        "transcript is about 40 KB).",
    )


def _parser() -> etree.XMLParser:
    # Parsers are not thread-safe; one per thread is reused for speed.
    parser: etree.XMLParser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_blank_text=False,
        )
        _LOCAL.parser = parser
    return parser


def _parse(data: bytes) -> etree._ElementTree:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_problem(exc, data.count(b"\n") + 1) from exc
    tree = root.getroottree()
    info: Any = tree.docinfo  # The stubs lack ``doctype``.
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _fail(
            "xml.doctype-forbidden",
            "The document has a DOCTYPE; DTDs and entities are refused, since a "
            "canonical transcript never needs them.",
            line=_line_of(data, b"<!DOCTYPE"),
        )
    encoding = str(info.encoding or "UTF-8")
    if encoding.upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        # The bytes would be decoded as the declaration says: a UTF-8 file that
        # declares ISO-8859-1 reads back as mojibake, and looks valid.
        raise _fail(
            "xml.encoding-not-utf8",
            f"The document is encoded as {encoding!r} (by its byte-order mark or its "
            "declaration); a transcript is UTF-8 (TT 39/2017/TT-BTTTT), declared so "
            "or not declared.",
            line=1,
        )
    return tree


def _line_of(data: bytes, marker: bytes) -> int:
    # The line where ``marker`` first appears; the first line if it does not
    # (in another encoding, say).
    found = data.find(marker)
    return data.count(b"\n", 0, found) + 1 if found >= 0 else 1


def _syntax_problem(exc: etree.XMLSyntaxError, last_line: int) -> XMLReadError:
    message = str(exc.msg or exc).split(", line ")[0].rstrip(".")
    if "Excessive depth" in message:
        return _fail("xml.too-deep", "The document nests elements too deeply to parse.")
    if "DOCTYPE" in message or "ntity" in message or "amplification" in message:
        return _fail(
            "xml.doctype-forbidden",
            "The document uses a DTD or entities, which are refused.",
            line=exc.lineno,
        )
    if _is_truncation(message, exc.lineno or 0, last_line):
        reason = (
            f"The document ends too early; the file is probably truncated ({message})."
        )
    else:
        reason = f"The document is not well-formed XML: {message}."
    return _fail("xml.not-well-formed", reason, line=exc.lineno)


def _is_truncation(message: str, line: int, last_line: int) -> bool:
    # A document cut short fails on its last line, with whatever construct was
    # open there; content after the root or a missing root is another matter.
    if "Premature end" in message:
        return True
    # An end tag naming the wrong element is a mistake in the text, not a cut.
    other = (
        "Extra content",
        "Start tag expected",
        "Document is empty",
        "tag mismatch",
    )
    return line >= last_line and not any(text in message for text in other)


@lru_cache(maxsize=8)
def _depth_probe(max_depth: int) -> etree.XPath:
    return etree.XPath("(/" + "/".join(["*"] * (max_depth + 1)) + ")[1]")


def _check_depth(tree: etree._ElementTree, max_depth: int) -> None:
    found = _depth_probe(max_depth)(tree)
    if isinstance(found, list) and found:
        element = found[0]
        assert isinstance(element, etree._Element), "The probe selects elements."
        raise _fail(
            "xml.too-deep",
            f"Elements are nested more than {max_depth} levels deep; a transcript "
            "needs far fewer.",
            line=source_line(element),
        )


def _check_root(root: etree._Element) -> None:
    name = etree.QName(root)
    if name.namespace != _NS:
        raise _wrong_namespace(name)
    if name.localname != ROOT.tag:
        raise _fail(
            "xml.wrong-root",
            f"The root element is {name.localname!r}; expected 'Transcript'.",
            f"/{name.localname}",
            source_line(root),
        )
    version = root.get("formatVersion")
    if version not in SUPPORTED_VERSIONS:
        supported = ", ".join(sorted(SUPPORTED_VERSIONS))
        raise _fail(
            "xml.unsupported-version",
            f"The formatVersion is {version!r}; this reader supports {supported}.",
            "/Transcript/@formatVersion",
            source_line(root),
        )


def _wrong_namespace(name: etree.QName) -> XMLReadError:
    found = name.namespace or ""
    if found.startswith(_NS_PREFIX):
        return _fail(
            "xml.unsupported-version",
            f"The document is in namespace {found!r}, a version this reader does not "
            f"support; it reads {_NS!r}.",
            f"/{name.localname}",
            1,
        )
    return _fail(
        "xml.wrong-namespace",
        f"The root element {name.localname!r} is in namespace {found!r}; a transcript "
        f"is the element 'Transcript' in namespace {_NS!r}.",
        f"/{name.localname}",
        1,
    )


def _check_schema(tree: etree._ElementTree) -> list[Problem]:
    schema = transcript_schema()
    if schema.validate(tree):
        return []
    return list(explain(tree, schema.error_log))


def _check_nfc(data: bytes, tree: etree._ElementTree) -> Iterator[Problem]:
    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    if encoding in ("UTF-8", "UTF8"):
        text = data.decode("utf-8-sig", errors="replace")
        if unicodedata.is_normalized("NFC", text):
            return  # The common case: one check of the whole document.
    for element in tree.getroot().iter(etree.Element):
        yield from _element_nfc(element)


def _element_nfc(element: etree._Element) -> Iterator[Problem]:
    path = element_path(element)
    if element.text and not unicodedata.is_normalized("NFC", element.text):
        yield _nfc_problem(path, source_line(element))
    for name, value in element.attrib.items():
        if not unicodedata.is_normalized("NFC", str(value)):
            yield _nfc_problem(
                f"{path}/@{etree.QName(name).localname}", source_line(element)
            )


def _nfc_problem(path: str, line: int | None) -> Problem:
    return Problem(
        "xml.not-nfc",
        "The text is not in Unicode NFC (it holds decomposed characters). hocbaso "
        "writes NFC, so a file it wrote was changed since; a file from elsewhere must "
        "be normalised to NFC first (signed text is never normalised silently).",
        path,
        line,
    )


def _check_ids(tree: etree._ElementTree) -> Iterator[Problem]:
    # The root's fixed Id is the schema's to check; a year's Id follows from
    # its school year, which only code can see.
    root = tree.getroot()
    for year in root.iterfind("h:Years/*", {"h": _NS}):
        expected = f"year-{year.get('schoolYear')}"
        if year.get("Id") != expected:
            yield Problem(
                "xml.wrong-id",
                f"The year record's Id is {year.get('Id')!r}; a record for school year "
                f"{year.get('schoolYear')!r} has Id {expected!r}.",
                f"{element_path(year)}/@Id",
                source_line(year),
            )
    yield from _check_signatures(root)


def _check_signatures(root: etree._Element) -> Iterator[Problem]:
    signatures = root.find(_SIGNATURES)
    # The schema admits any element of the XML Signature namespace here.
    for child in () if signatures is None else signatures:
        if (
            isinstance(child.tag, str)
            and child.tag.startswith(_DSIG)
            and child.tag != _SIGNATURE
        ):
            yield Problem(
                "xml.schema",
                f"Signatures holds {etree.QName(child).localname!r}; it may hold only "
                "XML Signature 'Signature' elements.",
                element_path(child),
                source_line(child),
            )


def _build(root: etree._Element) -> tuple[Transcript | None, list[Problem]]:
    data = _read_shape(root, ROOT)
    try:
        return Transcript.model_validate(data), []
    except ValidationError as exc:
        return None, [_model_problem(root, error) for error in exc.errors()]


def _model_problem(root: etree._Element, error: Any) -> Problem:
    path, line = locate(root, error["loc"])
    if error["type"] == "missing":
        reason = f"{path.rsplit('/', 1)[-1].lstrip('@')}{_REQUIRED}"
    elif error["type"] in ("value_error", "assertion_error"):
        reason = str(error["msg"]).split(", ", 1)[-1]
    else:
        reason = f"{error['input']!r} is not accepted: {error['msg']}."
    reason = without_personal_values(reason, path, [error.get("input")])
    return Problem("model.invalid", reason.rstrip(".") + ".", path, line)


def _not_covered(found: list[Problem], earlier: list[Problem]) -> Iterator[Problem]:
    # A model error inside a place the schema already reported says the same
    # thing again, less precisely; keep only the new ones.
    # A missing element shows in the schema as an unexpected sibling.
    places = [problem.path for problem in earlier if problem.path]
    parents = {path.rsplit("/", 1)[0] for path in places}
    for problem in found:
        inside = any(
            problem.path == p or problem.path.startswith(p + "/") for p in places
        )
        missing = problem.reason.endswith(_REQUIRED)
        if not inside and not (missing and problem.path.rsplit("/", 1)[0] in parents):
            yield problem


def _read_shape(element: etree._Element, shape: Shape) -> dict[str, Any]:
    data: dict[str, Any] = dict(shape.constants)
    for attr in shape.attrs:
        value = element.get(attr.name)
        if value is not None and not attr.derived:
            data[attr.field] = value
    for child in element:
        node = shape.by_qname.get(child.tag)  # A comment's tag matches nothing.
        if node is not None:
            _read_node(child, node, data)
    return data


def _read_node(child: etree._Element, node: object, data: dict[str, Any]) -> None:
    if isinstance(node, Leaf):
        data[node.field] = _text(child, node.type)
    elif isinstance(node, Nested):
        data[node.field] = _read_shape(child, node.shape)
    elif isinstance(node, Repeated):
        data.setdefault(node.field, []).append(_text(child, node.type))
    elif isinstance(node, Choice):
        data[node.field] = [
            _read_shape(item, node.by_qname[item.tag])
            for item in child
            if item.tag in node.by_qname
        ]
    elif isinstance(node, Items):
        data[node.field] = _read_items(child, node)


def _read_items(wrapper: etree._Element, node: Items) -> Any:
    items = [item for item in wrapper if item.tag == node.item_qname]
    if node.key is not None:
        return {item.get(node.key): _text(item, "") for item in items}
    if isinstance(node.item, Shape):
        return [_read_shape(item, node.item) for item in items]
    return [_text(item, node.item) for item in items]


def _text(element: etree._Element, kind: str) -> str:
    # Text keeps its spaces; every other type is whitespace-collapsed by the
    # schema, and is stripped to match.
    text = element.text or ""
    return text if kind == "Text" else text.strip()
