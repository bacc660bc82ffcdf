"""External procedures against journal marks: the objectivity of internal assessment.

"The key guide for the municipal system of quality assessment is the
correspondence of external and internal assessment" (Armavir order of
02.03.2020 № 204, appendix).  :func:`objectivity` compares each external mark
(ВПР, regional diagnostic work …) with the same student's journal mark in
the same subject for the latest period whose ``end`` is on or before the
procedure's ``date`` — lower: the journal mark was not confirmed (понизили),
equal: confirmed (подтвердили), higher: raised (повысили).

:func:`objectivity_flags` turns the comparison into the signs a
methodologist looks for: schools whose internal marks look inflated, and
schools whose external results look implausibly high (after the criteria
Rosobrnadzor and FIOKO published in 2018 for ВПР).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ._frames import (Grouper, check_by, ensure, factorize, key_columns, positions, share,
                      student_index)
from .rules import AssessmentRules

DEFAULT_BY = ("school_id", "subject", "procedure")
RESULT_COLUMNS = ("n", "lowered", "confirmed", "raised", "lowered_share", "confirmed_share",
                  "raised_share", "n_unmatched")
#: Extra columns objectivity() returns (besides DATA.md's).
EXTRA_COLUMNS = ("n_external", "n_marked", "external_mean", "external_quality", "journal_mean",
                 "journal_quality")


def journal_period(external_dates: pd.Series, periods: pd.DataFrame) -> np.ndarray:
    """For each external date, the row of ``periods`` it is compared with (``-1``: none).

    The latest period whose ``end`` is on or before the date — a procedure on
    the last day of a period matches that period.  Of periods ending the same
    day (a quarter and a half-year), the one that started last is taken.  This
    is :func:`pandas.merge_asof` (``direction="backward"``) on one sorted key,
    done with :func:`numpy.searchsorted`.
    """
    order = np.lexsort((periods["start"].to_numpy("datetime64[ns]"),
                        periods["end"].to_numpy("datetime64[ns]")))
    ends = periods["end"].to_numpy("datetime64[ns]")[order]
    dates = external_dates.to_numpy("datetime64[ns]")
    i = np.searchsorted(ends, dates, side="right") - 1
    out = np.where(i >= 0, order[np.maximum(i, 0)], -1)
    out[np.isnat(dates)] = -1
    return out


def _inputs(external, marks, periods, students):
    external = ensure(external, "external")
    marks = ensure(marks, "marks")
    periods = ensure(periods, "periods")
    students = ensure(students, "students")
    sidx = student_index(students)
    pos_e = positions(external, "student_id", sidx, table="external", ref="students.student_id",
                      what="student")
    pos_m = positions(marks, "student_id", sidx, table="marks", ref="students.student_id",
                      what="student")
    per_m = positions(marks, "period", pd.Index(periods["period"].to_numpy(dtype=object)),
                      table="marks", ref="periods.period", what="period")
    return external, marks, periods, students, pos_e, pos_m, per_m


def _compare(external, marks, periods, pos_e, pos_m, per_m):
    """Per external row: its journal mark (NaN when none) and the matched period (-1 when none)."""
    per_e = journal_period(external["date"], periods)
    subj_m, subjects = factorize(marks["subject"], sort=False)
    subj_e = subjects.get_indexer(external["subject"])
    n_subj, n_per = max(len(subjects), 1), max(len(periods), 1)
    key_m = (pos_m.astype(np.int64) * n_subj + subj_m) * n_per + per_m
    key_e = (pos_e.astype(np.int64) * n_subj + subj_e) * n_per + per_e
    hit = pd.Index(key_m).get_indexer(key_e)
    hit[(subj_e < 0) | (per_e < 0)] = -1
    jm = marks["mark"].to_numpy(dtype="float64", na_value=np.nan)
    status = marks["status"].to_numpy(dtype=object)
    jm = np.where((status == "na") | (status == "exempt"), np.nan, jm)
    journal = np.where(hit >= 0, jm[np.maximum(hit, 0)], np.nan)
    return journal, per_e


def compare_rows(external, marks, periods, students) -> pd.DataFrame:
    """The external rows with their ``journal_mark``, ``journal_period`` and ``result``.

    ``result`` is ``lowered`` | ``confirmed`` | ``raised`` | ``unmatched`` — the
    row-level view of :func:`objectivity`, for a class list or a drill-down.
    """
    external, marks, periods, students, pos_e, pos_m, per_m = _inputs(external, marks, periods, students)
    journal, per_e = _compare(external, marks, periods, pos_e, pos_m, per_m)
    em = external["mark"].to_numpy(dtype="float64", na_value=np.nan)
    cat = _category(em, journal)
    out = external.copy()
    out["school_id"] = students["school_id"].to_numpy(dtype=object)[pos_e]
    out["class_label"] = students["class_label"].to_numpy(dtype=object)[pos_e]
    out["journal_period"] = np.where(per_e >= 0, periods["period"].to_numpy(dtype=object)[np.maximum(per_e, 0)], None)
    out["journal_mark"] = pd.array(np.where(np.isnan(journal), np.nan, journal), dtype="Float64").astype("Int64")
    out["result"] = np.array(["lowered", "confirmed", "raised", "unmatched"], dtype=object)[cat]
    return out


def _category(em: np.ndarray, journal: np.ndarray) -> np.ndarray:
    """0 lowered, 1 confirmed, 2 raised, 3 unmatched (no journal mark or no external mark)."""
    matched = ~np.isnan(em) & ~np.isnan(journal)
    cat = np.full(len(em), 3, dtype=np.int64)
    diff = np.where(matched, em - np.nan_to_num(journal), 0.0)
    cat[matched & (diff < 0)] = 0
    cat[matched & (diff == 0)] = 1
    cat[matched & (diff > 0)] = 2
    return cat


def objectivity(external: pd.DataFrame, marks: pd.DataFrame, periods: pd.DataFrame,
                students: pd.DataFrame, by: Sequence[str] = DEFAULT_BY, rules=None) -> pd.DataFrame:
    """How external procedures confirmed the journal marks, per group.

    Parameters
    ----------
    external : the ``external`` table (ВПР, regional diagnostic works, final essay …).
    marks : the ``marks`` table (journal marks of each period).
    periods : the ``periods`` table (their ``end`` dates decide which journal mark
        an external result is compared with).
    students : the ``students`` table.
    by : any of ``school_id``, ``grade``, ``class_label``, ``gender`` (students),
        ``subject``, ``procedure``, ``date``, ``student_id`` (external) and
        ``period`` (the journal period compared with).
    rules : accepted for a uniform signature (no rule changes the comparison).

    Returns
    -------
    DataFrame
        One row per group: ``n`` (external marks compared with a journal
        mark), ``lowered`` (external lower than the journal: понизили),
        ``confirmed`` (equal: подтвердили), ``raised`` (higher: повысили), their
        shares of ``n``, and ``n_unmatched`` (external rows without a journal
        mark to compare, or without a mark — e.g. a pass/fail essay).  Also:
        ``n_external`` (all rows), ``n_marked`` (rows with an external mark),
        ``external_mean`` and ``external_quality`` (share of 4 and 5) over
        ``n_marked``, ``journal_mean`` and ``journal_quality`` over the ``n``
        journal marks compared.

    Notes
    -----
    DATA.md, ``evalnb.assessment`` → ``objectivity``; Armavir order of
    02.03.2020 № 204, appendix: "соответствие внешней и внутренней оценки".
    The journal period is the latest period of ``periods`` whose ``end`` is on
    or before the external ``date`` (a procedure on the last day of a period
    matches it); a student with no numeric mark in that period (no row, ``na``
    or ``exempt``) is unmatched.

    Examples
    --------
    >>> import pandas as pd
    >>> students = pd.DataFrame({"student_id": ["a", "b", "c"], "school_id": "S1", "grade": 5})
    >>> periods = pd.DataFrame({"period": ["Q1"], "start": ["2019-09-02"], "end": ["2019-10-27"]})
    >>> marks = pd.DataFrame({"student_id": ["a", "b"], "subject": "Математика", "period": "Q1",
    ...                       "mark": [5, 3]})
    >>> external = pd.DataFrame({"student_id": ["a", "b", "c"], "subject": "Математика",
    ...                          "procedure": "РДР", "date": "2019-10-27", "mark": [4, 3, 5]})
    >>> r = objectivity(external, marks, periods, students).iloc[0]
    >>> int(r.n), int(r.lowered), int(r.confirmed), int(r.raised), int(r.n_unmatched)
    (2, 1, 1, 0, 1)
    """
    AssessmentRules.load(rules)
    external, marks, periods, students, pos_e, pos_m, per_m = _inputs(external, marks, periods, students)
    by = check_by(by, [*students.columns, *external.columns, "period"], what="external")
    journal, per_e = _compare(external, marks, periods, pos_e, pos_m, per_m)
    em = external["mark"].to_numpy(dtype="float64", na_value=np.nan)
    cat = _category(em, journal)

    frame = external
    if "period" in by:
        frame = external.assign(period=pd.Series(
            np.where(per_e >= 0, periods["period"].to_numpy(dtype=object)[np.maximum(per_e, 0)], None),
            index=external.index, dtype=object))
    g = Grouper(key_columns(by, frame, students, pos_e), len(external))
    counts = g.count(cat, 4)
    out = g.keys()
    n = counts[:, :3].sum(axis=1)
    out["n"] = n
    out["lowered"], out["confirmed"], out["raised"] = counts[:, 0], counts[:, 1], counts[:, 2]
    out["lowered_share"] = share(counts[:, 0], n)
    out["confirmed_share"] = share(counts[:, 1], n)
    out["raised_share"] = share(counts[:, 2], n)
    out["n_unmatched"] = counts[:, 3]
    marked = ~np.isnan(em)
    matched = cat < 3
    n_marked = g.count(marked.astype(np.int64), 2)[:, 1]
    out["n_external"] = counts.sum(axis=1)
    out["n_marked"] = n_marked
    out["external_mean"] = share(g.total(np.where(marked, em, 0.0)), n_marked)
    out["external_quality"] = share(g.count(np.where(marked, (em >= 4).astype(np.int64), -1), 2)[:, 1],
                                    n_marked)
    out["journal_mean"] = share(g.total(np.where(matched, journal, 0.0)), n)
    out["journal_quality"] = share(g.count(np.where(matched, (journal >= 4).astype(np.int64), -1), 2)[:, 1], n)
    return out


def rollup_objectivity(table: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Add up an :func:`objectivity` table over coarser groups (e.g. the municipality)."""
    sums = {}
    base = table.assign(
        _ext_sum=table["external_mean"].fillna(0) * table["n_marked"],
        _ext_q=table["external_quality"].fillna(0) * table["n_marked"],
        _jm_sum=table["journal_mean"].fillna(0) * table["n"],
        _jm_q=table["journal_quality"].fillna(0) * table["n"])
    cols = ["n", "lowered", "confirmed", "raised", "n_unmatched", "n_external", "n_marked",
            "_ext_sum", "_ext_q", "_jm_sum", "_jm_q"]
    if by:
        sums = base.groupby(list(by), sort=True, dropna=False, observed=True)[cols].sum().reset_index()
    else:
        sums = base[cols].sum().to_frame().T
    out = sums[list(by)].copy() if by else pd.DataFrame(index=sums.index)
    for c in ("n", "lowered", "confirmed", "raised"):
        out[c] = sums[c].astype(np.int64)
    for c in ("lowered", "confirmed", "raised"):
        out[f"{c}_share"] = share(sums[c], sums["n"])
    for c in ("n_unmatched", "n_external", "n_marked"):
        out[c] = sums[c].astype(np.int64)
    out["external_mean"] = share(sums["_ext_sum"], sums["n_marked"])
    out["external_quality"] = share(sums["_ext_q"], sums["n_marked"])
    out["journal_mean"] = share(sums["_jm_sum"], sums["n"])
    out["journal_quality"] = share(sums["_jm_q"], sums["n"])
    return out.reset_index(drop=True)


__all__ = ["objectivity", "compare_rows", "journal_period", "rollup_objectivity",
           "RESULT_COLUMNS", "EXTRA_COLUMNS"]
