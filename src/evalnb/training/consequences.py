"""What follows from a course's assessment, per teacher: the list the county office sends.

County plan, §5 training evaluation, item 4: trainees who fail (absent from a
third of the classes, late or early more than 5 times, …) are unqualified —
"will not be recognized as continuing education hours, and no other relevant
certificates will be issued"; those "in the last tenth and unqualified" —
sanctioned — "the title shall not be promoted in that year, and the post
target assessment shall not be rated as first class, and the individual shall
bear all the learning expenses".
"""

from __future__ import annotations

import pandas as pd

from ..core.validate import ensure
from ._inputs import check_assessed
from .compliance import credited_courses
from .periods import year_labels
from .rules import TrainingRules

#: the consequences, in the order a teacher's list shows them
CONSEQUENCES = ("no_title_promotion", "no_first_class_rating", "fees_borne", "no_certificate")
ACTION_COLUMNS = ["school_id", "teacher_id", "name", "year", "consequence", "course_id", "title"]


def county_actions(teachers: pd.DataFrame, courses: pd.DataFrame, assessed: pd.DataFrame,
                   rules=None) -> pd.DataFrame:
    """The consequences of the assessment, one row per teacher, school year and consequence.

    Parameters
    ----------
    teachers, courses : the contract's tables.
    assessed : :func:`~evalnb.training.assess` of the courses.
    rules : :class:`~evalnb.training.rules.TrainingRules` (the school year's start).

    Returns
    -------
    pandas.DataFrame
        ``school_id``, ``teacher_id``, ``name``, ``year`` (school year of the
        course's end, ``2024-2025``), ``consequence`` and the ``course_id`` /
        ``title`` it comes from:

        * ``no_title_promotion`` and ``no_first_class_rating`` — once per
          teacher and school year with a sanctioned course (the course is the
          first such one);
        * ``fees_borne`` — per sanctioned course;
        * ``no_certificate`` — per course in which the teacher is unqualified
          (the hours are not recognised either).

        Sorted by school, teacher, year and consequence.

    Examples
    --------
    >>> from evalnb.training import assess
    >>> courses = pd.DataFrame({"course_id": ["C1"], "title": ["Reading"], "mode": ["face_to_face"],
    ...     "sessions": [9], "hours": [24], "credits": [4], "start": ["2025-03-03"], "end": ["2025-03-14"]})
    >>> enr = pd.DataFrame({"course_id": "C1", "teacher_id": ["T1", "T2"], "absences": [0, 3],
    ...     "late_or_early": 0, "written_score": [90, 50], "discipline_score": 15})
    >>> teachers = pd.DataFrame({"teacher_id": ["T1", "T2"], "school_id": "S", "name": ["A", "B"],
    ...                          "kind": "primary"})
    >>> county_actions(teachers, courses, assess(courses, enr))["consequence"].tolist()
    ['no_title_promotion', 'no_first_class_rating', 'fees_borne', 'no_certificate']
    """
    r = TrainingRules.load(rules)
    teachers = ensure(teachers, "teachers")
    courses = ensure(courses, "courses")
    assessed = check_assessed(assessed, courses, teachers)
    rows = credited_courses(teachers, courses, assessed, r)
    rows = rows.assign(year=year_labels(rows["year_start"]))
    rows = rows.sort_values(["teacher_id", "end", "course_id"], kind="stable")
    keep = ["teacher_id", "year", "course_id", "title"]
    sanctioned = rows[rows["sanctioned"].astype(bool)][keep]
    first = sanctioned.drop_duplicates(["teacher_id", "year"])
    parts = [first.assign(consequence="no_title_promotion"),
             first.assign(consequence="no_first_class_rating"),
             sanctioned.assign(consequence="fees_borne"),
             rows[~rows["qualified"].astype(bool)][keep].assign(consequence="no_certificate")]
    out = pd.concat(parts, ignore_index=True)
    out = out.merge(teachers[["teacher_id", "school_id", "name"]], on="teacher_id", how="left")
    order = {c: i for i, c in enumerate(CONSEQUENCES)}
    out["_o"] = out["consequence"].map(order)
    out = out.sort_values(["school_id", "teacher_id", "year", "_o", "course_id"], kind="stable")
    return out[ACTION_COLUMNS].reset_index(drop=True)
