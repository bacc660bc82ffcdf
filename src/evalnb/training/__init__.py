"""Teachers' continuing education: course assessment, credits registry, monthly unit reports.

Implements the training-evaluation rules of the county plan for teachers'
continuing education (DATA.md, ``evalnb.training``):

* :func:`assess` — knowledge 70 + attendance 15 + discipline 15 points,
  qualification, commendation of about a third, sanctions for the unqualified
  last tenth, hours and credits credited;
* :func:`annual_compliance` — ≥ 3 online courses and ≥ 8 online credits a
  school year, ≥ 20 face-to-face hours for kindergarten teachers;
* :func:`monthly_unit_report` — each unit's results of last month, due by the 5th;
* :func:`teacher_registry` — one teacher's courses, hours and credits per
  school year and five-year cycle, and the standing against each requirement;
* :class:`TrainingRules` — every threshold, overridable by a county.

Examples
--------
>>> from evalnb.training import assess, annual_compliance, monthly_unit_report
>>> TrainingRules.load({"pass_mark": 65}).pass_mark
65.0
"""

from .calc import REASONS, assess, course_credits
from .compliance import annual_compliance
from .monthly import latest_month, monthly_unit_report, unit_results
from .overview import compliance_by_unit, course_summary, score_bands
from .periods import due_date, school_year_of, year_label
from .registry import TeacherRegistry, teacher_registry
from .rules import TrainingRules, load_rules

#: The domain's rules class (``evalnb rules training`` lists it).
RULES = TrainingRules

from ..core.domain import Domain, FormSpec, ReportNotebook, msgid as _
from . import tables as _tables


#: evalnb.training as the domain registry sees it (entry point ``evalnb.domains``)
DOMAIN = Domain(
    name="training",
    title=_("Teachers' continuing education"),
    rules=TrainingRules,
    tables=_tables.TABLES,
    reports=(ReportNotebook("training/unit_monthly_report.ipynb"),
             ReportNotebook("training/county_overview.ipynb"),
             ReportNotebook("training/teacher_record.ipynb", demo=False)),
    forms=(
        FormSpec("course_results", "evalnb.training.forms:ResultsForm",
                 _("Course results"),
                 _("Absences, lateness, written test and discipline of every trainee of a course; "
                   "shows the course's assessment.")),
        FormSpec("course_registration", "evalnb.training.forms:CourseForm",
                 _("Course registration"),
                 _("Register a continuing-education course: title, level, mode, sessions, hours, dates.")),
    ),
    sample="evalnb.training.sample:sample", sample_stream=2,
)

__all__ = [
    "DOMAIN",    "assess", "annual_compliance", "monthly_unit_report", "teacher_registry", "TeacherRegistry",
    "TrainingRules", "RULES", "load_rules", "course_credits", "unit_results", "latest_month",
    "compliance_by_unit", "course_summary", "score_bands", "due_date", "school_year_of",
    "year_label", "REASONS",
]
