"""A reused kernel is reset while the worker exports the last report; reports do not change.

The kernel's reset is sent as soon as a report's notebook has run (so it
overlaps that report's export) and the next report waits for its reply; a
reset that fails gives the next report a new kernel.  nbconvert validates the
notebook once instead of after each of its preprocessors.
"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from evalnb.batch import run
from evalnb_testing import ROOT

PROBE = """\
import os, sys
import evalnb
evalnb.record("leaked", "leak" in globals())
evalnb.record("cwd", os.getcwd())
evalnb.record("env", os.environ.get("EVALNB_PROBE"))
leak = school_id
os.environ["EVALNB_PROBE"] = school_id
os.chdir(os.path.expanduser("~"))
if break_reset:
    sys.modules["_evalnb_kernel"].reset = None  # the next reset fails
"""


def _probe_notebook(folder):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("school_id = 'S1'\ndata = None\nbreak_reset = False")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(PROBE)]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nb.metadata["evalnb"] = {"key": "school_id"}
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory) -> str:
    from evalnb.core.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('reusedb') / 'tiny.sqlite'}"
    Store(url).write_frames({"schools": pd.DataFrame(
        [(f"S{i}", f"School {i}", "North", "general", "en") for i in range(1, 5)],
        columns=["school_id", "name", "municipality", "kind", "language"])})
    return url


@pytest.mark.slow
@pytest.mark.parametrize("break_reset", [False, True])
def test_each_report_on_a_reused_kernel_starts_clean(tiny_db, tmp_path, break_reset):
    nb = _probe_notebook(tmp_path)
    result = run(nb, data=tiny_db, schools=["S1", "S2", "S3", "S4"], formats=("html",),
                 jobs=1, out=tmp_path / "out", progress=False,
                 parameters={"break_reset": break_reset})
    assert result.exit_status == 0, result.summary()
    for report in result.reports:
        # no name, folder or environment variable of the report before
        assert report["figures"] == {"leaked": False, "cwd": str(tmp_path), "env": None}
    log = result.log_path.read_text(encoding="utf-8")
    failed = len(re.findall(r"kernel reset failed; starting a new kernel", log))
    assert failed == (3 if break_reset else 0)


@pytest.mark.slow
def test_reports_on_a_reused_kernel_are_those_of_fresh_kernels(sample_db, tmp_path):
    notebook = ROOT / "notebooks" / "control_plan" / "school_report.ipynb"
    keys = ["RU001", "RU002", "RU003"]
    pages = {}
    for fresh in (False, True):
        result = run(notebook, data=sample_db, schools=keys, formats=("html",), jobs=1,
                     out=tmp_path / f"fresh-{fresh}", fresh_kernel=fresh, progress=False)
        assert result.exit_status == 0, result.summary()
        pages[fresh] = {k: (result.out_dir / f"{k}.html").read_bytes() for k in keys}
    assert pages[False] == pages[True]


def test_export_validates_once_and_renders_the_same_page(monkeypatch):
    from nbconvert import HTMLExporter

    from evalnb.batch.export import Exporter

    nb = nbformat.v4.new_notebook()
    table = ("<table><tr><th>Школа</th><th>Quality</th></tr>"
             "<tr><td>第三中学</td><td>95,1 %</td></tr></table>")
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"),
                nbformat.v4.new_code_cell("x", outputs=[
                    nbformat.v4.new_output("display_data", data={"text/html": table}),
                    nbformat.v4.new_output("stream", name="stdout", text="printed\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "42"},
                                           execution_count=1)])]
    exporter = Exporter()
    assert exporter.html_exporter.optimistic_validation
    validated = []
    original = nbformat.validate
    # nbconvert calls nbformat.validate through the module
    monkeypatch.setattr(nbformat, "validate",
                        lambda *a, **k: validated.append(1) or original(*a, **k))
    page = exporter.html(nb, title="T", lang="ru")
    monkeypatch.undo()
    assert len(validated) == 1
    # the page of an exporter that validates after every preprocessor
    strict = Exporter()
    strict.html_exporter = HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, exclude_anchor_links=True)
    assert page == strict.html(nb, title="T", lang="ru")
    assert "第三中学" in page and "printed" in page
