"""Reading what the assessment reports need, and the municipality's figures, once.

A per-school report runs for twenty and more schools in a batch; each needs
the municipality's figures to compare with (its subjects, the school's
cluster, the share of marks lowered on external procedures …).
:func:`municipality_figures` reads the municipality's rows with one query
per table and computes them with the calculators; the result is kept for the
life of the kernel, keyed by the database, its revision, the municipality,
the period and the rules, so a kernel that serves several reports computes
them once.  One school's own rows are read with
:func:`evalnb.core.report.school_rows`.
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from ..core.store import Store
from ..errors import InputError
from .clusters import ClusterResult, clusters
from .essay import essay_pass
from .external import objectivity, rollup_objectivity
from .flags import objectivity_flags
from .marks import mark_stats, period_order, rollup
from .risk import risk_zones
from .rules import AssessmentRules

KINDS = ("general",)


def load_rules(rules_path) -> AssessmentRules:
    return AssessmentRules.load(rules_path)


def resolve_period(periods: pd.DataFrame, period: str | None, with_marks=None) -> str:
    """The period a report is about: ``period`` if it is known, else the latest with marks.

    ``with_marks``: the periods that have marks (default: every period).
    """
    known = list(periods.sort_values(["end", "start"])["period"])
    if period is not None:
        if period not in known:
            raise InputError(f"unknown period {period!r}", table="periods", column="period",
                             value=period, rule="the period must be in the periods table",
                             hint="known periods: " + ", ".join(map(str, known)))
        return period
    have = set(with_marks) if with_marks is not None else set(known)
    candidates = [p for p in known if p in have]
    if not candidates:
        raise InputError("there are no journal marks to report on", table="marks",
                         rule="a report needs marks of at least one period")
    return candidates[-1]


def previous_period(periods: pd.DataFrame, period: str) -> str | None:
    order = period_order(periods["period"], periods)
    i = order.index(period)
    return order[i - 1] if i > 0 else None


def year_window(periods: pd.DataFrame, period: str, rules: AssessmentRules) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates of the external procedures a report for ``period`` analyses.

    From the start of the school year (rule ``school_year_start``) to the
    period's end, both included.
    """
    end = pd.Timestamp(periods.set_index("period").loc[period, "end"])
    month, day = (int(x) for x in rules.school_year_start.split("-"))
    year = end.year if (end.month, end.day) >= (month, day) else end.year - 1
    return pd.Timestamp(_dt.date(year, month, day)), end


def in_window(external: pd.DataFrame, window) -> pd.DataFrame:
    start, end = window
    keep = (external["date"] >= start) & (external["date"] <= end)
    out = external[keep.to_numpy(dtype=bool)]
    out.attrs.update(external.attrs)
    return out


@dataclass(frozen=True)
class Municipality:
    """The municipality-level figures of one period, from the calculators.

    Attributes
    ----------
    name : the municipality.
    schools : its general schools.
    periods : the periods table; ``period``, ``prev`` the period reported and the one before.
    stats_sp : ``mark_stats`` by school, subject and period (every period).
    stats_s : ``mark_stats`` by school and period.
    subjects : the municipality by subject and period (``rollup`` of ``stats_sp``).
    total : the municipality by period.
    risk : ``risk_zones`` of ``stats_sp`` (schools and municipality, every period).
    objectivity : by school, procedure and subject, for the school year up to the period.
    objectivity_muni : the same for the municipality, by procedure and subject.
    flags : ``objectivity_flags``.
    cluster : ``clusters`` of ``stats_s`` in the period (by quality).
    essay : ``essay_pass`` per school, for the school year up to the period.
    """

    name: str
    schools: pd.DataFrame
    periods: pd.DataFrame
    period: str
    prev: str | None
    window: tuple
    stats_sp: pd.DataFrame
    stats_s: pd.DataFrame
    subjects: pd.DataFrame
    total: pd.DataFrame
    risk: pd.DataFrame
    objectivity: pd.DataFrame
    objectivity_muni: pd.DataFrame
    flags: pd.DataFrame
    cluster: ClusterResult
    essay: pd.DataFrame
    rules: AssessmentRules


_CACHE: "OrderedDict[tuple, Municipality]" = OrderedDict()
_CACHE_SIZE = 4
_LOCK = threading.Lock()


def _store_key(store: Store):
    url = store.engine.url.render_as_string(hide_password=True)
    if url in ("sqlite://", "sqlite:///:memory:"):
        return ("memory", id(store))
    return ("url", url)


def cache_clear() -> None:
    with _LOCK:
        _CACHE.clear()


def municipality_figures(store: Store, municipality: str, period: str | None,
                         rules: AssessmentRules) -> Municipality:
    """The municipality's figures for ``period`` (``None`` = its latest period with marks)."""
    base = (_store_key(store), store.revision(), municipality,
            json.dumps(rules.to_dict(), sort_keys=True, default=str, ensure_ascii=False))
    key = (*base, period)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    figures = _compute(store, municipality, period, rules)
    with _LOCK:
        # under the period asked for and the period it resolved to (None → the latest)
        _CACHE[key] = figures
        _CACHE[(*base, figures.period)] = figures
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return figures


def _compute(store: Store, municipality: str, period: str | None, rules: AssessmentRules) -> Municipality:
    schools = store.schools(municipality=municipality, kinds=KINDS)
    if schools.empty:
        raise InputError(f"no general schools in {municipality!r}", table="schools",
                         column="municipality", value=municipality,
                         rule="the municipality must have general schools")
    ids = list(schools["school_id"])
    periods = store.read("periods")
    students = store.read("students", school_id=ids)
    marks = store.read("marks", school_id=ids)
    external = store.read("external", school_id=ids)
    period = resolve_period(periods, period, with_marks=pd.unique(marks["period"]))
    prev = previous_period(periods, period)
    window = year_window(periods, period, rules)
    ext = in_window(external, window)

    stats_sp = mark_stats(marks, students, by=("school_id", "subject", "period"), rules=rules)
    stats_s = mark_stats(marks, students, by=("school_id", "period"), rules=rules)
    subjects = rollup(stats_sp, by=("subject", "period"), rules=rules)
    total = rollup(stats_s, by=("period",), rules=rules)
    risk = risk_zones(stats_sp, rules=rules, periods=periods)
    obj = objectivity(ext, marks, periods, students, by=("school_id", "procedure", "subject"), rules=rules)
    obj_muni = rollup_objectivity(obj, ["procedure", "subject"])
    flags = objectivity_flags(ext, marks, periods, students, schools, rules=rules, table=obj)
    cl = clusters(stats_s[stats_s["period"] == period], schools, metric="quality", rules=rules)
    essay = essay_pass(ext, students, by=("school_id",), rules=rules)
    return Municipality(municipality, schools, periods, period, prev, window, stats_sp, stats_s,
                        subjects, total, risk, obj, obj_muni, flags, cl, essay, rules)


def first_municipality(store: Store) -> str:
    """The first municipality (in order of school_id) with general schools that have students."""
    schools = store.schools(kinds=KINDS, with_rows_in="students")
    if schools.empty:
        raise InputError("no general school with students in the database", table="schools",
                         rule="the assessment reports need general schools with students")
    return str(schools["municipality"].iloc[0])


__all__ = ["municipality_figures", "Municipality", "resolve_period",
           "previous_period", "year_window", "in_window", "first_municipality", "cache_clear",
           "load_rules"]
