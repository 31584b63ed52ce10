"""``hocbaso convert`` verifies a signed source first and prints the result."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from hocbaso.cli._common import run_guarded
from hocbaso.cli._variants import convert
from hocbaso.demo._pki import DemoPKI
from hocbaso.signature import Indication, SignerRole, sign_document, verify_document
from hocbaso.variants import convert as convert_bytes
from hocbaso.xml import read_xml


@click.group()
def group() -> None:
    """Test group."""


group.add_command(convert)


@pytest.fixture()
def files(tmp_path: Path, kim_son: DemoPKI, signed: bytes) -> dict[str, Path]:
    root = tmp_path / "root.pem"
    root.write_bytes(kim_son.root.certificate.public_bytes(Encoding.PEM))
    original = tmp_path / "hocba.xml"
    original.write_bytes(signed)
    copy = tmp_path / "hocba.json"
    copy.write_bytes(convert_bytes(signed, to="central-json").data)
    return {"root": root, "original": original, "copy": copy, "out": tmp_path / "out"}


AT = "2025-09-15T10:00:00+07:00"


def test_signed_source_is_verified_and_reported(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    record = files["out"].with_suffix(".provenance.json")
    args = ["convert", str(files["original"]), "--to", "egov-xml", "-o", str(files["out"]),
            "--trust", str(files["root"]), "--at", AT, "--provenance", str(record)]  # fmt: skip
    assert run_guarded(group, args, verbose=False) == 1  # lossy: signatures, transfers…
    out = capsys.readouterr().out
    assert (
        "Signatures of the canonical-xml original: TOTAL_PASSED, 16 signature(s)."
        in out
    )
    assert "sig-16: TOTAL_PASSED, school-seal" in out
    assert "UNMAPPED read" in out
    assert (
        json.loads(record.read_bytes())["verification"]["indication"] == "TOTAL_PASSED"
    )


def test_copy_is_checked_against_its_original(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(files["copy"]), "--to", "canonical-xml", "-o", str(files["out"]),
            "--original", str(files["original"]), "--trust", str(files["root"]),
            "--json"]  # fmt: skip
    run_guarded(group, args, verbose=False)
    summary = json.loads(capsys.readouterr().out)
    assert summary["source_variant"] == "central-json"
    assert summary["provenance"]["original"]["variant"] == "canonical-xml"
    assert summary["provenance"]["verification"]["indication"] == "TOTAL_PASSED"


def test_untrusted_source_is_refused(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(files["original"]), "--to", "central-json", "-o",
            str(files["out"])]  # fmt: skip
    assert run_guarded(group, args, verbose=False) == 1
    assert not files["out"].exists()
    err = capsys.readouterr().err
    assert "did not verify (INDETERMINATE)" in err and "trust.path" in err
    args += ["--accept-unverified"]
    run_guarded(group, args, verbose=False)
    assert "(accepted unverified)" in capsys.readouterr().out


def test_refusal_as_json(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(files["original"]), "--to", "central-json", "-o",
            str(files["out"]), "--json"]  # fmt: skip
    assert run_guarded(group, args, verbose=False) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verification"]["indication"] == "INDETERMINATE"


def test_bad_time(files: dict[str, Path]) -> None:
    args = ["convert", str(files["original"]), "--to", "central-json", "-o",
            str(files["out"]), "--at", "yesterday"]  # fmt: skip
    assert run_guarded(group, args, verbose=False) == 2


def test_the_received_canonical_xml_holds_the_provenance_record(
    files: dict[str, Path], kim_son: DemoPKI, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(files["copy"]), "--to", "canonical-xml", "-o", str(files["out"]),
            "--original", str(files["original"]), "--trust", str(files["root"]),
            "--at", AT]  # fmt: skip
    run_guarded(group, args, verbose=False)
    received = read_xml(files["out"].read_bytes())

    # The record travels in the XML, so the receiving school's seal covers it.
    assert received.provenance is not None
    assert received.provenance.verification.indication == "TOTAL_PASSED"
    sealed = sign_document(
        files["out"].read_bytes(), kim_son.signer(SignerRole.SCHOOL_SEAL),
        reference="#transcript", signing_time=dt.datetime.now(dt.UTC),
        role=SignerRole.SCHOOL_SEAL,
    )  # fmt: skip
    report = verify_document(sealed, trust=kim_son.trust)
    assert report.indication is Indication.TOTAL_PASSED
    assert report.unsigned == ()


def _seal_files(folder: Path) -> tuple[Path, Path]:
    # The receiving school's own TEST-ONLY seal, written as key and certificate.
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    from hocbaso.demo._pki import make_demo_pki

    seal = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC)).signers[
        SignerRole.SCHOOL_SEAL
    ]
    key, cert = folder / "seal.key", folder / "seal.pem"
    key.write_bytes(
        seal.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    cert.write_bytes(seal.certificate.public_bytes(Encoding.PEM))
    return key, cert


def test_transfer_issues_the_sealed_pdf_with_the_original_inside(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hocbaso.cli._transfer import transfer
    from hocbaso.pdf import list_attachments

    key, cert = _seal_files(tmp_path)
    pdf, xml = tmp_path / "issued.pdf", tmp_path / "issued.xml"
    args = ["transfer", str(files["copy"]), "--original", str(files["original"]),
            "--trust", str(files["root"]), "--at", AT, "--key", str(key), "--cert",
            str(cert), "-o", str(pdf),
            "--xml-output", str(xml)]  # fmt: skip
    group.add_command(transfer)

    code = run_guarded(group, args, verbose=False)

    out = capsys.readouterr().out
    assert code == 0  # the original's signatures travel in it, verified
    assert "Signatures of the canonical-xml original: TOTAL_PASSED" in out
    assert (
        "The original's 16 signature(s) cannot move into the issued XML: they travel "
        "in the attached original, their results in the sealed record. No data was lost."
    ) in out
    assert f"Issued {pdf}" in out
    sealed = read_xml(xml.read_bytes())
    assert sealed.provenance is not None
    names = {a.name for a in list_attachments(pdf.read_bytes())}
    assert len(names) >= 3  # the issued XML, the original and the record
    assert files["original"].read_bytes() in {
        a.data for a in list_attachments(pdf.read_bytes())
    }


def test_a_signed_source_issued_whole_exits_0_and_says_so_in_json(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hocbaso.cli._transfer import transfer

    key, cert = _seal_files(tmp_path)
    args = ["transfer", str(files["original"]), "--trust", str(files["root"]), "--at", AT,
            "--key", str(key), "--cert", str(cert),
            "-o", str(tmp_path / "issued.pdf"), "--json"]  # fmt: skip
    group.add_command(transfer)

    code = run_guarded(group, args, verbose=False)

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (result["lossless"], result["data_lossless"]) == (False, True)
    assert result["counts"]["unmapped"] == 16  # the signatures, still listed


def test_an_original_accepted_unverified_exits_1_with_its_files_written(
    files: dict[str, Path], tmp_path: Path
) -> None:
    from hocbaso.cli._transfer import transfer

    key, cert = _seal_files(tmp_path)
    pdf = tmp_path / "issued.pdf"
    args = ["transfer", str(files["original"]), "--accept-unverified", "--key", str(key),
            "--cert", str(cert), "-o", str(pdf)]  # fmt: skip
    group.add_command(transfer)

    assert run_guarded(group, args, verbose=False) == 1
    assert pdf.exists()


def test_transfer_of_an_untrusted_source_writes_nothing(
    files: dict[str, Path], tmp_path: Path
) -> None:
    from hocbaso.cli._transfer import transfer

    key, cert = _seal_files(tmp_path)
    pdf = tmp_path / "issued.pdf"
    args = ["transfer", str(files["original"]), "--key", str(key), "--cert", str(cert),
            "-o", str(pdf)]  # fmt: skip
    group.add_command(transfer)

    assert run_guarded(group, args, verbose=False) == 1
    assert not pdf.exists()


def test_transfer_warns_when_the_source_breaks_the_rules(
    files: dict[str, Path],
    kim_son: DemoPKI,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hocbaso.cli._transfer import transfer
    from hocbaso.xml import write_xml
    from tests.variants.test_cli import _score_lowered

    source = tmp_path / "lowered.xml"
    source.write_bytes(sign_document(
        write_xml(_score_lowered()), kim_son.signer(SignerRole.SCHOOL_SEAL),
        reference="#transcript", signing_time=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        role=SignerRole.SCHOOL_SEAL,
    ))  # fmt: skip
    key, cert = _seal_files(tmp_path)
    args = ["transfer", str(source), "--trust", str(files["root"]), "--at", AT,
            "--key", str(key), "--cert", str(cert), "-o", str(tmp_path / "i.pdf")]  # fmt: skip
    group.add_command(transfer)

    run_guarded(group, args, verbose=False)

    assert "breaks the rules of the circulars (tt27.art13.commendation, " in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("second", "says"),
    [
        ("missing/issued.xml", "does not exist; create it first"),
        ("issued.pdf", "--output and --xml-output name the same file"),
        ("-", "--xml-output cannot be '-'"),
    ],
)
def test_transfer_checks_both_outputs_before_writing_either(
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    second: str,
    says: str,
) -> None:
    from hocbaso.cli._transfer import transfer

    key, cert = _seal_files(tmp_path)
    pdf = tmp_path / "issued.pdf"
    xml = second if second == "-" else str(tmp_path / second)
    args = ["transfer", str(files["original"]), "--trust", str(files["root"]), "--at", AT,
            "--key", str(key), "--cert", str(cert), "-o", str(pdf),
            "--xml-output", xml]  # fmt: skip
    group.add_command(transfer)

    assert run_guarded(group, args, verbose=False) == 2
    assert says in capsys.readouterr().err
    assert not pdf.exists()


def test_convert_checks_the_provenance_file_before_writing_the_output(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = files["out"].with_suffix(".json")
    args = ["convert", str(files["original"]), "--to", "central-json", "-o", str(out),
            "--trust", str(files["root"]), "--at", AT, "--provenance", str(out)]  # fmt: skip

    assert run_guarded(group, args, verbose=False) == 2
    assert "--output and --provenance name the same file" in capsys.readouterr().err
    assert not out.exists()


def test_a_seal_dated_before_the_reception_is_refused_and_nothing_written(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hocbaso.cli._transfer import transfer

    key, cert = _seal_files(tmp_path)
    pdf = tmp_path / "issued.pdf"
    args = ["transfer", str(files["original"]), "--trust", str(files["root"]), "--at", AT,
            "--key", str(key), "--cert", str(cert), "--signing-time", "2021-01-01T00:00",
            "-o", str(pdf)]  # fmt: skip
    group.add_command(transfer)

    assert run_guarded(group, args, verbose=False) == 2
    assert "a seal cannot predate what it seals" in capsys.readouterr().err
    assert not pdf.exists()


def test_a_received_pdf_is_read_for_the_signed_xml_it_embeds(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hocbaso.cli._transfer import transfer
    from hocbaso.pdf import list_attachments, render_pdf_from_xml

    signed = files["original"].read_bytes()
    received = tmp_path / "received.pdf"
    received.write_bytes(render_pdf_from_xml(signed))
    key, cert = _seal_files(tmp_path)
    pdf = tmp_path / "issued.pdf"
    args = ["transfer", str(received), "--trust", str(files["root"]), "--at", AT,
            "--key", str(key), "--cert", str(cert), "-o", str(pdf)]  # fmt: skip
    group.add_command(transfer)

    code = run_guarded(group, args, verbose=False)

    captured = capsys.readouterr()
    assert code == 0
    assert (
        "a PDF; the XML it embeds is read (in a hocbaso PDF, the signed transcript"
        in captured.err
    )
    assert "Signatures of the canonical-xml original: TOTAL_PASSED" in captured.out
    # The original travels exactly as it was embedded: signed bytes are never rewritten.
    assert signed in {a.data for a in list_attachments(pdf.read_bytes())}


def test_a_pdf_with_no_transcript_inside_is_refused_in_one_line(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfWriter

    bare = tmp_path / "bare.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    with bare.open("wb") as out:
        writer.write(out)
    args = [
        "convert",
        str(bare),
        "--to",
        "central-json",
        "-o",
        str(tmp_path / "x.json"),
    ]

    assert run_guarded(group, args, verbose=False) == 2
    assert "bare.pdf: The PDF carries no XML attachment." in capsys.readouterr().err


def test_a_future_seal_time_names_the_option_given(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hocbaso.cli._transfer import transfer

    key, cert = _seal_files(tmp_path)
    args = ["transfer", str(files["original"]), "--trust", str(files["root"]),
            "--key", str(key), "--cert", str(cert), "--signing-time", "2999-01-01T00:00",
            "-o", str(tmp_path / "issued.pdf")]  # fmt: skip
    group.add_command(transfer)

    assert run_guarded(group, args, verbose=False) == 2
    err = capsys.readouterr().err
    assert "Invalid value for '--signing-time'" in err and "'--at'" not in err
