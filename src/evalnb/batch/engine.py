"""The papermill engine that runs a notebook on a pooled kernel.

Registered with papermill as ``"evalnb"``: papermill's
:class:`~papermill.engines.NBClientEngine` given the pooled kernel's manager
(``km=``) and client, so papermill still injects the parameters and adds its
error banner, and nbclient does not shut a kernel down that it does not own.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

from .kernel import PooledKernel


def _make_engine():
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.v4 import new_output
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger as pm_logger
    from papermill.utils import merge_kwargs, remove_args

    class _Client(PapermillNotebookClient):
        current_index: int | None = None

        def execute_cell(self, cell, cell_index, *args, **kwargs):
            self.current_index = cell_index
            return super().execute_cell(cell, cell_index, *args, **kwargs)

    class EvalnbEngine(NBClientEngine):
        """papermill's nbclient engine on a pooled kernel (``km=``, ``kc=``).

        A timeout or a dead kernel becomes an error output in the cell that
        was running, so papermill adds its banner and raises
        :class:`~papermill.exceptions.PapermillExecutionError` as for any
        failing cell; ``state`` tells the caller which of the two happened.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, km=None, kc=None, deadline=None,
                                     state=None, **kwargs):
            if km is None or kc is None:
                raise ValueError("the evalnb engine runs on a pooled kernel: pass km= and kc=")
            state = state if state is not None else {}
            state["nb"] = nb_man.nb
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)

            def timeout_func(cell):
                if deadline is None:
                    return None
                return max(1, math.ceil(deadline - time.monotonic()))

            final_kwargs = merge_kwargs(
                kwargs, timeout_func=timeout_func, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=pm_logger, log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file)
            client = _Client(nb_man, km=km, **final_kwargs)
            client.kc = kc  # reuse the pooled client: no new channels per report
            try:
                client.execute()
            except (CellTimeoutError, DeadKernelError, asyncio.TimeoutError, TimeoutError) as exc:
                dead = isinstance(exc, DeadKernelError)
                state["dead" if dead else "timed_out"] = True
                idx = client.current_index
                if idx is None:
                    raise
                cell = nb_man.nb.cells[idx]
                if dead:
                    ename, evalue = "DeadKernelError", "the kernel died while running this cell"
                else:
                    limit = state.get("timeout")
                    ename = "TimeoutError"
                    evalue = (f"the report did not finish within {limit:g} s" if limit
                              else str(exc) or "timed out")
                cell.setdefault("outputs", []).append(new_output(
                    "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]))
                nb_man.cell_exception(cell, cell_index=idx)
            return nb_man.nb

    return EvalnbEngine


_registered = False


def register_engine() -> None:
    """Register the ``"evalnb"`` papermill engine (idempotent)."""
    global _registered
    if _registered:
        return
    from papermill.engines import papermill_engines

    papermill_engines.register("evalnb", _make_engine())
    _registered = True


def run_on_kernel(nb, parameters: dict, kernel: PooledKernel, *, timeout: float | None,
                  start_timeout: float = 60) -> tuple[Any, dict, Any]:
    """Execute ``nb`` with papermill on ``kernel``; ``(executed nb, state, error)``.

    ``error`` is papermill's :class:`PapermillExecutionError` (the notebook then
    carries papermill's error banner) or None.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    register_engine()
    state: dict[str, Any] = {"timeout": timeout}
    deadline = time.monotonic() + timeout if timeout else None
    try:
        out = papermill.execute_notebook(
            nb, None, parameters=parameters, engine_name="evalnb",
            kernel_name=kernel.kernel_name, progress_bar=False, log_output=False,
            start_timeout=int(start_timeout), km=kernel.km, kc=kernel.kc, deadline=deadline,
            state=state)
        return out, state, None
    except PapermillExecutionError as err:
        return state.get("nb"), state, err
