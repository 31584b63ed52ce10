"""The namespace URIs of the canonical transcript XML and of what it embeds."""

from __future__ import annotations

import logging
from enum import StrEnum

from hocbaso.errors import HocbasoValueError

__all__ = ["FORMAT_VERSION", "SUPPORTED_VERSIONS", "Namespace"]

logger = logging.getLogger(__name__)

FORMAT_VERSION = "1.0"
"""The ``formatVersion`` the writer puts on the root element."""

SUPPORTED_VERSIONS = frozenset({FORMAT_VERSION})
"""The ``formatVersion`` values the reader accepts within namespace version 1."""


class Namespace(StrEnum):
    """A namespace URI used in or around the canonical transcript XML."""

    TRANSCRIPT = "urn:hocbaso:transcript:1"
    """The canonical transcript, major version 1; a breaking change gets a new URI."""
    XMLDSIG = "http://www.w3.org/2000/09/xmldsig#"
    """XML Signature: the ``Signature`` elements inside ``Signatures``."""
    XSD = "http://www.w3.org/2001/XMLSchema"
    """XML Schema, the language of the published schema."""
    XML = "http://www.w3.org/XML/1998/namespace"
    """The ``xml:`` prefix (``xml:lang`` in the schema's documentation)."""

    @classmethod
    def from_uri(cls, uri: str) -> Namespace:
        """
        Return the namespace whose URI is ``uri``.

        :param uri: a namespace URI.
        :returns: the member.
        :raises HocbasoValueError: if hocbaso does not know the URI.
        """
        try:
            return cls(uri)
        except ValueError:
            known = ", ".join(repr(member.value) for member in cls)
            raise HocbasoValueError(
                f"Unknown namespace {uri!r}; expected one of {known}."
            ) from None

    def tag(self, local: str) -> str:
        """
        Return the Clark name ``{uri}local`` of an element in this namespace.

        :param local: the element's local name.
        :returns: the name as lxml spells it.
        """
        return f"{{{self.value}}}{local}"
