"""What the assessment report notebooks call: one school's report, and the municipality's.

The notebooks (``notebooks/assessment/school_report.ipynb`` and
``municipality_overview.ipynb``) stay thin: they build a :class:`SchoolReport`
or :class:`MunicipalityReport` — which reads the rows and runs the
calculators — and call one method per section.  The methods display
translated, escaped tables (:func:`evalnb.core.tables.html_table`) and
charts; nothing is computed in a notebook.
"""

from ._report_base import stacked_results
from .municipality_report import MunicipalityReport, municipalities
from .school_report import SchoolReport

__all__ = ["SchoolReport", "MunicipalityReport", "stacked_results", "municipalities"]
