"""Course assessment: points, qualification, commendation, sanctions, hours and credits.

The county plan for teachers' continuing education, §5 *training evaluation*:

1. every county-level course ends with a closed-book written test and a
   record of the process;
2. the assessment is subject knowledge (70 points, the written test),
   attendance (15) and discipline (15);
3. the class teacher keeps the process record;
4. absence from 1/3 of the classes, or arriving late / leaving early more
   than 5 times, makes a trainee unqualified — no continuing-education hours
   recognised, no certificate; about a third of each class is commended; those
   in the last tenth who are also unqualified get no title promotion that
   year, no first-class post rating, and bear their own fees.

The numbers are rules (:class:`~evalnb.training.rules.TrainingRules`), never
literals here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._inputs import check_enrollments, file_rows
from .rules import TrainingRules

#: The reason codes of an unqualified trainee, in the order they are listed.
REASONS = ("absence", "lateness", "no_exam", "score")
#: ``_REASON_TEXT[mask]``: the comma-separated codes of a bit mask of :data:`REASONS`.
_REASON_TEXT = np.array([",".join(c for bit, c in enumerate(REASONS) if m >> bit & 1)
                         for m in range(1 << len(REASONS))], dtype=object)
_EPS = 1e-9  # a share times a count that should be whole (9 × 1/3) may land a hair above it
_DIGITS = 6  # points are rounded to this many decimals, so that 0.7 × 57 + 20.1 is exactly 60


def course_credits(courses: pd.DataFrame, rules: TrainingRules) -> pd.Series:
    """The credits a course is worth: its ``credits``, or hours / hours-per-credit of its mode.

    A course with ``credits`` left empty is worth ``hours / hours_per_credit[mode]``
    (defaults: 6 hours a credit face to face, 8 online — a county sets its own),
    rounded down to a multiple of ``credit_step`` when that is not 0.  A course
    that states its credits keeps them as stated.  With ``derive_credits`` off
    (evalnb's reading, not the plan's, switched off) a course without credits earns 0.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"mode": ["online", "face_to_face", "online"],
    ...                   "hours": [20.0, 30.0, 12.0], "credits": [None, None, 3.0]})
    >>> course_credits(c, TrainingRules()).tolist()
    [2.5, 5.0, 3.0]
    """
    if not rules.derive_credits:
        return courses["credits"].astype("float64").fillna(0.0)
    per = courses["mode"].map(rules.hours_per_credit).astype("float64")
    derived = courses["hours"].astype("float64") / per
    if rules.credit_step > 0:
        derived = np.floor(derived / rules.credit_step + _EPS) * rules.credit_step
    derived = derived.round(_DIGITS)
    return courses["credits"].astype("float64").where(courses["credits"].notna(), derived)


def _cut(n: pd.Series, share: float) -> pd.Series:
    """⌈n × share⌉, robust to float noise (30 × 0.1 is 3.0000000000000004)."""
    return np.ceil(n.astype("float64") * share - _EPS)


def assess(courses: pd.DataFrame, enrollments: pd.DataFrame, rules=None, *,
           teachers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Assess every enrollment: points, total, qualification, commendation, sanction, hours.

    Parameters
    ----------
    courses, enrollments : the contract's tables (DATA.md, ``evalnb.training``),
        as read from the files or the database; validated here.
    rules : :class:`TrainingRules`, a mapping of overrides, a YAML path or ``None``.
    teachers : optional; when given, an enrollment of an unknown teacher is an error.

    Returns
    -------
    DataFrame, one row per enrollment in the order given: ``course_id``,
    ``teacher_id``, ``knowledge_points`` (written_score / 100 × 70),
    ``attendance_points`` (15 × (sessions − absences) / sessions),
    ``discipline_points`` (discipline_score scaled to 15), ``total`` (0–100),
    ``qualified``, ``reasons`` (comma-separated codes ``absence``,
    ``lateness``, ``no_exam``, ``score``; empty when qualified), ``commended``,
    ``sanctioned``, ``hours_credited``, ``credits_credited``, and
    ``rank`` (1 = best total of the course; ties share the better rank),
    ``course_size`` (trainees enrolled in the course).

    Rules (county plan §5, items 2 and 4; DATA.md)
    -----------------------------------------------
    * unqualified when absences ≥ sessions / 3 (exactly a third *is*
      unqualified), when late_or_early > 5, when the written test was not taken
      (knowledge then counts 0 points), or when total < 60;
    * a missing ``discipline_score`` counts as ``missing_discipline_score``
      (default 0: no record, no points);
    * commended: the best ⌈n/3⌉ of the course's *qualified* trainees by total,
      n = every trainee enrolled; ties at the cut are all commended;
    * sanctioned: unqualified and ranked within the bottom ⌈n/10⌉ of the course
      by total; ties at the cut are all included;
    * only qualified trainees are credited the course's hours and credits
      (credits derived from hours when the course has none, see
      :func:`course_credits`).

    Raises :class:`~evalnb.InputError` for a bad value (a score of 101,
    absences above the sessions, an unknown course or teacher).

    Examples
    --------
    >>> import pandas as pd
    >>> courses = pd.DataFrame({"course_id": ["C1"], "title": ["Reading"], "mode": ["face_to_face"],
    ...     "sessions": [9], "hours": [24], "credits": [None],
    ...     "start": ["2025-03-03"], "end": ["2025-03-14"]})
    >>> enr = pd.DataFrame({"course_id": ["C1", "C1"], "teacher_id": ["T1", "T2"],
    ...     "absences": [0, 3], "late_or_early": [0, 0],
    ...     "written_score": [90, 90], "discipline_score": [15, 15]})
    >>> out = assess(courses, enr)
    >>> out[["total", "qualified", "reasons", "commended", "credits_credited"]].values.tolist()
    [[93.0, True, '', True, 4.0], [88.0, False, 'absence', False, 0.0]]
    """
    r = TrainingRules.load(rules)
    courses, enr = check_enrollments(courses, enrollments, teachers)

    c = courses.set_index("course_id")
    course = enr["course_id"]
    sessions = course.map(c["sessions"]).astype("float64")
    absences = enr["absences"].astype("float64")
    late = enr["late_or_early"].astype("float64")
    written = enr["written_score"].astype("float64")
    discipline = enr["discipline_score"].astype("float64").fillna(r.missing_discipline_score)

    knowledge_pts = (written.fillna(0.0) * r.knowledge_points / 100).round(_DIGITS)
    attendance_pts = (r.attendance_points * (sessions - absences) / sessions).round(_DIGITS)
    discipline_pts = (discipline * r.discipline_points / r.discipline_score_max).round(_DIGITS)
    total = (knowledge_pts + attendance_pts + discipline_pts).round(_DIGITS)

    flags = pd.DataFrame({
        "absence": absences >= sessions * r.absence_share - _EPS,
        "lateness": late > r.max_late_or_early,
        "no_exam": written.isna() & r.exam_required,
        "score": total < r.pass_mark,
    }, index=enr.index)
    qualified = ~flags.any(axis=1)
    # each combination of the four flags is a bit mask 0–15; its text is looked up, not built per row
    mask = sum(flags[code].to_numpy(dtype="int64") << bit for bit, code in enumerate(REASONS))
    reasons = pd.Series(_REASON_TEXT[mask], index=enr.index, dtype=object)

    by = pd.factorize(course)[0]
    n = pd.Series(np.bincount(by, minlength=by.max() + 1 if len(by) else 0)[by], index=enr.index)
    grouped = total.groupby(by)
    rank = grouped.rank(method="min", ascending=False)
    rank_qualified = total.where(qualified).groupby(by).rank(method="min", ascending=False)
    commended = (rank_qualified <= _cut(n, r.commend_share)).fillna(False).astype(bool)
    rank_from_bottom = grouped.rank(method="min", ascending=True)
    sanctioned = ~qualified & (rank_from_bottom <= _cut(n, r.sanction_share))

    hours = course.map(c["hours"]).astype("float64")
    credits = course.map(course_credits(c.reset_index(), r).set_axis(c.index)).astype("float64")
    out = pd.DataFrame({
        "course_id": course.astype(object),
        "teacher_id": enr["teacher_id"].astype(object),
        "knowledge_points": knowledge_pts,
        "attendance_points": attendance_pts,
        "discipline_points": discipline_pts,
        "total": total,
        "qualified": qualified.astype(bool),
        "reasons": reasons,
        "commended": commended,
        "sanctioned": sanctioned.astype(bool),
        "hours_credited": hours.where(qualified, 0.0),
        "credits_credited": credits.where(qualified, 0.0),
        "rank": rank.astype("int64"),
        "course_size": n.astype("int64"),
    }, index=enr.index).reset_index(drop=True)
    out.attrs["evalnb_rows"] = pd.Series(file_rows(enr))
    return out
