"""Eligibility for sampled review (抽样复核的条件), guidance §4(三)–(四) and §6.

A school may be sampled for review only when it has set up and runs its 诊改
system and meets five indicators of the establishment standard
(《中等职业学校设置标准》, 教职成〔2010〕12号): full-time enrolment, the
student–teacher ratio, the professional teachers' share of the full-time
teachers, the school building floor area and the equipment value per
student.  A school that falls short must meet them within three years of the
province's plan (§4(四)); one that still falls short after that must stop
enrolling (§6).  A province may set other thresholds for schools of remote
and poor areas (§4(四)) — the ``remote_area`` rule, applied to schools whose
``remote_area`` is true.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ._inputs import check_school_refs
from .rules import STANDARD_INDICATORS, DiagnosisRules
from .status import status_rates

#: Which column of :func:`status_rates` gives each indicator's value.
VALUE_COLUMN = {
    "enrollment": "enrollment_fulltime",
    "student_teacher_ratio": "student_teacher_ratio",
    "professional_share": "professional_share",
    "building_area": "building_area_m2",
    "equipment_per_student": "equipment_per_student",
}
INDICATORS = tuple(name for name, _, _ in STANDARD_INDICATORS)


def eligibility(schools: pd.DataFrame, status: pd.DataFrame, year: int, rules=None) -> pd.DataFrame:
    """Whether each vocational school may be sampled for review in ``year``.

    Parameters
    ----------
    schools : the ``schools`` table; only ``kind == "vocational"`` schools are assessed.
    status : the ``vocational_status`` table (long format).
    year : the status year to assess.
    rules : :class:`DiagnosisRules`, a mapping or a YAML path (thresholds,
        ``remote_area`` overrides, ``plan_date``, ``deadline_years``).

    Returns
    -------
    pandas.DataFrame
        One row per school: ``school_id``, ``name``, ``municipality``,
        ``remote_area``, ``closing_planned``, ``year``; for each indicator
        ``enrollment``, ``student_teacher_ratio``, ``professional_share``,
        ``building_area``, ``equipment_per_student`` the columns
        ``<indicator>_value``, ``<indicator>_threshold`` and ``<indicator>_ok``
        (a missing value, e.g. a ratio with zero teachers, is NaN and not ok);
        ``system_ok`` (``diagnosis_system`` = 1: the 诊改 system is set up and
        runs); ``n_failed`` (standard indicators not met); ``eligible`` (all
        five met and ``system_ok``); ``missing`` (indicators without data,
        ``;``-separated); ``deadline`` (for schools not eligible: plan date +
        3 years, NaT without a ``plan_date`` rule); ``failed_with_data``
        (some condition has a value that does not meet it); ``stop_enrollment``
        (nullable boolean, §6: True where the deadline falls in or before
        ``year`` and ``failed_with_data``; <NA> — unknown — where the school is
        not eligible but only for missing data, or the deadline is not known; see
        :func:`stop_enrollment`) and ``stop_status`` (``yes`` | ``no`` | ``unknown``).

    Raises :class:`~evalnb.InputError` when a ``status`` row names a school
    that ``schools`` does not hold (table, row, column, value and rule).

    Defaults (guidance §4(三), 教职成〔2010〕12号): enrolment ≥ 1200; student–teacher
    ratio ≤ 20; professional share ≥ 0.5; building area ≥ 24000 m²; equipment per
    student ≥ 2500 yuan.

    Examples
    --------
    >>> schools = pd.DataFrame({"school_id": ["A"], "name": ["A"], "municipality": ["M"],
    ...                         "kind": ["vocational"]})
    >>> status = pd.DataFrame({"school_id": "A", "year": 2020, "indicator": [
    ...     "enrollment_fulltime", "teachers_fulltime", "teachers_professional",
    ...     "building_area_m2", "equipment_value_yuan", "diagnosis_system"],
    ...     "value": [1200, 60, 30, 24000, 3_000_000, 1]})
    >>> eligibility(schools, status, 2020)[["enrollment_ok", "eligible"]].iloc[0].tolist()
    [True, True]
    """
    rules = DiagnosisRules.load(rules)
    schools = ensure(schools, "schools")
    status = ensure(status, "vocational_status")
    check_school_refs(status, "vocational_status", schools)
    voc = schools.loc[schools["kind"] == "vocational",
                      ["school_id", "name", "municipality", "remote_area", "closing_planned"]]
    rates = status_rates(status)
    rates = rates[rates["year"] == int(year)]
    cols = list(VALUE_COLUMN.values()) + ["diagnosis_system"]
    out = voc.merge(rates[["school_id"] + cols], on="school_id", how="left").reset_index(drop=True)
    out.insert(5, "year", int(year))
    remote = out["remote_area"].fillna(False).astype(bool).to_numpy()
    base, far = rules.thresholds(remote=False), rules.thresholds(remote=True)
    all_ok = np.ones(len(out), dtype=bool)
    n_failed = np.zeros(len(out), dtype="int64")
    failed_with_data = np.zeros(len(out), dtype=bool)
    missing = pd.Series("", index=out.index, dtype=object)
    for name, rule_name, direction in STANDARD_INDICATORS:
        value = out.pop(VALUE_COLUMN[name]).astype("float64")
        threshold = np.where(remote, far[rule_name], base[rule_name])
        ok = (value >= threshold) if direction == "min" else (value <= threshold)
        ok = ok.fillna(False).to_numpy(dtype=bool) & value.notna().to_numpy()
        out[f"{name}_value"] = value
        out[f"{name}_threshold"] = threshold.astype("float64")
        out[f"{name}_ok"] = ok
        all_ok &= ok
        n_failed += ~ok
        failed_with_data |= ~ok & value.notna().to_numpy()
        missing = missing + np.where(value.isna(), name + ";", "")
    system = out.pop("diagnosis_system").astype("float64")
    out["system_value"] = system
    out["system_ok"] = (system >= 1).fillna(False).to_numpy(dtype=bool)
    missing = missing + np.where(system.isna(), "system;", "")
    failed_with_data |= (system < 1).fillna(False).to_numpy(dtype=bool)
    out["n_failed"] = n_failed
    out["eligible"] = all_ok & out["system_ok"].to_numpy()
    out["missing"] = missing.str.rstrip(";")
    out["failed_with_data"] = failed_with_data
    deadline = rules.deadline()
    eligible = out["eligible"].to_numpy(dtype=bool)
    if deadline is None:
        out["deadline"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
        passed = None
    else:
        d = pd.Timestamp(deadline)
        out["deadline"] = pd.Series(np.where(eligible, pd.NaT, d), index=out.index).astype(
            "datetime64[ns]")
        passed = d.year <= int(year)
    out["stop_enrollment"] = stop_enrollment(eligible, failed_with_data, passed)
    out["stop_status"] = out["stop_enrollment"].map({True: "yes", False: "no"}).fillna("unknown")
    out["remote_area"] = out["remote_area"].fillna(False).astype(bool)
    out["closing_planned"] = out["closing_planned"].fillna(False).astype(bool)
    return out


def stop_enrollment(eligible, failed_with_data, deadline_passed: bool | None) -> pd.Series:
    """Whether enrolment must stop (guidance §6): True, False or unknown (``<NA>``).

    True only where the data show the school still fails the standard after the
    deadline (``deadline_passed``: the status year is in or after the deadline's
    year): some condition has a value and does not meet it.  A school that is
    not eligible only because data are missing is unknown, never stopped; so is
    a school that is not eligible when the province's plan date (and so the
    deadline) is not known (``deadline_passed`` None).  Eligible schools, and
    schools before the deadline, are False.

    >>> stop_enrollment([True, False, False, False], [False, True, False, True], True).tolist()
    [False, True, <NA>, True]
    """
    eligible = np.asarray(eligible, dtype=bool)
    failed = np.asarray(failed_with_data, dtype=bool)
    out = pd.Series(pd.NA, index=range(len(eligible)), dtype="boolean")
    out[eligible] = False
    if deadline_passed is False:
        out[:] = False
    elif deadline_passed:
        out[~eligible & failed] = True
    return out


def eligibility_long(elig: pd.DataFrame) -> pd.DataFrame:
    """:func:`eligibility` one row per school and indicator (for report tables).

    Columns ``school_id``, ``indicator`` (the five, then ``system``), ``value``,
    ``threshold``, ``direction`` (``min`` | ``max``; empty for ``system``), ``ok``.
    """
    parts = []
    for name, _, direction in STANDARD_INDICATORS:
        parts.append(pd.DataFrame({
            "school_id": elig["school_id"], "indicator": name, "value": elig[f"{name}_value"],
            "threshold": elig[f"{name}_threshold"], "direction": direction, "ok": elig[f"{name}_ok"]}))
    parts.append(pd.DataFrame({"school_id": elig["school_id"], "indicator": "system",
                               "value": elig["system_value"], "threshold": 1.0, "direction": "min",
                               "ok": elig["system_ok"]}))
    order = {n: i for i, n in enumerate(INDICATORS + ("system",))}
    out = pd.concat(parts, ignore_index=True)
    out["_o"] = out["indicator"].map(order)
    out = out.sort_values(["school_id", "_o"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def eligibility_by_year(schools: pd.DataFrame, status: pd.DataFrame, years, rules=None) -> pd.DataFrame:
    """Eligibility of each school in each of ``years``, *as of* that year.

    A year's eligibility uses the school's latest status year on or before it
    (status is collected once a year and a plan looks ahead), so a plan made
    with data up to 2020 treats 2021–2024 as 2020.  Columns: ``school_id``,
    ``year``, ``status_year`` (NaN: no data yet), ``eligible``.
    """
    rules = DiagnosisRules.load(rules)
    schools = ensure(schools, "schools")
    status = ensure(status, "vocational_status")
    check_school_refs(status, "vocational_status", schools)
    years = [int(y) for y in years]
    data_years = sorted(int(y) for y in status["year"].dropna().unique())
    frames = [eligibility(schools, status, y, rules)[["school_id", "eligible"]].assign(status_year=y)
              for y in data_years]
    voc = schools.loc[schools["kind"] == "vocational", ["school_id"]]
    grid = voc.merge(pd.DataFrame({"year": years}), how="cross")
    if not frames:
        grid["status_year"] = np.nan
        grid["eligible"] = False
        return grid
    per = pd.concat(frames, ignore_index=True)
    # a school counts as having data for a year only when it reported any indicator that year
    reported = status[["school_id", "year"]].drop_duplicates().rename(columns={"year": "status_year"})
    reported["status_year"] = reported["status_year"].astype("int64")
    per = per.merge(reported, on=["school_id", "status_year"], how="inner")
    per = per.sort_values("status_year")
    grid = grid.sort_values("year")
    out = pd.merge_asof(grid, per, left_on="year", right_on="status_year", by="school_id",
                        direction="backward")
    out["eligible"] = out["eligible"].fillna(False).astype(bool)
    return out.sort_values(["school_id", "year"]).reset_index(drop=True)
