"""School alliances: staff exchange quotas, the calendar of events, self-inspection reports.

Quotas are computed in exact arithmetic: the rates are read as fractions
(``Fraction(str(rate))``), so 3 % of 100 staff requires exactly 3 and 7 % of
100 exactly 7, where floating point would give 7.000000000000001 and a
ceiling of 8.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..core.validate import ensure
from ..errors import Problem
from ._inputs import check_date, check_school_year, file_rows, raise_if
from .rules import CommunityRules


@dataclass(frozen=True)
class ExchangeQuotas:
    """``by_school`` (and an ``alliance`` row per alliance with quota_scope ``alliance``) and
    ``by_person`` of :func:`exchange_quotas`."""

    by_school: pd.DataFrame
    by_person: pd.DataFrame


def ceil_share(rate: float, count: int) -> int:
    """⌈rate × count⌉ in exact arithmetic (``rate`` read as the decimal it is written as).

    >>> ceil_share(0.03, 100), ceil_share(0.03, 101), ceil_share(0.07, 100)
    (3, 4, 7)
    """
    f = Fraction(str(rate))
    return -(-f.numerator * int(count) // f.denominator)


def at_least(part: int, rate: float, whole: int) -> bool:
    """``part ≥ rate × whole`` without floating point.

    >>> at_least(14, 0.56, 25), at_least(4, 0.8, 5), at_least(3, 0.8, 4)
    (True, True, False)
    """
    f = Fraction(str(rate))
    return int(part) * f.denominator >= f.numerator * int(whole)


def _alliances(alliance_members: pd.DataFrame) -> pd.DataFrame:
    return ensure(alliance_members, "alliance_members")


def exchange_quotas(exchanges: pd.DataFrame, staff_counts: pd.DataFrame,
                    alliance_members: pd.DataFrame, year: str, rules=None) -> ExchangeQuotas:
    """Whether each school exchanged 3 % of its cadres and teachers in ``year``, 80 % backbone.

    Parameters
    ----------
    exchanges, staff_counts, alliance_members : the tables of that name.
    year : the school year, ``YYYY-YYYY``.
    rules : :class:`CommunityRules`, a mapping of overrides or a YAML path.

    Returns
    -------
    ExchangeQuotas
        ``by_school``: ``alliance_id``, ``school_id``, ``staff`` (cadres +
        teachers), ``required`` = ⌈exchange_share_min × staff⌉, ``exchanged``
        (distinct people sent by the school in ``year``), ``share``,
        ``share_ok`` (exchanged ≥ rate × staff), ``exchanged_teachers``,
        ``backbone``, ``backbone_share``, ``backbone_ok`` (backbone ≥
        backbone_share_min × exchanged_teachers; empty when none was exchanged).
        ``by_person``: ``cumulative_terms`` (terms over the years up to ``year``),
        ``cumulative_ok`` (≥ min_cumulative_terms), ``in_year``.

    References
    ----------
    Zhaoge Primary School alliance plan, part 3 (5): «每学年安排交流的比例达到干部、教师
    总数的3%，交流时间累计不少于一学年», «骨干教师(优秀班主任)达到交流教师总数的80%».

    Examples
    --------
    >>> import pandas as pd
    >>> am = pd.DataFrame({"alliance_id": "A", "school_id": ["S1", "S2"], "role": ["core", "member"]})
    >>> sc = pd.DataFrame({"school_id": ["S1", "S2"], "year": "2019-2020", "cadres": [10, 5],
    ...                    "teachers": [90, 96]})
    >>> ex = pd.DataFrame({"person_id": ["p1"], "role": ["teacher"], "from_school": ["S1"],
    ...                    "to_school": ["S2"], "year": ["2019-2020"], "terms": [2], "backbone": [True]})
    >>> exchange_quotas(ex, sc, am, "2019-2020").by_school["required"].tolist()
    [3, 4]
    """
    r = CommunityRules.load(rules)
    year = check_school_year(year)
    am = _alliances(alliance_members)
    sc = ensure(staff_counts, "staff_counts")
    ex = ensure(exchanges, "exchanges")
    alliance_of = {}
    for a, s in zip(am["alliance_id"], am["school_id"]):
        alliance_of.setdefault(s, set()).add(a)
    rows = file_rows(ex)
    problems = []
    for i, (f, t) in enumerate(zip(ex["from_school"], ex["to_school"])):
        if not alliance_of.get(f, set()) & alliance_of.get(t, set()):
            problems.append(Problem("exchanges", int(rows[i]), "from_school, to_school", f"{f} → {t}",
                                    "both schools must belong to one alliance (alliance_members)"))
    raise_if(problems)
    now = ex[ex["year"] == year]
    base = now if r.backbone_base == "all" else now[now["role"] == "teacher"]
    staff = sc[sc["year"] == year].set_index("school_id")
    out = am[["alliance_id", "school_id"]].sort_values(["alliance_id", "school_id"]).reset_index(drop=True)
    out["staff"] = out["school_id"].map(staff["cadres"] + staff["teachers"]).astype("Int64")
    out["exchanged"] = out["school_id"].map(now.groupby("from_school")["person_id"].nunique()) \
        .fillna(0).astype("int64")
    out["exchanged_teachers"] = out["school_id"].map(base.groupby("from_school")["person_id"].nunique()) \
        .fillna(0).astype("int64")
    bb = base[base["backbone"].fillna(False).astype(bool)]
    out["backbone"] = out["school_id"].map(bb.groupby("from_school")["person_id"].nunique()) \
        .fillna(0).astype("int64")
    if r.quota_scope == "alliance":
        total = out.groupby("alliance_id")[["staff", "exchanged", "exchanged_teachers", "backbone"]] \
            .sum(min_count=1).reset_index()
        total["school_id"] = pd.NA
        total["scope"] = "alliance"
        out["scope"] = "school"
        out = pd.concat([out, total[out.columns]], ignore_index=True)
    else:
        out["scope"] = "school"
    return ExchangeQuotas(_quota_columns(out, r), _by_person(ex, year, r))


def _quota_columns(out: pd.DataFrame, r: CommunityRules) -> pd.DataFrame:
    staff = out["staff"]
    out["required"] = pd.array([ceil_share(r.exchange_share_min, s) if pd.notna(s) else pd.NA
                                for s in staff], dtype="Int64")
    out["share"] = out["exchanged"] / staff.astype("float64").where(staff > 0)
    out["share_ok"] = pd.array([at_least(e, r.exchange_share_min, s) if pd.notna(s) else pd.NA
                                for e, s in zip(out["exchanged"], staff)], dtype="boolean")
    et = out["exchanged_teachers"].astype("int64")
    out["backbone_share"] = out["backbone"] / et.astype("float64").where(et > 0)
    out["backbone_ok"] = pd.array([at_least(b, r.backbone_share_min, e) if e > 0 else pd.NA
                                   for b, e in zip(out["backbone"], et)], dtype="boolean")
    return out[["alliance_id", "school_id", "scope", "staff", "required", "exchanged", "share", "share_ok",
                "exchanged_teachers", "backbone", "backbone_share", "backbone_ok"]]


def _by_person(ex: pd.DataFrame, year: str, r: CommunityRules) -> pd.DataFrame:
    upto = ex[ex["year"] <= year]
    people = upto.sort_values(["person_id", "year"]).groupby("person_id").agg(
        name=("name", "last"), role=("role", "last"), from_school=("from_school", "last"),
        cumulative_terms=("terms", "sum"), years=("year", lambda s: ";".join(sorted(set(s)))))
    people["cumulative_terms"] = people["cumulative_terms"].astype("int64")
    people["cumulative_ok"] = people["cumulative_terms"] >= r.min_cumulative_terms
    people["in_year"] = people.index.isin(ex.loc[ex["year"] == year, "person_id"])
    return people.reset_index()


def _term_bounds(first: int, r: CommunityRules) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    a = pd.Timestamp(f"{first}-{r.autumn_start}")
    s = pd.Timestamp(f"{first + 1}-{r.spring_start}")
    nxt = pd.Timestamp(f"{first + 1}-{r.autumn_start}")
    label = f"{first}-{first + 1}"
    return [(f"{label} autumn", a, s - pd.Timedelta(days=1)),
            (f"{label} spring", s, nxt - pd.Timedelta(days=1))]


def alliance_calendar(events: pd.DataFrame, alliance_members: pd.DataFrame, year: str,
                      rules=None) -> dict[str, pd.DataFrame]:
    """Monthly meetings, each term's required events and the core school's visits in ``year``.

    Returns a dict of three frames: ``months`` (alliance_id, month ``YYYY-MM``,
    meetings, ok), ``terms`` (alliance_id, term, kind, required, held, ok) and
    ``visits`` (alliance_id, school_id, term, visits, ok) for every member school.

    References
    ----------
    Zhaoge Primary School alliance plan, part 3 (1)–(4): a meeting every month;
    a large training and research activity a term; the «五个一» a term; the core
    school's cadres and teachers at every school's parents' meeting a term.

    Examples
    --------
    >>> import pandas as pd
    >>> am = pd.DataFrame({"alliance_id": "A", "school_id": ["S1", "S2"], "role": ["core", "member"]})
    >>> ev = pd.DataFrame({"alliance_id": "A", "date": ["2019-09-10"], "kind": ["monthly_meeting"],
    ...                    "title": ["m"]})
    >>> alliance_calendar(ev, am, "2019-2020")["months"]["ok"].sum()
    np.int64(1)
    """
    r = CommunityRules.load(rules)
    year = check_school_year(year)
    am = _alliances(alliance_members)
    ev = ensure(events, "alliance_events")
    rows = file_rows(ev)
    known = set(am["alliance_id"])
    raise_if([Problem("alliance_events", int(rows[i]), "alliance_id", a,
                      "unknown alliance: not in alliance_members.alliance_id")
              for i, a in enumerate(ev["alliance_id"]) if a not in known])
    first = int(year[:4])
    terms = _term_bounds(first, r)
    start, end = terms[0][1], terms[1][2]
    ev = ev[(ev["date"] >= start) & (ev["date"] <= end)].copy()
    ev["month"] = ev["date"].dt.strftime("%Y-%m")
    months = pd.period_range(start, end, freq="M").strftime("%Y-%m")
    mrows, trows, vrows = [], [], []
    for a in sorted(known):
        e = ev[ev["alliance_id"] == a]
        meet = e[e["kind"] == "monthly_meeting"].groupby("month").size()
        for m in months:
            n = int(meet.get(m, 0))
            mrows.append((a, m, n, n >= 1 or not r.monthly_meeting))
        for term, t0, t1 in terms:
            et = e[(e["date"] >= t0) & (e["date"] <= t1)]
            for kind, need in r.per_term.items():
                if kind == "publicity_visit":
                    continue
                held = int((et["kind"] == kind).sum())
                trows.append((a, term, kind, need, held, held >= need))
            need = r.per_term.get("publicity_visit", 0)
            visits = et[et["kind"] == "publicity_visit"].groupby("school_id").size()
            members = am[(am["alliance_id"] == a) & (am["role"] == "member")]["school_id"]
            for s in sorted(members):
                n = int(visits.get(s, 0))
                vrows.append((a, s, term, n, n >= need))
    return {"months": pd.DataFrame(mrows, columns=["alliance_id", "month", "meetings", "ok"]),
            "terms": pd.DataFrame(trows, columns=["alliance_id", "term", "kind", "required", "held", "ok"]),
            "visits": pd.DataFrame(vrows, columns=["alliance_id", "school_id", "term", "visits", "ok"])}


def self_inspection_due(first_year: int, last_year: int, rules=None) -> pd.DataFrame:
    """The self-inspection reports due from ``first_year`` to ``last_year`` (calendar years).

    Each report month gives a period (``YYYY-H1`` up to June, ``YYYY-H2`` after),
    due on the month's last day and covering the months since the previous one.

    References
    ----------
    Zhaoge Primary School alliance plan, part 4 (3): «每年6月、12月撰写自查报告».

    Examples
    --------
    >>> self_inspection_due(2013, 2013)["due"].tolist()
    ['2013-06-30', '2013-12-31']
    """
    r = CommunityRules.load(rules)
    out = []
    months = sorted(set(r.report_months))
    for y in range(int(first_year), int(last_year) + 1):
        prev_end = pd.Timestamp(f"{y - 1}-{months[-1]:02d}-01") + pd.offsets.MonthEnd(0)
        for m in months:
            due = pd.Timestamp(y, m, calendar.monthrange(y, m)[1])
            start = prev_end + pd.Timedelta(days=1)
            out.append((f"{y}-H{1 if m <= 6 else 2}", due.date().isoformat(), start.date().isoformat(),
                        due.date().isoformat()))
            prev_end = due
    return pd.DataFrame(out, columns=["period", "due", "covers_start", "covers_end"])


def report_status(alliance_reports: pd.DataFrame, alliance_members: pd.DataFrame, as_of,
                  rules=None) -> pd.DataFrame:
    """Each member school's self-inspection report of every period begun by ``as_of``.

    Returns ``alliance_id``, ``school_id``, ``period``, ``due``, ``submitted``,
    ``late`` (submitted after the due day) and ``missing`` (not submitted and
    ``as_of`` after the due day); a report dated after ``as_of`` is not yet
    submitted.  Periods run from the earliest year of the
    reports (or of ``as_of``).  A report without a school is the alliance's own,
    and the alliance then gets rows of its own (``school_id`` empty).

    Examples
    --------
    >>> import pandas as pd
    >>> am = pd.DataFrame({"alliance_id": "A", "school_id": ["S1"], "role": ["core"]})
    >>> rep = pd.DataFrame({"alliance_id": ["A"], "school_id": ["S1"], "period": ["2013-H1"],
    ...                     "submitted": ["2013-07-02"]})
    >>> report_status(rep, am, "2013-12-31")[["period", "late", "missing"]].values.tolist()
    [['2013-H1', True, False], ['2013-H2', False, False]]
    """
    as_of = check_date(as_of, column="as_of")
    am = _alliances(alliance_members)
    rep = ensure(alliance_reports, "alliance_reports")
    first = min([int(p[:4]) for p in rep["period"]] + [as_of.year])
    due = self_inspection_due(first, as_of.year, rules)
    due = due[pd.to_datetime(due["covers_start"]) <= as_of]
    who = am[["alliance_id", "school_id"]]
    own = rep.loc[rep["school_id"].isna(), ["alliance_id"]].drop_duplicates().assign(school_id=None)
    who = pd.concat([who, own], ignore_index=True)
    grid = who.merge(due[["period", "due"]], how="cross")
    sub = rep.sort_values("submitted").drop_duplicates(["alliance_id", "school_id", "period"])
    key = list(zip(sub["alliance_id"], sub["school_id"].where(sub["school_id"].notna(), None),
                   sub["period"]))
    when = dict(zip(key, sub["submitted"]))
    grid["submitted"] = [when.get((a, s if pd.notna(s) else None, p), pd.NaT)
                         for a, s, p in zip(grid["alliance_id"], grid["school_id"], grid["period"])]
    grid["submitted"] = pd.to_datetime(grid["submitted"])
    grid.loc[grid["submitted"] > as_of, "submitted"] = pd.NaT  # not yet submitted on as_of
    d = pd.to_datetime(grid["due"])
    grid["late"] = (grid["submitted"] > d).fillna(False).astype(bool)
    grid["missing"] = (grid["submitted"].isna() & (as_of > d)).astype(bool)
    return grid.sort_values(["alliance_id", "school_id", "period"], na_position="first") \
        .reset_index(drop=True)[["alliance_id", "school_id", "period", "due", "submitted", "late",
                                 "missing"]]


__all__ = ["ExchangeQuotas", "alliance_calendar", "at_least", "ceil_share", "exchange_quotas",
           "report_status", "self_inspection_due"]
