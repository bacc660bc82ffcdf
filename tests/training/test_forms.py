"""The training forms, driven in Python: set the widgets, click Save, read the database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.store import Store
from evalnb.training.forms import CourseForm, ResultsForm, check_results


@pytest.fixture
def store():
    s = Store("sqlite://")
    s.write_frames({
        "schools": pd.DataFrame({"school_id": ["S1"], "name": ["Riverside"], "municipality": ["County"],
                                 "kind": ["primary"]}),
        "teachers": pd.DataFrame({"teacher_id": ["T1", "T2", "T3"], "school_id": ["S1"] * 3,
                                  "name": ["Ann Lee", "Bob Ray", "Cid Roe"], "kind": ["primary"] * 3}),
        "courses": pd.DataFrame({"course_id": ["C1", "C0"], "title": ["Reading", "Old"],
                                 "mode": ["face_to_face", "online"], "sessions": [9, 4],
                                 "hours": [18, 8], "credits": [2, 1], "start": ["2025-03-01", "2024-01-01"],
                                 "end": ["2025-03-20", "2024-01-31"]}),
        "enrollments": pd.DataFrame({"course_id": ["C1", "C1"], "teacher_id": ["T1", "T2"],
                                     "absences": [0, 1], "late_or_early": [0, 0],
                                     "written_score": [None, None], "discipline_score": [None, None]}),
    })
    return s


def type_row(form, teacher_id, **values):
    for column, value in values.items():
        form.grid.cells[(teacher_id, column)].value = value


def enrollments(store):
    return store.read("enrollments", where={"course_id": "C1"}).set_index("teacher_id").sort_index()


# --- results of a course ---------------------------------------------------------------

def test_results_form_opens_the_latest_course_with_its_roster(store):
    form = ResultsForm(store)
    assert form.course_id == "C1"
    assert form.grid.keys == ["T1", "T2"]
    assert form.grid.cells[("T2", "absences")].value == "1"
    assert "9 sessions" in form.info.value


def test_results_are_saved_in_one_go(store):
    form = ResultsForm(store, user="class teacher")
    type_row(form, "T1", written_score="85", discipline_score="14")
    type_row(form, "T2", absences="3", late_or_early="2", written_score="70,5", discipline_score="15")
    form.form.button.click()
    assert "Saved the results of 2 trainees" in form.form.status.value
    e = enrollments(store)
    assert e.loc["T1", ["written_score", "discipline_score"]].tolist() == [85.0, 14.0]
    assert e.loc["T2", ["absences", "late_or_early", "written_score"]].tolist() == [3, 2, 70.5]
    audit = store.audit("enrollments")
    assert set(audit["changed_by"]) == {"class teacher"} and len(audit) == 2
    # the course's assessment is shown: T2 missed a third of 9 sessions
    assert "Assessment of the course" in form.preview.value
    assert "too many absences" in form.preview.value


@pytest.mark.parametrize("cells,message", [
    ({"absences": "12"}, "Absences: must be from 0 to 9 (the course&#x27;s sessions)"),
    ({"absences": "1.5"}, "Absences: must be a whole number"),
    ({"absences": ""}, "Absences: required"),
    ({"late_or_early": "-1"}, "Late arrivals / early departures: must be at least 0"),
    ({"written_score": "101"}, "Written score: must be from 0 to 100"),
    ({"written_score": "ninety"}, "Written score: must be a number"),
    ({"discipline_score": "16"}, "Discipline score: must be from 0 to 15"),
])
def test_a_bad_cell_saves_nothing_and_is_marked_on_its_row(store, cells, message):
    before = enrollments(store)
    form = ResultsForm(store)
    type_row(form, "T1", written_score="90", discipline_score="15")
    type_row(form, "T2", **cells)
    form.form.button.click()
    assert message in form.grid.errors["T2"].value
    assert form.grid.errors["T1"].value == ""
    assert "Nothing was saved" in form.form.status.value
    pd.testing.assert_frame_equal(enrollments(store), before)   # not even T1's good row
    assert store.audit("enrollments").empty
    # nothing typed is lost
    assert form.grid.cells[("T1", "written_score")].value == "90"


def test_errors_in_russian_and_chinese(store):
    for lang, text in (("ru", "Пропуски: должно быть от 0 до 9"), ("zh", "缺课次数：须在 0 至 9 之间")):
        form = ResultsForm(store, lang=lang)
        type_row(form, "T2", absences="10")
        form.form.button.click()
        assert text in form.grid.errors["T2"].value
        assert form.form.button.description in ("Сохранить", "保存")


def test_add_a_trainee_to_the_roster(store):
    form = ResultsForm(store)
    type_row(form, "T1", written_score="77")
    form.new_teacher.widget.value = "T404"
    assert not form.add_teacher()
    assert "unknown teacher ID" in form.new_teacher.error.value
    form.new_teacher.widget.value = "T2"
    form.add_button.click()
    assert "already on the roster" in form.new_teacher.error.value
    form.new_teacher.widget.value = "T3"
    form.add_button.click()
    assert form.grid.keys == ["T1", "T2", "T3"]
    assert form.grid.cells[("T1", "written_score")].value == "77"   # kept
    type_row(form, "T3", written_score="64", discipline_score="12")
    form.form.button.click()
    e = enrollments(store)
    assert e.loc["T3", "written_score"] == 64 and e.loc["T1", "written_score"] == 77
    assert store.audit("enrollments").set_index("row_key").loc['["C1", "T3"]', "action"] == "insert"


def test_paste_from_a_spreadsheet(store):
    form = ResultsForm(store)
    form.grid.paste.value = "T1\t0\t1\t88\t15\nT2\t2\t0\t61\t13\nT9\t0\t0\t50\t10\n"
    unknown = form.apply_paste()
    assert unknown == ["T9"] and "T9" in form.form.status.value
    assert form.grid.cells[("T2", "written_score")].value == "61"
    form.form.button.click()
    assert enrollments(store).loc["T2", "discipline_score"] == 13


def test_switching_course_loads_its_roster(store):
    form = ResultsForm(store)
    form.course.widget.value = "C0"
    assert form.grid.keys == []
    form.form.button.click()
    assert "The roster is empty" in form.form.status.value


def test_unknown_course_id():
    s = Store("sqlite://")
    with pytest.raises(InputError, match="unknown course"):
        ResultsForm(s, course_id="C9")


def test_check_results_is_pure():
    roster = pd.DataFrame({"teacher_id": ["A", "B"], "absences": ["0", "4"], "late_or_early": ["0", "0"],
                           "written_score": ["", "100"], "discipline_score": [None, "0"]})
    assert check_results(roster, sessions=4) == {}
    assert check_results(roster, sessions=3) == {
        "B": ["Absences: must be from 0 to 3 (the course's sessions)"]}


# --- registering a course ------------------------------------------------------------------

def fill(form, **values):
    for name, value in values.items():
        form.fields[name].widget.value = value


GOOD = dict(course_id="C7", title="Classroom observation", level="county", mode="online", sessions="5",
            hours="20", credits="", start=dt.date(2025, 4, 1), end=dt.date(2025, 4, 30))


def test_register_a_course(store):
    form = CourseForm(store, user="office")
    fill(form, **GOOD)
    assert "2.50 credits (8 hours a credit)" in form.hint.value
    form.form.button.click()
    assert "Course C7 saved" in form.form.status.value
    row = store.read("courses", where={"course_id": "C7"}).iloc[0]
    assert (row["title"], row["mode"], row["sessions"], row["hours"]) == ("Classroom observation", "online", 5, 20.0)
    assert pd.isna(row.credits) and row.end == pd.Timestamp("2025-04-30")
    assert store.audit("courses")["changed_by"].tolist() == ["office"]


@pytest.mark.parametrize("change,field,message", [
    ({"title": ""}, "title", "Required"),
    ({"sessions": "0"}, "sessions", "Must be at least 1"),
    ({"sessions": "2.5"}, "sessions", "Must be a whole number"),
    ({"hours": "-3"}, "hours", "Must be at least 0"),
    ({"credits": "a lot"}, "credits", "Must be a number"),
    ({"start": None}, "start", "Required"),
    ({"end": dt.date(2025, 3, 31)}, "end", "The course cannot end before it starts"),
    ({"course_id": "C1"}, "course_id", "A course with this ID is already registered"),
])
def test_a_bad_course_is_not_saved(store, change, field, message):
    form = CourseForm(store)
    fill(form, **{**GOOD, **change})
    form.form.button.click()
    assert message in form.fields[field].error.value
    assert "Nothing was saved" in form.form.status.value
    assert store.count("courses") == 2
    assert store.read("courses", where={"course_id": "C1"})["title"].iloc[0] == "Reading"


def test_correct_a_course(store):
    form = CourseForm(store, course_id="C1", lang="ru")
    assert form.fields["course_id"].widget.disabled
    assert form.fields["sessions"].widget.value == "9"
    assert form.form.title.value == "<h3>Исправление курса</h3>"
    store.save_rows("enrollments", pd.DataFrame([{"course_id": "C1", "teacher_id": "T3", "absences": 6,
                                                  "late_or_early": 0}]))
    fill(form, sessions="5")
    form.form.button.click()
    assert "уже 6 пропусков" in form.fields["sessions"].error.value
    assert store.read("courses", where={"course_id": "C1"})["sessions"].iloc[0] == 9
    fill(form, sessions="12", credits="3")
    form.form.button.click()
    row = store.read("courses", where={"course_id": "C1"}).iloc[0]
    assert (row.sessions, row.credits) == (12, 3.0)


def test_course_form_in_chinese(store):
    form = CourseForm(store, lang="zh")
    labels = form.widget.children[1].children[0].value
    assert "课程编号" in labels
    assert [o[0] for o in form.fields["mode"].widget.options] == ["面授", "网络"]


def test_only_the_rows_someone_changed_are_saved(store):
    """Two tutors on one course: the second save keeps the first tutor's row."""
    first, second = ResultsForm(store, user="tutor A"), ResultsForm(store, user="tutor B")
    type_row(first, "T1", written_score="91", discipline_score="15")
    first.form.button.click()
    type_row(second, "T2", written_score="66", discipline_score="12")
    second.form.button.click()
    assert "Saved the results of 1 trainees" in second.form.status.value
    e = enrollments(store)
    assert e.loc["T1", "written_score"] == 91.0 and e.loc["T2", "written_score"] == 66.0
    assert store.audit("enrollments")["changed_by"].tolist() == ["tutor A", "tutor B"]
    second.form.button.click()  # nothing changed since
    assert "Nothing to save" in second.form.status.value
