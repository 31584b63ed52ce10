"""
Sign and verify XML signatures with hocbaso, signxml and python-xmlsec, side by side.

Run: ``python benchmarks/bench_xml_signatures.py``.  Prints the median time per
operation (milliseconds) over repeated runs in one process, on a synthetic
transcript (5 school years x 15 subjects) signed by 3 teachers/principal on a
year and the school seal over the whole document (RSA-2048, chains included).
"""

from __future__ import annotations

import copy
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from lxml import etree

from hocbaso.signature import SignerRole, TrustSettings, sign_document, verify_document
from hocbaso.signature.pkcs12 import PrivateKeySigner

NOW = datetime.now(UTC)
NS = "urn:hocbaso:transcript:1"


def measure(action: Callable[[], object], *, rounds: int = 200) -> float:
    for _ in range(5):
        action()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def transcript() -> bytes:
    root = etree.fromstring(f'<Transcript xmlns="{NS}" Id="transcript"/>')
    etree.SubElement(root, f"{{{NS}}}Student").text = "Nguyễn Văn An"
    for year in range(2020, 2025):
        record = etree.SubElement(root, f"{{{NS}}}Year", Id=f"year-{year}-{year + 1}")
        for number in range(15):
            subject = etree.SubElement(record, f"{{{NS}}}Subject", Code=f"M{number}")
            etree.SubElement(subject, f"{{{NS}}}Name").text = f"Môn học số {number}"
            for term in ("TX1", "TX2", "TX3", "TX4", "GK", "CK", "HK1", "HK2", "CN"):
                etree.SubElement(subject, f"{{{NS}}}Score", Term=term).text = "8.5"
            etree.SubElement(
                subject, f"{{{NS}}}Comment"
            ).text = (
                "Học sinh chăm chỉ, tiếp thu bài tốt, tích cực phát biểu xây dựng bài."
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def issue(
    name: str,
    key: rsa.RSAPrivateKey,
    issuer: tuple[rsa.RSAPrivateKey, x509.Name] | None,
) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    signer_key, issuer_name = issuer or (key, subject)
    ca = issuer is None or "CA" in name
    usage = x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()),
            critical=False,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
    return builder.sign(signer_key, hashes.SHA256())


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def build() -> tuple[bytes, bytes, list[PrivateKeySigner], TrustSettings]:
    root_key, inter_key = rsa_key(), rsa_key()
    root = issue("Root CA", root_key, None)
    inter = issue("Sub CA", inter_key, (root_key, root.subject))
    signers = []
    for name in ("Teacher", "Homeroom", "Principal", "Seal"):
        key = rsa_key()
        cert = issue(name, key, (inter_key, inter.subject))
        signers.append(PrivateKeySigner(key, cert, chain=[inter]))
    document = transcript()
    one = sign_document(
        document,
        signers[2],
        reference="#year-2020-2021",
        signing_time=NOW,
        role=SignerRole.PRINCIPAL,
    )
    four = document
    for signer, ref in zip(
        signers, ["#year-2020-2021"] * 3 + ["#transcript"], strict=True
    ):
        four = sign_document(four, signer, reference=ref, signing_time=NOW)
    return one, four, signers, TrustSettings(anchors=(root,))


def bench_ours(one: bytes, four: bytes, trust: TrustSettings) -> dict[str, float]:
    assert (
        verify_document(four, trust=trust, now=NOW).indication.value == "TOTAL_PASSED"
    )
    return {
        "hocbaso verify 1 signature": measure(
            lambda: verify_document(one, trust=trust, now=NOW)
        ),
        "hocbaso verify 4 signatures": measure(
            lambda: verify_document(four, trust=trust, now=NOW)
        ),
    }


def bench_sign(signers: list[PrivateKeySigner]) -> dict[str, float]:
    document = transcript()
    return {
        "hocbaso sign 1 signature (key loaded)": measure(
            lambda: sign_document(
                document, signers[2], reference="#year-2020-2021", signing_time=NOW
            ),
            rounds=100,
        )
    }


def bench_signxml(one: bytes, root_pem: bytes, folder: Path) -> dict[str, float]:
    from signxml.verifier import XMLVerifier

    anchors = folder / "root.pem"
    anchors.write_bytes(root_pem)

    def verify() -> object:
        return XMLVerifier().verify(one, ca_pem_file=str(anchors), expect_references=2)

    try:
        verify()
    except Exception as exc:  # noqa: BLE001  # report why a peer cannot run
        return {f"signxml verify (failed: {type(exc).__name__})": float("nan")}
    single = measure(verify, rounds=50)
    return {
        "signxml verify 1 signature": single,
        "signxml verify 4 signatures (4 calls)": 4 * single,
    }


def bench_xmlsec(four: bytes, root_pem: bytes, inter_pem: bytes) -> dict[str, float]:
    import xmlsec

    manager = xmlsec.KeysManager()
    for pem in (root_pem, inter_pem):
        manager.load_cert_from_memory(
            pem, xmlsec.constants.KeyDataFormatPem, xmlsec.constants.KeyDataTypeTrusted
        )

    def verify_all() -> None:
        tree = etree.fromstring(four)
        xmlsec.tree.add_ids(tree, ["Id"])
        for node in tree.iter("{http://www.w3.org/2000/09/xmldsig#}Signature"):
            # The stubs omit SignatureContext's manager argument.
            context = xmlsec.SignatureContext(manager)  # type: ignore[call-arg]
            context.verify(node)

    try:
        verify_all()
    except Exception as exc:  # noqa: BLE001  # report why a peer cannot run
        return {f"python-xmlsec verify (failed: {exc})": float("nan")}
    return {"python-xmlsec verify 4 signatures": measure(verify_all)}


def bench_floor(four: bytes, signer: PrivateKeySigner) -> dict[str, float]:
    tree = etree.fromstring(four)
    year = tree[1]
    value = signer.sign_digest(hashlib.sha256(b"x").digest())
    public = signer.certificate.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    return {
        "floor: lxml parse of the 4-signer document": measure(
            lambda: etree.fromstring(four)
        ),
        "floor: exclusive C14N of the whole document": measure(
            lambda: etree.tostring(tree, method="c14n", exclusive=True)
        ),
        "floor: deep copy + C14N of one year": measure(
            lambda: etree.tostring(copy.deepcopy(year), method="c14n", exclusive=True)
        ),
        "floor: SHA-256 of the document": measure(
            lambda: hashlib.sha256(four).digest()
        ),
        "floor: RSA-2048 verify": measure(
            lambda: public.verify(value, b"x", padding.PKCS1v15(), hashes.SHA256())
        ),
    }


def main() -> None:
    one, four, signers, trust = build()
    root_pem = trust.anchors[0].public_bytes(Encoding.PEM)
    inter_pem = signers[0].chain[0].public_bytes(Encoding.PEM)
    print(
        f"document: {len(transcript()) / 1024:.1f} KB unsigned, "
        f"{len(four) / 1024:.1f} KB with 4 signatures"
    )
    rows: dict[str, float] = {}
    rows |= bench_ours(one, four, trust)
    rows |= bench_sign(signers)
    with tempfile.TemporaryDirectory() as folder:
        rows |= bench_signxml(one, root_pem, Path(folder))
    rows |= bench_xmlsec(four, root_pem, inter_pem)
    rows |= bench_floor(four, signers[2])
    width = max(len(name) for name in rows)
    print(f"{'operation':<{width}}  median ms")
    for name, value in rows.items():
        print(f"{name:<{width}}  {value:9.3f}")


if __name__ == "__main__":
    main()
