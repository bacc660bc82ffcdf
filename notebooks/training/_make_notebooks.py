"""Writes the training report notebooks (run: python notebooks/training/_make_notebooks.py).

The notebooks are thin: a parameters cell, the opening every report shares
(:class:`evalnb.core.report.ReportContext`), then a few calls per cell into
the notebook's own module of :mod:`evalnb.training.report`.  They are
written without outputs.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


#: What the batch's index calls each figure (message ids of the training catalog), and its format.
LABELS = {
    "participants": ("Participants (trainee-courses)", "int"), "qualified": ("Qualified", "int"),
    "commended": ("Commended", "int"), "sanctioned": ("Sanctioned", "int"),
    "hours_credited": ("Hours credited", "number"), "compliant": ("Yearly requirements met", None),
    "hours_year": ("Hours credited this school year", "number"),
    "hours_cycle": ("Hours in the cycle", "number"), "teachers": ("Teachers", "int"),
    "compliant_share": ("All yearly requirements met", "percent"),
    "courses": ("Courses of the school year", "int"),
    "exam_roster": ("Teachers sitting the examination", "int"),
}


def meta(key: str, figures: list[str], applies_to: dict, key_table: str | None = None) -> dict:
    """The notebook's ``metadata.evalnb``: key, what it applies to, its figures, their labels."""
    out = {"key": key, "applies_to": applies_to, "figures": figures,
           "figure_labels": in_every_language({f: LABELS[f][0] for f in figures}, "training"),
           "figure_formats": {f: LABELS[f][1] for f in figures if LABELS[f][1]}}
    if key_table:
        out["key_table"] = key_table     # other domains have teachers of their own
    return out


def opening(module: str, key: str | None = "school_id") -> str:
    """The first code cell's imports and the one opening of every report."""
    school = f", school_id={key}" if key else ""
    return f"""
import evalnb
from evalnb.core.report import ReportContext
from evalnb.core.handout import data_as_of_note
from evalnb.training.report import {module} as rep, rules_table

ctx = ReportContext.open("training", data, lang=lang, rules_path=rules_path{school})
"""

write("unit_monthly_report.ipynb", [
    md("""
# Monthly training results of a unit

The county bureau informs every unit of its teachers' results in last month's
county training courses before the 5th of each month, and the school links
them to performance appraisal (county plan for teachers' continuing education,
§5 *training evaluation*, item 4). A trainee's total is the written test
(70 points), attendance (15) and discipline (15).

Run it for every unit with teachers:
`evalnb batch notebooks/training/unit_monthly_report.ipynb -p month 2025-03`.
"""),
    code("""
school_id = "EN001"  # the unit (school or kindergarten)
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
month = None         # YYYY-MM; None: the latest month in which the unit had results
lang = None          # en | ru | zh; None: the unit's language
rules_path = None    # the county's rules (YAML); None: the plan's defaults
""", tags=["parameters"]),
    code(opening("unit_monthly_report") + """
unit = rep.load(ctx, month)
_ = ctx._
ctx.start(ctx.school["name"], rep.month_text(unit.month, ctx.lang), kicker=_("Monthly training results"))
"""),
    code("""
for name in rep.FIGURES:
    evalnb.record(name, unit.summary[name])
evalnb.record("month", unit.month)
evalnb.record("due", unit.summary["due"].date())
for sentence in rep.narrative(ctx, unit):
    ctx.paragraph(sentence)
"""),
    code("""
ctx.heading(_("Key figures"))
rep.summary_table(ctx, unit)
"""),
    md("""
## The unit's teachers

One row per teacher and course that ended in the month. Commendation (about a
third of each class) and sanctions (the unqualified last tenth) are decided
within the whole course, across all units.
"""),
    code("""
ctx.heading(_("Results of the unit's teachers"))
table = rep.results_table(ctx, unit)
table if table is not None else ctx.paragraph(_("No results this month."))
"""),
    code("""
fig = rep.results_chart(ctx, unit)
if fig is not None:
    ctx.show(fig)
"""),
    code("""
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
ctx.heading(_("Rules applied"))
rules_table(ctx)
"""),
], meta("school_id", ["participants", "qualified", "commended", "sanctioned", "hours_credited"],
        {"with_rows_in": "teachers"}))


write("teacher_record.ipynb", [
    md("""
# A teacher's continuing-education record

Every course a teacher took, the hours and credits credited for it, the totals
per school year and per five-year cycle, and where the teacher stands against
each requirement: at least 3 online courses and 8 online credits a school year,
at least 20 face-to-face hours for kindergarten teachers, the hours of the
cycle (county plan for teachers' continuing education; the county's rules file
may add others). Only courses in which the teacher qualified are credited.
"""),
    code("""
teacher_id = None    # the teacher; None: the first teacher of the database
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
as_of = None         # school year of the standing, e.g. 2024-2025; None: the latest in the data
lang = None          # en | ru | zh; None: the language of the teacher's school
rules_path = None    # the county's rules (YAML); None: the plan's defaults
""", tags=["parameters"]),
    code(opening("teacher_record", key=None) + """
reg = rep.load(ctx, teacher_id, as_of)
_ = ctx._
ctx.start(reg.teacher["name"], f'{ctx.school["name"]} · {reg.as_of}', key=reg.teacher["teacher_id"],
          kicker=_("Continuing education record"))
"""),
    code("""
ctx.heading(_("Standing against the requirements"))
for sentence in rep.narrative(ctx, reg):
    ctx.paragraph(sentence)
for name, value in rep.figures(reg).items():
    evalnb.record(name, value)
rep.standing_table(ctx, reg)
"""),
    code("""
ctx.heading(_("School years"))
rep.years_table(ctx, reg)
"""),
    code("""
ctx.show(rep.years_chart(ctx, reg))
"""),
    code("""
ctx.heading(_("Courses"))
table = rep.courses_table(ctx, reg)
table if table is not None else ctx.paragraph(_("No course recorded."))
"""),
    code("""
ctx.heading(_("Five-year cycles"))
rep.cycles_table(ctx, reg)
"""),
    code("""
ctx.heading(_("Examination, school-based hours and consequences"))
ctx.paragraph(rep.roster_status(ctx, reg))
ctx.paragraph(rep.school_based_text(ctx, reg))
acts = rep.consequences(ctx, reg)
rep.consequences_table(ctx, acts) if len(acts) else ctx.paragraph(_("No consequence of an assessment."))
"""),
    code("""
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
ctx.heading(_("Rules applied"))
rules_table(ctx)
"""),
], meta("teacher_id", ["compliant", "hours_year", "hours_cycle"], {}, key_table="teachers"))


write("county_overview.ipynb", [
    md("""
# County overview of teachers' continuing education

Every unit's compliance with the yearly requirements, the courses of the school
year with their results, the distribution of totals, and the lists of commended
and sanctioned trainees (county plan for teachers' continuing education, §5
*training evaluation*; §3 item 5; key work (A) item 8).
"""),
    code("""
municipality = None  # the county; None: every unit in the data
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
year = None          # school year, e.g. 2024-2025; None: the year of the latest course
lang = None          # en | ru | zh; None: the language of the county's units
rules_path = None    # the county's rules (YAML); None: the plan's defaults
""", tags=["parameters"]),
    code(opening("county_overview", key=None) + """
county = rep.load(ctx, municipality, year)
_ = ctx._
ctx.start(county.name, _("School year {year}", year=county.year), key=municipality,
          kicker=_("Continuing education: county overview"))
"""),
    code("""
by_unit = rep.by_unit(ctx, county)
evalnb.record("teachers", len(county.compliance))
evalnb.record("compliant_share", float(county.compliance["compliant"].mean()) if len(county.compliance) else None)
ctx.heading(_("Compliance with the yearly requirements"))
rep.unit_compliance_table(ctx, by_unit)
"""),
    code("""
ctx.show(rep.compliance_chart(ctx, by_unit))
"""),
    code("""
ctx.heading(_("Courses of the school year"))
courses = rep.courses(county)
evalnb.record("courses", len(courses))
table = rep.course_table(ctx, courses)
table if table is not None else ctx.paragraph(_("No course ended in this school year."))
"""),
    code("""
ctx.show(rep.score_chart(ctx, county.assessed, _("Totals of the school year's trainees")))
"""),
    md("""
## Commended and sanctioned trainees

About a third of each class is commended; trainees who are unqualified and in
the last tenth of their class get no title promotion that year, no first-class
post rating, and bear their own fees.
"""),
    code("""
n, table = rep.people_table(ctx, county, "commended")
evalnb.record("commended", n)
ctx.heading(_("Commended trainees ({n})", n=n))
table if table is not None else ctx.paragraph(_("Nobody."))
"""),
    code("""
n, table = rep.people_table(ctx, county, "sanctioned")
evalnb.record("sanctioned", n)
ctx.heading(_("Sanctioned trainees ({n})", n=n))
table if table is not None else ctx.paragraph(_("Nobody."))
"""),
    md("""
## Consequences and the examination of teachers

The list the county office sends to the units: per teacher, the certificates
withheld (unqualified: hours not recognised), and for the sanctioned no title
promotion that year, no first-class rating and the fees borne (§5 item 4).
Then the roster of the county's examination of teachers (key work (A), item 9).
"""),
    code("""
acts = rep.actions(county)
ctx.heading(_("Consequences to send to the units ({n} teachers)", n=acts["teacher_id"].nunique()))
rep.actions_table(ctx, acts) if len(acts) else ctx.paragraph(_("Nobody."))
"""),
    code("""
ros = rep.roster(county, ctx.rules)
evalnb.record("exam_roster", int(ros["status"].eq("on_roster").sum()))
ctx.heading(_("Examination of teachers"))
ctx.paragraph(rep.roster_text(ctx, ros, county.year))
rep.roster_table(ctx, ros) if len(ros) else ctx.paragraph(_("Nobody."))
"""),
    code("""
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
ctx.heading(_("Rules applied"))
rules_table(ctx)
"""),
], meta("municipality", ["teachers", "compliant_share", "courses", "commended", "sanctioned", "exam_roster"],
        {"with_rows_in": "teachers"}))


write("data_entry.ipynb", [
    md("""
# Training data entry

For the county's training office and class teachers: register a course, then
enter the results of its trainees — absences, late arrivals / early
departures, written test (0–100; empty if not taken) and discipline (0–15).
Every value is checked before anything is saved, and a save stores the whole
roster at once or nothing. Serve it without code:
`voila notebooks/training/data_entry.ipynb`.
"""),
    code("""
data = None          # database URL or SQLite file; None: data/evalnb.sqlite
lang = "en"          # en | ru | zh
user = None          # who enters the data (written to the audit log)
rules_path = None    # the county's rules (YAML), for the assessment shown after saving
""", tags=["parameters"]),
    code("""
from evalnb.core.store import open_data
from evalnb.training.forms import CourseForm, ResultsForm

store = open_data(data)
CourseForm(store, lang=lang, user=user, rules=rules_path)
"""),
    code("""
ResultsForm(store, lang=lang, user=user, rules=rules_path)
"""),
], None)
