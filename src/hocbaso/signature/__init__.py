"""XML signatures: verification with a structured report, trust, and signing."""

from hocbaso.signature.amend import append_year_records
from hocbaso.signature.api import Signer
from hocbaso.signature.policy import DEFAULT_POLICY, ValidationPolicy
from hocbaso.signature.report import (
    DocumentReport,
    Indication,
    SignatureReport,
    SubIndication,
)
from hocbaso.signature.roles import SignerRole, parse_role
from hocbaso.signature.sign import (
    PreparedSignature,
    finish_signature,
    prepare_signature,
    sign_document,
)
from hocbaso.signature.trust import TrustSettings, load_trust
from hocbaso.signature.verify import verify_document, verify_file

__all__ = [
    "DEFAULT_POLICY",
    "DocumentReport",
    "Indication",
    "PreparedSignature",
    "SignatureReport",
    "Signer",
    "SignerRole",
    "SubIndication",
    "TrustSettings",
    "ValidationPolicy",
    "append_year_records",
    "finish_signature",
    "load_trust",
    "parse_role",
    "prepare_signature",
    "sign_document",
    "verify_document",
    "verify_file",
]
