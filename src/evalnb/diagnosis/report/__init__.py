"""What the 诊改 report notebooks call: one module per notebook.

* :mod:`.school_report` — ``notebooks/diagnosis/school_report.ipynb``;
* :mod:`.province_overview` — ``notebooks/diagnosis/province_overview.ipynb``, with its
  follow-up part in :mod:`.province_followup` (own cycles, report completeness,
  follow-up of 异常 schools, the year's calendar, the list to publish);
* :mod:`._shared` — what they and the form notebooks share (value formats,
  the default cycle).

Every notebook opens with :class:`evalnb.core.report.ReportContext`; each
module loads what its notebook needs with ``load(ctx, …)`` and turns the
calculators' frames into translated tables, charts and sentences with
functions of ``(ctx, data, …)``.  Nothing here displays or decides a rule;
the calculators and :class:`~evalnb.diagnosis.DiagnosisRules` do.
"""

from ._shared import default_cycle, first_school

__all__ = ["default_cycle", "first_school"]
