"""An interrupted batch restarted with the same command builds only what is missing, and says so."""

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

from evalnb.batch.progress import resume_line

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "tests" / "notebooks" / "bench_report.ipynb"


def test_resume_line_words():
    assert resume_line("report", 10, 0) is None
    assert resume_line("report", 0, 0) is None
    assert resume_line("report", 10, 3) == ("report: resuming: 3 of 10 report(s) up to date, "
                                            "building the 7 missing")
    assert resume_line("report", 10, 10) == ("report: all 10 report(s) up to date, nothing to build "
                                             "(use --force to rebuild)")


def _data(folder: Path, n: int) -> list[str]:
    return synthetic_district(folder, n, students_per_school=30)


@pytest.mark.slow
def test_an_interrupted_run_resumes_where_it_stopped(tmp_path):
    ids = _data(tmp_path / "csv", 8)
    out = tmp_path / "out"
    folder = out / NOTEBOOK.stem
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p))
    cmd = [sys.executable, "-m", "evalnb", "batch", str(NOTEBOOK), "--data", str(tmp_path / "csv"),
           "--schools", *ids, "--format", "html", "--jobs", "1", "--out", str(out), "--no-progress"]

    first = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while len(list(folder.glob("*.summary.json"))) < 3:
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    first.send_signal(signal.SIGTERM)                     # as Ctrl-C or a killed job would
    _, err = first.communicate(timeout=300)
    assert first.returncode != 0, err
    done = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.summary.json")}
    assert 3 <= len(done) < 8, "the run was interrupted before its end"

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    k = len(done)
    assert (f"{NOTEBOOK.stem}: resuming: {k} of 8 report(s) up to date, building the {8 - k} missing"
            in again.stderr)
    # the reports built before were not built again
    assert {n: (folder / n).stat().st_mtime_ns for n in done} == done
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == {"ok": 8 - k, "skipped": k, "failed": 0, "pending": 0}
    assert sorted(r["key"] for r in manifest["reports"]) == sorted(ids)
    # manifest.csv beside it: the same reports and key figures
    import pandas as pd

    table = pd.read_csv(folder / "manifest.csv", encoding="utf-8-sig", dtype={"key": str})
    assert sorted(table["key"]) == sorted(ids) and manifest["figures"]
    assert list(table.columns[-len(manifest["figures"]):]) == manifest["figures"]
    by_key = table.set_index("key")
    for r in manifest["reports"]:
        assert by_key.loc[r["key"], "status"] == r["status"]
        for f in manifest["figures"]:
            value = r["figures"].get(f)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert by_key.loc[r["key"], f] == pytest.approx(value)

    third = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    assert third.returncode == 0
    assert f"{NOTEBOOK.stem}: all 8 report(s) up to date, nothing to build" in third.stderr
