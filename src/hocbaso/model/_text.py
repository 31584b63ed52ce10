"""Text helpers shared by the model: NFC normalisation and lenient lookup keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from hocbaso.model._normalise import lookup_key, to_nfc, to_text

__all__ = ["Text", "lookup_key", "to_nfc", "to_text"]

Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(to_text)]
"""Text as printed: NFC, single spaces, trimmed, never blank or invisible."""
