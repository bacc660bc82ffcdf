"""The explorer's widgets: changing a value redraws tables and charts from the calculators."""

from __future__ import annotations

import pytest

from evalnb.assessment import mark_stats
from evalnb.assessment.explore import Explorer
from evalnb.core.store import Store


@pytest.fixture(scope="module")
def explorer(sample_db):
    return Explorer(Store(sample_db), lang="en")


def test_starts_on_the_first_school_and_latest_period(explorer, sample_frames):
    assert explorer.school.value == sample_frames["schools"]["school_id"].iloc[0]
    assert explorer.period.value == "2019-2020 Q4"
    assert explorer.subject.value == "__all__" and explorer.chosen_subject is None
    assert "<table" in explorer.table.value and explorer.chart.value[:4] == b"\x89PNG"
    assert explorer.school.description == "School"


def test_changing_school_subject_class_and_period(explorer, sample_frames):
    f = sample_frames
    explorer.school.value = "RU004"
    assert "4А" in [v for _, v in explorer.klass.options] or "4Б" in [v for _, v in explorer.klass.options]
    explorer.period.value = "2019-2020 Q2"
    explorer.subject.value = "История"
    stats = explorer.current["stats"]
    assert stats["subject"].unique().tolist() == ["История"]
    students = f["students"][f["students"].school_id == "RU004"]
    marks = f["marks"][f["marks"].student_id.isin(students.student_id) & (f["marks"].subject == "История")]
    want = mark_stats(marks, students, by=("subject", "period"))
    assert stats["quality"].tolist() == pytest.approx(want["quality"].tolist())
    assert "classes" in explorer.current and "students" not in explorer.current

    explorer.klass.value = "7А"
    grid = explorer.current["students"]
    in_class = students[students.class_label == "7А"]
    assert len(grid) == len(set(marks.student_id) & set(in_class.student_id))
    assert "2019-2020 Q1" in grid.columns
    assert "Journal marks of the class" in explorer.detail.value
    assert explorer.current["objectivity"].empty        # no ВПР before the end of Q2
    explorer.period.value = "2019-2020 Q4"
    assert explorer.current["objectivity"]["procedure"].tolist() == ["ВПР"]
    shares = explorer.current["objectivity"][["lowered_share", "confirmed_share", "raised_share"]].sum(axis=1)
    assert shares.tolist() == pytest.approx([1.0])

    explorer.school.value = "RU001"          # the class and subject are kept when they exist
    assert explorer.chosen_subject == "История"
    explorer.subject.value = "__all__"
    assert explorer.current["stats"]["subject"].nunique() > 3


def test_a_choice_without_marks_says_so(sample_db):
    ex = Explorer(Store(sample_db), lang="ru")
    ex.klass.value = "1А"                     # first graders are not marked
    assert "нет журнальных отметок" in ex.status.value
    assert ex.current["stats"].empty
