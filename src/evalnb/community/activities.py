"""A term's activity records and teachers' growth: :func:`activity_summary`, :func:`growth_compliance`.

The plans ask the teachers to inspect and evaluate the groups regularly; the
evaluation measures here (regularity, a parent present, attendance) are
evalnb's.  Teacher growth follows the weekly and termly work of the
teacher-growth plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import Problem
from ._inputs import check_date, file_rows, raise_if, split_list
from .rules import ACTIVITY_KINDS, CommunityRules


@dataclass(frozen=True)
class ActivitySummary:
    """``by_group``, ``by_student`` and ``violations`` of :func:`activity_summary`."""

    by_group: pd.DataFrame
    by_student: pd.DataFrame
    violations: pd.DataFrame


def iso_weeks(start: pd.Timestamp, end: pd.Timestamp) -> pd.Index:
    """The ISO weeks (``YYYY-Www``) overlapping [start, end]."""
    if end < start:
        return pd.Index([], dtype=object)
    days = pd.date_range(start, end, freq="D")
    iso = days.isocalendar()
    return pd.Index(sorted(set(zip(iso["year"], iso["week"]))))


def _week_labels(dates: pd.Series) -> pd.Series:
    iso = dates.dt.isocalendar()
    return pd.Series(list(zip(iso["year"], iso["week"])), index=dates.index, dtype=object)


def activity_summary(activities: pd.DataFrame, members: pd.DataFrame, start, end,
                     rules=None) -> ActivitySummary:
    """How often each group met, with a parent present, and who attended, in [start, end].

    Parameters
    ----------
    activities : ``community_activities``.
    members : ``community_members`` (the groups and their students).
    start, end : the period (a term), inclusive.
    rules : :class:`CommunityRules`, a mapping of overrides or a YAML path.

    Returns
    -------
    ActivitySummary
        ``by_group``: ``activities``, ``hours``, ``kinds`` (``;``),
        ``kinds_covered`` (0–3), ``safety`` (activities of subtype 安全教育),
        ``weeks`` (ISO weeks overlapping the period), ``weeks_active``,
        ``regularity`` = weeks_active / weeks, ``with_parent`` (≥
        min_parents_present duty parents), ``parent_share``, ``attendance_rate`` =
        Σ present members / (activities × members). ``by_student``:
        ``attended``, ``possible``, ``rate``. ``violations``: ``no_parent``,
        ``no_record`` (no recorder) and ``not_member`` (a present id not in the
        group: warned, not counted).

    References
    ----------
    Mobu Primary School plan, part 3 (4), students' duties item 3: at least one
    parent at every activity; teachers' duties items 3–4: regular inspection and
    evaluation. Lixin No. 1 Middle School summary: the three kinds of activity at
    weekends and holidays, recorded by the group leader.

    Examples
    --------
    >>> import pandas as pd
    >>> mem = pd.DataFrame({"group_id": "g", "student_id": ["a", "b"]})
    >>> act = pd.DataFrame({"activity_id": ["1"], "group_id": "g", "date": ["2024-09-07"],
    ...                     "kind": "moral", "title": "t", "present": ["a"], "duty_parents": ["P"],
    ...                     "recorded_by": ["a"]})
    >>> float(activity_summary(act, mem, "2024-09-01", "2024-09-30").by_group["attendance_rate"][0])
    0.5
    """
    r = CommunityRules.load(rules)
    start, end = check_date(start, column="start"), check_date(end, column="end")
    act = ensure(activities, "community_activities")
    mem = ensure(members, "community_members")
    rows = file_rows(act)
    known = set(mem["group_id"])
    raise_if([Problem("community_activities", int(rows[i]), "group_id", g,
                      "unknown group: not in community_members.group_id", "record the group's members first")
              for i, g in enumerate(act["group_id"]) if g not in known])
    act = act[(act["date"] >= start) & (act["date"] <= end)].copy()
    weeks = iso_weeks(start, end)
    group_of = dict(zip(mem["student_id"], mem["group_id"]))
    size = mem.groupby("group_id").size()
    act["present_ids"] = act["present"].map(split_list)
    act["duty"] = act["duty_parents"].map(lambda v: len(split_list(v)))
    act["with_parent"] = act["duty"] >= r.min_parents_present
    act["week"] = _week_labels(act["date"])
    viol = []
    counted = []
    for a in act.itertuples(index=False):
        ok = [s for s in dict.fromkeys(a.present_ids) if group_of.get(s) == a.group_id]
        viol += [(a.activity_id, a.group_id, "not_member", s) for s in a.present_ids
                 if group_of.get(s) != a.group_id]
        counted.append(ok)
        if not a.with_parent:
            viol.append((a.activity_id, a.group_id, "no_parent", ""))
        if a.recorded_by is None or pd.isna(a.recorded_by) or not str(a.recorded_by).strip():
            viol.append((a.activity_id, a.group_id, "no_record", ""))
    act["counted"] = counted
    act["n_present"] = act["counted"].map(len)
    act["safety"] = act["subtype"].astype("string").str.contains("安全|safety", regex=True).fillna(False)
    grouped = act.groupby("group_id")
    by = pd.DataFrame(index=pd.Index(sorted(known), name="group_id"))
    by["members"] = size.reindex(by.index).astype("int64")
    by["activities"] = grouped.size().reindex(by.index, fill_value=0).astype("int64")
    by["hours"] = grouped["hours"].sum(min_count=1).reindex(by.index).fillna(0.0)
    kinds = grouped["kind"].agg(lambda s: [k for k in ACTIVITY_KINDS if k in set(s)])
    kinds = kinds.reindex(by.index).map(lambda v: v if isinstance(v, list) else [])
    by["kinds"] = kinds.map(";".join)
    by["kinds_covered"] = kinds.map(len).astype("int64")
    by["safety"] = grouped["safety"].sum().reindex(by.index, fill_value=0).astype("int64")
    by["weeks"] = len(weeks)
    by["weeks_active"] = grouped["week"].nunique().reindex(by.index, fill_value=0).astype("int64")
    by["regularity"] = by["weeks_active"] / by["weeks"].where(by["weeks"] > 0)
    by["with_parent"] = grouped["with_parent"].sum().reindex(by.index, fill_value=0).astype("int64")
    by["parent_share"] = by["with_parent"] / by["activities"].where(by["activities"] > 0)
    present = grouped["n_present"].sum().reindex(by.index, fill_value=0)
    by["attendance_rate"] = present / (by["activities"] * by["members"]).where(by["activities"] > 0)
    by = by.reset_index()

    att = act[["group_id", "counted"]].explode("counted").dropna()
    attended = att.groupby("counted").size()
    st = mem[["group_id", "student_id"]].copy()
    st["attended"] = st["student_id"].map(attended).fillna(0).astype("int64")
    st["possible"] = st["group_id"].map(by.set_index("group_id")["activities"]).astype("int64")
    st["rate"] = st["attended"] / st["possible"].where(st["possible"] > 0)
    st = st.sort_values(["group_id", "student_id"]).reset_index(drop=True)
    violations = pd.DataFrame(viol, columns=["activity_id", "group_id", "rule", "student_id"])
    return ActivitySummary(by, st, violations.sort_values(["activity_id", "rule", "student_id"])
                           .reset_index(drop=True))


def growth_compliance(members: pd.DataFrame, log: pd.DataFrame, term_start, term_end,
                      rules=None) -> pd.DataFrame:
    """Each teacher's books and weekly work in a term, against the teacher-growth plan.

    Returns one row per member: ``books``, ``weeks`` (ISO weeks overlapping the
    term), for each kind in ``weekly`` its ``<kind>_weeks`` and ``<kind>_share``
    (weeks with an entry / weeks), and ``meets`` (books ≥ books_per_term and every
    share ≥ weekly_min_share).

    References
    ----------
    Shaoyuan No. 2 Middle School plan for teachers' growth communities, part 2
    items 1–3: a book a term with weekly notes, a weekly exam paper, Thursday
    lesson preparation, the weekly forum.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"teacher_id": ["t"], "school_id": "S", "name": "T"})
    >>> lg = pd.DataFrame({"teacher_id": ["t"], "date": ["2024-09-02"], "kind": ["book"]})
    >>> int(growth_compliance(m, lg, "2024-09-02", "2024-09-08")["books"][0])
    1
    """
    r = CommunityRules.load(rules)
    start, end = check_date(term_start, column="term_start"), check_date(term_end, column="term_end")
    mem = ensure(members, "growth_members")
    lg = ensure(log, "growth_log")
    rows = file_rows(lg)
    known = set(mem["teacher_id"])
    raise_if([Problem("growth_log", int(rows[i]), "teacher_id", t,
                      "unknown teacher: not in growth_members.teacher_id")
              for i, t in enumerate(lg["teacher_id"]) if t not in known])
    lg = lg[(lg["date"] >= start) & (lg["date"] <= end)].copy()
    lg["week"] = _week_labels(lg["date"])
    weeks = len(iso_weeks(start, end))
    out = mem[["teacher_id", "school_id", "name"]].sort_values("teacher_id").reset_index(drop=True)
    books = lg[lg["kind"] == "book"].groupby("teacher_id").size()
    out["books"] = out["teacher_id"].map(books).fillna(0).astype("int64")
    out["weeks"] = weeks
    meets = out["books"] >= r.books_per_term
    need = Fraction(str(r.weekly_min_share))
    for kind in r.weekly:
        wk = lg[lg["kind"] == kind].groupby("teacher_id")["week"].nunique()
        out[f"{kind}_weeks"] = out["teacher_id"].map(wk).fillna(0).astype("int64")
        out[f"{kind}_share"] = out[f"{kind}_weeks"] / (weeks if weeks else np.nan)
        meets &= out[f"{kind}_weeks"] * need.denominator >= need.numerator * weeks
    out["meets"] = meets.astype(bool)
    return out
