"""Checks of the frames the training calculators receive.

The contract's tables (``teachers``, ``courses``, ``enrollments``) are
validated by :func:`evalnb.core.validate.ensure`; the cross-table rules
(a reference to an unknown course or teacher, absences above the course's
sessions) and the shape of an *assessed* frame (the result of
:func:`evalnb.training.assess`) are checked here.  Every problem is an
:class:`~evalnb.InputError` naming table, row, column, value and rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .tables import check_absences
from ..core.validate import ensure
from ..errors import InputError, Problem

#: Columns an assessed frame must carry (what :func:`assess` returns).
ASSESSED_COLUMNS = ("course_id", "teacher_id", "total", "qualified", "commended", "sanctioned",
                    "hours_credited", "credits_credited")
_MAX = 20


def file_rows(frame: pd.DataFrame) -> np.ndarray:
    """The file row of each row of ``frame`` (first data row = 2, as in a spreadsheet)."""
    rows = frame.attrs.get("evalnb_rows")
    if rows is not None and len(rows) == len(frame):
        return np.asarray(rows, dtype="int64")
    return np.arange(len(frame), dtype="int64") + 2


def unknown_refs(frame: pd.DataFrame, column: str, known: pd.Series, *, table: str,
                 ref: str) -> list[Problem]:
    """Rows of ``frame`` whose ``column`` is not among ``known`` (``ref`` = ``'teachers.teacher_id'``)."""
    bad = ~frame[column].isin(pd.Index(known)) & frame[column].notna()
    idx = np.flatnonzero(bad.to_numpy(dtype=bool))
    rows = file_rows(frame)
    noun = ref.split(".")[0].rstrip("s")
    out = [Problem(table, int(rows[i]), column, frame[column].iloc[i],
                   f"unknown {noun}: not in {ref}", f"add it to {ref.split('.')[0]} or correct the id")
           for i in idx[:_MAX]]
    if len(idx) > _MAX:
        out.append(Problem(table, None, column, None, f"… and {len(idx) - _MAX} more unknown {noun}s"))
    return out


def check_enrollments(courses: pd.DataFrame, enrollments: pd.DataFrame,
                      teachers: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated ``(courses, enrollments)``; InputError for unknown courses / teachers and excess absences."""
    courses = ensure(courses, "courses")
    enrollments = ensure(enrollments, "enrollments")
    problems = unknown_refs(enrollments, "course_id", courses["course_id"], table="enrollments",
                            ref="courses.course_id")
    if teachers is not None:
        teachers = ensure(teachers, "teachers")
        problems += unknown_refs(enrollments, "teacher_id", teachers["teacher_id"],
                                 table="enrollments", ref="teachers.teacher_id")
    if not problems:
        problems = check_absences(enrollments, courses)
    if problems:
        raise InputError(problems=problems)
    return courses, enrollments


def check_assessed(assessed: pd.DataFrame, courses: pd.DataFrame,
                   teachers: pd.DataFrame | None = None) -> pd.DataFrame:
    """An assessed frame (from :func:`assess`) whose courses — and teachers — are known."""
    if not isinstance(assessed, pd.DataFrame):
        raise InputError(f"assessed must be a pandas DataFrame, not {type(assessed).__name__}",
                         table="assessed", rule="the result of assess(courses, enrollments)")
    missing = [c for c in ASSESSED_COLUMNS if c not in assessed.columns]
    if missing:
        raise InputError(problems=[
            Problem("assessed", None, c, None, f"required column {c!r} is missing",
                    "pass the result of assess(courses, enrollments), not the enrollments")
            for c in missing])
    problems = unknown_refs(assessed, "course_id", courses["course_id"], table="enrollments",
                            ref="courses.course_id")
    if teachers is not None:
        problems += unknown_refs(assessed, "teacher_id", teachers["teacher_id"], table="enrollments",
                                 ref="teachers.teacher_id")
    if problems:
        raise InputError(problems=problems)
    return assessed
