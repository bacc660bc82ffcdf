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
    assert form.load() is False            # a new subject: not without its confirmation
    form.subject.confirm.value = True
    assert form.load() and form.form.submit() is False
    assert "Nothing to save" in form.form.status.value


def test_external_results_typed_and_pasted(store):
    form = ExternalForm(store, school_id="RU004", lang="en", user="centre")
    form.klass.widget.value = "8А"
    form.subject.widget.value = "Математика"
    form.procedure.widget.value = "Пробный ОГЭ"
    form.procedure.confirm.value = True      # a procedure the database does not know yet
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


# --- pick lists: known values, near-misses, new values only when confirmed ----------------

def test_a_misspelt_subject_is_pointed_out_and_the_suggestion_taken(store):
    form = MarksForm(store, school_id="RU004", lang="ru")
    form.klass.widget.value = "5А"
    form.subject.widget.value = "Матиматика"
    assert form.subject.suggestions == ["Математика"]
    assert "«Математика»" in form.subject.hint.value
    assert form.subject.confirm.description == "Новый предмет «Матиматика» — добавить?"
    assert form.load() is False and form.grid is None
    assert "«Математика»" in form.errors()["subject"]
    form.subject.use.click()
    assert form.subject.widget.value == "Математика" and form.subject.suggestions == []
    assert form.subject.confirm.layout.display == "none"
    assert form.load() and form.context()[2] == "Математика"


def test_a_new_subject_is_saved_only_after_its_own_confirmation(store):
    form = MarksForm(store, school_id="RU004", lang="en", user="teacher")
    form.klass.widget.value = "5А"
    form.period.widget.value = Q4
    form.subject.widget.value = "Астрономия"
    assert form.subject.suggestions == [] and form.subject.confirm.layout.display is None
    assert form.form.submit() is False
    assert "tick the box" in form.errors()["subject"]
    form.subject.confirm.value = True
    assert form.load()
    k = form.grid.keys[0]
    form.grid.cells[(k, "mark")].value = "5"
    # the confirmation is for «Астрономия» only: another new value asks again
    form.subject.widget.value = "Астрономия 2"
    assert form.subject.confirm.value is False and form.subject.current() is None
    assert form.form.submit() is False
    assert store.read("marks", where={"subject": "Астрономия"}).empty
    assert store.read("marks", where={"subject": "Астрономия 2"}).empty
    form.subject.widget.value = "Астрономия"          # back to the value confirmed
    assert form.subject.confirm.value is True
    assert form.form.submit() is True
    assert saved(store, [k], subject="Астрономия")["mark"].tolist() == [5]
    # saved, the subject is known: in this form and in the next one, without a question
    assert form.subject.known("астрономия") == "Астрономия"
    again = MarksForm(store, school_id="RU004", lang="en")
    assert "Астрономия" in again.subject.widget.options
    again.subject.widget.value = "Астрономия"
    assert again.subject.confirm.layout.display == "none" and again.subject.current() == "Астрономия"


def test_pick_lists_come_from_the_database_under_translated_labels(store):
    subjects = set(pd.unique(store.read("marks", columns=["subject"])["subject"]))
    en = MarksForm(store, school_id="RU004", lang="en")
    assert {en.subject.known(label) for label in en.subject.widget.options} == subjects
    assert "Mathematics" in en.subject.widget.options and "Математика" not in en.subject.widget.options
    en.subject.widget.value = "mathematics"            # a label in any case picks the stored value
    assert en.subject.current() == "Математика"
    en.subject.widget.value = "Математика"              # and so does the stored value itself
    assert en.subject.current() == "Математика" and en.subject.confirm.layout.display == "none"
    periods = {lang: dict(MarksForm(store, school_id="RU004", lang=lang).period.widget.options)
               for lang in ("en", "ru", "zh")}
    assert periods["en"]["Q4 2019/20"] == Q4
    assert periods["ru"]["IV четверть 2019/2020"] == Q4
    assert periods["zh"]["2019—2020学年第四季度"] == Q4
    ext = ExternalForm(store, school_id="RU004", lang="zh")
    assert ext.procedure.known("全俄检测工作（ВПР）") == "ВПР"
    assert "数学" in ext.subject.widget.options
    ext.procedure.widget.value = "ВРП"                 # two letters swapped
    assert ext.procedure.suggestions == ["全俄检测工作（ВПР）"]


# --- names in the class list --------------------------------------------------------------

def test_the_class_list_shows_names_beside_the_codes(store):
    form = marks_form(store)
    students = store.read("students", school_id="RU004").set_index("student_id")
    assert form.grid.readonly == ["student_name"] and form.grid.labels["student_name"] == "ФИО"
    for k in form.grid.keys[:3]:
        row = students.loc[k]
        expected = " ".join(x for x in (row["last_name"], row["first_name"], row["middle_name"]) if x)
        assert expected.count(" ") == 2
        assert f">{expected}<" in _name_cell(form, k)


def _name_cell(form, key: str) -> str:
    items = list(form.grid.widget.children)
    at = next(i for i, c in enumerate(items) if getattr(c, "value", None) == key
              and "evalnb-row-key" in c._dom_classes)
    cell = items[at + 1]
    assert "evalnb-row-student_name" in cell._dom_classes
    return f">{cell.value}<"


def _students_store(names: dict[str, list]) -> Store:
    s = Store("sqlite://")
    s.write_frames({
        "schools": pd.DataFrame({"school_id": ["G1"], "name": ["General"], "municipality": ["M"],
                                 "kind": ["general"], "language": ["ru"]}),
        "students": pd.DataFrame({"student_id": ["P2", "P1", "P3"], "school_id": ["G1"] * 3,
                                  "grade": [5] * 3, "class_label": ["5А"] * 3, **names}),
        "periods": pd.DataFrame({"period": [Q4], "start": ["2020-03-30"], "end": ["2020-05-31"]})})
    return s


@pytest.mark.parametrize("names, shown", [
    ({}, None),
    ({"name": ["Bob Brown", None, "Ann Lee"]}, ["", "Bob Brown", "Ann Lee"]),
    ({"last_name": ["Петров", "Иванова", None], "first_name": ["Пётр", "Анна", None],
      "middle_name": [None, "Сергеевна", None], "name": ["ignored", None, "Ли Мин"]},
     ["Иванова Анна Сергеевна", "Петров Пётр", "Ли Мин"]),
])
def test_names_where_the_data_has_them_codes_only_where_not(names, shown):
    form = MarksForm(_students_store(names), lang="en")
    form.subject.widget.value = "History"
    form.subject.confirm.value = True
    assert form.load()
    assert form.grid.keys == ["P1", "P2", "P3"]
    if shown is None:
        assert form.grid.readonly == [] and "student_name" not in form.grid.labels
        assert not any("evalnb-row-student_name" in c._dom_classes for c in form.grid.widget.children)
    else:
        assert form.grid.readonly == ["student_name"]
        assert [_name_cell(form, k) for k in form.grid.keys] == [f">{x}<" for x in shown]


# --- names and period labels in the explore notebook's explorer --------------------------

def test_the_explorer_names_the_students_of_a_class(sample_db):
    from evalnb.assessment.explore import Explorer

    ex = Explorer(Store(sample_db), lang="ru")
    assert dict(ex.period.options)["IV четверть 2019/2020"] == Q4
    assert "IV четверть 2019/2020" in ex.status.value
    ex.school.value = "RU004"
    ex.subject.value = "История"
    ex.klass.value = "7А"
    grid = ex.current["students"]
    assert list(grid.columns[:2]) == ["student_id", "student_name"]
    students = ex.store.read("students", school_id="RU004").set_index("student_id")
    first = grid.iloc[0]
    row = students.loc[first["student_id"]]
    assert first["student_name"] == f"{row['last_name']} {row['first_name']} {row['middle_name']}"
    assert "ФИО" in ex.detail.value and first["student_name"] in ex.detail.value


def test_the_explorer_shows_codes_only_without_names(sample_frames, tmp_path):
    from evalnb.assessment.explore import Explorer

    folder = tmp_path / "csv"
    folder.mkdir()
    keep = ("schools", "students", "marks", "external", "periods")
    for name in keep:
        frame = sample_frames[name]
        if name == "students":
            frame = frame.drop(columns=[c for c in ("last_name", "first_name", "middle_name", "name")
                                        if c in frame.columns])
        frame.to_csv(folder / f"{name}.csv", index=False)
    ex = Explorer(str(folder), lang="en")
    ex.school.value = "RU004"
    ex.subject.value = "История"
    ex.klass.value = "7А"
    assert "student_name" not in ex.current["students"].columns
    assert ">Name<" not in ex.detail.value
