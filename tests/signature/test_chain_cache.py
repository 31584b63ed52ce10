"""
The per-process cache of certificate paths gives exactly the uncached answer.

Each test first verifies once so that the path is cached, then changes one
thing the outcome depends on and checks that the answer follows the change;
a key that left that thing out would return the cached, now wrong, answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from hocbaso.signature import TrustSettings, sign_document, verify_document
from hocbaso.signature._cache import BoundedCache
from hocbaso.signature._chain import (
    ChainOutcome,
    check_chain,
    clear_path_cache,
    path_cache_info,
)
from hocbaso.signature.report import CheckStatus, Indication, SubIndication, TimeSource

from .conftest import NOW, PKI, SIGNING_TIME, T0
from .test_sign_roundtrip import YEAR
from .test_trust import _crl, _forged_copy

P, F, W, S = (
    CheckStatus.PASSED,
    CheckStatus.FAILED,
    CheckStatus.WARNING,
    CheckStatus.SKIPPED,
)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    clear_path_cache()
    yield
    clear_path_cache()


def _chain(
    pki: PKI,
    trust: TrustSettings,
    *,
    leaf: x509.Certificate | None = None,
    extra: tuple[x509.Certificate, ...] | None = None,
    at: datetime = SIGNING_TIME,
    source: TimeSource = TimeSource.SIGNING_TIME,
    now: datetime = NOW,
) -> ChainOutcome:
    return check_chain(
        pki.principal.cert if leaf is None else leaf,
        (pki.intermediate.cert,) if extra is None else extra,
        trust,
        at,
        source=source,
        now=now,
    )


def _statuses(outcome: ChainOutcome) -> dict[str, CheckStatus]:
    found: dict[str, CheckStatus] = {}
    for check in outcome.checks:
        if check.status is not P:
            found[check.name] = check.status
        found.setdefault(check.name, check.status)
    return found


def test_a_second_check_of_the_same_path_is_a_hit_with_the_same_answer(
    pki: PKI,
) -> None:
    first = _chain(pki, pki.trust)
    again = _chain(pki, TrustSettings(anchors=(pki.root.cert,)))

    assert again == first
    assert [c.status for c in again.checks] == [P, P, P, P, P, S, S]
    info = path_cache_info()
    assert (info.hits, info.misses, info.size) == (1, 1, 1)


def test_another_validation_time_is_judged_at_that_time(pki: PKI) -> None:
    assert _statuses(_chain(pki, pki.trust))["trust.certificate-validity"] is P

    early = _chain(pki, pki.trust, at=T0 - timedelta(days=1))
    late = _chain(pki, pki.trust, at=T0 + timedelta(days=731))
    caller = _chain(pki, pki.trust, at=T0 - timedelta(days=1), source=TimeSource.CALLER)

    assert early.checks[1].sub_indication is SubIndication.NOT_YET_VALID
    assert late.checks[1].sub_indication is SubIndication.EXPIRED
    assert caller.checks[1].sub_indication is SubIndication.OUT_OF_BOUNDS_NO_POE
    assert path_cache_info().hits == 3


def test_an_issuer_outside_its_validity_at_the_time_fails(pki: PKI) -> None:
    _chain(pki, pki.trust)

    # The intermediate starts 30 days before the leaves; the root a year before.
    outcome = _chain(pki, pki.trust, at=T0 - timedelta(days=60))

    issuer = [c for c in outcome.checks if c.name == "trust.issuer"]
    assert [c.status for c in issuer] == [F, P]
    assert "Sub CA" in issuer[0].reason


def test_another_current_time_can_make_an_expired_certificate_a_warning(
    pki: PKI,
) -> None:
    _chain(pki, pki.trust)

    outcome = _chain(pki, pki.trust, now=datetime(2030, 1, 1, tzinfo=UTC))

    assert outcome.checks[1].status is W
    assert "has expired since" in outcome.checks[1].reason


def test_other_anchors_do_not_get_the_cached_path(pki: PKI) -> None:
    assert _chain(pki, pki.trust).checks[0].status is P

    none = _chain(pki, TrustSettings())
    rogue = _chain(pki, TrustSettings(anchors=(pki.impostor.cert,)))
    intermediate = _chain(pki, TrustSettings(anchors=(pki.intermediate.cert,)))

    assert none.checks[0].sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND
    assert rogue.checks[0].sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND
    assert len(intermediate.path) == 2 and intermediate.checks[0].status is P
    assert path_cache_info().misses == 4


def test_the_intermediates_offered_decide_the_path(pki: PKI) -> None:
    offered = _chain(pki, pki.trust)

    bare = _chain(pki, pki.trust, extra=())
    supplied = _chain(
        pki,
        TrustSettings(anchors=(pki.root.cert,), intermediates=(pki.intermediate.cert,)),
        extra=(),
    )

    assert len(offered.path) == 3
    assert bare.checks[0].status is F and bare.path == [pki.principal.cert]
    assert supplied.path == offered.path


def test_a_crl_that_revokes_is_not_answered_from_the_cache(pki: PKI) -> None:
    assert _statuses(_chain(pki, pki.trust))["trust.revocation"] is S

    with_crl = TrustSettings(
        anchors=(pki.root.cert,), crls=(_crl(pki, datetime(2021, 1, 1, tzinfo=UTC)),)
    )
    revoked = _chain(pki, with_crl)
    later = _chain(pki, with_crl, at=datetime(2020, 12, 1, tzinfo=UTC))

    assert revoked.checks[-2].sub_indication is SubIndication.REVOKED
    assert later.checks[-2].status is W
    assert "after the validation time" in later.checks[-2].reason


def test_another_crl_is_another_key(pki: PKI) -> None:
    early = TrustSettings(
        anchors=(pki.root.cert,), crls=(_crl(pki, datetime(2021, 1, 1, tzinfo=UTC)),)
    )
    late = TrustSettings(
        anchors=(pki.root.cert,), crls=(_crl(pki, datetime(2022, 1, 1, tzinfo=UTC)),)
    )

    assert _chain(pki, early).checks[-2].status is F
    assert _chain(pki, late).checks[-2].status is W


def test_a_forged_crl_is_reported_as_given_from_the_cache_too(pki: PKI) -> None:
    genuine = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    forged = TrustSettings(
        anchors=(pki.root.cert,), crls=(_forged_copy(genuine, pki.seal.key),)
    )

    bare = _chain(pki, pki.trust)
    first = _chain(pki, forged)
    again = _chain(pki, forged, at=datetime(2020, 12, 1, tzinfo=UTC))
    both = TrustSettings(anchors=(pki.root.cert,), crls=(*forged.crls, genuine))

    assert bare.checks[-2].reason.startswith("No revocation data for ")
    assert first.checks[-2].status is S
    assert "was supplied, but its signature does not verify" in first.checks[-2].reason
    assert again.checks[-2] == first.checks[-2]
    assert path_cache_info().hits == 1
    assert _chain(pki, both).checks[-2].sub_indication is SubIndication.REVOKED


def test_a_certificate_with_the_same_name_but_another_key_is_another_key(
    pki: PKI,
) -> None:
    assert _chain(pki, pki.trust).checks[0].status is P

    impostor = _chain(pki, pki.trust, leaf=pki.impostor.cert)

    assert impostor.checks[0].sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND
    assert impostor.path == [pki.impostor.cert]


def test_a_pinned_leaf_needs_no_path(pki: PKI) -> None:
    assert len(_chain(pki, TrustSettings()).path) == 1

    pinned = _chain(pki, TrustSettings(pinned=(pki.principal.cert,)))

    assert pinned.checks[0].status is P
    assert pinned.path == [pki.principal.cert]


def test_an_outcome_can_be_changed_without_changing_the_cache(pki: PKI) -> None:
    first = _chain(pki, pki.trust)
    first.path.clear()
    first.checks.clear()

    assert len(_chain(pki, pki.trust).path) == 3


def test_documents_verified_after_a_revocation_report_it(
    pki: PKI, transcript: bytes
) -> None:
    signed = sign_document(
        transcript, pki.signer(pki.principal), reference=YEAR, signing_time=SIGNING_TIME
    )
    before = verify_document(signed, trust=pki.trust, now=NOW)
    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    trust = TrustSettings(anchors=(pki.root.cert,), crls=(crl,))

    after = verify_document(signed, trust=trust, now=NOW)

    assert before.indication is Indication.TOTAL_PASSED
    assert after.signatures[0].sub_indication is SubIndication.REVOKED


def test_the_material_key_follows_every_certificate_and_crl(pki: PKI) -> None:
    crl = _crl(pki, datetime(2021, 1, 1, tzinfo=UTC))
    root, inter = pki.root.cert, pki.intermediate.cert
    keys = [
        TrustSettings().material_key,
        TrustSettings(anchors=(root,)).material_key,
        TrustSettings(intermediates=(root,)).material_key,
        TrustSettings(pinned=(root,)).material_key,
        TrustSettings(anchors=(root, inter)).material_key,
        TrustSettings(anchors=(inter, root)).material_key,
        TrustSettings(anchors=(root,), crls=(crl,)).material_key,
    ]

    assert len(set(keys)) == len(keys)
    assert TrustSettings(anchors=(root,)).material_key == keys[1]


def test_trust_material_given_as_lists_is_frozen(pki: PKI) -> None:
    anchors = [pki.root.cert]
    trust = TrustSettings(anchors=anchors)  # type: ignore[arg-type]  # A caller's list.
    anchors.append(pki.impostor.cert)

    assert trust.anchors == (pki.root.cert,)
    assert trust.material_key == TrustSettings(anchors=(pki.root.cert,)).material_key


def test_the_cache_is_bounded(pki: PKI) -> None:
    for days in range(300):
        anchor = pki.root.cert if days % 2 else pki.intermediate.cert
        trust = TrustSettings(anchors=(anchor,), pinned=(_leaf(pki, days),))
        _chain(pki, trust)

    assert path_cache_info().size == path_cache_info().maxsize == 256


def _leaf(pki: PKI, days: int) -> x509.Certificate:
    # Cheap distinct certificates: the same key, another validity each time.
    return (
        x509.CertificateBuilder()
        .subject_name(pki.teacher.cert.subject)
        .issuer_name(pki.intermediate.cert.subject)
        .public_key(pki.teacher.cert.public_key())
        .serial_number(days + 1)
        .not_valid_before(T0)
        .not_valid_after(T0 + timedelta(days=days + 1))
        .sign(pki.intermediate.key, hashes.SHA256())
    )


def test_a_bounded_cache_drops_the_least_recently_used() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)
    cache.get_or_compute("a", lambda: 1)
    cache.get_or_compute("b", lambda: 2)
    cache.get_or_compute("a", lambda: 0)
    cache.get_or_compute("c", lambda: 3)

    assert cache.get_or_compute("a", lambda: 0) == 1
    assert cache.get_or_compute("b", lambda: 20) == 20
    info = cache.info()
    assert (info.hits, info.misses, info.size) == (2, 4, 2)


def test_a_failed_computation_is_not_kept() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)

    def fail() -> int:
        raise ValueError("Not computable.")

    with pytest.raises(ValueError, match="Not computable"):
        cache.get_or_compute("a", fail)
    assert cache.get_or_compute("a", lambda: 1) == 1
    assert cache.info().size == 1
