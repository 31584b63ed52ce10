"""
Certificate path building and checking at a stated time, without network.

cryptography's ``x509.verification`` is not used: its client profile insists
on web-PKI rules (extended key usage, no SHA-1, no DSA) that the legacy vectors
and some Vietnamese CA certificates do not meet, and it takes no CRLs.  The
checks here follow RFC 5280 §6.1 in the parts that matter for signatures.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from hocbaso.signature._cache import BoundedCache, CacheInfo
from hocbaso.signature._keys import issuer_der, subject_der
from hocbaso.signature._names import format_name, format_time
from hocbaso.signature.algorithms import DigestAlgorithm
from hocbaso.signature.report import (
    Check,
    CheckGroup,
    CheckStatus,
    SubIndication,
    TimeSource,
)
from hocbaso.signature.trust import TrustSettings

logger = logging.getLogger(__name__)

_MAX_DEPTH = 8


@dataclass(slots=True)
class ChainOutcome:
    """The path found (leaf first) and the trust checks run on it."""

    path: list[x509.Certificate] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _IssuerFacts:
    name: str
    start: datetime
    end: datetime
    problem: str
    """Why it may not issue (constraints, key usage); empty if it may."""


@dataclass(frozen=True, slots=True)
class _RevocationFacts:
    name: str
    has_crl: bool
    """Whether a CRL signed by the issuer was supplied."""

    revoked_on: datetime | None
    """When that CRL says the certificate was revoked, if it lists it."""

    next_update: datetime | None = None
    """Until when that CRL is current (its nextUpdate), if it says."""

    unused: str = ""
    """
    Why the CRLs naming the issuer were not used, when none was.

    Empty if no CRL names the issuer.  Otherwise the caller did supply
    revocation data, and the report says so rather than that none was.  It
    depends on the CRLs and the issuer only, never on the policy or the time
    (allowing weak algorithms does not make a SHA-1 CRL usable), so it is
    cached with the other facts of the path.
    """


@dataclass(frozen=True, slots=True)
class _PathFacts:
    """What checking a path finds that does not depend on any time."""

    path: tuple[x509.Certificate, ...]
    found: bool
    path_check: Check
    leaf_start: datetime
    leaf_end: datetime
    issuers: tuple[_IssuerFacts, ...] = ()
    leaf_usage: Check | None = None
    revocations: tuple[_RevocationFacts, ...] = ()


class _PathKey:
    """
    Everything the time-independent facts depend on, compared exactly.

    cryptography compares certificates by their whole parsed (strict DER)
    content, from which everything the checks read derives; the trust
    material is compared by its digest (:attr:`TrustSettings.material_key`).
    Neither the policy nor any time takes part in building or constraining a
    path, so neither is here: the times are applied to the facts on every
    call (:func:`_checks_at`).  The hash is computed once: hashing a
    certificate re-reads it.
    """

    __slots__ = ("_hash", "extra", "leaf", "material")

    def __init__(
        self,
        leaf: x509.Certificate,
        extra: tuple[x509.Certificate, ...],
        material: bytes,
    ) -> None:
        self.leaf, self.extra, self.material = leaf, extra, material
        self._hash = hash((leaf, extra, material))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _PathKey):
            return NotImplemented
        return (
            self._hash == other._hash
            and self.material == other.material
            and self.leaf == other.leaf
            and self.extra == other.extra
        )


_FACTS: BoundedCache[_PathKey, _PathFacts] = BoundedCache(256)
"""
The facts of the paths met in this process.

Bounded: a school's bundles share a handful of signers and anchors, and an
entry holds a few certificates and short strings (never the trust settings).
"""


def _check(
    name: str, status: CheckStatus, reason: str, sub: SubIndication | None = None
) -> Check:
    return Check(name, CheckGroup.TRUST, status, reason, sub_indication=sub)


def check_chain(
    leaf: x509.Certificate,
    extra: Sequence[x509.Certificate],
    trust: TrustSettings,
    at: datetime,
    *,
    source: TimeSource,
    now: datetime,
) -> ChainOutcome:
    """
    Build a path from ``leaf`` to an anchor and check it at time ``at``.

    The path and what does not depend on the time (constraints, key usage,
    CRL entries, why a CRL was not used) are cached per process for the exact
    certificates and trust material (:func:`path_cache_info`); the times are
    compared on every call.

    :param leaf: the signer's certificate.
    :param extra: other certificates from the document.
    :param trust: the caller's trust settings.
    :param at: the validation time.
    :param source: where ``at`` came from (decides EXPIRED vs OUT_OF_BOUNDS).
    :param now: the current time, to report expired-now-but-valid-then.
    :returns: the path and the checks.
    """
    extras = tuple(extra)
    facts = _FACTS.get_or_compute(
        _PathKey(leaf, extras, trust.material_key),
        lambda: _path_facts(leaf, extras, trust),
    )
    return ChainOutcome(list(facts.path), _checks_at(facts, at, source, now))


def link_digests(path: Sequence[x509.Certificate]) -> set[str]:
    """
    Return the digest algorithms (XML Signature URIs) that sign the links of ``path``.

    Every certificate but the last (the anchor, trusted as it is) was signed by
    the next one; a weak digest there (MD5, SHA-1) is as weak as one in the
    signature itself, so the policy judges both.

    :param path: the chain from the signer's certificate to its anchor.
    :returns: the URIs; a hash the policy cannot name is
        ``urn:hocbaso:unknown-digest:NAME`` (never allowed). An EdDSA link has
        no separate hash and adds nothing.
    """
    signed = path[:-1] if len(path) > 1 else []
    return {uri for cert in signed if (uri := _digest_uri(cert)) is not None}


def _digest_uri(cert: x509.Certificate) -> str | None:
    try:
        chosen = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return "urn:hocbaso:unknown-digest:unsupported"
    if chosen is None:
        return None
    return _DIGEST_URIS.get(chosen.name, f"urn:hocbaso:unknown-digest:{chosen.name}")


_DIGEST_URIS = {d.name.lower(): d.value for d in DigestAlgorithm}
"""cryptography's hash names (``sha1``, ``sha256``…) to the policy's URIs."""


def path_cache_info() -> CacheInfo:
    """Return the hits, misses and size of the cache of path facts."""
    return _FACTS.info()


def clear_path_cache() -> None:
    """Empty the cache of path facts (for tests and long-lived processes)."""
    _FACTS.clear()


def _path_facts(
    leaf: x509.Certificate,
    extra: tuple[x509.Certificate, ...],
    trust: TrustSettings,
) -> _PathFacts:
    start, end = leaf.not_valid_before_utc, leaf.not_valid_after_utc
    path = _build_path(leaf, [*extra, *trust.intermediates, *trust.anchors], trust)
    if path is None:
        return _PathFacts((leaf,), False, _no_path(leaf), start, end)
    logger.debug("Built a path of %d certificate(s)", len(path))
    return _PathFacts(
        tuple(path),
        True,
        _check("trust.path", CheckStatus.PASSED, _path_text(path)),
        start,
        end,
        tuple(_issuer_facts(issuer, depth) for depth, issuer in enumerate(path[1:])),
        _leaf_usage(leaf),
        tuple(_revocation_facts(cert, issuer, trust) for cert, issuer in _links(path)),
    )


def _checks_at(
    facts: _PathFacts, at: datetime, source: TimeSource, now: datetime
) -> list[Check]:
    validity = _validity(facts.leaf_start, facts.leaf_end, at, source, now)
    if not facts.found or facts.leaf_usage is None:
        return [facts.path_check, validity]
    return [
        facts.path_check,
        validity,
        *(_issuer_check(issuer, at, source) for issuer in facts.issuers),
        facts.leaf_usage,
        *(_revocation_check(entry, at) for entry in facts.revocations),
    ]


def _no_path(leaf: x509.Certificate) -> Check:
    return _check(
        "trust.path",
        CheckStatus.FAILED,
        "No path from the signer's certificate to a trust anchor was found "
        "(issuer or root not supplied, or not trusted).",
        SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
    )


def _path_text(path: list[x509.Certificate]) -> str:
    anchor = format_name(path[-1].subject)
    return f"Path of {len(path)} certificate(s) ending at the trust anchor '{anchor}'."


def _is_in(cert: x509.Certificate, pool: Sequence[x509.Certificate]) -> bool:
    return any(cert == other for other in pool)


def _build_path(
    leaf: x509.Certificate,
    pool: Sequence[x509.Certificate],
    trust: TrustSettings,
) -> list[x509.Certificate] | None:
    # Depth-first search over issuers whose signature on the child verifies,
    # so a certificate with the right name but the wrong key never links.
    if _is_in(leaf, trust.pinned) or _is_in(leaf, trust.anchors):
        return [leaf]
    stack: list[list[x509.Certificate]] = [[leaf]]
    while stack:
        path = stack.pop()
        for issuer in _issuers_of(path[-1], pool):
            if _is_in(issuer, path) or len(path) >= _MAX_DEPTH:
                continue
            if _is_in(issuer, trust.anchors):
                return [*path, issuer]
            stack.append([*path, issuer])
    return None


def _issuers_of(
    cert: x509.Certificate, pool: Sequence[x509.Certificate]
) -> list[x509.Certificate]:
    found = []
    for candidate in pool:
        if subject_der(candidate) != issuer_der(cert) or candidate == cert:
            continue
        if _signed_by(cert, candidate):
            found.append(candidate)
    return found


@functools.lru_cache(maxsize=1024)
def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    # Pure in its two arguments, so cached: the signers of one document
    # usually share their intermediates.
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except (UnsupportedAlgorithm, ValueError):
        # cryptography refuses MD5-signed certificates here (ValueError); the
        # legacy vectors need them checked, so RSA links are checked directly.
        return _legacy_signed_by(cert, issuer)
    except (TypeError, InvalidSignature):
        return False


def _legacy_signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    key = issuer.public_key()
    chosen = cert.signature_hash_algorithm
    if not isinstance(key, rsa.RSAPublicKey) or chosen is None:
        return False
    try:
        key.verify(
            cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), chosen
        )
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True


def _validity(
    start: datetime, end: datetime, at: datetime, source: TimeSource, now: datetime
) -> Check:
    stamp = format_time(at)
    if start <= at <= end:
        if now > end:
            return _check(
                "trust.certificate-validity",
                CheckStatus.WARNING,
                f"The signer's certificate was valid at {stamp} but has expired "
                f"since {format_time(end)}.",
            )
        return _check(
            "trust.certificate-validity",
            CheckStatus.PASSED,
            f"The signer's certificate is valid at {stamp}.",
        )
    return _out_of_bounds(at < start, stamp, source)


def _out_of_bounds(early: bool, stamp: str, source: TimeSource) -> Check:
    # Validated at the signing time, a certificate outside its validity means
    # the signer claims to have signed with it when it was not valid: failed.
    # Validated at another time, we lack proof of when it was signed.
    if source is TimeSource.SIGNING_TIME:
        sub = SubIndication.NOT_YET_VALID if early else SubIndication.EXPIRED
    else:
        sub = SubIndication.OUT_OF_BOUNDS_NO_POE
    state = "not yet valid" if early else "expired"
    return _check(
        "trust.certificate-validity",
        CheckStatus.FAILED,
        f"The signer's certificate is {state} at {stamp}.",
        sub,
    )


def _issuer_facts(issuer: x509.Certificate, depth: int) -> _IssuerFacts:
    return _IssuerFacts(
        format_name(issuer.subject),
        issuer.not_valid_before_utc,
        issuer.not_valid_after_utc,
        _issuer_problem(issuer, depth),
    )


def _issuer_check(issuer: _IssuerFacts, at: datetime, source: TimeSource) -> Check:
    name = issuer.name
    if not issuer.start <= at <= issuer.end:
        failed = _out_of_bounds(at < issuer.start, format_time(at), source)
        reason = f"Issuer '{name}': " + failed.reason.replace("signer's ", "")
        return _check("trust.issuer", CheckStatus.FAILED, reason, failed.sub_indication)
    if issuer.problem:
        return _check(
            "trust.issuer",
            CheckStatus.FAILED,
            f"Issuer '{name}': {issuer.problem}",
            SubIndication.CHAIN_CONSTRAINTS_FAILURE,
        )
    return _check(
        "trust.issuer", CheckStatus.PASSED, f"Issuer '{name}' may issue and is valid."
    )


def _issuer_problem(issuer: x509.Certificate, depth: int) -> str:
    try:
        constraints = issuer.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        # RFC 5280 §6.1.4 (k) requires basicConstraints on v3 issuers; v1 roots
        # of old test vectors have none and are accepted only as anchors.
        return "" if issuer.version is x509.Version.v1 else "no basicConstraints."
    limit = constraints.value.path_length
    if not constraints.value.ca:
        return "not a CA (basicConstraints cA is false)."
    if limit is not None and depth > limit:
        return f"path length {depth} exceeds its limit {limit}."
    return _usage_problem(issuer)


def _usage_problem(issuer: x509.Certificate) -> str:
    try:
        usage = issuer.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return ""
    return "" if usage.key_cert_sign else "keyUsage lacks keyCertSign."


def _leaf_usage(leaf: x509.Certificate) -> Check:
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return _check("trust.key-usage", CheckStatus.PASSED, "No keyUsage restriction.")
    if usage.digital_signature or usage.content_commitment:
        return _check(
            "trust.key-usage", CheckStatus.PASSED, "The key may make signatures."
        )
    return _check(
        "trust.key-usage",
        CheckStatus.FAILED,
        "The signer's keyUsage allows neither digitalSignature nor nonRepudiation.",
        SubIndication.CHAIN_CONSTRAINTS_FAILURE,
    )


def _links(
    path: list[x509.Certificate],
) -> list[tuple[x509.Certificate, x509.Certificate]]:
    return list(itertools.pairwise(path))


def _revocation_facts(
    cert: x509.Certificate, issuer: x509.Certificate, trust: TrustSettings
) -> _RevocationFacts:
    name = format_name(cert.subject)
    naming = [crl for crl in trust.crls if crl.issuer == issuer.subject]
    problems = [_crl_problem(crl, issuer) for crl in naming]
    crl = _newest(
        [c for c, problem in zip(naming, problems, strict=True) if not problem]
    )
    if crl is None:
        return _RevocationFacts(
            name, False, None, unused=_unused_text(issuer, problems)
        )
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    revoked_on = None if entry is None else entry.revocation_date_utc
    return _RevocationFacts(name, True, revoked_on, crl.next_update_utc)


def _revocation_check(facts: _RevocationFacts, at: datetime) -> Check:
    name, when = facts.name, facts.revoked_on
    if not facts.has_crl:
        # TODO(ocsp): OCSP responses are not consulted; revocation is unknown
        # when the caller supplies no CRL; accepting OCSP responses (from the
        # caller or a XAdES-LT document) would fix it.
        return _check("trust.revocation", CheckStatus.SKIPPED, _no_crl_text(facts))
    if when is None and facts.next_update is not None and facts.next_update < at:
        # A CRL says nothing about the time after its nextUpdate.
        return _check(
            "trust.revocation",
            CheckStatus.SKIPPED,
            f"'{name}' is not on the CRL, but that CRL was current only until "
            f"{format_time(facts.next_update)}, before the validation time: its "
            "revocation status then is unknown.",
        )
    if when is None:
        return _check(
            "trust.revocation", CheckStatus.PASSED, f"'{name}' is not on the CRL."
        )
    if when <= at:
        return _check(
            "trust.revocation",
            CheckStatus.FAILED,
            f"'{name}' was revoked on {format_time(when)}.",
            SubIndication.REVOKED,
        )
    return _check(
        "trust.revocation",
        CheckStatus.WARNING,
        f"'{name}' was revoked on {format_time(when)}, after the validation time.",
    )


def _no_crl_text(facts: _RevocationFacts) -> str:
    # A CRL that was given but not used must not read as none given: the
    # auditor who passed one would think it was never read.
    if facts.unused:
        return f"{facts.unused}: no usable revocation data for '{facts.name}'."
    return f"No revocation data for '{facts.name}' was supplied."


def _newest(
    genuine: list[x509.CertificateRevocationList],
) -> x509.CertificateRevocationList | None:
    # The newest of the issuer's CRLs whose signature verifies: an older one
    # given beside it may not list a later revocation.
    return max(genuine, key=lambda crl: crl.last_update_utc, default=None)


def _unused_text(issuer: x509.Certificate, problems: list[str]) -> str:
    if not problems:
        return ""
    named = format_name(issuer.subject)
    if len(problems) == 1:
        return (
            f"A CRL naming issuer '{named}' was supplied, but {problems[0]}, "
            "so it was not used"
        )
    reasons = "; ".join(dict.fromkeys(problems))
    return (
        f"{len(problems)} CRLs naming issuer '{named}' were supplied, but none "
        f"was used ({reasons})"
    )


def _crl_problem(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> str:
    """Say why ``crl``, which names ``issuer``, may not be used; empty if it may."""
    try:
        if crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]  # RSA/EC keys.
            return ""
    except (TypeError, ValueError, UnsupportedAlgorithm):
        return "its signature algorithm cannot be checked"
    weak = _weak_hash(crl)
    if weak is not None and _signed_with(crl, issuer, weak):
        # cryptography (43 and 48 tried) does not verify MD5 or SHA-1 signatures
        # on CRLs, genuine or not; the issuer's own old CRL must not be called
        # forged.
        label = _WEAK_CRL_HASHES[weak.name]
        return f"it is signed with {label}, which is not accepted for CRLs"
    return (
        "its signature does not verify with that issuer's key "
        "(it is forged, or signed by another key)"
    )


_WEAK_CRL_HASHES = {"md5": "MD5", "sha1": "SHA-1"}
"""Hashes whose signatures on a CRL cryptography refuses, with their display names."""


def _weak_hash(crl: x509.CertificateRevocationList) -> hashes.HashAlgorithm | None:
    try:
        chosen = crl.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return None
    return chosen if chosen is not None and chosen.name in _WEAK_CRL_HASHES else None


def _signed_with(
    crl: x509.CertificateRevocationList,
    issuer: x509.Certificate,
    chosen: hashes.HashAlgorithm,
) -> bool:
    # Checked directly only to word the report: the CRL stays unused.
    key, data = issuer.public_key(), crl.tbs_certlist_bytes
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(crl.signature, data, padding.PKCS1v15(), chosen)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(crl.signature, data, ec.ECDSA(chosen))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True
