"""Text helpers shared by the model: NFC normalisation and lenient lookup keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from hocbaso.model._normalise import lookup_key, to_nfc

__all__ = ["Text", "lookup_key", "to_nfc"]

Text = Annotated[str, AfterValidator(to_nfc), StringConstraints(min_length=1)]
"""Non-empty text, normalised to NFC."""
