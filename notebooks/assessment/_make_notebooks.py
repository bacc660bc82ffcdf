"""Writes the assessment notebooks (run: .venv/bin/python notebooks/assessment/_make_notebooks.py).

The notebooks are thin: a parameters cell, the opening every report shares
(:class:`evalnb.core.report.ReportContext`), then a few calls per cell into
the notebook's own module of :mod:`evalnb.assessment.report` (or the
explorer of :mod:`evalnb.assessment.explore`).  They are written without
outputs.  Markdown cells explain the notebook to whoever
opens it in JupyterLab; they are tagged ``remove-cell`` so that the exported
handouts carry only the translated text the package displays.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


#: What the batch's index calls each figure (message ids of the assessment catalog).
LABELS = {
    "pass_rate": "Pass rate", "quality": "Quality of knowledge", "sou": "СОУ, %",
    "risk_subjects": "Subjects in the risk zone", "lowered_share": "Lowered on external procedures",
    "flags": "Signs of non-objectivity", "cluster_rank": "Place in cluster",
    "schools_with_risk": "Schools with a subject in the risk zone",
    "flagged_schools": "Schools with signs of non-objectivity", "essay_pass_share": "Final essay passed",
}
FORMATS = {"pass_rate": "percent", "quality": "percent", "lowered_share": "percent",
           "essay_pass_share": "percent", "sou": "number"}


def meta(key, figures, applies):
    return {"key": key, "applies_to": applies, "figures": figures,
            "figure_labels": in_every_language({f: LABELS[f] for f in figures if f in LABELS}, "assessment"),
            "figure_formats": {f: FORMATS[f] for f in figures if f in FORMATS}}


def either(call: str, empty: str) -> str:
    """A cell line showing ``call``'s table, or the sentence ``empty`` when it returns None."""
    return f"table = {call}\ntable if table is not None else ctx.paragraph(_({empty!r}))"

SCHOOL_FIGURES = ["pass_rate", "quality", "sou", "risk_subjects", "lowered_share", "flags", "cluster_rank"]

write("school_report.ipynb", [
    md("""
# A school's marks and external assessments

The analysis the Armavir methodological centre presented to deputy directors
(order of 02.03.2020 № 204 and its appendix), for one school and one period:
pass rate, quality of knowledge, mean mark and СОУ by subject and their change;
external procedures (ВПР, regional diagnostic works, the final essay) against
the journal marks; subjects in the risk zone; the school's place in its
cluster; signs of non-objective assessment; and the follow-up actions of the
order that apply.

Run it for every general school: `evalnb batch notebooks/assessment/school_report.ipynb`.
"""),
    code("""
school_id = "RU001"  # the school
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
period = None        # e.g. "2019-2020 Q2"; None: the latest period with the school's marks
lang = None          # en | ru | zh; None: the school's language
rules_path = None    # the municipality's rules (YAML); None: the defaults (see the last table)
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.assessment.report import rules_table, school_report as rep, section, style
from evalnb.core.report import ReportContext

ctx = ReportContext.open("assessment", data, lang=lang, rules_path=rules_path, school_id=school_id)
r = rep.load(ctx, period)
_ = ctx._
ctx.start(ctx.school["name"], rep.subtitle(ctx, r), kicker=_("Marks and external assessments"))
style()
"""),
    md("""
The school's figures for the period, beside the municipality's, and the change
from the previous period. The figures are recorded for the batch's index.
"""),
    code("""
section(ctx, "key_figures")
for name, value in r.figures().items():
    evalnb.record(name, value)
text, table = rep.summary(ctx, r)
ctx.paragraph(text)
table
"""),
    code("""
section(ctx, "subjects")
rep.subjects_table(ctx, r)
"""),
    code("""
fig = rep.subjects_chart(ctx, r)
if fig is not None:
    ctx.show(fig)
"""),
    code("""
section(ctx, "classes")
rep.classes_table(ctx, r)
"""),
    md("""
External against internal assessment: each external mark against the same
student's journal mark for the last period that ended on or before the procedure.
"""),
    code("""
section(ctx, "objectivity")
""" + either("rep.objectivity_table(ctx, r)",
             "No external procedure with marks to compare in this school year.")),
    code("""
fig = rep.objectivity_chart(ctx, r)
if fig is not None:
    ctx.show(fig)
"""),
    code("""
if not r.essay.empty:
    section(ctx, "essay")
    display(rep.essay_table(ctx, r))
"""),
    code("""
section(ctx, "risk")
table = rep.risk_table(ctx, r)
table if table is not None else ctx.paragraph(_("No subject of the school is in the risk zone in {period}.",
                                                period=r.period))
"""),
    code("""
section(ctx, "cluster")
ctx.paragraph(rep.cluster_text(ctx, r))
fig = rep.cluster_chart(ctx, r)
if fig is not None:
    ctx.show(fig)
"""),
    code("""
section(ctx, "flags")
""" + either("rep.flags_table(ctx, r)", "No sign of non-objective assessment was found.")),
    md("""
The follow-up actions of item 1 of the order that what was found calls for
(correct the ВШК/ВСОКО plan for risk-zone subjects, special control of history
in grades 5–9, …).
"""),
    code("""
section(ctx, "recommendations")
items = rep.recommendations_list(ctx, r)
if items:
    ctx.paragraph(_("Follow-up actions of the order of 02.03.2020 № 204 (item 1) that apply to what was found:"))
    ctx.bullets(items)
else:
    ctx.paragraph(_("The analysis calls for none of the order's follow-up actions."))
"""),
    code("""
section(ctx, "rules")
rules_table(ctx)
"""),
], meta("school_id", SCHOOL_FIGURES, {"kinds": ["general"], "with_rows_in": "students"}))


MUNI_FIGURES = ["pass_rate", "quality", "sou", "schools_with_risk", "flagged_schools", "lowered_share",
                "essay_pass_share"]

write("municipality_overview.ipynb", [
    md("""
# The municipality: marks and external assessments

The comprehensive analysis of the quality of educational activity as the
methodological centre presents it (Armavir order of 02.03.2020 № 204, appendix):
all schools, clusters, subjects in the risk zone, the correspondence of external
and internal assessment and its signs of non-objectivity, a school × subject
heat map, the change from the previous period, the final essay.
"""),
    code("""
municipality = None  # None: the first municipality with general schools
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
period = None        # e.g. "2019-2020 Q2"; None: the latest period with marks
lang = None          # en | ru | zh; None: the language of the municipality's schools
rules_path = None    # the municipality's rules (YAML); None: the defaults
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.assessment.report import municipality_overview as rep, rules_table, section, style
from evalnb.core.report import ReportContext

ctx = ReportContext.open("assessment", data, lang=lang, rules_path=rules_path)
m = rep.load(ctx, municipality, period)
_ = ctx._
ctx.start(m.municipality, rep.subtitle(ctx, m), key=m.municipality,
          kicker=_("Marks and external assessments: the municipality"))
style()
"""),
    code("""
section(ctx, "key_figures")
for name, value in m.figures().items():
    evalnb.record(name, value)
for sentence in rep.summary(ctx, m):
    ctx.paragraph(sentence)
"""),
    code("""
section(ctx, "schools")
rep.schools_table(ctx, m)
"""),
    code("""
section(ctx, "clusters")
rep.clusters_table(ctx, m)
"""),
    code("""
section(ctx, "subjects")
rep.subjects_table(ctx, m)
"""),
    code("""
section(ctx, "dynamics")
ctx.show(rep.dynamics_chart(ctx, m))
"""),
    code("""
section(ctx, "heatmap")
fig = rep.heatmap(ctx, m)
if fig is not None:
    ctx.show(fig)
"""),
    code("""
section(ctx, "risk")
ctx.paragraph(rep.risk_text(ctx, m))
rep.risk_table(ctx, m)
"""),
    code("""
section(ctx, "objectivity")
for fig in (rep.objectivity_chart(ctx, m), rep.objectivity_by_school_chart(ctx, m)):
    if fig is not None:
        ctx.show(fig)
"""),
    code("""
section(ctx, "flags")
""" + either("rep.flags_table(ctx, m)", "No sign of non-objective assessment was found.")),
    code("""
if not m.m.essay.empty:
    section(ctx, "essay")
    display(rep.essay_table(ctx, m))
"""),
    code("""
section(ctx, "rules")
rules_table(ctx)
"""),
], meta("municipality", MUNI_FIGURES, {"kinds": ["general"], "with_rows_in": "students"}))


write("explore.ipynb", [
    md("""
# Explore marks and external results

Pick a school, a subject, a period and a class: the tables and charts below
redraw. The same figures as the reports, from the same calculators
(`evalnb.assessment`); set `data` to your database. Periods are named as
people say them («IV четверть 2019/2020»); a class's marks list each
student's name beside the code where the students table has names (this
notebook is for the school's own staff: the handouts show no names).
"""),
    code("""
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
municipality = None  # None: the first municipality with general schools
lang = None          # en | ru | zh; None: the language of the schools
rules_path = None    # the municipality's rules (YAML); None: the defaults
""", tags=["parameters"]),
    code("""
from evalnb.assessment.explore import Explorer

explorer = Explorer(data, municipality, lang=lang, rules_path=rules_path)
explorer
"""),
], None)
