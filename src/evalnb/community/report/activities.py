"""A term's activity evaluation of a school's groups (``term_activities.ipynb``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.charts import figure, percent_axis
from ...core.i18n import fmt_date
from ...core.tables import html_table
from ..activities import ActivitySummary, activity_summary
from ._common import kind_labels, rules_of, term_bounds, term_label, term_of
from .grouping import _short


@dataclass
class TermActivities:
    term: str
    start: pd.Timestamp
    end: pd.Timestamp
    students: pd.DataFrame
    activities: pd.DataFrame
    summary: ActivitySummary


def load(ctx, school_id: str, term: str | None = None) -> TermActivities:
    store, rules = ctx.store, rules_of(ctx)
    members = store.read("community_members", school_id=school_id)
    acts = store.read("community_activities", school_id=school_id)
    students = store.read("community_students", school_id=school_id)
    if term is None:
        term = term_of(acts["date"].max(), rules) if not acts.empty else term_of(pd.Timestamp.today(), rules)
    start, end = term_bounds(term, rules)
    return TermActivities(term, start, end, students, acts,
                          activity_summary(acts, members, start, end, rules))


def figures(ta: TermActivities) -> dict:
    g = ta.summary.by_group
    n = int(g["activities"].sum())
    return {"groups": int(len(g)), "activities": n, "hours": float(g["hours"].sum()),
            "with_parent_share": float(g["with_parent"].sum() / n) if n else float("nan"),
            "attendance_rate": float((g["attendance_rate"] * g["activities"] * g["members"]).sum()
                                     / (g["activities"] * g["members"]).sum()) if n else float("nan"),
            "groups_without_activity": int((g["activities"] == 0).sum()),
            "safety_activities": int(g["safety"].sum())}


def narrative(ta: TermActivities, _, lang: str) -> list[str]:
    f = figures(ta)
    out = [_("From {start} to {end}, {groups} groups held {n} activities.").format(
        start=fmt_date(ta.start, lang), end=fmt_date(ta.end, lang), groups=f["groups"], n=f["activities"])]
    if f["groups_without_activity"]:
        out.append(_("{n} groups recorded no activity.").format(n=f["groups_without_activity"]))
    if f["safety_activities"]:
        out.append(_("{n} activities were safety education.").format(n=f["safety_activities"]))
    return out


def groups_table(ta: TermActivities, _, lang: str):
    g = ta.summary.by_group
    kinds = kind_labels(_)
    sep = "、" if lang == "zh" else ", "
    t = pd.DataFrame({
        "group": g["group_id"].map(_short), "activities": g["activities"], "hours": g["hours"],
        "kinds": g["kinds"].map(lambda s: sep.join(kinds[k] for k in s.split(";") if k)),
        "regularity": g["regularity"], "parent": g["parent_share"], "attendance": g["attendance_rate"]})
    return html_table(t, lang, labels={
        "group": _("Group"), "activities": _("Activities"), "hours": _("Hours"), "kinds": _("Kinds"),
        "regularity": _("Weeks with an activity"), "parent": _("With a parent present"),
        "attendance": _("Attendance")},
        formats={"regularity": "percent", "parent": "percent", "attendance": "percent"},
        highlight={"evalnb-warn": (g["parent_share"] < 1).fillna(True)})


def students_table(ta: TermActivities, _, lang: str):
    s = ta.summary.by_student
    names = ta.students.set_index("student_id")["name"]
    t = pd.DataFrame({"name": s["student_id"].map(names), "group": s["group_id"].map(_short),
                      "attended": s["attended"], "possible": s["possible"], "rate": s["rate"]})
    return html_table(t, lang, labels={"name": _("Pupil"), "group": _("Group"), "attended": _("Attended"),
                                       "possible": _("Activities of the group"), "rate": _("Attendance")},
                      formats={"rate": "percent"})


def violations_table(ta: TermActivities, _, lang: str):
    v = ta.summary.violations
    if v.empty:
        return None
    words = {"no_parent": _("no parent on duty"), "no_record": _("nobody recorded it"),
             "not_member": _("a pupil of another group was counted present")}
    acts = ta.activities.set_index("activity_id")
    names = ta.students.set_index("student_id")["name"]
    t = pd.DataFrame({"date": v["activity_id"].map(acts["date"]), "group": v["group_id"].map(_short),
                      "title": v["activity_id"].map(acts["title"]), "issue": v["rule"].map(words),
                      "pupil": v["student_id"].map(lambda s: names.get(s, s) if s else "")})
    return html_table(t, lang, labels={"date": _("Date"), "group": _("Group"), "title": _("Activity"),
                                       "issue": _("Issue"), "pupil": _("Pupil")})


def chart(ta: TermActivities, _, lang: str):
    g = ta.summary.by_group
    if g.empty or g["activities"].sum() == 0:
        return None
    fig, ax = figure(figsize=(7.0, 0.3 * len(g) + 1.5))
    y = range(len(g))
    ax.barh([i + 0.2 for i in y], g["attendance_rate"].fillna(0), height=0.4, label=_("Attendance"))
    ax.barh([i - 0.2 for i in y], g["parent_share"].fillna(0), height=0.4,
            label=_("With a parent present"))
    ax.set_yticks(list(y), g["group_id"].map(_short))
    ax.invert_yaxis()
    percent_axis(ax, "x", lang)
    ax.set_xlim(0, 1)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(_("Attendance and parents present by group"))
    fig.tight_layout()
    return fig


__all__ = ["TermActivities", "load", "figures", "narrative", "groups_table", "students_table",
           "violations_table", "chart", "term_label"]
