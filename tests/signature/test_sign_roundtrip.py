from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from hocbaso.errors import SigningError
from hocbaso.signature import (
    Indication,
    SignerRole,
    finish_signature,
    prepare_signature,
    sign_document,
    verify_document,
)
from hocbaso.signature.algorithms import CanonicalizationAlgorithm

from .conftest import NOW, PKI, SIGNING_TIME

YEAR = "#year-2020-2021"


def four_signed(pki: PKI, document: bytes) -> bytes:
    steps = [
        (pki.teacher, YEAR, SignerRole.SUBJECT_TEACHER),
        (pki.homeroom, YEAR, SignerRole.HOMEROOM_TEACHER),
        (pki.principal, YEAR, SignerRole.PRINCIPAL),
        (pki.seal, "#transcript", SignerRole.SCHOOL_SEAL),
    ]
    for who, reference, role in steps:
        document = sign_document(
            document,
            pki.signer(who),
            reference=reference,
            signing_time=SIGNING_TIME,
            role=role,
        )
    return document


def test_four_signers_total_passed(pki: PKI, transcript: bytes) -> None:
    signed = four_signed(pki, transcript)
    report = verify_document(signed, trust=pki.trust, now=NOW)

    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    roles = [s.role for s in report.signatures]
    assert roles == [
        SignerRole.SUBJECT_TEACHER,
        SignerRole.HOMEROOM_TEACHER,
        SignerRole.PRINCIPAL,
        SignerRole.SCHOOL_SEAL,
    ]
    seal = report.signatures[-1]
    assert len(seal.covers_signatures) == 3
    assert report.signatures[0].covers_signatures == ()
    assert report.signatures[0].signed_paths[0] == "/Transcript/Year[1]"
    assert seal.established_signing_time is not None
    assert seal.established_signing_time.isoformat() == "2021-05-30T16:30:00+07:00"


def test_signing_keeps_every_other_byte(pki: PKI, transcript: bytes) -> None:
    once = sign_document(
        transcript, pki.signer(pki.teacher), reference=YEAR, signing_time=SIGNING_TIME
    )
    twice = sign_document(
        once, pki.signer(pki.principal), reference=YEAR, signing_time=SIGNING_TIME
    )

    start = twice.rindex(b"<ds:Signature ")
    end = twice.rindex(b"</ds:Signature>") + len(b"</ds:Signature>")
    assert twice[:start] + twice[end:] == once
    assert once.startswith(transcript[: transcript.rindex(b"</Transcript>")])


def test_two_step_remote_signing(pki: PKI, transcript: bytes) -> None:
    signer = pki.signer(pki.principal)
    prepared = prepare_signature(
        transcript,
        certificate=signer.certificate,
        reference=YEAR,
        signing_time=SIGNING_TIME,
        chain=signer.chain,
        canonicalization=CanonicalizationAlgorithm.C14N,
    )
    signed = finish_signature(prepared, signer.sign_digest(prepared.digest))

    report = verify_document(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


def test_next_year_added_later_keeps_earlier_signatures(
    pki: PKI, transcript: bytes
) -> None:
    signed = sign_document(
        transcript, pki.signer(pki.principal), reference=YEAR, signing_time=SIGNING_TIME
    )
    grown = signed.replace(
        b"</Year>\n<Signatures>",
        b'</Year>\n  <Year Id="year-2022-2023"><Conduct>T\xe1\xbb\x91t</Conduct></Year>'
        b"\n<Signatures>",
    )
    assert grown != signed

    report = verify_document(grown, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


@pytest.mark.parametrize(
    ("who", "reference"), [("principal", YEAR), ("seal", "#transcript")]
)
def test_signing_after_the_seal_is_refused(
    pki: PKI, transcript: bytes, who: str, reference: str
) -> None:
    sealed = four_signed(pki, transcript)

    with pytest.raises(
        SigningError,
        match=r"^The signature 'sig-4' seals the whole document .* a new signature "
        r"must come before the seal, or sign with break_seals=True "
        r"\(the command.s --break-seals\) and seal again\.$",
    ):
        sign_document(
            sealed,
            pki.signer(getattr(pki, who)),
            reference=reference,
            signing_time=SIGNING_TIME,
        )


def test_an_empty_uri_seal_is_a_seal_too(pki: PKI, transcript: bytes) -> None:
    sealed = four_signed(pki, transcript)
    assert sealed.count(b'URI="#transcript"') == 1
    whole = sealed.replace(b'URI="#transcript"', b'URI=""')

    with pytest.raises(SigningError, match="'sig-4' seals the whole document"):
        prepare_signature(
            whole,
            certificate=pki.principal.cert,
            reference=YEAR,
            signing_time=SIGNING_TIME,
        )


def test_breaking_the_seal_is_explicit(pki: PKI, transcript: bytes) -> None:
    sealed = four_signed(pki, transcript)

    broken = sign_document(
        sealed,
        pki.signer(pki.principal),
        reference=YEAR,
        signing_time=SIGNING_TIME,
        break_seals=True,
    )

    report = verify_document(broken, trust=pki.trust, now=NOW)
    seal = report.signatures[3]
    assert seal.signature_id == "sig-4"
    assert seal.indication is Indication.TOTAL_FAILED
    assert report.signatures[4].indication is Indication.TOTAL_PASSED


@pytest.mark.skipif(shutil.which("xmlsec1") is None, reason="xmlsec1 is not on PATH.")
def test_xmlsec1_accepts_each_signature(
    pki: PKI, transcript: bytes, tmp_path: Path
) -> None:
    signed = four_signed(pki, transcript)
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(
        pki.root.cert.public_bytes(Encoding.PEM)
        + pki.intermediate.cert.public_bytes(Encoding.PEM)
    )
    for number in range(1, 5):
        document = tmp_path / f"signed-{number}.xml"
        document.write_bytes(signed)
        result = subprocess.run(
            [
                "xmlsec1",
                "--verify",
                "--trusted-pem",
                str(anchors),
                "--id-attr:Id",
                "Year",
                "--id-attr:Id",
                "Transcript",
                "--id-attr:Id",
                "SignedProperties",
                "--verification-gmt-time",
                "2021-06-01 00:00:00",
                "--node-xpath",
                f"(//*[local-name()='Signature'])[{number}]",
                str(document),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
