"""Journal marks: pass rate, quality of knowledge, mean mark, СОУ, and their change.

The formulas are ``DATA.md``'s (``evalnb.assessment``, ``mark_stats``), the
ones Russian schools and methodological centres report every quarter:

* pass rate (успеваемость) = (n5 + n4 + n3) / N;
* quality of knowledge (качество знаний) = (n5 + n4) / N;
* mean mark (средний балл) over the numeric marks only;
* СОУ (степень обученности учащихся) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·(n1 + n_na)) / N, in percent.

N counts the rows with a mark or ``na`` (не аттестован); ``exempt`` rows
(освобождён) and rows with neither are left out.  How N is counted (by marks
or by students), whether ``na`` counts, and the СОУ weights are rules
(:class:`~evalnb.assessment.rules.AssessmentRules`), because regions differ.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ._frames import (Grouper, check_by, ensure, key_columns, positions, require_columns, share,
                      student_index)
from .rules import AssessmentRules

DEFAULT_BY = ("school_id", "subject", "period")
#: The count columns of a stats frame, in the order of the result codes 0…5.
COUNTS = ("n5", "n4", "n3", "n2", "n1", "n_na")
METRICS = ("pass_rate", "quality", "mean_mark", "sou")
STATS_COLUMNS = ("n", *COUNTS, *METRICS, "n_exempt")
_EXEMPT, _NEITHER = 6, 7


def result_codes(mark: pd.Series, status: pd.Series) -> np.ndarray:
    """One code per journal row: 0…4 for the marks 5…1, 5 ``na``, 6 ``exempt``, 7 neither.

    The status wins over a mark given with it: an ``exempt`` row is left out and
    an ``na`` row counts as not attested whatever mark it also carries.
    """
    m = mark.to_numpy(dtype="float64", na_value=np.nan)
    st = status.to_numpy(dtype=object)
    code = np.where(np.isnan(m), _NEITHER, 5 - np.nan_to_num(m, nan=5.0)).astype(np.int64)
    code[st == "na"] = 5
    code[st == "exempt"] = _EXEMPT
    return code


def _finish(keys: pd.DataFrame, counts: np.ndarray, n_exempt: np.ndarray,
            rules: AssessmentRules) -> pd.DataFrame:
    """Keys + counts (columns n5…n1, n_na) → the stats frame with N and the four measures."""
    counts = np.asarray(counts, dtype=np.int64)
    out = keys.reset_index(drop=True).copy()
    n_marks = counts[:, :5].sum(axis=1)
    n = n_marks + (counts[:, 5] if rules.count_na else 0)
    out["n"] = n
    for j, c in enumerate(COUNTS):
        out[c] = counts[:, j]
    out["pass_rate"] = share(counts[:, :3].sum(axis=1), n)
    out["quality"] = share(counts[:, :2].sum(axis=1), n)
    out["mean_mark"] = share(counts[:, :5] @ np.array([5.0, 4.0, 3.0, 2.0, 1.0]), n_marks)
    weights = np.array([*rules.sou_weights, rules.sou_weight_na if rules.count_na else 0.0])
    out["sou"] = share(counts.astype("float64") @ weights, n)
    out["n_exempt"] = np.asarray(n_exempt, dtype=np.int64)
    return out


def mark_stats(marks: pd.DataFrame, students: pd.DataFrame,
               by: Sequence[str] = DEFAULT_BY, rules=None) -> pd.DataFrame:
    """Pass rate, quality of knowledge, mean mark and СОУ of journal marks, per group.

    Parameters
    ----------
    marks : the ``marks`` table (final journal mark of a period per student and subject).
    students : the ``students`` table (gives each mark its school, grade and class).
    by : columns to group by — any of ``school_id``, ``grade``, ``class_label``,
        ``gender`` (from students) and ``subject``, ``period``, ``student_id`` (from marks).
        ``()`` gives one row for all the marks.
    rules : :class:`AssessmentRules`, a mapping or a YAML path (``count_by``,
        ``count_na``, ``sou_weights``, ``sou_weight_na``).

    Returns
    -------
    DataFrame
        One row per group, sorted by ``by``: ``n`` (N), ``n5`` … ``n1``, ``n_na``,
        ``pass_rate``, ``quality`` (shares in [0, 1]), ``mean_mark``, ``sou``
        (percent, 0–100) and ``n_exempt`` (rows left out as exempt).  A group
        whose N is 0 has NaN measures.

    Notes
    -----
    DATA.md, ``evalnb.assessment`` → ``mark_stats``.  With ``count_by:
    students`` a student counts once per group, by their worst result
    (``na`` below 1, 1 below 2 …); the mean mark is still over all numeric marks.

    Raises
    ------
    InputError
        A mark outside 1–5, a duplicate (student, subject, period), a row with
        neither mark nor status, or a student not in ``students`` — naming the
        table, row, column and value.

    Examples
    --------
    >>> import pandas as pd
    >>> students = pd.DataFrame({"student_id": ["a", "b", "c", "d"], "school_id": "S1", "grade": 5})
    >>> marks = pd.DataFrame({"student_id": ["a", "b", "c", "d"], "subject": "История",
    ...                       "period": "Q1", "mark": [5, 4, 2, None],
    ...                       "status": [None, None, None, "na"]})
    >>> s = mark_stats(marks, students).iloc[0]
    >>> int(s.n), float(s.pass_rate), float(s.quality), float(s.sou)
    (4, 0.5, 0.5, 46.75)
    """
    rules = AssessmentRules.load(rules)
    marks = ensure(marks, "marks")
    students = ensure(students, "students")
    by = check_by(by, [*students.columns, *marks.columns], what="marks")
    pos = positions(marks, "student_id", student_index(students), table="marks",
                    ref="students.student_id", what="student")
    code = result_codes(marks["mark"], marks["status"])
    cols = key_columns(by, marks, students, pos)
    if rules.count_by == "students" and "student_id" not in by:
        return _by_students(cols, code, pos, len(students), marks, rules)
    g = Grouper(cols, len(marks))
    counts = g.count(code, 6)
    n_exempt = g.count(code, _EXEMPT + 1)[:, _EXEMPT]
    out = _finish(g.keys(), counts, n_exempt, rules)
    out.attrs["evalnb_stats"] = {"by": list(by), "count_by": rules.count_by}
    return out


def _by_students(cols, code, pos, n_students, marks, rules) -> pd.DataFrame:
    """Counting by students: each student once per group, by the worst result."""
    g = Grouper(cols, len(marks))
    counted = code <= 5
    # worst = highest code among the student's counted rows in the group
    key = g.gid * np.int64(n_students) + pos
    worst = pd.Series(np.where(counted, code, -1)).groupby(key).max()
    gid_of = (worst.index.to_numpy() // n_students)
    flat = gid_of * 6 + worst.to_numpy()
    ok = worst.to_numpy() >= 0
    counts = np.bincount(flat[ok], minlength=g.n_groups * 6).reshape(g.n_groups, 6)
    only_exempt = (worst.to_numpy() < 0)
    exempt_rows = pd.Series(code == _EXEMPT).groupby(key).any().to_numpy()
    n_exempt = np.bincount(gid_of[only_exempt & exempt_rows], minlength=g.n_groups)
    out = _finish(g.keys(), counts, n_exempt, rules)
    # the mean mark stays over every numeric mark of the group
    numeric = g.count(code, 5)
    out["mean_mark"] = share(numeric @ np.array([5.0, 4.0, 3.0, 2.0, 1.0]), numeric.sum(axis=1))
    out.attrs["evalnb_stats"] = {"by": [c[0] for c in cols], "count_by": "students"}
    return out


def stats_keys(stats: pd.DataFrame) -> list[str]:
    """The grouping columns of a stats frame (every column that is not a count or measure)."""
    extra = {"level", "prev_period"}
    return [c for c in stats.columns if c not in STATS_COLUMNS and c not in extra
            and not c.startswith(("prev_", "d_"))]


def check_stats(stats: pd.DataFrame, need: Sequence[str] = (), rules=None) -> pd.DataFrame:
    """A frame as :func:`mark_stats` returns it (InputError naming what is missing).

    Measures missing from a frame of counts only are computed from the counts.
    """
    require_columns(stats, [*COUNTS, *need], table="stats",
                    hint="pass the result of mark_stats(marks, students, by=…)")
    if any(m not in stats.columns for m in (*METRICS, "n")):
        rules = AssessmentRules.load(rules)
        keys = stats.drop(columns=[c for c in STATS_COLUMNS if c in stats.columns])
        n_exempt = stats["n_exempt"].to_numpy() if "n_exempt" in stats else np.zeros(len(stats))
        attrs = dict(stats.attrs)
        stats = _finish(keys, stats[list(COUNTS)].to_numpy(), n_exempt, rules)
        stats.attrs.update(attrs)
    return stats


def rollup(stats: pd.DataFrame, by: Sequence[str] = ("subject", "period"), rules=None) -> pd.DataFrame:
    """Add up the counts of a stats frame over coarser groups and recompute the measures.

    E.g. school × subject × period → municipality × subject × period.  Exact
    when counting by marks; when counting by students, roll up across schools
    or classes only (a student is in one), not across subjects or periods.

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"school_id": ["A", "B"], "subject": "Математика", "period": "Q1",
    ...                    "n5": [1, 0], "n4": [1, 0], "n3": [0, 2], "n2": [0, 0], "n1": 0,
    ...                    "n_na": 0, "n_exempt": 0})
    >>> float(rollup(st)["quality"].iloc[0])
    0.5
    """
    rules = AssessmentRules.load(rules)
    check_stats(stats, need=by)
    info = stats.attrs.get("evalnb_stats") or {}
    if info.get("count_by") == "students":
        dropped = set(info.get("by", [])) - set(by)
        if dropped & {"subject", "period", "student_id"}:
            raise InputError("stats counted by students cannot be added up across subjects or "
                             "periods", table="stats", column="by", value=sorted(dropped),
                             rule="a student counts once per group",
                             hint="compute mark_stats with the coarser `by` instead")
    cols = list(COUNTS) + (["n_exempt"] if "n_exempt" in stats.columns else [])
    if by:
        summed = stats.groupby(list(by), sort=True, dropna=False, observed=True)[cols].sum().reset_index()
        keys = summed[list(by)]
    else:
        summed = stats[cols].sum().to_frame().T
        keys = pd.DataFrame(index=pd.RangeIndex(1))
    n_exempt = summed["n_exempt"].to_numpy() if "n_exempt" in summed else np.zeros(len(summed))
    out = _finish(keys, summed[list(COUNTS)].to_numpy(), n_exempt, rules)
    out.attrs["evalnb_stats"] = {"by": list(by), "count_by": info.get("count_by", rules.count_by)}
    return out


def period_order(stats_periods: Sequence, periods: pd.DataFrame | None = None) -> list:
    """Periods in time order: by ``start`` (then ``end``) when the periods table is given,
    else by label (``2019-2020 Q1`` < ``2019-2020 Q2`` …)."""
    present = pd.unique(pd.Series(list(stats_periods), dtype=object).dropna())
    if periods is not None:
        periods = ensure(periods, "periods").sort_values(["start", "end", "period"])
        ordered = [p for p in periods["period"] if p in set(present)]
        missing = sorted(set(present) - set(ordered), key=str)
        if missing:
            raise InputError(f"period {missing[0]!r} is not in the periods table", table="stats",
                             column="period", value=missing[0], rule="every period must be in periods")
        return ordered
    return sorted(present, key=str)


def dynamics(stats: pd.DataFrame, periods: pd.DataFrame | None = None, *,
             with_municipality: bool = True, schools: pd.DataFrame | None = None,
             rules=None) -> pd.DataFrame:
    """Change of pass rate, quality, mean mark and СОУ from each period to the next.

    Parameters
    ----------
    stats : :func:`mark_stats` grouped by ``period`` and other keys (e.g. the
        default ``school_id``, ``subject``, ``period``).
    periods : the periods table, for their time order (default: label order).
    with_municipality : when ``stats`` has ``school_id``, add the same rows for
        the municipality (counts added up over its schools), ``level`` =
        ``municipality`` and ``school_id`` empty.
    schools : the schools table; when given, municipality rows are per
        ``municipality`` (else every school of ``stats`` is one municipality).

    Returns
    -------
    DataFrame
        The stats rows with ``level`` (``school`` | ``municipality`` | ``all``),
        ``prev_period`` (the period before in time order, even when the group
        has no row there), ``prev_<measure>`` and ``d_<measure>`` = this period
        − the previous, for ``pass_rate``, ``quality``, ``mean_mark``, ``sou``
        (NaN for the first period or when the group had no marks before).

    Notes
    -----
    Armavir order of 02.03.2020 № 204, appendix: the change of quality from the
    first to the second quarter is read as a sign of more objective marking
    or of a problem zone.

    Examples
    --------
    >>> import pandas as pd
    >>> st = pd.DataFrame({"school_id": "A", "subject": "История", "period": ["Q1", "Q2"],
    ...                    "n5": [2, 1], "n4": [2, 1], "n3": [0, 2], "n2": 0, "n1": 0, "n_na": 0})
    >>> d = dynamics(st, with_municipality=False)
    >>> float(d.loc[1, "d_quality"])
    -0.5
    """
    rules = AssessmentRules.load(rules)
    stats = check_stats(stats, need=("period",), rules=rules)
    keys = [k for k in stats_keys(stats) if k != "period"]
    order = period_order(stats["period"], periods)
    parts = []
    base = stats.drop(columns=[c for c in ("level",) if c in stats.columns])
    if "school_id" in keys:
        parts.append(_dynamics_one(base, keys, order).assign(level="school"))
        if with_municipality:
            upper = [k for k in keys if k != "school_id"]
            if schools is not None:
                schools = ensure(schools, "schools")
                muni = schools.set_index("school_id")["municipality"]
                tagged = base.assign(municipality=base["school_id"].map(muni))
                upper = ["municipality", *upper]
                rolled = rollup(tagged, by=[*upper, "period"], rules=rules)
            else:
                rolled = rollup(base, by=[*upper, "period"], rules=rules)
            parts.append(_dynamics_one(rolled, upper, order).assign(level="municipality"))
    else:
        parts.append(_dynamics_one(base, keys, order).assign(level="all"))
    out = pd.concat(parts, ignore_index=True, sort=False)
    lead = [c for c in ("level", "municipality", *keys, "period", "prev_period") if c in out.columns]
    return out[lead + [c for c in out.columns if c not in lead]]


def _dynamics_one(stats: pd.DataFrame, keys: list[str], order: list) -> pd.DataFrame:
    rank = {p: i for i, p in enumerate(order)}
    prev_of = {p: (order[i - 1] if i > 0 else None) for i, p in enumerate(order)}
    frame = stats.copy()
    frame["prev_period"] = frame["period"].map(prev_of).astype(object)
    frame["_rank"] = frame["period"].map(rank)
    prev = frame[[*keys, "period", *METRICS]].rename(
        columns={"period": "prev_period", **{m: f"prev_{m}" for m in METRICS}})
    out = frame.merge(prev, on=[*keys, "prev_period"], how="left", sort=False)
    for m in METRICS:
        out[f"d_{m}"] = out[m] - out[f"prev_{m}"]
    out = out.sort_values([*keys, "_rank"], kind="stable").drop(columns="_rank")
    return out.reset_index(drop=True)


__all__ = ["mark_stats", "rollup", "dynamics", "period_order", "result_codes", "stats_keys",
           "COUNTS", "METRICS", "STATS_COLUMNS", "DEFAULT_BY"]
