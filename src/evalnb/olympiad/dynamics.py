"""Dynamics of the quality of participation: positions of schools over the last school years.

The order's talk shows «динамикой позиций общеобразовательных организаций
по качеству участия в олимпиаде за последние 3 учебных года» and counts the
schools with positive dynamics «в сравнении с прошлым годом» (25 in Armavir).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from . import _inputs as inp
from .rules import OlympiadRules

_NEEDED = ("level", "municipality", "school_id", "year", "stage", "quality")
_HINT = "pass the result of participation_quality(olympiad, schools)"


@dataclass(frozen=True)
class Dynamics:
    """What :func:`dynamics` returns.

    ``by_school``: per stage, school and year of the window — ``value``,
    ``rank``, ``change``, ``positive``, ``positive_every_year``.
    ``positive_count``: per stage, municipality and year of the window —
    ``schools_positive`` and the municipality's own ``value``, ``change``
    and ``positive``.  ``years``: the window, oldest first.
    """

    by_school: pd.DataFrame
    positive_count: pd.DataFrame
    years: tuple[str, ...]


def _positive(change: pd.Series) -> pd.Series:
    out = (change > 0).astype("boolean")
    out[change.isna()] = pd.NA
    return out


def _changes(frame: pd.DataFrame, keys: list[str], window: list[str]) -> pd.DataFrame:
    """``value`` per key and window year, with ``change`` against the school year before."""
    prev = {y: inp.previous_year(y) for y in window}
    years = sorted(set(window) | set(prev.values()))
    full = frame[frame["year"].isin(years)][[*keys, "year", "value"]]
    ids = full[keys].drop_duplicates()
    grid = ids.merge(pd.DataFrame({"year": window}), how="cross")
    grid = grid.merge(full, on=[*keys, "year"], how="left")
    before = full.assign(year=full["year"].map({v: k for k, v in prev.items()})).dropna(subset=["year"])
    grid = grid.merge(before.rename(columns={"value": "previous"}), on=[*keys, "year"], how="left")
    grid["value"] = grid["value"].astype("float64")
    grid["change"] = (grid["value"] - grid["previous"].astype("float64")).astype("float64")
    grid["positive"] = _positive(grid["change"])
    return grid.drop(columns="previous")


def dynamics(quality: pd.DataFrame, until: str | None = None, rules=None) -> Dynamics:
    """Ranks and year-on-year changes of each school's quality of participation.

    Parameters
    ----------
    quality : the result of :func:`participation_quality` (per stage or combined).
    until : last school year of the window (default: the latest year present).
    rules : :class:`OlympiadRules` (``dynamics_years``), a mapping or a YAML path.

    Returns
    -------
    Dynamics
        ``by_school`` has one row per stage, school (of the municipality, with a
        value in some year of the window) and window year: ``value`` (quality),
        ``rank`` (1 = best among the municipality's schools with a value that
        year and stage; ties take the lowest rank: 1, 2, 2, 4), ``change`` =
        value − value of the previous school year (NaN when either is missing),
        ``positive`` (change > 0; NA when change is NaN) and
        ``positive_every_year`` (every change of the window > 0: False as soon as
        one is not, NA when none is ≤ 0 but one is missing).
        ``positive_count`` has ``schools_positive`` per stage, municipality and
        year, and the municipality's own ``value``, ``change`` and ``positive``.

    Reference: Armavir order of 02.03.2020 № 204: «динамикой позиций
    общеобразовательных организаций по качеству участия в олимпиаде за последние
    3 учебных года»; «положительная динамика качества участия … в сравнении с
    прошлым годом отмечается у 25-ти общеобразовательных организаций».

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"level": ["school"] * 4, "municipality": ["M"] * 4,
    ...     "school_id": ["A", "B", "A", "B"], "year": ["2018-2019"] * 2 + ["2019-2020"] * 2,
    ...     "stage": ["municipal"] * 4, "quality": [0.2, 0.5, 0.4, 0.4]})
    >>> d = dynamics(q, rules={"dynamics_years": 1})
    >>> d.by_school[["school_id", "rank", "positive"]].values.tolist()
    [['A', 1, True], ['B', 1, False]]
    """
    r = OlympiadRules.load(rules)
    quality = inp.need_columns(quality, "quality", _NEEDED, _HINT)
    years = quality["year"].dropna().astype(str)
    bad = ~inp.school_year_ok(years) if len(years) else pd.Series([], dtype=bool)
    if bad.any():
        inp.school_year(years[bad].iloc[0], "quality.year")
    if until is None:
        if years.empty:
            raise InputError("quality has no rows, so no school year to end the window",
                                 table="quality", column="year", rule=_HINT)
        until = max(years, key=lambda y: int(y[:4]))
    until = inp.school_year(until, "until")
    window = inp.year_window(until, r.dynamics_years)
    frame = quality.rename(columns={"quality": "value"})
    schools = frame[frame["level"] == "school"]
    by = _changes(schools, ["stage", "municipality", "school_id"], window)
    by["rank"] = (by.groupby(["stage", "municipality", "year"])["value"]
                  .rank(method="min", ascending=False).astype("Int64"))
    ch = by.groupby(["stage", "municipality", "school_id"])["change"]
    any_not = ch.transform(lambda s: bool((s <= 0).any()))
    any_nan = ch.transform(lambda s: bool(s.isna().any()))
    every = pd.Series(np.where(any_not, False, True), index=by.index).astype("boolean")
    every[(~any_not.astype(bool)) & any_nan.astype(bool)] = pd.NA
    by["positive_every_year"] = every
    by = by.sort_values(["stage", "municipality", "school_id", "year"]).reset_index(drop=True)
    by = by[["stage", "municipality", "school_id", "year", "value", "rank", "change", "positive",
             "positive_every_year"]]

    munis = frame[frame["level"] == "municipality"]
    own = _changes(munis, ["stage", "municipality"], window)
    count = (by.assign(p=by["positive"].fillna(False).astype(bool))
             .groupby(["stage", "municipality", "year"])["p"].sum().rename("schools_positive"))
    pc = own.merge(count.reset_index(), on=["stage", "municipality", "year"], how="outer")
    pc["schools_positive"] = pc["schools_positive"].fillna(0).astype("int64")
    pc = pc.sort_values(["stage", "municipality", "year"]).reset_index(drop=True)
    pc = pc[["stage", "municipality", "year", "schools_positive", "value", "change", "positive"]]
    return Dynamics(by, pc, tuple(window))
