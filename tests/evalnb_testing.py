"""What several test modules share: paths and a small hand-made dataset.

(A plain module, not conftest.py: several conftest.py files share one module
name, so importing names from them is ambiguous.)"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
#: Debian's Chromium, driven by Playwright in the browser tests
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SCHOOLS = "school_id,name,municipality,kind,language\n001,Школа № 1,Армавир,general,ru\n002,学校,南宁市,vocational,zh\n"
STUDENTS = "student_id,school_id,grade,class_label\nS1,001,5,5А\nS2,001,11,11Б\n"
PERIODS = "period,start,end\n2019-2020 Q1,2019-09-02,2019-10-27\n"
MARKS = "student_id,subject,period,mark,status\nS1,Математика,2019-2020 Q1,5,\nS2,Математика,2019-2020 Q1,,na\n"


def make(tmp_path: Path, **tables: str) -> Path:
    files = {"schools": SCHOOLS, "students": STUDENTS, "periods": PERIODS, "marks": MARKS}
    files.update(tables)
    folder = tmp_path / "ds"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        if text is None:
            continue
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def papermill_run(notebook: Path, folder: Path, *, env: dict | None = None, timeout: int = 600,
                  **params):
    """Run ``notebook`` with the plain ``papermill`` command in ``folder``; ``(result, out path)``."""
    import subprocess
    import sys

    out = Path(folder) / f"{notebook.stem}-{abs(hash(tuple(sorted(params.items()))))}.out.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(notebook), str(out), "-k", "python3",
           "--log-level", "WARNING"]
    for key, value in params.items():
        cmd += ["-p", key, str(value)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=folder, env=env)
    return res, out


def executed(res, out):
    """The executed notebook and its JSON text; the run must have succeeded."""
    import json

    import nbformat

    assert res.returncode == 0, res.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    return nb, json.dumps(nb, ensure_ascii=False)


@contextlib.contextmanager
def chromium():
    """A headless Chromium (Playwright's ``Browser``) for the browser tests.  Missing, the test
    is skipped on a developer's machine and fails in CI (``CI`` set)."""
    import pytest

    if not Path(CHROMIUM).exists():
        msg = f"{CHROMIUM} is missing: apt-get install chromium (make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def benchmark(name: str):
    """The module ``benchmarks/NAME.py`` (benchmarks are scripts, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic_district(folder: Path, n: int, students_per_school: int) -> list[str]:
    """The benchmark's synthetic district of ``n`` schools in ``folder`` (with the marks' periods,
    which the data contract asks for); returns the school ids."""
    module = benchmark("bench_batch")
    ids = module.make_data(folder, n, students_per_school=students_per_school)
    rows = [f"{p},2020-0{2 * i + 1}-01,2020-0{2 * i + 2}-28" for i, p in enumerate(module.PERIODS)]
    (folder / "periods.csv").write_text("period,start,end\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return ids
