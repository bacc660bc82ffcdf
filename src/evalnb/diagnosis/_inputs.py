"""Cross-table checks of the frames the 诊改 calculators receive.

Each table is validated on its own by :func:`evalnb.core.validate.ensure`;
what only shows across tables — a ``vocational_status``, ``incidents`` or
``review_requests`` row naming a school that ``schools`` does not hold — is
checked here.  Such a row is an :class:`~evalnb.InputError` naming table,
row, column, value and rule, never a school silently left without data
(a ``school_id`` whose leading zero a spreadsheet dropped is the usual case).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

_MAX = 20


def file_rows(frame: pd.DataFrame) -> np.ndarray:
    """The file row of each row of ``frame`` (first data row = 2, as in a spreadsheet)."""
    rows = frame.attrs.get("evalnb_rows")
    if rows is not None and len(rows) == len(frame):
        return np.asarray(rows, dtype="int64")
    return np.arange(len(frame), dtype="int64") + int(frame.attrs.get("evalnb_row_offset", 2))


def _hint(value, known: pd.Index) -> str:
    text = str(value)
    padded = [k for k in known if isinstance(k, str) and k.lstrip("0") == text.lstrip("0") and k != text]
    if padded:
        return f"did a spreadsheet drop a leading zero? schools has {padded[0]!r}"
    return "add the school to schools or correct the school_id"


def check_school_refs(frame: pd.DataFrame, table: str, schools: pd.DataFrame, *,
                      vocational: bool = False) -> None:
    """Raise :class:`~evalnb.InputError` for rows of ``frame`` whose school is not in ``schools``.

    ``vocational``: the school must also be a vocational one (the sampling
    plan concerns only them).

    Examples
    --------
    >>> schools = pd.DataFrame({"school_id": ["0101"], "kind": ["vocational"]})
    >>> status = pd.DataFrame({"school_id": ["101"]})
    >>> check_school_refs(status, "vocational_status", schools)
    Traceback (most recent call last):
    ...
    evalnb.errors.InputError: ...
    """
    known = schools.loc[schools["kind"] == "vocational", "school_id"] if vocational else schools["school_id"]
    known = pd.Index(known.dropna())
    bad = ~frame["school_id"].isin(known) & frame["school_id"].notna()
    idx = np.flatnonzero(bad.to_numpy(dtype=bool))
    if not len(idx):
        return
    rows = file_rows(frame)
    rule = ("unknown vocational school: not in schools (kind vocational)" if vocational
            else "unknown school: not in schools.school_id")
    problems = [Problem(table, int(rows[i]), "school_id", frame["school_id"].iloc[i], rule,
                        _hint(frame["school_id"].iloc[i], known), code="unknown_ref",
                        params={"table": "schools"})
                for i in idx[:_MAX]]
    if len(idx) > _MAX:
        problems.append(Problem(table, None, "school_id", None,
                                f"… and {len(idx) - _MAX} more rows of unknown schools"))
    raise InputError(problems=problems)
