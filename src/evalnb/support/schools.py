"""The project's schools: quota, concept documents, anti-risk programmes and stage checks.

Reference: Kaluga order of 02.02.2022 № 180, roadmap tasks 3 (list of schools
by the quota), 17–19 (school risk profile, РПШ, and its risk directions in ИС
МЭДК), 18 and 32 (concept documents and anti-risk programmes placed), 36
(FIOKO's expertise), 37, 44 and 52 (confirming documents of stages 1 and 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ._inputs import as_day, check_year
from .rules import SupportRules
from .tables import DOCS


def project_check(project_schools: pd.DataFrame, year, rules=None) -> pd.DataFrame:
    """The project's schools of a year against the quota, and those without a curator.

    Returns
    -------
    DataFrame, one row: ``year``, ``schools``, ``quota``, ``ok`` (schools = quota;
    NA without a quota), ``without_curator`` (``;``-separated school ids).

    Examples
    --------
    >>> import pandas as pd
    >>> ps = pd.DataFrame({"school_id": ["A", "B"], "year": [2022, 2022], "teachers": [9, 12],
    ...                    "curator": ["Иванова", None]})
    >>> row = project_check(ps, 2022, {"quota": 2}).iloc[0]
    >>> int(row["schools"]), bool(row["ok"]), row["without_curator"]
    (2, True, 'B')

    Reference: Kaluga order № 180, task 3 «согласно установленной квоте (36 школ)».
    """
    rules = SupportRules.load(rules)
    year = check_year(year)
    ps = ensure(project_schools, "project_schools")
    ps = ps[ps["year"] == year]
    n = int(ps["school_id"].nunique())
    quota = rules.quota
    without = sorted(ps.loc[ps["curator"].isna() | (ps["curator"].astype("string").str.strip() == ""),
                            "school_id"].unique())
    return pd.DataFrame({
        "year": [year], "schools": [n], "quota": pd.array([quota], dtype="Int64"),
        "ok": pd.array([pd.NA if quota is None else n == quota], dtype="boolean"),
        "without_curator": [";".join(without)],
    })


def documents_status(school_documents: pd.DataFrame, project_schools: pd.DataFrame, year,
                     rules=None) -> pd.DataFrame:
    """Each project school's concept documents and anti-risk programme, and the region's share.

    Returns
    -------
    DataFrame, one row per project school then one ``region`` row: ``scope``,
    ``school_id``, ``concept``, ``midterm_programme``, ``antirisk_programme``
    (date placed in ИС МЭДК, or empty), ``confirmed`` (every placed document
    confirmed by the curator), ``expertise_received`` (latest date of FIOKO's
    expertise), ``all_placed_by_deadline`` (all three placed by
    ``documents_deadline``; by any date when the rules set none); the region
    row has ``share`` of schools with all three placed, ``target`` 1.0 and ``met``.

    Examples
    --------
    >>> import pandas as pd
    >>> ps = pd.DataFrame({"school_id": ["A", "B"], "year": [2022, 2022], "teachers": [9, 12]})
    >>> sd = pd.DataFrame({"school_id": ["A"] * 3, "year": [2022] * 3,
    ...     "doc": ["concept", "midterm_programme", "antirisk_programme"],
    ...     "placed": ["2022-03-28", "2022-03-29", "2022-03-30"]})
    >>> float(documents_status(sd, ps, 2022, {"documents_deadline": "2022-03-30"})["share"].iloc[-1])
    0.5

    Reference: Kaluga order № 180, tasks 18 and 32 «100% школ разместили концептуальные
    документы в ИС МЭДК», task 36 «Получение содержательной экспертизы ФИОКО».
    """
    rules = SupportRules.load(rules)
    year = check_year(year)
    ps = ensure(project_schools, "project_schools")
    sd = ensure(school_documents, "school_documents")
    schools = pd.Index(sorted(ps.loc[ps["year"] == year, "school_id"].unique()), name="school_id")
    sd = sd[(sd["year"] == year) & sd["school_id"].isin(schools)]
    placed = sd.pivot_table(index="school_id", columns="doc", values="placed", aggfunc="max")
    placed = placed.reindex(index=schools, columns=list(DOCS))
    out = pd.DataFrame(index=schools)
    for doc in DOCS:
        out[doc] = pd.to_datetime(placed[doc]).astype("datetime64[ns]")
    has = sd[sd["placed"].notna()]
    conf = has.groupby("school_id")["confirmed_by_curator"].agg(lambda s: bool(s.fillna(False).all()))
    out["confirmed"] = conf.reindex(schools).astype("boolean").fillna(False)
    out["expertise_received"] = (sd.groupby("school_id")["expertise_received"].max()
                                 .reindex(schools).astype("datetime64[ns]"))
    dates = out[list(DOCS)]
    if rules.documents_deadline:
        ok = (dates <= pd.Timestamp(rules.documents_deadline)).all(axis=1)
    else:
        ok = dates.notna().all(axis=1)
    out["all_placed_by_deadline"] = ok.astype("boolean")
    out = out.reset_index()
    out.insert(0, "scope", out["school_id"])
    n = len(out)
    share = float(ok.sum()) / n if n else np.nan
    region = pd.DataFrame({"scope": ["region"], "school_id": [None],
                           "all_placed_by_deadline": pd.array([pd.NA], dtype="boolean")})
    out = pd.concat([out, region], ignore_index=True) if n else region.reindex(columns=out.columns)
    out["share"] = np.where(out["scope"] == "region", share, np.nan)
    out["target"] = np.where(out["scope"] == "region", 1.0, np.nan)
    out["met"] = pd.array([share >= 1.0 if s == "region" and not np.isnan(share) else pd.NA
                           for s in out["scope"]], dtype="boolean")
    return out


@dataclass(frozen=True)
class AntiriskProgress:
    """:func:`antirisk_progress` per school and factor, and per school."""

    by_factor: pd.DataFrame
    by_school: pd.DataFrame


def antirisk_progress(measures: pd.DataFrame, risk_profile: pd.DataFrame, as_of,
                      rules=None, *, risk_factors: pd.DataFrame | None = None) -> AntiriskProgress:
    """How far each school's anti-risk programme has come, per risk factor.

    Returns
    -------
    AntiriskProgress
        ``by_factor`` (per school, year and factor): ``level``, ``activated``,
        ``measures``, ``done``, ``done_share``, ``overdue`` (deadline before
        ``as_of`` and not done), ``confirmed`` (done and confirmed by the
        curator), ``uncovered`` (a high or medium level, or an activated
        direction, with no measure — evalnb's reading: an anti-risk programme
        answers each risk direction).  ``by_school``: ``measures``, ``done``,
        ``overdue``, ``factors_high``, ``factors_uncovered``, ``measures_done_share``.

    With ``risk_factors`` (the catalogue), a factor of the profile or of a
    measure that the catalogue lacks is an :class:`~evalnb.InputError`.

    Examples
    --------
    >>> import pandas as pd
    >>> rp = pd.DataFrame({"school_id": ["A", "A"], "year": [2022, 2022], "factor": ["f1", "f2"],
    ...                    "level": ["high", "высокий"]})
    >>> am = pd.DataFrame({"school_id": ["A"], "year": [2022], "factor": ["f1"], "measure_id": ["m1"],
    ...                    "measure": ["x"], "status": ["done"]})
    >>> antirisk_progress(am, rp, "2022-06-01").by_school[["factors_high", "factors_uncovered"]].values.tolist()
    [[2, 1]]

    Reference: Kaluga order № 180, tasks 17–19 (РПШ, risk directions activated in
    ИС МЭДК) and 37 (confirming documents of the measures).
    """
    SupportRules.load(rules)
    day = as_day(as_of)
    am = ensure(measures, "antirisk_measures")
    rp = ensure(risk_profile, "risk_profile")
    if risk_factors is not None:
        _check_factors(ensure(risk_factors, "risk_factors"), {"risk_profile": rp, "antirisk_measures": am})
    keys = ["school_id", "year", "factor"]
    m = am.assign(
        is_done=am["status"] == "done",
        is_overdue=(am["deadline"] < day).fillna(False) & (am["status"] != "done"),
        is_confirmed=(am["status"] == "done") & am["confirmed_by_curator"].fillna(False).astype(bool))
    agg = m.groupby(keys).agg(measures=("measure_id", "nunique"), done=("is_done", "sum"),
                              overdue=("is_overdue", "sum"), confirmed=("is_confirmed", "sum"))
    prof = rp.set_index(keys)[["level", "activated"]]
    by = prof.join(agg, how="outer")
    for col in ("measures", "done", "overdue", "confirmed"):
        by[col] = by[col].fillna(0).astype("int64")
    by["activated"] = by["activated"].astype("boolean").fillna(False)
    by["done_share"] = (by["done"] / by["measures"].where(by["measures"] > 0)).astype("float64")
    risky = by["level"].isin(["high", "medium"]) | by["activated"].astype(bool)
    by["uncovered"] = (risky & (by["measures"] == 0)).astype(bool)
    by = by.reset_index().sort_values(keys, kind="stable", ignore_index=True)
    g = by.assign(high=by["level"] == "high").groupby(["school_id", "year"])
    school = g.agg(measures=("measures", "sum"), done=("done", "sum"), overdue=("overdue", "sum"),
                   factors_high=("high", "sum"), factors_uncovered=("uncovered", "sum")).reset_index()
    school["measures_done_share"] = (school["done"] / school["measures"].where(school["measures"] > 0)
                                     ).astype("float64")
    for col in ("measures", "done", "overdue", "factors_high", "factors_uncovered"):
        school[col] = school[col].astype("int64")
    cols = keys + ["level", "activated", "measures", "done", "done_share", "overdue", "confirmed",
                   "uncovered"]
    return AntiriskProgress(by[cols], school)


def _check_factors(catalogue: pd.DataFrame, frames: dict) -> None:
    from ..errors import InputError, Problem

    known = set(catalogue["factor"])
    problems = []
    for table, frame in frames.items():
        offset = int(frame.attrs.get("evalnb_row_offset", 2))
        for i in np.flatnonzero(~frame["factor"].isin(known).to_numpy())[:20]:
            problems.append(Problem(table, int(i) + offset, "factor", frame["factor"].iloc[i],
                                    "factor not in the risk-factor catalogue", code="unknown_ref",
                                    params={"table": "risk_factors"}))
    if problems:
        raise InputError(problems=problems)


def stage_monitoring(measures: pd.DataFrame, project_schools: pd.DataFrame, stage: int,
                     rules=None, *, year=None) -> pd.DataFrame:
    """Each project school's readiness for the monitoring of a stage, and the region's share.

    A school is ``ready`` when it has measures of the stage and every one is
    done, has its confirming documents (``evidence``) and is confirmed by the
    curator.

    Returns
    -------
    DataFrame, one row per project school then one ``region`` row: ``scope``,
    ``school_id``, ``measures_stage``, ``done``, ``with_evidence``, ``confirmed``,
    ``ready``; the region row has ``share`` ready, ``target`` 1.0, ``met`` and
    ``check_date`` (the rules' ``stage_checks`` date of the stage, if set).

    Examples
    --------
    >>> import pandas as pd
    >>> ps = pd.DataFrame({"school_id": ["A", "B"], "year": [2022, 2022], "teachers": [9, 12]})
    >>> am = pd.DataFrame({"school_id": ["A"], "year": [2022], "factor": ["f1"], "measure_id": ["m1"],
    ...     "measure": ["x"], "stage": [1], "status": ["done"], "evidence": ["протокол.pdf"],
    ...     "confirmed_by_curator": [True]})
    >>> stage_monitoring(am, ps, 1)["ready"].tolist()[:2]
    [True, False]

    Reference: Kaluga order № 180, task 37 «100% школ и кураторов подготовили
    подтверждающие документы», tasks 44 and 52 (monitoring of stages 1 and 2).
    """
    rules = SupportRules.load(rules)
    if stage not in (1, 2):
        from ..errors import InputError

        raise InputError(f"stage must be 1 or 2, not {stage!r}", column="stage", value=stage,
                         rule="the project has two stages")
    am = ensure(measures, "antirisk_measures")
    ps = ensure(project_schools, "project_schools")
    if year is not None:
        year = check_year(year)
        ps, am = ps[ps["year"] == year], am[am["year"] == year]
    schools = pd.Index(sorted(ps["school_id"].unique()), name="school_id")
    m = am[(am["stage"] == stage) & am["school_id"].isin(schools)]
    evid = m["evidence"].astype("string").str.strip().fillna("") != ""
    m = m.assign(is_done=m["status"] == "done", has_ev=evid,
                 is_conf=m["confirmed_by_curator"].fillna(False).astype(bool))
    g = m.groupby("school_id").agg(measures_stage=("measure_id", "nunique"), done=("is_done", "sum"),
                                   with_evidence=("has_ev", "sum"), confirmed=("is_conf", "sum"))
    g = g.reindex(schools, fill_value=0).astype("int64")
    full = m.assign(ok=m["is_done"] & m["has_ev"] & m["is_conf"]).groupby("school_id")["ok"].all()
    g["ready"] = (full.reindex(schools).fillna(False).astype(bool) & (g["measures_stage"] > 0))
    out = g.reset_index()
    out.insert(0, "scope", out["school_id"])
    n = len(out)
    share = float(out["ready"].sum()) / n if n else np.nan
    region = pd.DataFrame({"scope": ["region"], "school_id": [None]})
    out = pd.concat([out.astype({"ready": object}), region], ignore_index=True)
    out["ready"] = out["ready"].astype("boolean")
    is_region = out["scope"] == "region"
    out["share"] = np.where(is_region, share, np.nan)
    out["target"] = np.where(is_region, 1.0, np.nan)
    out["met"] = pd.array([share >= 1.0 if r and not np.isnan(share) else pd.NA for r in is_region],
                          dtype="boolean")
    check = rules.stage_checks.get(stage)
    out["check_date"] = pd.Series([pd.Timestamp(check) if (r and check) else pd.NaT for r in is_region],
                                  dtype="datetime64[ns]")
    return out


__all__ = ["AntiriskProgress", "antirisk_progress", "documents_status", "project_check",
           "stage_monitoring"]
