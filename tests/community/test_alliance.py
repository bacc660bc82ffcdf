"""Exchange quotas at the 3 % and 80 % edges in exact arithmetic; calendar and reports."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.community import (alliance_calendar, at_least, ceil_share, exchange_quotas, report_status,
                              self_inspection_due)

AM = pd.DataFrame({"alliance_id": "A", "school_id": ["S1", "S2", "S3"], "role": ["core", "member", "member"]})
Y = "2019-2020"


def staff(*rows):
    return pd.DataFrame([{"school_id": s, "year": Y, "cadres": c, "teachers": t} for s, c, t in rows])


def ex(pid, frm="S1", to="S2", role="teacher", backbone=True, year=Y, terms=2):
    return {"person_id": pid, "name": pid, "role": role, "from_school": frm, "to_school": to,
            "year": year, "terms": terms, "backbone": backbone}


def exchanges(*rows):
    return pd.DataFrame(list(rows), columns=["person_id", "name", "role", "from_school", "to_school",
                                             "year", "terms", "backbone"])


@pytest.mark.parametrize("staff_n, exchanged, required, ok", [
    (100, 3, 3, True), (100, 2, 3, False), (101, 3, 4, False), (101, 4, 4, True),
    (67, 2, 3, False),            # 0.03 × 67 = 2.01
    (0, 0, 0, True),
])
def test_three_percent_edges(staff_n, exchanged, required, ok):
    rows = [ex(f"p{i}") for i in range(exchanged)]
    q = exchange_quotas(exchanges(*rows), staff((("S1", 0, staff_n)), ("S2", 1, 9), ("S3", 1, 9)), AM, Y)
    s1 = q.by_school.set_index("school_id").loc["S1"]
    assert (s1["required"], s1["exchanged"], bool(s1["share_ok"])) == (required, exchanged, ok)


@pytest.mark.parametrize("backbone, teachers, ok", [(4, 5, True), (3, 4, False), (8, 10, True),
                                                    (7, 9, False), (0, 0, None)])
def test_eighty_percent_edges(backbone, teachers, ok):
    rows = [ex(f"p{i}", backbone=i < backbone) for i in range(teachers)]
    rows.append(ex("c1", role="cadre", backbone=False))   # a cadre is outside the base by default
    q = exchange_quotas(exchanges(*rows), staff(("S1", 10, 90), ("S2", 1, 9), ("S3", 1, 9)), AM, Y)
    s1 = q.by_school.set_index("school_id").loc["S1"]
    assert s1["exchanged_teachers"] == teachers and s1["backbone"] == backbone
    assert (pd.isna(s1["backbone_ok"]) if ok is None else bool(s1["backbone_ok"]) is ok)
    q = exchange_quotas(exchanges(*rows), staff(("S1", 10, 90), ("S2", 1, 9), ("S3", 1, 9)), AM, Y,
                        {"backbone_base": "all"})
    assert q.by_school.set_index("school_id").loc["S1", "exchanged_teachers"] == teachers + 1


def test_floating_point_traps_are_avoided():
    assert 0.07 * 100 > 7 and ceil_share(0.07, 100) == 7
    assert 0.56 * 25 > 14 and at_least(14, 0.56, 25)
    q = exchange_quotas(exchanges(*[ex(f"p{i}") for i in range(7)]),
                        staff(("S1", 0, 100), ("S2", 0, 10), ("S3", 0, 10)), AM, Y,
                        {"exchange_share_min": 0.07})
    s1 = q.by_school.set_index("school_id").loc["S1"]
    assert s1["required"] == 7 and bool(s1["share_ok"])


def test_alliance_scope_sums_and_distinct_people():
    rows = [ex("p1"), ex("p1", to="S3"), ex("p2", frm="S2", to="S1", backbone=False)]
    q = exchange_quotas(exchanges(*rows), staff(("S1", 5, 45), ("S2", 5, 45), ("S3", 0, 0)), AM, Y,
                        {"quota_scope": "alliance"})
    a = q.by_school[q.by_school["scope"] == "alliance"].iloc[0]
    assert (a["staff"], a["required"], a["exchanged"], a["backbone"]) == (100, 3, 2, 1)
    s3 = q.by_school.set_index("school_id").loc["S3"]
    assert s3["required"] == 0 and pd.isna(s3["share"])


def test_cumulative_terms_over_years():
    rows = [ex("p1", year="2018-2019", terms=1), ex("p1", terms=1), ex("p2", terms=1),
            ex("p3", year="2020-2021", terms=2)]
    p = exchange_quotas(exchanges(*rows), staff(("S1", 1, 9)), AM, Y).by_person.set_index("person_id")
    assert p["cumulative_terms"].to_dict() == {"p1": 2, "p2": 1}
    assert p["cumulative_ok"].to_dict() == {"p1": True, "p2": False}


@pytest.mark.parametrize("year", ["2019-2021", "2019", "19-20"])
def test_school_year_must_be_consecutive(year):
    with pytest.raises(InputError) as exc:
        exchange_quotas(exchanges(), staff(("S1", 1, 9)), AM, year)
    assert exc.value.column == "year"
    with pytest.raises(InputError) as exc:
        exchange_quotas(exchanges(ex("p", year=year)), staff(("S1", 1, 9)), AM, Y)
    assert (exc.value.table, exc.value.row, exc.value.column) == ("exchanges", 2, "year")


def test_exchange_outside_the_alliance_and_to_itself():
    am = pd.concat([AM, pd.DataFrame({"alliance_id": ["B"], "school_id": ["S9"], "role": ["core"]})])
    with pytest.raises(InputError) as exc:
        exchange_quotas(exchanges(ex("p", to="S9")), staff(("S1", 1, 9)), am, Y)
    assert (exc.value.row, exc.value.value) == (2, "S1 → S9")
    with pytest.raises(InputError) as exc:
        exchange_quotas(exchanges(ex("p", to="S1")), staff(("S1", 1, 9)), AM, Y)
    assert exc.value.column == "from_school, to_school"


def test_calendar_months_terms_and_visits():
    ev = pd.DataFrame([
        {"alliance_id": "A", "date": d, "kind": "monthly_meeting", "school_id": "S1", "title": "m"}
        for d in (pd.date_range("2019-09-01", periods=11, freq="MS") + pd.Timedelta(days=4)).strftime("%Y-%m-%d")
    ] + [{"alliance_id": "A", "date": "2019-10-10", "kind": k, "school_id": "S1", "title": k}
         for k in ("training_research", "class_meeting_observation", "outreach", "friendship",
                   "mutual_aid", "showcase")]
      + [{"alliance_id": "A", "date": "2020-01-31", "kind": "publicity_visit", "school_id": "S2", "title": "v"},
         {"alliance_id": "A", "date": "2020-02-01", "kind": "publicity_visit", "school_id": "S3", "title": "v"}])
    c = alliance_calendar(ev, AM, Y)
    assert len(c["months"]) == 12
    assert c["months"].loc[~c["months"]["ok"], "month"].tolist() == ["2020-08"]
    t = c["terms"].set_index(["term", "kind"])
    assert t.xs("2019-2020 autumn")["ok"].all() and not t.xs("2019-2020 spring")["ok"].any()
    v = c["visits"].set_index(["school_id", "term"])["ok"]
    assert v.to_dict() == {("S2", "2019-2020 autumn"): True, ("S2", "2019-2020 spring"): False,
                           ("S3", "2019-2020 autumn"): False, ("S3", "2019-2020 spring"): True}


def test_self_inspection_periods():
    d = self_inspection_due(2012, 2013)
    assert d.values.tolist() == [
        ["2012-H1", "2012-06-30", "2012-01-01", "2012-06-30"],
        ["2012-H2", "2012-12-31", "2012-07-01", "2012-12-31"],
        ["2013-H1", "2013-06-30", "2013-01-01", "2013-06-30"],
        ["2013-H2", "2013-12-31", "2013-07-01", "2013-12-31"]]


def test_report_status_late_missing_and_pending():
    rep = pd.DataFrame({"alliance_id": "A", "school_id": ["S1", "S1", "S2"],
                        "period": ["2013-H1", "2013-H2", "2013-H1"],
                        "submitted": ["2013-06-30", "2014-01-03", None]})
    s = report_status(rep, AM, "2014-01-02").set_index(["school_id", "period"])
    assert bool(s.loc[("S1", "2013-H1"), "late"]) is False          # on the due day
    assert bool(s.loc[("S1", "2013-H2"), "missing"]) is True         # due 12-31, submitted after as_of
    assert bool(s.loc[("S2", "2013-H1"), "missing"]) is True
    assert bool(s.loc[("S3", "2014-H1"), "missing"]) is False        # not due yet
    s = report_status(rep, AM, "2014-01-05").set_index(["school_id", "period"])
    assert bool(s.loc[("S1", "2013-H2"), "late"]) is True
    bad = rep.copy()
    bad.loc[2, "period"] = "2013-H3"
    with pytest.raises(InputError) as exc:
        report_status(bad, AM, "2014-01-05")
    assert (exc.value.row, exc.value.column) == (4, "period")
