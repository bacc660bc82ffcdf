"""Checking the inputs of the calculators against the tables of the contract."""

from __future__ import annotations

import re

import pandas as pd

from ..core.validate import VALIDATED, check_table, ensure
from ..errors import InputError

_TAG = re.compile(r"<[^>]+>")


def clean_task_no(values: pd.Series) -> pd.Series:
    """``21``, ``21.`` and ``<p>21.</p>`` as ``21`` (other text is left for validation to report)."""
    if pd.api.types.is_numeric_dtype(values):
        return values
    text = values.astype("string").str.replace(_TAG, "", regex=True).str.strip()
    text = text.str.replace(r"^(\d+)\s*\.$", r"\1", regex=True)
    return text.astype(object).where(values.notna(), None)


def roadmap_frame(roadmap: pd.DataFrame) -> pd.DataFrame:
    """The roadmap, typed and checked (task numbers written as «21.» accepted)."""
    if not isinstance(roadmap, pd.DataFrame):
        return ensure(roadmap, "roadmap")
    if roadmap.attrs.get(VALIDATED) == "roadmap":
        return roadmap
    if "task_no" in roadmap.columns:
        roadmap = roadmap.copy()
        roadmap["task_no"] = clean_task_no(roadmap["task_no"])
    return ensure(roadmap, "roadmap")


def participation_frame(participation: pd.DataFrame) -> pd.DataFrame:
    """Participation rows, typed and checked; a repeated row is no error (it counts once)."""
    if not isinstance(participation, pd.DataFrame):
        return ensure(participation, "participation")
    if participation.attrs.get(VALIDATED) == "participation":
        return participation
    typed, problems = check_table("participation", participation)
    problems = [p for p in problems if p.code != "duplicate"]
    if problems:
        raise InputError(problems=problems)
    return typed


def blank_to_na(s: pd.Series) -> pd.Series:
    """Empty text (a default of an optional id column) as missing."""
    return s.where(s.astype("string").str.strip().fillna("") != "", None)


def row_of(frame: pd.DataFrame, i: int) -> int:
    """The file row of position ``i`` (the first data row of a CSV is row 2)."""
    return int(i) + int(frame.attrs.get("evalnb_row_offset", 2))


def as_day(value, name: str = "as_of") -> pd.Timestamp:
    """A date parameter as a day (midnight); :class:`InputError` if it is not a date."""
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError):
        day = pd.NaT
    if pd.isna(day):
        raise InputError(f"{name} must be a date, not {value!r}", column=name, value=value,
                         rule=f"{name}: a date YYYY-MM-DD")
    return day.normalize()


def check_year(year, name: str = "year") -> int:
    """A calendar year parameter (1990–2100) as an int; :class:`InputError` otherwise."""
    try:
        value = int(str(year).strip()) if not isinstance(year, bool) else None
    except ValueError:
        value = None
    if value is None or not 1990 <= value <= 2100:
        raise InputError(f"{name} must be a calendar year, not {year!r}", column=name, value=year,
                         rule=f"{name}: a calendar year such as 2022")
    return value


__all__ = ["as_day", "blank_to_na", "check_year", "clean_task_no", "participation_frame",
           "roadmap_frame", "row_of"]
