"""The floor of benchmarks/bench_floor.py runs a report as the batch's kernel does.

One notebook, one key: the floor's outputs (in one process, no kernel) are the
outputs of the batch's executed notebook, cell by cell — the same HTML, the same
charts (same PNG size), the same records — so the floor does the report's whole work.
"""

from __future__ import annotations

import base64
import struct

import nbformat
import pytest

from evalnb_testing import ROOT, benchmark

pytestmark = pytest.mark.slow

NOTEBOOK = ROOT / "notebooks" / "control_plan" / "school_report.ipynb"


@pytest.fixture(scope="module")
def bench():
    return benchmark("bench_floor")


def _png_size(b64: str) -> tuple[int, int]:
    head = base64.b64decode(b64)[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def _comparable(outputs) -> list:
    """Each output's kind and data; a chart by its pixel size (its bytes carry no date but
    may differ in compression between processes); ``text/plain`` beside a richer form is
    left out (a reader never sees it; it names an object's address)."""
    out = []
    for o in outputs:
        if o["output_type"] == "stream":
            out.append(("stream", o["name"], "".join(o["text"])))
            continue
        data = {m: (_png_size(v) if m == "image/png" else v) for m, v in o["data"].items()
                if m != "text/plain" or len(o["data"]) == 1}
        out.append((o["output_type"], data))
    return out


def test_floor_outputs_are_the_batch_outputs(bench, sample_db, tmp_path):
    from evalnb.batch import run

    spec, params = bench.plan(NOTEBOOK, sample_db, 1)
    key = params[0][spec.key]
    runner = bench.Floor()
    try:
        outputs, page = runner.run(spec, params[0])
    finally:
        runner.close()

    result = run(NOTEBOOK, data=sample_db, schools=[key], formats=("ipynb",), jobs=1,
                 out=tmp_path, progress=False)
    assert result.exit_status == 0, result.summary()
    executed = nbformat.read(result.out_dir / f"{key}.ipynb", as_version=4)
    cells = [c for c in executed.cells if c.cell_type == "code"]

    assert len(outputs) == len(cells)
    for mine, cell in zip(outputs, cells):
        assert _comparable(mine) == _comparable(cell.outputs), cell.source
    shown = [o for cell in outputs for o in cell if "data" in o]
    assert any("image/png" in o["data"] for o in shown)  # the report draws charts
    assert any("<table" in o["data"].get("text/html", "") for o in shown)  # and tables
    assert page.count(b"<img src=\"data:image/png;base64,") == sum("image/png" in o["data"]
                                                                   for o in shown)
