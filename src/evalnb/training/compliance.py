"""Annual requirements of continuing education, per teacher and school year.

County plan for teachers' continuing education:

* §3 training content, item 5: every teacher completes at least 3 online
  video courses with no less than 8 credits each academic year;
* key work (A), item 8: no less than 20 hours of intensive training for each
  kindergarten teacher this school year.

A course counts in the school year in which it *ends* (DATA.md: ``2024-2025``
= courses ending 2024-09-01 … 2025-08-31).  Only what was credited counts:
a course in which the teacher was unqualified brings no hours, no credits and
is not a completed course.  Counties may add yearly hour or credit minimums
(``annual_min_hours``, ``annual_min_credits``); when set they are part of
``compliant``.
"""

from __future__ import annotations

import pandas as pd

from ..core.validate import ensure
from ._inputs import check_assessed
from .periods import parse_school_year, school_year_of, year_labels
from .rules import TrainingRules

_EPS = 1e-9


def credited_courses(teachers: pd.DataFrame, courses: pd.DataFrame, assessed: pd.DataFrame,
                     rules: TrainingRules) -> pd.DataFrame:
    """Assessed enrollments with their course's mode, dates and school year (``year_start``).

    Frames must already be validated (:func:`~evalnb.core.validate.ensure`).
    """
    cols = ["course_id", "title", "level", "mode", "sessions", "hours", "credits", "start", "end"]
    merged = assessed.merge(courses[cols].rename(columns={"hours": "course_hours",
                                                          "credits": "course_credits"}),
                            on="course_id", how="left", validate="many_to_one")
    merged["year_start"] = school_year_of(merged["end"], rules.start_month_day)
    return merged


def _totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Per ``(teacher_id, year_start)``: online courses and credits, hours, credits."""
    online = rows["mode"].eq("online")
    f2f = rows["mode"].eq("face_to_face")
    parts = pd.DataFrame({
        "teacher_id": rows["teacher_id"],
        "year_start": rows["year_start"],
        "online_courses": (online & rows["qualified"].astype(bool)).astype("int64"),
        "online_credits": rows["credits_credited"].where(online, 0.0),
        "face_to_face_hours": rows["hours_credited"].where(f2f, 0.0),
        "hours_total": rows["hours_credited"].astype("float64"),
        "credits_total": rows["credits_credited"].astype("float64"),
        "courses_taken": 1,
        "courses_completed": rows["qualified"].astype(bool).astype("int64"),
    })
    return parts.groupby(["teacher_id", "year_start"], as_index=False, sort=True).sum()


def yearly_standing(teachers: pd.DataFrame, totals: pd.DataFrame, rules: TrainingRules) -> pd.DataFrame:
    """Add the ``meets_*`` columns and ``compliant`` to per-teacher-year totals.

    ``totals`` carries ``teacher_id`` and the sums of :func:`_totals`; the
    teacher's ``kind`` decides whether the kindergarten rule applies.
    """
    out = totals.merge(teachers[["teacher_id", "school_id", "name", "kind"]], on="teacher_id",
                       how="left", validate="many_to_one")
    out["meets_online"] = ((out["online_courses"] >= rules.online_min_courses)
                           & (out["online_credits"] >= rules.online_min_credits - _EPS))
    # §3 item 5: the year's online courses count as 8 hours of school-based training
    out["school_based_hours"] = out["meets_online"].astype("float64") * rules.online_school_based_hours
    kg = out["kind"].eq("kindergarten")
    meets_kg = pd.Series(pd.NA, index=out.index, dtype="boolean")
    meets_kg[kg] = out.loc[kg, "face_to_face_hours"] >= rules.kindergarten_min_hours - _EPS
    out["meets_kindergarten"] = meets_kg
    out["meets_hours"] = _optional_min(out["hours_total"], rules.annual_min_hours)
    out["meets_credits"] = _optional_min(out["credits_total"], rules.annual_min_credits)
    out["compliant"] = (out["meets_online"]
                        & out["meets_kindergarten"].fillna(True)
                        & out["meets_hours"].fillna(True)
                        & out["meets_credits"].fillna(True)).astype(bool)
    return out


def _optional_min(values: pd.Series, minimum: float | None) -> pd.Series:
    if minimum is None:
        return pd.Series(pd.NA, index=values.index, dtype="boolean")
    return (values >= minimum - _EPS).astype("boolean")


_SUMS = ("online_courses", "online_credits", "face_to_face_hours", "hours_total", "credits_total",
         "courses_taken", "courses_completed")
COMPLIANCE_COLUMNS = ["teacher_id", "school_id", "name", "kind", "year", *_SUMS,
                      "meets_online", "meets_kindergarten", "meets_hours", "meets_credits", "compliant",
                      "school_based_hours"]


def compliance_grid(teachers: pd.DataFrame, rows: pd.DataFrame, year_starts, rules: TrainingRules
                    ) -> pd.DataFrame:
    """Standing of every teacher in every school year of ``year_starts`` (zeros where nothing was done)."""
    year_starts = sorted({int(y) for y in year_starts})
    grid = pd.MultiIndex.from_product([teachers["teacher_id"], year_starts],
                                      names=["teacher_id", "year_start"]).to_frame(index=False)
    grid["year_start"] = grid["year_start"].astype("Int64")
    sums = _totals(rows[rows["year_start"].isin(year_starts)])
    totals = grid.merge(sums, on=["teacher_id", "year_start"], how="left")
    for col in _SUMS:
        totals[col] = totals[col].fillna(0)
    for col in ("online_courses", "courses_taken", "courses_completed"):
        totals[col] = totals[col].astype("int64")
    out = yearly_standing(teachers, totals, rules)
    out["year"] = year_labels(out["year_start"])
    return out


def annual_compliance(teachers: pd.DataFrame, courses: pd.DataFrame, assessed: pd.DataFrame,
                      year, rules=None) -> pd.DataFrame:
    """Where every teacher stands against the yearly requirements of one school year.

    Parameters
    ----------
    teachers, courses : the contract's tables (validated here).
    assessed : the result of :func:`~evalnb.training.assess`.
    year : the school year, ``'2024-2025'`` (courses ending 2024-09-01 … 2025-08-31;
        the first day is the rule ``school_year_start``).
    rules : :class:`~evalnb.training.rules.TrainingRules`, a mapping, a YAML path or ``None``.

    Returns
    -------
    DataFrame, one row per teacher (every teacher, also those with no course):
    ``teacher_id``, ``school_id``, ``name``, ``kind``, ``year``,
    ``online_courses`` (online courses completed, i.e. qualified),
    ``online_credits``, ``face_to_face_hours``, ``hours_total``,
    ``credits_total``, ``courses_taken``, ``courses_completed``,
    ``meets_online`` (≥ 3 online courses and ≥ 8 online credits; county plan
    §3 item 5), ``meets_kindergarten`` (kindergarten teachers: ≥ 20
    face-to-face hours, key work (A) item 8; empty for others),
    ``meets_hours`` / ``meets_credits`` (a county's yearly minimums; empty when
    not set), ``compliant`` (every requirement that applies is met),
    ``school_based_hours`` (8 when ``meets_online``: the online courses count as
    8 hours of school-based training, §3 item 5; 0 otherwise).

    Examples
    --------
    >>> import pandas as pd
    >>> from evalnb.training import assess
    >>> teachers = pd.DataFrame({"teacher_id": ["T1"], "school_id": ["S1"], "name": ["Li"],
    ...                          "kind": ["kindergarten"]})
    >>> courses = pd.DataFrame({"course_id": ["K1"], "title": ["Play"], "mode": ["face_to_face"],
    ...     "sessions": [5], "hours": [20], "credits": [2], "start": ["2025-03-03"],
    ...     "end": ["2025-03-07"]})
    >>> enr = pd.DataFrame({"course_id": ["K1"], "teacher_id": ["T1"], "absences": [0],
    ...                     "late_or_early": [0], "written_score": [80], "discipline_score": [15]})
    >>> row = annual_compliance(teachers, courses, assess(courses, enr), "2024-2025").iloc[0]
    >>> bool(row.meets_kindergarten), bool(row.meets_online), bool(row.compliant)
    (True, False, False)
    """
    r = TrainingRules.load(rules)
    y0 = parse_school_year(year)
    teachers = ensure(teachers, "teachers")
    courses = ensure(courses, "courses")
    assessed = check_assessed(assessed, courses, teachers)
    rows = credited_courses(teachers, courses, assessed, r)
    out = compliance_grid(teachers, rows, [y0], r)
    return out[COMPLIANCE_COLUMNS].reset_index(drop=True)
