"""Writes the community report notebooks (run: python notebooks/community/_make_notebooks.py).

Thin notebooks: a parameters cell, then a few calls per cell into
:mod:`evalnb.community.report`.  Written without outputs.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


OPEN = """
import evalnb
from evalnb.core.report import ReportContext
from evalnb.community.report import {module} as community
from evalnb.community.report._common import rules_table

ctx = ReportContext.open("community", data, lang=lang, rules_path=rules_path, school_id=school_id)
_ = ctx._
"""

write("school_grouping.ipynb", [
    md("""
# A school's after-school growth communities (校外成长共同体)

Pupils who volunteer are grouped village by village, 4–8 pupils and 4–8 parents
a group with 1–2 guiding teachers, nearest first, older with younger,
abilities mixed, boys and girls balanced, with a host household where a parent
is at home, a student leader and a parent leader (Mobu Primary School plan;
Lixin No. 1 Middle School summary). The report shows the school's saved
grouping, or the one evalnb's exact solver makes, and every rule it does not meet.
"""),
    code("""
school_id = "CNC001"  # the school
data = None           # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
lang = None           # en | ru | zh; None: the school's language
rules_path = None     # the county's rules (YAML); None: the plans' defaults
""", tags=["parameters"]),
    code(OPEN.format(module="grouping") + """
sg = community.load(ctx, school_id)
ctx.start(ctx.school["name"], _("After-school growth communities"), kicker=_("Grouping of pupils"))
"""),
    code("""
for name, value in community.figures(sg).items():
    evalnb.record(name, value)
for sentence in community.narrative(sg, _):
    ctx.paragraph(sentence)
"""),
    code("""
ctx.heading(_("Groups"))
community.groups_table(sg, _, ctx.lang)
"""),
    code("""
ctx.heading(_("Members"))
community.members_table(sg, _, ctx.lang)
"""),
    code("""
ctx.heading(_("Rules not met"))
table = community.unmet_table(sg, _, ctx.lang)
table if table is not None else ctx.paragraph(_("Every rule is met."))
"""),
    code("""
fig = community.village_chart(sg, _)
if fig is not None:
    ctx.heading(_("Groups by village"))
    ctx.show(fig)
"""),
    code("""
ctx.heading(_("Rules applied"))
rules_table(sg.rules, _, ctx.lang)
"""),
], {"key": "school_id", "applies_to": {"with_rows_in": "community_students"},
    "figures": ["students", "groups", "unmet_rules"],
    "figure_labels": in_every_language({"students": "Pupils", "groups": "Groups",
                                        "unmet_rules": "Rules not met"}, "community")})

write("term_activities.ipynb", [
    md("""
# A term's activities of the after-school growth communities

Activities at weekends and holidays, of three kinds (智育发展型, 德育培养型,
综合实践型), always with a parent present, recorded by the group leader; the
teachers inspect and evaluate them regularly (Mobu Primary School plan, Lixin
No. 1 Middle School summary). The measures (weeks with an activity, a parent
present, attendance) are evalnb's.
"""),
    code("""
school_id = "CNC001"  # the school
data = None           # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
term = None           # e.g. "2024-2025 autumn"; None: the term of the latest activity
lang = None           # en | ru | zh; None: the school's language
rules_path = None     # the county's rules (YAML); None: the plans' defaults
""", tags=["parameters"]),
    code(OPEN.format(module="activities") + """
ta = community.load(ctx, school_id, term)
ctx.start(ctx.school["name"], community.term_label(ta.term, _), kicker=_("Activities of the growth communities"))
"""),
    code("""
for name, value in community.figures(ta).items():
    evalnb.record(name, value)
for sentence in community.narrative(ta, _, ctx.lang):
    ctx.paragraph(sentence)
"""),
    code("""
ctx.heading(_("Groups"))
community.groups_table(ta, _, ctx.lang)
"""),
    code("""
fig = community.chart(ta, _, ctx.lang)
if fig is not None:
    ctx.show(fig)
"""),
    code("""
ctx.heading(_("Records to check"))
table = community.violations_table(ta, _, ctx.lang)
table if table is not None else ctx.paragraph(_("Every activity had a parent on duty and a record."))
"""),
    code("""
ctx.heading(_("Pupils"))
community.students_table(ta, _, ctx.lang)
"""),
], {"key": "school_id", "applies_to": {"with_rows_in": "community_activities"},
    "figures": ["activities", "attendance_rate", "with_parent_share"],
    "figure_formats": {"attendance_rate": "percent", "with_parent_share": "percent"},
    "figure_labels": in_every_language({"activities": "Activities", "attendance_rate": "Attendance",
                                        "with_parent_share": "With a parent present"}, "community")})

write("alliance_report.ipynb", [
    md("""
# A school alliance: staff exchanges and self-inspection

Each school year the alliance exchanges at least 3 % of its cadres and
teachers, at least 80 % of the exchanged teachers are backbone teachers, and an
exchange lasts at least one school year in total; the alliance meets every
month, holds its termly events, and writes self-inspection reports every June
and December (Zhaoge Primary School alliance plan). The report is built for a
member school and shows its whole alliance.
"""),
    code("""
school_id = "CNC003"  # a member school of the alliance
data = None           # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
year = None           # school year, e.g. 2024-2025; None: the latest with staff counts
lang = None           # en | ru | zh; None: the school's language
rules_path = None     # the county's rules (YAML); None: the plans' defaults
""", tags=["parameters"]),
    code(OPEN.format(module="alliance") + """
ay = community.load(ctx, school_id, year)
ctx.start(ay.alliance_id, ay.year, kicker=_("School alliance"))
"""),
    code("""
for name, value in community.figures(ay).items():
    evalnb.record(name, value)
for sentence in community.narrative(ay, _, ctx.lang):
    ctx.paragraph(sentence)
"""),
    code("""
ctx.heading(_("Exchange quotas"))
community.quotas_table(ay, _, ctx.lang)
"""),
    code("""
table = community.people_table(ay, _, ctx.lang)
if table is not None:
    ctx.heading(_("People exchanged this school year"))
    display(table)
"""),
    code("""
ctx.heading(_("Events of the terms"))
ctx.paragraph(community.months_sentence(ay, _, ctx.lang))
community.events_table(ay, _, ctx.lang)
"""),
    code("""
table = community.visits_table(ay, _, ctx.lang)
if table is not None:
    ctx.heading(_("Visits to member schools"))
    display(table)
"""),
    code("""
ctx.heading(_("Self-inspection reports"))
community.reports_table(ay, _, ctx.lang)
"""),
    code("""
ctx.heading(_("Rules applied"))
rules_table(ay.rules, _, ctx.lang)
"""),
], {"key": "school_id", "applies_to": {"with_rows_in": "alliance_members"},
    "figures": ["quota_met", "backbone_met", "reports_missing"],
    "figure_labels": in_every_language({"quota_met": "Schools meeting the exchange share",
                                        "backbone_met": "Schools meeting the backbone share",
                                        "reports_missing": "Reports missing"}, "community")})
