"""Notebooks written the way methodologists write them, through ``evalnb batch``.

Their parameters cell has type annotations, comments (one holding an "="),
multi-line values and no ``data`` parameter; one notebook prints, the other
raises.  Three reports in all: batch tests start kernels, which is slow.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from evalnb.batch import cli

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).parent / "notebooks"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    from evalnb.core.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('userdb') / 'd.sqlite'}"
    with Store(url) as store:
        store.write_frames({"schools": pd.DataFrame(
            [("S1", "Lyceum No. 1", "North", "general", "en"),
             ("S2", "Школа № 2", "North", "general", "ru")],
            columns=["school_id", "name", "municipality", "kind", "language"])})
    return url


def _batch(notebook: str, db: str, out: Path, *args: str) -> tuple[int, dict]:
    status = cli.main([str(NOTEBOOKS / notebook), "--data", db, "--out", str(out),
                       "--format", "html,ipynb", "--jobs", "1", "--no-progress", *args])
    folder = out / notebook.removesuffix(".ipynb")
    return status, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_a_notebook_that_prints(db, tmp_path, capsys):
    status, manifest = _batch("user_prints.ipynb", db, tmp_path, "--schools", "S1", "S2",
                              "--lang", "ru", "-p", "min_share", "0.5")
    assert status == 0, capsys.readouterr()
    reports = {r["key"]: r for r in manifest["reports"]}
    assert [reports[k]["status"] for k in ("S1", "S2")] == ["ok", "ok"]
    assert reports["S2"]["title"] == "Школа № 2"  # from the schools table
    assert reports["S1"]["figures"] == {"subjects": 2, "min_share": 0.5}
    summary = json.loads((tmp_path / "user_prints" / "S1.summary.json").read_text("utf-8"))
    # the key, the declared lang and -p; no data: the notebook does not declare it
    assert summary["parameters"] == {"school_id": "S1", "lang": "ru", "min_share": 0.5}
    page = (tmp_path / "user_prints" / "S2.html").read_text(encoding="utf-8")
    assert "Report for S2 in ru: subjects maths, reading; min share 0.5; a = b" in page
    assert '<html lang="ru">' in page


def test_a_notebook_that_raises(db, tmp_path, capsys):
    status, manifest = _batch("user_raises.ipynb", db, tmp_path, "--schools", "S2")
    assert status == 1
    (report,) = manifest["reports"]
    assert report["status"] == "failed" and report["outputs"] == {"ipynb": "S2.ipynb"}
    assert report["error"]["cell"] == 2  # the third cell as written
    assert report["error"]["ename"] == "ValueError"
    assert report["error"]["evalue"] == "no data for S2 above 0.5"
    assert "FAILED S2: cell 2: ValueError: no data for S2 above 0.5" in capsys.readouterr().out
    failed = nbformat.read(tmp_path / "user_raises" / "S2.ipynb", as_version=4)
    assert any("checking S2" in "".join(o.get("text", "")) for c in failed.cells
               if c.cell_type == "code" for o in c.get("outputs", []))
