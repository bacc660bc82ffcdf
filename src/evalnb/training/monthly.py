"""The monthly report to units (schools) on last month's training results.

County plan for teachers' continuing education, §5 training evaluation,
item 4: "The county bureau will inform the unit of the assessment of the
trainees last month before the 5th of each month, and the school will
directly link the assessment results with the performance appraisal."

A month's results are those of the courses that *ended* in the month.
Counts are of enrollments (person-courses, 人次): a teacher who finished two
courses in the month counts twice in ``participants`` and the counts that
split it (``qualified`` + ``unqualified`` = ``participants``); ``teachers``
counts distinct teachers.
"""

from __future__ import annotations

import pandas as pd

from ..core.validate import ensure
from ..errors import InputError
from ._inputs import check_assessed
from .periods import due_date, parse_month
from .rules import TrainingRules

REPORT_COLUMNS = ["school_id", "month", "participants", "teachers", "qualified", "unqualified",
                  "commended", "sanctioned", "hours_credited", "credits_credited", "due"]


def _month_rows(teachers, courses, assessed, month):
    """Assessed enrollments of courses ending in ``month``, with course and teacher columns."""
    period = parse_month(month)
    ended = courses[courses["end"].dt.to_period("M") == period]
    rows = assessed.merge(ended[["course_id", "title", "level", "mode", "sessions", "hours", "end"]],
                          on="course_id", how="inner", validate="many_to_one")
    rows = rows.merge(teachers[["teacher_id", "school_id", "name", "kind"]], on="teacher_id",
                      how="left", validate="many_to_one")
    return period, rows


def monthly_unit_report(teachers: pd.DataFrame, courses: pd.DataFrame, assessed: pd.DataFrame,
                        month, rules=None) -> pd.DataFrame:
    """What the county tells each unit about the courses that ended in ``month``.

    Parameters
    ----------
    teachers, courses : the contract's tables (validated here).
    assessed : the result of :func:`~evalnb.training.assess`.
    month : ``'YYYY-MM'`` (a date or ``pandas.Period`` also works).
    rules : :class:`~evalnb.training.rules.TrainingRules`, a mapping, a YAML path or ``None``.

    Returns
    -------
    DataFrame, one row per school of ``teachers`` (schools with no results in
    the month have zeros), sorted by ``school_id``: ``month``,
    ``participants`` (enrollments), ``teachers`` (distinct), ``qualified``,
    ``unqualified``, ``commended``, ``sanctioned``, ``hours_credited``,
    ``credits_credited``, ``due`` (the 5th of the following month; rule
    ``report_due_day``).

    Examples
    --------
    >>> import pandas as pd
    >>> from evalnb.training import assess
    >>> teachers = pd.DataFrame({"teacher_id": ["T1", "T2"], "school_id": ["S1", "S2"],
    ...                          "name": ["Li", "Wang"], "kind": ["primary", "primary"]})
    >>> courses = pd.DataFrame({"course_id": ["C1"], "title": ["A"], "mode": ["face_to_face"],
    ...     "sessions": [6], "hours": [12], "credits": [2], "start": ["2025-03-03"],
    ...     "end": ["2025-03-28"]})
    >>> enr = pd.DataFrame({"course_id": ["C1"], "teacher_id": ["T1"], "absences": [0],
    ...     "late_or_early": [0], "written_score": [80], "discipline_score": [15]})
    >>> rep = monthly_unit_report(teachers, courses, assess(courses, enr), "2025-03")
    >>> rep[["school_id", "participants", "qualified", "hours_credited"]].values.tolist()
    [['S1', 1, 1, 12.0], ['S2', 0, 0, 0.0]]
    >>> str(rep["due"].iloc[0].date())
    '2025-04-05'
    """
    r = TrainingRules.load(rules)
    teachers = ensure(teachers, "teachers")
    courses = ensure(courses, "courses")
    assessed = check_assessed(assessed, courses, teachers)
    period, rows = _month_rows(teachers, courses, assessed, month)
    q = rows["qualified"].astype(bool)
    parts = pd.DataFrame({
        "school_id": rows["school_id"],
        "participants": 1,
        "qualified": q.astype("int64"),
        "unqualified": (~q).astype("int64"),
        "commended": rows["commended"].astype(bool).astype("int64"),
        "sanctioned": rows["sanctioned"].astype(bool).astype("int64"),
        "hours_credited": rows["hours_credited"].astype("float64"),
        "credits_credited": rows["credits_credited"].astype("float64"),
    })
    sums = parts.groupby("school_id").sum()
    sums["teachers"] = rows.groupby("school_id")["teacher_id"].nunique()
    schools = pd.Index(sorted(teachers["school_id"].dropna().unique()), name="school_id")
    out = sums.reindex(schools).fillna(0).reset_index()
    for col in ("participants", "teachers", "qualified", "unqualified", "commended", "sanctioned"):
        out[col] = out[col].astype("int64")
    out["month"] = str(period)
    out["due"] = pd.Timestamp(due_date(period, r.report_due_day))
    return out[REPORT_COLUMNS]


UNIT_COLUMNS = ["teacher_id", "name", "kind", "course_id", "title", "mode", "end", "total",
                "knowledge_points", "attendance_points", "discipline_points", "qualified", "reasons",
                "commended", "sanctioned", "hours_credited", "credits_credited"]


def unit_results(teachers: pd.DataFrame, courses: pd.DataFrame, assessed: pd.DataFrame,
                 school_id: str, month) -> pd.DataFrame:
    """The unit's teachers with their results in the courses that ended in ``month``.

    One row per enrollment of a teacher of ``school_id``, sorted by teacher
    name and course: the points, total, qualification and its reasons,
    commendation, sanction, and what was credited.  An unknown school (no
    teacher of ``teachers`` works there) is an :class:`~evalnb.InputError`.
    """
    teachers = ensure(teachers, "teachers")
    courses = ensure(courses, "courses")
    assessed = check_assessed(assessed, courses, teachers)
    if not teachers["school_id"].eq(school_id).any():
        raise InputError(f"no teacher works at school {school_id!r}", table="teachers",
                         column="school_id", value=school_id,
                         rule="the unit must have teachers in the teachers table")
    _, rows = _month_rows(teachers, courses, assessed, month)
    rows = rows[rows["school_id"] == school_id]
    cols = [c for c in UNIT_COLUMNS if c in rows.columns]
    return rows.sort_values(["name", "teacher_id", "end", "course_id"], kind="stable")[cols] \
        .reset_index(drop=True)


def latest_month(courses: pd.DataFrame, assessed: pd.DataFrame,
                 teachers: pd.DataFrame | None = None, school_id: str | None = None) -> str | None:
    """The latest ``YYYY-MM`` in which a course with results ended (``None`` if none).

    With ``teachers`` and ``school_id``: the latest month with results of that
    school's teachers.
    """
    courses = ensure(courses, "courses")
    ids = assessed
    if school_id is not None and teachers is not None:
        teachers = ensure(teachers, "teachers")
        mine = teachers.loc[teachers["school_id"] == school_id, "teacher_id"]
        ids = assessed[assessed["teacher_id"].isin(mine)]
    ends = courses.loc[courses["course_id"].isin(ids["course_id"]), "end"].dropna()
    if ends.empty:
        return None
    return str(ends.max().to_period("M"))
