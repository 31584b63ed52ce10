"""
The validation policy: which algorithms may give ``TOTAL_PASSED``.

Weak algorithms (MD5, SHA-1, DSA-SHA1) are still verified, so a report can say
the bytes are intact; the policy only decides whether such a signature can pass.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from hocbaso.signature.algorithms import (
    WEAK_ALGORITHMS,
    CanonicalizationAlgorithm,
    DigestAlgorithm,
    SignatureAlgorithm,
    TransformAlgorithm,
)

__all__ = ["DEFAULT_POLICY", "ValidationPolicy"]

logger = logging.getLogger(__name__)

_ALL_ALGORITHMS = frozenset(
    member.value
    for kind in (DigestAlgorithm, SignatureAlgorithm, CanonicalizationAlgorithm)
    for member in kind
) | {TransformAlgorithm.ENVELOPED_SIGNATURE.value, TransformAlgorithm.BASE64.value}


@dataclass(frozen=True, slots=True)
class ValidationPolicy:
    """What a signature must use to pass; frozen so it can be shared safely."""

    allowed_algorithms: frozenset[str] = field(
        default=_ALL_ALGORITHMS - WEAK_ALGORITHMS
    )
    """
    Algorithm URIs that may give ``TOTAL_PASSED``.

    A signature that uses any other algorithm is still checked, but ends
    ``INDETERMINATE`` / ``CRYPTO_CONSTRAINTS_FAILURE``.  Adding SHA-1 or MD5
    here accepts signatures that a forger with a collision could have made.
    """

    require_signing_certificate: bool = False
    """
    Whether a XAdES ``SigningCertificate`` binding is required.

    Without it (plain XMLDSig, as in the Vietnamese tax convention) the
    certificate in ``KeyInfo`` could be swapped for another with the same key.
    """

    clock_skew: timedelta = timedelta(minutes=5)
    """
    How far a claimed signing time may lie after the verifier's current time.

    A signature cannot have been made after the moment it is verified; a later
    claimed time is a wrong clock or a forged date, and is never taken as the
    signing time. The margin allows for signers' clocks that run a little fast.
    """

    def in_future(self, claimed: datetime, now: datetime) -> bool:
        """Whether a claimed signing time lies after ``now`` beyond the clock skew."""
        return claimed > now + self.clock_skew

    def allowing(self, *algorithms: str) -> ValidationPolicy:
        """
        Return a copy that also allows the given algorithm URIs.

        :param algorithms: URIs, e.g. ``SignatureAlgorithm.RSA_SHA1.value``.
        :returns: the new policy.
        """
        return replace(
            self, allowed_algorithms=self.allowed_algorithms | set(algorithms)
        )

    def allowing_weak(self) -> ValidationPolicy:
        """Return a copy that also allows SHA-1, MD5 and DSA-SHA1 (legacy files)."""
        return self.allowing(*WEAK_ALGORITHMS)


DEFAULT_POLICY = ValidationPolicy()
"""The default: SHA-224 or stronger, no signing-certificate binding required."""
