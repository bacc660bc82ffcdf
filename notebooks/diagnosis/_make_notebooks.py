"""Writes the 诊改 notebooks (run: python notebooks/diagnosis/_make_notebooks.py).

The notebooks are thin: a parameters cell, the opening every report shares
(:class:`evalnb.core.report.ReportContext`), then a few calls per cell into
the notebook's own module of :mod:`evalnb.diagnosis.report` (or a form of
:mod:`evalnb.diagnosis.forms`).  They are written without outputs.
"""

from pathlib import Path

from evalnb.core.i18n import in_every_language
from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


#: What the batch's index calls each figure (message ids of the diagnosis catalog).
LABELS = in_every_language({
    "eligible": "Eligible for review", "matches": "Matching elements", "conclusion": "Conclusion",
    "employment_rate": "Employment rate", "student_teacher_ratio": "Students per teacher",
}, "diagnosis")

write("school_report.ipynb", [
    md("""
# 诊改 report of a secondary vocational school

Teaching diagnosis and improvement (诊改) of a secondary vocational school, after
the MOE guidance attached to 教职成司函〔2016〕37号: the school's status data
against the establishment standard and the province, three-year trends, the
conditions for sampled review (§4(三)), the school's self-diagnosis against the
experts' review element by element, and the review conclusion (§6).

Run it for every vocational school: `evalnb batch notebooks/diagnosis/school_report.ipynb`.
"""),
    code("""
school_id = "CN001"  # the vocational school
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
cycle = None         # the 诊改 cycle, e.g. "2021-2025"; None: the latest
lang = None          # en | ru | zh; None: the school's language
rules_path = None    # the province's rules (YAML), e.g. thresholds for remote areas
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.core.report import ReportContext
from evalnb.diagnosis.report import school_report as rep

ctx = ReportContext.open("diagnosis", data, lang=lang, rules_path=rules_path, school_id=school_id)
d = rep.load(ctx, cycle)
_ = ctx._
ctx.start(ctx.school["name"], rep.period_text(ctx, d), kicker=_("Teaching diagnosis and improvement (诊改)"))
"""),
    md("## Status data"),
    code("""
ctx.heading(_("Status data against the standard and the province"))
ctx.paragraph(_("The key indicators of the school's status data (人才培养工作状态数据) for the latest year, "
                   "the threshold of the establishment standard where there is one, the province's median, "
                   "the school's rank among the province's vocational schools (1 = best) and the trend over "
                   "three years."))
rep.status_table(ctx, d) if d.year is not None else ctx.paragraph(_("No status data."))
"""),
    code("""
if d.year is not None:
    ctx.show(rep.trend_figure(ctx, d))
"""),
    md("## Conditions for sampled review"),
    code("""
ctx.heading(_("Conditions for sampled review"))
elig = rep.school_eligibility(d)
evalnb.record("eligible", bool(elig["eligible"]))
evalnb.record("student_teacher_ratio", elig["student_teacher_ratio_value"])
ctx.paragraph(rep.eligibility_summary(ctx, elig))
rep.eligibility_table(ctx, elig)
"""),
    md("## Self-diagnosis and review"),
    code("""
ctx.heading(_("Self-diagnosis and review, element by element"))
ctx.paragraph(_("For each of the 16 diagnostic elements: the attainment the school reported in its "
                   "self-diagnosis and the attainment the experts found on review."))
rep.comparison_table(ctx, d)
"""),
    code("""
ctx.heading(_("Review conclusion"))
res = rep.school_conclusion(d)
if res is not None:
    evalnb.record("matches", int(res["matches"]))
    evalnb.record("conclusion", res["conclusion_zh"])
ctx.paragraph(rep.conclusion_text(ctx, res))
"""),
    code("""
ctx.heading(_("Completeness of the self-diagnosis report (附2)"), 3)
probs = rep.report_problems(ctx, d)
if probs is None:
    ctx.paragraph(_("No self-diagnosis has been recorded for this cycle yet."))
elif probs.empty:
    ctx.paragraph(_("The report is complete."))
rep.completeness_table(ctx, probs) if probs is not None and len(probs) else None
"""),
    code("""
from evalnb.core.handout import data_as_of_note
ctx.paragraph(data_as_of_note(ctx.store, ctx.lang), "evalnb-note")
"""),
], {"key": "school_id", "applies_to": {"kinds": ["vocational"], "with_rows_in": "vocational_status"},
    "figures": ["eligible", "matches", "conclusion", "student_teacher_ratio"],
    "figure_labels": LABELS, "figure_formats": {"student_teacher_ratio": "number"}})


write("self_report_form.ipynb", [
    md("""
# Self-diagnosis report (自我诊改报告)

The school writes its self-diagnosis report in the format of 附2 of the
guidance (教职成司函〔2016〕37号), element by element: how far the targets
were attained, the self-diagnosis (at most 500 characters), the improvement
measures (at most 200) and their effect (at most 200), and the overview (at
most 500). Save as often as you like: an incomplete report is kept as a draft.
The buttons below the form export the saved report as Word and PDF files, with
the principal's signature line.

Serve it without code: `voila notebooks/diagnosis/self_report_form.ipynb`.
"""),
    code("""
school_id = "CN001"  # the vocational school
cycle = None         # the 诊改 cycle, e.g. "2021-2025"; None: the latest
data = None          # database URL or SQLite file; None: data/evalnb.sqlite
lang = None          # en | ru | zh; None: the school's language
rules_path = None    # the province's rules (YAML): character limits
user = None          # who fills in the form (recorded with each save)
export_dir = "exports"  # where the DOCX and PDF files go
""", tags=["parameters"]),
    code("""
from evalnb.core.store import open_data
from evalnb.diagnosis.forms import SelfReportForm
from evalnb.diagnosis.report import default_cycle

store = open_data(data)
form = SelfReportForm(store, school_id, cycle or default_cycle(store, school_id), lang=lang,
                      user=user, rules=rules_path, export_dir=export_dir)
form
"""),
], {"key": "school_id", "applies_to": {"kinds": ["vocational"]}})


write("review_form.ipynb", [
    md("""
# Review of a school's self-diagnosis (复核)

The experts record, for each of the 16 diagnostic elements, the attainment they
found, and their summary judgement: whether the improvement measures are well
targeted and whether the improvement is really effective. The form shows where
they agree with the school's self-diagnosis and the conclusion that follows
(有效 / 待改进 / 异常, guidance §6).
"""),
    code("""
school_id = "CN001"  # the school under review
cycle = None         # the 诊改 cycle; None: the latest
data = None          # database URL or SQLite file; None: data/evalnb.sqlite
lang = None          # en | ru | zh; None: the school's language
rules_path = None    # the province's rules (YAML)
user = None          # who fills in the form
""", tags=["parameters"]),
    code("""
from evalnb.core.store import open_data
from evalnb.diagnosis.forms import ReviewForm
from evalnb.diagnosis.report import default_cycle

store = open_data(data)
form = ReviewForm(store, school_id, cycle or default_cycle(store, school_id), lang=lang,
                  user=user, rules=rules_path)
form
"""),
], {"key": "school_id", "applies_to": {"kinds": ["vocational"], "with_rows_in": "self_diagnosis"}})


write("province_overview.ipynb", [
    md("""
# 诊改 in the province

For the provincial education department and its 诊改 expert committee: which
vocational schools meet the conditions for sampled review (guidance §4(三)),
the review conclusions so far (§6), and the sampling plan for the next cycle —
at least a third of the schools, every prefecture, incident schools within two
years, closing schools left out (§4(二)).
"""),
    code("""
province = None      # the province (when the schools table has a province column); None: every school
data = None          # database URL, SQLite file or CSV folder; None: data/evalnb.sqlite
lang = "zh"          # en | ru | zh
rules_path = None    # the province's rules (YAML)
cycle_start = None   # first year of the sampling cycle; None: the year after the latest status data
cycle_years = 5      # years in the cycle (the guidance suggests five)
seed = 0             # the random draw of the sampling plan
as_of = None         # date of the follow-up (YYYY-MM-DD); None: today
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.core.report import ReportContext
from evalnb.diagnosis.report import province_overview as rep
from evalnb.diagnosis.report import province_followup as fu

ctx = ReportContext.open("diagnosis", data, lang=lang, rules_path=rules_path)
p = rep.load(ctx, province)
_ = ctx._
ctx.start(province or _("Vocational schools of the province"), rep.period_text(ctx, p), key=province,
          kicker=_("Teaching diagnosis and improvement (诊改)"))
"""),
    md("## Conditions for sampled review"),
    code("""
ctx.heading(_("Conditions for sampled review"))
elig = rep.province_eligibility(p)
evalnb.record("schools", len(elig))
evalnb.record("eligible", int(elig["eligible"].sum()))
ctx.paragraph(rep.eligibility_text(ctx, elig))
ctx.show(rep.conditions_figure(ctx, elig))
rep.eligibility_table(ctx, elig)
"""),
    md("## Review conclusions"),
    code("""
ctx.heading(_("Review conclusions"))
res = rep.reviewed_conclusions(p)
for name, n in rep.conclusion_counts(res).items():
    evalnb.record(name, n)
rep.conclusions_table(ctx, res) if len(res) else ctx.paragraph(_("No review has been recorded yet."))
"""),
    md("## Sampling plan"),
    code("""
ctx.heading(_("Sampling plan"))
plan = rep.plan_for(p, cycle_start, cycle_years, seed)
evalnb.record("target", plan.target)
evalnb.record("planned", plan.reviewed)
ctx.paragraph(rep.plan_text(ctx, plan))
rep.coverage_table(ctx, plan)
"""),
    code("""
ctx.show(rep.coverage_figure(ctx, plan))
rep.plan_table(ctx, plan)
"""),
    code("""
ctx.heading(_("Conflicts"), 3)
rep.conflicts_table(ctx, plan, p.schools) if len(plan.conflicts) else ctx.paragraph(_("No conflicts."))
"""),
    md("## The schools' own cycles and their reports"),
    code("""
ctx.heading(_("The schools' own 诊改 cycles"))
on = fu.as_of_date(as_of)
cyc = fu.own_cycles(p, on)
evalnb.record("past_cycle", int(cyc["past_cycle"].sum()))
ctx.paragraph(fu.own_cycle_text(ctx, cyc))
fu.own_cycle_table(ctx, cyc) if cyc["past_cycle"].any() else None
"""),
    code("""
ctx.heading(_("Completeness of the self-diagnosis reports (附2)"), 3)
probs = fu.completeness(p)
ctx.paragraph(_("The overview, the comprehensive conclusion, the suggestions for improvement, the principal's "
                "signature and every element's texts must be filled in; an empty text is a gap, not a pass."))
fu.completeness_table(ctx, p, probs) if len(probs) else ctx.paragraph(_("Every report is complete."))
"""),
    md("## Follow-up and the year's calendar"),
    code("""
ctx.heading(_("Follow-up of schools judged abnormal (异常)"))
fol = fu.follow(p, res, on)
evalnb.record("follow_up", len(fol))
fu.follow_table(ctx, fol) if len(fol) else ctx.paragraph(_("No school is under follow-up."))
"""),
    code("""
ctx.heading(_("Calendar of {year}", year=on.year), 3)
fu.calendar_table(ctx, p, fu.calendar(p, fol, on))
"""),
    code("""
ctx.heading(_("Schools not meeting the conditions for review (published yearly)"), 3)
fu.publication_table(ctx, elig) if (~elig["eligible"]).any() else ctx.paragraph(_("Every school meets the conditions."))
"""),
], {"key": "province", "applies_to": {},
    "figures": ["schools", "eligible", "effective", "needs_improvement", "abnormal", "target", "planned",
                "past_cycle", "follow_up"]})
