"""The roster of the county's examination of teachers (key work (A), item 9 of the county plan).

"Continue to carry out the 'teacher-student examination' for junior high school
teachers and the comprehensive quality examination for primary school teachers.
In this school year, the range … is under 40 years old, and they did not take
the exam or failed in previous years: junior high school teachers who taught
senior high school entrance examinations and primary school teachers who taught
Chinese, mathematics, English and other subjects."

A teacher whose birth year or subject is not recorded cannot be placed: the
roster says "unknown" for them, never leaves them out silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.validate import ensure
from .periods import parse_school_year
from .rules import TrainingRules

ROSTER_COLUMNS = ["teacher_id", "school_id", "name", "kind", "subject", "birth_year", "age",
                  "exam_result", "exam", "on_roster", "status"]


def exam_roster(teachers: pd.DataFrame, year, rules=None) -> pd.DataFrame:
    """Who sits the county's examination of teachers in school year ``year``.

    Parameters
    ----------
    teachers : the ``teachers`` table; uses ``kind``, ``birth_year`` and the
        optional ``subject`` and ``exam_result`` (empty: never sat).
    year : the school year, ``'2024-2025'``.
    rules : ``exam_max_age`` (40), ``exam_primary_subjects``,
        ``exam_junior_subjects``, ``junior_high_kinds``.

    Returns
    -------
    pandas.DataFrame
        One row per primary or junior high teacher: ``teacher_id``,
        ``school_id``, ``name``, ``kind``, ``subject``, ``birth_year``,
        ``age`` (the year the school year begins − birth_year; <NA> when not
        recorded), ``exam_result``, ``exam`` (``junior_high`` — the
        'teacher-student examination' — or ``primary`` — the comprehensive
        quality examination), ``on_roster`` (True / False / <NA> unknown) and
        ``status``: ``on_roster``, ``passed`` (passed before), ``over_age``
        (40 or older), ``other_subject``, ``unknown_age`` or
        ``unknown_subject``.

    Examples
    --------
    >>> t = pd.DataFrame({"teacher_id": ["T1", "T2", "T3"], "school_id": "S", "name": ["A", "B", "C"],
    ...                   "kind": "primary", "birth_year": [1985, 1984, 1990],
    ...                   "subject": ["mathematics", "chinese", "music"]})
    >>> exam_roster(t, "2024-2025")["status"].tolist()
    ['on_roster', 'over_age', 'other_subject']
    """
    r = TrainingRules.load(rules)
    y0 = parse_school_year(year)
    t = ensure(teachers, "teachers")
    junior = t["kind"].isin(r.junior_high_kinds)
    primary = t["kind"].eq("primary") & ~junior
    t = t[junior | primary].copy()
    t["exam"] = np.where(t["kind"].isin(r.junior_high_kinds), "junior_high", "primary")
    for col in ("subject", "exam_result"):
        if col not in t.columns:
            t[col] = pd.NA
    t["age"] = (y0 - t["birth_year"].astype("Int64")).astype("Int64")
    subject = t["subject"].astype("string")
    in_subject = pd.Series(
        [s in (r.exam_junior_subjects if e == "junior_high" else r.exam_primary_subjects)
         for s, e in zip(subject.fillna(""), t["exam"])], index=t.index)
    passed = t["exam_result"].astype("string").eq("passed").fillna(False).astype(bool)
    over = (t["age"] >= r.exam_max_age).fillna(False).astype(bool)
    no_age = t["age"].isna()
    no_subject = subject.isna()
    t["status"] = np.select(
        [passed, over, ~no_subject & ~in_subject, no_age, no_subject],
        ["passed", "over_age", "other_subject", "unknown_age", "unknown_subject"], default="on_roster")
    on = pd.Series(pd.NA, index=t.index, dtype="boolean")
    on[t["status"].eq("on_roster")] = True
    on[t["status"].isin(["passed", "over_age", "other_subject"])] = False
    t["on_roster"] = on
    return t[ROSTER_COLUMNS].reset_index(drop=True)
