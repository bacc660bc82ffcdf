"""What the assessment report notebooks call: one module per notebook.

* :mod:`.school_report` — ``notebooks/assessment/school_report.ipynb``;
* :mod:`.municipality_overview` — ``notebooks/assessment/municipality_overview.ipynb``;
* :mod:`._shared` — what they share (formats, the stacked chart, the rules table).

Every notebook opens with :class:`evalnb.core.report.ReportContext`; each
module loads what its notebook needs with ``load(ctx, …)`` — an object
holding the calculators' results — and turns them into translated tables,
charts and sentences with functions of ``(ctx, rep)``.  Nothing here is
computed in a notebook, and nothing here displays but the section headings.
"""

from ._shared import rules_table, section, stacked_results, style
from .municipality_overview import municipalities

__all__ = ["municipalities", "rules_table", "section", "stacked_results", "style"]
