"""Writes the olympiad report notebooks (run: python notebooks/olympiad/_make_notebooks.py).

The notebooks are thin: a parameters cell, then a few calls per cell into
:mod:`evalnb.olympiad.report`.  They are written without outputs.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


#: What the batch's index calls each figure (message ids of the catalog).
LABELS = in_every_language({
    "coverage": "Coverage",
    "quality_municipal": "Quality, municipal",
    "quality_regional": "Quality, regional",
    "schools_positive": "Schools improving",
    "iom_required": "Need an ИОМ",
    "iom_implementation": "ИОМ implemented",
    "iom_missing": "Without an ИОМ",
    "special_control": "Special control",
    "rank": "Rank",
}, "olympiad")
FORMATS = {"coverage": "percent", "quality_municipal": "percent", "quality_regional": "percent",
           "iom_implementation": "percent"}

#: The rules that differ from the defaults, in the main text; the full list in the appendix.
RULES_CELL = """
from evalnb.core.handout import data_as_of_note
from evalnb.core.i18n import translator
core = translator(ctx.lang, "core")
ctx.heading(core("Rules that differ from the defaults"))
changed = olympiad.rules_table(ctx.rules, ctx.lang, only_changed=True)
display(changed) if changed is not None else ctx.paragraph(
    core("The report applies the default rules of the regulation; all of them are listed in the appendix."))
# the date of the data closes the main text (a note alone after the appendix could fill a page)
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
"""
APPENDIX_CELL = """
ctx.heading(core("Appendix: the rules applied"))
display(olympiad.rules_table(ctx.rules, ctx.lang))
"""


def title(msgid):
    return in_every_language({"title": msgid}, "olympiad")["title"]


OPEN_MUNICIPALITY = """
import evalnb
from evalnb.core.report import ReportContext, open_store
from evalnb.olympiad import report as olympiad
from evalnb.olympiad.report import municipality_report as mr

first = olympiad.municipality_of(open_store(data), municipality)
ctx = ReportContext.open("olympiad", data, lang=lang, rules_path=rules_path,
                         default_lang=first["language"])
_ = ctx._
municipality = municipality or first["municipality"]
olymp = olympiad.load(ctx.store, municipality, ctx.rules)
year = olympiad.resolve_year(olymp, year)
rep = mr.compute(olymp, year)
ctx.start(municipality, _("School year {year}", year=year), key=municipality,
          kicker=_("All-Russian school olympiad: municipality report"))
"""

M_FIGURES = ["coverage", "quality_municipal", "quality_regional", "schools_positive", "iom_required",
             "iom_implementation", "iom_missing", "special_control"]

write("municipality_report.ipynb", [
    md("""
# All-Russian school olympiad: municipality report

The olympiad review of the Armavir order of 02.03.2020 № 204 and its
appendix: coverage of the school stage (the order reports more than 73 %),
every general school in the school and municipal stages, the quality of
participation in the municipal and regional stages (more than 35 %, with
positive dynamics), the positions of schools over the last three school
years, and an individual educational route (ИОМ) for every winner and
prize-winner of the municipal and regional stages — under special control
for those who won in several subjects.

Build it for every municipality with olympiad results:
`evalnb batch notebooks/olympiad/municipality_report.ipynb`.
"""),
    code("""
municipality = None  # the municipality; None: the first with olympiad results
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
year = None          # school year, e.g. 2019-2020; None: the latest in the data
lang = None          # en | ru | zh; None: the language of the municipality's schools
rules_path = None    # the municipality's rules (YAML); None: the order's defaults
""", tags=["parameters"]),
    code(OPEN_MUNICIPALITY),
    code("""
for name, value in mr.figures(rep).items():
    evalnb.record(name, value)
ctx.heading(_("Key figures"))
mr.key_table(rep, ctx.lang)
"""),
    md("""
## The ИОМ register

One row per school with winners or prize-winners: how many need an ИОМ, how
many have one in progress or done, who has none, and who is under special
control (winners in several subjects). Schools below 100 % are marked.
"""),
    code("""
ctx.heading(_("Individual educational routes (ИОМ) of winners and prize-winners"))
ctx.paragraph(_("Every winner and prize-winner of the municipal and regional stages needs an ИОМ, "
                "implemented with parents, the school psychologist and a mentor; those who won in "
                "several subjects are under special control."))
mr.iom_register(rep, ctx.lang)
"""),
    code("""
ctx.heading(_("Under special control"), level=3)
special = mr.special_list(rep, ctx.lang)
special if special is not None else ctx.paragraph(_("Nobody won in several subjects this school year."))
"""),
    code("""
ctx.heading(_("Under special control: what is missing"), level=3)
gaps = mr.special_gaps(rep, ctx.lang)
gaps if gaps is not None else ctx.paragraph(_("Every student under special control has a complete ИОМ."))
"""),
    code("""
ctx.heading(_("Coverage and quality of participation by school"))
ctx.show(mr.coverage_quality_chart(rep, ctx.lang))
note = mr.coverage_note(rep, ctx.lang)
if note:
    ctx.paragraph(note, "evalnb-note")
mr.schools_table(rep, ctx.lang)
"""),
    code("""
ctx.heading(_("Positions of schools over the last school years"))
ctx.show(mr.bump_chart(rep, ctx.lang))
ctx.paragraph(mr.dynamics_sentence(rep, ctx.lang))
mr.dynamics_table(rep, ctx.lang)
"""),
    code("""
ctx.heading(_("Schools taking part"))
mr.participation_table(rep, ctx.lang)
"""),
    code(RULES_CELL),
    code(APPENDIX_CELL),
], {"key": "municipality", "title": title("All-Russian school olympiad: municipality report"),
    "applies_to": {"with_rows_in": "olympiad"}, "figures": M_FIGURES,
    "figure_labels": {k: LABELS[k] for k in M_FIGURES},
    "figure_formats": {k: v for k, v in FORMATS.items() if k in M_FIGURES}})

S_FIGURES = ["coverage", "quality_municipal", "quality_regional", "rank", "iom_required",
             "iom_implementation", "iom_missing"]

write("school_report.ipynb", [
    md("""
# All-Russian school olympiad: school report

One school's olympiad year: its coverage and quality of participation next to
the municipality's, its rank, its results at every stage over the years, and
its winners and prize-winners with the state of their individual educational
routes (ИОМ) — Armavir order of 02.03.2020 № 204, item 1.6 and the appendix.

Build it for every school with olympiad results:
`evalnb batch notebooks/olympiad/school_report.ipynb`.
"""),
    code("""
school_id = "RU001"  # the school
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
year = None          # school year, e.g. 2019-2020; None: the latest in the data
lang = None          # en | ru | zh; None: the school's language
rules_path = None    # the municipality's rules (YAML); None: the order's defaults
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.core.report import ReportContext
from evalnb.olympiad import report as olympiad
from evalnb.olympiad.report import school_report as sr

ctx = ReportContext.open("olympiad", data, lang=lang, rules_path=rules_path, school_id=school_id)
_ = ctx._
olymp = olympiad.load(ctx.store, ctx.school["municipality"], ctx.rules)
year = olympiad.resolve_year(olymp, year)
rep = sr.compute_school(olymp, school_id, year)
ctx.start(ctx.school["name"], _("School year {year}", year=year),
          kicker=_("All-Russian school olympiad: school report"))
"""),
    code("""
for name, value in sr.figures(rep).items():
    evalnb.record(name, value)
ctx.heading(_("Key figures"))
note = sr.coverage_note(rep, ctx.lang)
if note:
    ctx.paragraph(note, "evalnb-note")
sr.key_table(rep, ctx.lang)
"""),
    code("""
ctx.heading(_("Stages"))
ctx.show(sr.quality_chart(rep, ctx.lang))
table = sr.stages_table(rep, ctx.lang)
table if table is not None else ctx.paragraph(_("The school has no olympiad results."))
"""),
    code("""
ctx.heading(_("Winners and prize-winners, and their ИОМ"))
ctx.paragraph(sr.iom_sentence(rep, ctx.lang))
table = sr.winners_table(rep, ctx.lang)
table if table is not None else ctx.paragraph(_("No winner or prize-winner this school year."))
"""),
    code(RULES_CELL),
    code(APPENDIX_CELL),
], {"key": "school_id", "title": title("All-Russian school olympiad: school report"),
    "applies_to": {"kinds": ["general"], "with_rows_in": "olympiad"},
    "figures": S_FIGURES, "figure_labels": {k: LABELS[k] for k in S_FIGURES},
    "figure_formats": {k: v for k, v in FORMATS.items() if k in S_FIGURES}})
