"""After-school growth communities (校外成长共同体), teachers' growth and school alliances.

* :func:`form_groups` — groups of 4–8 pupils a village, by an exact constraint
  model, with every unmet rule listed; :func:`check_groups` re-checks any grouping;
* :func:`assign_teachers` — 1–2 guiding teachers a group, 2–3 groups a teacher;
* :func:`activity_summary` and :func:`growth_compliance` — a term's activities
  and teachers' growth;
* :func:`exchange_quotas`, :func:`alliance_calendar`, :func:`self_inspection_due`,
  :func:`report_status` — school alliances;
* :class:`CommunityRules` — every threshold with its source.

Examples
--------
>>> CommunityRules.load({"max_size": 6}).max_size
6
"""

from .activities import ActivitySummary, activity_summary, growth_compliance, iso_weeks
from .alliance import (ExchangeQuotas, alliance_calendar, at_least, ceil_share, exchange_quotas,
                       report_status, self_inspection_due)
from .checks import FLAGS, check_groups
from .grouping import Grouping, evaluate_grouping, form_groups
from .rules import CommunityRules, load_rules
from .tables import TABLES
from .teachers import TeacherAssignment, assign_teachers, check_assignment, teachers_feasible

#: The domain's rules class.
RULES = CommunityRules

__all__ = [
    "ActivitySummary", "CommunityRules", "ExchangeQuotas", "FLAGS", "Grouping", "RULES", "TABLES",
    "TeacherAssignment", "activity_summary", "alliance_calendar", "assign_teachers", "at_least",
    "check_assignment", "DOMAIN",
    "ceil_share", "check_groups", "evaluate_grouping", "exchange_quotas", "form_groups", "growth_compliance", "iso_weeks",
    "load_rules", "report_status", "self_inspection_due", "teachers_feasible",
]


def _sample(ctx):
    from .sample import sample

    return sample(ctx)


from ..core.domain import Domain, FormSpec, ReportNotebook  # noqa: E402


def _msg(msgid: str) -> str:  # marks message ids; translated where shown
    return msgid


DOMAIN = Domain(
    name="community",
    title="After-school growth communities and school alliances",
    rules=CommunityRules, tables=TABLES,
    reports=(ReportNotebook("community/school_grouping.ipynb"),
             ReportNotebook("community/term_activities.ipynb"),
             ReportNotebook("community/alliance_report.ipynb")),
    forms=(
        FormSpec("community_roster", "evalnb.community.forms:RosterForm", _msg("Roster survey"),
                 _msg("A pupil's class, address, guardian, family situation, and wishes for the group."),
                 pick=("school",), kinds=("primary", "general")),
        FormSpec("community_activity", "evalnb.community.forms:ActivityForm", _msg("Activity record"),
                 _msg("One activity of a growth community: the pupils present and the parents on duty."),
                 pick=("school",), with_rows_in="community_members"),
        FormSpec("community_grouping", "evalnb.community.forms:GroupingEditor", _msg("Grouping editor"),
                 _msg("Move pupils between groups and choose leaders; the rules are re-checked at once."),
                 pick=("school",), with_rows_in="community_students"),
    ),
    sample=_sample,
)
