"""The worker side of a batch: run one report, return its outputs as bytes.

A :class:`Worker` lives as long as its process (a local worker process, or a
Dask worker) and keeps what is expensive to build: the kernels (see
:mod:`.kernel`), the HTML exporter and WeasyPrint's font configuration.  All
of its work happens on one thread of its own, so the asyncio loop that owns
the kernels' sockets is always the same one (Dask runs each task in a fresh
``contextvars`` context, which would otherwise hand nbclient a new loop).

Nothing is written to disk here: the parent (or the Dask client) receives the
files as bytes and writes them atomically, so no shared filesystem is needed.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..errors import ReportError
from .model import Result, Task, clip, failure, strip_ansi
from .params import parameters_cell_index

log = logging.getLogger("evalnb.batch")


def cell_error(err, nb, *, key: Any, timeout: bool = False) -> ReportError:
    """papermill's ``PapermillExecutionError`` as a :class:`ReportError` whose ``cell``
    counts the notebook's cells as written (papermill's injected cell left out)."""
    ci = err.cell_index
    pidx = parameters_cell_index(nb)
    injected = pidx + 1 if pidx >= 0 else 0
    cell = ci - 1 if ci > injected else ci
    evalue = strip_ansi(str(err.evalue))
    return ReportError(f"cell {cell}: {err.ename}: {evalue}", key=key, cell=cell,
                       ename=err.ename, evalue=evalue, execution_count=err.exec_count,
                       traceback=clip(strip_ansi("\n".join(err.traceback or []))),
                       timeout=timeout)


class Worker:
    """One worker's reusable state and its single execution thread."""

    def __init__(self, *, fresh_kernel: bool = False, recycle_after: int = 100,
                 startup_timeout: float = 60, prestart: dict | None = None,
                 prewarm_formats: tuple[str, ...] = (), name: str = "",
                 scratch: str | None = None):
        self.fresh_kernel = fresh_kernel
        self._own_scratch = scratch is None
        if scratch is None:  # a Dask worker: a scratch folder of its own, named by its pid
            scratch = tempfile.mkdtemp(prefix=f"evalnb-batch-{os.getpid()}-")
        self.scratch = scratch
        self.recycle_after = recycle_after
        self.startup_timeout = startup_timeout
        self.name = name or f"{os.uname().nodename}:{os.getpid()}"
        self.pools: dict[tuple[str, str], Any] = {}
        self.exporter = None
        self.reports = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evalnb-worker")
        self._closed = False
        self._ready = self._thread.submit(self._prepare, prestart, tuple(prewarm_formats))

    # -- on the worker thread --------------------------------------------------------
    def _loop(self):
        from jupyter_core.utils import ensure_event_loop

        return ensure_event_loop()

    def _pool(self, kernel_name: str, language: str):
        from .kernel import KernelPool

        key = (kernel_name, language)
        pool = self.pools.get(key)
        if pool is None:
            pool = self.pools[key] = KernelPool(
                kernel_name, language, fresh=self.fresh_kernel,
                recycle_after=self.recycle_after, startup_timeout=self.startup_timeout,
                scratch=self.scratch)
        return pool

    def _prepare(self, prestart: dict | None, formats: tuple[str, ...]) -> None:
        """Start a kernel ahead of the first report, and warm the exporters meanwhile."""
        from .engine import register_engine

        if prestart:
            pool = self._pool(prestart["kernel_name"], prestart.get("language", "python"))
            cwd = prestart.get("cwd") or os.getcwd()
            if not os.path.isdir(cwd):
                cwd = tempfile.gettempdir()
            k = self._loop().run_until_complete(pool._new(cwd, list(prestart.get("warm", []))))
            if pool.fresh:
                pool.spare = k
            else:
                pool.current = k
        # The kernel boots in its own process meanwhile: import and warm the rest.
        register_engine()
        if formats:
            self._warm_exporter(formats)

    def _warm_exporter(self, formats) -> None:
        import nbformat

        from .export import Exporter, export

        if self.exporter is None:
            self.exporter = Exporter()
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm-up 预热 прогрев")])
        try:
            export(self.exporter, nb, formats, title="warm-up", subtitle="", lang="en")
        except Exception as exc:  # noqa: BLE001 - the real export will report it
            log.debug("exporter warm-up failed: %s", exc)

    def _run(self, task: Task) -> Result:
        import nbformat

        t0 = time.monotonic()
        result = Result(key=task.key, name=task.name, status="failed", worker=self.name,
                        attempts=task.attempt)
        nb = nbformat.reads(task.notebook_source, as_version=4)
        try:
            out = self._execute(task, nb, result)
            self._export(task, out, result)
            result.status = "ok"
        except ReportError as err:
            result.error = err
        result.duration = time.monotonic() - t0
        return result

    def _execute(self, task: Task, nb, result: Result):
        """Run the notebook on a pooled kernel (one retry if the kernel dies); the
        executed notebook, or a :class:`ReportError` (the failed notebook kept)."""
        import nbformat

        from .engine import run_on_kernel
        from .kernel import KernelStartError

        language = (nb.metadata.get("kernelspec", {}).get("language")
                    or nb.metadata.get("language_info", {}).get("name") or "python")
        pool = self._pool(task.kernel_name, language)
        cwd = task.notebook_dir if os.path.isdir(task.notebook_dir) else tempfile.gettempdir()
        warm = list(task.warm_code)
        loop = self._loop()
        events = result.events
        self.reports += 1
        tries = 0
        while True:
            tries += 1
            result.attempts = task.attempt + tries - 1
            try:
                kernel = loop.run_until_complete(pool.acquire(cwd, warm))
            except (KernelStartError, RuntimeError, OSError) as exc:
                if tries < 2:
                    events.append(f"kernel did not start ({exc}); retrying once")
                    continue
                raise failure(exc, key=task.key, what="the kernel did not start",
                              trace=False) from None
            unexpected = err = out = None
            state: dict[str, Any] = {}
            try:
                out, state, err = run_on_kernel(nb, task.parameters, kernel, timeout=task.timeout,
                                                start_timeout=self.startup_timeout)
            except Exception as exc:  # noqa: BLE001 - recorded, never lost
                unexpected = exc
                state = {"dead": "DeadKernelError" in type(exc).__name__}
            try:
                loop.run_until_complete(pool.release(kernel, healthy=unexpected is None
                                                     and err is None, cwd=cwd, warm=warm))
            except Exception as exc:  # noqa: BLE001 - the next acquire starts a kernel
                events.append(f"could not restart the kernel ({exc}); will try again")
                pool.current = None
            events.extend(pool.events)
            pool.events.clear()
            if state.get("dead") and tries < 2:
                events.append("the kernel died; retrying once on a new kernel")
                continue
            break
        if unexpected is not None:
            raise failure(unexpected, key=task.key)
        if err is None:
            return out
        if out is not None:
            from .. import read_meta

            result.meta = read_meta(out)
            # The failed notebook is always kept, with papermill's error banner.
            result.files = {"ipynb": nbformat.writes(out).encode("utf-8")}
        raise cell_error(err, nb, key=task.key, timeout=bool(state.get("timed_out")))

    def _export(self, task: Task, out, result: Result) -> None:
        """The executed notebook's meta, figures and files; a ReportError if the export fails."""
        import nbformat

        from .. import __version__, read_meta, read_records
        from .export import Exporter, export

        meta = result.meta = read_meta(out)
        result.figures = read_records(out)
        title = meta.get("title") or task.title_hint or str(task.key)
        lang = meta.get("lang") or task.parameters.get("lang") or task.lang_hint
        try:
            if self.exporter is None:
                self.exporter = Exporter()
            result.files = export(self.exporter, out, task.formats, title=title,
                                  subtitle=meta.get("subtitle", ""), lang=lang,
                                  generator=f"evalnb {__version__}")
        except Exception as exc:  # noqa: BLE001 - an export failure fails this report only
            result.files = {"ipynb": nbformat.writes(out).encode("utf-8")}
            raise failure(exc, key=task.key, what="export failed") from None

    def _close(self) -> None:
        loop = self._loop()
        for pool in self.pools.values():
            try:
                loop.run_until_complete(pool.shutdown())
            except Exception as exc:  # noqa: BLE001 - best effort at exit
                log.debug("pool shutdown: %s", exc)
        self.pools.clear()
        if self._own_scratch:
            import shutil

            shutil.rmtree(self.scratch, ignore_errors=True)

    # -- from any thread -------------------------------------------------------------
    def run(self, task: Task) -> Result:
        """Build one report (blocking)."""
        try:
            self._ready.result()
        except Exception as exc:  # noqa: BLE001 - a failed pre-start is retried by acquire
            log.debug("worker preparation failed: %s", exc)
        try:
            return self._thread.submit(self._run, task).result()
        except Exception as exc:  # noqa: BLE001 - a bug here must not take the worker down
            return Result(key=task.key, name=task.name, status="failed", worker=self.name,
                          attempts=task.attempt,
                          error=failure(exc, key=task.key, what="internal error"))

    def kill_kernels(self) -> None:
        """Kill this worker's kernel processes at once, from any thread (on SIGTERM)."""
        for pool in list(self.pools.values()):
            for k in (pool.current, pool.spare):
                proc = getattr(getattr(getattr(k, "km", None), "provisioner", None), "process", None)
                if proc is not None:
                    try:
                        proc.kill()
                    except OSError:
                        pass

    def close(self, timeout: float = 30) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._thread.submit(self._close).result(timeout=timeout)
        except Exception as exc:  # noqa: BLE001
            log.debug("worker close: %s", exc)
        self._thread.shutdown(wait=False)
