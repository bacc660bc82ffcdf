"""The batch on a Dask cluster of separate processes on loopback: scaling with workers, a lost worker.

A ``dask scheduler`` and ``dask worker`` processes (one thread each) are
started here as a region's cluster would be, and ``evalnb batch --scheduler``
builds 40 small reports of the synthetic benchmark notebook.  The throughput
of 2 workers against 1 is printed (nothing is asserted about time); a worker
killed mid-run loses no report and duplicates none: its reports are built
again, once, on the other worker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evalnb_testing import synthetic_district

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "tests" / "notebooks" / "bench_report.ipynb"
N_REPORTS = 40
pytestmark = pytest.mark.slow


def _make_data(folder: Path, n: int) -> list[str]:
    return synthetic_district(folder, n, students_per_school=40)


class Cluster:
    """A scheduler and workers, each its own process (and session) on 127.0.0.1."""

    def __init__(self, folder: Path):
        pytest.importorskip("distributed")
        self.folder = folder
        self.file = folder / "scheduler.json"
        # a task on a lost worker comes back to the batch at once, which builds it again once
        self.env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0")
        self.procs: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.kernels: set[int] = set()
        self._start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0",
                     "--scheduler-file", str(self.file)])
        deadline = time.monotonic() + 120
        while not self.file.exists():
            if time.monotonic() > deadline or self.procs[0].poll() is not None:
                raise RuntimeError("the Dask scheduler did not start: " + self._log(0))
            time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]

    def _start(self, args):
        log = open(self.folder / f"dask-{len(self.procs)}.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]],
                                env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def _log(self, i) -> str:
        return (self.folder / f"dask-{i}.log").read_text(errors="replace")[-3000:]

    def add_worker(self):
        from distributed import Client

        proc = self._start(["worker", self.address, "--nthreads", "1", "--no-nanny", "--host",
                            "127.0.0.1", "--dashboard-address", ":0", "--name", f"w{len(self.workers)}"])
        self.workers.append(proc)
        want = len([w for w in self.workers if w.poll() is None])
        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(want, timeout=120)

    def note_kernels(self):
        """Remember the kernels the workers started (a killed worker cannot stop its own)."""
        import psutil

        for w in self.workers:
            try:
                self.kernels |= {c.pid for c in psutil.Process(w.pid).children(recursive=True)}
            except psutil.Error:
                pass

    def kill_worker(self, proc):
        self.note_kernels()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def close(self):
        self.note_kernels()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        import psutil

        for pid in self.kernels:          # only the kernels of the workers started here
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                pass


@pytest.fixture
def region(tmp_path):
    ids = _make_data(tmp_path / "csv", N_REPORTS)
    url = str(tmp_path / "csv")            # the data folder, as the benchmark notebook reads it
    cluster = Cluster(tmp_path)
    try:
        yield cluster, url, ids
    finally:
        cluster.close()


def _batch(cluster, url, out: Path, ids) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p))
    return subprocess.Popen([sys.executable, "-m", "evalnb", "batch", str(NOTEBOOK), "--data", url,
                             "--schools", *ids, "--format", "html", "--scheduler", cluster.address,
                             "--out", str(out), "--no-progress"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _entries(out: Path) -> list[dict]:
    manifest = json.loads((out / NOTEBOOK.stem / "manifest.json").read_text(encoding="utf-8"))
    return manifest["reports"]


def _timed(cluster, url, out, ids) -> tuple[float, float]:
    """(wall clock of the command, seconds per report between the first and the last report done)."""
    import datetime as dt

    start = time.perf_counter()
    proc = _batch(cluster, url, out, ids)
    text, _ = proc.communicate(timeout=1800)
    took = time.perf_counter() - start
    assert proc.returncode == 0, text
    entries = _entries(out)
    assert sorted(e["key"] for e in entries) == sorted(ids)
    assert {e["status"] for e in entries} == {"ok"}
    done = sorted(dt.datetime.fromisoformat(e["finished"]) for e in entries)
    return took, (done[-1] - done[0]).total_seconds() / (len(done) - 1)


def test_two_workers_against_one(region, tmp_path, capsys):
    cluster, url, ids = region
    cluster.add_worker()
    one, one_steady = _timed(cluster, url, tmp_path / "one", ids)
    cluster.add_worker()
    two, two_steady = _timed(cluster, url, tmp_path / "two", ids)
    # the wall clock holds the command's start and the index, the same for both; the steady
    # rate (first report done to last) is the cluster's own throughput
    with capsys.disabled():           # in the test log of every run, CI's included
        print(f"\n{N_REPORTS} reports on Dask: 1 worker {one:.1f} s, 2 workers {two:.1f} s, "
              f"throughput 2/1 = {one / two:.2f} (wall clock); steady {one_steady:.2f} against "
              f"{two_steady:.2f} s per report, 2/1 = {one_steady / two_steady:.2f}")


def test_a_worker_killed_mid_run_loses_no_report(region, tmp_path):
    cluster, url, ids = region
    cluster.add_worker()
    cluster.add_worker()
    out = tmp_path / "out"
    folder = out / NOTEBOOK.stem
    proc = _batch(cluster, url, out, ids)
    victim = cluster.workers[0]
    deadline = time.monotonic() + 900
    while len(list(folder.glob("*.summary.json"))) < 8:
        assert proc.poll() is None, proc.communicate()[0]
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.1)
    cluster.kill_worker(victim)
    text, _ = proc.communicate(timeout=1800)
    assert proc.returncode == 0, text
    entries = _entries(out)
    keys = [e["key"] for e in entries]
    assert sorted(keys) == sorted(ids) and len(set(keys)) == N_REPORTS          # none lost, none twice
    assert {e["status"] for e in entries} == {"ok"}
    assert sorted(p.name for p in folder.glob("*.html") if p.name != "index.html") == \
        sorted(f"{k}.html" for k in ids)
    retried = [e["key"] for e in entries if e["attempts"] == 2]
    assert retried and all(e["attempts"] in (1, 2) for e in entries)           # retried once
    assert "retrying once" in (folder / "batch.log").read_text(encoding="utf-8")
    workers = {json.loads((folder / f"{k}.summary.json").read_text())["worker"] for k in retried}
    assert len(workers) == 1                                                   # on the survivor
