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
