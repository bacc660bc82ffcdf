"""``make lab`` starts JupyterLab as the set-up runs it (as root on a fresh machine, or not)."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time

import pytest

from evalnb.serve.server import free_port
from evalnb_testing import ROOT

pytestmark = pytest.mark.slow


def test_make_lab_starts_answers_on_loopback_and_stops(tmp_path):
    port = free_port()
    log = tmp_path / "lab.log"
    cmd = ["make", "-s", "lab", f"DB={tmp_path / 'lab.sqlite'}",
           f"LAB_ARGS=--no-browser --ServerApp.port={port} --ServerApp.port_retries=0 "
           f"--ServerApp.root_dir={ROOT / 'notebooks'}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                conn.request("GET", "/lab")
                status = conn.getresponse().status
                break
            except OSError:
                time.sleep(1)
            finally:
                conn.close()
        text = log.read_text(errors="replace")
        assert status in (200, 302), f"JupyterLab did not answer on 127.0.0.1:{port}:\n{text[-3000:]}"
        assert "Running as root is not recommended" not in text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert proc.returncode is not None
