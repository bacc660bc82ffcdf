"""«500+»: targeted methodological help to schools with low results.

A regional centre's tracker of the federal project's roadmap ("дорожная карта")
as the Kaluga order of 02.02.2022 № 180 approves it: 59 tasks, each with its
period as written, its executors, an implementation indicator (often a share)
and information support; and, around it, each school's risk profile (РПШ),
concept documents and anti-risk programme, and the monitoring of two stages.

* :func:`parse_period`, :func:`roadmap_ranges` — period texts as date ranges;
* :func:`executor_codes`, :func:`indicator_kind`, :func:`indicator_target`;
* :func:`roadmap_status` — each task's state at a date; :func:`gantt` draws it;
* :func:`indicator_shares` — share indicators from who took part;
* :func:`project_check`, :func:`documents_status`, :func:`antirisk_progress`,
  :func:`stage_monitoring` — the project's schools;
* :func:`read_roadmap` — a roadmap as published (CSV, XLSX or the order's DOCX table);
* :class:`SupportRules` — every number, overridable by a region.

Examples
--------
>>> from evalnb.support import parse_period
>>> parse_period("23-24.03.2022").ranges[0][2]
'day'
"""

from ..core.domain import Domain, FormSpec, ReportNotebook
from .period import Period, parse_period
from .roadmap import (INDICATOR_KINDS, STATES, executor_codes, indicator_kind, indicator_target,
                      roadmap_ranges, roadmap_status)
from .rules import ROLES, SupportRules, load_rules
from .schools import AntiriskProgress, antirisk_progress, documents_status, project_check, stage_monitoring
from .shares import indicator_shares, infer_share_indicators
from .tables import TABLES

#: The domain's rules class.
RULES = SupportRules


def gantt(ranges, status, as_of, **kwargs):
    """The Gantt chart of a roadmap (see :func:`evalnb.support.gantt.gantt`)."""
    from .gantt import gantt as _gantt

    return _gantt(ranges, status, as_of, **kwargs)


def read_roadmap(path, **kwargs):
    """A roadmap as published: CSV, XLSX or DOCX (see :func:`evalnb.support.importing.read_roadmap`)."""
    from .importing import read_roadmap as _read

    return _read(path, **kwargs)


def _sample(ctx):
    from .sample import sample

    return sample(ctx)


DOMAIN = Domain(
    name="support", title="«500+»: support for schools with low results",
    rules=SupportRules, tables=TABLES,
    reports=(ReportNotebook("support/roadmap_report.ipynb"),
             ReportNotebook("support/school_report.ipynb")),
    forms=(FormSpec("roadmap_progress", "evalnb.support.forms:RoadmapProgressForm",
                    "Roadmap progress", "The state and indicator of each roadmap task at a date"),
           FormSpec("antirisk_measures", "evalnb.support.forms:AntiriskMeasuresForm",
                    "Anti-risk programme", "A school's anti-risk measures: status, evidence, "
                    "curator's confirmation",
                    pick=("school",), kinds=("general",), with_rows_in="project_schools")),
    sample=_sample,
    description="Roadmap tracker, share indicators, risk profiles and anti-risk programmes")

__all__ = [
    "AntiriskProgress", "DOMAIN", "INDICATOR_KINDS", "Period", "ROLES", "RULES", "STATES",
    "SupportRules", "TABLES", "antirisk_progress", "documents_status", "executor_codes", "gantt",
    "indicator_kind", "indicator_shares", "indicator_target", "infer_share_indicators", "load_rules",
    "parse_period", "project_check", "read_roadmap", "roadmap_ranges", "roadmap_status",
    "stage_monitoring",
]
