"""A unit's monthly training results (``notebooks/training/unit_monthly_report.ipynb``).

County plan for teachers' continuing education, §5 *training evaluation*,
item 4: the county informs every unit of its teachers' results in last
month's courses before the 5th of each month.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.ticker import MaxNLocator

from ...core.charts import figure, legend_outside
from ...core.i18n import fmt_date, fmt_number, fmt_percent
from ...core.report import school_rows
from ...errors import InputError
from ..labels import reasons_text, yes_no
from ..monthly import latest_month, monthly_unit_report, unit_results
from ..periods import parse_month
from ._shared import TrainingData, assess_courses, month_text, short

#: The figures the notebook records for the batch's index.
FIGURES = ("participants", "qualified", "unqualified", "commended", "sanctioned", "hours_credited")


@dataclass
class UnitMonth:
    """One unit's month: its data, the month reported and the unit's row of the monthly report."""

    data: TrainingData
    school_id: str
    month: str
    summary: dict


def load_unit(store, school_id: str, rules) -> TrainingData:
    """A unit's teachers and their assessed enrollments (ranked on the full course rosters)."""
    rows = school_rows(store, school_id, ("teachers", "enrollments"),
                       columns={"enrollments": ["course_id", "teacher_id"]})
    teachers = rows["teachers"]
    courses, assessed = assess_courses(store, rows["enrollments"]["course_id"], rules)
    assessed = assessed[assessed["teacher_id"].isin(teachers["teacher_id"])].reset_index(drop=True)
    return TrainingData(teachers, courses, assessed, rules)


def resolve_month(data: TrainingData, month=None) -> str:
    """``month`` as ``YYYY-MM``; ``None`` → the latest month in which the unit had results."""
    if month is not None:
        return str(parse_month(month))
    found = latest_month(data.courses, data.assessed)
    if found is None:
        ends = data.courses["end"].dropna()
        if ends.empty:
            raise InputError("no course in the data, so no month to report", table="courses",
                             rule="import courses.csv first or pass month")
        found = str(ends.max().to_period("M"))
    return found


def unit_summary(data: TrainingData, school_id: str, month: str) -> dict:
    """The unit's row of :func:`monthly_unit_report` as a dict."""
    rep = monthly_unit_report(data.teachers, data.courses, data.assessed, month, data.rules)
    row = rep[rep["school_id"] == school_id]
    if row.empty:
        raise InputError(f"school {school_id!r} has no teachers", table="teachers", column="school_id",
                         value=school_id, rule="the unit must have teachers in the teachers table")
    return row.iloc[0].to_dict()


def load(ctx, month=None) -> UnitMonth:
    """The report's unit (``ctx.school``) in ``month`` (``None``: its latest month with results)."""
    school_id = str(ctx.school["school_id"])
    data = load_unit(ctx.store, school_id, ctx.rules)
    month = resolve_month(data, month)
    return UnitMonth(data, school_id, month, unit_summary(data, school_id, month))


def summary_table(ctx, rep: UnitMonth):
    """Key figures of a unit's month: participants, qualified … hours, due date."""
    _, lang, s = ctx._, ctx.lang, rep.summary
    n = s["participants"]
    share = (lambda k: f" ({fmt_percent(s[k] / n, lang, 0)})" if n else "")
    items = [
        (_("Participants (trainee-courses)"), fmt_number(n, lang, 0)),
        (_("Teachers who took part"), fmt_number(s["teachers"], lang, 0)),
        (_("Qualified"), fmt_number(s["qualified"], lang, 0) + share("qualified")),
        (_("Unqualified"), fmt_number(s["unqualified"], lang, 0) + share("unqualified")),
        (_("Commended"), fmt_number(s["commended"], lang, 0)),
        (_("Sanctioned"), fmt_number(s["sanctioned"], lang, 0)),
        (_("Hours credited"), fmt_number(s["hours_credited"], lang, 0)),
        (_("Credits earned"), fmt_number(s["credits_credited"], lang, 1)),
        (_("Due at the unit by"), fmt_date(s["due"], lang, "long")),
    ]
    frame = pd.DataFrame(items, columns=["item", "value"])
    return ctx.table(frame, labels={"item": _("Item"), "value": _("Value")}, formats={"value": "text"})


def _rows(rep: UnitMonth) -> pd.DataFrame:
    d = rep.data
    return unit_results(d.teachers, d.courses, d.assessed, rep.school_id, rep.month)


def results_table(ctx, rep: UnitMonth):
    """The unit's teachers with their results in the month's courses (``None`` if there are none)."""
    _ = ctx._
    rows = _rows(rep)
    if rows.empty:
        return None
    word = yes_no(_)
    shown = pd.DataFrame({
        "name": rows["name"], "course": rows["title"],
        "knowledge": rows["knowledge_points"], "attendance": rows["attendance_points"],
        "discipline": rows["discipline_points"], "total": rows["total"],
        "qualified": rows["qualified"].map(word), "reasons": reasons_text(rows["reasons"], _),
        "commended": rows["commended"].map(word), "sanctioned": rows["sanctioned"].map(word),
        "hours": rows["hours_credited"],
    })
    return ctx.table(shown, labels={
        "name": _("Teacher"), "course": _("Course"), "knowledge": _("Knowledge (70)"),
        "attendance": _("Attendance (15)"), "discipline": _("Discipline (15)"), "total": _("Total"),
        "qualified": _("Qualified"), "reasons": _("Why unqualified"), "commended": _("Commended"),
        "sanctioned": _("Sanctioned"), "hours": _("Hours credited")},
        formats={"hours": "number"}, highlight={"evalnb-warn": rows["sanctioned"].astype(bool)})


def results_chart(ctx, rep: UnitMonth):
    """Bars per course: the unit's qualified and unqualified trainees (``None`` if none)."""
    _ = ctx._
    rows = _rows(rep)
    if rows.empty:
        return None
    counts = (rows.assign(unq=~rows["qualified"].astype(bool), q=rows["qualified"].astype(bool))
              .groupby("title", sort=True)[["q", "unq"]].sum())
    fig, ax = figure(figsize=(7.5, 0.5 + 0.45 * len(counts)))
    y = range(len(counts))
    ax.barh(y, counts["q"], label=_("Qualified"))
    ax.barh(y, counts["unq"], left=counts["q"], label=_("Unqualified"))
    ax.set_yticks(list(y), [short(t) for t in counts.index])
    ax.invert_yaxis()
    ax.set_xlabel(_("Trainees"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(_("Results by course, {month}", month=month_text(rep.month, ctx.lang)))
    legend_outside(ax)
    return fig


def narrative(ctx, rep: UnitMonth) -> list[str]:
    """Short sentences on what the month's figures mean for the unit."""
    _, s = ctx._, rep.summary
    out = [_("Results of the courses that ended in {month}; the county sends them to the unit "
             "by {due}, and the school links them to performance appraisal.",
             month=month_text(s["month"], ctx.lang), due=fmt_date(s["due"], ctx.lang, "long"))]
    if s["participants"] == 0:
        out.append(_("None of the unit's teachers finished a course this month."))
    if s["sanctioned"]:
        out.append(_("Sanctioned trainees (unqualified and in the last tenth of their class) get no "
                     "title promotion this year, no first-class post rating, and bear their own fees."))
    if s["unqualified"]:
        out.append(_("Unqualified trainees are credited no hours and receive no certificate."))
    return out
