"""The 诊改 notebooks under the plain papermill command, in each language.

The runs are started together (a few at a time) by one module fixture: each
papermill run spends most of its time starting a kernel and importing, so
running them side by side keeps this file's time reasonable.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import evalnb

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks" / "diagnosis"

RUNS = {
    "report_zh": ("school_report", {"school_id": "CN010"}),                 # the school's language: zh
    "report_en": ("school_report", {"school_id": "CN001", "lang": "en", "cycle": "2021-2025",
                                    "rules_path": "{tmp}/province.yaml"}),
    "report_ru": ("school_report", {"school_id": "CN024", "lang": "ru"}),
    "province_zh": ("province_overview", {"lang": "zh", "cycle_start": 2024, "seed": 1, "as_of": "2026-01-15"}),
    "self_form_en": ("self_report_form", {"school_id": "CN001", "lang": "en"}),
    "review_form_ru": ("review_form", {"school_id": "CN001", "lang": "ru"}),
}


@pytest.fixture(scope="module")
def executed(sample_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("diagnosis-notebooks")
    (tmp / "province.yaml").write_text("diagnosis:\n  min_enrollment: 100000\n", encoding="utf-8")
    procs, outs = {}, {}
    pending = list(RUNS.items())
    results = {}

    def start(key, name, params):
        out = tmp / f"{key}.ipynb"
        cmd = [sys.executable, "-m", "papermill", str(NOTEBOOKS / f"{name}.ipynb"), str(out), "-k", "python3",
               "--log-level", "WARNING", "--cwd", str(tmp), "-p", "data", sample_db]
        for k, v in params.items():
            cmd += ["-p", k, str(v).replace("{tmp}", str(tmp))]
        outs[key] = out
        procs[key] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    while pending or procs:
        while pending and len(procs) < 3:
            key, (name, params) = pending.pop(0)
            start(key, name, params)
        key = next(iter(procs))
        _out, err = procs[key].communicate(timeout=600)
        results[key] = (procs.pop(key).returncode, err)
    return {k: (rc, err, outs[k]) for k, (rc, err) in results.items()}


def load(executed, key):
    rc, err, out = executed[key]
    assert rc == 0, err[-3000:]
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
@pytest.mark.parametrize("key,lang,expect", [
    ("report_zh", "zh", "异常"),
    ("report_en", "en", "Conditions for sampled review"),
    ("report_ru", "ru", "Условия выборочной проверки"),
])
def test_school_report(executed, key, lang, expect):
    nb, text = load(executed, key)
    assert expect in text
    assert "image/png" in text
    rec = evalnb.read_records(nb)
    assert isinstance(rec["eligible"], bool) and 0 <= rec["matches"] <= 16
    assert rec["conclusion"] in ("有效", "异常", "待改进")
    assert evalnb.read_meta(nb)["lang"] == lang


@pytest.mark.slow
def test_school_report_takes_the_province_rules(executed):
    nb, text = load(executed, "report_en")
    assert evalnb.read_records(nb)["eligible"] is False       # CN001 is eligible under the default rules
    assert "≥ 100,000" in text
    # the sample holds no self_report_overview: the whole report (conclusion, signature …) is missing
    assert "Completeness of the self-diagnosis report" in text and "no report recorded" in text


@pytest.mark.slow
def test_province_overview(executed):
    nb, text = load(executed, "province_zh")
    assert "抽样复核计划" in text and "image/png" in text
    rec = evalnb.read_records(nb)
    assert rec["schools"] == 30 and rec["planned"] >= rec["target"] == 9
    assert rec["effective"] + rec["needs_improvement"] + rec["abnormal"] == 20
    # the sample's 20 self-diagnoses run 2021-2025 (5 years, longer than 3); the other 10 have none
    assert rec["past_cycle"] == 30
    assert rec["follow_up"] == rec["abnormal"]
    assert "学校自主诊改周期" in text and "自我诊改报告的完整性（附2）" in text
    # the sample's conclusions were confirmed in March 2025: the 异常 schools rectify by March 2026
    assert "向教育部函报本年度诊改实施情况和下一年度安排" in text and "整改中，未到期限" in text
    assert "复核结论为异常的学校整改期限" in text
    assert "不确定：无省级方案发布日期或数据缺失" in text   # the sample sets no plan date


@pytest.mark.slow
@pytest.mark.parametrize("key,expect", [("self_form_en", "Self-diagnosis report"),
                                        ("review_form_ru", "Проверка (复核)")])
def test_forms_open(executed, key, expect):
    _nb, text = load(executed, key)
    assert "application/vnd.jupyter.widget-view+json" in text
    assert expect in text
