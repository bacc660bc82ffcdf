"""Clusters of schools: their aggregates and each school's place in its cluster.

"Conclusions on the quality of educational activity are presented by
clusters, taking the specifics of the schools into account" (Armavir order
of 02.03.2020 № 204, appendix).  A cluster is the ``cluster`` column of the
``schools`` table (free text); schools without one form one group of their
own, named ``""``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ._frames import ensure
from .marks import METRICS, check_stats, rollup, stats_keys
from .rules import AssessmentRules


@dataclass(frozen=True)
class ClusterResult:
    """What :func:`clusters` returns.

    Attributes
    ----------
    clusters : one row per cluster (and the other keys of the stats, e.g.
        subject and period): ``cluster``, ``n_schools``, the counts and the
        four measures over all the cluster's marks, and ``median`` (the median
        of the schools' values of the metric).
    schools : one row per school (and keys): ``cluster``, the metric's
        ``value``, ``rank`` in the cluster (1 = best; ties share the better
        rank), ``n_in_cluster`` (schools with a value), ``percentile`` (share
        of the cluster's schools whose value is at most the school's, in
        (0, 1]), ``median`` and ``gap_to_median`` (value − median).
    metric : the measure ranked (``quality``, ``pass_rate``, ``sou`` or ``mean_mark``).
    """

    clusters: pd.DataFrame
    schools: pd.DataFrame
    metric: str


def clusters(stats: pd.DataFrame, schools: pd.DataFrame, metric: str = "quality",
             rules=None) -> ClusterResult:
    """Aggregates per cluster and each school's place in its cluster.

    Parameters
    ----------
    stats : :func:`~evalnb.assessment.mark_stats` with ``school_id`` among its
        keys (e.g. by ``school_id``, ``period`` for whole schools, or by
        ``school_id``, ``subject``, ``period``).
    schools : the ``schools`` table (its ``cluster`` column).
    metric : the measure schools are ranked by; higher is better.

    Returns
    -------
    ClusterResult

    Notes
    -----
    Armavir order of 02.03.2020 № 204, appendix: "Выводы о качестве
    образовательной деятельности представлены докладчиком по кластерам".

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"school_id": ["A", "B", "C"], "name": ["a", "b", "c"],
    ...                         "municipality": "M", "kind": "general", "cluster": ["K1", "K1", "K1"]})
    >>> st = pd.DataFrame({"school_id": ["A", "B", "C"], "period": "Q1", "n5": [1, 3, 2],
    ...                    "n4": 0, "n3": [3, 1, 2], "n2": 0, "n1": 0, "n_na": 0})
    >>> r = clusters(st, schools)
    >>> r.schools[["school_id", "rank", "gap_to_median"]].values.tolist()
    [['A', 3, -0.25], ['B', 1, 0.25], ['C', 2, 0.0]]
    """
    rules = AssessmentRules.load(rules)
    if metric not in METRICS:
        raise InputError(f"unknown metric {metric!r}", table="stats", column="metric", value=metric,
                         rule=f"one of {', '.join(METRICS)}")
    stats = check_stats(stats, need=("school_id",), rules=rules)
    schools = ensure(schools, "schools")
    keys = [k for k in stats_keys(stats) if k not in ("school_id", "cluster")]
    cluster_of = schools.set_index("school_id")["cluster"]
    unknown = ~stats["school_id"].isin(cluster_of.index)
    if unknown.any():
        bad = stats.loc[unknown, "school_id"].iloc[0]
        raise InputError(f"school {bad!r} of the stats is not in the schools table", table="stats",
                         column="school_id", value=bad, rule="schools.school_id")
    frame = stats.assign(cluster=stats["school_id"].map(cluster_of).fillna("").astype(object))
    group = ["cluster", *keys]

    per_school = frame[["school_id", *group, metric]].rename(columns={metric: "value"})
    g = per_school.groupby(group, sort=False, dropna=False, observed=True)["value"]
    per_school = per_school.assign(
        rank=g.rank(ascending=False, method="min").astype("Int64"),
        n_in_cluster=g.transform("count").astype(np.int64),
        percentile=g.rank(ascending=True, method="max", pct=True),
        median=g.transform("median"))
    per_school["gap_to_median"] = per_school["value"] - per_school["median"]
    per_school = per_school.sort_values([*group, "school_id"], kind="stable").reset_index(drop=True)

    agg = rollup(frame, by=group, rules=rules)
    meta = per_school.groupby(group, sort=True, dropna=False, observed=True).agg(
        n_schools=("school_id", "nunique"), median=("median", "first")).reset_index()
    agg = agg.merge(meta, on=group, how="left")
    lead = [*group, "n_schools"]
    agg = agg[lead + [c for c in agg.columns if c not in lead]]
    return ClusterResult(clusters=agg, schools=per_school, metric=metric)


__all__ = ["clusters", "ClusterResult"]
