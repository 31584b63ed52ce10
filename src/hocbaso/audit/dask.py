"""
Run the per-file audit on a Dask cluster: a bag of paths in, a bag of results out.

For a province's or the country's files, the scheduling is Dask's: hocbaso only
supplies the per-file function, :func:`hocbaso.audit.audit_file`, which is the
same one ``hocbaso verify --jobs`` runs locally. Dask is an optional dependency
(``pip install 'hocbaso[dask]'``).

Example, on a local cluster::

    from dask.distributed import Client, LocalCluster
    from hocbaso.audit import AuditSettings
    from hocbaso.audit.dask import audit_bag, summarise

    with LocalCluster(n_workers=2) as cluster, Client(cluster):
        bag = audit_bag(paths, AuditSettings(now=now, anchors=("roots/",)))
        print(summarise(bag).to_dict())
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hocbaso.audit.engine import AuditSettings, AuditSummary, audit_file
from hocbaso.errors import HocbasoNotSupportedError

__all__ = ["audit_bag", "summarise"]


def _bag_module() -> Any:
    try:
        import dask.bag
    except ImportError as exc:
        raise HocbasoNotSupportedError(
            "The Dask adapter needs Dask; install it with: pip install 'hocbaso[dask]'."
        ) from exc
    return dask.bag


def audit_bag(
    paths: Iterable[str | Path], settings: AuditSettings, *, partition_size: int = 256
) -> Any:
    """
    Return a Dask bag of audit results, one per path, computed lazily.

    :param paths: the files; they must be readable from every worker.
    :param settings: the audit's settings (file names of trust material, times).
    :param partition_size: files per task; large enough to amortise loading the
        trust material, small enough to spread the work.
    :returns: a ``dask.bag.Bag`` of the JSON-ready results of :func:`audit_file`.
    :raises HocbasoNotSupportedError: if Dask is not installed.
    """
    bag = _bag_module()
    names = [os.fspath(path) for path in paths]
    return bag.from_sequence(names, partition_size=partition_size).map(
        audit_file, settings
    )


def summarise(results: Any) -> AuditSummary:
    """
    Count a bag of results by outcome, computing it on the current scheduler.

    :param results: the bag from :func:`audit_bag`.
    :returns: the summary, whose ``exit_code`` says whether anything failed.
    """
    summary = AuditSummary()
    for outcome, count in results.pluck("outcome").frequencies().compute():
        summary.total += count
        summary.outcomes[outcome] += count
    return summary
