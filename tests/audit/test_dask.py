from __future__ import annotations

from pathlib import Path

import pytest

from hocbaso.audit import AuditSettings, iter_files
from tests.audit.conftest import GOOD, NOW


def test_the_dask_adapter_audits_a_bag_on_a_local_cluster(
    audit_folder: Path, root_pem: Path
) -> None:
    pytest.importorskip("dask.distributed", reason="Dask is an optional extra")
    from dask.distributed import Client, LocalCluster

    from hocbaso.audit.dask import audit_bag, summarise

    settings = AuditSettings(now=NOW, anchors=(str(root_pem),))
    paths = list(iter_files([audit_folder]))
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=None) as cluster,
        Client(cluster),
    ):  # fmt: skip
        bag = audit_bag(paths, settings, partition_size=4)
        summary = summarise(bag)
        names = [r["file"] for r in bag.compute()]

    assert names == [str(p) for p in paths]
    assert summary.total == GOOD + 2
    assert summary.outcomes["passed"] == GOOD
    assert summary.exit_code == 2
