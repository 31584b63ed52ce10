"""The common configuration of every model class."""

from __future__ import annotations

from typing import Any, Self

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

    def replace(self, **changes: Any) -> Self:
        """
        Return a copy with ``changes``, validated as a new record would be.

        pydantic's ``model_copy(update=...)`` copies without validating, so a
        value no constructor would accept (a score of 11, a blank name) could
        reach the XML and the PDF that way; this method checks every field and
        the record's own consistency again.

        >>> year = transcript.years[0].replace(result="excellent")  # doctest: +SKIP

        :param changes: new values by field name, in any form the field accepts.
        :returns: the changed copy; ``self`` is left as it was.
        :raises pydantic.ValidationError: if a value or the combination is invalid.
        """
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return self.model_validate(values | changes)
