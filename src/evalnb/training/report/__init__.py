"""What the training report notebooks call: one module per notebook.

* :mod:`.unit_monthly_report` — ``notebooks/training/unit_monthly_report.ipynb``;
* :mod:`.teacher_record` — ``notebooks/training/teacher_record.ipynb``;
* :mod:`.county_overview` — ``notebooks/training/county_overview.ipynb``;
* :mod:`._shared` — what they share (the assessed data, the rules table).

Every notebook opens with :class:`evalnb.core.report.ReportContext`; each
module loads what its notebook needs with ``load(ctx, …)`` and turns the
calculators' frames into translated tables, charts and sentences with
functions of ``(ctx, data, …)``.  Nothing here displays or decides a rule;
the notebook displays, the calculators and :class:`TrainingRules` decide.

Commendation and sanctions rank a trainee within the whole course, so a
unit's or a teacher's results are always assessed on the full rosters of the
courses concerned, not only on the unit's own trainees.
"""

from ._shared import TrainingData, month_text, rules_table

__all__ = ["TrainingData", "month_text", "rules_table"]
