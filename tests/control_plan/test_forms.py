"""The plan constructor, driven in Python as a user would click it; the DOCX and XLSX exports."""

from __future__ import annotations

import io

import docx
import pandas as pd
import pytest

from evalnb.control_plan import check_plan
from evalnb.control_plan.forms import PlanConstructor, default_year
from evalnb.core.store import Store
from evalnb_testing import SAMPLE


@pytest.fixture
def store(tmp_path):
    import evalnb.control_plan  # noqa: F401  (registers the tables)

    s = Store(f"sqlite:///{tmp_path / 'cp.sqlite'}")
    schools = pd.read_csv(SAMPLE / "schools.csv", dtype=str)
    plans = pd.read_csv(SAMPLE / "control_plan.csv", dtype=str)
    s.save_tables({"schools": schools[schools["language"] == "ru"],
                   "control_plan": plans[plans["school_id"].isin(["RU004", "RU006"])]})
    return s


def click(button):
    button.click()


def test_opens_the_school_s_saved_plan_with_its_findings(store):
    form = PlanConstructor(store, "RU004", lang="ru")
    assert form.year == "2019-2020" and len(form.plan) == 26
    assert "На январь контроль не запланирован." in form.findings_view.value
    assert form.findings()[["check", "value"]].values.tolist() == [["month_gap", "1"]]
    for person in set(form.plan["responsible"]):
        assert person in form.load_view.value


def test_add_from_the_library_closes_the_gap_and_saves_in_one_transaction(store):
    form = PlanConstructor(store, "RU004", lang="en", user="deputy director")
    next_id = f"{max(int(i) for i in form.plan['item_id']) + 1:02d}"    # ids 01–28, January's gone
    form.item.value = "L07"
    form.month.value = 1
    form.responsible.value = "Орлова Н. В."
    click(form.add_button)
    assert form.plan["item_id"].iloc[-1] == next_id == "29"
    assert form.findings().empty
    assert "The plan has none of the faults checked." in form.findings_view.value
    assert "Орлова Н. В." in form.load_view.value
    click(form.save_button)
    assert "Saved 27 items" in form.status.value
    saved = store.read("control_plan", school_id="RU004")
    assert len(saved) == 27 and check_plan(saved).empty
    new = saved[saved["item_id"] == next_id].iloc[0]
    assert (new["month"], new["responsible"], new["result_kind"]) == (1, "Орлова Н. В.", "metasubject")
    audit = store.audit("control_plan")
    assert (audit["changed_by"] == "deputy director").sum() == 27   # the whole plan, one save


def test_overload_shows_live_and_is_fixed_by_changing_the_person(store):
    form = PlanConstructor(store, "RU006", lang="en")
    over = form.findings()
    assert over["check"].tolist() == ["overload"]
    person = over["value"].iloc[0].split("/")[0]
    assert f"{person} is responsible for 5 items in December" in form.findings_view.value
    first = form.plan[(form.plan["month"] == 12) & (form.plan["responsible"] == person)]["item_id"].iloc[-1]
    form.chosen.value = first
    form.month.value = 12
    form.responsible.value = "Новикова А. А."
    click(form.change_button)
    assert form.findings().empty


def test_a_draft_without_a_person_is_saved_and_reported_incomplete(store):
    form = PlanConstructor(store, "RU004", lang="ru")
    item = form.add("L09", 1, "  ")
    f = form.findings()
    assert f[["item_id", "check", "value"]].values.tolist() == [[item, "incomplete", "responsible"]]
    assert f"Пункт {item}: не заполнено — ответственный." in form.findings_view.value
    assert form.save()
    assert store.read("control_plan", school_id="RU004", where={"item_id": item})["responsible"].isna().all()


def test_rows_that_fail_the_table_are_kept_with_their_problem_and_the_rest_saved(store):
    form = PlanConstructor(store, "RU004", lang="en")
    before = store.count("control_plan")
    item = form.add("L01", 1, "Орлова Н. В.")
    form.plan.loc[form.plan.index[-1], "month"] = 13      # as a pasted value could be
    form.refresh()
    assert "month: Must be from 1 to 12" in form.table_view.value
    assert form.save()
    assert f"Not saved (see their problems): {item}." in form.status.value
    assert store.count("control_plan") == before
    assert item not in set(store.read("control_plan", school_id="RU004")["item_id"])


def test_removing_only_unsaved_items(store):
    form = PlanConstructor(store, "RU004", lang="zh")
    item = form.add("L02", 4, "Орлова Н. В.")
    form.chosen.value = item
    click(form.remove_button)
    assert item not in set(form.plan["item_id"])
    form.chosen.value = "01"
    click(form.remove_button)
    assert "01" in set(form.plan["item_id"]) and "已保存的项目不能删除" in form.status.value


def test_a_new_plan_for_a_school_without_one(store):
    form = PlanConstructor(store, "RU001", lang="ru")
    assert form.year == default_year() and form.plan.empty
    assert form.findings()["check"].tolist() == []       # nothing to check yet
    assert not form.save() and "Ничего не сохранено" in form.status.value
    with pytest.raises(Exception, match="unknown school"):
        PlanConstructor(store, "XX999")


def test_default_year():
    import datetime as dt
    assert default_year(dt.date(2019, 9, 1)) == "2019-2020"
    assert default_year(dt.date(2020, 8, 31)) == "2019-2020"


def test_exports_in_the_usual_layout(store):
    form = PlanConstructor(store, "RU004", lang="ru")
    d = docx.Document(io.BytesIO(form.export_docx()))
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Месяц", "Объект контроля", "Цель контроля", "Вид (форма) контроля", "Методы",
        "Ответственный", "Способ фиксации результатов"]
    assert len(table.rows) == 27 and table.rows[1].cells[0].text == "сентябрь"
    assert table.rows[-1].cells[0].text == "май"
    assert "на 2019-2020 учебный год" in d.paragraphs[1].text
    x = pd.read_excel(io.BytesIO(form.export_xlsx()), header=2)
    assert len(x) == 26 and x.columns[0] == "Месяц" and x.iloc[0, 0] == "сентябрь"
    click(form.export_button)
    assert "RU004_plan_2019-2020.docx" in form.downloads.value and "base64," in form.downloads.value


def test_served_page_asks_for_the_user_s_name_before_a_save(store):
    from evalnb.control_plan import DOMAIN
    from evalnb.core import domain
    from evalnb.serve.page import Page

    assert domain.get("control_plan") is DOMAIN
    page = Page(PlanConstructor, lang="ru", user="", data=store, choices={"school": "RU004"})
    form = page.form
    assert isinstance(form, PlanConstructor) and page.holder.children == (form.widget,)
    item = form.add("L07", 1, "Орлова Н. В.")
    assert not form.save() and "Ничего не сохранено" in form.status.value
    assert item not in set(store.read("control_plan", school_id="RU004")["item_id"])
    page.user.widget.value = "Анна Петрова"
    assert form.save()
    audit = store.audit("control_plan")
    assert (audit["changed_by"] == "Анна Петрова").sum() == len(form.plan)
