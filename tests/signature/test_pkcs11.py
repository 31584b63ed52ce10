"""
Signing with keys on a real PKCS#11 module (SoftHSM2), and remote two-step signing.

A temporary SoftHSM2 token is made for the session: the principal's RSA key of
the test PKI is imported into it (with its certificate stored beside it), and
an EC key is generated on the token and certified by the test PKI.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_der_public_key,
)

from hocbaso.errors import SigningError
from hocbaso.examples import primary_example
from hocbaso.signature import (
    Indication,
    SignerRole,
    finish_signature,
    prepare_signature,
    sign_document,
    verify_document,
)
from hocbaso.signature.algorithms import SignatureAlgorithm
from hocbaso.signature.pkcs12 import PrivateKeySigner
from hocbaso.xml import write_xml

from .conftest import NOW, PKI, SIGNING_TIME, certify

if TYPE_CHECKING:
    from hocbaso.signature.pkcs11 import PKCS11Signer

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "hocbaso-test"
PIN = "123456"
YEAR = "#year-2020-2021"
RSA_ID = b"\x01"
EC_ID = b"\x02"


@dataclass(frozen=True)
class Token:
    ec_certificate: x509.Certificate


def _require_softhsm() -> None:
    pytest.importorskip(
        "pkcs11",
        reason="python-pkcs11 (hocbaso[pkcs11]) is absent.",
        exc_type=ImportError,
    )
    if not Path(MODULE).exists() or shutil.which("softhsm2-util") is None:
        pytest.skip(f"SoftHSM2 is not installed ({MODULE}, softhsm2-util).")


def _util(*args: str) -> None:
    subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def token(pki: PKI, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Token]:
    _require_softhsm()
    directory = tmp_path_factory.mktemp("softhsm")
    (directory / "tokens").mkdir()
    config = directory / "softhsm2.conf"
    config.write_text(
        f"directories.tokendir = {directory / 'tokens'}\n"
        "objectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(config))
        yield _fill_token(pki, directory)


def _fill_token(pki: PKI, directory: Path) -> Token:
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

    _util(
        *("--init-token", "--free", "--label", TOKEN),
        *("--so-pin", "87654321", "--pin", PIN),
    )
    key_file = directory / "principal.p8"
    key_file.write_bytes(
        pki.principal.key.private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
    )
    _util(
        *("--import", str(key_file), "--token", TOKEN, "--label", "principal"),
        *("--id", RSA_ID.hex(), "--pin", PIN),
    )
    key_file.unlink()

    token = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "principal",
                Attribute.ID: RSA_ID,
                Attribute.SUBJECT: pki.principal.cert.subject.public_bytes(),
                Attribute.VALUE: pki.principal.cert.public_bytes(Encoding.DER),
            }
        )
        parameters = session.create_domain_parameters(
            KeyType.EC,
            {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
            local=True,
        )
        public, _ = parameters.generate_keypair(store=True, label="teacher", id=EC_ID)
        spki = load_der_public_key(encode_ec_public_key(public))
    assert isinstance(spki, ec.EllipticCurvePublicKey)
    cert = certify(
        "Giáo viên Toán (token)",
        spki,
        pki.intermediate.key,
        pki.intermediate.cert.subject,
    )
    return Token(ec_certificate=cert)


def _open(**options: object) -> PKCS11Signer:
    from hocbaso.signature.pkcs11 import open_pkcs11_signer

    return open_pkcs11_signer(MODULE, token_label=TOKEN, pin=PIN, **options)  # type: ignore[arg-type]  # test keywords.


def test_rsa_key_and_certificate_read_from_the_token(
    token: Token, pki: PKI, transcript: bytes
) -> None:
    with _open(key_label="principal", chain=[pki.intermediate.cert]) as signer:
        assert signer.certificate == pki.principal.cert
        assert signer.algorithm is SignatureAlgorithm.RSA_SHA256
        signed = sign_document(
            transcript,
            signer,
            reference=YEAR,
            signing_time=SIGNING_TIME,
            role=SignerRole.PRINCIPAL,
        )

    report = verify_document(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


def test_ec_key_generated_on_the_token_with_supplied_certificate(
    token: Token, pki: PKI, transcript: bytes
) -> None:
    with _open(
        key_id=EC_ID, certificate=token.ec_certificate, chain=[pki.intermediate.cert]
    ) as signer:
        assert signer.algorithm is SignatureAlgorithm.ECDSA_SHA256
        signed = sign_document(
            transcript,
            signer,
            reference=YEAR,
            signing_time=SIGNING_TIME,
            role=SignerRole.SUBJECT_TEACHER,
        )

    report = verify_document(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].signature_algorithm == (
        SignatureAlgorithm.ECDSA_SHA256.value
    )


def test_rsa_sha512_on_the_token(token: Token, pki: PKI, transcript: bytes) -> None:
    with _open(
        key_id=RSA_ID,
        algorithm=SignatureAlgorithm.RSA_SHA512,
        chain=[pki.intermediate.cert],
    ) as signer:
        signed = sign_document(
            transcript, signer, reference=YEAR, signing_time=SIGNING_TIME
        )

    report = verify_document(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


def test_wrong_pin_is_refused_without_showing_it(token: Token) -> None:
    from hocbaso.signature.pkcs11 import open_pkcs11_signer

    with pytest.raises(SigningError, match="Login to the PKCS#11 token") as caught:
        open_pkcs11_signer(MODULE, token_label=TOKEN, pin="999999", key_label="x")
    assert "999999" not in str(caught.value)


def test_unknown_token_key_and_certificate_mismatch(token: Token, pki: PKI) -> None:
    from hocbaso.signature.pkcs11 import open_pkcs11_signer

    with pytest.raises(SigningError, match="No PKCS#11 token 'absent'"):
        open_pkcs11_signer(MODULE, token_label="absent", pin=PIN, key_label="x")
    with pytest.raises(SigningError, match="No single private key"):
        _open(key_label="nobody")
    with pytest.raises(SigningError, match="does not fit the key type"):
        _open(key_id=EC_ID, algorithm=SignatureAlgorithm.RSA_SHA256)
    with pytest.raises(SigningError, match="Expected one certificate"):
        _open(key_id=EC_ID)
    with (
        _open(key_id=RSA_ID, certificate=pki.seal.cert) as signer,
        pytest.raises(SigningError, match="certificate belongs to another key"),
    ):
        signer.sign_digest(bytes(32))


def test_token_found_by_slot(token: Token, pki: PKI) -> None:
    import pkcs11

    from hocbaso.signature.pkcs11 import open_pkcs11_signer

    slot = pkcs11.lib(MODULE).get_token(token_label=TOKEN).slot.slot_id
    with open_pkcs11_signer(MODULE, slot=slot, pin=PIN, key_id=RSA_ID) as signer:
        assert signer.certificate == pki.principal.cert
    with pytest.raises(SigningError, match="by its label or its slot"):
        open_pkcs11_signer(MODULE, pin=PIN, key_id=RSA_ID)


class FakeRemoteService:
    """
    A remote signing service, as a JSON exchange: digest in, value out.

    Real services (a CA's cloud signing) receive only the digest and the
    method, and answer with the signature value; the key never leaves them.
    """

    def __init__(self, signer: PrivateKeySigner) -> None:
        self._signer = signer

    def certificate_pem(self) -> bytes:
        return self._signer.certificate.public_bytes(Encoding.PEM)

    def handle(self, request: str) -> str:
        body = json.loads(request)
        assert body["algorithm"] == self._signer.algorithm.value
        value = self._signer.sign_digest(base64.b64decode(body["digest"]))
        return json.dumps({"signature": base64.b64encode(value).decode()})


def test_remote_two_step_signing(pki: PKI, transcript: bytes) -> None:
    service = FakeRemoteService(pki.signer(pki.homeroom))
    certificate = x509.load_pem_x509_certificate(service.certificate_pem())

    prepared = prepare_signature(
        transcript,
        certificate=certificate,
        reference=YEAR,
        signing_time=SIGNING_TIME,
        role=SignerRole.HOMEROOM_TEACHER,
        chain=[pki.intermediate.cert],
    )
    request = json.dumps(
        {
            "algorithm": prepared.algorithm.value,
            "digest": base64.b64encode(prepared.digest).decode(),
        }
    )
    answer = json.loads(service.handle(request))
    signed = finish_signature(prepared, base64.b64decode(answer["signature"]))

    report = verify_document(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].role is SignerRole.HOMEROOM_TEACHER
    assert isinstance(certificate.public_key(), rsa.RSAPublicKey)


def test_sign_command_with_a_token(token: Token, pki: PKI, tmp_path: Path) -> None:
    from .test_cli import run

    source = tmp_path / "transcript.xml"
    source.write_bytes(write_xml(primary_example()))
    inter = tmp_path / "inter.pem"
    inter.write_bytes(pki.intermediate.cert.public_bytes(Encoding.PEM))
    out = tmp_path / "signed.xml"
    args = ["sign", str(source), "--pkcs11", MODULE, "--token", TOKEN]
    args += ["--key-id", RSA_ID.hex(), "--chain", str(inter), "--role", "Hiệu trưởng"]
    args += ["--year", "2020-2021", "--at", "2021-05-30T16:30:00", "-o", str(out)]

    result = run(*args, env={"HB_PIN": PIN}, stdin="")
    assert result.code == 2, "no PIN given and none typed"
    result = run(*args, "--password-env", "HB_PIN", env={"HB_PIN": PIN})
    assert result.code == 0, result.err
    assert PIN not in result.out + result.err

    report = verify_document(out.read_bytes(), trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].role is SignerRole.PRINCIPAL
    wrong = run(
        *args, "--key-id", "zz", "--password-env", "HB_PIN", env={"HB_PIN": PIN}
    )
    assert "is not hexadecimal" in wrong.err
