"""Pooled kernels and the papermill engine that runs notebooks on them.

Starting a kernel and importing pandas and matplotlib in it costs a few
seconds; computing one school's report costs a fraction of that.  So a worker
keeps one kernel and reuses it from report to report: between reports the
kernel's namespace is reset (``InteractiveShell.reset``, figures closed,
working folder, environment, ``sys.path``, warning filters and matplotlib's
rcParams restored), while imported modules stay warm.  The reset is sent as
soon as a report's notebook has run, so the kernel resets while the worker
exports that report; the next report waits for its reply.  A kernel is replaced
after a failure, a timeout or a crash, and recycled after ``recycle_after``
reports to keep memory flat.  With ``fresh=True`` each report gets a new
kernel, started one report ahead so that its start-up overlaps with the
previous report.

New kernels are warmed up as they start: the ``import`` statements found in
the notebook's code cells are run (each in a throw-away namespace, failures
ignored), so the report's own imports are cache hits (see :mod:`.boot`).
The notebook itself runs on the kernel through :mod:`.engine`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from queue import Empty
from typing import Any

from .boot import bootstrap_code

log = logging.getLogger("evalnb.batch")


class KernelStartError(RuntimeError):
    """A kernel that would not start or answer."""


class PooledKernel:
    """One kernel process with its manager and a client kept across reports."""

    def __init__(self, kernel_name: str, cwd: str, language: str = "python",
                 scratch: str | None = None):
        self.kernel_name = kernel_name
        self.scratch = scratch
        self.language = language
        self.cwd = cwd
        self.km = None
        self.kc = None
        self.uses = 0
        self.ready = False
        self._boot_msg: str | None = None
        self._reset_msg: str | None = None
        self.clean = True  # no report has run since the start or the last reset
        self.started = 0.0
        self._sockdir: str | None = None
        self._log = None

    def log_tail(self, limit: int = 2000) -> str:
        """The end of the kernel process's own output (why it died, usually)."""
        if self._log is None:
            return ""
        try:
            self._log.seek(0, os.SEEK_END)
            size = self._log.tell()
            self._log.seek(max(0, size - limit))
            return self._log.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    async def launch(self, warm: list[str], startup_timeout: float) -> None:
        """Start the process and queue the warm-up; do not wait for it."""
        from jupyter_client.manager import AsyncKernelManager

        self.started = time.monotonic()
        # The connection file and (on POSIX) the IPC sockets live in a folder of
        # their own, inside the batch's scratch folder when there is one, so a
        # worker that is killed leaves nothing behind that its parent cannot remove.
        scratch = self.scratch if self.scratch and os.path.isdir(self.scratch) else None
        self._sockdir = tempfile.mkdtemp(prefix="evalnb-k-", dir=scratch)
        kw: dict[str, Any] = {"connection_file": os.path.join(self._sockdir, "kernel.json")}
        if os.name == "posix":
            # Local IPC sockets: no TCP ports to race for, nothing on the network.
            kw.update(transport="ipc", ip=os.path.join(self._sockdir, "k"))
        self.km = AsyncKernelManager(kernel_name=self.kernel_name, **kw)
        extra = ["--HistoryManager.hist_file=:memory:"] if self.language == "python" else []
        # The kernel's own stdout/stderr (not the notebook's outputs, which
        # travel over ZeroMQ) go to a scratch file, read back if it dies.
        self._log = tempfile.TemporaryFile(prefix="evalnb-kernel-")
        env = dict(os.environ)
        if self.language == "python":
            # Charts must come out as images in the report even where the
            # environment says MPLBACKEND=Agg (CI, tests, headless servers).
            env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        await self.km.start_kernel(cwd=self.cwd, extra_arguments=extra, env=env,
                                   stdout=self._log, stderr=self._log)
        self.kc = self.km.client()
        self.kc.allow_stdin = False
        self.kc.start_channels()
        if self.language == "python":
            self._boot_msg = self.kc.execute(bootstrap_code(warm), silent=True,
                                             store_history=False, allow_stdin=False,
                                             stop_on_error=False)
        self._startup_timeout = startup_timeout

    async def wait_ready(self) -> None:
        if self.ready:
            return
        deadline = self.started + self._startup_timeout
        if self._boot_msg is not None:
            await self._wait_reply(self._boot_msg, deadline)
        try:
            await self.kc.wait_for_ready(timeout=max(1.0, deadline - time.monotonic()))
        except RuntimeError as exc:
            raise KernelStartError(str(exc)) from None
        self.ready = True

    async def _wait_reply(self, msg_id: str, deadline: float) -> dict:
        while True:
            try:
                msg = await self.kc.shell_channel.get_msg(timeout=0.5)
            except Empty:
                if not await self.km.is_alive():
                    tail = self.log_tail()
                    raise KernelStartError("the kernel died" + (f": {tail}" if tail else "")) from None
                if time.monotonic() > deadline:
                    raise KernelStartError("the kernel did not answer in time") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg

    async def run_silent(self, code: str, timeout: float = 60) -> bool:
        """Run ``code`` without output; True if it succeeded."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False,
                                 stop_on_error=False)
        reply = await self._wait_reply(msg_id, time.monotonic() + timeout)
        return reply["content"].get("status") == "ok"

    def _reset_code(self, cwd: str) -> str:
        return f"__import__('_evalnb_kernel').reset({json.dumps(cwd)})"

    async def reset(self, cwd: str) -> bool:
        if self.language != "python":
            return False
        if self._reset_msg is not None:  # one sent ahead: wait for it first
            await self.reset_done()
        self.cwd = cwd
        self.clean = await self.run_silent(self._reset_code(cwd))
        return self.clean

    def start_reset(self, cwd: str) -> None:
        """Send the reset for ``cwd`` now and return; :meth:`reset_done` waits for it."""
        self.cwd = cwd
        self._reset_msg = self.kc.execute(self._reset_code(cwd), silent=True,
                                          store_history=False, allow_stdin=False,
                                          stop_on_error=False)

    @property
    def resetting(self) -> bool:
        return self._reset_msg is not None

    async def reset_done(self, timeout: float = 60) -> bool:
        """Wait for the reset sent by :meth:`start_reset`; True if it succeeded."""
        msg_id, self._reset_msg = self._reset_msg, None
        if msg_id is None:
            return True
        try:
            reply = await self._wait_reply(msg_id, time.monotonic() + timeout)
        except KernelStartError:
            return False
        self.clean = reply["content"].get("status") == "ok"
        return self.clean

    async def alive(self) -> bool:
        try:
            return self.km is not None and bool(await self.km.is_alive())
        except Exception:  # noqa: BLE001 - a broken manager is a dead kernel
            return False

    async def shutdown(self) -> None:
        if self.km is None:
            return
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            await self.km.shutdown_kernel(now=True)
        except Exception as exc:  # noqa: BLE001 - shutting down is best effort
            log.debug("kernel shutdown: %s", exc)
        finally:
            self.km = self.kc = None
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._sockdir:
                shutil.rmtree(self._sockdir, ignore_errors=True)
                self._sockdir = None


class KernelPool:
    """The kernels of one worker for one kernel name.

    ``acquire`` hands out a clean, ready kernel; ``release`` takes it back,
    marking whether it may be reused.
    """

    def __init__(self, kernel_name: str, language: str = "python", *, fresh: bool = False,
                 recycle_after: int = 100, startup_timeout: float = 60,
                 scratch: str | None = None):
        self.kernel_name = kernel_name
        self.scratch = scratch
        self.language = language
        self.fresh = fresh or language != "python"  # only Python kernels can be reset
        self.recycle_after = recycle_after
        self.startup_timeout = startup_timeout
        self.current: PooledKernel | None = None
        self.spare: PooledKernel | None = None
        self.started = 0
        self.events: list[str] = []

    async def _new(self, cwd: str, warm: list[str]) -> PooledKernel:
        k = PooledKernel(self.kernel_name, cwd, self.language, scratch=self.scratch)
        await k.launch(warm, self.startup_timeout)
        self.started += 1
        return k

    async def acquire(self, cwd: str, warm: list[str]) -> PooledKernel:
        if self.fresh:
            k = self.spare or await self._new(cwd, warm)
            self.spare = None
            try:
                await k.wait_ready()
            except KernelStartError:
                await k.shutdown()
                k = await self._new(cwd, warm)
                await k.wait_ready()
            # Start the next report's kernel now; it boots while this one works.
            self.spare = await self._new(cwd, warm)
            if k.cwd != cwd:  # started for another notebook's folder
                await k.reset(cwd)
            self.current = k
            return k
        k = self.current
        if k is not None and not await k.alive():
            self.events.append("the kernel had died between reports; starting a new one")
            await k.shutdown()
            k = self.current = None
        if k is None:
            k = self.current = await self._new(cwd, warm)
        try:
            await k.wait_ready()
        except KernelStartError:
            await k.shutdown()
            k = self.current = await self._new(cwd, warm)
            await k.wait_ready()
        if k.resetting:  # sent when the last report's notebook had run
            if not await k.reset_done():
                self.events.append("kernel reset failed; starting a new kernel")
                await k.shutdown()
                k = self.current = await self._new(cwd, warm)
                await k.wait_ready()
        if k.cwd != cwd or (k.uses > 0 and not k.clean):
            if not await k.reset(cwd):
                self.events.append("kernel reset failed; starting a new kernel")
                await k.shutdown()
                k = self.current = await self._new(cwd, warm)
                await k.wait_ready()
        k.clean = False  # handed out: the report about to run makes it dirty
        return k

    async def release(self, k: PooledKernel, *, healthy: bool, cwd: str, warm: list[str]) -> None:
        k.uses += 1
        if self.fresh:
            await k.shutdown()
            if self.current is k:
                self.current = None
            return
        if not healthy or k.uses >= self.recycle_after:
            if healthy:
                self.events.append(f"kernel recycled after {k.uses} reports")
            await k.shutdown()
            # Boot the replacement now, while the worker exports this report.
            self.current = await self._new(cwd, warm)
        elif k.language == "python":
            # Reset now, while the worker exports this report; acquire waits for it.
            k.start_reset(cwd)

    async def shutdown(self) -> None:
        for k in (self.current, self.spare):
            if k is not None:
                await k.shutdown()
        self.current = self.spare = None
