"""Detection picks the variant that wrote a file and refuses unknown input clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from hocbaso.errors import UnknownVariantError, VariantDetectionError
from hocbaso.examples import primary_example
from hocbaso.variants import available_variants, detect_variant, get_variant

DATA = Path(__file__).resolve().parents[1] / "data" / "variants"


@pytest.mark.parametrize(
    "name", ["canonical-xml", "central-json", "csdl-record", "egov-xml", "primary-xlsx"]
)
def test_detects_what_each_variant_writes(name: str) -> None:
    data, _ = get_variant(name).write(primary_example())
    assert detect_variant(data).name == name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "it is empty"),
        (b"   \n", "it is empty"),
        (b'{"name": "x", "values": [1, 2]}', "JSON-like"),
        (b"[1, 2, 3]", "JSON-like"),
        (
            b'{"ho_va_ten": "A", "x": [1, 2',
            "JSON-like but not valid JSON: Expecting "
            "',' delimiter at line 1, column 30",
        ),
        (b"<!DOCTYPE html><html><body>Hoc ba</body></html>", "markup"),
        (b"<?xml version='1.0'?><TDiep><TTChung/></TDiep>", "markup"),
        (b"PK\x03\x04not really a zip", "unrecognised"),
        (b"%PDF-1.7\n%bundle", "a PDF: a hocbaso bundle carries its transcript"),
    ],
)
def test_refuses_unknown_input(data: bytes, message: str) -> None:
    with pytest.raises(
        VariantDetectionError, match=f"No variant recognises this input.*{message}"
    ):
        detect_variant(data)


def test_refuses_a_foreign_signed_xml(corpus_dir: Path) -> None:
    sample = corpus_dir / "vn_xml" / "gdt_tdiep_tbao_signed_vgca.xml"
    if not sample.is_file():
        pytest.skip("tax-authority sample absent")
    with pytest.raises(VariantDetectionError, match="No variant recognises"):
        detect_variant(sample.read_bytes())


def test_bundled_examples_are_detected() -> None:
    for path in sorted(DATA.glob("primary_example.*")):
        suffix = "".join(path.suffixes)
        expected = {".json": "central-json", ".jsonl": "csdl-record", ".xlsx": "primary-xlsx",
                    ".xml": "canonical-xml", ".egov.xml": "egov-xml"}[suffix]  # fmt: skip
        assert detect_variant(path.read_bytes()).name == expected


def test_unknown_name() -> None:
    with pytest.raises(
        UnknownVariantError, match="Unknown variant 'nope'; expected one of"
    ):
        get_variant("nope")
    assert "central-json" in available_variants()
