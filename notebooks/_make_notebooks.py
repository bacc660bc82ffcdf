"""Writes notebooks/school_overview.ipynb (run: .venv/bin/python notebooks/_make_notebooks.py)."""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown, write

HERE = Path(__file__).resolve().parent

write(HERE / "school_overview.ipynb", [
    markdown("""
# School overview

The basic facts of one school, as the database knows them, in the school's
language. Change `school_id` below and run all cells, or build it for every
school with `evalnb batch notebooks/school_overview.ipynb`.
"""),
    code("""
school_id = "RU001"  # the school to describe
data = None         # database URL, SQLite file or CSV folder (None: data/evalnb.sqlite)
lang = None         # en | ru | zh (None: the school's language)
rules_path = None   # unused here; every report accepts it
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb import overview
from evalnb.core.report import ReportContext

ctx = ReportContext.open("overview", data, lang=lang, rules_path=rules_path, school_id=school_id)
school = overview.load(ctx)
_ = ctx._
ctx.start(ctx.school["name"], ctx.school["municipality"], kicker=_("School overview"))
"""),
    code("""
ctx.heading(_("Basic facts"))
ctx.table(overview.facts(school, ctx.lang), labels={"label": _("Item"), "value": _("Value")})
"""),
    code("""
from evalnb.core.charts import single_bar
from evalnb.core.i18n import fmt_int
counts, title, xlabel = overview.composition(school, ctx.lang)
if not single_bar(counts):
    ctx.show(overview.chart(counts, title, xlabel, ctx.lang))
elif len(counts):
    ctx.paragraph(f"{title}: {counts.index[0]} — {fmt_int(counts.iloc[0], ctx.lang)}.")
else:
    ctx.paragraph(title)
"""),
    code("""
from evalnb.core.handout import data_as_of_note
for name, value in overview.key_figures(school).items():
    evalnb.record(name, value)
if data_as_of_note(ctx.store, ctx.lang):
    ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
"""),
], {"key": "school_id", "applies_to": {}, "figures": ["students", "teachers"],
    "title": in_every_language({"title": "School overview"})["title"],
    "figure_labels": in_every_language({"students": "Students", "teachers": "Teachers"}),
    "figure_formats": {"students": "int", "teachers": "int"}})
