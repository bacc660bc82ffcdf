"""County-wide summaries: compliance per unit, course results, score distribution.

Pure functions over the results of :func:`~evalnb.training.assess` and
:func:`~evalnb.training.annual_compliance`, for the county overview report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ._inputs import check_assessed
from .rules import TrainingRules

UNIT_COMPLIANCE_COLUMNS = ["school_id", "teachers", "compliant", "compliant_share", "meets_online",
                           "meets_online_share", "kindergarten_teachers", "meets_kindergarten",
                           "meets_kindergarten_share", "hours_total", "hours_per_teacher"]


def compliance_by_unit(compliance: pd.DataFrame) -> pd.DataFrame:
    """Compliance rates per school from :func:`~evalnb.training.annual_compliance`.

    Returns one row per school: ``teachers``, ``compliant`` (count) and
    ``compliant_share``, ``meets_online`` and its share,
    ``kindergarten_teachers``, ``meets_kindergarten`` and its share (of the
    kindergarten teachers; empty where there are none), ``hours_total`` and
    ``hours_per_teacher``.  Shares are fractions in [0, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> comp = pd.DataFrame({"school_id": ["S1", "S1", "S2"], "kind": ["kindergarten", "primary", "primary"],
    ...     "compliant": [True, False, True], "meets_online": [True, False, True],
    ...     "meets_kindergarten": pd.array([False, None, None], dtype="boolean"),
    ...     "hours_total": [30.0, 10.0, 40.0]})
    >>> compliance_by_unit(comp)[["school_id", "compliant_share", "meets_kindergarten_share"]].values.tolist()
    [['S1', 0.5, 0.0], ['S2', 1.0, nan]]
    """
    kg = compliance["kind"].eq("kindergarten")
    parts = pd.DataFrame({
        "school_id": compliance["school_id"],
        "teachers": 1,
        "compliant": compliance["compliant"].astype(bool).astype("int64"),
        "meets_online": compliance["meets_online"].astype(bool).astype("int64"),
        "kindergarten_teachers": kg.astype("int64"),
        "meets_kindergarten": compliance["meets_kindergarten"].fillna(False).astype(bool).astype("int64"),
        "hours_total": compliance["hours_total"].astype("float64"),
    })
    out = parts.groupby("school_id", as_index=False, sort=True).sum()
    out["compliant_share"] = out["compliant"] / out["teachers"]
    out["meets_online_share"] = out["meets_online"] / out["teachers"]
    kgn = out["kindergarten_teachers"].astype("float64")
    out["meets_kindergarten_share"] = (out["meets_kindergarten"] / kgn.where(kgn > 0)).astype("float64")
    out["hours_per_teacher"] = out["hours_total"] / out["teachers"]
    return out[UNIT_COMPLIANCE_COLUMNS]


COURSE_SUMMARY_COLUMNS = ["course_id", "title", "level", "mode", "start", "end", "sessions", "hours",
                          "enrolled", "qualified", "qualified_share", "commended", "sanctioned",
                          "mean_total", "min_total", "max_total", "hours_credited"]


def course_summary(courses: pd.DataFrame, assessed: pd.DataFrame) -> pd.DataFrame:
    """Results per course: enrolled, qualified (and share), commended, sanctioned, totals.

    One row per course that has enrollments, ordered by end date.
    """
    courses = ensure(courses, "courses")
    assessed = check_assessed(assessed, courses)
    parts = pd.DataFrame({
        "course_id": assessed["course_id"],
        "enrolled": 1,
        "qualified": assessed["qualified"].astype(bool).astype("int64"),
        "commended": assessed["commended"].astype(bool).astype("int64"),
        "sanctioned": assessed["sanctioned"].astype(bool).astype("int64"),
        "hours_credited": assessed["hours_credited"].astype("float64"),
    })
    sums = parts.groupby("course_id").sum()
    stats = assessed.groupby("course_id")["total"].agg(mean_total="mean", min_total="min",
                                                       max_total="max")
    out = courses[["course_id", "title", "level", "mode", "start", "end", "sessions", "hours"]] \
        .merge(sums.join(stats).reset_index(), on="course_id", how="inner")
    out["qualified_share"] = out["qualified"] / out["enrolled"]
    return out.sort_values(["end", "course_id"], kind="stable")[COURSE_SUMMARY_COLUMNS] \
        .reset_index(drop=True)


def score_bands(assessed: pd.DataFrame, rules=None, width: float = 10.0) -> pd.DataFrame:
    """How many totals fall in each band of ``width`` points (0–10, 10–20 … 90–100).

    The band holding the pass mark is split at it, so that the bar chart shows
    the qualified / unqualified boundary.  Returns ``band_from``, ``band_to``,
    ``count``, ``share``.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"total": [59.9, 60.0, 100.0, 12.0]})
    >>> score_bands(a).query("count > 0")[["band_from", "band_to", "count"]].values.tolist()
    [[10.0, 20.0, 1.0], [50.0, 60.0, 1.0], [60.0, 70.0, 1.0], [90.0, 100.0, 1.0]]
    """
    r = TrainingRules.load(rules)
    edges = np.unique(np.concatenate([np.arange(0.0, 100.0 + width / 2, width), [r.pass_mark]]))
    edges = edges[(edges >= 0) & (edges <= 100)]
    totals = assessed["total"].astype("float64").dropna().clip(0, 100)
    # bands are [from, to), the last one closed: a total of 100 counts in 90–100
    idx = np.clip(np.searchsorted(edges, totals.to_numpy(), side="right") - 1, 0, len(edges) - 2)
    counts = np.bincount(idx, minlength=len(edges) - 1).astype("int64")
    out = pd.DataFrame({"band_from": edges[:-1], "band_to": edges[1:], "count": counts})
    out["share"] = out["count"] / counts.sum() if counts.sum() else np.nan
    return out
