"""The 诊改 notebooks under the plain papermill command, in each language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import evalnb

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks" / "diagnosis"


def run(name, tmp_path, **params):
    out = tmp_path / f"{name}.out.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(NOTEBOOKS / f"{name}.ipynb"), str(out), "-k", "python3",
           "--log-level", "WARNING", "--cwd", str(tmp_path)]
    for k, v in params.items():
        cmd += ["-p", k, str(v)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    return nb, json.dumps(nb, ensure_ascii=False)


def test_notebooks_are_committed_without_outputs_and_declare_themselves():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), path.name
        assert "evalnb" in nb.metadata, path.name
    meta = nbformat.read(NOTEBOOKS / "school_report.ipynb", as_version=4).metadata["evalnb"]
    assert meta["key"] == "school_id" and meta["applies_to"]["kinds"] == ["vocational"]


@pytest.mark.slow
@pytest.mark.parametrize("school,lang,expect", [
    ("CN010", None, "异常"),                       # the school's language: zh
    ("CN001", "en", "Conditions for sampled review"),
    ("CN024", "ru", "Условия выборочной проверки"),
])
def test_school_report(sample_db, tmp_path, school, lang, expect):
    params = {"school_id": school, "data": sample_db}
    if lang:
        params["lang"] = lang
    nb, text = run("school_report", tmp_path, **params)
    assert expect in text
    assert "image/png" in text
    rec = evalnb.read_records(nb)
    assert isinstance(rec["eligible"], bool) and 0 <= rec["matches"] <= 16
    assert rec["conclusion"] in ("有效", "异常", "待改进")
    assert evalnb.read_meta(nb)["lang"] == (lang or "zh")


@pytest.mark.slow
def test_school_report_rules_and_cycle(sample_db, tmp_path):
    rules = tmp_path / "province.yaml"
    rules.write_text("diagnosis:\n  min_enrollment: 100000\n", encoding="utf-8")
    nb, text = run("school_report", tmp_path, school_id="CN001", data=sample_db, cycle="2021-2025",
                   rules_path=rules, lang="en")
    assert evalnb.read_records(nb)["eligible"] is False
    assert "≥ 100,000" in text


@pytest.mark.slow
@pytest.mark.parametrize("lang,expect", [("zh", "抽样复核计划"), ("ru", "План выборочной проверки")])
def test_province_overview(sample_db, tmp_path, lang, expect):
    nb, text = run("province_overview", tmp_path, data=sample_db, lang=lang, cycle_start=2024, seed=1)
    assert expect in text
    rec = evalnb.read_records(nb)
    assert rec["schools"] == 30 and rec["planned"] >= rec["target"] == 9
    assert rec["effective"] + rec["needs_improvement"] + rec["abnormal"] == 20


@pytest.mark.slow
@pytest.mark.parametrize("name,lang,expect", [("self_report_form", "en", "Self-diagnosis report"),
                                              ("review_form", "zh", "复核")])
def test_forms_open(sample_db, tmp_path, name, lang, expect):
    nb, text = run(name, tmp_path, school_id="CN001", data=sample_db, lang=lang)
    assert "application/vnd.jupyter.widget-view+json" in text
