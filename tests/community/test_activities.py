"""activity_summary and growth_compliance: hand-computed terms."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.community import activity_summary, growth_compliance

from .helpers import members

MEM = members({"g1": ["a", "b", "c", "d"], "g2": ["e", "f", "g", "h"]})


def act(aid, group, date, kind="intellectual", present="", duty="P", by="a", subtype=None, hours=2.0):
    return {"activity_id": aid, "group_id": group, "date": date, "kind": kind, "subtype": subtype,
            "title": "t", "hours": hours, "present": present, "duty_parents": duty, "recorded_by": by}


def test_term_measures_by_group_and_student():
    rows = pd.DataFrame([
        act("1", "g1", "2024-09-07", present="a;b;c;d"),                       # week 36
        act("2", "g1", "2024-09-08", "moral", present="a;b", duty=""),          # week 36, no parent
        act("3", "g1", "2024-09-14", "practice", present="a;e", by="", subtype="安全教育"),  # week 37
        act("4", "g1", "2024-10-05", present="a"),                               # outside the period
    ])
    s = activity_summary(rows, MEM, "2024-09-02", "2024-09-29")
    g1 = s.by_group.set_index("group_id").loc["g1"]
    assert g1["activities"] == 3 and g1["hours"] == 6.0
    assert g1["kinds"] == "intellectual;moral;practice" and g1["kinds_covered"] == 3
    assert g1["weeks"] == 4 and g1["weeks_active"] == 2 and g1["regularity"] == 0.5
    assert g1["with_parent"] == 2 and g1["parent_share"] == pytest.approx(2 / 3)
    assert g1["attendance_rate"] == pytest.approx((4 + 2 + 1) / (3 * 4))
    assert g1["safety"] == 1
    g2 = s.by_group.set_index("group_id").loc["g2"]
    assert g2["activities"] == 0 and pd.isna(g2["attendance_rate"]) and pd.isna(g2["parent_share"])
    st = s.by_student.set_index("student_id")
    assert st.loc["a", ["attended", "possible"]].tolist() == [3, 3]
    assert st.loc["d", "rate"] == pytest.approx(1 / 3)
    assert pd.isna(st.loc["e", "rate"])                     # e's group had no activity
    assert s.violations[["activity_id", "rule", "student_id"]].values.tolist() == [
        ["2", "no_parent", ""], ["3", "no_record", ""], ["3", "not_member", "e"]]


def test_rules_change_the_parents_needed():
    rows = pd.DataFrame([act("1", "g1", "2024-09-07", duty="P;Q")])
    s = activity_summary(rows, MEM, "2024-09-02", "2024-09-08", {"min_parents_present": 3})
    assert s.violations["rule"].tolist() == ["no_parent"]


def test_unknown_group_and_bad_kind():
    with pytest.raises(InputError) as exc:
        activity_summary(pd.DataFrame([act("1", "zz", "2024-09-07")]), MEM, "2024-09-01", "2024-09-30")
    assert (exc.value.row, exc.value.column, exc.value.value) == (2, "group_id", "zz")
    with pytest.raises(InputError) as exc:
        activity_summary(pd.DataFrame([act("1", "g1", "2024-09-07", kind="sport")]), MEM,
                         "2024-09-01", "2024-09-30")
    assert exc.value.column == "kind"
    with pytest.raises(InputError) as exc:
        activity_summary(pd.DataFrame([act("1", "g1", "2024-09-07")]), MEM, "autumn", "2024-09-30")
    assert exc.value.column == "start"


def test_chinese_kind_names_are_read():
    s = activity_summary(pd.DataFrame([act("1", "g1", "2024-09-07", kind="综合实践型")]), MEM,
                         "2024-09-01", "2024-09-30")
    assert s.by_group.set_index("group_id").loc["g1", "kinds"] == "practice"


GM = pd.DataFrame({"teacher_id": ["t1", "t2"], "school_id": "S", "name": ["A", "B"]})


def _weekly(teacher, weeks, kinds=("annotation", "exam_paper", "lesson_prep", "forum")):
    days = pd.date_range("2024-09-02", periods=weeks, freq="7D")
    return [{"teacher_id": teacher, "date": d.date().isoformat(), "kind": k, "title": f"{k} {d.date()}"}
            for d in days for k in kinds]


def test_growth_every_week_and_a_book_meets_one_week_missing_does_not():
    log = pd.DataFrame(_weekly("t1", 3) + [{"teacher_id": "t1", "date": "2024-09-03", "kind": "book",
                                            "title": "b"}]
                       + _weekly("t2", 2) + [{"teacher_id": "t2", "date": "2024-09-03", "kind": "book",
                                              "title": "b"}])
    g = growth_compliance(GM, log, "2024-09-02", "2024-09-22").set_index("teacher_id")
    assert g.loc["t1", ["books", "weeks", "annotation_weeks"]].tolist() == [1, 3, 3]
    assert g["meets"].tolist() == [True, False]
    assert g.loc["t2", "forum_share"] == pytest.approx(2 / 3)
    g = growth_compliance(GM, log, "2024-09-02", "2024-09-22", {"weekly_min_share": 0.6})
    assert g["meets"].tolist() == [True, True]


def test_growth_log_of_an_unknown_teacher():
    log = pd.DataFrame([{"teacher_id": "zz", "date": "2024-09-03", "kind": "book"}])
    with pytest.raises(InputError) as exc:
        growth_compliance(GM, log, "2024-09-02", "2024-09-22")
    assert (exc.value.table, exc.value.row, exc.value.value) == ("growth_log", 2, "zz")
