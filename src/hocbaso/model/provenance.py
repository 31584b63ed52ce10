"""
What a receiving school records about the transcript it converted from.

When a pupil moves, the new school receives the old school's transcript,
verifies its signatures and converts it (:mod:`hocbaso.variants.transfer`).
:class:`Provenance` is the record of that reception, held in the transcript the
receiving school issues so that its seal on the whole transcript covers it: the
file received (its format and SHA-256), the signed original when that file was an
unsigned copy, the verification result signature by signature, and how much the
conversion lost.

The record holds digests, codes, times and what a signature report shows (the
signer certificate's subject, which is public); never transcript values and no
other personal data. The full loss entries stay in the sidecar record of
:class:`hocbaso.variants.Provenance`; only their counts are held here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from hocbaso.model._base import Record
from hocbaso.model._text import Text
from hocbaso.model.vocabulary import SignerRole, Vocabulary

__all__ = [
    "LossCounts",
    "Provenance",
    "SignatureResult",
    "SourceFile",
    "Verification",
    "VerificationIndication",
    "VerificationSubIndication",
    "decide_indication",
]

_SHA256 = re.compile(r"[0-9a-f]{64}")
# XML Schema's dateTime carries an offset of whole minutes up to ±14:00
# (XML Schema 1.1 Part 2, §D.3.7); Python's allows seconds and up to ±24 h.
_MAX_OFFSET = dt.timedelta(hours=14)


def _check_sha256(value: str) -> str:
    if not _SHA256.fullmatch(value):
        raise ValueError(
            f"A SHA-256 digest is 64 lower-case hexadecimal digits; got {value!r}."
        )
    return value


def _check_aware(value: dt.datetime) -> dt.datetime:
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(
            f"The time {value.isoformat()!r} has no UTC offset; a recorded time "
            "must say its offset, such as +07:00."
        )
    if offset % dt.timedelta(minutes=1) or abs(offset) > _MAX_OFFSET:
        raise ValueError(
            f"The UTC offset of {value.isoformat()!r} is not whole minutes within "
            "±14:00, so XML cannot carry it."
        )
    return value


Sha256 = Annotated[str, AfterValidator(_check_sha256)]
"""A SHA-256 digest: 64 lower-case hexadecimal digits."""

Timestamp = Annotated[dt.datetime, AfterValidator(_check_aware)]
"""A timezone-aware time whose offset is whole minutes within ±14:00."""

VariantName = Annotated[str, Field(pattern=r"^[A-Za-z0-9\-]{1,64}$")]
"""A variant's registry name: ASCII letters, digits and ``-``, e.g. ``central-json``."""

MediaType = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9!#$&^_.+\-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+\-]{0,126}$"
    ),
]
"""An IANA media type without parameters, lower case (RFC 6838 §4.2)."""


class VerificationIndication(Vocabulary):
    """
    The result of verifying signatures (ETSI EN 319 102-1 §5.1.3), or none at all.

    The first four are the indications of :class:`hocbaso.signature.Indication`;
    ``NOT_VERIFIED`` records that there was nothing to verify (an unsigned copy
    came without its signed original) and the receiving school went on anyway.
    """

    TOTAL_PASSED = ("TOTAL_PASSED", "Chữ ký hợp lệ")
    TOTAL_FAILED = ("TOTAL_FAILED", "Chữ ký không hợp lệ")
    INDETERMINATE = ("INDETERMINATE", "Chưa xác định được tính hợp lệ")
    NO_SIGNATURE_FOUND = ("NO_SIGNATURE_FOUND", "Không có chữ ký")
    NOT_VERIFIED = ("NOT_VERIFIED", "Không xác thực")


class VerificationSubIndication(Vocabulary):
    """
    Why a signature did not pass (ETSI EN 319 102-1 table 5).

    The codes are those of :class:`hocbaso.signature.SubIndication`.
    """

    FORMAT_FAILURE = ("FORMAT_FAILURE", "Sai định dạng chữ ký")
    HASH_FAILURE = ("HASH_FAILURE", "Nội dung được ký đã bị thay đổi")
    SIG_CRYPTO_FAILURE = (
        "SIG_CRYPTO_FAILURE",
        "Giá trị chữ ký không khớp khoá công khai",
    )
    SIG_CONSTRAINTS_FAILURE = (
        "SIG_CONSTRAINTS_FAILURE",
        "Chữ ký không đáp ứng ràng buộc của chính sách",
    )
    REVOKED = ("REVOKED", "Chứng thư số đã bị thu hồi")
    EXPIRED = ("EXPIRED", "Chứng thư số đã hết hạn")
    NOT_YET_VALID = ("NOT_YET_VALID", "Chứng thư số chưa có hiệu lực")
    CHAIN_CONSTRAINTS_FAILURE = (
        "CHAIN_CONSTRAINTS_FAILURE",
        "Chuỗi chứng thư không đáp ứng ràng buộc",
    )
    SIGNED_DATA_NOT_FOUND = ("SIGNED_DATA_NOT_FOUND", "Không tìm thấy dữ liệu được ký")
    NO_SIGNING_CERTIFICATE_FOUND = (
        "NO_SIGNING_CERTIFICATE_FOUND",
        "Không tìm thấy chứng thư số của người ký",
    )
    NO_CERTIFICATE_CHAIN_FOUND = (
        "NO_CERTIFICATE_CHAIN_FOUND",
        "Không tìm thấy chuỗi chứng thư đến gốc tin cậy",
    )
    CERTIFICATE_CHAIN_GENERAL_FAILURE = (
        "CERTIFICATE_CHAIN_GENERAL_FAILURE",
        "Lỗi chung của chuỗi chứng thư",
    )
    CRYPTO_CONSTRAINTS_FAILURE = (
        "CRYPTO_CONSTRAINTS_FAILURE",
        "Thuật toán mật mã không được chấp nhận",
    )
    OUT_OF_BOUNDS_NO_POE = (
        "OUT_OF_BOUNDS_NO_POE",
        "Ngoài thời hạn hiệu lực, không có bằng chứng thời điểm",
    )
    NO_POE = ("NO_POE", "Không có bằng chứng chữ ký đã tồn tại tại thời điểm kiểm tra")

    @property
    def indication(self) -> VerificationIndication:
        """Return the indication this sub-indication belongs to (ETSI table 5)."""
        if self in _FAILED:
            return VerificationIndication.TOTAL_FAILED
        return VerificationIndication.INDETERMINATE


_FAILED = frozenset(
    {
        VerificationSubIndication.FORMAT_FAILURE,
        VerificationSubIndication.HASH_FAILURE,
        VerificationSubIndication.SIG_CRYPTO_FAILURE,
        VerificationSubIndication.SIG_CONSTRAINTS_FAILURE,
        VerificationSubIndication.REVOKED,
        VerificationSubIndication.EXPIRED,
        VerificationSubIndication.NOT_YET_VALID,
        VerificationSubIndication.CHAIN_CONSTRAINTS_FAILURE,
    }
)

_SIGNATURE_INDICATIONS = frozenset(
    {
        VerificationIndication.TOTAL_PASSED,
        VerificationIndication.TOTAL_FAILED,
        VerificationIndication.INDETERMINATE,
    }
)


class SourceFile(Record):
    """A file the receiving school received, named by its format and digest."""

    variant: VariantName
    """The variant it was read as, e.g. ``primary-xlsx`` or ``canonical-xml``."""
    media_type: MediaType
    """Its IANA media type, e.g. ``application/xml``."""
    sha256: Sha256
    """
    SHA-256 of the file's bytes exactly as received. This binds the record to
    what arrived: a digest of anything else (a re-saved or re-encoded file) lets
    no one check the record against the file kept as evidence.
    """
    size: int = Field(ge=0)
    """The file's length in bytes."""


class SignatureResult(Record):
    """The verification result of one signature of the received original."""

    signature_id: Text | None = None
    """The signature's ``Id`` in the original, as written there, if it has one."""
    indication: VerificationIndication
    """``TOTAL_PASSED``, ``TOTAL_FAILED`` or ``INDETERMINATE``."""
    sub_indication: VerificationSubIndication | None = None
    """Why it did not pass; never set when it passed."""
    signer_subject: Text | None = None
    """The signer certificate's subject (RFC 4514), if a certificate was found."""
    certificate_sha256: Sha256 | None = None
    """SHA-256 of the signer certificate's DER encoding."""
    role: SignerRole | None = None
    """The role the signer claimed, if it is one hocbaso knows."""
    signing_time: Timestamp | None = None
    """
    The signing time established from the signed content, else the one claimed.
    A claimed time is the signer's word, not a proof of when they signed.
    """

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.indication not in _SIGNATURE_INDICATIONS:
            raise ValueError(
                f"A signature's indication is TOTAL_PASSED, TOTAL_FAILED or "
                f"INDETERMINATE, not {self.indication.value!r}."
            )
        sub = self.sub_indication
        passed = self.indication is VerificationIndication.TOTAL_PASSED
        if sub is not None and (passed or sub.indication is not self.indication):
            raise ValueError(
                f"Sub-indication {sub.value!r} does not belong to indication "
                f"{self.indication.value!r}."
            )
        return self


def decide_indication(
    indications: Sequence[VerificationIndication],
) -> VerificationIndication:
    """
    Derive the overall indication from the signatures' (as the verifier does).

    :param indications: one per signature.
    :returns: ``NO_SIGNATURE_FOUND`` if there is none, ``TOTAL_FAILED`` if any
        failed, ``INDETERMINATE`` if any is indeterminate, else ``TOTAL_PASSED``.
    """
    if not indications:
        return VerificationIndication.NO_SIGNATURE_FOUND
    for worst in (VerificationIndication.TOTAL_FAILED,
                  VerificationIndication.INDETERMINATE):  # fmt: skip
        if worst in indications:
            return worst
    return VerificationIndication.TOTAL_PASSED


class Verification(Record):
    """When and with what result the received original's signatures were verified."""

    verified_at: Timestamp
    """When the verification ran."""
    indication: VerificationIndication
    """
    The overall result: derived from the signatures' results, or
    ``NOT_VERIFIED`` when there was nothing to verify.
    """
    accepted_unverified: bool = False
    """
    Whether the receiving school went on although the result is not
    ``TOTAL_PASSED``. hocbaso converts such a transcript only when asked to, so
    this is true exactly when the result is not ``TOTAL_PASSED``; a record that
    says otherwise is refused, since it would hide that the source did not verify.
    """
    signatures: tuple[SignatureResult, ...] = ()
    """One result per signature of the original, in document order."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        found = decide_indication(
            [signature.indication for signature in self.signatures]
        )
        if self.indication is VerificationIndication.NOT_VERIFIED:
            if self.signatures:
                raise ValueError("A NOT_VERIFIED record lists no signature results.")
        elif self.indication is not found:
            raise ValueError(
                f"The indication is {self.indication.value!r}, but the signature "
                f"results give {found.value!r}."
            )
        passed = self.indication is VerificationIndication.TOTAL_PASSED
        if self.accepted_unverified == passed:
            raise ValueError(
                f"accepted_unverified must be {not passed} when the indication is "
                f"{self.indication.value!r}."
            )
        return self


class LossCounts(Record):
    """How many values the conversion dropped, approximated or left unmapped."""

    dropped: int = Field(default=0, ge=0)
    """Values the converted-to format has no place for."""
    approximated: int = Field(default=0, ge=0)
    """Values held in a coarser form."""
    unmapped: int = Field(default=0, ge=0)
    """Content of the source the canonical model has no place for (its signatures)."""


class Provenance(Record):
    """What the receiving school received, what it checked and what converting lost."""

    received_on: dt.date
    """The day the transcript was received and verified."""
    source: SourceFile
    """The file received, which the transcript was converted from or checked against."""
    original: SourceFile | None = None
    """The signed original, when the file received was an unsigned copy of it."""
    verification: Verification
    """The verification of the signed original (the source itself when signed)."""
    losses: LossCounts = LossCounts()
    """What the conversion could not carry; the entries are in the sidecar record."""
