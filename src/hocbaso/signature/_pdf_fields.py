"""Which roles sign a transcript PDF, in which order, into which fields.

Kept apart from the signing code so that verification can know the order
without importing pyHanko's signing machinery.
"""

from __future__ import annotations

from hocbaso.signature.roles import SignerRole

__all__ = ["PDF_SIGNING_ORDER", "pdf_field_name"]

PDF_SIGNING_ORDER: tuple[SignerRole, ...] = (
    SignerRole.PRINCIPAL,
    SignerRole.SCHOOL_SEAL,
)
"""The roles that sign the PDF, in the order they must sign."""


def pdf_field_name(role: SignerRole) -> str:
    """
    Return the name of the signature field made for ``role``.

    :param role: one of :data:`PDF_SIGNING_ORDER`.
    :returns: e.g. ``'hocbaso-principal'``; no dots, so the field is top-level.
    """
    return f"hocbaso-{role.value}"
