"""An outside developer can register a variant; ambiguity is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from hocbaso.errors import HocbasoValueError, VariantDetectionError
from hocbaso.examples import primary_example
from hocbaso.model import Transcript
from hocbaso.variants import (
    Confidence,
    LossKind,
    LossReport,
    LossTable,
    Unheld,
    Variant,
    convert,
    detect_variant,
    register_variant,
    unregister_variant,
)


class ToyVariant(Variant):
    """The docs' worked example: name and look-up code only."""

    name = "toy-json"
    media_type = "application/json"
    extension = ".json"
    description = "Toy: a pupil's name and look-up code."
    unheld = LossTable("toy-json", (Unheld("years", "Toy holds no years."),))

    def detect(self, data: bytes) -> Confidence | bool:
        return data.startswith(b'{"toy":')

    def read(self, data: bytes) -> tuple[Transcript, LossReport]:
        raise NotImplementedError

    def write(self, transcript: Transcript) -> tuple[bytes, LossReport]:
        body = {"toy": transcript.lookup_code, "name": transcript.pupil.full_name}
        report = LossReport(tuple(self.unheld.entries(transcript)))
        return json.dumps(body, ensure_ascii=False).encode(), report


class Greedy(ToyVariant):
    name = "greedy"

    def detect(self, data: bytes) -> Confidence | bool:
        return Confidence.CERTAIN


@pytest.fixture
def toy() -> Iterator[ToyVariant]:
    variant = ToyVariant()
    register_variant(variant)
    yield variant
    unregister_variant(variant.name)


def test_register_and_convert(toy: ToyVariant) -> None:
    from hocbaso.xml import write_xml

    result = convert(write_xml(primary_example()), to="toy-json")
    assert json.loads(result.data)["toy"] == "HB37-TH-2025-000123"
    assert result.source_variant == "canonical-xml"
    assert result.report.paths(LossKind.DROPPED) == {"years"}
    assert detect_variant(result.data) is toy


def test_duplicate_name_refused(toy: ToyVariant) -> None:
    with pytest.raises(HocbasoValueError, match="already registered"):
        register_variant(ToyVariant())


def test_bad_name_refused() -> None:
    bad = ToyVariant()
    bad.name = "Bad Name"  # type: ignore[misc]  # instance override for the test
    with pytest.raises(HocbasoValueError, match="must be ASCII letters"):
        register_variant(bad)


def test_ambiguous_input_refused() -> None:
    register_variant(Greedy())
    try:
        from hocbaso.xml import write_xml

        with pytest.raises(
            VariantDetectionError, match="several variants equally"
        ) as info:
            detect_variant(write_xml(primary_example()))
        assert info.value.candidates == ("canonical-xml", "greedy")
    finally:
        unregister_variant("greedy")


def test_report_json_and_text() -> None:
    from hocbaso.variants import get_variant

    _, report = get_variant("csdl-record").write(primary_example())
    data = report.to_dict()
    assert data["lossless"] is False
    assert data["counts"]["dropped"] == len(report.paths(LossKind.DROPPED))
    assert set(data["entries"][0]) == {
        "kind",
        "side",
        "variant",
        "path",
        "source",
        "reason",
    }
    assert report.to_text().startswith("Not lossless.")
    # Reports carry paths and reasons, never the pupil's data.
    assert "Nguyễn Thị Thu Hà" not in json.dumps(data, ensure_ascii=False)
