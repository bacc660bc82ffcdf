"""Start ``evalnb forms`` as a separate process and stop it again (tests, scripts).

>>> with FormsServer("sqlite:///data/evalnb.sqlite", port=free_port()) as server:   # doctest: +SKIP
...     server.url("voila/render/course_results.ipynb", lang="ru")
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from .cli import DEFAULT_NOTEBOOKS, LOOPBACK


def free_port(ip: str = LOOPBACK) -> int:
    """A port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


class FormsServer:
    """``python -m evalnb.serve`` (= ``evalnb forms``) in its own process group.

    ``log``: a file for the server's output (default: discarded).
    """

    def __init__(self, db: str, port: int | None = None, *, lang: str | None = None,
                 ip: str = LOOPBACK, notebooks: str | Path = DEFAULT_NOTEBOOKS,
                 log: str | Path | None = None, env: dict | None = None, pool_size: int = 1,
                 idle_timeout: int | None = None):
        self.db = db
        self.port = port or free_port(ip)
        self.ip = ip
        self.lang = lang
        self.notebooks = Path(notebooks)
        self.log = Path(log) if log else None
        self.env = env or {}
        self.pool_size = pool_size
        self.idle_timeout = idle_timeout
        self.proc: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "evalnb.serve", "--db", self.db, "--port", str(self.port),
               "--notebooks", str(self.notebooks), "--ip", self.ip, "--pool-size", str(self.pool_size)]
        if self.idle_timeout is not None:
            cmd += ["--idle-timeout", str(self.idle_timeout)]
        return cmd + (["--lang", self.lang] if self.lang else [])

    def url(self, path: str = "", **query) -> str:
        q = {k: v for k, v in query.items() if v is not None}
        return f"http://{self.ip}:{self.port}/{path.lstrip('/')}" + (f"?{urlencode(q)}" if q else "")

    def start(self, timeout: float = 60) -> "FormsServer":
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env={**os.environ, **self.env},
                                         start_new_session=True)
        finally:
            if self.log:
                out.close()
        self.wait_ready(timeout)
        return self

    def answers(self) -> bool:
        conn = http.client.HTTPConnection(self.ip, self.port, timeout=2)
        try:
            conn.request("GET", "/")        # the redirect to the start page: nothing to log
            conn.getresponse().read()
            return True
        except OSError:
            return False
        finally:
            conn.close()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"evalnb forms exited with status {self.proc.returncode}"
                                   + self._tail())
            if self.answers():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"evalnb forms did not answer within {timeout:.0f} s" + self._tail())

    def _tail(self) -> str:
        if self.log and self.log.exists():
            return "\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])
        return ""

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM (Voilà shuts its kernels down), then SIGKILL to the process group if it hangs."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:  # hung: end its whole process group
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        return self.proc.returncode

    def kernels(self) -> list[int]:
        """Process ids of the server's kernels (its child processes; Linux)."""
        if self.proc is None:
            return []
        out = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                out.append(int(entry.name))
        return out

    def __enter__(self) -> "FormsServer":
        return self.start() if self.proc is None else self

    def __exit__(self, *exc) -> None:
        self.stop()
