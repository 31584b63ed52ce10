"""``hocbaso sign`` and ``hocbaso verify`` through click, with the exit codes of ``main``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)

from hocbaso.cli._common import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, run_guarded
from hocbaso.cli._signature import sign, verify
from hocbaso.examples import primary_example
from hocbaso.model import PrimaryYearResult
from hocbaso.signature.report import load_report_schema
from hocbaso.xml import write_xml

from .conftest import PKI, Issued, require_corpus

AT = "2021-05-30T16:30:00+07:00"
PASSWORD = "mật khẩu thử"
GDT = "vn_xml/gdt_tdiep_tbao_signed_vgca.xml"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Result:
    group = click.Group("hocbaso", commands={"sign": sign, "verify": verify})
    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as (out, err, _):
        code = run_guarded(group, list(args), verbose=False)
    return Result(code, out.getvalue().decode(), err.getvalue().decode())


@dataclass(frozen=True)
class Files:
    folder: Path
    transcript: Path
    root: Path

    def pem(self, name: str, who: Issued, *, password: str | None = None) -> Path:
        encryption = (
            BestAvailableEncryption(password.encode()) if password else NoEncryption()
        )
        key = self.folder / f"{name}.key.pem"
        key.write_bytes(
            who.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption)
        )
        (self.folder / f"{name}.cert.pem").write_bytes(
            who.cert.public_bytes(Encoding.PEM)
        )
        return key

    def cert(self, name: str) -> Path:
        return self.folder / f"{name}.cert.pem"


@pytest.fixture
def files(pki: PKI, tmp_path: Path) -> Files:
    transcript = tmp_path / "transcript.xml"
    transcript.write_bytes(write_xml(primary_example()))
    root = tmp_path / "root.pem"
    root.write_bytes(pki.root.cert.public_bytes(Encoding.PEM))
    (tmp_path / "inter.pem").write_bytes(
        pki.intermediate.cert.public_bytes(Encoding.PEM)
    )
    return Files(tmp_path, transcript, root)


def _p12(pki: PKI, files: Files) -> Path:
    path = files.folder / "homeroom.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"homeroom",
            pki.homeroom.key,
            pki.homeroom.cert,
            [pki.intermediate.cert],
            BestAvailableEncryption(PASSWORD.encode()),
        )
    )
    return path


def _sign_four(pki: PKI, files: Files) -> Path:
    teacher = files.pem("teacher", pki.teacher, password=PASSWORD)
    principal = files.pem("principal", pki.principal)
    seal = files.pem("seal", pki.seal)
    out = files.folder / "signed.xml"
    steps = [
        # A subject teacher, in Vietnamese, with an encrypted PEM key.
        (files.transcript, "Giáo viên bộ môn", "--key", teacher, files.cert("teacher")),
        (out, "GVCN", "--pkcs12", _p12(pki, files), None),
        (out, "hiệu trưởng", "--key", principal, files.cert("principal")),
        (out, "school-seal", "--key", seal, files.cert("seal")),
    ]
    for source, role, kind, key, cert in steps:
        secret = key == teacher or kind == "--pkcs12"
        options = ["--role", role, kind, str(key)]
        options += ["--password-env", "HB_PASS"] if secret else []
        options += ["--cert", str(cert)] if cert else []
        options += [] if role == "school-seal" else ["--year", "2020-2021"]
        options += ["--chain", str(files.folder / "inter.pem"), "--at", AT]
        env = {"HB_PASS": PASSWORD}
        result = run("sign", str(source), *options, "-o", str(out), env=env)
        assert result.code == EXIT_OK, result.err
    return out


def test_sign_four_times_then_verify(pki: PKI, files: Files) -> None:
    signed = _sign_four(pki, files)

    result = run("verify", str(signed), "--trust", str(files.root))
    assert result.code == EXIT_OK, result.out + result.err
    assert result.out.startswith(f"{signed}: passed\n  validation: valid\n")
    assert "  signatures: TOTAL_PASSED" in result.out
    assert result.out.count(": TOTAL_PASSED") == 5
    for role in ("subject-teacher", "homeroom-teacher", "principal", "school-seal"):
        assert f"role: {role}" in result.out
    assert "covers: /Transcript/Years/PrimaryYear[1] ('#year-2020-2021')" in result.out
    assert "covers: /Transcript ('#transcript')" in result.out


def test_verify_json_matches_the_schema(pki: PKI, files: Files) -> None:
    signed = _sign_four(pki, files)

    result = run(
        "verify", "--json", str(signed), str(signed), "--trust", str(files.root)
    )
    assert result.code == EXIT_OK, result.err
    lines = result.out.splitlines()
    assert len(lines) == 2
    for line in lines:
        # One file alone gives the record of a folder audit's line.
        record = json.loads(line)
        assert (record["file"], record["outcome"]) == (str(signed), "passed")
        assert record["validation"]["status"] == "valid"
        jsonschema.validate(record["signatures"], load_report_schema())
        assert record["signatures"]["indication"] == "TOTAL_PASSED"


def test_tampered_byte_fails(pki: PKI, files: Files) -> None:
    signed = _sign_four(pki, files)
    data = signed.read_bytes()
    signed.write_bytes(
        data.replace("Nguyễn Thị Thu Hà".encode(), "Nguyễn Thị Thu Hả".encode())
    )

    result = run("verify", str(signed), "--trust", str(files.root))
    assert result.code == EXIT_INVALID
    assert result.out.startswith(f"{signed}: failed")
    assert "  signatures: TOTAL_FAILED" in result.out
    assert "HASH_FAILURE" in result.out


def test_corpus_file_without_trust_is_indeterminate_with_reasons() -> None:
    path = require_corpus() / GDT

    result = run("verify", str(path))
    assert result.code == EXIT_INVALID
    assert "INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND" in result.out
    assert "[FAIL] trust: trust.path" in result.out
    assert "zone assumed +07:00" in result.out


def test_unusable_inputs_exit_2(files: Files) -> None:
    dtd = files.folder / "dtd.xml"
    dtd.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]>\n<a>&x;</a>\n'
    )
    not_xml = files.folder / "not.xml"
    not_xml.write_bytes(b"%PDF-1.7 not xml")

    for path in (dtd, not_xml, files.folder / "missing.xml"):
        result = run("verify", str(path))
        assert result.code == EXIT_UNUSABLE, result.out
        assert result.err.startswith(f"hocbaso: {path}: ")
    assert "[xml.doctype-forbidden]" in run("verify", str(dtd)).err

    mixed = run("verify", str(files.transcript), str(dtd))
    assert mixed.code == EXIT_UNUSABLE
    assert f"{files.transcript}: indeterminate" in mixed.out
    assert "  signatures: NO_SIGNATURE_FOUND" in mixed.out


def test_unsigned_file_exits_1(files: Files) -> None:
    result = run("verify", str(files.transcript))
    assert result.code == EXIT_INVALID
    assert "NO_SIGNATURE_FOUND" in result.out


def test_sign_prompts_for_a_password_when_needed(pki: PKI, files: Files) -> None:
    key = files.pem("teacher", pki.teacher, password=PASSWORD)
    out = files.folder / "out.xml"
    args = ["sign", str(files.transcript), "--key", str(key)]
    args += ["--cert", str(files.cert("teacher")), "--role", "subject-teacher"]
    args += ["--year", "2020-2021", "--at", AT, "-o", str(out)]

    result = run(*args, stdin=PASSWORD + "\n")
    assert result.code == EXIT_OK, result.err
    assert PASSWORD not in result.out + result.err

    wrong = run(*args, stdin="sai\n")
    assert wrong.code == EXIT_UNUSABLE
    assert "cannot be read (password?)" in wrong.err
    assert "sai" not in wrong.err.replace("password?", "")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "principal"], "give --year"),
        (["--role", "principal", "--year", "2020-2022"], "is not a school year"),
        (["--role", "giám thị", "--whole"], "Unknown signer role"),
        (["--role", "principal", "--year", "2020-2021", "--whole"], "not both"),
        (["--role", "principal", "--whole", "--password-env", "HB_UNSET"], "not set"),
        (["--role", "principal", "--whole", "--at", "yesterday"], "ISO 8601"),
        (
            ["--role", "principal", "--whole", "--at", "2999-01-01T00:00:00+07:00"],
            "cannot be dated in the future",
        ),
        (
            ["--role", "principal", "--whole", "--at", "2019-01-01T00:00:00+07:00"],
            "not at the signing time 2019-01-01T00:00:00+07:00",
        ),
    ],
)
def test_sign_usage_errors(
    pki: PKI, files: Files, extra: list[str], message: str
) -> None:
    key = files.pem("principal", pki.principal)
    result = run(
        "sign",
        str(files.transcript),
        "--key",
        str(key),
        "--cert",
        str(files.cert("principal")),
        "-o",
        str(files.folder / "o.xml"),
        *extra,
    )
    assert result.code == EXIT_UNUSABLE
    assert message in result.err


def test_sign_needs_one_key_source(pki: PKI, files: Files) -> None:
    key = files.pem("principal", pki.principal)
    base = ["sign", str(files.transcript), "--role", "school-seal", "-o", "o.xml"]
    assert "one of them" in run(*base).err
    assert "--key needs --cert" in run(*base, "--key", str(key)).err
    both = run(*base, "--key", str(key), "--pkcs12", str(key))
    assert both.code == EXIT_UNUSABLE


def test_verify_with_crl_and_bad_trust_material(pki: PKI, files: Files) -> None:
    from .test_trust import _crl

    signed = _sign_four(pki, files)
    crl = files.folder / "subca.crl"
    crl.write_bytes(
        _crl(pki, datetime(2021, 1, 1, tzinfo=UTC)).public_bytes(Encoding.PEM)
    )

    result = run("verify", str(signed), "--trust", str(files.root), "--crl", str(crl))
    assert result.code == EXIT_INVALID
    assert "TOTAL_FAILED / REVOKED" in result.out

    bad = run("verify", str(signed), "--trust", str(files.transcript))
    assert bad.code == EXIT_UNUSABLE
    assert "No certificate could be read" in bad.err


def test_verify_with_a_forged_crl_says_it_was_given_but_not_used(
    pki: PKI, files: Files
) -> None:
    from .test_trust import _crl, _forged_copy

    signed = _sign_four(pki, files)
    genuine = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    crl = files.folder / "forged.crl"
    crl.write_bytes(_forged_copy(genuine, pki.seal.key).public_bytes(Encoding.PEM))

    without = run("verify", str(signed), "--trust", str(files.root))
    result = run("verify", str(signed), "--trust", str(files.root), "--crl", str(crl))

    assert result.code == without.code == EXIT_OK, result.out + result.err
    assert result.out.startswith(f"{signed}: passed\n")
    assert "No revocation data for 'CN=Hiệu trưởng" in without.out
    assert "No revocation data for 'CN=Hiệu trưởng" not in result.out
    assert "A CRL naming issuer 'CN=Sub CA Kiểm Thử" in result.out
    assert "its signature does not verify with that issuer's key" in result.out


def test_one_file_gets_one_verdict_alone_or_in_a_folder(pki: PKI, files: Files) -> None:
    # A transcript whose stated year result contradicts its scores, sealed.
    example = primary_example()
    first = example.years[0].model_copy(update={"result": PrimaryYearResult.EXCELLENT})
    wrong = example.model_copy(update={"years": (first, *example.years[1:])})
    source = files.folder / "wrong" / "wrong.xml"
    source.parent.mkdir()
    source.write_bytes(write_xml(wrong))
    seal = files.pem("seal", pki.seal)
    sealed = source.with_name("sealed.xml")
    signing = run("sign", str(source), "--role", "school-seal", "--key", str(seal),
                  "--cert", str(files.cert("seal")), "--chain",
                  str(files.folder / "inter.pem"), "--at", AT, "-o", str(sealed))  # fmt: skip
    assert signing.code == EXIT_OK, signing.err
    source.unlink()

    alone = run("verify", str(sealed), "--trust", str(files.root), "--json")
    folder = run("verify", str(sealed.parent), "--trust", str(files.root), "--json")

    # The signature holds, the rules do not: failed, both ways, in one shape.
    assert alone.code == folder.code == EXIT_INVALID
    record = json.loads(alone.out)
    assert record == json.loads(folder.out.splitlines()[0]) | {"file": str(sealed)}
    assert record["outcome"] == "failed"
    assert record["signatures"]["indication"] == "TOTAL_PASSED"
    assert record["validation"]["status"] == "invalid"


def test_a_certificate_given_as_the_key_is_named_without_a_prompt(
    pki: PKI, files: Files
) -> None:
    seal = files.cert("seal")
    files.pem("seal", pki.seal)

    result = run("sign", str(files.transcript), "--role", "school-seal",
                 "--key", str(seal), "--cert", str(seal), "-o", "-")  # fmt: skip

    assert result.code == EXIT_UNUSABLE
    assert "'seal.cert.pem' holds a certificate (give it with --cert)" in result.err
    assert "Password" not in result.out + result.err


def test_a_ca_certificate_cannot_sign(pki: PKI, files: Files) -> None:
    key = files.pem("ca", pki.intermediate)

    result = run("sign", str(files.transcript), "--role", "school-seal",
                 "--key", str(key), "--cert", str(files.cert("ca")), "-o", "-")  # fmt: skip

    assert result.code != EXIT_OK
    assert "is a certificate authority's; a signer needs its own" in result.err


def test_a_year_is_refused_for_a_pdf(pki: PKI, files: Files) -> None:
    pdf = files.folder / "t.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    key = files.pem("principal", pki.principal)

    result = run("sign", str(pdf), "--role", "principal", "--year", "2020-2021",
                 "--key", str(key), "--cert", str(files.cert("principal")),
                 "-o", "-")  # fmt: skip

    assert result.code == EXIT_UNUSABLE
    assert "a PDF signature covers the whole PDF" in result.err


def test_xml_to_pair_is_refused_for_an_xml_file(files: Files) -> None:
    result = run("verify", str(files.transcript), "--xml", str(files.transcript))

    assert result.code == EXIT_UNUSABLE
    assert "--xml pairs a PDF with an XML" in result.err
