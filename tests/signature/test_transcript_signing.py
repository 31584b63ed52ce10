"""
End to end on our own format: the bundled primary example, signed year by year and sealed.

Each year record is signed by a subject teacher (ECDSA), the homeroom teacher
and the principal (RSA), each signature referencing that year's ``Id``; the
school seals the whole transcript (``#transcript``), covering them all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from hocbaso.errors import SigningError
from hocbaso.examples import primary_example
from hocbaso.model import Transcript
from hocbaso.signature import (
    Indication,
    SignerRole,
    SubIndication,
    sign_document,
    verify_document,
)
from hocbaso.signature._names import format_name
from hocbaso.signature.amend import append_year_records
from hocbaso.xml import read_xml, write_xml

from .conftest import NOW, PKI, SIGNING_TIME

ROLES = (
    SignerRole.SUBJECT_TEACHER,
    SignerRole.HOMEROOM_TEACHER,
    SignerRole.PRINCIPAL,
)


def _year_ids(transcript: Transcript) -> list[str]:
    return [f"year-{year.school_year}" for year in transcript.years]


def _sign_years(pki: PKI, document: bytes, year_ids: list[str]) -> bytes:
    people = dict(zip(ROLES, (pki.teacher, pki.homeroom, pki.principal), strict=True))
    for year_id in year_ids:
        for role, who in people.items():
            document = sign_document(
                document,
                pki.signer(who),
                reference=f"#{year_id}",
                signing_time=SIGNING_TIME,
                role=role,
            )
    return document


def _seal(pki: PKI, document: bytes) -> bytes:
    return sign_document(
        document,
        pki.signer(pki.seal),
        reference="#transcript",
        signing_time=SIGNING_TIME,
        role=SignerRole.SCHOOL_SEAL,
    )


@pytest.fixture(scope="module")
def example() -> Transcript:
    return primary_example()


@pytest.fixture(scope="module")
def signed(pki: PKI, example: Transcript) -> bytes:
    return _seal(pki, _sign_years(pki, write_xml(example), _year_ids(example)))


def test_every_year_and_the_seal_pass(
    pki: PKI, example: Transcript, signed: bytes
) -> None:
    report = verify_document(signed, trust=pki.trust, now=NOW)

    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    years = len(example.years)
    assert len(report.signatures) == 3 * years + 1
    for number, year_id in enumerate(_year_ids(example)):
        for signature in report.signatures[3 * number : 3 * number + 3]:
            assert signature.scope[0].uri == f"#{year_id}"
            assert (
                signature.signed_paths[0]
                == f"/Transcript/Years/PrimaryYear[{number + 1}]"
            )
    seal = report.signatures[-1]
    assert seal.role is SignerRole.SCHOOL_SEAL
    assert seal.signed_paths[0] == "/Transcript"
    assert len(seal.covers_signatures) == 3 * years


def test_signed_transcript_still_reads_as_the_model(
    example: Transcript, signed: bytes
) -> None:
    assert read_xml(signed) == example


@pytest.mark.skipif(shutil.which("xmlsec1") is None, reason="xmlsec1 is not on PATH.")
def test_xmlsec1_accepts_each_signature_on_its_own(
    pki: PKI, signed: bytes, tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(
        pki.root.cert.public_bytes(Encoding.PEM)
        + pki.intermediate.cert.public_bytes(Encoding.PEM)
    )
    document = tmp_path / "signed.xml"
    document.write_bytes(signed)
    count = signed.count(b"<ds:Signature ")
    for number in range(1, count + 1):
        result = subprocess.run(
            [
                *("xmlsec1", "--verify", "--trusted-pem", str(anchors)),
                *("--id-attr:Id", "PrimaryYear", "--id-attr:Id", "Transcript"),
                *("--id-attr:Id", "SignedProperties"),
                *("--verification-gmt-time", "2021-06-01 00:00:00"),
                *("--node-xpath", f"(//*[local-name()='Signature'])[{number}]"),
                str(document),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"signature {number}: {result.stderr}"


def test_next_year_appended_keeps_earlier_years_signed(
    pki: PKI, example: Transcript
) -> None:
    earlier = example.model_copy(update={"years": example.years[:-1]})
    signed = _sign_years(pki, write_xml(earlier), _year_ids(earlier))

    grown = append_year_records(signed, write_xml(example))
    end = signed.index(b"</Years>")
    assert grown[:end] == signed[:end]
    assert grown.endswith(signed[end:])
    assert read_xml(grown) == example
    grown = _seal(pki, _sign_years(pki, grown, _year_ids(example)[-1:]))

    report = verify_document(grown, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    assert len(report.signatures) == 3 * len(example.years) + 1


def test_appending_to_a_sealed_transcript_breaks_only_the_seal(
    pki: PKI, example: Transcript
) -> None:
    earlier = example.model_copy(update={"years": example.years[:-1]})
    sealed = _seal(pki, _sign_years(pki, write_xml(earlier), _year_ids(earlier)))

    with pytest.raises(SigningError, match="covers the whole transcript"):
        append_year_records(sealed, write_xml(example))
    grown = append_year_records(sealed, write_xml(example), break_seals=True)

    report = verify_document(grown, trust=pki.trust, now=NOW)
    *years, seal = report.signatures
    assert all(s.indication is Indication.TOTAL_PASSED for s in years)
    assert seal.sub_indication is SubIndication.HASH_FAILURE


def test_appending_refuses_a_changed_signed_year(pki: PKI, example: Transcript) -> None:
    earlier = example.model_copy(update={"years": example.years[:-1]})
    signed = _sign_years(pki, write_xml(earlier), _year_ids(earlier)[:1])
    changed = write_xml(example).replace(b"<ClassName>1", b"<ClassName>9", 1)

    with pytest.raises(SigningError, match="changes the signed year records"):
        append_year_records(signed, changed)
    with pytest.raises(SigningError, match="adds no year record"):
        append_year_records(signed, write_xml(earlier))


def test_signature_moved_to_another_year_fails(
    pki: PKI, example: Transcript, signed: bytes
) -> None:
    first, second = _year_ids(example)[:2]
    # Point the first year's signatures at the second year by swapping the Ids.
    swapped = re.sub(
        rf'Id="({first}|{second})"'.encode(),
        lambda m: (
            b'Id="' + (second if m[1] == first.encode() else first).encode() + b'"'
        ),
        signed,
    )
    report = verify_document(swapped, trust=pki.trust, now=NOW)
    moved = [s for s in report.signatures if s.indication is Indication.TOTAL_FAILED]
    assert len(moved) == 6 + 1  # both years' signatures, and the seal over them.
    assert {s.sub_indication for s in moved} == {SubIndication.HASH_FAILURE}

    # Rewrite one signature's reference to the other year instead.
    retargeted = signed.replace(
        f'URI="#{first}"'.encode(), f'URI="#{second}"'.encode(), 1
    )
    report = verify_document(retargeted, trust=pki.trust, now=NOW)
    assert report.signatures[0].indication is Indication.TOTAL_FAILED
    assert report.indication is Indication.TOTAL_FAILED


def test_a_role_cannot_sign_a_year_after_a_later_role(
    pki: PKI, example: Transcript
) -> None:
    year = f"#{_year_ids(example)[0]}"
    by_principal = sign_document(write_xml(example), pki.signer(pki.principal),
                                 reference=year, signing_time=SIGNING_TIME,
                                 role=SignerRole.PRINCIPAL)  # fmt: skip

    with pytest.raises(SigningError, match="principal has already signed"):
        sign_document(by_principal, pki.signer(pki.homeroom), reference=year,
                      signing_time=SIGNING_TIME, role=SignerRole.HOMEROOM_TEACHER)  # fmt: skip
    # Another year, not yet signed by its principal, is still open to its teachers.
    other = f"#{_year_ids(example)[1]}"
    sign_document(by_principal, pki.signer(pki.homeroom), reference=other,
                  signing_time=SIGNING_TIME, role=SignerRole.HOMEROOM_TEACHER)  # fmt: skip


def test_a_principal_signs_a_year_once_and_subject_teachers_many_times(
    pki: PKI, example: Transcript
) -> None:
    year = f"#{_year_ids(example)[0]}"
    teachers = write_xml(example)
    for _ in range(2):  # two subject teachers
        teachers = sign_document(teachers, pki.signer(pki.teacher), reference=year,
                                 signing_time=SIGNING_TIME,
                                 role=SignerRole.SUBJECT_TEACHER)  # fmt: skip
    once = sign_document(teachers, pki.signer(pki.principal), reference=year,
                         signing_time=SIGNING_TIME, role=SignerRole.PRINCIPAL)  # fmt: skip

    with pytest.raises(SigningError, match=r"principal has already signed .*'sig-3'"):
        sign_document(once, pki.signer(pki.principal), reference=year,
                      signing_time=SIGNING_TIME, role=SignerRole.PRINCIPAL)  # fmt: skip


def test_a_year_that_is_not_there_is_named_with_those_that_are(
    pki: PKI, example: Transcript
) -> None:
    with pytest.raises(SigningError, match=r"The years here: year-2020-2021, year-"):
        sign_document(write_xml(example), pki.signer(pki.principal),
                      reference="#year-2019-2020", signing_time=SIGNING_TIME,
                      role=SignerRole.PRINCIPAL)  # fmt: skip


def test_a_value_that_does_not_verify_names_the_claimed_signer_only(
    pki: PKI, signed: bytes
) -> None:
    value = re.search(rb"<(?:ds:)?SignatureValue[^>]*>([A-Za-z0-9+/]{8})", signed)
    assert value is not None
    broken = signed.replace(value.group(1), b"AAAAAAAA", 1)

    first = verify_document(broken, trust=pki.trust, now=NOW).signatures[0]

    assert first.indication is Indication.TOTAL_FAILED
    assert first.signer is None  # no key was proven
    assert first.claimed_signer is not None
    assert first.claimed_signer.subject == format_name(pki.teacher.cert.subject)
    assert (
        "signer: (not proven) KeyInfo names"
        in verify_document(broken, trust=pki.trust, now=NOW).to_text()
    )


def test_the_report_names_what_no_signature_covers(
    pki: PKI, example: Transcript
) -> None:
    first = _year_ids(example)[0]
    years_only = _sign_years(pki, write_xml(example), [first])

    unsealed = verify_document(years_only, trust=pki.trust, now=NOW)
    sealed = verify_document(_seal(pki, years_only), trust=pki.trust, now=NOW)

    # The pupil's identity and the other years can change unnoticed until the
    # seal covers them; the signed year and the signatures themselves are not listed.
    assert unsealed.indication is Indication.TOTAL_PASSED
    assert "/Transcript/Pupil" in unsealed.unsigned
    assert "/Transcript/Years/PrimaryYear[2]" in unsealed.unsigned
    assert "/Transcript/Years/PrimaryYear[1]" not in unsealed.unsigned
    assert not any("Signature" in path for path in unsealed.unsigned)
    assert "covered by no signature: /Transcript/LookupCode" in unsealed.to_text()
    assert unsealed.to_dict()["unsigned"] == list(unsealed.unsigned)
    assert sealed.unsigned == ()


def test_a_changed_year_is_not_counted_as_covered(
    pki: PKI, example: Transcript
) -> None:
    first = _year_ids(example)[0]
    signed = _sign_years(pki, write_xml(example), [first])
    changed = signed.replace(
        b"<TestScore>8</TestScore>", b"<TestScore>7</TestScore>", 1
    )

    report = verify_document(changed, trust=pki.trust, now=NOW)

    # The only signed year changed, so nothing under Years is covered any more.
    assert report.indication is Indication.TOTAL_FAILED
    assert "/Transcript/Years" in report.unsigned
