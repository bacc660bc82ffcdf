"""Status data (人才培养工作状态数据): derived rates, three-year trends, position in the province.

The reference table (附1 of 教职成司函〔2016〕37号) asks for many points
"…及趋势" (and its trend) and the guidance (§2(二)) builds the status-data
system for comparing a school with the others; these calculators turn the
long ``vocational_status`` table of DATA.md into those views.  A zero (or
negative) denominator gives NaN, never an exception or infinity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .tables import STATUS_INDICATORS
from ..core.validate import ensure
from ._inputs import check_school_refs
from .rules import DiagnosisRules


@dataclass(frozen=True)
class Rate:
    """A derived rate: ``factor · Σ numerator / (Σ denominator_plus − Σ denominator_minus)``."""

    name: str
    numerator: str
    denominator: tuple[str, ...]
    minus: tuple[str, ...] = ()
    factor: float = 1.0
    kind: str = "share"          # share (0–1) | ratio | money | per100
    better: str = "higher"       # higher | lower


#: The derived rates of DATA.md (``senior_share`` added: 师资队伍结构, 附1 3.1).
RATES = (
    Rate("student_teacher_ratio", "enrollment_fulltime", ("teachers_fulltime",), kind="ratio",
         better="lower"),
    Rate("professional_share", "teachers_professional", ("teachers_fulltime",)),
    Rate("dual_share", "teachers_dual", ("teachers_professional",)),
    Rate("senior_share", "teachers_senior", ("teachers_fulltime",)),
    Rate("equipment_per_student", "equipment_value_yuan", ("enrollment_fulltime",), kind="money"),
    Rate("employment_rate", "graduates_employed", ("graduates",)),
    Rate("matching_rate", "graduates_matching", ("graduates_employed",),
         minus=("graduates_further_study",)),
    Rate("dual_cert_rate", "graduates_dual_cert", ("graduates",)),
    Rate("dropout_rate", "dropouts", ("enrolled_start",), better="lower"),
    Rate("late_rate", "late_person_times", ("student_weeks",), factor=100.0, kind="per100",
         better="lower"),
    Rate("absence_rate", "absence_person_times", ("student_weeks",), factor=100.0, kind="per100",
         better="lower"),
)
RATE_NAMES = tuple(r.name for r in RATES)

#: How to read each indicator: ``kind`` (count, area, money, share, ratio, per100, flag)
#: and which direction is better.
INDICATOR_INFO = pd.DataFrame(
    [(c, "flag" if c == "diagnosis_system" else ("area" if c.endswith("_m2") else
      ("money" if c.endswith("_yuan") else "count")),
      "lower" if c in ("dropouts", "late_person_times", "absence_person_times") else "higher")
     for c in STATUS_INDICATORS]
    + [(r.name, r.kind, r.better) for r in RATES],
    columns=["indicator", "kind", "better"]).set_index("indicator")

#: Indicators compared with the province by default (the report's main table).
KEY_INDICATORS = ("enrollment_fulltime", "student_teacher_ratio", "professional_share",
                  "dual_share", "building_area_m2", "equipment_per_student", "employment_rate",
                  "matching_rate", "dual_cert_rate", "dropout_rate", "late_rate", "absence_rate")


def _safe_div(num: pd.Series, den: pd.Series) -> pd.Series:
    """``num / den``, NaN where ``den`` is zero, negative or missing (never ±inf)."""
    den = den.astype("float64")
    return num.astype("float64") / den.where(den > 0)


def status_rates(status: pd.DataFrame) -> pd.DataFrame:
    """One row per school and year: every raw indicator and every derived rate.

    Rates (DATA.md, evalnb.diagnosis): student–teacher ratio = enrollment_fulltime /
    teachers_fulltime; professional share = teachers_professional / teachers_fulltime;
    dual share = teachers_dual / teachers_professional; senior share =
    teachers_senior / teachers_fulltime; equipment per student =
    equipment_value_yuan / enrollment_fulltime; employment rate =
    graduates_employed / graduates; matching rate = graduates_matching /
    (graduates_employed − graduates_further_study); dual-certificate rate =
    graduates_dual_cert / graduates; dropout rate = dropouts / enrolled_start;
    late (absence) rate per 100 student-weeks = 100 · late (absence)
    person-times / student_weeks (附1, 2.3 point 9).  A zero denominator —
    or a missing one — gives NaN.

    Examples
    --------
    >>> s = pd.DataFrame({"school_id": ["A", "A"], "year": [2020, 2020],
    ...                   "indicator": ["enrollment_fulltime", "teachers_fulltime"],
    ...                   "value": [1200, 0]})
    >>> status_rates(s)["student_teacher_ratio"].isna().item()
    True
    """
    status = ensure(status, "vocational_status")
    wide = (status.pivot_table(index=["school_id", "year"], columns="indicator", values="value",
                               aggfunc="first", observed=True)
            .reindex(columns=list(STATUS_INDICATORS)))
    wide.columns.name = None
    for r in RATES:
        den = sum((wide[c] for c in r.denominator), start=pd.Series(0.0, index=wide.index))
        for c in r.minus:
            den = den - wide[c]
        wide[r.name] = r.factor * _safe_div(wide[r.numerator], den)
    out = wide.reset_index()
    out["year"] = out["year"].astype("int64")
    return out


def rates_long(status: pd.DataFrame, indicators=None) -> pd.DataFrame:
    """:func:`status_rates` in long format: ``school_id``, ``year``, ``indicator``, ``value``."""
    wide = status_rates(status)
    cols = list(indicators) if indicators is not None else list(STATUS_INDICATORS) + list(RATE_NAMES)
    long = wide.melt(id_vars=["school_id", "year"], value_vars=cols, var_name="indicator",
                     value_name="value")
    return long.sort_values(["school_id", "indicator", "year"], kind="stable").reset_index(drop=True)


def trends(status: pd.DataFrame, year: int | None = None, indicators=None,
           rules=None) -> pd.DataFrame:
    """Three-year trends ("…及趋势", 附1) per school and indicator.

    Over the ``trend_years`` (3) years ending with ``year`` (default: the latest
    year in ``status``): ``year_from`` / ``value_from`` (the first year with a
    value), ``year_to`` / ``value_to`` (the last), ``n_years`` with a value,
    ``change`` = value_to − value_from, ``direction`` (``up`` | ``down`` |
    ``flat``; ``n/a`` with fewer than two values) and ``assessment``
    (``better`` | ``worse`` | ``same`` | ``n/a``, by the indicator's better
    direction: a falling dropout rate is better).  Also the values of each year
    as columns ``y0`` (oldest) … ``y2`` (``year``).

    Examples
    --------
    >>> s = pd.DataFrame({"school_id": "A", "year": [2019, 2020, 2021],
    ...                   "indicator": "dropouts", "value": [30, 20, 10]})
    >>> t = trends(s, indicators=["dropouts"])
    >>> t.loc[0, "direction"], t.loc[0, "assessment"], float(t.loc[0, "change"])
    ('down', 'better', -20.0)
    """
    rules = DiagnosisRules.load(rules)
    long = rates_long(status, indicators)
    if long.empty:
        return pd.DataFrame(columns=["school_id", "indicator", "year_from", "year_to", "value_from",
                                     "value_to", "n_years", "change", "direction", "assessment"])
    end = int(year) if year is not None else int(long["year"].max())
    span = rules.trend_years
    years = list(range(end - span + 1, end + 1))
    win = long[long["year"].isin(years)]
    grid = (win.pivot_table(index=["school_id", "indicator"], columns="year", values="value",
                            aggfunc="first", dropna=False)
            .reindex(columns=years))
    ids = long[["school_id", "indicator"]].drop_duplicates()
    grid = grid.reindex(pd.MultiIndex.from_frame(ids))
    vals = grid.to_numpy(dtype="float64")
    has = ~np.isnan(vals)
    n = has.sum(axis=1)
    first_i = np.where(n > 0, has.argmax(axis=1), 0)
    last_i = np.where(n > 0, len(years) - 1 - has[:, ::-1].argmax(axis=1), 0)
    rows = np.arange(len(vals))
    vfrom = np.where(n > 0, vals[rows, first_i], np.nan)
    vto = np.where(n > 0, vals[rows, last_i], np.nan)
    out = ids.reset_index(drop=True).copy()
    out["year_from"] = pd.array(np.where(n > 0, np.array(years)[first_i], 0), dtype="Int64")
    out.loc[n == 0, "year_from"] = pd.NA
    out["year_to"] = pd.array(np.where(n > 0, np.array(years)[last_i], 0), dtype="Int64")
    out.loc[n == 0, "year_to"] = pd.NA
    out["value_from"] = vfrom
    out["value_to"] = vto
    out["n_years"] = n
    change = np.where(n >= 2, vto - vfrom, np.nan)
    out["change"] = change
    close = np.isclose(np.nan_to_num(vto), np.nan_to_num(vfrom), rtol=1e-9, atol=1e-12)
    direction = np.where(n < 2, "n/a", np.where(close, "flat", np.where(change > 0, "up", "down")))
    out["direction"] = direction
    better = out["indicator"].map(INDICATOR_INFO["better"]).fillna("higher").to_numpy()
    good = ((direction == "up") & (better == "higher")) | ((direction == "down") & (better == "lower"))
    out["assessment"] = np.where(direction == "n/a", "n/a", np.where(
        direction == "flat", "same", np.where(good, "better", "worse")))
    for i in range(span):
        out[f"y{i}"] = vals[:, i]
    out.attrs["years"] = years
    return out


def province_position(schools: pd.DataFrame, status: pd.DataFrame, year: int,
                      indicators=KEY_INDICATORS, by: str | None = None) -> pd.DataFrame:
    """Each school's position in its province's distribution of each indicator.

    The province is every vocational school of ``schools`` — or, when
    ``schools`` has a ``province`` column (or ``by`` names another column),
    the schools sharing its value.  Per school and indicator, in ``year``:
    ``value``, ``n`` (schools of the province with a value), ``rank`` (1 = best,
    by the indicator's better direction; ties share the best rank),
    ``percentile`` (share of the province's schools the school does at least
    as well as, so the best school has 1.0), the province's ``median``, ``q1``
    and ``q3``, and ``better`` (``higher`` | ``lower``).  Missing values have
    no rank.

    Examples
    --------
    >>> schools = pd.DataFrame({"school_id": ["A", "B"], "name": ["A", "B"],
    ...                         "municipality": ["M", "M"], "kind": "vocational"})
    >>> s = pd.DataFrame({"school_id": ["A", "B"], "year": 2020,
    ...                   "indicator": "enrollment_fulltime", "value": [1500, 900]})
    >>> p = province_position(schools, s, 2020, ["enrollment_fulltime"])
    >>> p.set_index("school_id")["rank"].tolist()
    [1.0, 2.0]
    """
    schools = ensure(schools, "schools")
    status = ensure(status, "vocational_status")
    check_school_refs(status, "vocational_status", schools)
    voc = schools[schools["kind"] == "vocational"]
    # schools.province is optional: a dataset without it is one province
    has_province = "province" in voc.columns and voc["province"].notna().any()
    group = by or ("province" if has_province else None)
    long = rates_long(status, indicators)
    long = long[long["year"] == int(year)]
    base = voc[["school_id"] + ([group] if group else [])].copy()
    if group:
        base[group] = base[group].fillna("")
    else:
        group = "_province"
        base[group] = ""
    grid = base.merge(pd.DataFrame({"indicator": list(indicators)}), how="cross")
    out = grid.merge(long[["school_id", "indicator", "value"]], on=["school_id", "indicator"], how="left")
    better = out["indicator"].map(INDICATOR_INFO["better"]).fillna("higher")
    goodness = out["value"].where(better == "higher", -out["value"])
    out["_good"] = goodness
    g = out.groupby([group, "indicator"], sort=False)["_good"]
    out["n"] = g.transform("count").astype("int64")
    out["rank"] = g.rank(ascending=False, method="min")
    out["percentile"] = g.rank(ascending=True, method="max") / out["n"].where(out["n"] > 0)
    gv = out.groupby([group, "indicator"], sort=False)["value"]
    out["median"] = gv.transform("median")
    out["q1"] = gv.transform(lambda s: s.quantile(0.25))
    out["q3"] = gv.transform(lambda s: s.quantile(0.75))
    out["better"] = better
    out = out.drop(columns=["_good"] + (["_province"] if group == "_province" else []))
    return out.reset_index(drop=True)
