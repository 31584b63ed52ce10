"""Model → XML → model is the identity, and the writer is deterministic."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import xmlschema
from hypothesis import HealthCheck, given, settings
from lxml import etree

from hocbaso.examples import primary_example
from hocbaso.model import Level, PrimaryYear, Transcript
from hocbaso.xml import read_xml, transcript_schema, write_xml
from hocbaso.xml._build_xsd import SCHEMA_PATH
from tests import strategies

# Transcripts are large composite values; generating one takes longer than
# Hypothesis's default budget, which says nothing about the code under test.
_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@lru_cache(maxsize=1)
def _xmlschema() -> Any:
    return xmlschema.XMLSchema(str(SCHEMA_PATH))


def _assert_round_trip(transcript: Transcript) -> None:
    written = write_xml(transcript)
    read = read_xml(written)

    assert read == transcript
    assert write_xml(read) == written


@_SETTINGS
@given(strategies.transcripts())
def test_round_trip_is_identity(transcript: Transcript) -> None:
    _assert_round_trip(transcript)


@_SETTINGS
@given(strategies.secondary_transcripts(Level.UPPER_SECONDARY))
def test_round_trip_upper_secondary_with_electives(transcript: Transcript) -> None:
    _assert_round_trip(transcript)


@settings(_SETTINGS, max_examples=25)
@given(strategies.transcripts())
def test_both_validators_accept_written_documents(transcript: Transcript) -> None:
    written = write_xml(transcript)

    assert transcript_schema().validate(etree.fromstring(written))
    _xmlschema().validate(written.decode("utf-8"))


@_SETTINGS
@given(strategies.transcripts())
def test_written_text_is_nfc(transcript: Transcript) -> None:
    text = write_xml(transcript).decode("utf-8")

    assert unicodedata.is_normalized("NFC", text)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Transcript ')
    assert text.endswith("</Transcript>\n")


def test_example_is_indented_two_spaces_per_level() -> None:
    lines = write_xml(primary_example()).decode("utf-8").splitlines()[1:]
    depth = 0
    for line in lines:
        closing = line.lstrip().startswith("</")
        depth -= closing
        assert line == "  " * depth + line.lstrip()
        opens = not closing and not line.endswith("/>") and "</" not in line
        depth += opens


def test_example_writes_same_bytes_twice() -> None:
    assert write_xml(primary_example()) == write_xml(primary_example())


def test_example_round_trip() -> None:
    _assert_round_trip(primary_example())


def test_dict_order_does_not_change_bytes() -> None:
    example = primary_example()
    year = example.years[0]
    assert isinstance(year, PrimaryYear)
    reordered = year.model_copy(
        update={"qualities": dict(reversed(list(year.qualities.items())))}
    )
    changed = example.model_copy(update={"years": (reordered, *example.years[1:])})

    assert write_xml(changed) == write_xml(example)


def test_decimals_have_one_digit_and_optional_elements_are_omitted() -> None:
    text = write_xml(primary_example()).decode("utf-8")

    assert "<HeightCm>116.0</HeightCm>" in text
    assert "<Replaces>" not in text
    assert "<Transfers" not in text
    assert (
        '<PrimaryYear Id="year-2020-2021" schoolYear="2020-2021" grade="1" school="S1">'
        in text
    )
