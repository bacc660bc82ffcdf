"""The training report notebooks under the plain ``papermill`` command, on the sample county."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import evalnb
from evalnb.core.store import Store
from evalnb.training import assess, monthly_unit_report

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks" / "training"
NAMES = ("unit_monthly_report", "teacher_record", "county_overview")


def run(tmp_path, name, **params):
    out = tmp_path / f"{name}.out.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(NOTEBOOKS / f"{name}.ipynb"), str(out),
           "-k", "python3", "--log-level", "WARNING"]
    for key, value in params.items():
        cmd += ["-p", key, str(value)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    return res, out


def executed(res, out):
    assert res.returncode == 0, res.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    return nb, json.dumps(nb, ensure_ascii=False)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin_and_clean(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    src = params[0].source
    for p in ("data = None", "lang = None", "rules_path = None"):
        assert p in src
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.metadata.kernelspec.name == "python3"
    meta = nb.metadata.evalnb
    assert meta["key"] in src and meta["figures"]
    # papermill reads every declared parameter (no '=' in the comments)
    import papermill
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {meta["key"], "data", "lang", "rules_path"} <= set(declared)


def test_unit_report_applies_to_units_with_teachers():
    nb = nbformat.read(NOTEBOOKS / "unit_monthly_report.ipynb", as_version=4)
    assert nb.metadata.evalnb["applies_to"] == {"with_rows_in": "teachers"}
    assert "month" in nb.cells[1].source


@pytest.mark.slow
def test_unit_monthly_report_for_a_given_month(sample_db, tmp_path):
    nb, text = executed(*run(tmp_path, "unit_monthly_report", school_id="EN001", data=sample_db,
                             month="2025-03"))
    store = Store(sample_db)
    meta = evalnb.read_meta(nb)
    assert meta["title"] == store.school("EN001")["name"] and meta["lang"] == "en"
    assert meta["subtitle"] == "March 2025"
    records = evalnb.read_records(nb)
    teachers, courses = store.read("teachers"), store.read("courses")
    expected = monthly_unit_report(teachers, courses, assess(courses, store.read("enrollments")),
                                   "2025-03").set_index("school_id").loc["EN001"]
    for name in ("participants", "qualified", "unqualified", "commended", "sanctioned"):
        assert records[name] == expected[name], name
    assert records["hours_credited"] == expected["hours_credited"]
    assert records["due"] == "2025-04-05" and records["month"] == "2025-03"
    assert "Key figures" in text and "Results of the unit&#x27;s teachers" in text
    assert "image/png" in text


@pytest.mark.slow
def test_unit_monthly_report_latest_month_in_chinese(sample_db, tmp_path):
    store = Store(sample_db)
    kg = store.schools(kinds=["kindergarten"], with_rows_in="teachers")["school_id"].iloc[0]
    nb, text = executed(*run(tmp_path, "unit_monthly_report", school_id=kg, data=sample_db, lang="zh"))
    records = evalnb.read_records(nb)
    assert records["month"] == "2025-07"   # the unit's latest results: the summer school
    assert evalnb.read_meta(nb)["subtitle"] == "2025年7月"
    assert "主要数据" in text and "通报单位截止日期" in text


@pytest.mark.slow
def test_teacher_record_default_teacher_in_russian(sample_db, tmp_path):
    nb, text = executed(*run(tmp_path, "teacher_record", data=sample_db, lang="ru"))
    meta = evalnb.read_meta(nb)
    first = Store(sample_db).read("teachers", where={"teacher_id": "T0001"}).iloc[0]
    assert meta["title"] == first["name"] and meta["key"] == "T0001"
    assert "Выполнение требований" in text and "Пятилетние циклы" in text
    records = evalnb.read_records(nb)
    assert set(records) >= {"compliant", "hours_year", "hours_cycle"}


@pytest.mark.slow
def test_teacher_record_with_county_rules(sample_db, tmp_path):
    rules = tmp_path / "county.yaml"
    rules.write_text("training:\n  cycle_min_hours: 240\n  annual_min_credits: 10\n", encoding="utf-8")
    nb, text = executed(*run(tmp_path, "teacher_record", teacher_id="T0500", data=sample_db,
                             rules_path=rules, as_of="2024-2025"))
    assert "240" in text and "the county&#x27;s rules file" in text
    assert "Credits a year" in text
    assert evalnb.read_meta(nb)["subtitle"].endswith("2024-2025")


@pytest.mark.slow
def test_county_overview_in_english_and_chinese(sample_db, tmp_path):
    nb, text = executed(*run(tmp_path, "county_overview", data=sample_db))
    records = evalnb.read_records(nb)
    store = Store(sample_db)
    assert records["teachers"] == store.count("teachers")
    assert 0 < records["compliant_share"] < 1
    assert evalnb.read_meta(nb)["subtitle"] == "School year 2024-2025"
    assert "Commended trainees" in text and "Sanctioned trainees" in text
    nb, text = executed(*run(tmp_path, "county_overview", data=sample_db, lang="zh", year="2023-2024"))
    assert evalnb.read_meta(nb)["subtitle"] == "2023-2024 学年"
    assert "学年要求完成情况" in text and text.count("image/png") >= 2


@pytest.mark.slow
def test_a_bad_rules_file_fails_the_report_clearly(sample_db, tmp_path):
    rules = tmp_path / "county.yaml"
    rules.write_text("training:\n  pass_mrk: 65\n", encoding="utf-8")
    res, _ = run(tmp_path, "unit_monthly_report", school_id="EN001", data=sample_db, rules_path=rules)
    assert res.returncode != 0
    assert "RulesError" in res.stderr and "pass_mrk" in res.stderr
