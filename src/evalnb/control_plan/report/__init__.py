"""What the control_plan report notebooks call (one module per notebook).

Importing it registers the domain when no entry point did, so that a
notebook run from a source checkout finds the domain's tables and rules.
"""

from .common import documents_folder, ensure_registered
from .municipality import MunicipalitySummary, first_school
from .school import SchoolPlanReport

__all__ = ["MunicipalitySummary", "SchoolPlanReport", "documents_folder", "ensure_registered",
           "first_school"]
