"""Fixtures of the transfer tests: the Kim Sơn school's test PKI and signed original."""

from __future__ import annotations

import datetime as dt

import pytest

from hocbaso.demo._pki import DemoPKI, make_demo_pki
from hocbaso.examples import primary_example
from hocbaso.model import SignerRole
from hocbaso.signature import sign_document
from hocbaso.signature.report import VIETNAM_TIME
from hocbaso.xml import ROOT_ID, write_xml

NOW = dt.datetime(2025, 9, 15, 10, 0, tzinfo=VIETNAM_TIME)
"""When the receiving school verifies (a fixed time: no wall clock in tests)."""
YEAR_ROLES = (
    SignerRole.SUBJECT_TEACHER,
    SignerRole.HOMEROOM_TEACHER,
    SignerRole.PRINCIPAL,
)


def signing_time(day: dt.date) -> dt.datetime:
    """Return 09:00 in Viet Nam on ``day``."""
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=VIETNAM_TIME)


@pytest.fixture(scope="module")
def kim_son() -> DemoPKI:
    """Return the sending school's TEST-ONLY PKI."""
    return make_demo_pki(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def signed(kim_son: DemoPKI) -> bytes:
    """Return the Kim Sơn original: 3 signatures per year, then the seal."""
    transcript = primary_example()
    document = write_xml(transcript)
    for year in transcript.years:
        for role in YEAR_ROLES:
            document = sign_document(
                document, kim_son.signer(role), reference=f"#{year.record_id}",
                signing_time=signing_time(dt.date(int(year.school_year[-4:]), 5, 25)),
                role=role,
            )  # fmt: skip
    assert transcript.issuance is not None
    return sign_document(document, kim_son.signer(SignerRole.SCHOOL_SEAL),
                         reference=f"#{ROOT_ID}",
                         signing_time=signing_time(transcript.issuance.date),
                         role=SignerRole.SCHOOL_SEAL)  # fmt: skip
