"""The public functions meet inputs of the wrong form with a clear error, or take them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from hocbaso.demo import make_demo_pki
from hocbaso.errors import HocbasoValueError, SigningError, XMLReadError
from hocbaso.examples import primary_example
from hocbaso.model import SignerRole
from hocbaso.pdf import check_pair
from hocbaso.signature import sign_document, verify_document
from hocbaso.signature.pkcs12 import load_pkcs12_signer
from hocbaso.xml import read_xml, write_xml

WHEN = dt.datetime(2025, 5, 30, 9, tzinfo=dt.UTC)
PKI = make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))


def test_a_role_may_be_given_by_its_name_or_vietnamese_term() -> None:
    xml = write_xml(primary_example())
    for role in ("principal", "Hiệu trưởng"):
        signed = sign_document(xml, PKI.signer(SignerRole.PRINCIPAL),
                               reference="#year-2020-2021", signing_time=WHEN,
                               role=role)  # fmt: skip
        report = verify_document(signed, trust=PKI.trust, now=WHEN)
        assert report.signatures[0].role is SignerRole.PRINCIPAL
    with pytest.raises(HocbasoValueError):
        sign_document(xml, PKI.signer(SignerRole.PRINCIPAL), reference="#transcript",
                      signing_time=WHEN, role="janitor")  # fmt: skip


def test_a_pkcs12_password_may_be_text_and_a_missing_file_is_named(
    tmp_path: Path,
) -> None:
    issued = PKI.signers[SignerRole.PRINCIPAL]
    path = tmp_path / "hieu-truong.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"p", issued.key, issued.certificate, None, BestAvailableEncryption("mật khẩu".encode())
    ))  # fmt: skip

    assert load_pkcs12_signer(path, "mật khẩu").certificate == issued.certificate
    with pytest.raises(SigningError, match=r"gone\.p12"):
        load_pkcs12_signer(tmp_path / "gone.p12", "x")


def test_the_demo_root_is_written_into_a_new_folder(tmp_path: Path) -> None:
    written = PKI.write(tmp_path / "new" / "folder")
    assert written.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_file_name_given_as_text_is_told_apart_from_xml() -> None:
    with pytest.raises(XMLReadError, match="looks like a file name"):
        read_xml("mine.xml")


def test_check_pair_asks_for_bytes_not_a_file_name() -> None:
    with pytest.raises(HocbasoValueError, match="read the file first"):
        check_pair("mine.pdf")  # type: ignore[arg-type]
