"""
The canonical XML of a transcript.

A versioned namespace, a published XSD, a deterministic writer and a safe,
strict reader.
"""

from hocbaso.xml._schema import SCHEMA_FILE, schema_bytes, transcript_schema
from hocbaso.xml.namespaces import FORMAT_VERSION, SUPPORTED_VERSIONS, Namespace
from hocbaso.xml.reader import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    ReadResult,
    inspect_xml,
    iter_problems,
    read_xml,
)
from hocbaso.xml.writer import ROOT_ID, write_xml

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "FORMAT_VERSION",
    "ROOT_ID",
    "SCHEMA_FILE",
    "SUPPORTED_VERSIONS",
    "Namespace",
    "ReadResult",
    "inspect_xml",
    "iter_problems",
    "read_xml",
    "schema_bytes",
    "transcript_schema",
    "write_xml",
]
