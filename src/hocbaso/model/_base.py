"""The common configuration of every model class."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Record"]


class Record(BaseModel):
    """
    Base of the transcript models: immutable, closed to unknown fields, documented.

    Immutability matters: a transcript is a legal record, and a value that passed
    validation cannot be changed behind the validator's back.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        str_strip_whitespace=False,
    )
