"""The Dask worker plugin of the batch (imported only when a scheduler is used)."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin


class BatchWorkerPlugin(WorkerPlugin):
    """Shut the batch's kernels down, and remove their scratch folders, when a Dask worker closes."""

    name = "evalnb-batch"

    def teardown(self, worker) -> None:
        from .hosts import _close_all

        _close_all()
