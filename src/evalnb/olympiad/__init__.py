"""The all-Russian school olympiad (ВсОШ): coverage, quality of participation, ИОМ of winners.

Implements the olympiad review of the Armavir order of 02.03.2020 № 204 and
its appendix:

* :func:`coverage` — students of grades 4–11 taking part in the school stage
  per students enrolled (the order reports «более 73 %»);
* :func:`school_participation` — every general school in the school and
  municipal stages («100% общеобразовательных организаций»);
* :func:`participation_quality` — awards per participation in the municipal
  and regional stages («более 35%»);
* :func:`dynamics` — each school's position and year-on-year change over the
  last three school years, and the count of schools with positive dynamics;
* :func:`iom_required` / :func:`iom_implementation` — an individual
  educational route for every winner and prize-winner, under special control
  for those who won in several subjects, implemented at 100 %;
* :class:`OlympiadRules` — every threshold, overridable by a municipality.

Examples
--------
>>> from evalnb.olympiad import coverage, participation_quality, dynamics, iom_required
>>> OlympiadRules().quality_benchmark
0.35
"""

from .dynamics import Dynamics, dynamics
from .iom import iom_implementation, iom_required
from .participation import coverage, more_than, participation_quality, school_participation
from .rules import IOM_STATUSES, STAGES, STATUSES, OlympiadRules, load_rules
from .tables import TABLES

#: The domain's rules class (``evalnb rules olympiad`` lists it).
RULES = OlympiadRules

__all__ = [
    "coverage", "school_participation", "participation_quality", "dynamics", "Dynamics",
    "iom_required", "iom_implementation", "more_than", "OlympiadRules", "RULES", "load_rules", "TABLES",
    "STAGES", "STATUSES", "IOM_STATUSES",
]

from ..core.domain import Domain, FormSpec, ReportNotebook  # noqa: E402
from .sample import sample  # noqa: E402

DOMAIN = Domain(
    name="olympiad", title="All-Russian school olympiad (ВсОШ)", rules=OlympiadRules,
    tables=TABLES, sample=sample, requires=("assessment",),
    reports=(ReportNotebook("olympiad/municipality_report.ipynb"),
             ReportNotebook("olympiad/school_report.ipynb")),
    forms=(FormSpec("iom", "evalnb.olympiad.forms:IomForm", "ИОМ of a winner",
                    "The individual educational route of a winner or prize-winner of the municipal "
                    "or regional stage: subjects, mentor, psychologist, parents, status.",
                    pick=("school",), kinds=("general",), with_rows_in="olympiad"),))
