"""The county overview of continuing education (``notebooks/training/county_overview.ipynb``).

Every unit's compliance with the yearly requirements, the courses of the
school year, the distribution of totals, and the commended and sanctioned
trainees (county plan, §5 *training evaluation*; §3 item 5; key work (A) item 8).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.charts import figure, percent_axis
from ...core.i18n import fmt_number
from ...errors import InputError
from ..calc import assess
from ..compliance import annual_compliance
from ..consequences import county_actions
from ..labels import consequence_labels, mode_labels, roster_labels, subject_labels
from ..roster import exam_roster
from ..overview import compliance_by_unit, course_summary, score_bands
from ..periods import parse_school_year, school_year_of, year_label
from ._shared import TrainingData, short


@dataclass
class CountyYear:
    """The county's data and the school year reported, with its compliance and assessed rows."""

    data: TrainingData
    name: str
    municipality: str | None
    year: str
    compliance: pd.DataFrame
    assessed: pd.DataFrame


def county_school(store, municipality: str | None = None) -> dict:
    """The first unit with teachers (of ``municipality``, if given): its language and county name."""
    schools = store.schools(municipality=municipality, with_rows_in="teachers")
    if schools.empty:
        raise InputError("no unit with teachers" + (f" in {municipality!r}" if municipality else ""),
                         table="teachers", column="school_id", value=municipality,
                         rule="import teachers.csv first")
    return schools.iloc[0].to_dict()


def load_county(store, municipality: str | None, rules) -> TrainingData:
    """Every teacher (of one municipality, if given) and every assessed enrollment of theirs."""
    if municipality:
        ids = store.schools(municipality=municipality)["school_id"].tolist()
        if not ids:
            raise InputError(f"no school in municipality {municipality!r}", table="schools",
                             column="municipality", value=municipality,
                             rule="municipality must be one of the schools table")
        teachers = store.read("teachers", school_id=ids)
    else:
        teachers = store.read("teachers")
    courses = store.read("courses")
    assessed = assess(courses, store.read("enrollments"), rules)
    assessed = assessed[assessed["teacher_id"].isin(teachers["teacher_id"])].reset_index(drop=True)
    return TrainingData(teachers, courses, assessed, rules)


def resolve_year(data: TrainingData, year=None) -> str:
    """``year`` as ``YYYY-YYYY``; ``None`` → the school year of the latest course end."""
    if year is not None:
        return year_label(parse_school_year(year))
    ends = data.courses["end"].dropna()
    if ends.empty:
        raise InputError("no course in the data, so no school year to report", table="courses",
                         rule="import courses.csv first or pass year")
    return year_label(int(school_year_of(pd.Series([ends.max()]), data.rules.start_month_day).iloc[0]))


def year_assessed(data: TrainingData, year: str) -> pd.DataFrame:
    """Assessed enrollments of the courses that ended in school year ``year``."""
    y0 = parse_school_year(year)
    in_year = school_year_of(data.courses["end"], data.rules.start_month_day) == y0
    ids = data.courses.loc[in_year.fillna(False).astype(bool), "course_id"]
    return data.assessed[data.assessed["course_id"].isin(ids)]


def load(ctx, municipality: str | None = None, year=None) -> CountyYear:
    """The county (``None``: every unit) in school ``year`` (``None``: the latest); the report
    speaks the language of the county's first unit unless one was asked for."""
    first = county_school(ctx.store, municipality)
    ctx.speak_as(first)
    data = load_county(ctx.store, municipality, ctx.rules)
    year = resolve_year(data, year)
    compliance = annual_compliance(data.teachers, data.courses, data.assessed, year, data.rules)
    return CountyYear(data, municipality or first["municipality"], municipality, year, compliance,
                      year_assessed(data, year))


def people_by_unit(assessed: pd.DataFrame, teachers: pd.DataFrame) -> pd.DataFrame:
    """Commended and sanctioned trainee-courses per unit (``school_id``, ``commended``, ``sanctioned``)."""
    m = assessed.merge(teachers[["teacher_id", "school_id"]], on="teacher_id", how="left")
    return (m.assign(commended=m["commended"].astype(int), sanctioned=m["sanctioned"].astype(int))
            .groupby("school_id", as_index=False)[["commended", "sanctioned"]].sum())


def by_unit(ctx, rep: CountyYear) -> pd.DataFrame:
    """Compliance rates per unit, with the unit's name and the year's commended and sanctioned."""
    by = compliance_by_unit(rep.compliance)
    names = ctx.store.schools(ids=by["school_id"].tolist())[["school_id", "name"]]
    by = by.merge(names, on="school_id", how="left")
    by = by.merge(people_by_unit(rep.assessed, rep.data.teachers), on="school_id", how="left")
    by[["commended", "sanctioned"]] = by[["commended", "sanctioned"]].fillna(0).astype("int64")
    return by


def unit_compliance_table(ctx, by: pd.DataFrame):
    """The table of :func:`by_unit`."""
    _ = ctx._
    cols = ["name", "teachers", "compliant_share", "meets_online_share", "meets_kindergarten_share",
            "hours_per_teacher", "commended", "sanctioned"]
    return ctx.table(by[cols], labels={
        "name": _("Unit"), "teachers": _("Teachers"), "compliant_share": _("All yearly requirements met"),
        "meets_online_share": _("Online requirement met"),
        "meets_kindergarten_share": _("Kindergarten hours met"),
        "hours_per_teacher": _("Hours per teacher"), "commended": _("Commended"),
        "sanctioned": _("Sanctioned")},
        formats={"compliant_share": "percent", "meets_online_share": "percent",
                 "meets_kindergarten_share": "percent"})


def compliance_chart(ctx, by: pd.DataFrame):
    _ = ctx._
    by = by.sort_values("compliant_share")
    fig, ax = figure(figsize=(7.5, 0.6 + 0.28 * len(by)))
    ax.barh(range(len(by)), by["compliant_share"])
    ax.set_yticks(list(range(len(by))), [short(n, 40) for n in by["name"].fillna(by["school_id"])])
    ax.set_xlim(0, 1)
    percent_axis(ax, "x", ctx.lang)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(_("Teachers meeting every yearly requirement"))
    return fig


def courses(rep: CountyYear) -> pd.DataFrame:
    """Results per course of the school year (:func:`~evalnb.training.course_summary`)."""
    return course_summary(rep.data.courses, rep.assessed)


def course_table(ctx, summary: pd.DataFrame):
    """The table of :func:`courses` (``None`` if no course ended in the year)."""
    _ = ctx._
    if summary.empty:
        return None
    shown = pd.DataFrame({
        "title": summary["title"], "mode": summary["mode"].map(mode_labels(_)), "end": summary["end"],
        "enrolled": summary["enrolled"], "qualified_share": summary["qualified_share"],
        "mean_total": summary["mean_total"], "commended": summary["commended"],
        "sanctioned": summary["sanctioned"]})
    return ctx.table(shown, labels={
        "title": _("Course"), "mode": _("Mode"), "end": _("Ended"), "enrolled": _("Enrolled"),
        "qualified_share": _("Qualified"), "mean_total": _("Mean total"),
        "commended": _("Commended"), "sanctioned": _("Sanctioned")},
        formats={"qualified_share": "percent"})


def score_chart(ctx, assessed: pd.DataFrame, title: str):
    """Distribution of totals, the bands below the pass mark in the warning colour."""
    _, rules = ctx._, ctx.rules
    bands = score_bands(assessed, rules)
    fig, ax = figure()
    colors = ["#c0392b" if b < rules.pass_mark else "#2f6690" for b in bands["band_from"]]
    ax.bar(bands["band_from"], bands["count"], width=bands["band_to"] - bands["band_from"],
           align="edge", color=colors, edgecolor="white")
    ax.axvline(rules.pass_mark, color="#333333", linestyle="--", linewidth=1)
    ax.text(rules.pass_mark, ax.get_ylim()[1] * 0.95,
            " " + _("pass mark {mark}", mark=fmt_number(rules.pass_mark, ctx.lang, 0)), va="top")
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("Total (points of 100)"))
    ax.set_ylabel(_("Trainees"))
    ax.set_title(title)
    return fig


def people_table(ctx, rep: CountyYear, which: str):
    """Commended (``which='commended'``) or sanctioned trainees, one row per unit.

    Returns ``(number of trainee-courses, table or None)``.  Each unit's row
    lists its trainees by name — once per teacher for commendations (with the
    number of courses), with course and total for sanctions — so that the list
    stays short enough to print for a whole county.
    """
    _ = ctx._
    assessed, data = rep.assessed, rep.data
    rows = assessed[assessed[which].astype(bool)]
    if rows.empty:
        return 0, None
    rows = rows.merge(data.teachers[["teacher_id", "name", "school_id"]], on="teacher_id", how="left") \
        .merge(data.courses[["course_id", "title", "end"]], on="course_id", how="left")
    schools = ctx.store.schools(ids=sorted(set(rows["school_id"])))[["school_id", "name"]] \
        .rename(columns={"name": "unit"})
    rows = rows.merge(schools, on="school_id", how="left") \
        .sort_values(["unit", "name", "end"], kind="stable")
    if which == "sanctioned":
        # each sanction matters on its own: name, course and total
        rows = rows.assign(entry=rows["name"] + " (" + rows["title"].map(short) + ", "
                           + rows["total"].map(lambda v: fmt_number(v, ctx.lang, 1)) + ")")
        label = _("Trainees (course, total)")
    else:
        # commended in several courses: the name once, with the number of courses
        times = rows.groupby(["unit", "teacher_id"])["course_id"].transform("size")
        rows = rows.assign(entry=rows["name"] + times.map(lambda k: f" ×{k}" if k > 1 else ""))
        rows = rows.drop_duplicates(["unit", "teacher_id"])
        label = _("Trainees (×: commended in several courses)")
    n = int(assessed[which].astype(bool).sum())
    grouped = rows.groupby("unit", sort=True).agg(trainees=("entry", "; ".join)).reset_index()
    counts = rows.assign(k=1).groupby("unit", sort=True)["k"].size().to_numpy()
    grouped.insert(1, "teachers", counts)
    return n, ctx.table(grouped, labels={"unit": _("Unit"), "teachers": _("Teachers"), "trainees": label})


# --- the examination roster and the consequences list -------------------------------------------

def roster(rep: CountyYear, rules) -> pd.DataFrame:
    """The county's examination roster of the year (key work (A), item 9), every primary and
    junior high teacher with their status."""
    return exam_roster(rep.data.teachers, rep.year, rules)


def roster_text(ctx, ros: pd.DataFrame, year: str) -> str:
    counts = ros["status"].value_counts()
    return ctx._("{n} teachers sit the county's examination of teachers in {year} (under {age}, never sat or "
                 "failed; key work (A), item 9); for {unknown} the data do not say (no birth year or "
                 "subject recorded).", n=int(counts.get("on_roster", 0)), year=year,
                 age=ctx.rules.exam_max_age,
                 unknown=int(counts.get("unknown_age", 0) + counts.get("unknown_subject", 0)))


def roster_table(ctx, ros: pd.DataFrame):
    """Teachers on the roster, and those the data cannot place, by unit."""
    _ = ctx._
    rows = ros[ros["status"].isin(["on_roster", "unknown_age", "unknown_subject"])]
    names = ctx.store.schools(ids=sorted(set(rows["school_id"])))[["school_id", "name"]].rename(
        columns={"name": "unit"})
    rows = rows.merge(names, on="school_id", how="left").sort_values(["unit", "name"], kind="stable")
    out = pd.DataFrame({
        "unit": rows["unit"], "name": rows["name"],
        "subject": rows["subject"].map(subject_labels(_)).fillna("—"),
        "age": pd.to_numeric(rows["age"], errors="coerce").astype("Int64"),   # whole years
        "status": rows["status"].map(roster_labels(_))})
    return ctx.table(out, labels={"unit": _("Unit"), "name": _("Name"), "subject": _("Subject"),
                                  "age": _("Age"), "status": _("Examination")},
                     formats={"unit": "text", "name": "text", "subject": "text", "age": "int",
                              "status": "text"},
                     highlight={"evalnb-bad": rows["status"].ne("on_roster")})


def actions(rep: CountyYear) -> pd.DataFrame:
    """The consequences of the year's assessments, per teacher (county plan, §5 item 4)."""
    acts = county_actions(rep.data.teachers, rep.data.courses, rep.data.assessed, rep.data.rules)
    return acts[acts["year"] == rep.year].reset_index(drop=True)


def actions_table(ctx, acts: pd.DataFrame):
    """One row per teacher: unit, name, the consequences in words, and the courses they come from."""
    _ = ctx._
    labels = consequence_labels(_)
    names = ctx.store.schools(ids=sorted(set(acts["school_id"])))[["school_id", "name"]].rename(
        columns={"name": "unit"})
    a = acts.merge(names, on="school_id", how="left")
    per = a.groupby(["unit", "teacher_id", "name"], sort=True).agg(
        consequences=("consequence", lambda c: "; ".join(labels[x] for x in dict.fromkeys(c))),
        courses=("title", lambda t: "; ".join(short(x, 30) for x in dict.fromkeys(t)))).reset_index()
    return ctx.table(per[["unit", "name", "consequences", "courses"]],
                     labels={"unit": _("Unit"), "name": _("Name"), "consequences": _("Consequences"),
                             "courses": _("Courses")},
                     formats={c: "text" for c in ("unit", "name", "consequences", "courses")})
