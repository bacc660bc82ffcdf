"""The grade-11 final essay (итоговое сочинение): pass share per school and class.

The final essay is pass/fail ("зачёт" / "незачёт") and may be retaken; it is
the admission to the state final attestation.  A student has passed when any
attempt passed.  Which procedures count as the essay is a rule
(``essay_procedures``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ._frames import Grouper, check_by, ensure, key_columns, positions, share, student_index
from .rules import AssessmentRules


def essay_pass(external: pd.DataFrame, students: pd.DataFrame,
               by: Sequence[str] = ("school_id", "class_label"), rules=None) -> pd.DataFrame:
    """Pass share of the final essay, per group of students.

    Parameters
    ----------
    external : the ``external`` table; rows of the essay procedures (rule
        ``essay_procedures``, case-insensitive) are used, others ignored.
    students : the ``students`` table.
    by : any of ``school_id``, ``grade``, ``class_label``, ``gender``; ``()`` for all.

    Returns
    -------
    DataFrame
        One row per group: ``n`` (students with a result), ``passed`` (passed on
        some attempt), ``pass_share``, ``passed_first`` (passed on their first
        attempt), ``first_pass_share``, ``attempts`` (rows with a result),
        ``n_no_result`` (students whose every row has neither ``passed`` nor a mark).
        A row without ``passed`` but with a mark counts as passed when the mark is 3 or more.

    Notes
    -----
    Armavir order of 02.03.2020 № 204, appendix: the analysis rests on the
    итоговое сочинение по русскому языку для обучающихся 11-х классов.

    Examples
    --------
    >>> import pandas as pd
    >>> students = pd.DataFrame({"student_id": ["a", "b"], "school_id": "S", "grade": 11,
    ...                          "class_label": "11А"})
    >>> external = pd.DataFrame({"student_id": ["a", "b", "b"], "subject": "Русский язык",
    ...                          "procedure": "Итоговое сочинение",
    ...                          "date": ["2019-12-04", "2019-12-04", "2020-02-05"],
    ...                          "passed": [True, False, True]})
    >>> r = essay_pass(external, students).iloc[0]
    >>> float(r.pass_share), float(r.first_pass_share)
    (1.0, 0.5)
    """
    rules = AssessmentRules.load(rules)
    external = ensure(external, "external")
    students = ensure(students, "students")
    by = check_by(by, students.columns, what="students")
    pos = positions(external, "student_id", student_index(students), table="external",
                    ref="students.student_id", what="student")
    names = {p.casefold() for p in rules.essay_procedures}
    is_essay = external["procedure"].astype(str).str.strip().str.casefold().isin(names).to_numpy()
    rows = external.loc[is_essay, ["student_id", "date", "passed", "mark"]].copy()
    rows["_pos"] = pos[is_essay]
    ok = rows["passed"].astype("boolean")
    from_mark = rows["mark"].astype("Float64") >= 3
    result = ok.fillna(from_mark)
    rows["_has"] = result.notna().to_numpy(dtype=bool)
    rows["_ok"] = result.fillna(False).to_numpy(dtype=bool)
    rows = rows.sort_values(["_pos", "date"], kind="stable")
    with_result = rows[rows["_has"]]
    per_student = pd.DataFrame({
        "passed": with_result.groupby("_pos")["_ok"].any(),
        "first": with_result.groupby("_pos")["_ok"].first(),
        "attempts": with_result.groupby("_pos").size()})
    all_students = pd.Index(pd.unique(rows["_pos"]))
    no_result = all_students.difference(per_student.index)

    spos = np.concatenate([per_student.index.to_numpy(dtype=np.int64), no_result.to_numpy(dtype=np.int64)])
    kind = np.concatenate([np.zeros(len(per_student), np.int64), np.ones(len(no_result), np.int64)])
    dummy = pd.DataFrame(index=pd.RangeIndex(len(spos)))
    g = Grouper(key_columns(by, dummy, students, spos), len(spos))
    counts = g.count(kind, 2)
    passed = np.concatenate([per_student["passed"].to_numpy(dtype=np.int64), np.zeros(len(no_result), np.int64)])
    first = np.concatenate([per_student["first"].to_numpy(dtype=np.int64), np.zeros(len(no_result), np.int64)])
    attempts = np.concatenate([per_student["attempts"].to_numpy(dtype=np.int64),
                               np.zeros(len(no_result), np.int64)])
    out = g.keys()
    n = counts[:, 0]
    out["n"] = n
    out["passed"] = g.total(passed).astype(np.int64)
    out["pass_share"] = share(out["passed"], n)
    out["passed_first"] = g.total(first).astype(np.int64)
    out["first_pass_share"] = share(out["passed_first"], n)
    out["attempts"] = g.total(attempts).astype(np.int64)
    out["n_no_result"] = counts[:, 1]
    return out


__all__ = ["essay_pass"]
