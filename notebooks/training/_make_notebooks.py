"""Writes the training report notebooks (run: python notebooks/training/_make_notebooks.py).

The notebooks are thin: a parameters cell, then a few calls per cell into
:mod:`evalnb.training.report`.  They are written without outputs.
"""

from pathlib import Path

from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


IMPORTS = """
import evalnb
from evalnb.core import report
from evalnb.core.i18n import translator
from evalnb.core.store import open_data
from evalnb.training import report as training
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
    code(IMPORTS + """
store = open_data(data)
school = store.school(school_id)
lang = report.resolve_lang(lang, school)
_ = translator(lang, "training")
unit = training.load_unit(store, school_id, rules_path)
month = training.resolve_month(unit, month)
report.start(school["name"], training.month_text(month, lang), lang, key=school_id,
             kicker=_("Monthly training results"))
"""),
    code("""
summary = training.unit_summary(unit, school_id, month)
for name in ("participants", "qualified", "unqualified", "commended", "sanctioned", "hours_credited"):
    evalnb.record(name, summary[name])
evalnb.record("month", month)
evalnb.record("due", summary["due"].date())
for sentence in training.unit_narrative(summary, lang):
    report.paragraph(sentence)
"""),
    code("""
report.heading(_("Key figures"))
training.summary_table(summary, lang)
"""),
    md("""
## The unit's teachers

One row per teacher and course that ended in the month. Commendation (about a
third of each class) and sanctions (the unqualified last tenth) are decided
within the whole course, across all units.
"""),
    code("""
report.heading(_("Results of the unit's teachers"))
table = training.results_table(unit, school_id, month, lang)
table if table is not None else report.paragraph(_("No results this month."))
"""),
    code("""
fig = training.results_chart(unit, school_id, month, lang)
if fig is not None:
    report.show(fig)
"""),
    code("""
report.heading(_("Rules applied"))
training.rules_table(unit.rules, lang)
"""),
], {"key": "school_id", "applies_to": {"with_rows_in": "teachers"},
    "figures": ["participants", "qualified", "commended", "sanctioned", "hours_credited"]})


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
    code(IMPORTS + """
store = open_data(data)
teacher_id = teacher_id or training.first_teacher(store)
reg, school = training.load_teacher(store, teacher_id, rules_path, as_of)
lang = report.resolve_lang(lang, school)
_ = translator(lang, "training")
report.start(reg.teacher["name"], f'{school["name"]} · {reg.as_of}', lang, key=teacher_id,
             kicker=_("Continuing education record"))
"""),
    code("""
report.heading(_("Standing against the requirements"))
for sentence in training.teacher_narrative(reg, lang):
    report.paragraph(sentence)
evalnb.record("compliant", reg.compliant)
evalnb.record("hours_year", float(reg.years.loc[reg.years["year"] == reg.as_of, "hours_total"].sum()))
evalnb.record("hours_cycle", float(reg.cycles.loc[reg.cycles["cycle"] == reg.cycle, "hours_total"].sum()))
training.standing_table(reg, lang)
"""),
    code("""
report.heading(_("School years"))
training.years_table(reg, lang)
"""),
    code("""
report.show(training.years_chart(reg, lang))
"""),
    code("""
report.heading(_("Courses"))
table = training.courses_table(reg, lang)
table if table is not None else report.paragraph(_("No course recorded."))
"""),
    code("""
report.heading(_("Five-year cycles"))
training.cycles_table(reg, lang)
"""),
    code("""
report.heading(_("Rules applied"))
training.rules_table(rules_path, lang)
"""),
], {"key": "teacher_id", "applies_to": {}, "figures": ["compliant", "hours_year", "hours_cycle"]})


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
    code(IMPORTS + """
store = open_data(data)
first = training.county_school(store, municipality)
lang = report.resolve_lang(lang, first)
_ = translator(lang, "training")
county = training.load_county(store, municipality, rules_path)
year = training.resolve_year(county, year)
report.start(municipality or first["municipality"], _("School year {year}", year=year), lang,
             key=municipality, kicker=_("Continuing education: county overview"))
"""),
    code("""
compliance = training.county_compliance(county, year)
assessed = training.year_assessed(county, year)
by_unit, table = training.unit_compliance_table(county, compliance, store, lang, assessed)
evalnb.record("teachers", len(compliance))
evalnb.record("compliant_share", float(compliance["compliant"].mean()) if len(compliance) else None)
report.heading(_("Compliance with the yearly requirements"))
table
"""),
    code("""
report.show(training.compliance_chart(by_unit, lang))
"""),
    code("""
report.heading(_("Courses of the school year"))
courses, table = training.course_table(county, year, lang)
evalnb.record("courses", len(courses))
table if table is not None else report.paragraph(_("No course ended in this school year."))
"""),
    code("""
report.show(training.score_chart(assessed, county.rules, lang, _("Totals of the school year's trainees")))
"""),
    md("""
## Commended and sanctioned trainees

About a third of each class is commended; trainees who are unqualified and in
the last tenth of their class get no title promotion that year, no first-class
post rating, and bear their own fees.
"""),
    code("""
n, table = training.people_table(county, assessed, store, lang, "commended")
evalnb.record("commended", n)
report.heading(_("Commended trainees ({n})", n=n))
table if table is not None else report.paragraph(_("Nobody."))
"""),
    code("""
n, table = training.people_table(county, assessed, store, lang, "sanctioned")
evalnb.record("sanctioned", n)
report.heading(_("Sanctioned trainees ({n})", n=n))
table if table is not None else report.paragraph(_("Nobody."))
"""),
    code("""
report.heading(_("Rules applied"))
training.rules_table(county.rules, lang)
"""),
], {"key": "municipality", "applies_to": {"with_rows_in": "teachers"},
    "figures": ["teachers", "compliant_share", "courses", "commended", "sanctioned"]})


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
