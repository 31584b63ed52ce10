"""
A :class:`~hocbaso.signature.api.Signer` over a key held in a PKCS#11 token.

Vietnamese signers keep their keys on USB tokens issued by the certification
authorities; every such token ships a PKCS#11 module (a shared library).  This
signer logs in with the PIN the caller gives, finds the private key by label
or id, and signs the digest on the token: the key never leaves it.

It needs the optional dependency ``python-pkcs11`` (``pip install
'hocbaso[pkcs11]'``).

>>> with open_pkcs11_signer(
...     "/usr/lib/softhsm/libsofthsm2.so", token_label="hocbaso", pin=pin,
...     key_label="principal",
... ) as signer:  # doctest: +SKIP
...     signed = sign_document(data, signer, reference="#year-2020-2021", ...)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from types import TracebackType
from typing import Self

import pkcs11
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    Prehashed,
    encode_dss_signature,
)
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass

from hocbaso.errors import SigningError
from hocbaso.signature._keys import hash_for
from hocbaso.signature.algorithms import DigestAlgorithm, SignatureAlgorithm
from hocbaso.signature.api import Signer

__all__ = ["PKCS11Signer", "open_pkcs11_signer"]

logger = logging.getLogger(__name__)

# DER of DigestInfo up to the digest octets (RFC 8017 §9.2, note 1): the token
# is given CKM_RSA_PKCS over DigestInfo, because the digest is already made.
_DIGEST_INFO = {
    DigestAlgorithm.SHA224: bytes.fromhex("302d300d06096086480165030402040500041c"),
    DigestAlgorithm.SHA256: bytes.fromhex("3031300d060960864801650304020105000420"),
    DigestAlgorithm.SHA384: bytes.fromhex("3041300d060960864801650304020205000430"),
    DigestAlgorithm.SHA512: bytes.fromhex("3051300d060960864801650304020305000440"),
}

_DEFAULTS = {
    KeyType.RSA: SignatureAlgorithm.RSA_SHA256,
    KeyType.EC: SignatureAlgorithm.ECDSA_SHA256,
}


class PKCS11Signer(Signer):
    """
    Sign with a private key on a PKCS#11 token, through an open session.

    Each signature is checked against the certificate's public key before it
    is returned, so a certificate that does not belong to the token's key is
    caught at signing time, not by the people who verify later.
    """

    def __init__(
        self,
        session: pkcs11.Session,
        *,
        key_label: str | None = None,
        key_id: bytes | None = None,
        certificate: x509.Certificate | None = None,
        chain: Sequence[x509.Certificate] = (),
        algorithm: SignatureAlgorithm | None = None,
        owns_session: bool = False,
    ) -> None:
        """
        Create the signer over a session that is logged in.

        :param session: an open session, logged in as the user.
        :param key_label: the private key's ``CKA_LABEL``.
        :param key_id: the private key's ``CKA_ID``; give a label, an id or both.
        :param certificate: the signer's certificate; read from the token (the
            certificate object with the key's id, else its label) if omitted.
        :param chain: intermediates to include in KeyInfo.
        :param algorithm: the method; RSA-SHA256 or ECDSA-SHA256 by default.
        :param owns_session: close ``session`` when this signer is closed.
        :raises SigningError: if the key or certificate cannot be found, or
            the key type and method do not fit.
        """
        self._session = session
        self._owns_session = owns_session
        self._key = _find_key(session, key_label, key_id)
        self._algorithm = _algorithm_for(self._key, algorithm)
        self._certificate = certificate or _read_certificate(session, self._key)
        self._chain = tuple(chain)

    @property
    def certificate(self) -> x509.Certificate:
        """Return the signer's certificate."""
        return self._certificate

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        """Return the intermediates given at creation."""
        return self._chain

    @property
    def algorithm(self) -> SignatureAlgorithm:
        """Return the signature method."""
        return self._algorithm

    def sign_digest(self, digest: bytes) -> bytes:
        """
        Sign a digest on the token.

        :param digest: the digest of the canonical SignedInfo.
        :returns: the XMLDSig signature value (raw ``r||s`` for ECDSA).
        :raises SigningError: if the token refuses, or the value does not
            verify with the certificate's public key.
        """
        try:
            value = _sign_on_token(self._key, self._algorithm, digest)
        except pkcs11.PKCS11Error as exc:
            raise SigningError(
                f"The PKCS#11 token refused to sign ({type(exc).__name__})."
            ) from exc
        _check_value(self._certificate, self._algorithm, digest, value)
        logger.debug("Signed a digest on the token with key %r", self._key.label)
        return value

    def close(self) -> None:
        """Close the session (log out) if this signer opened it."""
        if self._owns_session:
            self._session.close()
            self._owns_session = False

    def __enter__(self) -> Self:
        """Return the signer, to be closed at the end of a ``with`` block."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the session if this signer opened it."""
        self.close()


def open_pkcs11_signer(
    module: str,
    *,
    pin: str,
    token_label: str | None = None,
    slot: int | None = None,
    key_label: str | None = None,
    key_id: bytes | None = None,
    certificate: x509.Certificate | None = None,
    chain: Sequence[x509.Certificate] = (),
    algorithm: SignatureAlgorithm | None = None,
) -> PKCS11Signer:
    """
    Load a PKCS#11 module, log in to a token and return a signer over its key.

    The PIN is passed to the token and kept nowhere else; it is never logged.
    Close the signer (or use it in a ``with`` block) to log out.

    :param module: path of the PKCS#11 shared library (the token's driver).
    :param pin: the user PIN.
    :param token_label: the token's label; give a label or a slot.
    :param slot: the slot id holding the token.
    :param key_label: the private key's label.
    :param key_id: the private key's id.
    :param certificate: the signer's certificate, if not read from the token.
    :param chain: intermediates to include in KeyInfo.
    :param algorithm: the method; RSA-SHA256 or ECDSA-SHA256 by default.
    :returns: a signer that owns its session.
    :raises SigningError: if the module, token, login, key or certificate fails.
    """
    token = _find_token(module, token_label, slot)
    try:
        session = token.open(user_pin=pin)
    except pkcs11.PKCS11Error as exc:
        raise SigningError(
            f"Login to the PKCS#11 token {token.label.strip()!r} failed "
            f"({type(exc).__name__})."
        ) from exc
    logger.info("Logged in to the PKCS#11 token %r", token.label.strip())

    try:
        return PKCS11Signer(
            session,
            key_label=key_label,
            key_id=key_id,
            certificate=certificate,
            chain=chain,
            algorithm=algorithm,
            owns_session=True,
        )
    except SigningError:
        session.close()
        raise


def _find_token(module: str, label: str | None, slot: int | None) -> pkcs11.Token:
    if (label is None) == (slot is None):
        raise SigningError("Name the PKCS#11 token by its label or its slot, not both.")
    logger.info("Loading the PKCS#11 module %s", module)
    try:
        library = pkcs11.lib(module)
        if label is not None:
            return library.get_token(token_label=label)
        return _token_in_slot(library.get_slots(token_present=True), slot)
    except (pkcs11.PKCS11Error, RuntimeError, OSError) as exc:
        raise SigningError(
            f"No PKCS#11 token {label if label is not None else slot!r} was found "
            f"with the module {module!r} ({type(exc).__name__})."
        ) from exc


def _token_in_slot(slots: Sequence[pkcs11.Slot], slot: int | None) -> pkcs11.Token:
    for candidate in slots:
        if candidate.slot_id == slot:
            return candidate.get_token()
    raise pkcs11.NoSuchToken(f"No token in slot {slot!r}.")


def _find_key(
    session: pkcs11.Session, label: str | None, key_id: bytes | None
) -> pkcs11.PrivateKey:
    if label is None and key_id is None:
        raise SigningError("Name the private key on the token by its label or id.")
    try:
        key = session.get_key(
            object_class=ObjectClass.PRIVATE_KEY, label=label, id=key_id
        )
    except pkcs11.PKCS11Error as exc:
        raise SigningError(
            f"No single private key with label {label!r} and id "
            f"{key_id.hex() if key_id else None!r} is on the token "
            f"({type(exc).__name__})."
        ) from exc
    if not isinstance(key, pkcs11.PrivateKey):
        raise SigningError(f"The token object {label!r} is not a private key.")
    return key


def _algorithm_for(
    key: pkcs11.PrivateKey, algorithm: SignatureAlgorithm | None
) -> SignatureAlgorithm:
    default = _DEFAULTS.get(key.key_type)
    if default is None:
        raise SigningError(
            f"The token's key is of type {key.key_type.name!r}; expected RSA or EC."
        )
    chosen = algorithm or default
    if chosen.family != default.family or chosen.digest not in _DIGEST_INFO:
        raise SigningError(f"The method {chosen.value!r} does not fit the key type.")
    return chosen


def _read_certificate(
    session: pkcs11.Session, key: pkcs11.PrivateKey
) -> x509.Certificate:
    # Tokens pair a key with its certificate by CKA_ID (PKCS#11 v2.40 §4.6.3);
    # the label is the fallback for tokens whose tools leave the id empty.
    selector: dict[Attribute, object] = {Attribute.CLASS: ObjectClass.CERTIFICATE}
    if key.id:
        selector[Attribute.ID] = key.id
    else:
        selector[Attribute.LABEL] = key.label
    found = [obj[Attribute.VALUE] for obj in session.get_objects(selector)]
    if len(found) != 1:
        raise SigningError(
            f"Expected one certificate for the key {key.label!r} on the token, "
            f"found {len(found)}; supply the certificate instead."
        )
    try:
        return x509.load_der_x509_certificate(bytes(found[0]))
    except ValueError as exc:
        raise SigningError("The certificate on the token cannot be read.") from exc


def _sign_on_token(
    key: pkcs11.PrivateKey, algorithm: SignatureAlgorithm, digest: bytes
) -> bytes:
    if not isinstance(key, pkcs11.SignMixin):
        raise SigningError(f"The token's key {key.label!r} cannot sign.")
    if algorithm.family == "rsa":
        data = _DIGEST_INFO[algorithm.digest] + digest
        return bytes(key.sign(data, mechanism=Mechanism.RSA_PKCS))
    # CKM_ECDSA returns r||s, each as long as the order: what XMLDSig wants.
    return bytes(key.sign(digest, mechanism=Mechanism.ECDSA))


def _check_value(
    certificate: x509.Certificate,
    algorithm: SignatureAlgorithm,
    digest: bytes,
    value: bytes,
) -> None:
    public = certificate.public_key()
    prehashed = Prehashed(hash_for(algorithm.digest))
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(value, digest, padding.PKCS1v15(), prehashed)
        elif isinstance(public, ec.EllipticCurvePublicKey):
            half = len(value) // 2
            r, s = (int.from_bytes(p, "big") for p in (value[:half], value[half:]))
            public.verify(encode_dss_signature(r, s), digest, ec.ECDSA(prehashed))
        else:
            raise SigningError("The certificate's key is neither RSA nor EC.")
    except InvalidSignature:
        raise SigningError(
            "The token's signature does not verify with the certificate's key; "
            "the certificate belongs to another key."
        ) from None
