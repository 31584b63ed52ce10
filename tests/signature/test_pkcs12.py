from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    pkcs12,
)

from hocbaso.errors import SigningError
from hocbaso.signature.pkcs12 import PrivateKeySigner, load_pkcs12_signer

from .conftest import PKI


def test_a_key_of_another_certificate_is_refused(pki: PKI) -> None:
    with pytest.raises(
        SigningError,
        match=r"^The private key does not belong to the certificate 'CN=Hiệu trưởng,",
    ):
        PrivateKeySigner(pki.homeroom.key, pki.principal.cert)


def test_a_key_of_another_type_is_refused(pki: PKI) -> None:
    with pytest.raises(SigningError, match="does not belong to the certificate"):
        PrivateKeySigner(pki.teacher.key, pki.principal.cert)


def test_a_pkcs12_file_with_a_foreign_certificate_is_refused(
    pki: PKI, tmp_path: Path
) -> None:
    path = tmp_path / "principal.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"principal",
            pki.principal.key,
            pki.principal.cert,
            None,
            BestAvailableEncryption(b"secret"),
        )
    )
    assert load_pkcs12_signer(path, b"secret").certificate == pki.principal.cert

    with pytest.raises(SigningError, match="does not belong to the certificate"):
        load_pkcs12_signer(path, b"secret", certificate=pki.seal.cert)
