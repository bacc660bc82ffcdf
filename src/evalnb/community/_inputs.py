"""Checks and preparation of the frames the community calculators receive.

Single tables are validated by :func:`evalnb.core.validate.ensure`; the rules
across rows and tables (a friend who is not a student, a member of no known
student, a school year that is not ``YYYY-YYYY``) are checked here.  Every
problem is an :class:`~evalnb.InputError` naming table, row, column, value and rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem

_MAX = 20


def file_rows(frame: pd.DataFrame) -> np.ndarray:
    """The file row of each row of ``frame`` (first data row = 2, as in a spreadsheet)."""
    offset = frame.attrs.get("evalnb_row_offset", 2)
    return np.arange(len(frame), dtype="int64") + int(offset)


def split_list(value) -> list[str]:
    """``"a; b;;c"`` → ``["a", "b", "c"]`` (a list held in one cell, separated by ``;``)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems=problems[:_MAX] + (
            [Problem(problems[0].table, None, None, None, f"… and {len(problems) - _MAX} more problems")]
            if len(problems) > _MAX else []))


def students_frame(students: pd.DataFrame) -> pd.DataFrame:
    """Validated ``community_students`` with parsed ``friends_list`` / ``avoid_list`` and a ``household``.

    A household is one guardian of one school; a student without a guardian is a
    household alone.  Rows are sorted by ``student_id``: every result is the
    same whatever the order of the input rows.
    """
    st = ensure(students, "community_students")
    rows = file_rows(st)
    known = set(st["student_id"])
    problems = []
    lists = {}
    for col in ("friends", "avoid"):
        parsed = [split_list(v) for v in st[col].tolist()]
        for i, (sid, ids) in enumerate(zip(st["student_id"], parsed)):
            for other in ids:
                if other == sid:
                    problems.append(Problem("community_students", int(rows[i]), col, other,
                                            f"a student cannot be in their own {col} list",
                                            "remove the student's own id"))
                elif other not in known:
                    problems.append(Problem("community_students", int(rows[i]), col, other,
                                            f"unknown student in {col}: not in community_students.student_id",
                                            "use the student_id of a student of the roster"))
        lists[col] = parsed
    raise_if(problems)
    out = st.copy()
    out["friends_list"] = lists["friends"]
    out["avoid_list"] = lists["avoid"]
    guardian = out["guardian"].astype("string").str.strip()
    has = guardian.notna() & (guardian != "")
    out["household"] = np.where(has.to_numpy(dtype=bool),
                                out["school_id"].astype(str) + "\x1f" + guardian.fillna("").astype(str),
                                "\x1e" + out["student_id"].astype(str))
    out["file_row"] = rows
    return out.sort_values("student_id", kind="stable").reset_index(drop=True)


def unit_key(frame: pd.DataFrame, unit: tuple[str, ...]) -> pd.Series:
    """One label per row naming its unit (school and village, by default)."""
    key = frame[list(unit)].astype(str)
    if key.empty:
        return pd.Series([], index=frame.index, dtype=object)
    return key.agg("\x1f".join, axis=1) if len(unit) > 1 else key.iloc[:, 0]


def members_frame(members: pd.DataFrame, students: pd.DataFrame) -> pd.DataFrame:
    """Validated ``community_members`` whose students are in ``students``."""
    mem = ensure(members, "community_members")
    rows = file_rows(mem)
    known = pd.Index(students["student_id"])
    bad = np.flatnonzero(~mem["student_id"].isin(known).to_numpy(dtype=bool))
    raise_if([Problem("community_members", int(rows[i]), "student_id", mem["student_id"].iloc[i],
                      "unknown student: not in community_students.student_id",
                      "add the student to the roster or correct the id") for i in bad])
    return mem


def check_school_year(value, *, table: str = "parameters", column: str = "year") -> str:
    """``value`` if it is a school year ``YYYY-YYYY`` whose second year is the first plus one."""
    text = str(value).strip()
    ok = (len(text) == 9 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()
          and int(text[5:]) == int(text[:4]) + 1)
    if not ok:
        raise InputError(f"{column} must be a school year such as 2019-2020, not {value!r}",
                         table=table, column=column, value=value,
                         rule="YYYY-YYYY, the second year the first plus one")
    return text


def check_date(value, *, column: str) -> pd.Timestamp:
    """``value`` as a timestamp; InputError naming the parameter when it is not a date."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if pd.isna(ts):
        raise InputError(f"{column} must be a date (YYYY-MM-DD), not {value!r}", table="parameters",
                         column=column, value=value, rule="a date YYYY-MM-DD")
    return ts.normalize()
