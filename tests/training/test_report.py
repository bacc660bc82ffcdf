"""Report helpers of the training notebooks, on a small hand-made database; and the doctests."""

from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.store import Store
from evalnb.core.report import ReportContext
from evalnb.training import TrainingRules
from evalnb.training.report import county_overview as co, month_text, rules_table
from evalnb.training.report import teacher_record as tr, unit_monthly_report as um

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


def ctx_of(store, lang="en", rules=None, school_id=None):
    return ReportContext.open("training", store, lang=lang, rules_path=rules, school_id=school_id)


def test_unit_month_and_tables(store):
    unit = um.load_unit(store, "S1", TrainingRules())
    assert um.resolve_month(unit) == "2025-04"
    assert um.resolve_month(unit, "2025-03") == "2025-03"
    ctx = ctx_of(store, school_id="S1")
    rep = um.load(ctx, "2025-03")
    s = rep.summary
    assert (s["participants"], s["qualified"], s["sanctioned"]) == (2, 1, 1)
    html = str(um.summary_table(ctx, rep))
    assert "Participants (trainee-courses)" in html and "5 April 2025" in html
    table = str(um.results_table(ctx, rep))
    assert "too many absences" in table and "evalnb-warn" in table
    sentences = um.narrative(ctx, rep)
    assert any("no title promotion" in s for s in sentences)
    assert month_text("2025-03", "ru") == "март 2025\u202fг."


def test_unit_report_speaks_the_units_language_unless_asked(store):
    assert ctx_of(store, lang=None, school_id="S2").lang == "ru"
    assert ctx_of(store, lang="zh", school_id="S2").lang == "zh"


def test_unit_without_results(store):
    ctx = ctx_of(store, lang="zh", school_id="S2")
    rep = um.load(ctx)          # no result of its own: the data's latest month
    assert rep.month == "2025-04"
    assert rep.summary["participants"] == 0
    assert um.results_table(ctx, rep) is None
    assert um.results_chart(ctx, rep) is None
    assert "本月本单位没有教师结业。" in um.narrative(ctx, rep)


def test_teacher_record_helpers(store):
    ctx = ctx_of(store, lang=None)
    reg = tr.load(ctx, "T1")
    assert ctx.school["name"] == "Riverside <b>" and ctx.lang == "en"
    assert reg.courses["course_id"].tolist() == ["C1", "C2"]
    assert reg.courses["credits_credited"].tolist() == [2.0, 1.0]   # C2: 8 online hours / 8
    assert "Riverside &lt;b&gt;" not in str(tr.courses_table(ctx, reg))  # no school in it
    assert "Online credits" in str(tr.standing_table(ctx, reg))
    assert tr.narrative(ctx, reg)[0].startswith("Online courses completed (2024-2025)")
    ctx = ctx_of(store, lang=None)
    reg = tr.load(ctx, "K1")
    assert ctx.lang == "ru"                 # the language of the teacher's school
    assert reg.courses.empty and tr.courses_table(ctx, reg) is None
    with pytest.raises(InputError, match="unknown teacher"):
        tr.load(ctx_of(store), "Z9")
    assert tr.first_teacher(store) == "K1"
    assert tr.load(ctx_of(store)).teacher["teacher_id"] == "K1"


def test_county_helpers(store):
    ctx = ctx_of(store, lang=None)
    county = co.load(ctx)
    assert county.year == "2024-2025" and ctx.lang == "en"
    by = co.by_unit(ctx, county)
    assert by.set_index("school_id").loc["S1", ["commended", "sanctioned"]].tolist() == [2, 1]
    assert "Riverside &lt;b&gt;" in str(co.unit_compliance_table(ctx, by))          # escaped
    n, table = co.people_table(ctx, county, "sanctioned")
    assert n == 1 and "Bob (Reading, 59.0)" in str(table)   # 49 + 15·6/9 + 0 (no discipline record)
    n, table = co.people_table(ctx, county, "commended")
    assert n == 2 and "Ann ×2" in str(table)
    assert co.county_school(store)["school_id"] == "S1"
    with pytest.raises(InputError):
        co.load(ctx, "Atlantis")
    rules = str(rules_table(ctx_of(store, lang="zh", rules={"pass_mark": 65})))
    assert "本县规则文件" in rules and "合格分数线" in rules
    assert "DATA.md" not in str(rules_table(ctx_of(store)))
