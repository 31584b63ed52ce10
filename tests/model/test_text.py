"""Text as the model keeps it: NFC, single spaces, never blank or invisible."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hocbaso.examples import primary_example
from hocbaso.model import Guardian
from hocbaso.pdf import check_pair, render_pdf


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("  Lê   Thị\tHà ", "Lê Thị Hà"),
        ("Lê\u00a0Thị\nHà", "Lê Thị Hà"),
        ("Le\u0302 Thi\u0323 Ha\u0300", "Lê Thị Hà"),  # NFD in, NFC kept
    ],
)
def test_whitespace_is_folded_as_the_forms_print_it(given: str, kept: str) -> None:
    assert Guardian(name=given).name == kept


@pytest.mark.parametrize("given", ["", "   ", "\n\t", "A\x85B", "A\u200bB", "\ufeffA"])
def test_blank_and_invisible_text_is_refused(given: str) -> None:
    with pytest.raises(ValidationError):
        Guardian(name=given)


def test_a_spaced_name_still_agrees_with_its_pdf() -> None:
    example = primary_example()
    pupil = type(example.pupil).model_validate(
        example.pupil.model_dump() | {"full_name": "  Nguyễn  Thị\u00a0Thu Hà "}
    )
    transcript = example.model_copy(update={"pupil": pupil})

    report = check_pair(render_pdf(transcript))

    assert pupil.full_name == "Nguyễn Thị Thu Hà"
    assert report.agrees, (report.metadata, list(report.problems()))
