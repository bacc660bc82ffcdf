"""Marks and external assessments of general schools (evalnb.assessment).

The analysis the Armavir methodological centre presents to deputy directors
(order of 02.03.2020 № 204): pass rate, quality of knowledge, mean mark and
СОУ of journal marks and their change from one period to the next; external
procedures (ВПР, regional diagnostic works, the final essay) against journal
marks; subjects in the risk zone; signs of non-objective assessment; schools
in their clusters; the follow-up actions of the order that apply.

Examples
--------
>>> from evalnb.assessment import mark_stats, objectivity, risk_zones  # doctest: +SKIP
"""

from .clusters import ClusterResult, clusters
from .essay import essay_pass
from .external import compare_rows, journal_period, objectivity, rollup_objectivity
from .flags import objectivity_flags
from .marks import dynamics, mark_stats, rollup
from .recommend import recommendations
from .risk import risk_summary, risk_zones
from .rules import AssessmentRules

from ..core.domain import Domain, FormSpec, ReportNotebook, msgid as _
from . import tables as _tables


#: evalnb.assessment as the domain registry sees it (entry point ``evalnb.domains``)
DOMAIN = Domain(
    name="assessment",
    title=_("Marks and external assessments"),
    rules=AssessmentRules,
    tables=_tables.TABLES,
    reports=(ReportNotebook("assessment/school_report.ipynb"),
             ReportNotebook("assessment/municipality_overview.ipynb")),
    forms=(
        FormSpec("journal_marks", "evalnb.assessment.forms:MarksForm",
                 _("Journal marks of a class"),
                 _("Final marks of a period for every student of a class, subject by subject.")),
        FormSpec("external_results", "evalnb.assessment.forms:ExternalForm",
                 _("External assessment results"),
                 _("Results of ВПР, regional diagnostic works and the final essay, student by student.")),
    ),
    sample="evalnb.assessment.sample:sample", sample_stream=0,
)

__all__ = [
    "DOMAIN",    "mark_stats", "rollup", "dynamics", "objectivity", "compare_rows", "journal_period",
    "rollup_objectivity", "objectivity_flags", "risk_zones", "risk_summary", "clusters",
    "ClusterResult", "essay_pass", "recommendations", "AssessmentRules",
]
