"""assign_teachers on both sides of the feasibility condition T ≤ G ≤ 3T."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.community import assign_teachers, teachers_feasible


def groups(n, school="S1", villages=None):
    villages = villages or ["V"] * n
    return pd.DataFrame({"group_id": [f"{school}/g{i:02d}" for i in range(n)], "school_id": school,
                         "village": villages, "student_leader": "x"})


def teachers(n, school="S1", villages=None):
    villages = villages or ["V"] * n
    return pd.DataFrame({"teacher_id": [f"{school}-t{i:02d}" for i in range(n)], "school_id": school,
                         "name": "T", "village": villages})


@pytest.mark.parametrize("g, t, ok", [
    (2, 1, True), (3, 1, True), (4, 1, False),   # one teacher: 2–3 groups
    (6, 2, True), (7, 2, False),                 # G = 3T and G = 3T + 1
    (4, 4, True), (3, 4, False),                 # G = T and G = T − 1
    (1, 1, False), (0, 2, False),
])
def test_feasibility_condition_and_result_agree(g, t, ok):
    assert teachers_feasible(g, t) is ok
    res = assign_teachers(groups(g), teachers(t))
    assert res.unmet.empty is ok
    load = res.assignments.groupby("group_id").size().reindex(groups(g)["group_id"], fill_value=0)
    assert (load <= 2).all()
    assert (res.load["groups"] <= 3).all()


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 12), st.integers(1, 6))
def test_every_rule_met_iff_the_condition_holds(g, t):
    res = assign_teachers(groups(g), teachers(t))
    feasible = teachers_feasible(g, t)
    assert res.unmet.empty is feasible
    gl = res.assignments.groupby("group_id").size().reindex(groups(g)["group_id"], fill_value=0)
    no_teacher = set(res.unmet.loc[res.unmet["rule"] == "no_teacher", "id"])
    assert no_teacher == set(gl[gl < 1].index)
    under = set(res.unmet.loc[res.unmet["rule"] == "underloaded", "id"])
    assert under == set(res.load.loc[res.load["groups"] < 2, "teacher_id"])


def test_condition_with_other_rules_and_without_all_teachers():
    # 1 group, 2 teachers; every teacher 1 group at least: 2 pairs ≤ 1 · 2 → feasible
    r = {"min_groups_per_teacher": 1}
    assert teachers_feasible(1, 2, r) and assign_teachers(groups(1), teachers(2), r).unmet.empty
    # 3 groups, 4 teachers: not every teacher 2 groups, but without all_teachers 2 teachers suffice
    r = {"all_teachers": False}
    assert teachers_feasible(3, 4, r)
    res = assign_teachers(groups(3), teachers(4), r)
    assert res.unmet.empty and (res.load["groups"].isin([0, 2, 3])).all()


def test_nearest_teacher_first_when_rules_allow():
    g = groups(4, villages=["A", "A", "B", "B"])
    t = teachers(2, villages=["B", "A"])
    res = assign_teachers(g, t, {"max_teachers_per_group": 1})
    got = dict(zip(res.assignments["group_id"], res.assignments["teacher_id"]))
    assert got == {"S1/g00": "S1-t01", "S1/g01": "S1-t01", "S1/g02": "S1-t00", "S1/g03": "S1-t00"}


def test_coordinates_break_ties_within_a_village():
    g = groups(2).assign(x=[0.0, 100.0], y=[0.0, 0.0])
    t = pd.DataFrame({"teacher_id": ["a", "b"], "school_id": "S1", "name": "T", "village": "V",
                      "x": [90.0, 10.0], "y": [0.0, 0.0]})
    res = assign_teachers(g, t, {"max_teachers_per_group": 1, "min_groups_per_teacher": 1})
    assert dict(zip(res.assignments["group_id"], res.assignments["teacher_id"])) == {
        "S1/g00": "b", "S1/g01": "a"}


def test_teachers_only_from_the_groups_school():
    g = pd.concat([groups(2, "S1"), groups(2, "S2")])
    t = pd.concat([teachers(1, "S1"), teachers(1, "S2")])
    res = assign_teachers(g, t)
    assert (res.assignments["group_id"].str[:2] == res.assignments["teacher_id"].str[:2]).all()
    assert res.unmet.empty


def test_bad_teacher_row():
    t = teachers(1)
    t.loc[0, "name"] = None
    with pytest.raises(InputError) as exc:
        assign_teachers(groups(2), t)
    assert (exc.value.table, exc.value.row, exc.value.column) == ("community_teachers", 2, "name")
