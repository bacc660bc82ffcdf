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

__all__ = [
    "assess", "annual_compliance", "monthly_unit_report", "teacher_registry", "TeacherRegistry",
    "TrainingRules", "RULES", "load_rules", "course_credits", "unit_results", "latest_month",
    "compliance_by_unit", "course_summary", "score_bands", "due_date", "school_year_of",
    "year_label", "REASONS",
]
