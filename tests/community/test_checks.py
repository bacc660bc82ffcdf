"""check_groups: each flag at its boundary, hand-edited groupings, bad members."""

from __future__ import annotations

import pytest

from evalnb import InputError
from evalnb.community import check_groups

from .helpers import members, roster, student


def _flags(df, groups, rules=None):
    return check_groups(df, members(groups), rules).set_index("group_id")


def test_gender_exactly_at_the_tolerance_passes_and_beyond_fails():
    # U: 8 students, 4 girls -> share 1/2. Group a: 4 students, 3 girls: |3 - 2| = 1 (= tolerance)
    # group b: 4 students, 1 girl: |1 - 2| = 1. With a tolerance of 0.5 both fail.
    df = roster(*[student(f"s{i}", gender=g, grade=1 + i % 2) for i, g in enumerate("fffmfmmm")])
    groups = {"a": ["s0", "s1", "s2", "s3"], "b": ["s4", "s5", "s6", "s7"]}
    assert _flags(df, groups)["gender_ok"].tolist() == [True, True]
    assert _flags(df, groups, {"gender_tolerance": 0.5})["gender_ok"].tolist() == [False, False]
    # 0.999… is below 1: exact arithmetic, no float slack
    assert _flags(df, groups, {"gender_tolerance": 0.999})["gender_ok"].tolist() == [False, False]


def test_ability_exactly_at_the_tolerance_passes():
    # U mean (1+2+3+2 + 3+4+3+2)/8 = 2.5; group a mean 2 (gap 0.5), group b mean 3 (gap 0.5)
    ab = [1, 2, 3, 2, 3, 4, 3, 2]
    df = roster(*[student(f"s{i}", ability=a, gender="mf"[i % 2], grade=1 + i % 2) for i, a in enumerate(ab)])
    groups = {"a": ["s0", "s1", "s2", "s3"], "b": ["s4", "s5", "s6", "s7"]}
    assert _flags(df, groups)["ability_ok"].tolist() == [True, True]
    assert _flags(df, groups, {"ability_tolerance": 0.4})["ability_ok"].tolist() == [False, False]


def test_missing_abilities_are_left_out_and_a_group_without_any_passes():
    rows = [student(f"s{i}", ability=None if i < 4 else 5, grade=1 + i % 2) for i in range(8)]
    f = _flags(roster(*rows), {"a": ["s0", "s1", "s2", "s3"], "b": ["s4", "s5", "s6", "s7"]})
    assert f["ability_ok"].tolist() == [True, True]
    assert f["mean_ability"].isna().tolist() == [True, False]


def test_size_parents_grades_host_leader_flags():
    rows = [student(f"s{i}", grade=3, guardian="P" if i < 2 else f"G{i}", host=i == 4) for i in range(9)]
    f = _flags(roster(*rows), {"a": ["s0", "s1", "s2", "s3"], "b": ["s4", "s5", "s6", "s7", "s8"]})
    assert f["size_ok"].tolist() == [True, True]
    assert f["households"].tolist() == [3, 5]
    assert f["parents_ok"].tolist() == [False, True]       # siblings: 3 households < 4
    assert f["grades_ok"].tolist() == [True, True]          # the unit has one grade
    assert f["host_ok"].tolist() == [False, True]
    assert f["leader_ok"].tolist() == [True, True]


def test_mixed_grade_unit_needs_two_grades_a_group():
    rows = [student(f"s{i}", grade=1 if i < 4 else 2) for i in range(8)]
    f = _flags(roster(*rows), {"a": ["s0", "s1", "s2", "s3"], "b": ["s4", "s5", "s6", "s7"]})
    assert f["grades_ok"].tolist() == [False, False]
    f = _flags(roster(*rows), {"a": ["s0", "s1", "s4", "s5"], "b": ["s2", "s3", "s6", "s7"]})
    assert f["grades_ok"].tolist() == [True, True]


def test_hand_edit_across_villages_and_two_leaders():
    rows = [student(f"s{i}", village="V1" if i < 4 else "V2") for i in range(8)]
    mem = members({"a": ["s0", "s1", "s2", "s4"], "b": ["s3", "s5", "s6", "s7"]})
    mem.loc[mem["student_id"] == "s1", "role"] = "leader"
    f = check_groups(roster(*rows), mem).set_index("group_id")
    assert f["unit_ok"].tolist() == [False, False]
    assert f["leader_ok"].tolist() == [False, True]


def test_a_student_in_two_groups_is_an_input_error():
    df = roster(*[student(f"s{i}") for i in range(4)])
    mem = members({"a": ["s0", "s1"], "b": ["s1", "s2"]})
    with pytest.raises(InputError) as exc:
        check_groups(df, mem)
    assert exc.value.table == "community_members" and exc.value.row == 4
    assert "duplicate" in exc.value.rule


def test_unknown_member_is_an_input_error():
    df = roster(*[student(f"s{i}") for i in range(4)])
    with pytest.raises(InputError) as exc:
        check_groups(df, members({"a": ["s0", "zz"]}))
    p = exc.value.problems[0]
    assert (p.table, p.row, p.column, p.value) == ("community_members", 3, "student_id", "zz")
