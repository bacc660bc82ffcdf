"""Plumbing shared by the assessment calculators: input checks and fast grouping.

Every frame a calculator receives goes through :func:`evalnb.core.validate.ensure`
(typed, checked, cheap when it comes from the store).  The cross-table rule —
every ``student_id`` of ``marks`` / ``external`` is in ``students``, every
``period`` of ``marks`` in ``periods`` — is checked here, with the positions
the calculators need anyway, so the check costs nothing extra.

Grouping is done on integer codes: each key column is factorised once (the
students' columns on the small ``students`` table), the codes are combined
into one integer per row and counted with :func:`numpy.bincount`.  This is
the same work as a ``groupby().size()`` without building a MultiIndex per
count.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem

_MAX = 20

#: Columns a group may be formed by, and the table each comes from.
STUDENT_KEYS = ("school_id", "grade", "class_label", "gender")


def file_rows(frame: pd.DataFrame) -> np.ndarray | None:
    """Row numbers of ``frame`` as in its file, or ``None`` when unknown (a frame from the store).

    :func:`~evalnb.core.validate.check_table` records the file row of the first
    row (``evalnb_row_offset``: 2 under a header line).
    """
    offset = frame.attrs.get("evalnb_row_offset")
    if offset is None:
        return None
    return np.arange(len(frame), dtype="int64") + int(offset)


def _problems(frame, table, column, bad_idx, rule, hint) -> list[Problem]:
    rows = file_rows(frame)
    values = frame[column].to_numpy(dtype=object)
    out = [Problem(table, None if rows is None else int(rows[i]), column, values[i], rule, hint)
           for i in bad_idx[:_MAX]]
    if len(bad_idx) > _MAX:
        out.append(Problem(table, None, column, None, f"… and {len(bad_idx) - _MAX} more rows: {rule}"))
    return out


def positions(frame: pd.DataFrame, column: str, index: pd.Index, *, table: str, ref: str,
              what: str) -> np.ndarray:
    """Position of each value of ``frame[column]`` in ``index``; InputError for unknown values."""
    pos = index.get_indexer(frame[column])
    bad = np.flatnonzero(pos < 0)
    if len(bad):
        raise InputError(problems=_problems(
            frame, table, column, bad, f"unknown {what}: not in {ref}",
            f"add it to {ref.split('.')[0]} or correct the {column}"))
    return pos


def student_index(students: pd.DataFrame) -> pd.Index:
    return pd.Index(students["student_id"].to_numpy(dtype=object))


def check_by(by: Sequence[str] | str | None, allowed: Iterable[str], *, what: str) -> tuple[str, ...]:
    """``by`` as a tuple of known columns; InputError naming the allowed ones otherwise."""
    if by is None:
        return ()
    if isinstance(by, str):
        by = (by,)
    by = tuple(by)
    allowed = tuple(allowed)
    unknown = [c for c in by if c not in allowed]
    if unknown or len(set(by)) != len(by):
        raise InputError(f"cannot group {what} by {unknown or list(by)}", table=what, column="by",
                         value=list(by), rule=f"group by columns among: {', '.join(allowed)}, "
                         "each once")
    return by


class Grouper:
    """Rows coded into groups by several key columns.

    Parameters
    ----------
    columns : ``[(name, codes, uniques)]`` — per key column, the code of each
        row (``-1`` never occurs: missing values are a group of their own) and
        the values the codes stand for.
    n_rows : number of rows (needed when there is no key column: one group).
    """

    def __init__(self, columns: list[tuple[str, np.ndarray, pd.Index]], n_rows: int):
        self.names = [c[0] for c in columns]
        self.uniques = [c[2] for c in columns]
        if not columns:
            self.gid = np.zeros(n_rows, dtype=np.int64)
            self.combos = np.zeros(1 if n_rows else 0, dtype=np.int64)
            self.sizes = []
            return
        sizes = [max(len(u), 1) for u in self.uniques]
        combined = np.zeros(n_rows, dtype=np.int64)
        for (_, codes, _), size in zip(columns, sizes):
            combined = combined * size + codes
        # sorted uniques → groups in the lexicographic order of the key values
        self.combos, self.gid = np.unique(combined, return_inverse=True)
        self.gid = self.gid.astype(np.int64, copy=False)
        self.sizes = sizes

    @property
    def n_groups(self) -> int:
        return len(self.combos)

    def keys(self) -> pd.DataFrame:
        """One row per group: the key values."""
        out = {}
        rest = self.combos.copy()
        decoded = []
        for size in reversed(self.sizes):
            decoded.append(rest % size)
            rest = rest // size
        decoded.reverse()
        for name, codes, uniq in zip(self.names, decoded, self.uniques):
            out[name] = pd.Series(uniq.take(codes), index=pd.RangeIndex(self.n_groups))
        return pd.DataFrame(out, index=pd.RangeIndex(self.n_groups))

    def count(self, code: np.ndarray, n_codes: int) -> np.ndarray:
        """``(n_groups, n_codes)`` counts of each code per group (codes outside 0…n-1 ignored)."""
        ok = (code >= 0) & (code < n_codes)
        flat = self.gid[ok] * n_codes + code[ok]
        return np.bincount(flat, minlength=self.n_groups * n_codes).reshape(self.n_groups, n_codes)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (NaN ignored) per group."""
        v = np.nan_to_num(values.astype("float64"), nan=0.0)
        return np.bincount(self.gid, weights=v, minlength=self.n_groups)


def factorize(values, sort: bool = True) -> tuple[np.ndarray, pd.Index]:
    """Codes and uniques of ``values``; a missing value is a group of its own (last)."""
    codes, uniques = pd.factorize(values, sort=sort, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def key_columns(by: Sequence[str], frame: pd.DataFrame, students: pd.DataFrame | None,
                pos: np.ndarray | None) -> list[tuple[str, np.ndarray, pd.Index]]:
    """Per ``by`` column, ``(name, codes, uniques)`` for the rows of ``frame``.

    Columns of ``frame`` are factorised directly; columns of ``students``
    (school, grade, class …) are factorised on the students table and taken
    through ``pos``, the row's student.
    """
    out = []
    for name in by:
        if name in frame.columns:
            codes, uniq = factorize(frame[name])
        else:
            s_codes, uniq = factorize(students[name])
            codes = s_codes[pos]
        out.append((name, codes, uniq))
    return out


def share(num, den) -> np.ndarray:
    """``num / den`` as floats; NaN where ``den`` is 0 (never an exception, never infinity)."""
    num = np.asarray(num, dtype="float64")
    den = np.asarray(den, dtype="float64")
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, table: str, hint: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{table} must be a pandas DataFrame, not {type(frame).__name__}",
                         table=table, rule=hint)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(problems=[Problem(table, None, c, None, f"required column {c!r} is missing", hint)
                                   for c in missing])


__all__ = ["ensure", "positions", "student_index", "check_by", "Grouper", "factorize",
           "key_columns", "share", "file_rows", "require_columns", "STUDENT_KEYS"]
