"""The batch report engine, for real: kernels, exports, failures, resume, Dask.

One module-scoped batch run (four schools, one of which fails) feeds most
tests; the others run small batches of their own.  No test asserts a time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from evalnb.batch import run, safe_name
from evalnb.batch.outputs import TMP_SUFFIX

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).parent / "notebooks"
REPORT = NOTEBOOKS / "report.ipynb"

HOSTILE_NAME = 'Sch"ool \'\'\' \\" \\\\\n"); import os #<script>alert(1)</script>'
HOSTILE_NOTE = '"""\'\'\'\\"\n<script>alert(2)</script>\\\\ {school_id} %(x)s'


def make_db(url: str, extra_schools=()) -> None:
    """A tiny district: four general schools with students, a vocational one, an empty one."""
    from evalnb.core.store import Store

    schools = [("S1", "Lyceum No. 1", "North", "general", "en"),
               ("S2", "Школа № 2 «Родник»", "North", "general", "ru"),
               ("S3", "第三中学", "South", "general", "zh"),
               ("S4", "School 4", "South", "general", "en"),
               ("V1", "Vocational 1", "South", "vocational", "en"),
               ("E1", "Empty school", "North", "general", "en"), *extra_schools]
    students = [(f"{sid}-{i}", sid, 1 + (i * 7 + len(sid)) % 11, "mf"[i % 2])
                for sid, *_ in schools if sid != "E1" for i in range(25)]
    Store(url).write_frames({
        "schools": pd.DataFrame(schools, columns=["school_id", "name", "municipality", "kind",
                                                  "language"]),
        "students": pd.DataFrame(students, columns=["student_id", "school_id", "grade", "gender"]),
    })


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('batchdb') / 'district.sqlite'}"
    make_db(url, extra_schools=[("../../x", HOSTILE_NAME, "North", "other", "en")])
    return url


@pytest.fixture(scope="module")
def main_run(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = run(REPORT, data=db, out=out, formats="html,pdf,ipynb", jobs=2,
                 parameters={"fail_school": "S4"})
    return result


def entries(result) -> dict:
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    return {r["key"]: r for r in manifest["reports"]}


# -- one batch, every school the notebook applies to ---------------------------------------

def test_reports_for_the_schools_the_notebook_applies_to(main_run):
    folder = main_run.out_dir
    assert folder.name == "report"
    # applies_to: general schools with students — not V1 (vocational), E1 (no students),
    # nor the school of kind "other".
    assert [r["key"] for r in main_run.reports] == ["S1", "S2", "S3", "S4"]
    for sid in ("S1", "S2", "S3"):
        for ext in ("html", "pdf", "ipynb", "summary.json"):
            assert (folder / f"{sid}.{ext}").is_file(), (sid, ext)
    for name in ("index.html", "manifest.json", "batch.log"):
        assert (folder / name).is_file()
    assert not list(folder.glob(f"*{TMP_SUFFIX}")) and not list(folder.glob(f".*{TMP_SUFFIX}"))


def test_summary_holds_the_recorded_figures(main_run):
    s2 = json.loads((main_run.out_dir / "S2.summary.json").read_text(encoding="utf-8"))
    assert s2["status"] == "ok" and s2["title"] == "Школа № 2 «Родник»"
    assert s2["figures"]["students"] == 25
    assert 0 <= s2["figures"]["girls_share"] <= 1
    assert s2["figures"]["name"] == "Школа № 2 «Родник»"
    assert s2["lang"] == "ru" and s2["subtitle"] == "2024–2025"


def test_a_failing_school_is_isolated(main_run):
    assert main_run.exit_status == 1
    e = entries(main_run)
    assert [k for k, r in e.items() if r["status"] == "ok"] == ["S1", "S2", "S3"]
    s4 = e["S4"]
    assert s4["status"] == "failed"
    assert s4["error"]["cell"] == 4  # the fifth cell of the notebook as written
    assert s4["error"]["ename"] == "RuntimeError"
    assert s4["error"]["evalue"] == "no marks for S4"
    assert s4["outputs"] == {"ipynb": "S4.ipynb"}
    assert not (main_run.out_dir / "S4.html").exists()
    failed = nbformat.read(main_run.out_dir / "S4.ipynb", as_version=4)
    banners = [c for c in failed.cells if "papermill-error-cell-tag" in c.metadata.get("tags", [])]
    assert banners and "An Exception was encountered" in banners[0].source
    assert "FAILED S4: cell 4: RuntimeError: no marks for S4" in main_run.summary()
    assert "RuntimeError: no marks for S4" in main_run.log_path.read_text(encoding="utf-8")


def test_html_hides_code_and_sets_the_language(main_run):
    folder = main_run.out_dir
    zh = (folder / "S3.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh
    assert '<html lang="ru">' in (folder / "S2.html").read_text(encoding="utf-8")
    assert '"DejaVu Sans", "Noto Sans CJK SC", sans-serif' in zh
    assert "<title>第三中学 — 2024–2025</title>" in zh
    assert "import sqlite3" not in zh and "fail_school" not in zh  # code hidden
    assert "<script" not in zh  # no scripts, no external resources
    assert "data:image/png;base64," in zh  # the chart is embedded
    assert "max-width: 100%" in zh


def _fonts(pdf: Path) -> str:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return out.replace("-", "").lower()


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_real_fonts_for_chinese_and_russian(main_run):
    zh, ru = _fonts(main_run.out_dir / "S3.pdf"), _fonts(main_run.out_dir / "S2.pdf")
    assert "notosanscjksc" in zh  # Simplified Chinese glyphs, not the Japanese face
    assert "dejavusans" in ru
    for listing in (zh, ru):
        rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
        assert rows and all("yes" == row[-5] for row in rows)  # every font embedded
    text = subprocess.run(["pdftotext", "-layout", str(main_run.out_dir / "S2.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Школа № 2 «Родник»" in text and "2024–2025" in text  # running header
    assert re.search(r"\b1 ?/ ?1\b", text)  # page / pages
    info = subprocess.run(["pdfinfo", str(main_run.out_dir / "S2.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info)  # A4


def test_index_page(main_run):
    page = main_run.index_path.read_text(encoding="utf-8")
    assert '<html lang="en">' in page  # most reports are English
    for title in ("Lyceum No. 1", "Школа № 2 «Родник»", "第三中学", "School 4"):
        assert title in page
    assert 'href="S1.html"' in page and 'href="S3.pdf"' in page and 'href="S4.ipynb"' in page
    assert "no marks for S4" in page
    assert "Students" in page and "Girls" in page  # declared figures, labelled
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # no network resources
    manifest = json.loads(main_run.manifest_path.read_text(encoding="utf-8"))
    assert manifest["counts"] == {"ok": 3, "skipped": 0, "failed": 1, "pending": 0}
    assert manifest["figures"] == ["students", "girls_share", "mean_grade"]


def test_up_to_date_reports_are_not_rebuilt(main_run, db):
    folder = main_run.out_dir
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("S*.*")}
    again = run(REPORT, data=db, out=folder.parent, formats="html,pdf,ipynb", jobs=2,
                parameters={"fail_school": "S4"})
    e = entries(again)
    assert [e[k]["status"] for k in ("S1", "S2", "S3", "S4")] == ["skipped"] * 3 + ["failed"]
    assert all(folder.joinpath(n).stat().st_mtime_ns == t for n, t in before.items()
               if n.startswith(("S1", "S2", "S3")))
    assert e["S1"]["figures"]["students"] == 25  # figures kept for the index

    forced = run(REPORT, data=db, out=folder.parent, formats="html,pdf,ipynb", schools=["S1"],
                 force=True, parameters={"fail_school": "S4"})
    assert forced.reports[0]["status"] == "ok"
    assert (folder / "S1.html").stat().st_mtime_ns != before["S1.html"]

    # Changing the data (a write through the store) makes reports out of date.
    from evalnb.core.store import Store

    store = Store(db)
    rows = store.read("students", school_id="S2")
    store.save_rows("students", rows.assign(grade=rows["grade"].clip(upper=10)))
    changed = run(REPORT, data=db, out=folder.parent, formats="html,pdf,ipynb",
                  schools=["S2", "S3"], parameters={"fail_school": "S4"})
    assert [r["status"] for r in changed.reports] == ["ok", "ok"]


# -- hostile values ------------------------------------------------------------------------

def test_hostile_id_name_and_parameter_stay_data(db, tmp_path):
    out = tmp_path / "deep" / "out"
    result = run(REPORT, data=db, out=out, formats=("html",), schools=["../../x"], jobs=1,
                 parameters={"note": HOSTILE_NOTE}, fresh_kernel=True)
    assert result.exit_status == 0, result.summary()
    name = safe_name("../../x")
    folder = out / "report"
    assert (folder / f"{name}.html").is_file()
    # Nothing was written outside the output folder.
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and folder not in p.parents]
    assert outside == []
    summary = json.loads((folder / f"{name}.summary.json").read_text(encoding="utf-8"))
    assert summary["key"] == "../../x"
    assert summary["figures"]["note"] == HOSTILE_NOTE  # arrived in the notebook unchanged
    assert summary["figures"]["name"] == HOSTILE_NAME
    for page in ((folder / f"{name}.html").read_text(encoding="utf-8"),
                 (folder / "index.html").read_text(encoding="utf-8")):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- crashes and timeouts ------------------------------------------------------------------

def test_crashed_kernel_is_retried_and_a_timeout_fails_one_report(db, tmp_path):
    marker = tmp_path / "crashed-once"
    result = run(REPORT, data=db, out=tmp_path / "out", formats=("html",), jobs=1,
                 schools=["S1", "S2", "S3"], timeout=8,
                 parameters={"crash_school": "S1", "crash_marker": str(marker),
                             "crash_mode": "kernel", "delay": 60.0, "delay_school": "S2"})
    e = entries(result)
    assert marker.exists()  # the kernel did die once
    assert e["S1"]["status"] == "ok" and e["S1"]["attempts"] == 2
    assert e["S2"]["status"] == "failed" and e["S2"]["error"]["ename"] == "TimeoutError"
    assert e["S2"]["error"]["cell"] == 4
    assert e["S3"]["status"] == "ok"  # a new kernel after the timeout
    log = result.log_path.read_text(encoding="utf-8")
    assert "kernel died" in log


def test_crashed_worker_process_is_replaced_and_retried(db, tmp_path):
    marker = tmp_path / "worker-crashed-once"
    result = run(REPORT, data=db, out=tmp_path / "out", formats=("html",), jobs=1,
                 schools=["S1", "S2"],
                 parameters={"crash_school": "S1", "crash_marker": str(marker),
                             "crash_mode": "worker"})
    e = entries(result)
    assert marker.exists()
    assert e["S1"]["status"] == "ok" and e["S1"]["attempts"] == 2
    assert e["S2"]["status"] == "ok"
    assert "worker process died" in result.log_path.read_text(encoding="utf-8")


# -- interrupted and resumed ---------------------------------------------------------------

def _visible_outputs_are_whole(folder: Path) -> None:
    for p in folder.iterdir():
        if p.name.startswith("."):
            continue
        assert not p.name.endswith(TMP_SUFFIX)
        if p.suffix == ".html":
            assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p
        elif p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".ipynb":
            nbformat.read(p, as_version=4)


def test_killed_run_leaves_no_partial_file_and_resumes(db, tmp_path):
    import psutil

    out = tmp_path / "out"
    folder = out / "report"
    schools = ["S1", "S2", "S3", "S4"]
    cmd = [sys.executable, "-m", "evalnb.batch", str(REPORT), "--data", db, "--out", str(out),
           "--format", "html,ipynb", "--jobs", "1", "--schools", *schools,
           "-p", "delay", "1.0", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not list(folder.glob("*.summary.json")):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the batch never finished a report"
            time.sleep(0.1)
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.kill()  # kill -9 the batch mid-way
        proc.wait(10)
        # Its workers notice, stop their kernels and exit.
        gone, alive = psutil.wait_procs(children, timeout=20)
        assert alive == [], alive
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close()
    done = [p.name.split(".")[0] for p in folder.glob("*.summary.json")]
    assert 1 <= len(done) < len(schools)
    _visible_outputs_are_whole(folder)

    resumed = run(REPORT, data=db, out=out, formats="html,ipynb", jobs=1, schools=schools,
                  parameters={"delay": 1.0})
    status = {r["key"]: r["status"] for r in resumed.reports}
    assert all(status[k] == "skipped" for k in done)
    assert all(status[k] == "ok" for k in schools if k not in done)
    assert resumed.exit_status == 0
    assert not [p for p in folder.iterdir() if p.name.endswith(TMP_SUFFIX)]
    _visible_outputs_are_whole(folder)


# -- Dask ----------------------------------------------------------------------------------

def test_dask_local_cluster(db, tmp_path):
    distributed = pytest.importorskip("distributed")
    # No warning filter needed: with a random dashboard port and quiet logs, a
    # LocalCluster starts and stops here without warnings (filterwarnings=error).
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.ERROR)
    try:
        result = run(REPORT, data=db, out=tmp_path / "out", formats=("html", "ipynb"),
                     schools=["S1", "S2", "S3"], scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    assert result.exit_status == 0, result.summary()
    e = entries(result)
    assert {e[k]["status"] for k in ("S1", "S2", "S3")} == {"ok"}
    folder = tmp_path / "out" / "report"
    assert '<html lang="zh-CN">' in (folder / "S3.html").read_text(encoding="utf-8")
    workers = {json.loads((folder / f"{k}.summary.json").read_text())["worker"] for k in e}
    assert all(w and not w.endswith(f":{os.getpid()}") for w in workers)  # ran in the workers
