"""A teacher's continuing-education registry: courses, hours and credits, and standing.

The county plan asks for "the registration system for teachers' continuing
education hours" and "the annual audit of teachers' continuing education
hours" (§4 safeguard measures, item 1; key work (A), item 7).  The registry
of one teacher lists every course taken, what was credited for it, the totals
per school year and per five-year cycle, and where the teacher stands against
each requirement that applies:

* every school year: ≥ 3 online courses and ≥ 8 online credits (§3 item 5);
  kindergarten teachers ≥ 20 face-to-face hours (key work (A) item 8); a
  county's yearly hour / credit minimums when set;
* every cycle: the cycle's hour total (default 360 hours in 5 years) and a
  county's credit total when set.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.validate import ensure
from ..errors import InputError
from ._inputs import check_assessed
from .calc import course_credits
from .compliance import COMPLIANCE_COLUMNS, compliance_grid, credited_courses
from .periods import (cycle_label, cycle_labels, cycle_start_of, parse_school_year, school_year_of,
                      year_label, year_labels)
from .rules import TrainingRules

_EPS = 1e-9

COURSE_COLUMNS = ["course_id", "title", "level", "mode", "start", "end", "year", "cycle",
                  "sessions", "course_hours", "course_credits", "total", "qualified", "reasons",
                  "commended", "sanctioned", "hours_credited", "credits_credited"]


@dataclass(frozen=True)
class TeacherRegistry:
    """One teacher's registry (see :func:`teacher_registry`).

    Attributes
    ----------
    teacher : the teacher's row (``teacher_id``, ``school_id``, ``name``, ``kind`` …).
    as_of : the school year the standing is given for (``'2024-2025'``).
    cycle : the cycle holding ``as_of`` (``'2021-2026'``).
    courses : every course taken, newest last: dates, school year, cycle, what
        the course is worth (``course_hours``, ``course_credits``), the
        assessment (``total``, ``qualified``, ``reasons``, ``commended``,
        ``sanctioned``) and what was credited (``hours_credited``, ``credits_credited``).
    years : one row per school year (the whole cycle of ``as_of`` and every
        year with a course), with the columns of :func:`annual_compliance`.
    cycles : one row per cycle: ``cycle``, ``first_year``, ``last_year``,
        ``hours_total``, ``credits_total``, ``min_hours``, ``min_credits``,
        ``meets_hours``, ``meets_credits`` (empty where no minimum is set),
        ``complete`` (the cycle has ended by ``as_of``).
    standing : one row per requirement that applies as of ``as_of``:
        ``requirement``, ``period``, ``required``, ``actual``, ``shortfall``, ``met``.
    """

    teacher: dict
    as_of: str
    cycle: str
    courses: pd.DataFrame
    years: pd.DataFrame
    cycles: pd.DataFrame
    standing: pd.DataFrame

    @property
    def compliant(self) -> bool:
        """Every yearly requirement of ``as_of`` met (the cycle may still be in progress)."""
        year_rows = self.standing[self.standing["period"] == self.as_of]
        return bool(year_rows["met"].all())


def teacher_registry(teacher_id: str, teachers: pd.DataFrame, courses: pd.DataFrame,
                     assessed: pd.DataFrame, rules=None, as_of=None) -> TeacherRegistry:
    """The registry of one teacher: every course, the totals per year and cycle, the standing.

    Parameters
    ----------
    teacher_id : the teacher; an id not in ``teachers`` is an :class:`~evalnb.InputError`.
    teachers, courses : the contract's tables (validated here).
    assessed : the result of :func:`~evalnb.training.assess` (any teachers; the
        teacher's rows are picked here).
    rules : :class:`~evalnb.training.rules.TrainingRules`, a mapping, a YAML path or ``None``.
    as_of : the school year to give the standing for (``'2024-2025'``); default:
        the school year of the latest course end in ``courses``.

    Returns
    -------
    :class:`TeacherRegistry`

    Examples
    --------
    >>> import pandas as pd
    >>> from evalnb.training import assess
    >>> teachers = pd.DataFrame({"teacher_id": ["T1"], "school_id": ["S1"], "name": ["Li"],
    ...                          "kind": ["primary"]})
    >>> courses = pd.DataFrame({"course_id": ["O1", "O2", "O3"], "title": ["A", "B", "C"],
    ...     "mode": ["online"] * 3, "sessions": [4] * 3, "hours": [24] * 3, "credits": [None] * 3,
    ...     "start": ["2024-10-01"] * 3, "end": ["2024-10-31", "2025-01-31", "2025-08-31"]})
    >>> enr = pd.DataFrame({"course_id": ["O1", "O2", "O3"], "teacher_id": ["T1"] * 3,
    ...     "absences": [0] * 3, "late_or_early": [0] * 3, "written_score": [80] * 3,
    ...     "discipline_score": [15] * 3})
    >>> reg = teacher_registry("T1", teachers, courses, assess(courses, enr))
    >>> reg.as_of, reg.cycle, reg.compliant
    ('2024-2025', '2021-2026', True)
    >>> reg.standing.set_index("requirement").loc["cycle_hours", ["required", "actual"]].tolist()
    [360.0, 72.0]
    """
    r = TrainingRules.load(rules)
    teachers = ensure(teachers, "teachers")
    courses = ensure(courses, "courses")
    assessed = check_assessed(assessed, courses, teachers)
    hit = teachers[teachers["teacher_id"] == teacher_id]
    if hit.empty:
        raise InputError(f"unknown teacher {teacher_id!r}", table="teachers", column="teacher_id",
                         value=teacher_id, rule="teacher_id must be in the teachers table")
    teacher = hit.iloc[0].to_dict()

    if as_of is None:
        ends = courses["end"].dropna()
        latest = ends.max() if len(ends) else pd.Timestamp.today().normalize()
        y_as_of = int(school_year_of(pd.Series([latest]), r.start_month_day).iloc[0])
    else:
        y_as_of = parse_school_year(as_of, column="as_of")
    c_as_of = int(cycle_start_of(y_as_of, r.cycle_first_year, r.cycle_years))

    mine = assessed[assessed["teacher_id"] == teacher_id]
    rows = credited_courses(teachers, courses, mine, r)
    worth = course_credits(courses, r).set_axis(courses["course_id"])
    rows["course_credits"] = rows["course_id"].map(worth).astype("float64")
    rows = rows.sort_values(["end", "start", "course_id"], kind="stable").reset_index(drop=True)
    rows["cycle_start"] = cycle_start_of(rows["year_start"], r.cycle_first_year, r.cycle_years)

    have = rows["year_start"].dropna().astype(int)
    first = min([c_as_of, *have.tolist()])
    last = max([y_as_of, *have.tolist()])
    years = compliance_grid(hit, rows, range(first, last + 1), r)
    years["cycle"] = cycle_labels(cycle_start_of(years["year_start"], r.cycle_first_year,
                                                 r.cycle_years), r.cycle_years)
    rows["year"] = year_labels(rows["year_start"])
    rows["cycle"] = cycle_labels(rows["cycle_start"], r.cycle_years)

    cycles = _cycles(years, r, y_as_of)
    standing = _standing(teacher, years, cycles, r, y_as_of, c_as_of)
    return TeacherRegistry(
        teacher=teacher, as_of=year_label(y_as_of), cycle=cycle_label(c_as_of, r.cycle_years),
        courses=rows[COURSE_COLUMNS].reset_index(drop=True),
        years=years[COMPLIANCE_COLUMNS + ["cycle"]].reset_index(drop=True),
        cycles=cycles, standing=standing)


def _cycles(years: pd.DataFrame, r: TrainingRules, y_as_of: int) -> pd.DataFrame:
    y = years.assign(cycle_start=cycle_start_of(years["year_start"].astype(int),
                                                r.cycle_first_year, r.cycle_years))
    out = (y.groupby("cycle_start", as_index=False, sort=True)
           .agg(hours_total=("hours_total", "sum"), credits_total=("credits_total", "sum")))
    out.insert(0, "cycle", cycle_labels(out["cycle_start"], r.cycle_years))
    out["first_year"] = year_labels(out["cycle_start"])
    out["last_year"] = year_labels(out["cycle_start"] + r.cycle_years - 1)
    out["min_hours"] = r.cycle_min_hours
    out["min_credits"] = r.cycle_min_credits
    out["meets_hours"] = _meets(out["hours_total"], r.cycle_min_hours)
    out["meets_credits"] = _meets(out["credits_total"], r.cycle_min_credits)
    out["complete"] = (out["cycle_start"] + r.cycle_years - 1) <= y_as_of
    return out.drop(columns="cycle_start")


def _meets(values: pd.Series, minimum) -> pd.Series:
    if minimum is None:
        return pd.Series(pd.NA, index=values.index, dtype="boolean")
    return (values >= minimum - _EPS).astype("boolean")


def _standing(teacher: dict, years: pd.DataFrame, cycles: pd.DataFrame, r: TrainingRules,
              y_as_of: int, c_as_of: int) -> pd.DataFrame:
    yr = years[years["year_start"] == y_as_of].iloc[0]
    cy = cycles[cycles["cycle"] == cycle_label(c_as_of, r.cycle_years)].iloc[0]
    period, cycle = year_label(y_as_of), cy["cycle"]
    reqs = [("online_courses", period, r.online_min_courses, yr["online_courses"]),
            ("online_credits", period, r.online_min_credits, yr["online_credits"])]
    if teacher.get("kind") == "kindergarten":
        reqs.append(("kindergarten_hours", period, r.kindergarten_min_hours, yr["face_to_face_hours"]))
    if r.annual_min_hours is not None:
        reqs.append(("annual_hours", period, r.annual_min_hours, yr["hours_total"]))
    if r.annual_min_credits is not None:
        reqs.append(("annual_credits", period, r.annual_min_credits, yr["credits_total"]))
    if r.cycle_min_hours is not None:
        reqs.append(("cycle_hours", cycle, r.cycle_min_hours, cy["hours_total"]))
    if r.cycle_min_credits is not None:
        reqs.append(("cycle_credits", cycle, r.cycle_min_credits, cy["credits_total"]))
    out = pd.DataFrame(reqs, columns=["requirement", "period", "required", "actual"])
    out["required"] = out["required"].astype("float64")
    out["actual"] = out["actual"].astype("float64")
    out["shortfall"] = (out["required"] - out["actual"]).clip(lower=0).round(6)
    out["met"] = out["actual"] >= out["required"] - _EPS
    return out
