"""mark_stats, rollup, dynamics: DATA.md's formulas, hand-computed at their edges."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.assessment import dynamics, mark_stats, rollup

from assessment_helpers import PERIODS, Q1, Q2, marks_of, students

NAN = float("nan")


def one(values, rules=None, **kw):
    s = students(len(values))
    return mark_stats(marks_of(s["student_id"], values), s, rules=rules, **kw).iloc[0]


# values → n, n5, n4, n3, n2, n1, n_na, pass_rate, quality, mean_mark, sou, n_exempt
CASES = {
    "one of each": ([5, 4, 3, 2, 1, "na", "exempt"],
                    (6, 1, 1, 1, 1, 1, 1, 3 / 6, 2 / 6, 15 / 5, (100 + 64 + 36 + 16 + 7 + 7) / 6, 1)),
    "all fives": ([5, 5], (2, 2, 0, 0, 0, 0, 0, 1.0, 1.0, 5.0, 100.0, 0)),
    "all threes": ([3, 3, 3], (3, 0, 0, 3, 0, 0, 0, 1.0, 0.0, 3.0, 36.0, 0)),
    "na only: no mean": (["na"], (1, 0, 0, 0, 0, 0, 1, 0.0, 0.0, NAN, 7.0, 0)),
    "exempt only: N = 0": (["exempt", "exempt"], (0, 0, 0, 0, 0, 0, 0, NAN, NAN, NAN, NAN, 2)),
    "na counts in N": ([5, "na"], (2, 1, 0, 0, 0, 0, 1, 0.5, 0.5, 5.0, 53.5, 0)),
    "a 2 fails": ([4, 2], (2, 0, 1, 0, 1, 0, 0, 0.5, 0.5, 3.0, 40.0, 0)),
}


@pytest.mark.parametrize("values,expected", CASES.values(), ids=CASES.keys())
def test_formulas(values, expected):
    r = one(values)
    cols = ["n", "n5", "n4", "n3", "n2", "n1", "n_na", "pass_rate", "quality", "mean_mark", "sou", "n_exempt"]
    for col, want in zip(cols, expected):
        got = r[col]
        if isinstance(want, float) and math.isnan(want):
            assert pd.isna(got), col
        else:
            assert got == pytest.approx(want), col


def test_status_wins_over_a_mark_given_with_it():
    s = students(3)
    m = marks_of(s["student_id"], [5, 5, 4])
    m["status"] = ["exempt", "na", None]
    r = mark_stats(m, s).iloc[0]
    assert (r.n, r.n5, r.n4, r.n_na, r.n_exempt) == (2, 0, 1, 1, 1)


def test_a_row_with_neither_mark_nor_status_is_an_input_error():
    s = students(2)
    m = marks_of(s["student_id"], [5, "na"])
    m.loc[1, "status"] = None  # second data row = row 3 of the file
    with pytest.raises(InputError) as e:
        mark_stats(m, s)
    assert (e.value.table, e.value.row, e.value.column) == ("marks", 3, "mark, status")
    assert "a mark or a status" in e.value.rule


def test_a_row_with_neither_is_left_out_of_a_frame_already_validated():
    # a frame as the store returns it (validated) whose database holds such a row
    from evalnb.core.validate import ensure

    s = students(3)
    m = ensure(marks_of(s["student_id"], [5, 4, 3]), "marks").copy()
    m.attrs["evalnb_table"] = "marks"
    m.loc[2, "mark"] = pd.NA
    r = mark_stats(m, s).iloc[0]
    assert (r.n, r.n5, r.n4, r.n3) == (2, 1, 1, 0)
    assert r.quality == 1.0


@pytest.mark.parametrize("rules,n,pass_rate,sou", [
    (None, 3, 1 / 3, (100 + 7 + 7) / 3),
    ({"count_na": False}, 1, 1.0, 100.0),
    ({"sou_weight_na": 0}, 3, 1 / 3, (100 + 0 + 0) / 3),
    ({"sou_weights": [100, 64, 36, 16, 0], "sou_weight_na": 0}, 3, 1 / 3, 100 / 3),
])
def test_conventions_are_rules(rules, n, pass_rate, sou):
    r = one([5, "na", "na"], rules=rules)
    assert r.n == n and r.n_na == 2
    assert r.pass_rate == pytest.approx(pass_rate)
    assert r.sou == pytest.approx(sou)


def test_counting_by_students_takes_each_students_worst_result():
    s = students(3)
    m = pd.concat([
        marks_of(s["student_id"], [5, 5, 4], subject="История"),
        marks_of(s["student_id"], [5, 2, "na"], subject="Математика"),
        marks_of(s["student_id"], [5, 4, 4], subject="Физика"),
    ], ignore_index=True)
    by_marks = mark_stats(m, s, by=("school_id", "period")).iloc[0]
    assert by_marks.n == 9 and by_marks.n5 == 4
    by_students = mark_stats(m, s, by=("school_id", "period"), rules={"count_by": "students"}).iloc[0]
    # s0: all 5 → n5; s1: worst 2 → n2; s2: worst na → n_na
    assert (by_students.n, by_students.n5, by_students.n4, by_students.n2, by_students.n_na) == (3, 1, 0, 1, 1)
    assert by_students.pass_rate == pytest.approx(1 / 3)
    assert by_students.quality == pytest.approx(1 / 3)
    # the mean mark stays over every numeric mark
    assert by_students.mean_mark == pytest.approx((5 + 5 + 4 + 5 + 2 + 5 + 4 + 4) / 8)
    # with one row per student and group, the two conventions agree
    a = mark_stats(m, s)
    b = mark_stats(m, s, rules={"count_by": "students"})
    pd.testing.assert_frame_equal(a.drop(columns="n_exempt"), b.drop(columns="n_exempt"), check_dtype=False)


def test_grouping_by_student_columns_and_none():
    s = pd.concat([students(2, class_label="5А"), students(2, class_label="5Б", prefix="t")],
                  ignore_index=True)
    m = marks_of(s["student_id"], [5, 3, 4, 2])
    by_class = mark_stats(m, s, by=("class_label",))
    assert by_class["class_label"].tolist() == ["5А", "5Б"]
    assert by_class["quality"].tolist() == [0.5, 0.5]
    assert by_class["pass_rate"].tolist() == [1.0, 0.5]
    total = mark_stats(m, s, by=())
    assert len(total) == 1 and total["n"].iloc[0] == 4


@pytest.mark.parametrize("column,value,rule_part", [
    ("mark", 7, "from 1 to 5"),
    ("mark", 0, "from 1 to 5"),
    ("status", "absent", "one of na | exempt"),
])
def test_bad_values_name_table_row_column(column, value, rule_part):
    s = students(3)
    m = marks_of(s["student_id"], [5, 4, 3])
    m[column] = m[column].astype(object)
    m.loc[1, column] = value
    with pytest.raises(InputError) as e:
        mark_stats(m, s)
    p = [p for p in e.value.problems if p.column == column][0]
    assert (p.table, p.row, p.value) == ("marks", 3, value)
    assert rule_part in (p.rule + " " + (p.hint or ""))


def test_unknown_student_is_an_input_error():
    s = students(2)
    m = marks_of(["s0", "s1", "ghost"], [5, 4, 3])
    with pytest.raises(InputError) as e:
        mark_stats(m, s)
    assert (e.value.table, e.value.row, e.value.column, e.value.value) == ("marks", 4, "student_id", "ghost")
    assert "students.student_id" in e.value.rule


def test_duplicate_mark_is_an_input_error():
    s = students(2)
    m = marks_of(["s0", "s1", "s0"], [5, 4, 3])
    with pytest.raises(InputError) as e:
        mark_stats(m, s)
    assert (e.value.table, e.value.row) == ("marks", 4)
    assert e.value.column == "student_id, subject, period"
    assert "duplicate" in e.value.rule


def test_unknown_group_column_is_an_input_error():
    s = students(1)
    with pytest.raises(InputError, match="cannot group"):
        mark_stats(marks_of(s["student_id"], [5]), s, by=("teacher",))


def test_plain_csv_strings_are_accepted():
    s = students(2).astype(str)
    m = pd.DataFrame({"student_id": ["s0", "s1"], "subject": "История", "period": Q1,
                      "mark": ["5", ""], "status": ["", "na"]})
    r = mark_stats(m, s).iloc[0]
    assert (r.n, r.n5, r.n_na) == (2, 1, 1)


def test_the_same_counts_as_a_plain_groupby_on_the_sample(sample_frames):
    m, s = sample_frames["marks"], sample_frames["students"]
    stats = mark_stats(m, s)
    j = m.merge(s[["student_id", "school_id"]], on="student_id")
    keys = ["school_id", "subject", "period"]
    counts = j.groupby(keys)["mark"].value_counts().unstack(fill_value=0)
    na = j[j["status"] == "na"].groupby(keys).size()
    exp = stats.set_index(keys)
    for mark in range(1, 6):
        assert (exp[f"n{mark}"] == counts[mark].reindex(exp.index, fill_value=0)).all()
    assert (exp["n_na"] == na.reindex(exp.index, fill_value=0)).all()
    assert (exp["n"] == exp[["n5", "n4", "n3", "n2", "n1", "n_na"]].sum(axis=1)).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 4, 5, "na", "exempt"]), min_size=1, max_size=30))
def test_invariants(values):
    r = one(values)
    counted = [v for v in values if v != "exempt"]
    assert r.n == len(counted)
    if r.n:
        assert 0 <= r.quality <= r.pass_rate <= 1
        assert 7 - 1e-9 <= r.sou <= 100 + 1e-9
    numeric = [v for v in values if isinstance(v, int)]
    if numeric:
        assert r.mean_mark == pytest.approx(np.mean(numeric))


# --- rollup and dynamics ---------------------------------------------------------

def stats_frame(rows):
    """rows: (school, subject, period, n5, n4, n3, n2)."""
    f = pd.DataFrame(rows, columns=["school_id", "subject", "period", "n5", "n4", "n3", "n2"])
    return f.assign(n1=0, n_na=0, n_exempt=0)


def test_rollup_adds_counts_and_recomputes():
    st_ = stats_frame([("A", "История", Q1, 1, 1, 0, 0), ("B", "История", Q1, 0, 0, 2, 2)])
    r = rollup(st_).iloc[0]
    assert (r.n, r.quality, r.pass_rate) == (6, pytest.approx(2 / 6), pytest.approx(4 / 6))


def test_rollup_of_student_counts_across_subjects_is_refused():
    s = students(2)
    m = pd.concat([marks_of(s["student_id"], [5, 4], subject=x) for x in ("История", "Физика")])
    st_ = mark_stats(m, s, rules={"count_by": "students"})
    with pytest.raises(InputError, match="across subjects"):
        rollup(st_, by=("school_id", "period"))
    assert len(rollup(st_, by=("subject", "period"))) == 2  # across schools is fine


def test_dynamics_change_from_the_previous_period_and_municipality():
    st_ = stats_frame([
        ("A", "История", Q1, 5, 5, 0, 0), ("A", "История", Q2, 2, 3, 5, 0),
        ("B", "История", Q1, 0, 5, 5, 0), ("B", "История", Q2, 0, 5, 5, 0),
        ("B", "Физика", Q2, 1, 1, 0, 0),
    ])
    d = dynamics(st_, PERIODS)
    a2 = d[(d.level == "school") & (d.school_id == "A") & (d.period == Q2)].iloc[0]
    assert a2.prev_period == Q1
    assert a2.d_quality == pytest.approx(0.5 - 1.0)
    assert a2.d_mean_mark == pytest.approx((10 + 12 + 15) / 10 - 4.5)
    assert a2.d_sou == pytest.approx((200 + 192 + 180) / 10 - 82.0)
    first = d[(d.school_id == "A") & (d.period == Q1)].iloc[0]
    assert pd.isna(first.prev_period) and pd.isna(first.d_quality)
    # no Физика in Q1: no change to report, not a change from zero
    assert pd.isna(d[(d.school_id == "B") & (d.subject == "Физика")].iloc[0].d_quality)
    muni = d[(d.level == "municipality") & (d.subject == "История") & (d.period == Q2)].iloc[0]
    assert pd.isna(muni.school_id)
    assert muni.quality == pytest.approx((5 + 5) / 20)
    assert muni.d_quality == pytest.approx(10 / 20 - 15 / 20)


def test_dynamics_orders_periods_by_the_periods_table_not_by_label():
    periods = pd.DataFrame({"period": ["autumn", "winter", "spring"],
                            "start": ["2019-09-01", "2019-12-01", "2020-03-01"],
                            "end": ["2019-11-30", "2020-02-28", "2020-05-31"]})
    st_ = stats_frame([("A", "История", p, q, 0, 10 - q, 0) for p, q in
                       (("autumn", 2), ("winter", 4), ("spring", 8))])
    d = dynamics(st_, periods, with_municipality=False)
    assert d["period"].tolist() == ["autumn", "winter", "spring"]
    assert d["prev_period"].tolist()[1:] == ["autumn", "winter"]
    assert d["d_quality"].tolist()[1:] == pytest.approx([0.2, 0.4])
    with pytest.raises(InputError, match="not in the periods table"):
        dynamics(st_.assign(period="summer"), periods)


def test_dynamics_per_municipality_when_schools_are_given():
    from assessment_helpers import schools_of

    st_ = stats_frame([("A", "История", Q1, 5, 5, 0, 0), ("A", "История", Q2, 0, 5, 5, 0),
                       ("B", "История", Q1, 0, 0, 10, 0), ("B", "История", Q2, 0, 0, 10, 0)])
    schools = pd.concat([schools_of(["A"], municipality="North"), schools_of(["B"], municipality="South")])
    d = dynamics(st_, PERIODS, schools=schools)
    muni = d[(d.level == "municipality") & (d.period == Q2)].set_index("municipality")
    assert muni.loc["North", "d_quality"] == pytest.approx(-0.5)
    assert muni.loc["South", "d_quality"] == pytest.approx(0.0)
