"""Report helpers of the training notebooks, on a small hand-made database; and the doctests."""

from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.store import Store
from evalnb.training import report

MODULES = ["calc", "compliance", "monthly", "overview", "periods", "registry", "rules", "forms"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module):
    mod = importlib.import_module(f"evalnb.training.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


@pytest.fixture
def store():
    s = Store("sqlite://")
    s.write_frames({
        "schools": pd.DataFrame({"school_id": ["S1", "S2"], "name": ["Riverside <b>", "Hill"],
                                 "municipality": ["County"] * 2, "kind": ["primary", "kindergarten"],
                                 "language": ["en", "ru"]}),
        "teachers": pd.DataFrame({"teacher_id": ["T1", "T2", "K1"], "school_id": ["S1", "S1", "S2"],
                                  "name": ["Ann", "Bob", "Kira"], "kind": ["primary", "primary", "kindergarten"]}),
        "courses": pd.DataFrame({"course_id": ["C1", "C2"], "title": ["Reading", "Play"],
                                 "mode": ["face_to_face", "online"], "sessions": [9, 4], "hours": [18, 8],
                                 "credits": [2, None], "start": ["2025-03-01", "2025-04-01"],
                                 "end": ["2025-03-20", "2025-04-30"]}),
        "enrollments": pd.DataFrame({"course_id": ["C1", "C1", "C2"], "teacher_id": ["T1", "T2", "T1"],
                                     "absences": [0, 3, 0], "late_or_early": [0, 0, 0],
                                     "written_score": [90, 70, 80], "discipline_score": [15, None, 15]}),
    })
    return s


def test_unit_month_and_tables(store):
    unit = report.load_unit(store, "S1")
    assert report.resolve_month(unit) == "2025-04"
    assert report.resolve_month(unit, "2025-03") == "2025-03"
    summary = report.unit_summary(unit, "S1", "2025-03")
    assert (summary["participants"], summary["qualified"], summary["sanctioned"]) == (2, 1, 1)
    html = str(report.summary_table(summary, "en"))
    assert "Participants (trainee-courses)" in html and "5 April 2025" in html
    table = str(report.results_table(unit, "S1", "2025-03", "en"))
    assert "too many absences" in table and "evalnb-warn" in table
    sentences = report.unit_narrative(summary, "en")
    assert any("no title promotion" in s for s in sentences)
    assert report.month_text("2025-03", "ru") == "март 2025\u202fг."


def test_unit_without_results(store):
    unit = report.load_unit(store, "S2")
    month = report.resolve_month(unit)          # no result of its own: the data's latest month
    assert month == "2025-04"
    summary = report.unit_summary(unit, "S2", month)
    assert summary["participants"] == 0
    assert report.results_table(unit, "S2", month, "zh") is None
    assert report.results_chart(unit, "S2", month, "zh") is None
    assert "本月本单位没有教师结业。" in report.unit_narrative(summary, "zh")


def test_teacher_record_helpers(store):
    reg, school = report.load_teacher(store, "T1")
    assert school["name"] == "Riverside <b>"
    assert reg.courses["course_id"].tolist() == ["C1", "C2"]
    assert reg.courses["credits_credited"].tolist() == [2.0, 1.0]   # C2: 8 online hours / 8
    assert "Riverside &lt;b&gt;" not in str(report.courses_table(reg, "en"))  # no school in it
    assert "Online credits" in str(report.standing_table(reg, "en"))
    assert report.teacher_narrative(reg, "en")[0].startswith("Online courses completed (2024-2025)")
    reg, _ = report.load_teacher(store, "K1")
    assert reg.courses.empty and report.courses_table(reg, "en") is None
    with pytest.raises(InputError, match="unknown teacher"):
        report.load_teacher(store, "Z9")
    assert report.first_teacher(store) == "K1"


def test_county_helpers(store):
    county = report.load_county(store)
    assert report.resolve_year(county) == "2024-2025"
    compliance = report.county_compliance(county, "2024-2025")
    assessed = report.year_assessed(county, "2024-2025")
    by, table = report.unit_compliance_table(county, compliance, store, "en", assessed)
    assert by.set_index("school_id").loc["S1", ["commended", "sanctioned"]].tolist() == [2, 1]
    assert "Riverside &lt;b&gt;" in str(table)          # escaped
    n, table = report.people_table(county, assessed, store, "en", "sanctioned")
    assert n == 1 and "Bob (Reading, 59.0)" in str(table)   # 49 + 15·6/9 + 0 (no discipline record)
    n, table = report.people_table(county, assessed, store, "en", "commended")
    assert n == 2 and "Ann ×2" in str(table)
    assert report.county_school(store)["school_id"] == "S1"
    with pytest.raises(InputError):
        report.load_county(store, "Atlantis")
    rules = str(report.rules_table({"pass_mark": 65}, "zh"))
    assert "本县规则文件" in rules and "合格分数线" in rules
