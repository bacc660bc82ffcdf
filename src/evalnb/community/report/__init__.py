"""What the community report notebooks display: one module per notebook.

* :mod:`.grouping` — a school's groups (``school_grouping.ipynb``);
* :mod:`.activities` — a term's activity evaluation (``term_activities.ipynb``);
* :mod:`.alliance` — an alliance's exchange quotas and calendar (``alliance_report.ipynb``).
"""
