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

__all__ = [
    "mark_stats", "rollup", "dynamics", "objectivity", "compare_rows", "journal_period",
    "rollup_objectivity", "objectivity_flags", "risk_zones", "risk_summary", "clusters",
    "ClusterResult", "essay_pass", "recommendations", "AssessmentRules",
]
