"""
Trust material given by the caller: anchors, intermediates, CRLs, pinned certificates.

Nothing is fetched: paths are built only from the document's certificates and
these.  Files may be PEM (several blocks), DER or PKCS#7; a folder is read
file by file, taking only the files whose suffix names a certificate format.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

from hocbaso.errors import TrustMaterialError

__all__ = [
    "CERTIFICATE_SUFFIXES",
    "TrustSettings",
    "load_certificates",
    "load_crls",
    "load_trust",
]

logger = logging.getLogger(__name__)

_DERObject = x509.Certificate | x509.CertificateRevocationList

_PRIVATE_KEY = re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")

CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p7c")
"""The file suffixes read from a trust folder (compared case-insensitively)."""


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """Certificates and revocation data the caller trusts or supplies."""

    anchors: tuple[x509.Certificate, ...] = ()
    """Trust anchors (roots).  A path must end in one for ``TOTAL_PASSED``."""

    intermediates: tuple[x509.Certificate, ...] = ()
    """Untrusted certificates that may complete a path."""

    crls: tuple[x509.CertificateRevocationList, ...] = ()
    """CRLs; each is used only if its issuer's signature on it verifies."""

    pinned: tuple[x509.Certificate, ...] = ()
    """
    Signer certificates trusted directly, without a path.

    Also used as the signing key when a signature carries no certificate
    (e.g. a WS-Security token reference).  Pinning a certificate trusts
    anything its key signed, at any time.
    """

    material_key: bytes = field(init=False, repr=False, compare=False)
    """
    A digest of this material, for caches of trust results.

    SHA-256 over the DER bytes of every certificate and CRL, each with its
    length and kind, in order: equal for byte-identical material.  Two
    different materials with one key would need a SHA-256 collision made from
    material the operator chose, not the document.  The fields are made
    tuples here so that the material cannot change under its key.
    """

    def __post_init__(self) -> None:
        """Freeze the fields into tuples and compute :attr:`material_key`."""
        for name in ("anchors", "intermediates", "crls", "pinned"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "material_key", _digest(self))


def _digest(trust: TrustSettings) -> bytes:
    digest = hashlib.sha256()
    kinds: tuple[tuple[bytes, Sequence[_DERObject]], ...] = (
        (b"A", trust.anchors),
        (b"I", trust.intermediates),
        (b"C", trust.crls),
        (b"P", trust.pinned),
    )
    for kind, items in kinds:
        for item in items:
            der = item.public_bytes(Encoding.DER)
            digest.update(kind + len(der).to_bytes(8, "big") + der)
    return digest.digest()


def load_certificates(path: str | Path) -> list[x509.Certificate]:
    """
    Read every certificate in a file or, for a folder, in its files.

    In a folder only the files named ``*.pem``, ``*.crt``, ``*.cer``,
    ``*.der``, ``*.p7b`` or ``*.p7c`` are read; others (a README, say) are
    skipped.  A file given by name is read whatever its name.

    :param path: a PEM, DER or PKCS#7 file, or a folder of them.
    :returns: the certificates, in file order.
    :raises TrustMaterialError: if a file read holds no certificate it can
        read, or a folder holds no certificate file.
    """
    source = Path(path)
    if source.is_dir():
        return _read_folder(source)
    return _read(source)


def _read_folder(folder: Path) -> list[x509.Certificate]:
    files = sorted(f for f in folder.iterdir() if f.is_file())
    chosen = [f for f in files if f.suffix.lower() in CERTIFICATE_SUFFIXES]
    logger.debug(
        "Skipped %d file(s) in %s that are not certificate files",
        len(files) - len(chosen),
        folder.name,
    )
    found = [c for f in chosen for c in _read(f)]
    if not found:
        raise TrustMaterialError(
            f"No certificates found in folder '{folder}' "
            f"(looked for {', '.join(CERTIFICATE_SUFFIXES)} files)."
        )
    return found


def _read(path: Path) -> list[x509.Certificate]:
    logger.info("Reading certificates from %s", path.name)
    data = path.read_bytes()
    _refuse_keys(path, data)
    for loader in (
        x509.load_pem_x509_certificates,
        lambda d: [x509.load_der_x509_certificate(d)],
        pkcs7.load_pem_pkcs7_certificates,
        pkcs7.load_der_pkcs7_certificates,
    ):
        try:
            return list(loader(data))
        except ValueError:
            continue
    raise TrustMaterialError(
        f"No certificate could be read from {str(path)!r}; expected PEM, DER or "
        "PKCS#7 (a trust folder must hold certificates only, never keys)."
    )


def _refuse_keys(path: Path, data: bytes) -> None:
    # The PEM loaders would skip a key and take the certificates or the CRL:
    # refuse, since a key among trust material is a key exposed by mistake.
    if _PRIVATE_KEY.search(data):
        raise TrustMaterialError(
            f"{str(path)!r} holds a private key; trust material must hold "
            "certificates and CRLs only (move the key out of it)."
        )


def load_crls(path: str | Path) -> list[x509.CertificateRevocationList]:
    """
    Read a CRL (PEM or DER).

    :param path: the CRL file.
    :returns: the CRL, in a list.
    :raises TrustMaterialError: if it cannot be read.
    """
    data = Path(path).read_bytes()
    _refuse_keys(Path(path), data)
    try:
        if data.lstrip().startswith(b"-----"):
            return [x509.load_pem_x509_crl(data)]
        return [x509.load_der_x509_crl(data)]
    except ValueError as exc:
        raise TrustMaterialError(f"The CRL {str(path)!r} cannot be read.") from exc


def load_trust(
    anchors: Iterable[str | Path] = (),
    *,
    intermediates: Iterable[str | Path] = (),
    crls: Iterable[str | Path] = (),
    pinned: Iterable[str | Path] = (),
) -> TrustSettings:
    """
    Build trust settings from files and folders.

    :param anchors: files or folders with trust anchors.
    :param intermediates: files or folders with intermediate certificates.
    :param crls: CRL files.
    :param pinned: files with signer certificates trusted directly.
    :returns: the settings.
    """
    return TrustSettings(
        anchors=tuple(c for p in anchors for c in load_certificates(p)),
        intermediates=tuple(c for p in intermediates for c in load_certificates(p)),
        crls=tuple(c for p in crls for c in load_crls(p)),
        pinned=tuple(c for p in pinned for c in load_certificates(p)),
    )
