"""Builders of small hand-made training tables (DATA.md, evalnb.training)."""

from __future__ import annotations

import pandas as pd
import pytest

COURSE_COLUMNS = ["course_id", "title", "level", "mode", "sessions", "hours", "credits", "start", "end"]


def course(course_id="C1", *, sessions=10, hours=20.0, credits=2.0, mode="face_to_face",
           start=None, end="2025-03-28", level="county", title=None) -> dict:
    """A course row; ``start`` defaults to two weeks before ``end``."""
    if start is None:
        start = (pd.Timestamp(end) - pd.Timedelta(days=14)).date().isoformat()
    return {"course_id": course_id, "title": title or f"Course {course_id}", "level": level,
            "mode": mode, "sessions": sessions, "hours": hours, "credits": credits,
            "start": start, "end": end}


def courses(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COURSE_COLUMNS)


def enrollment(teacher_id, course_id="C1", *, absences=0, late=0, written=80.0, discipline=15.0) -> dict:
    return {"course_id": course_id, "teacher_id": teacher_id, "absences": absences,
            "late_or_early": late, "written_score": written, "discipline_score": discipline}


def enrollments(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["course_id", "teacher_id", "absences", "late_or_early",
                                             "written_score", "discipline_score"])


def teachers(*rows) -> pd.DataFrame:
    """``teachers(("T1", "S1", "primary"), …)``."""
    return pd.DataFrame([{"teacher_id": t, "school_id": s, "name": f"Teacher {t}", "kind": k}
                         for t, s, k in rows])


def class_with_totals(totals, course_id="C1", *, qualified=None) -> pd.DataFrame:
    """A class whose trainees have exactly the given totals (sessions 10, no absence: 15 points;
    discipline 15: 15 points; written = (total − 30) / 0.7).

    ``qualified`` (list of bool) makes the False ones unqualified by lateness (6 times),
    which leaves the total unchanged.
    """
    qualified = qualified or [True] * len(totals)
    rows = [enrollment(f"T{i + 1:02d}", course_id, written=round((t - 30) / 0.7, 10),
                       late=0 if q else 6)
            for i, (t, q) in enumerate(zip(totals, qualified))]
    return enrollments(*rows)


@pytest.fixture
def one_course():
    return courses(course("C1", sessions=10))
