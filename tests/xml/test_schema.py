"""The published XSD: generated from the layout, valid everywhere, never drifting."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from hocbaso.examples import primary_example
from hocbaso.xml import Namespace, schema_bytes, transcript_schema, write_xml
from hocbaso.xml._build_xsd import SCHEMA_PATH, build_schema
from hocbaso.xml._types import ENUMERATIONS

DATA = Path(__file__).resolve().parents[1] / "data" / "xml"
XS = {"xs": Namespace.XSD.value}


def test_committed_schema_is_what_the_layout_generates() -> None:
    assert SCHEMA_PATH.read_bytes() == build_schema(), (
        "Run `python -m hocbaso.xml._build_xsd` and commit the schema."
    )


def test_packaged_schema_is_the_committed_one() -> None:
    assert schema_bytes() == SCHEMA_PATH.read_bytes()


@pytest.mark.parametrize("name", sorted(ENUMERATIONS))
def test_enumerations_equal_vocabulary_codes(name: str) -> None:
    schema = etree.fromstring(SCHEMA_PATH.read_bytes())
    values = _strings(
        schema.xpath(
            f"xs:simpleType[@name='{name}']/xs:restriction/xs:enumeration/@value",
            namespaces=XS,
        )
    )

    assert values == [member.value for member in ENUMERATIONS[name]]


def test_every_code_type_of_the_schema_is_checked() -> None:
    schema = etree.fromstring(SCHEMA_PATH.read_bytes())
    with_enumerations = _strings(
        schema.xpath(
            "xs:simpleType[xs:restriction/xs:enumeration]/@name", namespaces=XS
        )
    )

    assert set(with_enumerations) - {"TranscriptId"} == set(ENUMERATIONS)


def _strings(found: object) -> list[str]:
    assert isinstance(found, list)
    return [str(item) for item in found]


def _elements(found: object) -> list[etree._Element]:
    assert isinstance(found, list)
    return [item for item in found if isinstance(item, etree._Element)]


def test_schema_is_valid_for_xmlschema_and_lxml() -> None:
    xmlschema.XMLSchema10(str(SCHEMA_PATH)).validate(
        write_xml(primary_example()).decode()
    )
    assert transcript_schema().validate(etree.fromstring(write_xml(primary_example())))


def test_schema_documents_elements_in_vietnamese() -> None:
    schema = etree.fromstring(SCHEMA_PATH.read_bytes())
    lookup = _elements(
        schema.xpath(
            "xs:complexType[@name='TranscriptType']//xs:element[@name='LookupCode']"
            "/xs:annotation/xs:documentation",
            namespaces=XS,
        )
    )

    assert [node.text for node in lookup] == ["Mã tra cứu học bạ số."]
    assert lookup[0].get(f"{{{Namespace.XML.value}}}lang") == "vi"


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
@pytest.mark.parametrize("name", ["valid_primary.xml", "valid_secondary.xml"])
def test_xmllint_accepts_written_examples(name: str, tmp_path: Path) -> None:
    document = DATA / name
    done = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", str(SCHEMA_PATH), str(document)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr


def test_stored_valid_examples_are_current() -> None:
    assert (DATA / "valid_primary.xml").read_bytes() == write_xml(primary_example())
