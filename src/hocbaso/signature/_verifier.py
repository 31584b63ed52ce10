"""
Verification of one ``Signature`` element, as named steps run in order.

Each step appends checks; a step that cannot run because an earlier one
failed appends its checks as SKIPPED, so no check is ever omitted.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from lxml import etree

from hocbaso._xmlpath import element_path
from hocbaso.errors import HocbasoError, SignatureFormatError
from hocbaso.signature import _keys, _xades
from hocbaso.signature._c14n import NodeSet, canonicalize
from hocbaso.signature._chain import check_chain, link_digests
from hocbaso.signature._document import DS_NS, IdIndex
from hocbaso.signature._names import format_name
from hocbaso.signature._references import (
    ResolvedReference,
    UnresolvedReferenceError,
    covered_signatures,
    inclusive_prefixes,
    process_reference,
)
from hocbaso.signature.algorithms import (
    CanonicalizationAlgorithm,
    SignatureAlgorithm,
    parse_algorithm,
)
from hocbaso.signature.policy import ValidationPolicy
from hocbaso.signature.report import (
    VIETNAM_TIME,
    CertificateInfo,
    Check,
    CheckGroup,
    CheckStatus,
    ReferenceScope,
    SignatureReport,
    SubIndication,
    TimeSource,
    decide_signature,
)
from hocbaso.signature.roles import SignerRole, parse_role
from hocbaso.signature.trust import TrustSettings

logger = logging.getLogger(__name__)

S = CheckStatus
G = CheckGroup
Key = _keys.PublicKey | bytes


@dataclass(frozen=True, slots=True)
class Context:
    """What every signature of one document is verified against."""

    tree: etree._ElementTree
    ids: IdIndex
    trust: TrustSettings
    policy: ValidationPolicy
    at: datetime | None
    now: datetime
    hmac_key: bytes | None


@dataclass(slots=True)
class _Parts:
    signed_info: etree._Element
    c14n: CanonicalizationAlgorithm
    method: SignatureAlgorithm
    value: bytes
    references: list[etree._Element]


@dataclass(slots=True)
class _State:
    signature: etree._Element
    context: Context
    checks: list[Check] = field(default_factory=list)
    parts: _Parts | None = None
    refs: list[ResolvedReference] = field(default_factory=list)
    key_certificate: x509.Certificate | None = None
    keyinfo: list[x509.Certificate] = field(default_factory=list)
    key_found: bool = False
    value_ok: bool = False
    chain: list[x509.Certificate] = field(default_factory=list)

    def add(
        self,
        name: str,
        group: G,
        status: S,
        reason: str,
        *,
        target: str = "",
        sub: SubIndication | None = None,
    ) -> None:
        self.checks.append(Check(name, group, status, reason, target, sub))


def verify_signature(signature: etree._Element, context: Context) -> SignatureReport:
    """
    Verify one signature and build its report.

    :param signature: the ``ds:Signature`` element.
    :param context: the document and the caller's settings.
    :returns: the report; nothing is raised for a bad signature.
    """
    state = _State(signature, context)
    _step_structure(state)
    _step_unique_ids(state)
    _step_references(state)
    _step_signature_value(state)
    _step_xades(state)
    timing = _step_time(state)
    _step_trust(state, timing)
    _step_policy(state, timing)
    _fill_skipped(state)
    return _build_report(state, timing)


TRUST_AND_POLICY_CHECKS: tuple[tuple[str, G], ...] = (
    ("trust.signing-key", G.TRUST),
    ("trust.path", G.TRUST),
    ("trust.certificate-validity", G.TRUST),
    ("trust.issuer", G.TRUST),
    ("trust.key-usage", G.TRUST),
    ("trust.revocation", G.TRUST),
    ("policy.algorithms", G.POLICY),
    ("policy.signing-time", G.POLICY),
)
"""The trust and policy checks, the same for XML and PDF signatures."""

STANDARD_CHECKS: tuple[tuple[str, G], ...] = (
    ("integrity.structure", G.INTEGRITY),
    ("integrity.unique-ids", G.INTEGRITY),
    ("integrity.reference-digest", G.INTEGRITY),
    ("integrity.signature-value", G.INTEGRITY),
    ("integrity.signed-properties", G.INTEGRITY),
    ("integrity.signing-certificate-binding", G.INTEGRITY),
    *TRUST_AND_POLICY_CHECKS,
)
"""Every check a report lists, whether it ran or not."""


def _fill_skipped(state: _State) -> None:
    ran = {c.name for c in state.checks}
    for name, group in STANDARD_CHECKS:
        if name not in ran:
            state.add(
                name,
                group,
                S.SKIPPED,
                "Not run: an earlier step did not establish what this check needs.",
            )


def _step_structure(state: _State) -> None:
    try:
        state.parts = _read_parts(state.signature)
    except HocbasoError as exc:
        state.add(
            "integrity.structure",
            G.INTEGRITY,
            S.FAILED,
            str(exc),
            sub=SubIndication.FORMAT_FAILURE,
        )
        return
    state.add(
        "integrity.structure",
        G.INTEGRITY,
        S.PASSED,
        "SignedInfo, SignatureMethod and SignatureValue are well-formed.",
    )


def _read_parts(signature: etree._Element) -> _Parts:
    signed_info = signature.find(f"{{{DS_NS}}}SignedInfo")
    if signed_info is None or signed_info is not _first_child(signature):
        raise SignatureFormatError("SignedInfo is missing or not the first child.")
    c14n_node = signed_info.find(f"{{{DS_NS}}}CanonicalizationMethod")
    method_node = signed_info.find(f"{{{DS_NS}}}SignatureMethod")
    if c14n_node is None or method_node is None:
        raise SignatureFormatError("CanonicalizationMethod or SignatureMethod missing.")
    if method_node.find(f"{{{DS_NS}}}HMACOutputLength") is not None:
        raise SignatureFormatError("HMACOutputLength is refused (truncation attack).")
    references = signed_info.findall(f"{{{DS_NS}}}Reference")
    if not references:
        raise SignatureFormatError("SignedInfo has no Reference.")
    value_node = signature.find(f"{{{DS_NS}}}SignatureValue")
    return _Parts(
        signed_info,
        parse_algorithm(CanonicalizationAlgorithm, c14n_node.get("Algorithm")),
        parse_algorithm(SignatureAlgorithm, method_node.get("Algorithm")),
        _keys.b64decode(
            value_node.text if value_node is not None else None, "SignatureValue"
        ),
        references,
    )


def _first_child(element: etree._Element) -> etree._Element | None:
    return next(iter(element.iterchildren(etree.Element)), None)


def _step_unique_ids(state: _State) -> None:
    duplicates = sorted(state.context.ids.duplicates)
    if duplicates:
        state.add(
            "integrity.unique-ids",
            G.INTEGRITY,
            S.FAILED,
            f"Identifiers used on more than one element: {duplicates!r}; "
            "refused as a possible signature wrapping.",
            sub=SubIndication.FORMAT_FAILURE,
        )
        return
    state.add(
        "integrity.unique-ids",
        G.INTEGRITY,
        S.PASSED,
        "Every identifier in the document is unique.",
    )


def _step_references(state: _State) -> None:
    if state.parts is None:
        state.add(
            "integrity.reference-digest",
            G.INTEGRITY,
            S.SKIPPED,
            "Not run: the signature structure is malformed.",
        )
        return
    for reference in state.parts.references:
        _check_reference(state, reference)


def _check_reference(state: _State, reference: etree._Element) -> None:
    uri = reference.get("URI", "(none)")
    ctx = state.context
    try:
        ref = process_reference(reference, state.signature, ctx.tree, ctx.ids)
    except UnresolvedReferenceError as exc:
        state.add(
            "integrity.reference-digest",
            G.INTEGRITY,
            S.FAILED,
            str(exc),
            target=uri,
            sub=SubIndication.SIGNED_DATA_NOT_FOUND,
        )
        return
    except HocbasoError as exc:
        state.add(
            "integrity.reference-digest",
            G.INTEGRITY,
            S.FAILED,
            str(exc),
            target=uri,
            sub=SubIndication.FORMAT_FAILURE,
        )
        return
    state.refs.append(ref)
    if ref.matched:
        state.add(
            "integrity.reference-digest",
            G.INTEGRITY,
            S.PASSED,
            "The digest of the referenced content matches.",
            target=uri,
        )
    else:
        state.add(
            "integrity.reference-digest",
            G.INTEGRITY,
            S.FAILED,
            "The referenced content changed after signing (digest mismatch).",
            target=uri,
            sub=SubIndication.HASH_FAILURE,
        )


def _step_signature_value(state: _State) -> None:
    parts = state.parts
    if parts is None:
        _skip_value(state, "Not run: the signature structure is malformed.")
        return
    nodes = NodeSet(state.context.tree, parts.signed_info, comments=True)
    prefixes = inclusive_prefixes(_c14n_node(parts))
    try:
        octets = canonicalize(nodes, parts.c14n, prefixes=prefixes)
        candidates = _candidate_keys(state, parts.method)
    except HocbasoError as exc:
        state.add(
            "integrity.signature-value",
            G.INTEGRITY,
            S.FAILED,
            str(exc),
            sub=SubIndication.FORMAT_FAILURE,
        )
        state.add("trust.signing-key", G.TRUST, S.SKIPPED, "Not run.")
        return
    if not candidates:
        _no_key(state, parts.method)
        return
    state.key_found = True
    _try_keys(state, parts, octets, candidates)


def _c14n_node(parts: _Parts) -> etree._Element:
    node = parts.signed_info.find(f"{{{DS_NS}}}CanonicalizationMethod")
    assert node is not None  # checked by _read_parts
    return node


def _skip_value(state: _State, reason: str) -> None:
    state.add("integrity.signature-value", G.INTEGRITY, S.SKIPPED, reason)
    state.add("trust.signing-key", G.TRUST, S.SKIPPED, reason)


def _no_key(state: _State, method: SignatureAlgorithm) -> None:
    reason = (
        "An HMAC signature can be checked only with a key supplied by the caller."
        if method.family == "hmac"
        else "No certificate or key for the signer was found in KeyInfo or supplied."
    )
    state.add(
        "integrity.signature-value",
        G.INTEGRITY,
        S.SKIPPED,
        "Not run: no key to check it with.",
    )
    state.add(
        "trust.signing-key",
        G.TRUST,
        S.FAILED,
        reason,
        sub=SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
    )


def _candidate_keys(
    state: _State, method: SignatureAlgorithm
) -> list[tuple[Key, x509.Certificate | None]]:
    if method.family == "hmac":
        key = state.context.hmac_key
        return [] if key is None else [(key, None)]
    found: list[tuple[Key, x509.Certificate | None]] = []
    state.keyinfo = _keys.keyinfo_certificates(state.signature)
    for cert in [*_leaf_first(state.keyinfo), *state.context.trust.pinned]:
        public = _keys.public_key_of(cert)
        if public is not None:
            found.append((public, cert))
    found.extend((key, None) for key in _keys.keyinfo_public_keys(state.signature))
    return found


def _leaf_first(certificates: list[x509.Certificate]) -> list[x509.Certificate]:
    issuers = {c.issuer for c in certificates}
    return sorted(
        certificates, key=lambda c: c.subject in issuers and c.subject != c.issuer
    )


def _try_keys(
    state: _State,
    parts: _Parts,
    octets: bytes,
    candidates: list[tuple[Key, x509.Certificate | None]],
) -> None:
    for key, cert in candidates:
        try:
            _keys.verify_value(parts.method, key, parts.value, octets)
        except (InvalidSignature, ValueError):
            continue
        state.value_ok, state.key_certificate = True, cert
        state.add(
            "integrity.signature-value",
            G.INTEGRITY,
            S.PASSED,
            "The signature value over SignedInfo verifies.",
        )
        _signing_key_found(state, cert)
        return
    logger.debug("No candidate key verified the signature value.")
    pinned = state.context.trust.pinned
    if candidates and all(
        cert is not None and cert in pinned for _, cert in candidates
    ):
        _no_pinned_key_fits(state)
        return
    state.add(
        "integrity.signature-value",
        G.INTEGRITY,
        S.FAILED,
        "The signature value does not verify with the signer's key.",
        sub=SubIndication.SIG_CRYPTO_FAILURE,
    )
    state.add(
        "trust.signing-key",
        G.TRUST,
        S.SKIPPED,
        "Not run: the signature value does not verify.",
    )


def _no_pinned_key_fits(state: _State) -> None:
    # The document carries no key of its own and no pinned certificate's key
    # verifies: most likely the signer's certificate was not among those
    # pinned. Without the signer's key nothing shows the value was altered, so
    # the signer is not found (INDETERMINATE) rather than the signature failed.
    state.add(
        "integrity.signature-value",
        G.INTEGRITY,
        S.SKIPPED,
        "Not run: no key of the signer's was found to check it with.",
    )
    state.add(
        "trust.signing-key",
        G.TRUST,
        S.FAILED,
        "The document does not carry the signer's certificate, and the key of no "
        "pinned certificate verifies the signature value: the signer's certificate "
        "is not among those supplied.",
        sub=SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
    )


def _signing_key_found(state: _State, cert: x509.Certificate | None) -> None:
    if cert is not None:
        state.add(
            "trust.signing-key",
            G.TRUST,
            S.PASSED,
            "The signer's certificate is known.",
            target=_name(cert.subject),
        )
    elif (
        isinstance(state.context.hmac_key, bytes)
        and state.parts is not None
        and state.parts.method.family == "hmac"
    ):
        state.add(
            "trust.signing-key",
            G.TRUST,
            S.PASSED,
            "The shared HMAC key was supplied by the caller.",
        )
    else:
        state.add(
            "trust.signing-key",
            G.TRUST,
            S.FAILED,
            "Only a bare public key (KeyValue) identifies the signer; "
            "no certificate binds it to anyone.",
            sub=SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
        )


def _name(name: x509.Name) -> str:
    return format_name(name)


def _step_xades(state: _State) -> None:
    props = _xades.signed_properties(state.signature)
    if props is None:
        state.add(
            "integrity.signed-properties",
            G.INTEGRITY,
            S.SKIPPED,
            "Plain XMLDSig: no XAdES SignedProperties.",
        )
        state.add(
            "integrity.signing-certificate-binding",
            G.INTEGRITY,
            S.SKIPPED,
            "No XAdES SigningCertificate: KeyInfo is not bound by the signature.",
        )
        return
    _check_props_covered(state, props)
    _check_binding(state, props)


def _covered(state: _State, element: etree._Element) -> bool:
    for ref in state.refs:
        if ref.matched and ref.element is not None:
            if element is ref.element or ref.element in element.iterancestors():
                return True
    return False


def _check_props_covered(state: _State, props: etree._Element) -> None:
    if _covered(state, props):
        state.add(
            "integrity.signed-properties",
            G.INTEGRITY,
            S.PASSED,
            "SignedProperties are covered by a matching reference.",
        )
        return
    state.add(
        "integrity.signed-properties",
        G.INTEGRITY,
        S.FAILED,
        "SignedProperties are present but not covered by a matching reference.",
        sub=SubIndication.FORMAT_FAILURE,
    )


def _check_binding(state: _State, props: etree._Element) -> None:
    cert = state.key_certificate
    if cert is None:
        state.add(
            "integrity.signing-certificate-binding",
            G.INTEGRITY,
            S.SKIPPED,
            "Not run: the signing certificate is not established.",
        )
        return
    try:
        bound = _xades.certificate_binding(props, cert)
    except HocbasoError as exc:
        bound = False
        logger.debug("SigningCertificate unreadable: %s", exc)
    _report_binding(state, bound)


def _report_binding(state: _State, bound: bool | None) -> None:
    name = "integrity.signing-certificate-binding"
    if bound is None:
        state.add(
            name,
            G.INTEGRITY,
            S.WARNING,
            "XAdES without SigningCertificate: the certificate is not bound.",
        )
    elif bound:
        state.add(
            name,
            G.INTEGRITY,
            S.PASSED,
            "SigningCertificate's digest equals the certificate that verified.",
        )
    else:
        state.add(
            name,
            G.INTEGRITY,
            S.FAILED,
            "SigningCertificate names another certificate than the one whose "
            "key verified the signature (swapped certificate).",
            sub=SubIndication.SIG_CONSTRAINTS_FAILURE,
        )


@dataclass(frozen=True, slots=True)
class _Timing:
    claimed: _xades.ClaimedTime | None
    established: datetime | None
    validation: datetime
    source: TimeSource


def _step_time(state: _State) -> _Timing:
    claimed = _xades.claimed_time(state.signature)
    ctx = state.context
    established = None
    if (
        claimed is not None
        and state.value_ok
        and _covered(state, claimed.element)
        and not ctx.policy.in_future(claimed.value, ctx.now)
    ):
        established = claimed.value
    if ctx.at is not None:
        return _Timing(claimed, established, ctx.at, TimeSource.CALLER)
    if established is not None:
        return _Timing(claimed, established, established, TimeSource.SIGNING_TIME)
    return _Timing(claimed, established, ctx.now, TimeSource.NOW)


def _step_trust(state: _State, timing: _Timing) -> None:
    cert = state.key_certificate
    if cert is None or not state.value_ok:
        state.add(
            "trust.path",
            G.TRUST,
            S.SKIPPED,
            "Not run: no verified signing certificate.",
        )
        return
    outcome = check_chain(
        cert,
        state.keyinfo,
        state.context.trust,
        timing.validation,
        source=timing.source,
        now=state.context.now,
    )
    state.chain = outcome.path
    state.checks.extend(outcome.checks)


def _step_policy(state: _State, timing: _Timing) -> None:
    _check_algorithms(state)
    _check_signing_time(state, timing)
    if state.context.policy.require_signing_certificate:
        _require_binding(state)


def _used_algorithms(state: _State) -> set[str]:
    used: set[str] = set()
    if state.parts is not None:
        used |= {state.parts.c14n.value, state.parts.method.value}
    for ref in state.refs:
        used.add(ref.digest_algorithm.value)
        used.update(ref.transforms)
    return used | link_digests(state.chain)


def _check_algorithms(state: _State) -> None:
    refused = sorted(_used_algorithms(state) - state.context.policy.allowed_algorithms)
    if refused:
        state.add(
            "policy.algorithms",
            G.POLICY,
            S.FAILED,
            "Algorithms not allowed by the policy (weak or unknown), in the signature "
            f"or its certificate chain: {refused!r}.",
            sub=SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
        )
        return
    state.add(
        "policy.algorithms",
        G.POLICY,
        S.PASSED,
        "Every algorithm used is allowed by the policy.",
    )


def _check_signing_time(state: _State, timing: _Timing) -> None:
    claimed = timing.claimed
    if timing.established is not None and state.context.policy.in_future(
        timing.established, timing.validation
    ):
        state.add(
            "policy.signing-time",
            G.POLICY,
            S.FAILED,
            before_signing_reason(timing.validation, timing.established),
            sub=SubIndication.NO_POE,
        )
    elif claimed is None:
        state.add(
            "policy.signing-time",
            G.POLICY,
            S.WARNING,
            "The signature claims no signing time.",
        )
    elif state.context.policy.in_future(claimed.value, state.context.now):
        state.add(
            "policy.signing-time",
            G.POLICY,
            S.WARNING,
            future_time_reason(claimed.value, state.context.now),
        )
    elif timing.established is None:
        state.add(
            "policy.signing-time",
            G.POLICY,
            S.WARNING,
            "The claimed signing time is not covered by a verified reference.",
        )
    elif claimed.assumed_zone:
        state.add(
            "policy.signing-time",
            G.POLICY,
            S.WARNING,
            "The signing time has no UTC offset; +07:00 was assumed.",
        )
    else:
        state.add(
            "policy.signing-time",
            G.POLICY,
            S.PASSED,
            "The signing time is signed and carries its UTC offset.",
        )


def future_time_reason(claimed: datetime, now: datetime) -> str:
    """Say why a claimed signing time after the current time is not used."""
    when = claimed.astimezone(VIETNAM_TIME).isoformat()
    current = now.astimezone(VIETNAM_TIME).isoformat()
    return (
        f"The claimed signing time {when} is later than the current time "
        f"{current}: no signature is made in the future, so it is not taken "
        "as the signing time (a signer's clock set wrong, or a forged date)."
    )


def before_signing_reason(validation: datetime, established: datetime) -> str:
    """Say why a validation time before the signing time cannot pass."""
    at = validation.astimezone(VIETNAM_TIME).isoformat()
    signed = established.astimezone(VIETNAM_TIME).isoformat()
    return (
        f"The validation time {at} is before the signing time {signed} that the "
        "signature states: nothing shows it existed at the validation time."
    )


def _require_binding(state: _State) -> None:
    bound = any(
        c.name == "integrity.signing-certificate-binding" and c.status is S.PASSED
        for c in state.checks
    )
    status = S.PASSED if bound else S.FAILED
    state.add(
        "policy.signing-certificate-required",
        G.POLICY,
        status,
        "The policy requires a XAdES SigningCertificate binding.",
        sub=None if bound else SubIndication.SIG_CONSTRAINTS_FAILURE,
    )


@functools.lru_cache(maxsize=1024)
def certificate_info(cert: x509.Certificate) -> CertificateInfo:
    """Summarise a certificate for the report (cached: a pure function)."""
    return CertificateInfo(
        subject=_name(cert.subject),
        issuer=_name(cert.issuer),
        serial_number=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc.astimezone(VIETNAM_TIME),
        not_after=cert.not_valid_after_utc.astimezone(VIETNAM_TIME),
        sha256_fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
    )


def _scope(state: _State) -> tuple[ReferenceScope, ...]:
    tree = state.context.tree
    return tuple(
        ReferenceScope(
            uri=ref.uri,
            type=ref.type,
            element_path=None if ref.element is None else element_path(ref.element),
            transforms=ref.transforms,
            digest_algorithm=ref.digest_algorithm.value,
            digest_matched=ref.matched,
            covers_signatures=covered_signatures(ref, tree, state.signature),
            inside_signature=ref.element is not None
            and state.signature in (ref.element, *ref.element.iterancestors()),
        )
        for ref in state.refs
    )


def _role(state: _State) -> tuple[str | None, SignerRole | None]:
    text = _xades.claimed_role(_xades.signed_properties(state.signature))
    if text is None:
        return None, None
    try:
        return text, parse_role(text)
    except HocbasoError:
        return text, None


def _build_report(state: _State, timing: _Timing) -> SignatureReport:
    indication, sub = decide_signature(state.checks)
    text, role = _role(state)
    claimed = timing.claimed
    parts = state.parts
    return SignatureReport(
        path=element_path(state.signature),
        signature_id=state.signature.get("Id"),
        indication=indication,
        sub_indication=sub,
        signature_format="XAdES-BES"
        if _xades.signed_properties(state.signature) is not None
        else "XMLDSig",
        signer=None
        if state.key_certificate is None
        else certificate_info(state.key_certificate),
        claimed_role=text,
        role=role,
        claimed_signing_time=None
        if claimed is None
        else claimed.value.astimezone(VIETNAM_TIME),
        timezone_assumed=bool(claimed and claimed.assumed_zone),
        established_signing_time=None
        if timing.established is None
        else timing.established.astimezone(VIETNAM_TIME),
        validation_time=timing.validation.astimezone(VIETNAM_TIME),
        validation_time_source=timing.source,
        scope=_scope(state),
        chain=tuple(certificate_info(c) for c in state.chain),
        signature_algorithm=None if parts is None else parts.method.value,
        canonicalization_algorithm=None if parts is None else parts.c14n.value,
        checks=tuple(state.checks),
        claimed_signer=_claimed_signer(state),
    )


def _claimed_signer(state: _State) -> CertificateInfo | None:
    # Named for the reader when the value did not verify: whom KeyInfo claims.
    if state.key_certificate is not None or not state.keyinfo:
        return None
    return certificate_info(_leaf_first(state.keyinfo)[0])
