"""Writes the 诊改 notebooks (run: python notebooks/diagnosis/_make_notebooks.py).

The notebooks are thin: a parameters cell, then a few calls per cell into
:mod:`evalnb.diagnosis.report` and :mod:`evalnb.diagnosis.forms`.  They are
written without outputs.
"""

from pathlib import Path

from evalnb.core.notebooks import code, markdown as md, write as _write

HERE = Path(__file__).resolve().parent


def write(name, cells, evalnb_meta):
    _write(HERE / name, cells, evalnb_meta)


LABELS = {
    "eligible": {"en": "Eligible for review", "ru": "Допущена к выборочной проверке", "zh": "符合抽样复核条件"},
    "matches": {"en": "Matching elements", "ru": "Совпавшие элементы", "zh": "吻合要素数"},
    "conclusion": {"en": "Conclusion", "ru": "Заключение", "zh": "复核结论"},
    "employment_rate": {"en": "Employment rate", "ru": "Трудоустройство", "zh": "就业率"},
    "student_teacher_ratio": {"en": "Students per teacher", "ru": "Учащихся на преподавателя", "zh": "生师比"},
}

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
from evalnb.core import report
from evalnb.core.i18n import translator
from evalnb.core.store import open_data
from evalnb.diagnosis import report as dr

store = open_data(data)
d = dr.load_school(store, school_id, cycle, rules_path)
lang = report.resolve_lang(lang, d.school, "zh")
_ = translator(lang, "diagnosis")
report.start(d.school["name"], dr.period_text(d, lang), lang, key=school_id,
             kicker=_("Teaching diagnosis and improvement (诊改)"))
"""),
    md("## Status data"),
    code("""
report.heading(_("Status data against the standard and the province"))
report.paragraph(_("The key indicators of the school's status data (人才培养工作状态数据) for the latest year, "
                   "the threshold of the establishment standard where there is one, the province's median, "
                   "the school's rank among the province's vocational schools (1 = best) and the trend over "
                   "three years."))
dr.status_table(d, lang) if d.year is not None else report.paragraph(_("No status data."))
"""),
    code("""
if d.year is not None:
    report.show(dr.trend_figure(d, lang))
"""),
    md("## Conditions for sampled review"),
    code("""
report.heading(_("Conditions for sampled review"))
elig = dr.school_eligibility(d)
evalnb.record("eligible", bool(elig["eligible"]))
evalnb.record("student_teacher_ratio", elig["student_teacher_ratio_value"])
report.paragraph(dr.eligibility_summary(elig, lang))
dr.eligibility_table(elig, lang)
"""),
    md("## Self-diagnosis and review"),
    code("""
report.heading(_("Self-diagnosis and review, element by element"))
report.paragraph(_("For each of the 16 diagnostic elements: the attainment the school reported in its "
                   "self-diagnosis and the attainment the experts found on review."))
dr.comparison_table(d, lang)
"""),
    code("""
report.heading(_("Review conclusion"))
res = dr.school_conclusion(d)
if res is not None:
    evalnb.record("matches", int(res["matches"]))
    evalnb.record("conclusion", res["conclusion_zh"])
report.paragraph(dr.conclusion_text(res, lang))
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
from evalnb.diagnosis import report as dr
from evalnb.diagnosis.forms import SelfReportForm

store = open_data(data)
form = SelfReportForm(store, school_id, cycle or dr.default_cycle(store, school_id), lang=lang,
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
from evalnb.diagnosis import report as dr
from evalnb.diagnosis.forms import ReviewForm

store = open_data(data)
form = ReviewForm(store, school_id, cycle or dr.default_cycle(store, school_id), lang=lang,
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
""", tags=["parameters"]),
    code("""
import evalnb
from evalnb.core import report
from evalnb.core.i18n import translator
from evalnb.core.store import open_data
from evalnb.diagnosis import report as dr

store = open_data(data)
p = dr.load_province(store, province, rules_path)
_ = translator(lang, "diagnosis")
report.start(province or _("Vocational schools of the province"), dr.period_text_province(p, lang), lang,
             key=province, kicker=_("Teaching diagnosis and improvement (诊改)"))
"""),
    md("## Conditions for sampled review"),
    code("""
report.heading(_("Conditions for sampled review"))
elig = dr.province_eligibility(p)
evalnb.record("schools", len(elig))
evalnb.record("eligible", int(elig["eligible"].sum()))
report.paragraph(dr.province_eligibility_text(elig, lang))
report.show(dr.conditions_figure(elig, lang))
dr.province_eligibility_table(elig, lang)
"""),
    md("## Review conclusions"),
    code("""
report.heading(_("Review conclusions"))
res = dr.reviewed_conclusions(p)
for name, n in dr.conclusion_counts(res).items():
    evalnb.record(name, n)
dr.conclusions_table(res, lang) if len(res) else report.paragraph(_("No review has been recorded yet."))
"""),
    md("## Sampling plan"),
    code("""
report.heading(_("Sampling plan"))
plan = dr.plan_for(p, cycle_start, cycle_years, seed)
evalnb.record("target", plan.target)
evalnb.record("planned", plan.reviewed)
report.paragraph(dr.plan_text(plan, lang))
dr.coverage_table(plan, lang)
"""),
    code("""
report.show(dr.coverage_figure(plan, lang))
dr.plan_table(plan, lang)
"""),
    code("""
report.heading(_("Conflicts"), 3)
dr.conflicts_table(plan, p.schools, lang) if len(plan.conflicts) else report.paragraph(_("No conflicts."))
"""),
], {"key": "province", "applies_to": {},
    "figures": ["schools", "eligible", "effective", "needs_improvement", "abnormal", "target", "planned"]})
