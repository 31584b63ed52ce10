"""
Audits at scale: one function per file, run on many files in parallel.

:func:`audit_file` checks one file and returns a JSON-ready summary; it never
raises, so one unreadable file cannot stop a run of thousands.
:func:`audit_bytes` does the same on bytes in memory and returns a
:class:`FileAudit`, with the reports behind the outcome.
:func:`iter_audit` runs it over many files on all cores with a bounded number
of files in flight, so memory stays flat however long the list is. The same
per-file function runs on a Dask cluster through :mod:`hocbaso.audit.dask`.
"""

from hocbaso.audit.engine import (
    AuditSettings,
    AuditSummary,
    FileAudit,
    audit_bytes,
    audit_file,
    iter_audit,
    iter_files,
)

__all__ = [
    "AuditSettings",
    "AuditSummary",
    "FileAudit",
    "audit_bytes",
    "audit_file",
    "iter_audit",
    "iter_files",
]
