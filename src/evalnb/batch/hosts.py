"""Where a :class:`~.worker.Worker` lives: a local worker process, or a Dask worker.

A local worker process (:func:`process_main`) takes tasks from its pipe and
sends results back; on a Dask worker, :func:`dask_prestart` starts a kernel
ahead of the tasks and :func:`dask_run` builds one report on the process's
pooled workers.  Both keep the processes the batch owns quiet and quick to
start (:func:`fast_imports`, :func:`quiet_papermill`).
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import signal
import tempfile
import threading
from typing import Any

from .model import Result, Task
from .worker import Worker


def fast_imports() -> None:
    """Skip an optional import that costs seconds in every batch process.

    ``nbformat`` imports ``jsonschema``, which imports ``rfc3987_syntax`` when
    it is installed, only to check the ``iri`` string format; that module
    builds an Earley parser at import time (2-3 s).  Notebook validation never
    uses that format, so the processes the batch owns (its CLI and workers)
    mark the module as absent before anything imports nbformat.
    """
    import sys

    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]


def quiet_papermill() -> None:
    """In a worker, papermill's and nbclient's log lines (which go to papermill's
    logger: inputs, parameter parsing, "Kernel died ...") are noise on the
    terminal: the batch validated the parameters and records every failure,
    timeout and crash in the result, the manifest and batch.log itself."""
    logging.getLogger("papermill").setLevel(logging.CRITICAL)


def remove_stale_scratch() -> None:
    """Remove the scratch folders of batch processes that are gone (killed with -9)."""
    import shutil

    root = tempfile.gettempdir()
    for name in os.listdir(root):
        if not name.startswith("evalnb-batch-"):
            continue
        pid = name.split("-")[2]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        except OSError:
            pass


# ------------------------------------------------------------------ local worker process


def process_main(conn, options: dict) -> None:
    """Entry point of a local worker process: tasks in, results out, over a pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C

    def _term(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _term)
    fast_imports()
    quiet_papermill()
    worker = Worker(**options)
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                break  # the parent is gone
            if task is None:
                break
            result = worker.run(task)
            try:
                conn.send(result)
            except (BrokenPipeError, OSError):
                break
    except SystemExit:
        worker.kill_kernels()  # stopped mid-report: do not wait for the kernel
        worker.close(timeout=3)
        raise
    finally:
        worker.close()


# ------------------------------------------------------------------ Dask workers

_idle: "queue.SimpleQueue[Worker]" = queue.SimpleQueue()
_all: list[Worker] = []
_all_lock = threading.Lock()
_options_key: list[Any] = [None]


def _take(options: dict) -> Worker:
    key = (options.get("fresh_kernel"), options.get("recycle_after"))
    with _all_lock:
        if _options_key[0] != key:  # another batch with other options: start over
            _options_key[0] = key
            while True:
                try:
                    _idle.get_nowait().close()
                except queue.Empty:
                    break
            _all.clear()
    try:
        return _idle.get_nowait()
    except queue.Empty:
        w = Worker(**options)
        with _all_lock:
            _all.append(w)
        return w


def dask_prestart(options: dict) -> str:
    """Run on every Dask worker before the tasks: start a kernel ahead of time."""
    remove_stale_scratch()
    fast_imports()
    quiet_papermill()
    w = _take(options)
    _idle.put(w)
    return w.name


def dask_run(task: Task, options: dict) -> Result:
    """A Dask task: build one report on this process's pooled worker."""
    quiet_papermill()
    w = _take(options)
    try:
        return w.run(task)
    finally:
        _idle.put(w)


@atexit.register
def _close_all() -> None:
    """Close every pooled worker, idle ones included, so that the next task starts a new one.

    Also run when a later batch registers the worker plugin again on a
    long-lived Dask worker (Dask tears the old plugin down first): an idle
    worker left in the pool then would be a closed one.
    """
    with _all_lock:
        workers = list(_all)
        _all.clear()
        while True:
            try:
                idle = _idle.get_nowait()
            except queue.Empty:
                break
            if idle not in workers:
                workers.append(idle)
        _options_key[0] = None
    for w in workers:
        w.close()
