"""Hand-made frames for the assessment tests (a module name no other test folder uses)."""

from __future__ import annotations

import pandas as pd

PERIODS = pd.DataFrame({
    "period": ["2019-2020 Q1", "2019-2020 Q2", "2019-2020 Q3", "2019-2020 Q4"],
    "start": ["2019-09-02", "2019-11-05", "2020-01-09", "2020-03-30"],
    "end": ["2019-10-27", "2019-12-29", "2020-03-22", "2020-05-31"],
})
Q1, Q2, Q3, Q4 = PERIODS["period"]


def students(n: int, school="S1", grade=5, class_label="5А", prefix="s") -> pd.DataFrame:
    return pd.DataFrame({"student_id": [f"{prefix}{i}" for i in range(n)], "school_id": school,
                         "grade": grade, "class_label": class_label})


def marks_of(student_ids, values, subject="История", period=Q1) -> pd.DataFrame:
    """Journal rows from ``values``: an int is a mark, ``"na"`` / ``"exempt"`` a status."""
    mark = [v if isinstance(v, int) else None for v in values]
    status = [v if isinstance(v, str) else None for v in values]
    return pd.DataFrame({"student_id": list(student_ids), "subject": subject, "period": period,
                         "mark": pd.array(mark, dtype="Int64"), "status": status})


def external_of(student_ids, marks, date, subject="История", procedure="ВПР") -> pd.DataFrame:
    return pd.DataFrame({"student_id": list(student_ids), "subject": subject, "procedure": procedure,
                         "date": date, "mark": pd.array(list(marks), dtype="Int64")})


def schools_of(ids, names=None, clusters=None, municipality="M") -> pd.DataFrame:
    ids = list(ids)
    return pd.DataFrame({"school_id": ids, "name": names or [f"СОШ № {i}" for i in range(1, len(ids) + 1)],
                         "municipality": municipality, "kind": "general",
                         "cluster": clusters if clusters is not None else None})
