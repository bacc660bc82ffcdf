"""The committed notebooks are exactly what their generator scripts write.

Notebooks are built from `notebooks/**/_make_notebooks.py` (thin cells, no
outputs, stable ids); editing the .ipynb by hand and forgetting the script, or
the reverse, fails here.
"""

import subprocess
import sys

import nbformat
import pytest

from evalnb_testing import ROOT

SCRIPTS = sorted((ROOT / "notebooks").rglob("_make_notebooks.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_match_their_generator(script, tmp_path):
    folder = script.parent
    before = {p.name: p.read_bytes() for p in folder.glob("*.ipynb")}
    copy = tmp_path / "nb"
    copy.mkdir()
    text = script.read_text(encoding="utf-8")
    (copy / script.name).write_text(text, encoding="utf-8")
    res = subprocess.run([sys.executable, str(copy / script.name)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    made = {p.name: p.read_bytes() for p in copy.glob("*.ipynb")}
    assert made, f"{script} wrote no notebook"
    for name, content in made.items():
        assert before.get(name) == content, f"{folder.name}/{name} differs from what {script.name} writes"


@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                                        # the form notebooks are written at run time (not committed):
                                        # the same tests in a fresh clone as in a used checkout
                                        if p.relative_to(ROOT / "notebooks").parts[0] != "forms"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_have_no_outputs_and_reports_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    if "evalnb" in nb.metadata and "form" not in nb.metadata["evalnb"]:  # a report the batch runs
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells)
