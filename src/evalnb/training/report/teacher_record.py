"""A teacher's continuing-education record (``notebooks/training/teacher_record.ipynb``).

Every course the teacher took, the hours and credits credited, the totals per
school year and five-year cycle, and the standing against each requirement
(county plan, §3 item 5; key work (A) item 8; the five-year cycle).
"""

from __future__ import annotations

import pandas as pd

from ...core.charts import figure, legend_outside
from ...core.i18n import fmt_number
from ...errors import InputError
from ..consequences import county_actions
from ..labels import (consequence_labels, exam_labels, level_labels, mode_labels, reasons_text,
                      requirement_labels, roster_labels, yes_no)
from ..registry import TeacherRegistry, teacher_registry
from ..roster import exam_roster
from ._shared import assess_courses


def first_teacher(store) -> str:
    """The first teacher of the database (by ID), for a report opened without a teacher."""
    ids = store.read("teachers", columns=["teacher_id"])["teacher_id"]
    if ids.empty:
        raise InputError("the database has no teachers", table="teachers",
                         rule="import teachers.csv first")
    return str(sorted(ids)[0])


def load(ctx, teacher_id: str | None = None, as_of=None) -> TeacherRegistry:
    """One teacher's registry (``None``: the first teacher); the report speaks the teacher's
    school's language unless one was asked for.  Unknown teacher → InputError."""
    store = ctx.store
    teacher_id = teacher_id or first_teacher(store)
    teacher = store.read("teachers", where={"teacher_id": teacher_id})
    if teacher.empty:
        raise InputError(f"unknown teacher {teacher_id!r}", table="teachers", column="teacher_id",
                         value=teacher_id, rule="teacher_id must be in the teachers table")
    mine = store.read("enrollments", where={"teacher_id": teacher_id}, columns=["course_id"])
    courses, assessed = assess_courses(store, mine["course_id"], ctx.rules)
    assessed = assessed[assessed["teacher_id"] == teacher_id]
    reg = teacher_registry(teacher_id, teacher, courses, assessed, ctx.rules, as_of=as_of)
    ctx.school = store.school(str(teacher["school_id"].iloc[0]))
    ctx.speak_as(ctx.school)
    return reg


def figures(reg: TeacherRegistry) -> dict:
    """What the notebook records: compliant, hours of the year and of the cycle."""
    return {"compliant": reg.compliant,
            "hours_year": float(reg.years.loc[reg.years["year"] == reg.as_of, "hours_total"].sum()),
            "hours_cycle": float(reg.cycles.loc[reg.cycles["cycle"] == reg.cycle, "hours_total"].sum())}


def standing_table(ctx, reg: TeacherRegistry):
    _, lang = ctx._, ctx.lang
    s = reg.standing
    counts = s["requirement"].eq("online_courses")

    def num(col):
        return [fmt_number(v, lang, 0 if c else 1) for v, c in zip(s[col], counts)]

    shown = pd.DataFrame({
        "requirement": s["requirement"].map(requirement_labels(_)), "period": s["period"],
        "required": num("required"), "actual": num("actual"), "shortfall": num("shortfall"),
        "met": s["met"].map(yes_no(_)),
    })
    return ctx.table(shown, labels={
        "requirement": _("Requirement"), "period": _("Period"), "required": _("Required"),
        "actual": _("Done"), "shortfall": _("Still to do"), "met": _("Met")},
        formats={"required": "text", "actual": "text", "shortfall": "text"},
        highlight={"evalnb-warn": ~s["met"]})


def years_table(ctx, reg: TeacherRegistry):
    _ = ctx._
    y = reg.years
    word = yes_no(_)
    shown = pd.DataFrame({
        "year": y["year"], "courses": y["courses_taken"], "completed": y["courses_completed"],
        "online_courses": y["online_courses"], "online_credits": y["online_credits"],
        "f2f_hours": y["face_to_face_hours"], "hours": y["hours_total"], "credits": y["credits_total"],
        "compliant": y["compliant"].map(word),
    })
    return ctx.table(shown, labels={
        "year": _("School year"), "courses": _("Courses taken"), "completed": _("Completed"),
        "online_courses": _("Online courses completed"), "online_credits": _("Online credits"),
        "f2f_hours": _("Face-to-face hours"), "hours": _("Hours credited"),
        "credits": _("Credits earned"), "compliant": _("Yearly requirements met")})


def courses_table(ctx, reg: TeacherRegistry):
    """The teacher's courses (``None`` if there are none)."""
    _ = ctx._
    c = reg.courses
    if c.empty:
        return None
    word = yes_no(_)
    modes, levels = mode_labels(_), level_labels(_)
    shown = pd.DataFrame({
        "title": c["title"] + " (" + c["level"].map(levels).fillna("—") + ")",
        "mode": c["mode"].map(modes), "end": c["end"], "total": c["total"],
        "qualified": c["qualified"].map(word), "reasons": reasons_text(c["reasons"], _),
        "commended": c["commended"].map(word), "hours": c["hours_credited"],
        "credits": c["credits_credited"],
    })
    return ctx.table(shown, labels={
        "title": _("Course (level)"), "mode": _("Mode"), "end": _("Ended"),
        "total": _("Total"), "qualified": _("Qualified"),
        "reasons": _("Why unqualified"), "commended": _("Commended"), "hours": _("Hours credited"),
        "credits": _("Credits earned")}, formats={"hours": "number", "credits": "number"},
        highlight={"evalnb-warn": ~c["qualified"].astype(bool)})


def cycles_table(ctx, reg: TeacherRegistry):
    _ = ctx._
    c = reg.cycles
    shown = pd.DataFrame({
        "cycle": c["first_year"] + " … " + c["last_year"], "hours": c["hours_total"],
        "min_hours": c["min_hours"], "credits": c["credits_total"],
        "met": c["meets_hours"].map(yes_no(_)),
        "complete": c["complete"].map(lambda v: _("ended") if v else _("in progress")),
    })
    return ctx.table(shown, labels={
        "cycle": _("Cycle"), "hours": _("Hours credited"), "min_hours": _("Hours required"),
        "credits": _("Credits earned"), "met": _("Hours requirement met"), "complete": _("Status")},
        formats={"min_hours": "number"})


def years_chart(ctx, reg: TeacherRegistry):
    """Hours credited per school year, online and face to face."""
    _ = ctx._
    y = reg.years
    online = y["hours_total"] - y["face_to_face_hours"]
    fig, ax = figure()
    x = range(len(y))
    ax.bar(x, y["face_to_face_hours"], label=_("face to face"))
    ax.bar(x, online, bottom=y["face_to_face_hours"], label=_("online"))
    ax.set_xticks(list(x), y["year"])
    ax.set_ylabel(_("Hours credited"))
    ax.set_title(_("Hours credited per school year"))
    legend_outside(ax)
    return fig


def narrative(ctx, reg: TeacherRegistry) -> list[str]:
    _ = ctx._
    short = reg.standing[~reg.standing["met"]]
    if short.empty:
        return [_("Every requirement that applies is met as of {year}.", year=reg.as_of)]
    labels = requirement_labels(_)
    return [_("{requirement} ({period}): {shortfall} still to do.",
              requirement=labels[row["requirement"]], period=row["period"],
              shortfall=fmt_number(row["shortfall"], ctx.lang, 1))
            for _i, row in short.iterrows()]


def roster_status(ctx, reg: TeacherRegistry) -> str:
    """The teacher's place on the county's examination roster of the year (key work (A), item 9)."""
    _ = ctx._
    row = exam_roster(pd.DataFrame([reg.teacher]), reg.as_of, ctx.rules)
    if row.empty:
        return _("The county's examination of teachers (key work (A), item 9) does not concern this "
                 "teacher (primary and junior high teachers only).")
    r = row.iloc[0]
    return _("Examination of teachers, {year} (key work (A), item 9): {exam} — {status}.",
             year=reg.as_of, exam=exam_labels(_)[r["exam"]], status=roster_labels(_)[r["status"]])


def school_based_text(ctx, reg: TeacherRegistry) -> str:
    """Hours of school-based training credited for the online courses of the year (§3 item 5)."""
    yr = reg.years[reg.years["year"] == reg.as_of]
    hours = float(yr["school_based_hours"].sum()) if "school_based_hours" in yr else 0.0
    return ctx._("School-based training credited for the online courses of {year}: {hours} hours "
                 "(county plan, §3 item 5: the year's online courses count as {full} hours).",
                 year=reg.as_of, hours=fmt_number(hours, ctx.lang, 0),
                 full=fmt_number(ctx.rules.online_school_based_hours, ctx.lang, 0))


def consequences(ctx, reg: TeacherRegistry) -> pd.DataFrame:
    """The consequences of the teacher's assessments (county plan, §5 item 4)."""
    tid = reg.teacher["teacher_id"]
    if reg.courses.empty:
        return pd.DataFrame(columns=["year", "consequence", "course_id", "title"])
    courses, assessed = assess_courses(ctx.store, reg.courses["course_id"], ctx.rules)
    return county_actions(pd.DataFrame([reg.teacher]), courses,
                          assessed[assessed["teacher_id"] == tid], ctx.rules)


def consequences_table(ctx, acts: pd.DataFrame):
    _ = ctx._
    out = pd.DataFrame({"year": acts["year"], "consequence": acts["consequence"].map(consequence_labels(_)),
                        "course": acts["title"]})
    return ctx.table(out, labels={"year": _("School year"), "consequence": _("Consequence"),
                                  "course": _("Course")}, formats={c: "text" for c in out.columns})
