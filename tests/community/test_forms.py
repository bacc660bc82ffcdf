"""The community forms on the sample county: the grouping editor re-checks and saves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from evalnb.community import check_groups
from evalnb.community.forms import ActivityForm, GroupingEditor, RosterForm
from evalnb.core.store import Store


@pytest.fixture()
def store(community_db, tmp_path):
    import sqlite3

    src = Path(community_db.removeprefix("sqlite:///"))
    dst = tmp_path / "copy.sqlite"
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)   # the backup API copies what is still in the WAL too
    finally:
        a.close()
        b.close()
    return Store(f"sqlite:///{dst}")


def test_editor_rechecks_a_hand_move_and_saves_it(store):
    ed = GroupingEditor(store, "CNC001", lang="zh", user="teacher1")
    assert not ed.proposed
    before = ed.grouping.groups.set_index("group_id")
    pupil = sorted(store.read("community_members", where={"group_id": "CNC001/墨埠村/1"})["student_id"])[-1]
    ed.move(pupil, "CNC001/墨埠村/2")                          # 6 → 5 and 8 → 9 pupils
    after = ed.grouping.groups.set_index("group_id")
    assert after.loc["CNC001/墨埠村/2", "size"] == before.loc["CNC001/墨埠村/2", "size"] + 1
    assert not after.loc["CNC001/墨埠村/2", "size_ok"]
    flags = check_groups(store.read("community_students", school_id="CNC001"), ed.members()) \
        .set_index("group_id")["size_ok"]
    assert flags.equals(after["size_ok"])
    assert "小组人数" in ed.result.value                         # the unmet size rule, in Chinese
    assert ed.save()
    saved = store.read("community_members", where={"student_id": pupil})
    assert saved["group_id"].tolist() == ["CNC001/墨埠村/2"]
    assert "teacher1" in set(store.audit("community_members")["changed_by"])


def test_editor_refuses_a_group_with_two_leaders(store):
    ed = GroupingEditor(store, "CNC001", lang="en")
    mem = ed.members()
    other = mem[(mem["group_id"] == "CNC001/东庄村/1") & (mem["role"] == "member")]["student_id"].iloc[0]
    ed.set_leader(other)
    assert not ed.grouping.groups.set_index("group_id").loc["CNC001/东庄村/1", "leader_ok"]
    assert not ed.save()
    assert "exactly one student leader" in ed.status.value


def test_editor_proposes_a_grouping_when_none_is_saved(store):
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM community_group_teachers")
        conn.exec_driver_sql("DELETE FROM community_activities")
        conn.exec_driver_sql("DELETE FROM community_members")
    ed = GroupingEditor(store, "CNC002", lang="ru")
    assert ed.proposed and len(ed.members()) > 0
    assert "Предложенное распределение" in ed.widget.children[0].value


def test_roster_form_checks_friends_and_saves(store):
    f = RosterForm(store, "CNC001", lang="en", user="u")
    fields = f.form.fields
    for name, value in (("student_id", "CNC001-999"), ("grade", "3"), ("name", "王小明"),
                        ("village", "墨埠村"), ("friends", "NOBODY")):
        fields[name].widget.value = value
    assert not f.form.submit()
    fields["friends"].widget.value = "CNC001-101"
    assert f.form.submit()
    row = store.read("community_students", where={"student_id": "CNC001-999"}).iloc[0]
    assert row["name"] == "王小明" and row["friends"] == "CNC001-101" and bool(row["volunteer"])


def test_activity_form_records_present_pupils_and_duty_parents(store):
    f = ActivityForm(store, "CNC001", lang="zh", user="leader")
    fields = f.form.fields
    fields["date"].widget.value = dt.date(2025, 3, 8)
    fields["title"].widget.value = "复习活动"
    f.present.children[0].value = False
    f.duty.children[0].value = True
    assert f.form.submit()
    acts = store.read("community_activities", where={"group_id": fields["group_id"].widget.value})
    new = acts[acts["date"] == pd.Timestamp("2025-03-08")].iloc[0]
    assert len(new["present"].split(";")) == len(f.present.children) - 1
    assert new["duty_parents"] == f.duty.children[0].description
