"""The provenance record: what a receiving school records, and what it refuses."""

import datetime as dt
import itertools
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from hocbaso.examples import primary_example
from hocbaso.model import (
    Provenance,
    SignatureResult,
    SourceFile,
    Transcript,
    Verification,
    VerificationIndication,
    VerificationSubIndication,
)
from hocbaso.model.provenance import decide_indication
from hocbaso.signature import Indication, SubIndication
from hocbaso.signature.report import decide_document
from tests.strategies import provenances

PLUS7 = dt.timezone(dt.timedelta(hours=7))
AT = dt.datetime(2025, 9, 15, 10, 0, tzinfo=PLUS7)
DIGEST = "0123456789abcdef" * 4
PASSED = VerificationIndication.TOTAL_PASSED


def _source(**changes: Any) -> dict[str, Any]:
    return {"variant": "primary-xlsx", "media_type": "application/json",
            "sha256": DIGEST, "size": 10} | changes  # fmt: skip


def _signature(**changes: Any) -> dict[str, Any]:
    return {"signature_id": "sig-1", "indication": "TOTAL_PASSED",
            "certificate_sha256": DIGEST, "role": "principal",
            "signing_time": AT} | changes  # fmt: skip


def _provenance(**verification: Any) -> dict[str, Any]:
    checked = {"verified_at": AT, "indication": "TOTAL_PASSED",
               "signatures": [_signature()]} | verification  # fmt: skip
    return {"received_on": dt.date(2025, 9, 15), "source": _source(),
            "verification": checked}  # fmt: skip


def test_a_record_builds_and_defaults_to_no_losses() -> None:
    record = Provenance.model_validate(_provenance())
    assert record.original is None
    assert record.losses.dropped == record.losses.unmapped == 0
    assert record.verification.signatures[0].role is not None
    assert primary_example().provenance is None


def test_a_transcript_carries_the_record() -> None:
    data = primary_example().model_dump() | {"provenance": _provenance()}
    transcript = Transcript.model_validate(data)
    assert isinstance(transcript.provenance, Provenance)
    with pytest.raises(ValidationError, match="frozen"):
        transcript.provenance.received_on = dt.date(2025, 1, 1)  # type: ignore[misc]  # testing immutability


@pytest.mark.parametrize(
    "digest", ["0123456789ABCDEF" * 4, "g" * 64, DIGEST[:-1], DIGEST + "0", ""]
)
def test_a_digest_is_64_lower_case_hex_digits(digest: str) -> None:
    with pytest.raises(ValidationError, match="64 lower-case hexadecimal digits"):
        SourceFile.model_validate(_source(sha256=digest))
    with pytest.raises(ValidationError, match="64 lower-case hexadecimal digits"):
        SignatureResult.model_validate(_signature(certificate_sha256=digest))


@pytest.mark.parametrize(
    ("field", "value"),
    [("variant", "central json"), ("variant", ""), ("media_type", "xml"),
     ("media_type", "Application/XML"), ("media_type", "text/xml; charset=utf-8"),
     ("size", -1)],
)  # fmt: skip
def test_a_source_file_is_named_by_its_format(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=field):
        SourceFile.model_validate(_source(**{field: value}))


def test_times_must_carry_an_offset_xml_can_write() -> None:
    with pytest.raises(ValidationError, match="has no UTC offset"):
        Provenance.model_validate(_provenance(verified_at=dt.datetime(2025, 9, 15)))
    odd = dt.timezone(dt.timedelta(hours=7, seconds=30))
    with pytest.raises(ValidationError, match="not whole minutes within ±14:00"):
        SignatureResult.model_validate(_signature(signing_time=AT.replace(tzinfo=odd)))
    far = dt.timezone(dt.timedelta(hours=15))
    with pytest.raises(ValidationError, match="not whole minutes within ±14:00"):
        SignatureResult.model_validate(_signature(signing_time=AT.replace(tzinfo=far)))


def test_signer_subject_is_nfc_text() -> None:
    subject = unicodedata.normalize("NFD", "CN=Trường Tiểu học Lưu Phương,C=VN")
    result = SignatureResult.model_validate(_signature(signer_subject=subject))
    assert result.signer_subject == unicodedata.normalize("NFC", subject)
    with pytest.raises(ValidationError, match="control character"):
        SignatureResult.model_validate(_signature(signer_subject="CN=\x00"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indication": "NOT_VERIFIED"}, "is TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE"),
        ({"indication": "NO_SIGNATURE_FOUND"}, "not 'NO_SIGNATURE_FOUND'"),
        ({"sub_indication": "HASH_FAILURE"}, "'HASH_FAILURE' does not belong to"),
        ({"indication": "INDETERMINATE", "sub_indication": "REVOKED"},
         "'REVOKED' does not belong to indication 'INDETERMINATE'"),
    ],
)  # fmt: skip
def test_a_signature_result_is_consistent(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        SignatureResult.model_validate(_signature(**changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indication": "TOTAL_FAILED", "accepted_unverified": True},
         "is 'TOTAL_FAILED', but the signature results give 'TOTAL_PASSED'"),
        ({"signatures": [], "accepted_unverified": False},
         "but the signature results give 'NO_SIGNATURE_FOUND'"),
        ({"accepted_unverified": True}, "must be False when the indication is"),
        ({"indication": "INDETERMINATE", "accepted_unverified": False,
          "signatures": [_signature(indication="INDETERMINATE")]},
         "must be True when the indication is 'INDETERMINATE'"),
        ({"indication": "NOT_VERIFIED", "accepted_unverified": True},
         "NOT_VERIFIED record lists no signature results"),
    ],
)  # fmt: skip
def test_a_verification_is_consistent(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Provenance.model_validate(_provenance(**changes))


def test_nothing_verified_is_recorded_as_accepted() -> None:
    checked = Verification(verified_at=AT, indication="NOT_VERIFIED",
                           accepted_unverified=True)  # fmt: skip
    assert checked.signatures == ()


def test_the_vocabularies_follow_the_signature_package() -> None:
    assert {m.value for m in Indication} | {"NOT_VERIFIED"} == {
        m.value for m in VerificationIndication
    }
    assert [m.value for m in SubIndication] == [
        m.value for m in VerificationSubIndication
    ]
    for sub in SubIndication:
        assert VerificationSubIndication(sub.value).indication == sub.indication.value


def test_the_overall_indication_is_decided_as_the_verifier_does() -> None:
    signature_level = [Indication.TOTAL_PASSED, Indication.TOTAL_FAILED,
                       Indication.INDETERMINATE]  # fmt: skip
    for size in range(4):
        for combination in itertools.product(signature_level, repeat=size):
            ours = decide_indication(
                [VerificationIndication(i.value) for i in combination]
            )
            assert ours.value == decide_document(list(combination)).value


@settings(max_examples=50, deadline=None)
@given(provenances())
def test_generated_records_survive_a_dump(record: Provenance) -> None:
    assert Provenance.model_validate(record.model_dump()) == record
    assert Provenance.model_validate_json(record.model_dump_json()) == record
    assert record.verification.accepted_unverified == (
        record.verification.indication is not PASSED
    )
