"""The marks and external-results forms, driven in Python: validate, then save in one transaction."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from evalnb.assessment.forms import ExternalForm, MarksForm
from evalnb.core.store import Store

Q4 = "2019-2020 Q4"


@pytest.fixture()
def store(sample_db, tmp_path):
    """A writable copy of the sample database."""
    src = sample_db.removeprefix("sqlite:///")
    dst = tmp_path / "forms.sqlite"
    shutil.copy(src, dst)
    return Store(f"sqlite:///{dst}")


def marks_form(store, lang="ru"):
    form = MarksForm(store, school_id="RU004", lang=lang, user="methodologist")
    form.klass.widget.value = "5А"
    form.subject.widget.value = "История"
    form.period.widget.value = Q4
    assert form.load()
    return form


def saved(store, ids, subject="История", period=Q4):
    return store.read("marks", where={"student_id": list(ids), "subject": subject, "period": period}) \
        .set_index("student_id")


def test_the_roster_shows_what_the_database_holds(store):
    form = marks_form(store)
    k = form.grid.keys[0]
    assert form.grid.cells[(k, "mark")].value == str(saved(store, [k]).loc[k, "mark"])
    assert "Показать класс" == form.show_button.description


def test_a_bad_row_saves_nothing_and_is_marked_then_a_correction_saves(store):
    form = marks_form(store, lang="en")
    k0, k1, k2 = form.grid.keys[:3]
    before = saved(store, [k0, k1, k2])
    revision = store.revision()
    form.grid.cells[(k0, "mark")].value = "7"
    form.grid.cells[(k1, "mark")].value = ""
    form.grid.cells[(k1, "status")].value = "н/а"
    assert form.form.submit() is False
    assert "1 to 5" in form.grid.errors[k0].value and form.grid.errors[k1].value == ""
    assert "Nothing was saved" in form.form.status.value
    assert store.revision() == revision
    pd.testing.assert_frame_equal(saved(store, [k0, k1, k2]), before)
    assert form.grid.cells[(k0, "mark")].value == "7"   # nothing typed is lost

    form.grid.cells[(k0, "mark")].value = "3"
    assert form.form.submit() is True
    after = saved(store, [k0, k1, k2])
    assert after.loc[k0, "mark"] == 3
    assert pd.isna(after.loc[k1, "mark"]) and after.loc[k1, "status"] == "na"
    assert after.loc[k2].equals(before.loc[k2])
    audit = store.audit("marks")
    assert len(audit) == 2 and set(audit["changed_by"]) == {"methodologist"}   # only the changed rows
    assert "Saved 2 rows" in form.form.status.value


def test_pasted_rows_fill_the_roster(store):
    form = marks_form(store, lang="zh")
    k0, k1 = form.grid.keys[:2]
    form.paste.value = f"{k0}\t2\t\n{k1}\t\tосв\nghost\t5\t"
    assert form.apply_paste() == ["ghost"]
    assert "ghost" in form.form.status.value
    assert form.form.submit() is True
    after = saved(store, [k0, k1])
    assert after.loc[k0, "mark"] == 2 and after.loc[k1, "status"] == "exempt"


def test_a_changed_choice_needs_the_roster_shown_again(store):
    form = marks_form(store, lang="en")
    form.grid.cells[(form.grid.keys[0], "mark")].value = "2"
    form.klass.widget.value = "5Б" if "5Б" in [v for _, v in form.klass.widget.options] else "6А"
    assert form.form.submit() is False
    assert "Show the class" in form.klass.error.value
    assert not form.form.fields["subject"].error.value


def test_required_fields_and_an_empty_roster(store):
    form = MarksForm(store, school_id="RU004", lang="en")
    form.subject.widget.value = ""
    assert form.load() is False
    assert "Required" in form.subject.error.value
    form.subject.widget.value = "Новый предмет"
    assert form.load() and form.form.submit() is False
    assert "Nothing to save" in form.form.status.value


def test_external_results_typed_and_pasted(store):
    form = ExternalForm(store, school_id="RU004", lang="en", user="centre")
    form.klass.widget.value = "8А"
    form.subject.widget.value = "Математика"
    form.procedure.widget.value = "Пробный ОГЭ"
    form.date.widget.value = dt.date(2020, 5, 14)
    form.max_score.widget.value = "31"
    assert form.load()
    k0, k1, k2 = form.grid.keys[:3]
    form.paste.value = f"{k0}\t5\t\t28\n{k1}\t1\t\t3"
    form.apply_paste()
    form.grid.cells[(k2, "passed")].value = "зачёт"
    assert form.form.submit() is False
    assert "2 to 5" in form.grid.errors[k1].value
    assert store.read("external", where={"procedure": "Пробный ОГЭ"}).empty
    form.grid.cells[(k1, "mark")].value = "2"
    form.grid.cells[(k0, "score")].value = "40"       # above the maximum score
    assert form.form.submit() is False
    assert "max_score" in form.grid.errors[k0].value
    form.grid.cells[(k0, "score")].value = "28"
    assert form.form.submit() is True
    rows = store.read("external", where={"procedure": "Пробный ОГЭ"}).set_index("student_id")
    assert rows.loc[k0, "mark"] == 5 and rows.loc[k0, "score"] == 28 and rows.loc[k0, "max_score"] == 31
    assert rows.loc[k2, "passed"] == True  # noqa: E712
    assert rows["date"].dt.date.unique().tolist() == [dt.date(2020, 5, 14)]
    # shown again, the roster carries what was saved
    form.load()
    assert form.grid.cells[(k0, "mark")].value == "5" and form.grid.cells[(k2, "passed")].value == "true"
