"""The egov-xml variant reads safely and strictly, and says where a file is wrong."""

from __future__ import annotations

import pytest

from hocbaso.errors import HocbasoNotSupportedError, VariantReadError
from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.variants import Confidence, LossKind, detect_variant, get_variant
from hocbaso.variants.egov_xml import MAX_BYTES, data_id

EGOV = get_variant("egov-xml")


@pytest.fixture(scope="module")
def written() -> bytes:
    return EGOV.write(primary_example())[0]


def test_layout_follows_the_egov_convention(written: bytes) -> None:
    text = written.decode()
    assert f'<DLHBa Id="{data_id("HB37-TH-2025-000123")}">' in text
    for piece in ("<TTChung>", "<PBan>1.0.0</PBan>", "<MSo>01/HBS-TH</MSo>",
                  "<NLap>30/05/2025</NLap>", "<MMHoc>01</MMHoc>", "<Ma>15</Ma>",
                  "<KQGDuc>HTXS</KQGDuc>", "<DSCKS/>"):  # fmt: skip
        assert piece in text
    secondary = EGOV.write(lower_secondary_example())[0].decode()
    assert "<MSo>02/HBS-THCS</MSo>" in secondary and "<HTCNam>" in secondary


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE HocBa [<!ENTITY x "y">]><HocBa><DLHBa/></HocBa>',
         "DOCTYPE"),
        (b"<HocBa><DLHBa>&ext;</DLHBa></HocBa>", "not well-formed"),
        (b"<HocBa><DLHBa></HocBa>", "not well-formed"),
        (b"<HocBa/>", "'DLHBa' is missing"),
        (b"<TDiep><DLHBa/></TDiep>", "root element is 'TDiep'"),
    ],
)  # fmt: skip
def test_unsafe_or_broken_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(VariantReadError, match=message):
        EGOV.read(data)


def test_size_limit() -> None:
    with pytest.raises(VariantReadError, match="at most"):
        EGOV.read(b"<HocBa>" + b" " * MAX_BYTES + b"</HocBa>")


def test_errors_name_path_and_line(written: bytes) -> None:
    bad = written.replace(b"<MDat>T</MDat>", b"<MDat>X</MDat>", 1)
    with pytest.raises(VariantReadError) as info:
        EGOV.read(bad)
    problem = info.value.problems[0]
    assert problem.path.startswith("/HocBa/DLHBa/NDHBa/DSNHoc/NamHoc[1]/DSMHoc/MHoc")
    assert problem.path.endswith("/MDat") and problem.line is not None
    assert "Code 'X' is not one of 'T', 'H', 'C'." in problem.reason


def test_bad_date_and_missing_field(written: bytes) -> None:
    with pytest.raises(VariantReadError, match=r"NgSinh.*dd/MM/yyyy"):
        EGOV.read(written.replace(b"<NgSinh>", b"<NgSinh>2014-", 1))
    with pytest.raises(VariantReadError, match="'MTCuu' is missing"):
        EGOV.read(
            written.replace(b"<MTCuu>", b"<X>", 1).replace(b"</MTCuu>", b"</X>", 1)
        )


def test_unknown_elements_are_unmapped_not_dropped(written: bytes) -> None:
    extended = written.replace(
        b"<GTinh>", "<SoThich>Đọc sách</SoThich><GTinh>".encode(), 1
    )
    transcript, report = EGOV.read(extended)
    assert transcript == EGOV.read(written)[0]
    [entry] = [e for e in report.entries if e.kind is LossKind.UNMAPPED]
    assert entry.source == "/HocBa/DLHBa/NDHBa/TTHSinh/SoThich"


def test_other_layout_versions_are_not_supported(written: bytes) -> None:
    with pytest.raises(HocbasoNotSupportedError, match=r"PBan '2\.0\.0'"):
        EGOV.read(written.replace(b"<PBan>1.0.0</PBan>", b"<PBan>2.0.0</PBan>"))


def test_detection_needs_the_data_part() -> None:
    assert EGOV.detect(b"<HocBa><DLHBa Id='a'/></HocBa>") is Confidence.CERTAIN
    assert EGOV.detect(b"<TDiep><TTChung/></TDiep>") is Confidence.NONE
    assert EGOV.detect(b"\x00\x01binary") is Confidence.NONE


def test_detects_bundled_sample(written: bytes) -> None:
    assert detect_variant(written).name == "egov-xml"


def test_blank_absence_count_is_reported_not_silently_zero(written: bytes) -> None:
    blanked = written.replace(b"<SNCPhep>2</SNCPhep>", b"<SNCPhep></SNCPhep>", 1)
    transcript, report = EGOV.read(blanked)
    assert transcript.years[0].attendance.excused == 0
    [entry] = [e for e in report.entries if e.path.endswith(".attendance")]
    assert entry.kind is LossKind.APPROXIMATED
    assert entry.path == f"years[{transcript.years[0].school_year}].attendance"
    assert entry.source is not None and entry.source.endswith("/SNCPhep")
    assert "unknown, not zero" in entry.reason
    assert not [
        e for e in EGOV.read(written)[1].entries if e.path.endswith(".attendance")
    ]
