"""
The XML format reference, generated from the published XSD at build time.

``.. xsd-reference::`` reads ``hocbaso/xml/schema/transcript-1.0.xsd`` (the file
the package ships, so the page cannot drift from the schema) and writes one
section per complex type, listing each element and attribute with its type,
cardinality and ``xs:documentation``, and one per simple type, with its base,
facets and, for code lists, every allowed code with its Vietnamese label.
:func:`reference_rst` does the work and is tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from lxml import etree
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

__all__ = ["XSDReference", "reference_rst", "setup"]

XS = "{http://www.w3.org/2001/XMLSchema}"
_FACETS = (
    "minLength",
    "maxLength",
    "length",
    "pattern",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "totalDigits",
    "fractionDigits",
)


def _doc(node: etree._Element) -> str:
    """Return the element's own ``xs:annotation/xs:documentation`` text, joined."""
    texts = node.xpath(
        "xs:annotation/xs:documentation/text()", namespaces={"xs": XS[1:-1]}
    )
    if not isinstance(texts, list):
        return ""
    return " ".join(" ".join(str(t).split()) for t in texts)


def _cell(text: str) -> str:
    """Escape text for a list-table cell (reST inline markup stays literal)."""
    if not text:
        return "—"
    for char in ("\\", "*", "`", "|", "_"):
        text = text.replace(char, "\\" + char)
    return text


def _type_ref(name: str | None, named: set[str]) -> str:
    if name is None:
        return "(inline)"
    if name in named:
        return f":ref:`{name} <xsd-{name}>`"
    return f"``{name}``"


def _occurs(node: etree._Element, choice: bool = False) -> str:
    low = node.get("minOccurs", "1")
    high = node.get("maxOccurs", "1")
    high = "∞" if high == "unbounded" else high
    text = low if low == high else f"{low}..{high}"
    return f"{text}, one of a choice" if choice else text


def _rows(
    parent: etree._Element,
    prefix: str,
    named: set[str],
    choice: etree._Element | None = None,
) -> list[tuple[str, str, str, str]]:
    """Return (name, type, occurs, documentation) for a content model, depth first."""
    rows: list[tuple[str, str, str, str]] = []
    for child in parent:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{XS}sequence", f"{XS}all"):
            rows.extend(_rows(child, prefix, named))
        elif tag == f"{XS}choice":
            for option in _rows(child, prefix, named, choice=child):
                name, kind, _, doc = option
                rows.append((name, kind, _occurs(child, choice=True), doc))
        elif tag == f"{XS}element":
            name = f"{prefix}{child.get('name')}"
            occurs = _occurs(child) if choice is None else ""
            inline = child.find(f"{XS}complexType")
            if inline is None:
                rows.append(
                    (
                        f"``{name}``",
                        _type_ref(child.get("type"), named),
                        occurs,
                        _doc(child),
                    )
                )
                continue
            content = inline.find(f"{XS}simpleContent/{XS}extension")
            if content is not None:
                kind = _type_ref(content.get("base"), named)
                rows.append((f"``{name}``", kind, occurs, _doc(child)))
                rows.extend(_attribute_rows(content, f"{name}/", named))
                continue
            rows.append((f"``{name}``", "(group)", occurs, _doc(child)))
            rows.extend(_rows(inline, f"{name}/", named))
            rows.extend(_attribute_rows(inline, f"{name}/", named))
        elif tag == f"{XS}any":
            space = child.get("namespace", "##any")
            rows.append(
                (
                    f"``{prefix}*``",
                    f"any element of ``{space}``",
                    _occurs(child),
                    _doc(child),
                )
            )
    return rows


def _attribute_rows(
    parent: etree._Element, prefix: str, named: set[str]
) -> list[tuple[str, str, str, str]]:
    rows = []
    for attribute in parent.findall(f"{XS}attribute"):
        required = attribute.get("use") == "required"
        occurs = "required" if required else "optional"
        if attribute.get("fixed") is not None:
            occurs += f", fixed ``{attribute.get('fixed')}``"
        name = f"``{prefix}@{attribute.get('name')}``"
        rows.append(
            (name, _type_ref(attribute.get("type"), named), occurs, _doc(attribute))
        )
    return rows


def _table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: str
) -> list[str]:
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in (header, *rows):
        lines.append(f"   * - {row[0]}")
        lines.extend(f"     - {cell}" for cell in row[1:])
    return [*lines, ""]


def _constraints(element: etree._Element) -> list[str]:
    lines = []
    for kind, label in (
        (f"{XS}key", "key"),
        (f"{XS}keyref", "reference"),
        (f"{XS}unique", "unique"),
    ):
        for constraint in element.iter(kind):
            selector = constraint.find(f"{XS}selector")
            fields = [f.get("xpath", "") for f in constraint.findall(f"{XS}field")]
            where = selector.get("xpath", "") if selector is not None else ""
            refer = constraint.get("refer")
            text = f"- {label} ``{constraint.get('name')}``: ``{where}`` by ``{', '.join(fields)}``"
            if refer:
                text += f", referring to ``{refer.partition(':')[2] or refer}``"
            lines.append(text)
    return lines


def _heading(text: str, char: str) -> list[str]:
    return [text, char * len(text), ""]


def _simple_type(simple: etree._Element, named: set[str], level: str) -> list[str]:
    name = simple.get("name", "")
    lines = [f".. _xsd-{name}:", "", *_heading(name, level)]
    doc = _doc(simple)
    if doc:
        lines += [_cell(doc), ""]
    restriction = simple.find(f"{XS}restriction")
    union = simple.find(f"{XS}union")
    if union is not None:
        members = union.get("memberTypes", "").split()
        refs = ", ".join(_type_ref(member, named) for member in members)
        lines += [f"Either of: {refs}.", ""]
    if restriction is None:
        return lines
    lines += [f"Base: {_type_ref(restriction.get('base'), named)}.", ""]
    facets = [
        f"``{facet.tag[len(XS) :]}`` = ``{facet.get('value')}``"
        for facet in restriction
        if isinstance(facet.tag, str) and facet.tag[len(XS) :] in _FACETS
    ]
    if facets:
        lines += ["Facets: " + "; ".join(facets) + ".", ""]
    codes = [
        (f"``{code.get('value')}``", _cell(_doc(code)))
        for code in restriction.findall(f"{XS}enumeration")
    ]
    if len(codes) == 1:
        lines += [f"The only allowed value is {codes[0][0]}.", ""]
    elif codes:
        lines += _table(("Code", "Meaning"), codes, "30 70")
    return lines


def reference_rst(xsd: Path, levels: str = "~^") -> list[str]:
    """
    Return the reST reference of a schema, one section per named type.

    :param xsd: the schema file.
    :param levels: the underline characters of the groups (root element,
        complex types, simple types) and of each type's section; the default
        suits a directive placed in a ``-`` section under an ``=`` page title.
    :returns: the lines, ready for a nested parse.
    """
    group, each = levels[0], levels[1]
    parser = etree.XMLParser(
        remove_comments=True, resolve_entities=False, no_network=True
    )
    schema = etree.parse(str(xsd), parser).getroot()
    complex_types = schema.findall(f"{XS}complexType")
    simple_types = schema.findall(f"{XS}simpleType")
    named = {t.get("name", "") for t in (*complex_types, *simple_types)}
    lines = [
        f"Namespace ``{schema.get('targetNamespace')}``, schema version "
        f"``{schema.get('version')}``. {_cell(_doc(schema))}",
        "",
    ]
    lines += _heading("Root element", group)
    for root in schema.findall(f"{XS}element"):
        lines += [
            f"``{root.get('name')}`` of type {_type_ref(root.get('type'), named)}: "
            f"{_cell(_doc(root))}",
            "",
        ]
        constraints = _constraints(root)
        if constraints:
            lines += ["Identity constraints:", "", *constraints, ""]
    lines += _heading("Complex types", group)
    for complex_type in complex_types:
        name = complex_type.get("name", "")
        lines += [f".. _xsd-{name}:", "", *_heading(name, each)]
        if _doc(complex_type):
            lines += [_cell(_doc(complex_type)), ""]
        rows = _rows(complex_type, "", named) + _attribute_rows(complex_type, "", named)
        rows = [(n, k, o or "—", _cell(d)) for n, k, o, d in rows]
        lines += _table(
            ("Element or attribute", "Type", "Occurs", "Documentation"),
            rows,
            "25 20 15 40",
        )
        constraints = [
            c
            for child in complex_type.iter(f"{XS}element")
            for c in _constraints(child)
        ]
        if constraints:
            lines += ["Identity constraints:", "", *sorted(set(constraints)), ""]
    lines += _heading("Simple types", group)
    for simple in simple_types:
        lines += _simple_type(simple, named, each)
    return lines


class XSDReference(SphinxDirective):
    """``.. xsd-reference::``: the reference of hocbaso's published XSD."""

    has_content = False
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        """Parse the schema and return its reference as document nodes."""
        from importlib.resources import files

        from hocbaso.xml import SCHEMA_FILE

        xsd = Path(str(files("hocbaso.xml").joinpath("schema", SCHEMA_FILE)))
        self.env.note_dependency(str(xsd))
        lines = reference_rst(xsd)
        container = nodes.section()
        container.document = self.state.document
        content = StringList(lines, source=str(xsd))
        nested_parse_with_titles(self.state, content, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive; called by Sphinx."""
    app.add_directive("xsd-reference", XSDReference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
