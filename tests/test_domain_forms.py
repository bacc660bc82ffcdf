"""The DomainForm base every domain's form stands on: language, rules, errors, one-transaction saves."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb.assessment.forms import MarksForm
from evalnb.core.store import Store
from evalnb.diagnosis.forms import ReviewForm, SelfReportForm
from evalnb.training.forms import CourseForm


@pytest.fixture
def store():
    s = Store("sqlite://")
    s.write_frames({"schools": pd.DataFrame({
        "school_id": ["V1", "V2", "G1"], "name": ["Voc one", "Voc two", "General"],
        "municipality": ["M"] * 3, "kind": ["vocational", "vocational", "general"],
        "language": ["ru", None, None]}),
        "students": pd.DataFrame({"student_id": ["P1"], "school_id": ["G1"], "grade": [5],
                                  "class_label": ["5А"]})})
    return s


@pytest.mark.parametrize("form", [SelfReportForm, ReviewForm])
def test_a_form_speaks_its_schools_language_else_english_never_a_domain_default(store, form):
    assert form(store, "V1", "2021-2025").lang == "ru"
    assert form(store, "V1", "2021-2025", lang="zh").lang == "zh"
    # no language recorded: English (it was Chinese for 诊改, Russian for marks)
    assert form(store, "V2", "2021-2025").lang == "en"


def test_assessment_and_training_forms_follow_the_same_rule(store):
    assert MarksForm(store).lang == "en"          # G1 has no language
    assert MarksForm(store, lang="ru")._("School") == "Школа"
    assert CourseForm(store).lang == "en"         # a course belongs to no school
    assert CourseForm(store, rules={"pass_mark": 65}).rules.pass_mark == 65


def test_errors_are_read_back_per_field_as_plain_text(store):
    form = CourseForm(store)
    assert form.errors() == {}
    assert not form.submit()
    errors = form.errors()
    assert errors["course_id"] == "Required" and errors["title"] == "Required"
    form.set_error("title", "Must be at least {min}", min=3)
    assert form.errors()["title"] == "Must be at least 3"


def test_a_review_is_saved_in_one_transaction_or_not_at_all(store, monkeypatch):
    form = ReviewForm(store, "V1", "2021-2025", lang="en")
    form.set("1.1", "achieved")
    calls = []

    def refuse(frames, *, user=None, sources=None):
        calls.append(sorted(frames))
        raise RuntimeError("database went away")

    monkeypatch.setattr(store, "save_tables", refuse)
    monkeypatch.setattr(store, "save_rows", lambda *a, **k: pytest.fail("saved table by table"))
    assert not form.submit()
    assert calls == [["review", "review_summary"]]
    assert store.read("review").empty and store.read("review_summary").empty


# --- the pick list (evalnb.core.forms.pick) ---------------------------------------------

from evalnb.core import forms as F  # noqa: E402

SUBJECTS = [("Mathematics", "Математика"), ("Physics", "Физика"), ("History", "История")]


def _subject(lang="en", **kw):
    return F.pick("subject", "Subject", SUBJECTS, new_text="New subject «{value}» — add it?", lang=lang, **kw)


@pytest.mark.parametrize("a, b, d", [
    ("математика", "математика", 0),
    ("матиматика", "математика", 1),     # one letter replaced
    ("математка", "математика", 1),      # one left out
    ("матеммматика", "математика", 2),   # two added
    ("фзиика", "физика", 1),             # two neighbours swapped
    ("мтаиматкиа", "математика", 3),     # beyond the limit: 3 means "more than 2"
    ("ab", "abcdef", 3),
    ("", "abc", 3), ("", "ab", 2),
])
def test_edit_distance_at_its_boundaries(a, b, d):
    assert F.distance(a, b) == d
    assert F.distance(b, a) == d


def test_near_misses_are_suggested_within_two_edits_only():
    f = _subject()
    f.widget.value = "Mathematiks"          # two edits from the label
    assert f.suggestions == ["Mathematics"]
    f.widget.value = "Физкиа"               # one swap from the stored value: its label is suggested
    assert f.suggestions == ["Physics"]
    f.widget.value = "Mathmtcs"             # three edits: no suggestion, only the question
    assert f.suggestions == [] and f.confirm.layout.display is None
    f.widget.value = "Hx"                   # too short to be a misspelling of anything
    assert f.suggestions == []
    f.widget.value = "  physics "           # a known value, any case and spacing: no question
    assert f.suggestions == [] and f.confirm.layout.display == "none" and f.current() == "Физика"
    assert f.hint.value == ""


def test_a_new_value_needs_its_own_confirmation_in_the_form():
    saved = []
    f = _subject(lang="ru")
    form = F.Form("t", [f], lambda values: saved.append(values) or None, lang="ru")
    f.widget.value = "Астрономия"
    assert form.submit() is False and saved == []
    assert "отметьте" in f.error.value
    f.confirm.value = True
    f.widget.value = "Астрономия-2"         # another value: the tick does not carry over
    assert f.confirm.value is False and form.submit() is False and saved == []
    f.confirm.value = True
    f.confirm.value = False                 # untick: not confirmed any more
    assert form.submit() is False and saved == []
    f.widget.value = "Астрономия"
    assert f.confirm.value is True
    assert form.submit() is True and saved == [{"subject": "Астрономия"}]
    assert f.confirmed == {"Астрономия"}


def test_a_pick_list_without_new_values_and_labels_kept_apart():
    f = F.pick("period", "Period", [("Q4", "2019-2020 Q4"), ("Q4", "2020-2021 Q4")], lang="en")
    assert f.widget.options == ("Q4", "Q4 (2020-2021 Q4)")
    assert f.known("q4 (2020-2021 q4)") == "2020-2021 Q4"
    form = F.Form("t", [f], lambda values: None, lang="en")
    f.widget.value = "Q5"
    assert f.confirm.layout.display == "none"    # nothing to confirm: only known values are taken
    assert form.submit() is False and "Choose one of the list" in f.error.value
    f.learn("2021-2022 Q4", "Q4 2021/22")
    f.widget.value = "Q4 2021/22"
    assert f.current() == "2021-2022 Q4" and form.submit() is True


def test_the_suggestion_button_takes_the_known_value():
    f = _subject(lang="zh")
    f.widget.value = "Histroy"
    assert f.use.layout.display is None and f.use.description == "使用「History」"
    f.use.click()
    assert f.widget.value == "History" and f.current() == "История"
    assert f.use.layout.display == "none"


def test_short_words_are_suggested_when_at_most_half_of_them_differs():
    f = F.pick("subject", "科目", [("数学", "Математика"), ("物理", "Физика"), ("历史", "История")],
               new_text="新科目「{value}」——是否添加？", lang="zh")
    f.widget.value = "数字"                 # one of two characters differs
    assert f.suggestions == ["数学"]
    f.widget.value = "化学"                 # differs from 数学 by one character too
    assert f.suggestions == ["数学"]
    f.widget.value = "语文"                 # two of two: a different word, only the question
    assert f.suggestions == [] and f.confirm.description == "新科目「语文」——是否添加？"
    f.widget.value = "数"                   # one character: no guess
    assert f.suggestions == []


def test_the_hint_quotes_as_the_language_does():
    f = _subject(lang="zh")
    f.widget.value = "Histroy"
    assert "「History」" in f.hint.value and "«" not in f.hint.value
    f = _subject(lang="ru")
    f.widget.value = "Histroy"
    assert "«History»" in f.hint.value


def test_a_trainee_is_picked_from_the_databases_teachers():
    from evalnb.training.forms import ResultsForm

    s = Store("sqlite://")
    s.write_frames({
        "schools": pd.DataFrame({"school_id": ["S1"], "name": ["Riverside"], "municipality": ["County"],
                                 "kind": ["primary"]}),
        "teachers": pd.DataFrame({"teacher_id": ["T1", "T3"], "school_id": ["S1"] * 2,
                                  "name": ["Ann Lee", "Cid Roe"], "kind": ["primary"] * 2}),
        "courses": pd.DataFrame({"course_id": ["C1"], "title": ["Reading"], "mode": ["online"],
                                 "sessions": [9], "hours": [18], "credits": [2], "start": ["2025-03-01"],
                                 "end": ["2025-03-20"]}),
        "enrollments": pd.DataFrame({"course_id": ["C1"], "teacher_id": ["T1"], "absences": [0],
                                     "late_or_early": [0]})})
    form = ResultsForm(s, lang="en")
    assert form.new_teacher.widget.options == ("T1 — Ann Lee", "T3 — Cid Roe")
    form.new_teacher.widget.value = "T3 — Cid Roe"          # chosen from the list
    assert form.add_teacher() and form.grid.keys == ["T1", "T3"]
    form.new_teacher.widget.value = "T4"                    # no such teacher: never added, never asked
    assert form.new_teacher.confirm.layout.display == "none"
    assert not form.add_teacher() and "unknown teacher ID" in form.new_teacher.error.value
    assert form.grid.keys == ["T1", "T3"]
