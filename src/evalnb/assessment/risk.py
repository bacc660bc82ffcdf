"""Subjects in the risk zone (зона риска), for each school and for the municipality.

The Armavir methodological centre put biology, history, geography and social
studies "in the risk zone by the results of the first quarter" (order of
02.03.2020 № 204, appendix).  Here a subject is in the risk zone for a period
when, with enough marks to judge (``risk_min_n``):

* its quality of knowledge is below ``risk_quality_below``  (``low_quality``),
* its pass rate is below ``risk_pass_rate_below``           (``low_pass_rate``),
* its quality fell from the previous period by more than ``risk_quality_drop``
  (``quality_drop``), or
* its pass rate fell by more than ``risk_pass_rate_drop``   (``pass_rate_drop``).

The order names the analysis, not its numbers: the defaults are evalnb's own
choice (see :class:`~evalnb.assessment.rules.AssessmentRules`), meant to be
set by each municipality.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .marks import dynamics
from .rules import AssessmentRules

REASONS = ("low_quality", "low_pass_rate", "quality_drop", "pass_rate_drop")
_EPS = 1e-9  # differences of shares are not exact in binary floating point


def risk_zones(stats: pd.DataFrame, rules=None, periods: pd.DataFrame | None = None,
               schools: pd.DataFrame | None = None) -> pd.DataFrame:
    """Subjects of each school and of the municipality in the risk zone, each with its reason.

    Parameters
    ----------
    stats : :func:`~evalnb.assessment.mark_stats` by ``school_id``, ``subject``
        and ``period`` (every period: a fall is judged against the previous one).
    rules : ``risk_quality_below``, ``risk_pass_rate_below``,
        ``risk_quality_drop``, ``risk_pass_rate_drop``, ``risk_min_n``.
    periods : the periods table, for their time order (default: label order).
    schools : the schools table, to judge each municipality apart.

    Returns
    -------
    DataFrame
        One row per subject, period and reason: ``level`` (``school`` |
        ``municipality``), the keys of ``stats`` (``school_id`` empty for the
        municipality), ``period``, ``reason`` (``low_quality`` |
        ``low_pass_rate`` | ``quality_drop`` | ``pass_rate_drop``), ``value``
        (the share, or the change for a fall), ``threshold`` (the rule: a fall
        is shown negative), ``previous`` (the previous period's value), ``n``,
        ``quality``, ``pass_rate``.

    Notes
    -----
    Armavir order of 02.03.2020 № 204, appendix (subjects "отнесены к зоне
    риска" by the results of a quarter; "незначительное снижение качества"
    from one quarter to the next); the thresholds are evalnb's defaults.

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"school_id": "A", "subject": "История", "period": ["Q1", "Q2"],
    ...                    "n5": [5, 2], "n4": [10, 6], "n3": [5, 12], "n2": 0, "n1": 0, "n_na": 0})
    >>> r = risk_zones(st)
    >>> r[r.level == "school"][["period", "reason"]].values.tolist()
    [['Q2', 'low_quality'], ['Q2', 'quality_drop']]
    """
    rules = AssessmentRules.load(rules)
    dyn = dynamics(stats, periods, schools=schools, rules=rules)
    judged = dyn[dyn["n"] >= rules.risk_min_n]
    tests = (
        ("low_quality", judged["quality"] < rules.risk_quality_below - _EPS, "quality",
         rules.risk_quality_below, "prev_quality"),
        ("low_pass_rate", judged["pass_rate"] < rules.risk_pass_rate_below - _EPS, "pass_rate",
         rules.risk_pass_rate_below, "prev_pass_rate"),
        ("quality_drop", judged["d_quality"] < -rules.risk_quality_drop - _EPS, "d_quality",
         -rules.risk_quality_drop, "prev_quality"),
        ("pass_rate_drop", judged["d_pass_rate"] < -rules.risk_pass_rate_drop - _EPS, "d_pass_rate",
         -rules.risk_pass_rate_drop, "prev_pass_rate"),
    )
    keys = [c for c in dyn.columns if c in ("level", "municipality", "school_id")]
    keys += [c for c in dyn.columns[: list(dyn.columns).index("period")] if c not in keys]
    parts = []
    for reason, mask, col, threshold, prev in tests:
        hit = judged[mask.fillna(False).to_numpy(dtype=bool)]
        parts.append(pd.DataFrame({
            **{k: hit[k].to_numpy() for k in keys}, "period": hit["period"].to_numpy(),
            "reason": reason, "value": hit[col].to_numpy(dtype="float64"),
            "threshold": float(threshold), "previous": hit[prev].to_numpy(dtype="float64"),
            "n": hit["n"].to_numpy(dtype=np.int64), "quality": hit["quality"].to_numpy(dtype="float64"),
            "pass_rate": hit["pass_rate"].to_numpy(dtype="float64"),
            "_order": hit.index.to_numpy()}))
    out = pd.concat(parts, ignore_index=True)
    out["_reason"] = out["reason"].map({r: i for i, r in enumerate(REASONS)})
    out["_level"] = out["level"].map({"school": 0, "all": 0, "municipality": 1})
    out = out.sort_values(["_level", "_order", "_reason"], kind="stable")
    return out.drop(columns=["_order", "_reason", "_level"]).reset_index(drop=True)


def risk_summary(risk: pd.DataFrame) -> pd.DataFrame:
    """One row per subject in the risk zone with its reasons joined (``reasons``: a tuple)."""
    keys = [c for c in risk.columns if c not in ("reason", "value", "threshold", "previous")]
    if risk.empty:
        return pd.DataFrame(columns=[*keys, "reasons"])
    grouped = risk.groupby(keys, sort=False, dropna=False, observed=True)["reason"]
    return grouped.agg(tuple).rename("reasons").reset_index()


__all__ = ["risk_zones", "risk_summary", "REASONS"]
