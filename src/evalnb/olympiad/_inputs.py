"""Checks of what the olympiad calculators receive, and the grouping they share.

Tables are validated by :func:`evalnb.core.validate.ensure` (types, lists,
school years, one school per student and year); here come the rules across
tables (a school unknown to ``schools``), the parameters (a school year, a
stage) and the shape of a calculator's own output passed on to the next one.
Every problem is an :class:`~evalnb.InputError` naming table, row, column,
value and rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem
from .rules import STAGES
from .tables import STAGE_ALIASES, YEAR_RULE, school_year_ok

_MAX = 20


def file_rows(frame: pd.DataFrame) -> np.ndarray:
    """The file row of each row of a validated frame (first data row = 2)."""
    return np.arange(len(frame), dtype="int64") + int(frame.attrs.get("evalnb_row_offset", 2))


def unknown_schools(frame: pd.DataFrame, table: str, schools: pd.DataFrame) -> list[Problem]:
    """Rows of ``frame`` whose ``school_id`` is not in ``schools``."""
    bad = ~frame["school_id"].isin(pd.Index(schools["school_id"])) & frame["school_id"].notna()
    idx = np.flatnonzero(bad.to_numpy(dtype=bool))
    rows = file_rows(frame)
    out = [Problem(table, int(rows[i]), "school_id", frame["school_id"].iloc[i],
                   "unknown school: not in schools.school_id", "add it to schools or correct the id",
                   code="unknown_ref", params={"table": "schools"}) for i in idx[:_MAX]]
    if len(idx) > _MAX:
        out.append(Problem(table, None, "school_id", None, f"… and {len(idx) - _MAX} more unknown schools"))
    return out


def tables(schools: pd.DataFrame, **frames: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """Validated ``schools`` and ``frames`` (named by their table), schools checked across."""
    schools = ensure(schools, "schools")
    checked = [ensure(frame, name) for name, frame in frames.items()]
    problems: list[Problem] = []
    for name, frame in zip(frames, checked):
        problems += unknown_schools(frame, name, schools)
    if problems:
        raise InputError(problems=problems)
    return (schools, *checked)


def school_year(value, name: str = "year") -> str:
    """A school-year parameter as ``YYYY-YYYY``; anything else is an InputError."""
    text = "" if value is None else str(value).strip()
    if not text or not bool(school_year_ok(pd.Series([text], dtype=object)).iloc[0]):
        raise InputError(f"{name} must be {YEAR_RULE}, not {value!r}", table="parameters",
                         column=name, value=value, rule=YEAR_RULE)
    return text


def previous_year(year: str) -> str:
    """``'2019-2020'`` → ``'2018-2019'``."""
    first = int(year[:4])
    return f"{first - 1}-{first}"


def year_window(until: str, n: int) -> list[str]:
    """The ``n`` school years ending at ``until``, oldest first."""
    first = int(until[:4])
    return [f"{y}-{y + 1}" for y in range(first - n + 1, first + 1)]


def stage(value, name: str = "stage") -> str:
    """A stage parameter (Russian spellings accepted); anything else is an InputError."""
    text = "" if value is None else str(value).strip()
    text = STAGE_ALIASES.get(text, text)
    if text not in STAGES:
        raise InputError(f"{name} must be one of {' | '.join(STAGES)}, not {value!r}",
                         table="parameters", column=name, value=value,
                         rule=f"one of {' | '.join(STAGES)}")
    return text


def stages(values, name: str = "stages") -> list[str]:
    if isinstance(values, str):
        values = [values]
    return [stage(v, name) for v in values]


def need_columns(frame, table: str, columns, hint: str) -> pd.DataFrame:
    """A calculator's output passed on: a DataFrame carrying ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{table} must be a pandas DataFrame, not {type(frame).__name__}",
                         table=table, rule=hint)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(problems=[Problem(table, None, c, None, f"required column {c!r} is missing", hint)
                                   for c in missing])
    return frame


def scope(schools: pd.DataFrame, ids_with_rows) -> pd.DataFrame:
    """The schools a calculator reports on.

    Every general school of the municipalities that have rows, and every
    school that has rows (of whatever kind); with no rows at all, every
    general school.  Sorted by municipality and school.
    """
    ids = pd.Index(pd.Series(list(ids_with_rows), dtype=object).dropna().unique())
    has = schools["school_id"].isin(ids)
    general = schools["kind"] == "general"
    if len(ids):
        munis = schools.loc[has, "municipality"].unique()
        keep = has | (general & schools["municipality"].isin(munis))
    else:
        keep = general
    return (schools.loc[keep, ["school_id", "municipality", "kind"]]
            .sort_values(["municipality", "school_id"]).reset_index(drop=True))


def share(num, den) -> pd.Series:
    """``num / den`` with NaN (never an error, never infinity) where ``den`` is 0."""
    num = pd.Series(num, dtype="float64")
    den = pd.Series(den, dtype="float64")
    return (num / den.where(den != 0)).astype("float64")


def at_least(value: pd.Series, target: float) -> pd.Series:
    """``value ≥ target`` as nullable booleans, NA where ``value`` is NaN."""
    out = (value >= target - 1e-12).astype("boolean")
    out[value.isna()] = pd.NA
    return out


def with_levels(school_rows: pd.DataFrame, keys: list[str], sums: list[str]) -> pd.DataFrame:
    """School rows followed by one municipality row per group of ``keys``, summing ``sums``.

    A municipality row has ``level`` ``municipality`` and an empty
    ``school_id``; its counts are the sums of its schools' counts.
    """
    school_rows = school_rows.assign(level="school")
    muni = (school_rows.groupby(["municipality", *keys], sort=True, dropna=False)[sums].sum()
            .reset_index().assign(level="municipality", school_id=None))
    out = pd.concat([school_rows, muni], ignore_index=True)
    for c in sums:
        out[c] = out[c].astype("int64")
    return out
