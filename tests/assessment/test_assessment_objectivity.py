"""objectivity: each external mark against the journal mark of the latest period ended by its date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalnb import InputError
from evalnb.assessment import compare_rows, journal_period, objectivity

from assessment_helpers import PERIODS, Q1, Q2, Q3, external_of, marks_of, students


def test_hand_computed_counts_and_shares():
    s = students(6)
    m = marks_of(s["student_id"], [5, 4, 3, 3, "na", "exempt"], period=Q2)
    # s0 lowered (4 < 5), s1 confirmed, s2 raised (4 > 3), s3 lowered (2 < 3),
    # s4 journal 'na' → unmatched, s5 exempt → unmatched
    e = external_of(s["student_id"], [4, 4, 4, 2, 3, 5], date="2020-02-13")
    r = objectivity(e, m, PERIODS, s).iloc[0]
    assert (r.n, r.lowered, r.confirmed, r.raised, r.n_unmatched) == (4, 2, 1, 1, 2)
    assert (r.lowered_share, r.confirmed_share, r.raised_share) == (0.5, 0.25, 0.25)
    assert (r.n_external, r.n_marked) == (6, 6)
    assert r.external_quality == pytest.approx(4 / 6)
    assert r.journal_quality == pytest.approx(2 / 4)
    assert r.journal_mean == pytest.approx(15 / 4)


@pytest.mark.parametrize("date,period", [
    ("2019-10-26", None),          # before the first period ended: nothing to compare with
    ("2019-10-27", Q1),            # the last day of Q1 matches Q1
    ("2019-10-28", Q1),
    ("2019-12-28", Q1),
    ("2019-12-29", Q2),            # the last day of Q2
    ("2020-04-21", Q3),            # ВПР in April: Q3 is the latest period ended
])
def test_the_journal_period_is_the_latest_ended_on_or_before_the_date(date, period):
    s = students(1)
    m = pd.concat([marks_of(s["student_id"], [v], period=p) for v, p in ((5, Q1), (4, Q2), (3, Q3))])
    e = external_of(s["student_id"], [4], date=date)
    rows = compare_rows(e, m, PERIODS, s)
    assert rows["journal_period"].iloc[0] == period
    expected = {None: "unmatched", Q1: "lowered", Q2: "confirmed", Q3: "raised"}[period]
    assert rows["result"].iloc[0] == expected
    r = objectivity(e, m, PERIODS, s, by=("period",)) if period else None
    if r is not None:
        assert r["period"].tolist() == [period]


def test_a_student_without_a_journal_mark_is_unmatched():
    s = students(3)
    m = marks_of(["s0", "s1"], [4, 4], period=Q1)   # s2 has no journal mark at all
    m2 = marks_of(["s0"], [4], period=Q1, subject="Физика")  # s1 has none in the subject
    e = external_of(["s0", "s1", "s2"], [4, 4, 4], date="2019-11-01", subject="История")
    e.loc[1, "subject"] = "Физика"
    r = objectivity(e, pd.concat([m, m2]), PERIODS, s, by=("subject",))
    hist, phys = r.set_index("subject").loc["История"], r.set_index("subject").loc["Физика"]
    assert (hist.n, hist.confirmed, hist.n_unmatched) == (1, 1, 1)
    assert (phys.n, phys.n_unmatched) == (0, 1)
    assert pd.isna(phys.lowered_share)


def test_no_row_in_the_latest_period_does_not_fall_back_to_an_earlier_one():
    s = students(1)
    m = marks_of(s["student_id"], [5], period=Q1)       # no Q2 mark
    e = external_of(s["student_id"], [3], date="2020-01-15")
    r = objectivity(e, m, PERIODS, s).iloc[0]
    assert (r.n, r.n_unmatched) == (0, 1)


def test_a_pass_fail_procedure_without_marks_counts_as_unmatched():
    s = students(2)
    m = marks_of(s["student_id"], [5, 4], period=Q1, subject="Русский язык")
    e = pd.DataFrame({"student_id": ["s0", "s1"], "subject": "Русский язык",
                      "procedure": "Итоговое сочинение", "date": "2019-12-04", "passed": [True, False]})
    r = objectivity(e, m, PERIODS, s).iloc[0]
    assert (r.n, r.n_unmatched, r.n_marked) == (0, 2, 0)


def test_periods_ending_the_same_day_take_the_one_that_started_last():
    periods = pd.DataFrame({"period": ["H1", "Q2"], "start": ["2019-09-02", "2019-11-05"],
                            "end": ["2019-12-29", "2019-12-29"]})
    e = pd.DataFrame({"date": pd.to_datetime(["2019-12-29", "2020-01-05", "2019-12-01"])})
    got = journal_period(e["date"], periods.assign(start=pd.to_datetime(periods.start),
                                                   end=pd.to_datetime(periods.end)))
    assert got.tolist() == [1, 1, -1]


def test_groups_by_school_and_class():
    s = pd.concat([students(2, school="A", class_label="5А"), students(2, school="B", class_label="5Б", prefix="t")])
    m = marks_of(s["student_id"], [5, 5, 3, 3], period=Q1)
    e = external_of(s["student_id"], [4, 5, 3, 4], date="2019-11-01")
    r = objectivity(e, m, PERIODS, s, by=("school_id", "class_label", "procedure"))
    assert r[["school_id", "lowered", "confirmed", "raised"]].values.tolist() == [["A", 1, 1, 0], ["B", 0, 1, 1]]


def test_bad_input():
    s = students(2)
    m = marks_of(s["student_id"], [5, 4], period=Q1)
    with pytest.raises(InputError) as e:
        objectivity(external_of(["s0", "ghost"], [4, 4], "2019-11-01"), m, PERIODS, s)
    assert (e.value.table, e.value.row, e.value.column, e.value.value) == ("external", 3, "student_id", "ghost")
    with pytest.raises(InputError) as e:
        objectivity(external_of(["s0"], [4], "2019-11-01"), marks_of(["s0"], [5], period="Q9"), PERIODS, s)
    assert (e.value.table, e.value.column, e.value.value) == ("marks", "period", "Q9")
    with pytest.raises(InputError) as e:
        objectivity(external_of(["s0"], [1], "2019-11-01"), m, PERIODS, s)
    assert (e.value.table, e.value.row, e.value.column) == ("external", 2, "mark")
    with pytest.raises(InputError) as e:
        objectivity(external_of(["s0"], [4], "01.11.2019"), m, PERIODS, s)
    assert (e.value.table, e.value.column) == ("external", "date")


def test_agrees_with_merge_asof_on_the_sample(sample_frames):
    f = sample_frames
    got = objectivity(f["external"], f["marks"], f["periods"], f["students"])
    # the same comparison, the slow way: merge_asof on period end, then a join on the journal
    p = f["periods"].sort_values("end")
    ext = f["external"].sort_values("date")
    ext = pd.merge_asof(ext, p[["period", "end"]], left_on="date", right_on="end", direction="backward")
    jm = f["marks"].assign(jm=f["marks"]["mark"].astype("float").where(f["marks"]["status"].isna()))
    j = ext.merge(jm[["student_id", "subject", "period", "jm"]], on=["student_id", "subject", "period"], how="left")
    j = j.merge(f["students"][["student_id", "school_id"]], on="student_id")
    em = j["mark"].astype("float")
    res = np.select([em < j["jm"], em == j["jm"], em > j["jm"]], ["lowered", "confirmed", "raised"], "unmatched")
    exp = j.assign(res=res).groupby(["school_id", "subject", "procedure", "res"]).size().unstack(fill_value=0)
    got = got.set_index(["school_id", "subject", "procedure"])
    for col, src in (("lowered", "lowered"), ("confirmed", "confirmed"), ("raised", "raised"),
                     ("n_unmatched", "unmatched")):
        assert (got[col] == exp[src].reindex(got.index, fill_value=0)).all(), col
    assert got["n_unmatched"].sum() > 0 and got["lowered"].sum() > 0
