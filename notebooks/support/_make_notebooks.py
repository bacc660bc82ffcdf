"""Writes the «500+» report notebooks (run: python notebooks/support/_make_notebooks.py).

The notebooks are thin: a parameters cell, then a few calls per cell into
:mod:`evalnb.support.report`.  They are written without outputs.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent

def _(msgid):
    """Marks a message id of the support catalog (translated when the notebook is written)."""
    return msgid


#: What the batch's index calls each figure (message ids of the catalog).
LABELS = in_every_language({
    "tasks": _("Tasks"),
    "done": _("Done"),
    "overdue": _("Overdue"),
    "due_soon": _("Due soon"),
    "documents_share": _("Documents placed"),
    "stage1_ready_share": _("Ready for stage 1"),
    "factors_high": _("High risks"),
    "factors_uncovered": _("Uncovered risks"),
    "measures_done_share": _("Measures done"),
    "documents_placed": _("Documents placed"),
}, "support")
FORMATS = {"documents_share": "percent", "stage1_ready_share": "percent", "measures_done_share": "percent",
           **{k: "int" for k in ("tasks", "done", "overdue", "due_soon", "factors_high", "factors_uncovered",
                                 "documents_placed")}}


def meta(key, figures, applies, title):
    return {"key": key, "title": in_every_language({"title": title}, "support")["title"],
            "applies_to": applies, "figures": figures,
            "figure_labels": {f: LABELS[f] for f in figures},
            "figure_formats": {f: FORMATS[f] for f in figures if f in FORMATS}}


#: The rules that differ from the defaults, in the main text; the full list in the appendix.
RULES_CELL = """
from evalnb.core.handout import data_as_of_note
from evalnb.core.i18n import translator
from evalnb.support.report.rules_table import rules_table
core = translator(ctx.lang, "core")
ctx.heading(core("Rules that differ from the defaults"))
changed = rules_table(rules, ctx.lang, only_changed=True)
display(changed) if changed is not None else ctx.paragraph(
    core("The report applies the default rules of the regulation; all of them are listed in the appendix."))
# the date of the data closes the main text (a note alone after the appendix could fill a page)
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
"""
APPENDIX_CELL = """
ctx.heading(core("Appendix: the rules applied"))
display(rules_table(rules, ctx.lang))
"""


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


write("roadmap_report.ipynb", [
    md("""
# «500+» roadmap: where the region stands

The regional plan («дорожная карта») of targeted methodological help to schools
with low results (Kaluga order of 02.02.2022 № 180 is the model): each task's
state at a date, drawn as a Gantt chart; the overdue tasks and those due soon
with their executors; the share indicators computed from who took part,
against their targets; the project schools' documents and stage readiness.

Run for the region (`municipality = None`) or for one municipality (the share
indicators, documents and stages then count that municipality's schools).
"""),
    code("""
municipality = None  # None: the whole region; else one municipality's project schools
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
as_of = None         # YYYY-MM-DD; None: the latest progress report in the data
year = None          # the project's calendar year; None: the year of as_of
lang = None          # en | ru | zh; None: Russian
rules_path = None    # the region's rules (YAML); None: evalnb's defaults
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.core.report import ReportContext
from evalnb.support import load_rules
from evalnb.support import report as support
from evalnb.support.report.roadmap_report import RoadmapReport

ctx = ReportContext.open("support", data, lang=lang or "ru", rules_path=rules_path)
_ = ctx._
rules = ctx.rules if ctx.rules is not None else load_rules(rules_path)
tables = support.load(ctx.store)
as_of = support.resolve_as_of(tables.progress, as_of)
year = support.resolve_year(tables.project, as_of, year)
rep = RoadmapReport(tables, as_of, year, rules, ctx.lang, municipality)
ctx.start(municipality or _("Regional roadmap"), _("State on {date}", date=support.date_text(as_of, ctx.lang)),
          kicker=_("«500+»: support for schools with low results"), key=municipality or "region")
"""),
    code("""
figures = rep.figures()
for name in ("tasks", "done", "overdue", "due_soon", "documents_share", "stage1_ready_share"):
    evalnb.record(name, figures[name])
evalnb.record("as_of", as_of.date())
for sentence in rep.narrative():
    ctx.paragraph(sentence)
ctx.heading(_("Key figures"))
rep.summary_table()
"""),
    md("""
## The roadmap as a Gantt chart

One bar per date range of a task, in the colour of the task's state at
`as_of` (the dashed line). A deadline with no start is a diamond.
"""),
    code("""
ctx.heading(_("The roadmap at a glance"))
ctx.show(rep.gantt())
"""),
    code("""
ctx.heading(_("Overdue tasks"))
table = rep.overdue_table()
table if table is not None else ctx.paragraph(_("No task is overdue."))
"""),
    code("""
ctx.heading(_("Due within {n} days", n=rules.due_soon_days))
table = rep.due_soon_table()
table if table is not None else ctx.paragraph(_("No task is due soon."))
"""),
    code("""
ctx.heading(_("Beginning within a month"))
table = rep.starting_table()
table if table is not None else ctx.paragraph(_("No task begins within a month."))
"""),
    md("""
## Share indicators

Each share of the roadmap's indicators, counted in distinct units (a teacher or
a school that took part twice counts once), against its target (100% where the
indicator says so).
"""),
    code("""
ctx.heading(_("Share indicators"))
table = rep.shares_table()
table if table is not None else ctx.paragraph(_("The roadmap has no share indicator to compute."))
"""),
    code("""
table = rep.schools_share_table()
if table is not None:
    ctx.heading(_("Teachers who took part, by school"), 3)
table
"""),
    code(RULES_CELL),
    code(APPENDIX_CELL),
], meta("municipality", ["tasks", "done", "overdue", "due_soon", "documents_share", "stage1_ready_share"],
        {"with_rows_in": "project_schools"},
        _("Support of schools with low results (500+): roadmap report")))


write("school_report.ipynb", [
    md("""
# «500+»: a project school's anti-risk work

The school's risk profile (РПШ) as a chart, the progress of its anti-risk
programme per risk factor, its concept documents in ИС МЭДК and its readiness
for the monitoring of stages 1 and 2 (Kaluga order № 180, tasks 17–19, 32, 36,
37, 44 and 52).
"""),
    code("""
school_id = "RUS001"  # a project school
data = None           # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
as_of = None          # YYYY-MM-DD; None: the latest progress report in the data
year = None           # the project's calendar year; None: the year of as_of
lang = None           # en | ru | zh; None: the school's language
rules_path = None     # the region's rules (YAML); None: evalnb's defaults
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.core.report import ReportContext
from evalnb.support import load_rules
from evalnb.support import report as support
from evalnb.support.report.school_report import SchoolReport

ctx = ReportContext.open("support", data, lang=lang, rules_path=rules_path, school_id=school_id)
_ = ctx._
rules = ctx.rules if ctx.rules is not None else load_rules(rules_path)
tables = support.load(ctx.store, school_ids=[school_id])
as_of = support.resolve_as_of(ctx.store.read("roadmap_progress"), as_of)
year = support.resolve_year(tables.project, as_of, year)
rep = SchoolReport(tables, school_id, as_of, year, rules, ctx.lang)
ctx.start(ctx.school["name"], _("Anti-risk programme {year} · state on {date}", year=year,
                                date=support.date_text(as_of, ctx.lang)),
          kicker=_("«500+»: support for schools with low results"))
"""),
    code("""
figures = rep.figures()
for name in ("factors_high", "factors_uncovered", "measures_done_share", "documents_placed"):
    evalnb.record(name, figures[name])
if not rep.in_project:
    ctx.paragraph(_("The school is not in the project in {year}.", year=year))
ctx.heading(_("Key figures"))
rep.summary_table()
"""),
    code("""
ctx.heading(_("Risk profile"))
chart = rep.profile_chart()
ctx.show(chart) if chart is not None else ctx.paragraph(_("No risk profile in the data."))
"""),
    code("""
ctx.heading(_("Anti-risk programme by risk factor"))
table = rep.factors_table()
missing = rep.uncovered()
if missing:
    ctx.paragraph(_("Risk directions without a measure: {names}.", names="; ".join(missing)))
table if table is not None else ctx.paragraph(_("No anti-risk measures in the data."))
"""),
    code("""
ctx.heading(_("Measures past their deadline"))
table = rep.overdue_table()
table if table is not None else ctx.paragraph(_("No measure is past its deadline."))
"""),
    code("""
ctx.heading(_("Concept documents and anti-risk programme"))
rep.documents_table()
"""),
    code("""
ctx.heading(_("Readiness for the stage checks"))
table = rep.stages_table()
table if table is not None else ctx.paragraph(_("The school is not in the project in {year}.", year=year))
"""),
    code(RULES_CELL),
    code(APPENDIX_CELL),
], meta("school_id", ["factors_high", "factors_uncovered", "measures_done_share", "documents_placed"],
        {"kinds": ["general"], "with_rows_in": "project_schools"},
        _("Support of schools with low results (500+): school report")))
