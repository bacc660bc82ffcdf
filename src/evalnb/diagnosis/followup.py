"""The school's own 诊改 cycle, the follow-up of 异常 schools, and the province's yearly calendar.

* §7(一)2 of the guidance (教职成司函〔2016〕37号, attachment): the province's plan
  sets the school's own 诊改 cycle at no more than 3 years (学校自主诊改周期不超过3年) —
  :func:`self_cycle_check`;
* §6: for a school whose review concluded 异常 the province sets a deadline and
  sees that it improves (须设定期限，采取切实措施，督促其改进) — :func:`follow_up`;
* §6: the conclusions and the list of schools not meeting the conditions for
  review are published once a year; notice §5: by 31 December the province
  reports the year's 诊改 to the Ministry — :func:`province_calendar`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.validate import ensure
from ..errors import InputError, Problem
from ._inputs import check_school_refs, file_rows
from .rules import DiagnosisRules

_CYCLE = re.compile(r"^\s*(\d{4})\s*(?:[-–—/~至到]\s*(\d{4})\s*)?$")
CYCLE_STATUSES = ("ok", "too_long", "overdue", "none")
FOLLOW_STATUSES = ("open", "overdue", "re_reviewed", "no_date")


def parse_cycles(frame: pd.DataFrame, table: str = "self_diagnosis") -> pd.DataFrame:
    """``cycle_start`` and ``cycle_end`` (years) of each row's ``cycle`` label.

    A label is one year (``2023``) or two (``2021-2023``; also ``–``, ``/``, ``至``).
    Anything else, or an end before the start, is an :class:`~evalnb.InputError`
    naming table, row, column and value.

    >>> parse_cycles(pd.DataFrame({"cycle": ["2021-2023", "2024"]}))[["cycle_start", "cycle_end"]].values.tolist()
    [[2021, 2023], [2024, 2024]]
    """
    parts = frame["cycle"].astype("string").str.extract(_CYCLE)
    start = pd.to_numeric(parts[0], errors="coerce")
    end = pd.to_numeric(parts[1], errors="coerce").fillna(start)
    bad = (start.isna() | (end < start)).to_numpy(dtype=bool)
    if bad.any():
        rows = file_rows(frame)
        raise InputError(problems=[
            Problem(table, int(rows[i]), "cycle", frame["cycle"].iloc[i],
                    "a cycle is a year or two years, first ≤ last", "write e.g. 2021-2023 or 2023")
            for i in np.flatnonzero(bad)[:20]])
    out = frame.copy()
    out["cycle_start"] = start.astype("int64").to_numpy()
    out["cycle_end"] = end.astype("int64").to_numpy()
    return out


def self_cycle_check(schools: pd.DataFrame, self_diagnosis: pd.DataFrame, year: int,
                     rules=None) -> pd.DataFrame:
    """Whether each vocational school keeps its own 诊改 cycle of at most 3 years (§7(一)2).

    Parameters
    ----------
    schools : the ``schools`` table (vocational schools are checked).
    self_diagnosis : the ``self_diagnosis`` table; each school-cycle is one self-diagnosis.
    year : the year the check is made in; cycles that begin after it are ignored.
    rules : ``max_self_cycle_years`` (3).

    Returns
    -------
    pandas.DataFrame
        One row per vocational school: ``school_id``, ``name``, ``municipality``,
        ``cycles`` (self-diagnoses begun by ``year``), ``last_cycle``,
        ``last_end``, ``longest_years`` (the longest cycle, end − start + 1),
        ``due_year`` (last_end + 3: the next self-diagnosis ends by then),
        ``status`` — ``none`` (no self-diagnosis), ``too_long`` (a cycle
        longer than 3 years), ``overdue`` (``year`` > due_year) or ``ok`` —
        and ``past_cycle`` (status is not ``ok``).

    Examples
    --------
    >>> schools = pd.DataFrame({"school_id": ["A"], "name": ["A"], "municipality": ["M"],
    ...                         "kind": ["vocational"]})
    >>> sd = pd.DataFrame({"school_id": "A", "cycle": "2019-2021", "element": ["1.1"],
    ...                    "attainment": ["achieved"]})
    >>> [self_cycle_check(schools, sd, y).loc[0, "status"] for y in (2024, 2025)]
    ['ok', 'overdue']
    """
    rules = DiagnosisRules.load(rules)
    schools = ensure(schools, "schools")
    sd = ensure(self_diagnosis, "self_diagnosis")
    check_school_refs(sd, "self_diagnosis", schools)
    voc = schools.loc[schools["kind"] == "vocational", ["school_id", "name", "municipality"]]
    cyc = parse_cycles(sd.drop_duplicates(["school_id", "cycle"]))
    cyc = cyc[cyc["cycle_start"] <= int(year)]
    cyc = cyc.assign(span=cyc["cycle_end"] - cyc["cycle_start"] + 1)
    last = cyc.sort_values(["cycle_end", "cycle_start"]).drop_duplicates("school_id", keep="last")
    agg = cyc.groupby("school_id").agg(cycles=("cycle", "size"), longest_years=("span", "max"))
    out = voc.merge(agg.reset_index(), on="school_id", how="left").merge(
        last[["school_id", "cycle", "cycle_end"]].rename(columns={"cycle": "last_cycle",
                                                                  "cycle_end": "last_end"}),
        on="school_id", how="left").reset_index(drop=True)
    out["cycles"] = out["cycles"].fillna(0).astype("int64")
    out["longest_years"] = out["longest_years"].astype("Int64")
    out["last_end"] = out["last_end"].astype("Int64")
    out["due_year"] = out["last_end"] + rules.max_self_cycle_years
    limit = rules.max_self_cycle_years
    out["status"] = np.select(
        [out["cycles"].eq(0).to_numpy(),
         (out["longest_years"] > limit).fillna(False).to_numpy(dtype=bool),
         (out["due_year"] < int(year)).fillna(False).to_numpy(dtype=bool)],
        ["none", "too_long", "overdue"], default="ok")
    out["past_cycle"] = out["status"].ne("ok")
    return out


def _add_months(dates: pd.Series, months: int) -> pd.Series:
    return dates.map(lambda d: d + pd.DateOffset(months=months) if pd.notna(d) else pd.NaT).astype(
        "datetime64[ns]")


def follow_up(conclusions: pd.DataFrame, review_summary: pd.DataFrame, on, rules=None) -> pd.DataFrame:
    """The schools whose review concluded 异常, with their rectification deadline (§6).

    Parameters
    ----------
    conclusions : :func:`~evalnb.diagnosis.review_conclusion` (``school_id``, ``cycle``, ``conclusion``).
    review_summary : the ``review_summary`` table; its optional ``concluded_on``
        (the date the province confirmed the conclusion) starts the deadline.
    on : the date of the follow-up (a ``str`` YYYY-MM-DD, date or Timestamp).
    rules : ``rectification_months`` (12, evalnb's reading).

    Returns
    -------
    pandas.DataFrame
        One row per 异常 school-cycle: ``school_id``, ``cycle``,
        ``concluded_on``, ``deadline`` (concluded_on + 12 months; NaT without a
        date) and ``status``: ``re_reviewed`` (a later cycle of the school was
        concluded other than 异常), ``no_date`` (deadline unknown: no
        ``concluded_on``), ``overdue`` (``on`` is after the deadline) or
        ``open``.

    Examples
    --------
    >>> c = pd.DataFrame({"school_id": ["A"], "cycle": ["2021-2023"], "conclusion": ["abnormal"]})
    >>> rs = pd.DataFrame({"school_id": ["A"], "cycle": ["2021-2023"], "measures_targeted": [False],
    ...                    "improvement_effective": [False], "concluded_on": ["2024-03-31"]})
    >>> [follow_up(c, rs, d).loc[0, "status"] for d in ("2025-03-31", "2025-04-01")]
    ['open', 'overdue']
    """
    rules = DiagnosisRules.load(rules)
    rs = ensure(review_summary, "review_summary")
    on = pd.Timestamp(on)
    keys = ["school_id", "cycle"]
    dated = rs[keys].copy()
    dated["concluded_on"] = (pd.to_datetime(rs["concluded_on"]) if "concluded_on" in rs.columns
                             else pd.NaT)
    c = conclusions[keys + ["conclusion"]].astype({"school_id": str, "cycle": str})
    c = parse_cycles(c, "review_summary").merge(dated.astype({"school_id": str, "cycle": str}),
                                                on=keys, how="left")
    bad = c[c["conclusion"] == "abnormal"].reset_index(drop=True)
    later_ok = c[c["conclusion"] != "abnormal"][["school_id", "cycle_start"]].rename(
        columns={"cycle_start": "later_start"})
    hit = bad[keys + ["cycle_end"]].merge(later_ok, on="school_id")
    hit = hit[hit["later_start"] > hit["cycle_end"]]
    flagged = set(zip(hit["school_id"], hit["cycle"]))
    re_reviewed = [k in flagged for k in zip(bad["school_id"], bad["cycle"])]
    bad["deadline"] = _add_months(bad["concluded_on"], rules.rectification_months)
    bad["status"] = np.select(
        [np.asarray(re_reviewed, dtype=bool), bad["deadline"].isna().to_numpy(),
         (bad["deadline"] < on).to_numpy()],
        ["re_reviewed", "no_date", "overdue"], default="open")
    return bad[keys + ["concluded_on", "deadline", "status"]]


def _day(year: int, month_day: str) -> pd.Timestamp:
    return pd.Timestamp(f"{int(year)}-{month_day}")


def province_calendar(year: int, follow: pd.DataFrame | None = None, rules=None) -> pd.DataFrame:
    """The province's 诊改 dates of ``year``, in date order.

    Rows (``date``, ``event``, ``school_id``; ``school_id`` empty for the
    province's own duties): ``rectification_due`` for each 异常 school whose
    deadline falls in ``year`` (from :func:`follow_up`); ``conditions_deadline``
    when the deadline to meet the conditions (plan date + 3 years, §4(四))
    falls in ``year``; ``publish`` (conclusions and the list of schools not
    meeting the conditions, §6; ``publication_due``); ``ministry_report``
    (notice §5; ``ministry_report_due``, 31 December).

    >>> province_calendar(2025)["event"].tolist()
    ['publish', 'ministry_report']
    """
    rules = DiagnosisRules.load(rules)
    rows = []
    if follow is not None and len(follow):
        due = follow[follow["deadline"].dt.year == int(year)]
        rows += [(d, "rectification_due", s) for d, s in zip(due["deadline"], due["school_id"])]
    dl = rules.deadline()
    if dl is not None and dl.year == int(year):
        rows.append((pd.Timestamp(dl), "conditions_deadline", None))
    rows.append((_day(year, rules.publication_due), "publish", None))
    rows.append((_day(year, rules.ministry_report_due), "ministry_report", None))
    out = pd.DataFrame(rows, columns=["date", "event", "school_id"])
    order = {"rectification_due": 0, "conditions_deadline": 1, "publish": 2, "ministry_report": 3}
    out["_o"] = out["event"].map(order)
    out = out.sort_values(["date", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
    out["date"] = out["date"].astype("datetime64[ns]")
    return out
