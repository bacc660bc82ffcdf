"""School years, five-year cycles and report months of continuing education.

A school year is named by its two calendar years: ``2024-2025`` holds the
courses that *end* from 1 September 2024 to 31 August 2025 (DATA.md,
``annual_compliance``; the first day is the rule ``school_year_start``).  A
cycle is ``cycle_years`` consecutive school years, tiled from
``cycle_first_year``: with the defaults (5, 2021) the school year 2024-2025
belongs to the cycle ``2021-2026`` (school years 2021-2022 … 2025-2026).
A month is ``YYYY-MM``; its results are due at the units on the 5th of the
next month (county plan, §5 training evaluation, item 4).

Examples
--------
>>> import pandas as pd
>>> school_year_of(pd.Series(pd.to_datetime(["2025-08-31", "2025-09-01"])), 901).tolist()
[2024, 2025]
>>> year_label(2024)
'2024-2025'
>>> parse_school_year("2024-2025")
2024
>>> cycle_start_of(2024, first_year=2021, years=5)
2021
>>> str(due_date("2025-03"))
'2025-04-05'
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from ..errors import InputError

_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def school_year_of(dates: pd.Series, start_month_day: int = 901) -> pd.Series:
    """The calendar year in which the school year of each date begins (vectorised).

    ``start_month_day`` is the school year's first day as ``month × 100 + day``.
    """
    d = pd.to_datetime(dates)
    md = d.dt.month * 100 + d.dt.day
    return (d.dt.year - (md < start_month_day).astype("int64")).astype("Int64")


def year_label(start: int) -> str:
    """``2024`` → ``'2024-2025'``."""
    return f"{int(start)}-{int(start) + 1}"


def year_labels(starts: pd.Series) -> pd.Series:
    """Vectorised :func:`year_label` (missing stays missing)."""
    s = starts.astype("Int64")
    out = s.astype("string") + "-" + (s + 1).astype("string")
    return out.astype(object).where(s.notna(), None)


def parse_school_year(year, column: str = "year") -> int:
    """The first calendar year of a school year given as ``'2024-2025'`` (or the int ``2024``).

    Raises :class:`~evalnb.InputError` for anything else.
    """
    if isinstance(year, (int, np.integer)) and not isinstance(year, bool):
        if 1990 <= int(year) <= 2100:
            return int(year)
    elif isinstance(year, str):
        m = _YEAR.match(year)
        if m and int(m.group(2)) == int(m.group(1)) + 1:
            return int(m.group(1))
    raise InputError(f"not a school year: {year!r}", table="parameters", column=column, value=year,
                     rule="a school year is written YYYY-YYYY with consecutive years, e.g. 2024-2025")


def school_year_bounds(start: int, start_month_day: int = 901) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the school year that begins in ``start``."""
    m, d = divmod(start_month_day, 100)
    first = pd.Timestamp(year=start, month=m, day=d)
    last = pd.Timestamp(year=start + 1, month=m, day=d) - pd.Timedelta(days=1)
    return first, last


def cycle_start_of(year_start, first_year: int = 2021, years: int = 5):
    """First school year (its first calendar year) of the cycle holding ``year_start``.

    Works on ints and on integer Series alike.
    """
    return first_year + ((year_start - first_year) // years) * years


def cycle_label(cycle_start: int, years: int = 5) -> str:
    """``2021`` → ``'2021-2026'``: the cycle of school years 2021-2022 … 2025-2026."""
    return f"{int(cycle_start)}-{int(cycle_start) + int(years)}"


def cycle_labels(cycle_starts: pd.Series, years: int = 5) -> pd.Series:
    """Vectorised :func:`cycle_label`."""
    s = pd.Series(cycle_starts).astype("Int64")
    out = s.astype("string") + "-" + (s + int(years)).astype("string")
    return out.astype(object).where(s.notna(), None)


def parse_month(month, column: str = "month") -> pd.Period:
    """``'2025-03'`` (or a date / Timestamp / Period) → ``Period('2025-03', 'M')``.

    Raises :class:`~evalnb.InputError` for anything else.
    """
    if isinstance(month, pd.Period):
        return month.asfreq("M")
    if isinstance(month, (_dt.date, pd.Timestamp)):
        return pd.Period(pd.Timestamp(month), freq="M")
    if isinstance(month, str):
        m = _MONTH.match(month)
        if m and 1 <= int(m.group(2)) <= 12:
            return pd.Period(f"{m.group(1)}-{m.group(2)}", freq="M")
    raise InputError(f"not a month: {month!r}", table="parameters", column=column, value=month,
                     rule="a month is written YYYY-MM, e.g. 2025-03")


def due_date(month, due_day: int = 5) -> _dt.date:
    """The day a month's results are due at the units: the 5th of the next month.

    County plan, §5 training evaluation, item 4: "the county bureau will inform
    the unit of the assessment of the trainees last month before the 5th of
    each month".
    """
    nxt = parse_month(month) + 1
    return _dt.date(nxt.year, nxt.month, due_day)
