"""
The documentation site builds cleanly, its examples run, and it keeps up with the code.

* The HTML build runs with ``-W -n``: any warning, including a reference that
  does not resolve, fails the test.
* The doctest build runs every ``>>>`` example of the guide pages.
* Every ``TODO(topic)`` in ``src/`` is on the known-issues page, and every topic
  the page names still exists in the code.
* Every name a public package exports is in the curated API reference.
* The XML reference generated from the XSD names every type and every code.

The builds need the ``docs`` extra (Sphinx, myst-parser); without it those tests
are skipped with the reason. The last three checks need nothing but the code.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "hocbaso"
XSD = SRC / "xml" / "schema" / "transcript-1.0.xsd"
TODO = re.compile(r"TODO\(([A-Za-z0-9_.-]+)\)")

_MISSING = [
    name for name in ("sphinx", "myst_parser") if importlib.util.find_spec(name) is None
]
needs_sphinx = pytest.mark.skipif(
    bool(_MISSING),
    reason=f"the docs extra is not installed ({', '.join(_MISSING)} missing): "
    "pip install -e '.[docs]'",
)


def _sphinx(builder: str, out: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-n",
        "--keep-going",
        "-q",
        "-b",
        builder,
        "-d",
        str(out / "doctrees"),
        str(DOCS),
        str(out / builder),
    ]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=ROOT
    )


@needs_sphinx
def test_html_build_has_no_warnings(tmp_path: Path) -> None:
    result = _sphinx("html", tmp_path)
    assert result.returncode == 0, result.stderr or result.stdout
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "học bạ số" in index
    reference = (tmp_path / "html" / "xml-format.html").read_text(encoding="utf-8")
    assert 'id="xsd-transcripttype"' in reference


@needs_sphinx
def test_guide_examples_run(tmp_path: Path) -> None:
    result = _sphinx("doctest", tmp_path)
    output = (tmp_path / "doctest" / "output.txt").read_text(encoding="utf-8")
    assert result.returncode == 0, output + result.stderr
    summary = re.search(r"(\d+) tests?\n.*?(\d+) failures? in tests", output, re.S)
    assert summary is not None, output
    assert int(summary.group(1)) > 0, "no doctest ran"
    assert int(summary.group(2)) == 0, output


def _todo_topics() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for topic in TODO.findall(line):
                found.setdefault(topic, []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_every_todo_in_the_code_is_a_known_issue() -> None:
    page = (DOCS / "known-issues.md").read_text(encoding="utf-8")
    missing = {
        topic: places
        for topic, places in _todo_topics().items()
        if f"TODO({topic})" not in page
    }
    assert not missing, (
        "docs/known-issues.md must describe these TODO topics, naming each as "
        f"`TODO(topic)`: {missing}"
    )


def test_every_known_issue_topic_is_still_in_the_code() -> None:
    page = (DOCS / "known-issues.md").read_text(encoding="utf-8")
    stale = set(TODO.findall(page)) - set(_todo_topics())
    assert not stale, (
        f"docs/known-issues.md names TODO topics no longer in src/: {sorted(stale)}"
    )


def _public_modules() -> tuple[str, ...]:
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        refs = importlib.import_module("hocbaso_refs")
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    modules: tuple[str, ...] = refs.PUBLIC_MODULES
    return modules


def test_public_packages_are_all_in_the_reference() -> None:
    listed = set(_public_modules())
    packages = {
        f"hocbaso.{path.parent.name if path.name == '__init__.py' else path.stem}"
        for path in [*SRC.glob("*/__init__.py"), *SRC.glob("*.py")]
        if path != SRC / "__init__.py"
        and not (
            path.parent.name if path.name == "__init__.py" else path.stem
        ).startswith("_")
    }
    missing = packages - listed - {"hocbaso.cli"}
    assert not missing, (
        f"add these packages to PUBLIC_MODULES and docs/api.rst: {missing}"
    )


def test_every_exported_name_is_in_the_api_reference() -> None:
    api = (DOCS / "api.rst").read_text(encoding="utf-8")
    missing = []
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        section = api.partition(f"``{module_name}``:")[2].split("\n``hocbaso.", 1)[0]
        for name in getattr(module, "__all__", ()):
            if not re.search(rf"(::|``)\s*{re.escape(name)}\b", section):
                missing.append(f"{module_name}.{name}")
    assert not missing, f"docs/api.rst does not list: {missing}"


def test_xml_reference_names_every_type_and_code() -> None:
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        xsd_ext = importlib.import_module("hocbaso_xsd")
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    text = "\n".join(xsd_ext.reference_rst(XSD))
    schema = etree.parse(str(XSD)).getroot()
    for name in _values(schema, "xs:complexType/@name | xs:simpleType/@name"):
        assert f".. _xsd-{name}:" in text, name
    for code in _values(schema, "//xs:enumeration/@value"):
        assert f"``{code}``" in text, code
    for element in _values(schema, "//xs:element/@name"):
        assert f"{element}``" in text, element


def _values(schema: etree._Element, path: str) -> list[str]:
    found = schema.xpath(path, namespaces={"xs": "http://www.w3.org/2001/XMLSchema"})
    assert isinstance(found, list)
    return [str(value) for value in found]
