"""Distinguished names and times as reports and messages show them."""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from hocbaso.signature.report import VIETNAM_TIME

# cryptography writes attributes that RFC 4514 names no short form for as
# dotted OIDs; the e-mail address ("1.2.840.113549.1.9.1=") is common in
# Vietnamese CA certificates and reads better as the "E=" that OpenSSL and
# Windows show.
_SHORT_NAMES = {NameOID.EMAIL_ADDRESS: "E"}


def format_name(name: x509.Name) -> str:
    """Return a distinguished name in RFC 4514 form, the e-mail address as ``E=``."""
    return name.rfc4514_string(_SHORT_NAMES)


def format_time(when: datetime) -> str:
    """Return a timezone-aware time in ISO 8601, in +07:00 like the rest of a report."""
    return when.astimezone(VIETNAM_TIME).isoformat()
