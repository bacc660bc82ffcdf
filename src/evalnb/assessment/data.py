"""Reading what the assessment reports need, and the municipality's figures, once.

A per-school report runs for twenty and more schools in a batch; each needs
the municipality's figures to compare with (its subjects, the school's
cluster, the share of marks lowered on external procedures …).
:func:`municipality_figures` computes them with the calculators, reading the
municipality's rows a chunk of schools at a time (memory of one chunk, however
large the municipality); the result is kept for the life of the kernel and in
a file of the cache folder keyed by the data's fingerprint (database,
revision, municipality, period, rules), so the kernels of a batch compute
them once per data revision between them.  One school's own rows are read
with :func:`evalnb.core.report.school_rows` (one indexed query per table).
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import hashlib
import json
import os
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

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
    """The municipality's figures for ``period`` (``None`` = its latest period with marks).

    Kept in the kernel (a few per kernel) and, for a database in a file or on
    a server, in a file of the cache folder (:func:`cache_dir`) keyed by the
    data's fingerprint: the kernels of a batch compute them once per data
    revision between them (the first computes under a file lock, the others
    read its result), and a rerun on unchanged data computes nothing.
    """
    fingerprint = _fingerprint(store)
    base = (fingerprint, municipality,
            json.dumps(rules.to_dict(), sort_keys=True, default=str, ensure_ascii=False))
    key = (*base, period)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    figures = _shared(key, lambda: _compute(store, municipality, period, rules))
    with _LOCK:
        # under the period asked for and the period it resolved to (None → the latest)
        _CACHE[key] = figures
        _CACHE[(*base, figures.period)] = figures
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return figures


def _fingerprint(store: Store) -> tuple:
    """What identifies the data: the database, its revision and when it was last written.

    A SQLite file adds its inode, so a database file made anew (revision 1
    again) is never taken for the old one.
    """
    import sqlalchemy as sa

    from ..core.store import META_TABLE

    kind, where = _store_key(store)
    meta = store.metadata.tables[META_TABLE]
    with store.engine.connect() as conn:
        values = dict(conn.execute(sa.select(meta.c.key, meta.c.value)).all())
    inode = None
    db = store.engine.url.database
    if kind == "url" and store.engine.url.get_backend_name() == "sqlite" and db:
        try:
            inode = os.stat(db).st_ino
        except OSError:
            inode = None
    return (kind, where, values.get("revision", "0"), values.get("written_at", ""), inode)


def cache_dir() -> Path:
    """Where the figures shared between kernels are kept: ``$EVALNB_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/evalnb`` (``~/.cache/evalnb``)."""
    env = os.environ.get("EVALNB_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evalnb"


#: figure files kept in the cache folder (the newest; older revisions are removed)
_CACHE_FILES = 64


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("assessment-municipality-*.pickle"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    for old in files[_CACHE_FILES:]:
        for stale in (old, old.with_name(old.name + ".lock")):
            try:
                stale.unlink()
            except OSError:
                pass


def _shared(key: tuple, compute):
    """``compute()`` once per ``key`` for every process of this machine (a file and its lock)."""
    if key[0][0] == "memory":
        return compute()
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return compute()
    path = folder / f"assessment-municipality-{digest}.pickle"
    with open(folder / f"{path.name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                try:
                    with open(path, "rb") as fh:
                        return pickle.load(fh)
                except Exception:  # a file from another version of evalnb: compute anew
                    pass
            figures = compute()
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(figures, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            _prune(folder)
            return figures
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


#: schools read and computed at once: the municipality's figures need memory for
#: this many schools' rows, whatever the size of the municipality
CHUNK_SCHOOLS = 25


def _marked_periods(store: Store, ids: list[str]) -> list[str]:
    """The periods with marks of the schools ``ids`` (one indexed query, no rows read)."""
    import sqlalchemy as sa

    marks, students = store.metadata.tables["marks"], store.metadata.tables["students"]
    q = (sa.select(marks.c.period).distinct()
         .join(students, students.c.student_id == marks.c.student_id)
         .where(students.c.school_id.in_(ids)))
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(q)]


def _compute(store: Store, municipality: str, period: str | None, rules: AssessmentRules,
             chunk: int | None = None) -> Municipality:
    """The municipality's figures, reading its rows ``chunk`` schools at a time.

    Every figure by school (marks, objectivity, essay) depends on that
    school's rows only, so the schools are read and computed in chunks and
    only the small per-school tables are kept; the municipality's rollups,
    risk zones, flags and clusters are computed from them.  Memory stays that
    of one chunk however many schools the municipality has.
    """
    chunk = chunk or CHUNK_SCHOOLS
    schools = store.schools(municipality=municipality, kinds=KINDS)
    if schools.empty:
        raise InputError(f"no general schools in {municipality!r}", table="schools",
                         column="municipality", value=municipality,
                         rule="the municipality must have general schools")
    ids = list(schools["school_id"])
    periods = store.read("periods")
    period = resolve_period(periods, period, with_marks=_marked_periods(store, ids))
    prev = previous_period(periods, period)
    window = year_window(periods, period, rules)

    parts: dict[str, list[pd.DataFrame]] = {"sp": [], "s": [], "obj": [], "essay": []}
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        students = store.read("students", school_id=part)
        marks = store.read("marks", school_id=part)
        ext = in_window(store.read("external", school_id=part), window)
        parts["sp"].append(mark_stats(marks, students, by=("school_id", "subject", "period"), rules=rules))
        parts["s"].append(mark_stats(marks, students, by=("school_id", "period"), rules=rules))
        parts["obj"].append(objectivity(ext, marks, periods, students,
                                        by=("school_id", "procedure", "subject"), rules=rules))
        parts["essay"].append(essay_pass(ext, students, by=("school_id",), rules=rules))
        del students, marks, ext
    stats_sp, stats_s, obj, essay = (_stack(parts[k]) for k in ("sp", "s", "obj", "essay"))

    subjects = rollup(stats_sp, by=("subject", "period"), rules=rules)
    total = rollup(stats_s, by=("period",), rules=rules)
    risk = risk_zones(stats_sp, rules=rules, periods=periods)
    obj_muni = rollup_objectivity(obj, ["procedure", "subject"])
    # with the comparison table given, the flags need none of the rows
    none = pd.DataFrame()
    flags = objectivity_flags(none, none, periods, none, schools, rules=rules, table=obj)
    cl = clusters(stats_s[stats_s["period"] == period], schools, metric="quality", rules=rules)
    return Municipality(municipality, schools, periods, period, prev, window, stats_sp, stats_s,
                        subjects, total, risk, obj, obj_muni, flags, cl, essay, rules)


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)] or frames[:1]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    out.attrs.update(frames[0].attrs)
    return out


def first_municipality(store: Store) -> str:
    """The first municipality (in order of school_id) with general schools that have students."""
    schools = store.schools(kinds=KINDS, with_rows_in="students")
    if schools.empty:
        raise InputError("no general school with students in the database", table="schools",
                         rule="the assessment reports need general schools with students")
    return str(schools["municipality"].iloc[0])


__all__ = ["municipality_figures", "Municipality", "resolve_period",
           "previous_period", "year_window", "in_window", "first_municipality", "cache_clear", "cache_dir",
           "load_rules"]
