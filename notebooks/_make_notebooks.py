"""Writes notebooks/school_overview.ipynb (run: .venv/bin/python notebooks/_make_notebooks.py)."""

from pathlib import Path

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
from evalnb.core import report
from evalnb.core.i18n import fmt_int, translator
from evalnb.core.store import open_data
from evalnb.core.tables import html_table

store = open_data(data)
school = overview.load(store, school_id)
lang = report.resolve_lang(lang, school.school)
_ = translator(lang)
report.start(school.school["name"], school.school["municipality"], lang, kicker=_("School overview"))
"""),
    code("""
report.heading(_("Basic facts"))
html_table(overview.facts(school, lang), lang, labels={"label": _("Item"), "value": _("Value")})
"""),
    code("""
from evalnb.core.charts import single_bar
counts, title, xlabel = overview.composition(school, lang)
if not single_bar(counts):
    report.show(overview.chart(counts, title, xlabel, lang))
elif len(counts):
    report.paragraph(f"{title}: {counts.index[0]} — {fmt_int(counts.iloc[0], lang)}.")
else:
    report.paragraph(title)
"""),
    code("""
for name, value in overview.key_figures(school).items():
    evalnb.record(name, value)
from evalnb.core.handout import data_as_of_note
if data_as_of_note(store, lang):
    report.paragraph(data_as_of_note(store, lang), "evalnb-note")
"""),
], {"key": "school_id", "applies_to": {}, "figures": ["students", "teachers"],
    "title": {"en": "School overview", "ru": "Обзор школы", "zh": "学校概况"},
    "figure_labels": {"students": {"en": "Students", "ru": "Обучающиеся", "zh": "学生数"},
                      "teachers": {"en": "Teachers", "ru": "Педагоги", "zh": "教师数"}},
    "figure_formats": {"students": "int", "teachers": "int"}})
