"""The integrated ВШК/ВСОКО plan: a library of items, the load grid, the plan checker,
and the checker of a school's Положение о ВШК и ВСОКО (evalnb.control_plan).

The Armavir order of 02.03.2020 № 204 reviewed the integrated plans of
internal school control and internal quality assessment of the city's
schools and named their typical faults: obsolete terms, federal acts that do
not regulate internal control, signs of a copied document, a style that is
not official-business; and it asked for plans whose objects, goals, methods,
forms and recording cover subject, metasubject and personal results.

* :func:`library` — the built-in items (Russian, labels in en / ru / zh);
* :func:`load` — items per responsible person and month;
* :func:`check_plan` — incomplete items, uncovered directions, months without
  control, repeats, overloads, unsuitable methods, priorities, teachers' work;
* :func:`check_document` — the Положение (text or DOCX), line by line;
* :class:`ControlPlanRules` — every threshold and rule table, overridable.

Examples
--------
>>> from evalnb.control_plan import check_document
>>> check_document("Учащиеся 9 классов!")["code"].tolist()
['uchashchiesya', 'exclamation']
"""

from .calc import check_plan, load
from .document import check_document
from .library import library
from .rules import ControlPlanRules, load_rules
from .tables import TABLES

#: The domain's rules class (``evalnb rules control_plan`` lists it).
RULES = ControlPlanRules

__all__ = ["check_document", "check_plan", "library", "load", "ControlPlanRules", "RULES",
           "TABLES", "load_rules"]

from ..core.domain import Domain, FormSpec, ReportNotebook  # noqa: E402
from .sample import sample  # noqa: E402

DOMAIN = Domain(
    name="control_plan", title="Integrated ВШК/ВСОКО plan", rules=ControlPlanRules, tables=TABLES,
    reports=(ReportNotebook("control_plan/school_report.ipynb"),
             ReportNotebook("control_plan/municipality_summary.ipynb")),
    forms=(FormSpec("control_plan", "evalnb.control_plan.forms:PlanConstructor",
                    "ВШК/ВСОКО plan constructor",
                    "Build the school's plan from the library: months, responsible persons, the load "
                    "grid and the plan's faults as you go; export as DOCX and XLSX.",
                    pick=("school",), kinds=("general",)),),
    sample=sample, requires=("assessment",))
