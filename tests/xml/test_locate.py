"""Rule findings are placed on the line of the element their model path names."""

from __future__ import annotations

import pytest

from hocbaso.examples import lower_secondary_example, primary_example
from hocbaso.xml import inspect_xml, write_xml

PRIMARY = write_xml(primary_example())
LOWER = write_xml(lower_secondary_example())


def _line_text(document: bytes, path: str) -> str | None:
    line = inspect_xml(document).lines_of([path])[path]
    return None if line is None else document.decode().splitlines()[line - 1].strip()


@pytest.mark.parametrize(
    ("path", "starts"),
    [
        ("pupil.birth_date", "<BirthDate>"),
        ("years[2021-2022].result", "<Result>excellent"),
        ("years[2021-2022].subjects[mathematics].test_score", "<TestScore>10"),
        ("years[2021-2022].school_year", '<PrimaryYear Id="year-2021-2022"'),
        ("years[2020-2021].signers[1].signed_on", "<SignedOn>2021-05-28"),
        ("schools[S1].address.province", "<Province>"),
        # Deeper than the document goes: the nearest element above.
        ("years[2021-2022].individual_plan", '<PrimaryYear Id="year-2021-2022"'),
        ("years[2021-2022].subjects[ethics].test_score", '<Subject code="ethics">'),
    ],
)
def test_a_path_names_its_element(path: str, starts: str) -> None:
    found = _line_text(PRIMARY, path)
    assert found is not None and found.startswith(starts)


def test_a_transfer_is_found_by_its_position() -> None:
    found = _line_text(LOWER, "transfers[0].to_school")
    assert found is not None and found.startswith("<ToSchool>")


def test_a_path_outside_the_document_has_no_line() -> None:
    assert inspect_xml(PRIMARY).lines_of(["nothing.here"]) == {"nothing.here": None}
    assert inspect_xml(b"<broken").lines_of(["pupil"]) == {"pupil": None}
