"""evalnb.diagnosis — teaching diagnosis and improvement (诊改) of secondary vocational schools.

Source: the MOE notice 教职成司函〔2016〕37号 and its attachment, the
《中等职业学校教学工作诊断与改进指导方案（试行）》, with 附1 (the reference
table: 6 items, 16 elements, 99 main diagnostic points) and 附2 (the
self-diagnosis report format).  Contract: DATA.md, ``evalnb.diagnosis``.

Calculators (pure, vectorised pandas):

* :func:`catalog` — the reference table, one row per diagnostic point;
* :func:`status_rates`, :func:`trends`, :func:`province_position` — status data;
* :func:`eligibility` — conditions for sampled review (§4(三)–(四));
* :func:`check_self_report` — a self-diagnosis report against 附2;
* :func:`review_conclusion`, :func:`compare_elements` — the review conclusion (§6);
* :func:`sampling_plan` — the province's sampling plan over a cycle (§4(二)).

Forms live in :mod:`evalnb.diagnosis.forms`, exports (DOCX, PDF) in
:mod:`evalnb.diagnosis.export`, report helpers in :mod:`evalnb.diagnosis.report`.
"""

from .catalog import ELEMENTS, ITEMS, POINTS_PER_ELEMENT, catalog, elements, hints, indicator_points
from .eligibility import eligibility, eligibility_by_year, eligibility_long
from .review import (CONCLUSION_ZH, char_count, check_self_report, compare_elements,
                     review_conclusion)
from .rules import DiagnosisRules
from .sampling import SamplingPlan, coverage, sampling_plan
from .status import RATE_NAMES, province_position, rates_long, status_rates, trends

from ..core.domain import Domain, FormSpec, ReportNotebook, msgid as _
from . import tables as _tables


#: evalnb.diagnosis as the domain registry sees it (entry point ``evalnb.domains``)
DOMAIN = Domain(
    name="diagnosis",
    title=_("Teaching diagnosis and improvement (诊改)"),
    rules=DiagnosisRules,
    tables=_tables.TABLES,
    reports=(ReportNotebook("diagnosis/school_report.ipynb"),
             ReportNotebook("diagnosis/province_overview.ipynb", demo=False)),
    forms=(
        FormSpec("self_diagnosis", "evalnb.diagnosis.forms:SelfReportForm",
                 _("Self-diagnosis report (诊改, 附2)"),
                 _("A vocational school's self-diagnosis, element by element: attainment, "
                   "diagnosis, measures and effect."),
                 pick=("school", "cycle"), kinds=("vocational",)),
        FormSpec("review", "evalnb.diagnosis.forms:ReviewForm",
                 _("Review by experts (复核)"),
                 _("The experts' verdict on each element and their summary; shows the conclusion."),
                 pick=("school", "cycle"), kinds=("vocational",), with_rows_in="self_diagnosis"),
    ),
    sample="evalnb.diagnosis.sample:sample", sample_stream=1,
)

__all__ = [
    "DOMAIN",    "catalog", "elements", "hints", "indicator_points", "ELEMENTS", "ITEMS", "POINTS_PER_ELEMENT",
    "status_rates", "rates_long", "trends", "province_position", "RATE_NAMES",
    "eligibility", "eligibility_long", "eligibility_by_year",
    "check_self_report", "char_count", "review_conclusion", "compare_elements", "CONCLUSION_ZH",
    "sampling_plan", "SamplingPlan", "coverage", "DiagnosisRules",
]
