"""Writes the control_plan report notebooks (run: .venv/bin/python notebooks/control_plan/_make_notebooks.py).

The notebooks are thin: a parameters cell, then a few calls per cell into
:mod:`evalnb.control_plan.report`.  They are written without outputs.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


#: What the batch's index calls each figure (message ids of the catalog).
LABELS = in_every_language({
    "items": "Items in the plan",
    "errors": "Errors",
    "warnings": "Warnings",
    "document_findings": "Findings in the Положение",
    "schools": "Schools with a plan",
    "schools_with_errors": "Schools with errors",
    "schools_with_warnings": "Schools with warnings",
    "clean_schools": "Schools without faults",
    "documents_checked": "Положения checked",
}, "control_plan")


def meta(key, figures, applies, title):
    return {"key": key, "title": in_every_language({"title": title}, "control_plan")["title"],
            "applies_to": applies, "figures": figures,
            "figure_labels": {f: LABELS[f] for f in figures},
            "figure_formats": {f: "int" for f in figures}}


#: The rules that differ from the defaults, in the main text; the full list in the appendix.
RULES_CELL = """
from evalnb.control_plan.report.common import rules_table
from evalnb.core.handout import data_as_of_note
from evalnb.core.i18n import translator
core = translator(ctx.lang, "core")
ctx.heading(core("Rules that differ from the defaults"))
changed = rules_table(rep.rules, ctx.lang, only_changed=True)
display(changed) if changed is not None else ctx.paragraph(
    core("The report applies the default rules of the regulation; all of them are listed in the appendix."))
# the date of the data closes the main text (a note alone after the appendix could fill a page)
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
"""
APPENDIX_CELL = """
ctx.heading(core("Appendix: the rules applied"))
display(rules_table(rep.rules, ctx.lang))
"""


write("school_report.ipynb", [
    md("""
# A school's ВШК/ВСОКО plan and its Положение

The integrated plan of internal school control and internal quality assessment
checked as the Armavir order of 02.03.2020 № 204 asks: every result kind
(subject, metasubject, personal) covered, every item with its object, goal,
form, methods, responsible person and recording, methods that suit the result,
a load each person can carry, teachers' work in every half-year. Then the
school's Положение о ВШК и ВСОКО, checked for the typical faults the order
names (obsolete terms, acts that do not regulate internal control, signs of a
copied document, a style that is not official-business).

Run it for every school with a plan: `evalnb batch notebooks/control_plan/school_report.ipynb`.
"""),
    code("""
school_id = "RU004"  # the school
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
year = None          # school year, e.g. 2019-2020; None: the latest year of the school's plan
documents = None     # folder of the schools' Положения (SCHOOL_ID_*.docx or .txt); None: beside the data
lang = None          # en | ru | zh; None: the school's language
rules_path = None    # the municipality's rules (YAML); None: the defaults (see the last table)
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.control_plan.report import SchoolPlanReport
from evalnb.core.report import ReportContext

ctx = ReportContext.open("control_plan", data, lang=lang, rules_path=rules_path, school_id=school_id)
_ = ctx._
rep = SchoolPlanReport(ctx, year, documents=documents, data=data)
ctx.start(ctx.school["name"], _("School year {year}", year=rep.year), kicker=_("ВШК/ВСОКО plan"))
"""),
    code("""
ctx.heading(_("Key figures"))
figures = rep.record()
rep.summary()
"""),
    code("""
ctx.heading(_("Findings in the plan"))
table = rep.findings_table()
table if table is not None else ctx.paragraph(_("The plan has none of the faults checked."))
"""),
    code("""
ctx.heading(_("Items by direction"))
rep.coverage_table()
"""),
    code("""
ctx.heading(_("Load of the responsible persons"))
fig = rep.load_chart()
if fig is not None:
    ctx.show(fig)
"""),
    code("""
ctx.heading(_("The Положение о ВШК и ВСОКО"))
ctx.paragraph(rep.document_note())
table = rep.document_table()
table
"""),
    code(RULES_CELL),
    code(APPENDIX_CELL),
], meta("school_id", ["items", "errors", "warnings", "document_findings"],
        {"with_rows_in": "control_plan"}, "A school's ВШК/ВСОКО plan and its Положение"))


write("municipality_summary.ipynb", [
    md("""
# The municipality's ВШК/ВСОКО plans

How many schools have each fault of the plan and of the Положение о ВШК и ВСОКО
(Armavir order of 02.03.2020 № 204: the review of the integrated plans of the
city's schools and their typical faults), and every school's result.
"""),
    code("""
municipality = None  # None: the municipality of the first school with a plan
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
year = None          # school year, e.g. 2019-2020; None: the latest year of the plans
documents = None     # folder of the schools' Положения (SCHOOL_ID_*.docx or .txt); None: beside the data
lang = None          # en | ru | zh; None: the language of the municipality's schools
rules_path = None    # the municipality's rules (YAML); None: the defaults
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.control_plan.report import MunicipalitySummary, first_school
from evalnb.core.report import ReportContext, open_store

first = first_school(open_store(data), municipality)
ctx = ReportContext.open("control_plan", data, lang=lang, rules_path=rules_path,
                         default_lang=first["language"] or "ru")
_ = ctx._
rep = MunicipalitySummary(ctx, municipality, year, documents=documents, data=data)
ctx.start(rep.municipality, _("School year {year}", year=rep.year), key=rep.municipality,
          kicker=_("ВШК/ВСОКО plans of the schools"))
"""),
    code("""
figures = rep.record()
ctx.heading(_("Faults of the plans"))
rep.by_check_table()
"""),
    code("""
fig = rep.by_check_chart()
if fig is not None:
    ctx.show(fig)
"""),
    code("""
table = rep.by_kind_table()
if table is not None:
    ctx.heading(_("Faults of the Положения"))
table
"""),
    code("""
ctx.heading(_("Every school"))
rep.schools_table()
"""),
    code(RULES_CELL),
    code(APPENDIX_CELL),
], meta("municipality", ["schools", "schools_with_errors", "schools_with_warnings", "clean_schools",
                         "documents_checked"], {"with_rows_in": "control_plan"},
        "The municipality's ВШК/ВСОКО plans"))
