"""The roadmap tracker: each task's date ranges, executors, indicator and state at a date.

Reference: Kaluga order of 02.02.2022 № 180, the roadmap table «№ п/п | Задачи |
Сроки реализации | Исполнители | Показатель реализации | Информационное
сопровождение проекта».
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem
from ._inputs import as_day, roadmap_frame, row_of
from .period import parse_period
from .rules import SupportRules

#: States of a task at a date, in the order they are decided.
STATES = ("done", "cancelled", "undated", "overdue", "upcoming", "due_soon", "in_window")
INDICATOR_KINDS = ("share", "count", "deliverable")

_SHARE = re.compile(r"(?<!\w)дол[яи](?!\w)|100\s?%", re.IGNORECASE)
_COUNT = re.compile(r"(?<!\w)количеств", re.IGNORECASE)
_FULL = re.compile(r"100\s?%")


def roadmap_ranges(roadmap: pd.DataFrame) -> pd.DataFrame:
    """One row per date range of every task of a roadmap.

    Parameters
    ----------
    roadmap : the ``roadmap`` table (``task_no``, ``period_text``, optional ``year``).

    Returns
    -------
    DataFrame: ``task_no``, ``range_no`` (1-based, in the order written), ``start``,
    ``end`` (inclusive), ``precision`` (day | month | year), ``kind``.  A task with
    no range has one row with empty ``start`` and ``end``.

    Raises
    ------
    InputError
        Every period text that cannot be read, each with its row, the column
        ``period_text``, the task and the text — no task is dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> rm = pd.DataFrame({"task_no": ["1.", "2."], "task": ["a", "b"], "executors": ["ОО", "ОО"],
    ...                    "indicator": ["x", "y"],
    ...                    "period_text": ["07.12.2021 17.12.2021", "Март, апрель 2022"]})
    >>> roadmap_ranges(rm)[["task_no", "range_no", "precision"]].values.tolist()
    [[1, 1, 'day'], [2, 1, 'month'], [2, 2, 'month']]

    Reference: Kaluga order № 180, roadmap column «Сроки реализации».
    """
    rm = roadmap_frame(roadmap)
    rows, problems = [], []
    for i, (task_no, text, year) in enumerate(zip(rm["task_no"], rm["period_text"], rm["year"])):
        try:
            period = parse_period(text, None if pd.isna(year) else int(year))
        except InputError as exc:
            problems.append(Problem("roadmap", row_of(rm, i), "period_text", text,
                                    f"task {task_no}: {exc.rule}", exc.hint, code="period"))
            continue
        ranges = period.ranges or ((pd.NaT, pd.NaT, None),)
        for k, (start, end, precision) in enumerate(ranges, start=1):
            rows.append((int(task_no), k, start, end, precision, period.kind))
    if problems:
        raise InputError(problems=problems)
    out = pd.DataFrame(rows, columns=["task_no", "range_no", "start", "end", "precision", "kind"])
    for col in ("start", "end"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    out["task_no"] = out["task_no"].astype("int64")
    out["range_no"] = out["range_no"].astype("int64")
    return out


def executor_codes(text: str, rules=None) -> list[str]:
    """The executors named in a text, as the rules' codes, in the rules' order.

    Codes and aliases are found as whole words, ignoring case.

    Examples
    --------
    >>> executor_codes("КГИРО МОУО ОО кураторы")
    ['КГИРО', 'МОУО', 'ОО', 'кураторы']
    >>> executor_codes("министерство образования и науки Калужской области (далее – МОН КО)")
    ['МОН КО']

    Reference: Kaluga order № 180, roadmap column «Исполнители».
    """
    rules = SupportRules.load(rules)
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    found = set()
    names = [(c, c) for c in rules.executors] + list(rules.executor_aliases.items())
    for name, code in names:
        pattern = r"\s+".join(re.escape(w) for w in name.split())
        if re.search(rf"(?<!\w){pattern}(?!\w)", str(text), re.IGNORECASE):
            found.add(code)
    return [c for c in rules.executors if c in found]


def indicator_kind(text: str) -> str:
    """``share`` (the word «доля»/«доли» or 100%), ``count`` («количество») or ``deliverable``.

    Examples
    --------
    >>> indicator_kind("Доля ОО, прошедших анкетирование")
    'share'
    >>> indicator_kind("Количество школ ШНОР, принявших участие в вебинаре")
    'count'
    >>> indicator_kind("Сборник методических материалов")
    'deliverable'

    Reference: Kaluga order № 180, roadmap column «Показатель реализации».
    """
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    if _SHARE.search(text):
        return "share"
    if _COUNT.search(text):
        return "count"
    return "deliverable"


def indicator_target(text: str) -> float:
    """1.0 when the indicator says «100%», else NaN (the roadmap sets no other target)."""
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    return 1.0 if _FULL.search(text) else np.nan


def latest_progress(progress: pd.DataFrame | None, as_of: pd.Timestamp) -> pd.DataFrame:
    """The latest progress row of each task (and of its indicator 1) dated on or before ``as_of``."""
    cols = ["task_no", "status", "numerator", "denominator", "value", "progress_date"]
    if progress is None or len(progress) == 0:
        return pd.DataFrame(columns=cols).astype({"task_no": "int64"})
    pr = ensure(progress, "roadmap_progress")
    pr = pr[pr["date"] <= as_of].sort_values(["task_no", "date", "indicator_no"],
                                             ascending=[True, True, False], kind="stable")
    status = pr.groupby("task_no").tail(1).set_index("task_no")[["status", "date"]]
    first = pr[pr["indicator_no"] == 1].groupby("task_no").tail(1).set_index("task_no")
    out = status.rename(columns={"date": "progress_date"}).join(
        first[["numerator", "denominator", "value"]], how="left")
    out = out.reset_index()
    out["task_no"] = out["task_no"].astype("int64")
    return out[cols]


def roadmap_status(roadmap: pd.DataFrame, as_of, progress: pd.DataFrame | None = None,
                   rules=None) -> pd.DataFrame:
    """Each task's dates, progress and state at ``as_of``.

    Parameters
    ----------
    roadmap : the ``roadmap`` table.
    as_of : the date of the view.
    progress : ``roadmap_progress`` rows (only those dated on or before ``as_of`` count).
    rules : :class:`SupportRules` (``due_soon_days``, executors), a mapping or a YAML path.

    Returns
    -------
    DataFrame, one row per task in task order: ``task_no``, ``task``, ``executors``
    (codes, ``;``-separated), ``kind``, ``start`` (earliest), ``due`` (latest end),
    ``ranges``, ``current_range`` (the range holding ``as_of``, else NA),
    ``next_start`` (first range beginning after ``as_of``), ``status``,
    ``indicator_kind``, ``numerator``, ``denominator``, ``share``, ``value``,
    ``target``, ``met``, ``state`` and ``days_overdue``.  ``state`` is the first of
    done · cancelled · undated (no range) · overdue (``as_of`` after ``due``) ·
    upcoming (before ``start``) · due_soon (``due − as_of ≤ due_soon_days``) · in_window.

    Examples
    --------
    >>> import pandas as pd
    >>> rm = pd.DataFrame({"task_no": [1, 2], "task": ["a", "b"], "executors": ["МОН КО", "ОО"],
    ...                    "indicator": ["Приказ", "Доля ОО"],
    ...                    "period_text": ["26.11.2021", "Март 2022"]})
    >>> roadmap_status(rm, "2022-03-20")[["task_no", "state", "days_overdue"]].values.tolist()
    [[1, 'overdue', 114], [2, 'due_soon', <NA>]]

    Reference: Kaluga order № 180, roadmap columns «Сроки реализации», «Исполнители»,
    «Показатель реализации».
    """
    rules = SupportRules.load(rules)
    day = as_day(as_of)
    rm = roadmap_frame(roadmap)
    rg = roadmap_ranges(rm)
    rg["dated"] = rg["start"].notna() | rg["end"].notna()
    g = rg.groupby("task_no", sort=True)
    base = pd.DataFrame({
        "kind": g["kind"].first(),
        "start": g["start"].min(),
        "due": g["end"].max(),
        "ranges": g["dated"].sum().astype("int64"),
    })
    inside = rg[(rg["start"].isna() | (rg["start"] <= day)) & (rg["end"].isna() | (rg["end"] >= day))
                & (rg["start"].notna() | rg["end"].notna())]
    base["current_range"] = inside.groupby("task_no")["range_no"].min().reindex(base.index).astype("Int64")
    after = rg[rg["start"] > day]
    base["next_start"] = after.groupby("task_no")["start"].min().reindex(base.index)
    base["next_start"] = base["next_start"].astype("datetime64[ns]")
    info = rm.set_index("task_no")
    out = base.join(info[["task", "executors", "indicator"]])
    out["executors"] = [";".join(executor_codes(t, rules)) for t in out["executors"]]
    latest = latest_progress(progress, day).set_index("task_no")
    out = out.join(latest, how="left")
    out["status"] = out["status"].fillna("not_started")
    out["progress_date"] = pd.to_datetime(out["progress_date"]).astype("datetime64[ns]")
    out["indicator_kind"] = [indicator_kind(t) for t in out["indicator"]]
    num, den = out["numerator"].astype("float64"), out["denominator"].astype("float64")
    out["share"] = (num / den.where(den > 0)).astype("float64")
    out["target"] = [indicator_target(t) for t in out["indicator"]]
    met = (out["share"] >= out["target"]).astype("boolean")
    out["met"] = met.where(out["share"].notna() & out["target"].notna(), pd.NA)
    out["state"] = _state(out, day, rules.due_soon_days)
    over = out["state"] == "overdue"
    out["days_overdue"] = ((day - out["due"]).dt.days.where(over)).astype("Int64")
    out = out.reset_index()
    cols = ["task_no", "task", "executors", "kind", "start", "due", "ranges", "current_range",
            "next_start", "status", "progress_date", "indicator", "indicator_kind", "numerator",
            "denominator", "share", "value", "target", "met", "state", "days_overdue"]
    return out[cols]


def _state(frame: pd.DataFrame, day: pd.Timestamp, due_soon_days: int) -> pd.Series:
    start, due, status = frame["start"], frame["due"], frame["status"]
    undated = start.isna() & due.isna()
    conds = [
        status == "done",
        status == "cancelled",
        undated,
        (due < day).fillna(False),
        (start > day).fillna(False),
        ((due - day).dt.days <= due_soon_days).fillna(False),
    ]
    return pd.Series(np.select(conds, STATES[:-1], default=STATES[-1]), index=frame.index)


__all__ = ["INDICATOR_KINDS", "STATES", "executor_codes", "indicator_kind", "indicator_target",
           "latest_progress", "roadmap_ranges", "roadmap_status"]
