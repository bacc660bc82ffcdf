"""Executors, indicator kinds and each task's state at a date."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.support import STATES, executor_codes, indicator_kind, indicator_target, roadmap_status

T = pd.Timestamp


def roadmap(periods, indicators=None, executors=None):
    n = len(periods)
    return pd.DataFrame({
        "task_no": range(1, n + 1), "task": [f"task {i}" for i in range(1, n + 1)],
        "period_text": periods, "executors": executors or ["КГИРО МОУО"] * n,
        "indicator": indicators or ["Приказ"] * n})


@pytest.mark.parametrize("text,codes", [
    ("министерство образования и науки Калужской области (далее – МОН КО)", ["МОН КО"]),
    ("Министерство образования и науки Калужской области", ["МОН КО"]),
    ("МОН КО КГИРО МОУО ОО кураторы", ["МОН КО", "КГИРО", "МОУО", "ОО", "кураторы"]),
    ("кураторы ОО КГИРО", ["КГИРО", "ОО", "кураторы"]),           # rules order, not text order
    ("<p>КГИРО МОУО</p> ОО кураторы", ["КГИРО", "МОУО", "ОО", "кураторы"]),
    ("КГИРО ММС ОО", ["КГИРО", "ММС", "ОО"]),
    ("КГИРО Калужское региональное отделение", ["КГИРО"]),
    ("МОУОО", []),                                               # whole words only
    ("куратор", []),
    ("", []),
    (None, []),
])
def test_executor_codes(text, codes):
    assert executor_codes(text) == codes


def test_executor_codes_follow_the_rules():
    rules = {"executors": ["ДО", "ИРО"], "executor_aliases": {"департамент образования": "ДО"}}
    assert executor_codes("ИРО, Департамент  образования", rules) == ["ДО", "ИРО"]
    assert executor_codes("МОН КО", rules) == []


@pytest.mark.parametrize("text,kind,target", [
    ("Доля ОО, прошедших анкетирование, от общего числа отобранных", "share", None),
    ("Получение доли респондентов из числа региональных участников проекта", "share", None),
    ("100% участие региональных координаторов", "share", 1.0),
    ("100 % школ разместили концептуальные документы", "share", 1.0),
    ("Количество педагогов ШНОР, принявших участие в семинарах", "count", None),
    ("Сборник методических материалов", "deliverable", None),
    ("Выявлены и обобщены лучшие практики", "deliverable", None),
    ("Бездоля", "deliverable", None),       # the word, not a part of one
])
def test_indicator_kind_and_target(text, kind, target):
    assert indicator_kind(text) == kind
    got = indicator_target(text)
    assert (pd.isna(got) and target is None) or got == target


def test_states_at_the_first_and_last_day_of_a_range():
    rm = roadmap(["01.04.2022- 30.04.2022"])
    at = lambda day: roadmap_status(rm, day).iloc[0]
    first = at("2022-04-01")
    assert first["state"] == "in_window" and first["current_range"] == 1   # 29 days to go
    assert at("2022-03-31")["state"] == "upcoming"
    assert pd.isna(at("2022-03-31")["current_range"])
    assert at("2022-04-15")["state"] == "in_window"                          # 15 days to go
    assert at("2022-04-16")["state"] == "due_soon"                           # exactly 14 days
    last = at("2022-04-30")
    assert last["state"] == "due_soon" and last["current_range"] == 1 and pd.isna(last["days_overdue"])
    after = at("2022-05-01")
    assert after["state"] == "overdue" and after["days_overdue"] == 1 and pd.isna(after["current_range"])


def test_a_short_range_is_due_soon_from_its_first_day_and_due_soon_days_is_a_rule():
    rm = roadmap(["07.02.2022"])
    assert roadmap_status(rm, "2022-02-07").iloc[0]["state"] == "due_soon"
    rm = roadmap(["01.04.2022- 30.04.2022"])
    assert roadmap_status(rm, "2022-04-16", rules={"due_soon_days": 13}).iloc[0]["state"] == "in_window"
    assert roadmap_status(rm, "2022-04-17", rules={"due_soon_days": 13}).iloc[0]["state"] == "due_soon"


def test_ranges_current_and_next_start_of_a_task_with_two_windows():
    rm = roadmap(["Февраль-июнь, сентябрь-декабрь 2022"])
    july = roadmap_status(rm, "2022-07-15").iloc[0]
    assert july["ranges"] == 2 and pd.isna(july["current_range"])
    assert july["next_start"] == T("2022-09-01") and july["state"] == "in_window"
    october = roadmap_status(rm, "2022-10-01").iloc[0]
    assert october["current_range"] == 2 and pd.isna(october["next_start"])
    assert (october["start"], october["due"]) == (T("2022-02-01"), T("2022-12-31"))


def test_progress_dated_on_or_before_as_of_decides_the_status():
    rm = roadmap(["01.02.2022- 11.02.2022", "26.11.2021", "Постоянно", "Март 2022"],
                 indicators=["Доля педагогов школ", "Приказ", "Количество", "100% участие"])
    progress = pd.DataFrame({
        "task_no": [1, 1, 2, 4, 4], "date": ["2022-02-05", "2022-02-20", "2021-12-01", "2022-03-10",
                                             "2022-03-10"],
        "status": ["in_progress", "done", "cancelled", "in_progress", "in_progress"],
        "indicator_no": [1, 1, 1, 1, 2],
        "numerator": [30, 80, None, 9, 1], "denominator": [100, 100, None, 10, 1],
        "value": [None, None, None, None, None]})
    before = roadmap_status(rm, "2022-02-15", progress).set_index("task_no")
    assert before.loc[1, "status"] == "in_progress" and before.loc[1, "state"] == "overdue"
    assert before.loc[1, "share"] == pytest.approx(0.3) and before.loc[1, "days_overdue"] == 4
    assert before.loc[2, "state"] == "cancelled"
    assert before.loc[3, "state"] == "undated" and before.loc[3, "status"] == "not_started"
    assert before.loc[4, "state"] == "upcoming"
    after = roadmap_status(rm, "2022-03-20", progress).set_index("task_no")
    assert after.loc[1, "state"] == "done" and pd.isna(after.loc[1, "days_overdue"])
    assert after.loc[1, "share"] == pytest.approx(0.8)
    # indicator 1 gives the numbers; 9 of 10 misses the 100% target
    assert after.loc[4, "share"] == pytest.approx(0.9) and after.loc[4, "target"] == 1.0
    assert not after.loc[4, "met"] and not pd.isna(after.loc[4, "met"])
    assert pd.isna(after.loc[1, "target"]) and pd.isna(after.loc[1, "met"])


def test_executors_are_listed_as_codes():
    rm = roadmap(["Март 2022"], executors=["министерство образования и науки Калужской области"])
    assert roadmap_status(rm, "2022-03-01").iloc[0]["executors"] == "МОН КО"


def test_bad_inputs():
    rm = roadmap(["Март 2022"])
    with pytest.raises(InputError, match="as_of must be a date"):
        roadmap_status(rm, "tomorrow")
    bad = pd.DataFrame({"task_no": [1], "date": ["2022-03-01"], "status": ["finished"]})
    with pytest.raises(InputError) as err:
        roadmap_status(rm, "2022-03-20", bad)
    assert (err.value.table, err.value.row, err.value.column) == ("roadmap_progress", 2, "status")
    over = pd.DataFrame({"task_no": [1], "date": ["2022-03-01"], "status": ["done"],
                         "numerator": [11], "denominator": [10]})
    with pytest.raises(InputError, match="numerator must not exceed denominator"):
        roadmap_status(rm, "2022-03-20", over)
    dup = roadmap(["Март 2022", "Май 2022"]).assign(task_no=["4.", "<p>4</p>"])
    with pytest.raises(InputError, match="duplicate key"):
        roadmap_status(dup, "2022-03-20")
    with pytest.raises(InputError) as err:
        roadmap_status(roadmap(["Март 2022"]).assign(task_no=["четыре"]), "2022-03-20")
    assert err.value.column == "task_no" and err.value.row == 2


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=dt.date(2021, 10, 1), max_value=dt.date(2023, 3, 1)),
       st.sampled_from(["not_started", "in_progress", "done", "cancelled"]))
def test_state_is_one_of_the_states_and_follows_its_order(as_of, status):
    rm = roadmap(["26.11.2021", "Февраль-июнь, сентябрь-декабрь 2022", "Постоянно", "До 01.03.2022"])
    progress = pd.DataFrame({"task_no": [1, 2, 3, 4], "date": ["2021-10-01"] * 4, "status": [status] * 4})
    st_ = roadmap_status(rm, as_of, progress)
    assert st_["state"].isin(STATES).all()
    if status in ("done", "cancelled"):
        assert (st_["state"] == status).all()
    else:
        day = T(as_of)
        overdue = st_["state"] == "overdue"
        assert (st_.loc[overdue, "due"] < day).all()
        assert (st_.loc[overdue, "days_overdue"] == (day - st_.loc[overdue, "due"]).dt.days).all()
        assert (st_.loc[~overdue, "days_overdue"].isna()).all()
        assert st_.loc[2, "state"] == "undated"
