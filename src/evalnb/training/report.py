"""What the training report notebooks call: loading, labels, tables and charts.

The notebooks (``notebooks/training/*.ipynb``) stay thin: a parameters cell
and a few calls per cell into this module, which reads the store (by query,
never a full load of another school's data where it is not needed), runs
the calculators and turns their frames into translated tables and charts.
Nothing here decides a rule; the calculators and :class:`TrainingRules` do.

Commendation and sanctions rank a trainee within the whole course, so a
unit's or a teacher's results are always assessed on the full rosters of the
courses concerned, not only on the unit's own trainees.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..core.charts import figure, percent_axis
from ..core.i18n import babel_locale, fmt_date, fmt_number, fmt_percent, translator
from ..core.tables import html_table
from ..errors import InputError
from .calc import assess
from .compliance import annual_compliance
from .labels import level_labels, mode_labels, reason_labels
from .monthly import latest_month, monthly_unit_report, unit_results
from .overview import compliance_by_unit, course_summary, score_bands
from .periods import parse_month, parse_school_year, school_year_of, year_label
from .registry import teacher_registry
from .rules import TrainingRules

DOMAIN = "training"


# --- loading -----------------------------------------------------------------

@dataclass
class TrainingData:
    """The frames a training report works on (already validated by the store)."""

    teachers: pd.DataFrame
    courses: pd.DataFrame
    assessed: pd.DataFrame
    rules: TrainingRules


def _assess_courses(store, course_ids, rules, courses=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = sorted(set(course_ids))
    courses = store.read("courses") if courses is None else courses
    rosters = store.read("enrollments", where={"course_id": ids}) if ids else \
        store.read("enrollments", where={"course_id": ["\x00"]})
    return courses, assess(courses[courses["course_id"].isin(ids)], rosters, rules)


def load_unit(store, school_id: str, rules=None) -> TrainingData:
    """A unit's teachers and their assessed enrollments (ranked on the full course rosters)."""
    r = TrainingRules.load(rules)
    teachers = store.read("teachers", school_id=school_id)
    mine = store.read("enrollments", school_id=school_id, columns=["course_id", "teacher_id"])
    courses, assessed = _assess_courses(store, mine["course_id"], r)
    assessed = assessed[assessed["teacher_id"].isin(teachers["teacher_id"])].reset_index(drop=True)
    return TrainingData(teachers, courses, assessed, r)


def load_county(store, municipality: str | None = None, rules=None) -> TrainingData:
    """Every teacher (of one municipality, if given) and every assessed enrollment of theirs."""
    r = TrainingRules.load(rules)
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
    rosters = store.read("enrollments")
    assessed = assess(courses, rosters, r)
    assessed = assessed[assessed["teacher_id"].isin(teachers["teacher_id"])].reset_index(drop=True)
    return TrainingData(teachers, courses, assessed, r)


def first_teacher(store) -> str:
    """The first teacher of the database (by ID), for a report opened without a teacher."""
    ids = store.read("teachers", columns=["teacher_id"])["teacher_id"]
    if ids.empty:
        raise InputError("the database has no teachers", table="teachers",
                         rule="import teachers.csv first")
    return str(sorted(ids)[0])


def load_teacher(store, teacher_id: str, rules=None, as_of=None):
    """``(registry, school)`` of one teacher; unknown teacher → InputError."""
    r = TrainingRules.load(rules)
    teacher = store.read("teachers", where={"teacher_id": teacher_id})
    if teacher.empty:
        raise InputError(f"unknown teacher {teacher_id!r}", table="teachers", column="teacher_id",
                         value=teacher_id, rule="teacher_id must be in the teachers table")
    mine = store.read("enrollments", where={"teacher_id": teacher_id}, columns=["course_id"])
    courses, assessed = _assess_courses(store, mine["course_id"], r)
    assessed = assessed[assessed["teacher_id"] == teacher_id]
    reg = teacher_registry(teacher_id, teacher, courses, assessed, r, as_of=as_of)
    return reg, store.school(str(teacher["school_id"].iloc[0]))


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


def resolve_year(data: TrainingData, year=None) -> str:
    """``year`` as ``YYYY-YYYY``; ``None`` → the school year of the latest course end."""
    if year is not None:
        return year_label(parse_school_year(year))
    ends = data.courses["end"].dropna()
    if ends.empty:
        raise InputError("no course in the data, so no school year to report", table="courses",
                         rule="import courses.csv first or pass year")
    return year_label(int(school_year_of(pd.Series([ends.max()]), data.rules.start_month_day).iloc[0]))


# --- labels ------------------------------------------------------------------

def month_text(month, lang: str) -> str:
    """``'2025-03'`` → ``March 2025`` / ``март 2025 г.`` / ``2025年3月``."""
    from babel.dates import format_date

    p = parse_month(month)
    loc = babel_locale(lang)
    return format_date(p.start_time.date(), loc.datetime_skeletons["yMMMM"].pattern, locale=loc)


def _yes_no(_):
    return lambda v: "—" if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) else (
        _("yes") if bool(v) else _("no"))


def _reasons_text(codes: pd.Series, _) -> pd.Series:
    labels = reason_labels(_)
    return codes.fillna("").map(lambda s: "; ".join(labels.get(c, c) for c in s.split(",") if c))


def rules_table(rules, lang: str):
    """The rules the report applied, with the regulation each comes from.

    ``rules`` is anything :meth:`TrainingRules.load` takes (an instance, a
    YAML path, a mapping or ``None``).  A rule the county changed (its value
    differs from the default) is shown with the source "the county's rules file".
    """
    _ = translator(lang, DOMAIN)
    rules = TrainingRules.load(rules)
    s5 = _("County plan, §5 training evaluation, item 4")
    s3 = _("County plan, §3 training content, item 5")
    names = {
        "pass_mark": (_("Pass mark (points of 100)"), _("DATA.md (the plan sets no pass mark)")),
        "absence_share": (_("Unqualified from this share of sessions missed"), s5),
        "max_late_or_early": (_("Late arrivals / early departures allowed"), s5),
        "commend_share": (_("Share of each class commended"), s5),
        "sanction_share": (_("Bottom share of a class subject to sanctions"), s5),
        "online_min_courses": (_("Online courses a year"), s3),
        "online_min_credits": (_("Online credits a year"), s3),
        "kindergarten_min_hours": (_("Face-to-face hours a year, kindergarten teachers"),
                                   _("County plan, key work (A), item 8")),
        "cycle_min_hours": (_("Hours in a five-year cycle"), _("Five-year cycle of continuing education")),
        "annual_min_hours": (_("Hours a year"), ""),
        "annual_min_credits": (_("Credits a year"), ""),
        "cycle_min_credits": (_("Credits in the cycle"), ""),
    }
    # the county's optional minimums are listed only when set
    rows = [d for d in rules.describe() if d["rule"] in names and d["value"] is not None]
    frame = pd.DataFrame({
        "rule": [names[d["rule"]][0] for d in rows],
        "value": [_rule_value(d["value"], lang) for d in rows],
        "source": [names[d["rule"]][1] if d["value"] == d["default"] else _("the county's rules file")
                   for d in rows],
    })
    return html_table(frame, lang, labels={"rule": _("Rule"), "value": _("Value"),
                                           "source": _("Source")}, formats={"value": "text"})


def _rule_value(v, lang):
    if v is None:
        return "—"
    if isinstance(v, float) and 0 < v < 1:
        return fmt_percent(v, lang, 1)
    if isinstance(v, (int, float)):
        return fmt_number(v, lang, 0 if float(v).is_integer() else 1)
    return str(v)


# --- the unit's monthly report -------------------------------------------------

def unit_summary(data: TrainingData, school_id: str, month: str) -> dict:
    """The unit's row of :func:`monthly_unit_report` as a dict."""
    teachers = data.teachers
    rep = monthly_unit_report(teachers, data.courses, data.assessed, month, data.rules)
    row = rep[rep["school_id"] == school_id]
    if row.empty:
        raise InputError(f"school {school_id!r} has no teachers", table="teachers", column="school_id",
                         value=school_id, rule="the unit must have teachers in the teachers table")
    return row.iloc[0].to_dict()


def summary_table(summary: dict, lang: str):
    """Key figures of a unit's month: participants, qualified … hours, due date."""
    _ = translator(lang, DOMAIN)
    n = summary["participants"]
    share = (lambda k: f" ({fmt_percent(summary[k] / n, lang, 0)})" if n else "")
    items = [
        (_("Participants (trainee-courses)"), fmt_number(n, lang, 0)),
        (_("Teachers who took part"), fmt_number(summary["teachers"], lang, 0)),
        (_("Qualified"), fmt_number(summary["qualified"], lang, 0) + share("qualified")),
        (_("Unqualified"), fmt_number(summary["unqualified"], lang, 0) + share("unqualified")),
        (_("Commended"), fmt_number(summary["commended"], lang, 0)),
        (_("Sanctioned"), fmt_number(summary["sanctioned"], lang, 0)),
        (_("Hours credited"), fmt_number(summary["hours_credited"], lang, 0)),
        (_("Credits earned"), fmt_number(summary["credits_credited"], lang, 1)),
        (_("Due at the unit by"), fmt_date(summary["due"], lang, "long")),
    ]
    frame = pd.DataFrame(items, columns=["item", "value"])
    return html_table(frame, lang, labels={"item": _("Item"), "value": _("Value")},
                      formats={"value": "text"})


def results_table(data: TrainingData, school_id: str, month: str, lang: str):
    """The unit's teachers with their results in the month's courses (``None`` if there are none)."""
    _ = translator(lang, DOMAIN)
    rows = unit_results(data.teachers, data.courses, data.assessed, school_id, month)
    if rows.empty:
        return None
    yes_no = _yes_no(_)
    shown = pd.DataFrame({
        "name": rows["name"], "course": rows["title"],
        "knowledge": rows["knowledge_points"], "attendance": rows["attendance_points"],
        "discipline": rows["discipline_points"], "total": rows["total"],
        "qualified": rows["qualified"].map(yes_no), "reasons": _reasons_text(rows["reasons"], _),
        "commended": rows["commended"].map(yes_no), "sanctioned": rows["sanctioned"].map(yes_no),
        "hours": rows["hours_credited"],
    })
    return html_table(shown, lang, labels={
        "name": _("Teacher"), "course": _("Course"), "knowledge": _("Knowledge (70)"),
        "attendance": _("Attendance (15)"), "discipline": _("Discipline (15)"), "total": _("Total"),
        "qualified": _("Qualified"), "reasons": _("Why unqualified"), "commended": _("Commended"),
        "sanctioned": _("Sanctioned"), "hours": _("Hours credited")},
        formats={"hours": "number"}, highlight={"evalnb-warn": rows["sanctioned"].astype(bool)})


def results_chart(data: TrainingData, school_id: str, month: str, lang: str):
    """Bars per course: the unit's qualified and unqualified trainees (``None`` if none)."""
    _ = translator(lang, DOMAIN)
    rows = unit_results(data.teachers, data.courses, data.assessed, school_id, month)
    if rows.empty:
        return None
    counts = (rows.assign(unq=~rows["qualified"].astype(bool), q=rows["qualified"].astype(bool))
              .groupby("title", sort=True)[["q", "unq"]].sum())
    fig, ax = figure(figsize=(7.5, 0.5 + 0.45 * len(counts)))
    y = range(len(counts))
    ax.barh(y, counts["q"], label=_("Qualified"))
    ax.barh(y, counts["unq"], left=counts["q"], label=_("Unqualified"))
    ax.set_yticks(list(y), [_short(t) for t in counts.index])
    ax.invert_yaxis()
    ax.set_xlabel(_("Trainees"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(_("Results by course, {month}", month=month_text(month, lang)))
    ax.legend(loc="lower right")
    return fig


def _short(text: str, n: int = 45) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def unit_narrative(summary: dict, lang: str) -> list[str]:
    """Short sentences on what the month's figures mean for the unit."""
    _ = translator(lang, DOMAIN)
    out = [_("Results of the courses that ended in {month}; the county sends them to the unit "
             "by {due}, and the school links them to performance appraisal.",
             month=month_text(summary["month"], lang), due=fmt_date(summary["due"], lang, "long"))]
    if summary["participants"] == 0:
        out.append(_("None of the unit's teachers finished a course this month."))
    if summary["sanctioned"]:
        out.append(_("Sanctioned trainees (unqualified and in the last tenth of their class) get no "
                     "title promotion this year, no first-class post rating, and bear their own fees."))
    if summary["unqualified"]:
        out.append(_("Unqualified trainees are credited no hours and receive no certificate."))
    return out


# --- a teacher's record --------------------------------------------------------

def requirement_labels(_) -> dict[str, str]:
    return {"online_courses": _("Online courses completed"),
            "online_credits": _("Online credits"),
            "kindergarten_hours": _("Face-to-face hours (kindergarten teachers)"),
            "annual_hours": _("Hours a year"),
            "annual_credits": _("Credits a year"),
            "cycle_hours": _("Hours in the cycle"),
            "cycle_credits": _("Credits in the cycle")}


def standing_table(reg, lang: str):
    _ = translator(lang, DOMAIN)
    s = reg.standing
    counts = s["requirement"].eq("online_courses")

    def num(col):
        return [fmt_number(v, lang, 0 if c else 1) for v, c in zip(s[col], counts)]

    shown = pd.DataFrame({
        "requirement": s["requirement"].map(requirement_labels(_)), "period": s["period"],
        "required": num("required"), "actual": num("actual"), "shortfall": num("shortfall"),
        "met": s["met"].map(_yes_no(_)),
    })
    return html_table(shown, lang, labels={
        "requirement": _("Requirement"), "period": _("Period"), "required": _("Required"),
        "actual": _("Done"), "shortfall": _("Still to do"), "met": _("Met")},
        formats={"required": "text", "actual": "text", "shortfall": "text"}, highlight={"evalnb-warn": ~s["met"]})


def years_table(reg, lang: str):
    _ = translator(lang, DOMAIN)
    y = reg.years
    yes_no = _yes_no(_)
    shown = pd.DataFrame({
        "year": y["year"], "courses": y["courses_taken"], "completed": y["courses_completed"],
        "online_courses": y["online_courses"], "online_credits": y["online_credits"],
        "f2f_hours": y["face_to_face_hours"], "hours": y["hours_total"], "credits": y["credits_total"],
        "compliant": y["compliant"].map(yes_no),
    })
    return html_table(shown, lang, labels={
        "year": _("School year"), "courses": _("Courses taken"), "completed": _("Completed"),
        "online_courses": _("Online courses completed"), "online_credits": _("Online credits"),
        "f2f_hours": _("Face-to-face hours"), "hours": _("Hours credited"),
        "credits": _("Credits earned"), "compliant": _("Yearly requirements met")})


def courses_table(reg, lang: str):
    _ = translator(lang, DOMAIN)
    c = reg.courses
    if c.empty:
        return None
    yes_no = _yes_no(_)
    modes, levels = mode_labels(_), level_labels(_)
    shown = pd.DataFrame({
        "title": c["title"] + " (" + c["level"].map(levels).fillna("—") + ")",
        "mode": c["mode"].map(modes), "end": c["end"], "total": c["total"],
        "qualified": c["qualified"].map(yes_no), "reasons": _reasons_text(c["reasons"], _),
        "commended": c["commended"].map(yes_no), "hours": c["hours_credited"],
        "credits": c["credits_credited"],
    })
    return html_table(shown, lang, labels={
        "title": _("Course (level)"), "mode": _("Mode"), "end": _("Ended"),
        "total": _("Total"), "qualified": _("Qualified"),
        "reasons": _("Why unqualified"), "commended": _("Commended"), "hours": _("Hours credited"),
        "credits": _("Credits earned")}, formats={"hours": "number", "credits": "number"},
        highlight={"evalnb-warn": ~c["qualified"].astype(bool)})


def cycles_table(reg, lang: str):
    _ = translator(lang, DOMAIN)
    c = reg.cycles
    shown = pd.DataFrame({
        "cycle": c["first_year"] + " … " + c["last_year"], "hours": c["hours_total"],
        "min_hours": c["min_hours"], "credits": c["credits_total"],
        "met": c["meets_hours"].map(_yes_no(_)),
        "complete": c["complete"].map(lambda v: _("ended") if v else _("in progress")),
    })
    return html_table(shown, lang, labels={
        "cycle": _("Cycle"), "hours": _("Hours credited"), "min_hours": _("Hours required"),
        "credits": _("Credits earned"), "met": _("Hours requirement met"), "complete": _("Status")},
        formats={"min_hours": "number"})


def years_chart(reg, lang: str):
    """Hours credited per school year, online and face to face."""
    _ = translator(lang, DOMAIN)
    y = reg.years
    online = y["hours_total"] - y["face_to_face_hours"]
    fig, ax = figure()
    x = range(len(y))
    ax.bar(x, y["face_to_face_hours"], label=_("face to face"))
    ax.bar(x, online, bottom=y["face_to_face_hours"], label=_("online"))
    ax.set_xticks(list(x), y["year"])
    ax.set_ylabel(_("Hours credited"))
    ax.set_title(_("Hours credited per school year"))
    ax.legend()
    return fig


def teacher_narrative(reg, lang: str) -> list[str]:
    _ = translator(lang, DOMAIN)
    out = []
    short = reg.standing[~reg.standing["met"]]
    labels = requirement_labels(_)
    if short.empty:
        out.append(_("Every requirement that applies is met as of {year}.", year=reg.as_of))
    else:
        for _i, row in short.iterrows():
            out.append(_("{requirement} ({period}): {shortfall} still to do.",
                         requirement=labels[row["requirement"]], period=row["period"],
                         shortfall=fmt_number(row["shortfall"], lang, 1)))
    return out


# --- the county overview --------------------------------------------------------

def unit_compliance_table(data: TrainingData, compliance: pd.DataFrame, store, lang: str,
                          assessed: pd.DataFrame | None = None):
    """``(per-unit frame, table)``: compliance rates per unit, with the year's commended and
    sanctioned trainee-courses when ``assessed`` (the year's assessed enrollments) is given."""
    _ = translator(lang, DOMAIN)
    by = compliance_by_unit(compliance)
    names = store.schools(ids=by["school_id"].tolist())[["school_id", "name"]]
    by = by.merge(names, on="school_id", how="left")
    cols = ["name", "teachers", "compliant_share", "meets_online_share", "meets_kindergarten_share",
            "hours_per_teacher"]
    if assessed is not None:
        by = by.merge(people_by_unit(assessed, data.teachers), on="school_id", how="left")
        by[["commended", "sanctioned"]] = by[["commended", "sanctioned"]].fillna(0).astype("int64")
        cols += ["commended", "sanctioned"]
    return by, html_table(by[cols], lang, labels={
        "name": _("Unit"), "teachers": _("Teachers"), "compliant_share": _("All yearly requirements met"),
        "meets_online_share": _("Online requirement met"),
        "meets_kindergarten_share": _("Kindergarten hours met"),
        "hours_per_teacher": _("Hours per teacher"), "commended": _("Commended"),
        "sanctioned": _("Sanctioned")},
        formats={"compliant_share": "percent", "meets_online_share": "percent",
                 "meets_kindergarten_share": "percent"})


def compliance_chart(by_unit: pd.DataFrame, lang: str):
    _ = translator(lang, DOMAIN)
    by = by_unit.sort_values("compliant_share")
    fig, ax = figure(figsize=(7.5, 0.6 + 0.28 * len(by)))
    ax.barh(range(len(by)), by["compliant_share"])
    ax.set_yticks(list(range(len(by))), [_short(n, 40) for n in by["name"].fillna(by["school_id"])])
    ax.set_xlim(0, 1)
    percent_axis(ax, "x", lang)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(_("Teachers meeting every yearly requirement"))
    return fig


def course_table(data: TrainingData, year: str, lang: str):
    _ = translator(lang, DOMAIN)
    summary = _year_courses(data, year)
    if summary.empty:
        return summary, None
    modes = mode_labels(_)
    shown = pd.DataFrame({
        "title": summary["title"], "mode": summary["mode"].map(modes), "end": summary["end"],
        "enrolled": summary["enrolled"], "qualified_share": summary["qualified_share"],
        "mean_total": summary["mean_total"], "commended": summary["commended"],
        "sanctioned": summary["sanctioned"]})
    return summary, html_table(shown, lang, labels={
        "title": _("Course"), "mode": _("Mode"), "end": _("Ended"), "enrolled": _("Enrolled"),
        "qualified_share": _("Qualified"), "mean_total": _("Mean total"),
        "commended": _("Commended"), "sanctioned": _("Sanctioned")},
        formats={"qualified_share": "percent"})


def _year_courses(data: TrainingData, year: str) -> pd.DataFrame:
    return course_summary(data.courses, year_assessed(data, year))


def year_assessed(data: TrainingData, year: str) -> pd.DataFrame:
    """Assessed enrollments of the courses that ended in school year ``year``."""
    y0 = parse_school_year(year)
    in_year = school_year_of(data.courses["end"], data.rules.start_month_day) == y0
    ids = data.courses.loc[in_year.fillna(False).astype(bool), "course_id"]
    return data.assessed[data.assessed["course_id"].isin(ids)]


def score_chart(assessed: pd.DataFrame, rules: TrainingRules, lang: str, title: str):
    """Distribution of totals, the bands below the pass mark in the warning colour."""
    _ = translator(lang, DOMAIN)
    bands = score_bands(assessed, rules)
    fig, ax = figure()
    colors = ["#c0392b" if b < rules.pass_mark else "#2f6690" for b in bands["band_from"]]
    ax.bar(bands["band_from"], bands["count"], width=bands["band_to"] - bands["band_from"],
           align="edge", color=colors, edgecolor="white")
    ax.axvline(rules.pass_mark, color="#333333", linestyle="--", linewidth=1)
    ax.text(rules.pass_mark, ax.get_ylim()[1] * 0.95,
            " " + _("pass mark {mark}", mark=fmt_number(rules.pass_mark, lang, 0)), va="top")
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("Total (points of 100)"))
    ax.set_ylabel(_("Trainees"))
    ax.set_title(title)
    return fig


def people_table(data: TrainingData, assessed: pd.DataFrame, store, lang: str, which: str):
    """Commended (``which='commended'``) or sanctioned trainees, one row per unit.

    Returns ``(number of trainee-courses, table or None)``.  Each unit's row
    lists its trainees by name — once per teacher for commendations (with the
    number of courses), with course and total for sanctions — so that the list
    stays short enough to print for a whole county.
    """
    _ = translator(lang, DOMAIN)
    rows = assessed[assessed[which].astype(bool)]
    if rows.empty:
        return 0, None
    rows = rows.merge(data.teachers[["teacher_id", "name", "school_id"]], on="teacher_id", how="left") \
        .merge(data.courses[["course_id", "title", "end"]], on="course_id", how="left")
    schools = store.schools(ids=sorted(set(rows["school_id"])))[["school_id", "name"]] \
        .rename(columns={"name": "unit"})
    rows = rows.merge(schools, on="school_id", how="left") \
        .sort_values(["unit", "name", "end"], kind="stable")
    if which == "sanctioned":
        # each sanction matters on its own: name, course and total
        rows = rows.assign(entry=rows["name"] + " (" + rows["title"].map(_short) + ", "
                           + rows["total"].map(lambda v: fmt_number(v, lang, 1)) + ")")
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
    return n, html_table(grouped, lang, labels={
        "unit": _("Unit"), "teachers": _("Teachers"), "trainees": label})


def people_by_unit(assessed: pd.DataFrame, teachers: pd.DataFrame) -> pd.DataFrame:
    """Commended and sanctioned trainee-courses per unit (``school_id``, ``commended``, ``sanctioned``)."""
    m = assessed.merge(teachers[["teacher_id", "school_id"]], on="teacher_id", how="left")
    return (m.assign(commended=m["commended"].astype(int), sanctioned=m["sanctioned"].astype(int))
            .groupby("school_id", as_index=False)[["commended", "sanctioned"]].sum())


def county_compliance(data: TrainingData, year: str) -> pd.DataFrame:
    return annual_compliance(data.teachers, data.courses, data.assessed, year, data.rules)


def county_school(store, municipality: str | None = None) -> dict:
    """The first unit with teachers (of ``municipality``, if given): its language and county name."""
    schools = store.schools(municipality=municipality, with_rows_in="teachers")
    if schools.empty:
        raise InputError("no unit with teachers" + (f" in {municipality!r}" if municipality else ""),
                         table="teachers", column="school_id", value=municipality,
                         rule="import teachers.csv first")
    return schools.iloc[0].to_dict()
