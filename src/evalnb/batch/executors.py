"""Where reports run: local worker processes, or a Dask cluster.

Both yield :class:`~.model.Result` objects as reports complete, with a
bounded number of tasks in flight, so the parent never holds more than a few
notebooks at a time however many schools there are.

Local processes (the default): ``jobs`` worker processes (spawned, each with
its own pre-started kernel), one task in flight per worker.  A worker process
that dies (crash, OOM kill) is replaced and its report retried once; a report
that overruns its timeout by a wide margin (a hung export) has its worker
stopped.

Dask (``scheduler="tcp://host:port"``): tasks go to the cluster's workers,
which run the same :class:`~.worker.Worker`; outputs come back as bytes.  A
dead Dask worker's task is rescheduled by Dask itself.
"""

from __future__ import annotations

import collections
import itertools
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
import uuid
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from ..errors import EvalnbError, ReportError
from .model import Result, Task
from .hosts import remove_stale_scratch

log = logging.getLogger("evalnb.batch")


def _crash_result(task: Task, message: str, ename: str = "WorkerCrashed") -> Result:
    return Result(key=task.key, name=task.name, status="failed", attempts=task.attempt,
                  error=ReportError(f"{ename}: {message}", key=task.key, ename=ename,
                                    evalue=message))


class _Slot:
    def __init__(self, ctx, options: dict, index: int):
        self.index = index
        parent, child = ctx.Pipe(duplex=True)
        self.conn = parent
        from .hosts import process_main

        self.process = ctx.Process(target=process_main, args=(child, options),
                                   name=f"evalnb-worker-{index}", daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.since = 0.0

    def send(self, task: Task) -> None:
        self.task = task
        self.since = time.monotonic()
        self.conn.send(task)

    def stop(self, grace: float = 5.0) -> None:
        try:
            if self.process.is_alive():
                try:
                    self.conn.send(None)
                except (OSError, ValueError):
                    pass
                self.process.join(grace)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(3)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(1)
        finally:
            self.conn.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.terminate()  # SIGTERM: the worker shuts its kernels down
            self.process.join(3)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1)
        self.conn.close()


class LocalExecutor:
    """A pool of worker processes, each holding one kernel across reports."""

    def __init__(self, jobs: int, options: dict, *, hard_timeout: float | None = None):
        self.jobs = max(1, int(jobs))
        # Kernels' connection files and sockets go under one scratch folder that
        # this process removes at the end, even if a worker was killed.
        remove_stale_scratch()
        self.scratch = tempfile.mkdtemp(prefix=f"evalnb-batch-{os.getpid()}-")
        self.options = {**options, "scratch": self.scratch}
        self.hard_timeout = hard_timeout
        self.ctx = multiprocessing.get_context("spawn")
        self.slots: list[_Slot] = []
        self.crashes = 0

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        it = iter(tasks)
        retry: collections.deque[Task] = collections.deque()
        source_done = False

        def next_task() -> Task | None:
            nonlocal source_done
            if retry:
                return retry.popleft()
            if source_done:
                return None
            task = next(it, None)
            source_done = task is None
            return task

        first = next_task()
        if first is None:
            return
        retry.append(first)
        self.slots = [_Slot(self.ctx, self.options, i) for i in range(self.jobs)]
        consecutive_crashes = 0
        while True:
            for i, slot in enumerate(self.slots):
                if slot.task is not None:
                    continue
                task = next_task()
                if task is None:
                    break
                if not slot.process.is_alive():
                    slot.kill()
                    slot = self.slots[i] = _Slot(self.ctx, self.options, i)
                try:
                    slot.send(task)
                except (BrokenPipeError, ConnectionError, OSError):
                    # The worker died while idle: replace it and hand the task on.
                    slot.task = None
                    slot.kill()
                    slot = self.slots[i] = _Slot(self.ctx, self.options, i)
                    slot.send(task)
            busy = [s for s in self.slots if s.task is not None]
            if not busy:
                return
            waitables = {}
            for s in busy:
                waitables[s.conn] = s
                waitables[s.process.sentinel] = s
            seen: set[int] = set()
            for obj in wait(list(waitables), timeout=1.0):
                s = waitables[obj]
                if s.index in seen:
                    continue
                seen.add(s.index)
                result = self._receive(s)
                if result is not None:
                    s.task = None
                    consecutive_crashes = 0
                    yield result
                    continue
                if s.process.is_alive():
                    continue  # a spurious wake-up
                # The worker process died with a report in hand.
                task, code = s.task, s.process.exitcode
                s.task = None
                s.kill()
                self.crashes += 1
                consecutive_crashes += 1
                if consecutive_crashes > 2 * self.jobs + 2:
                    raise EvalnbError(f"the batch's worker processes keep dying (exit code {code}); "
                                      "see batch.log")
                self.slots[s.index] = _Slot(self.ctx, self.options, s.index)
                if task.attempt < 2:
                    log.warning("worker process died (exit code %s) while building %s; "
                                "retrying once", code, task.key)
                    task.attempt += 1
                    retry.append(task)
                else:
                    yield _crash_result(task, f"the worker process died twice (exit code {code}) "
                                              "while building this report")
            if self.hard_timeout:
                now = time.monotonic()
                for s in self.slots:
                    if s.task is not None and now - s.since > self.hard_timeout:
                        task = s.task
                        s.task = None
                        s.kill()
                        self.slots[s.index] = _Slot(self.ctx, self.options, s.index)
                        yield _crash_result(task, f"the report did not finish within "
                                                  f"{self.hard_timeout:g} s; its worker was "
                                                  "stopped", ename="TimeoutError")

    @staticmethod
    def _receive(slot: _Slot) -> Result | None:
        try:
            if slot.conn.poll():
                return slot.conn.recv()
        except (EOFError, OSError):
            return None
        return None

    def close(self, *, force: bool = False) -> None:
        try:
            self._close(force)
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def _close(self, force: bool) -> None:
        slots, self.slots = self.slots, []
        if force:
            for s in slots:
                if s.process.is_alive():
                    s.process.terminate()
            for s in slots:
                s.kill()
        else:
            for s in slots:
                try:
                    s.conn.send(None)
                except (OSError, ValueError):
                    pass
            for s in slots:
                s.stop()


class DaskExecutor:
    """Reports as tasks on a Dask distributed cluster."""

    def __init__(self, scheduler, options: dict, *, max_inflight: int | None = None):
        from distributed import Client

        self.options = options
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            self.client, self._own = Client(scheduler, set_as_default=False, timeout="30s"), True
        self.threads = max(1, sum(self.client.nthreads().values()))
        self.max_inflight = max_inflight or 2 * self.threads

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        from distributed import as_completed

        from .hosts import dask_prestart, dask_run

        try:
            from ._dask import BatchWorkerPlugin

            self.client.register_plugin(BatchWorkerPlugin(), name=BatchWorkerPlugin.name)
        except Exception as exc:  # noqa: BLE001 - only tidiness at worker shutdown depends on it
            log.debug("could not register the worker plugin: %s", exc)
        self.client.run(dask_prestart, self.options)  # a kernel on every worker, ahead of time
        it = iter(tasks)
        pending: dict = {}
        ac = as_completed(loop=self.client.loop)

        def submit_next() -> bool:
            task = next(it, None)
            if task is None:
                return False
            fut = self.client.submit(dask_run, task, self.options, pure=False,
                                     key=f"evalnb-{task.name}-{uuid.uuid4().hex[:12]}")
            pending[fut.key] = task
            ac.add(fut)
            return True

        for _ in range(self.max_inflight):
            if not submit_next():
                break
        for fut in ac:
            task = pending.pop(fut.key)
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, CancelledError, ...
                fut.release()
                # a report never raises here (its errors come back as a failed Result): the
                # worker was lost under it; build it again elsewhere, once
                if task.attempt < 2:
                    log.warning("%s: its Dask worker was lost (%s); retrying once",
                                task.key, type(exc).__name__)
                    task.attempt += 1
                    it = itertools.chain([task], it)
                    submit_next()
                    continue
                result = _crash_result(task, f"its Dask worker was lost twice ({exc or type(exc).__name__})",
                                       ename=type(exc).__name__)
            fut.release()
            yield result
            submit_next()

    def close(self, *, force: bool = False) -> None:
        if self._own:
            self.client.close()
