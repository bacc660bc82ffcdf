"""The province's sampling plan (guidance §4(二)–(三)): hand-made cases and invariants."""

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.diagnosis import coverage, eligibility_by_year, sampling_plan

GOOD = {"enrollment_fulltime": 1500, "teachers_fulltime": 75, "teachers_professional": 40,
        "building_area_m2": 30000, "equipment_value_yuan": 4_500_000, "diagnosis_system": 1}
BAD = dict(GOOD, enrollment_fulltime=600, equipment_value_yuan=2_000_000)


def province(spec, year=2020):
    """spec: list of (school_id, municipality, eligible, closing)."""
    schools = pd.DataFrame({"school_id": [s[0] for s in spec], "name": [s[0] for s in spec],
                            "municipality": [s[1] for s in spec], "kind": "vocational",
                            "closing_planned": [s[3] for s in spec]})
    recs = [(s[0], year, k, v) for s in spec for k, v in (GOOD if s[2] else BAD).items()]
    return schools, pd.DataFrame(recs, columns=["school_id", "year", "indicator", "value"])


def test_a_third_and_every_prefecture():
    spec = [(f"S{i:02d}", f"M{i % 4}", True, False) for i in range(12)]
    schools, status = province(spec)
    p = sampling_plan(schools, status, 2021)
    assert p.target == 4 and p.years == (2021, 2022, 2023, 2024, 2025)
    assert p.plan["school_id"].nunique() == 4
    assert set(p.plan["municipality"]) == {"M0", "M1", "M2", "M3"}
    assert set(p.plan["reason"]) == {"sampled"}
    assert p.conflicts.empty
    # the work is spread over the years: no year has two reviews while another has none
    per_year = p.plan["year"].value_counts()
    assert per_year.max() == 1


def test_closing_schools_are_excluded_and_do_not_count():
    spec = [("A", "M1", True, True), ("B", "M1", True, False), ("C", "M1", True, False), ("D", "M1", True, False)]
    schools, status = province(spec)
    p = sampling_plan(schools, status, 2021)
    assert p.target == 1                     # ⌈3 / 3⌉: A is outside the scope
    assert "A" not in set(p.plan["school_id"]) and len(p.scope) == 3


def test_only_eligible_schools_and_conflicts_reported():
    spec = [("A", "M1", False, False), ("B", "M1", False, False), ("C", "M2", True, False)]
    schools, status = province(spec)
    p = sampling_plan(schools, status, 2021)
    assert p.plan["school_id"].tolist() == ["C"]
    issues = p.conflicts.set_index("issue")
    assert issues.loc["municipality_not_coverable", "municipality"] == "M1"
    assert p.target == 1 and "quota_unreachable" not in issues.index


def test_quota_unreachable_is_reported():
    spec = [(f"S{i}", "M1", i == 0, False) for i in range(9)]
    schools, status = province(spec)
    p = sampling_plan(schools, status, 2021)
    assert p.plan["school_id"].tolist() == ["S0"]
    assert "quota_unreachable" in set(p.conflicts["issue"])
    assert "3 of 9" in p.conflicts.set_index("issue").loc["quota_unreachable", "detail"]


@pytest.mark.parametrize("date,year", [("2020-06-01", 2021), ("2019-03-01", 2021), ("2023-11-30", 2024)])
def test_incident_school_is_reviewed_within_two_years(date, year):
    spec = [("A", "M1", True, False), ("B", "M1", True, False), ("C", "M1", True, False)]
    schools, status = province(spec)
    inc = pd.DataFrame({"school_id": ["B"], "date": [date]})
    p = sampling_plan(schools, status, 2021, incidents=inc)
    row = p.plan[p.plan["reason"] == "incident"]
    assert row[["school_id", "year"]].values.tolist() == [["B", year]]
    assert p.plan["school_id"].nunique() == 1           # the incident review counts towards the third


def test_incident_from_the_schools_table_and_outside_the_cycle():
    spec = [("A", "M1", True, False), ("B", "M1", True, False), ("C", "M1", True, False)]
    schools, status = province(spec)
    schools["last_major_incident"] = [None, "2018-05-01", "2025-02-01"]
    p = sampling_plan(schools, status, 2021)
    # 2018 → window 2019–2020, before the cycle; 2025 → 2026–2027, the next cycle's
    assert "incident" not in set(p.plan["reason"]) and p.conflicts.empty


def test_incident_school_not_eligible_or_closing_is_a_conflict():
    spec = [("A", "M1", False, False), ("B", "M1", True, True), ("C", "M1", True, False)]
    schools, status = province(spec)
    inc = pd.DataFrame({"school_id": ["A", "B"], "date": ["2021-04-01", "2021-04-01"]})
    p = sampling_plan(schools, status, 2021, incidents=inc)
    c = p.conflicts.set_index("school_id")
    assert c.loc["A", "issue"] == "incident_not_eligible" and c.loc["A", "year"] == 2022
    assert c.loc["B", "issue"] == "incident_closing"
    assert "2022–2023" in c.loc["A", "detail"]
    assert set(p.plan["school_id"]) == {"C"}


def test_requests_are_honoured_or_reported():
    spec = [("A", "M1", True, False), ("B", "M1", False, False), ("C", "M1", True, True), ("D", "M1", True, False)]
    schools, status = province(spec)
    req = pd.DataFrame({"school_id": ["A", "B", "C", "D"], "year": [2023, 2023, 2022, 2030]})
    p = sampling_plan(schools, status, 2021, requests=req)
    assert p.plan[p.plan["reason"] == "requested"][["school_id", "year"]].values.tolist() == [["A", 2023]]
    assert dict(zip(p.conflicts["school_id"], p.conflicts["issue"])) == {
        "B": "request_not_eligible", "C": "request_closing", "D": "request_outside_cycle"}


def test_incident_and_request_in_the_same_year_keep_both_reasons():
    spec = [("A", "M1", True, False)]
    schools, status = province(spec)
    p = sampling_plan(schools, status, 2021, incidents=pd.DataFrame({"school_id": ["A"], "date": ["2020-09-01"]}),
                      requests=pd.DataFrame({"school_id": ["A"], "year": [2021]}))
    assert p.plan[["year", "reason", "reasons"]].values.tolist() == [[2021, "incident", "incident;requested"]]


def test_unknown_school_in_requests_is_an_input_error():
    schools, status = province([("A", "M1", True, False)])
    with pytest.raises(InputError) as exc:
        sampling_plan(schools, status, 2021, requests=pd.DataFrame({"school_id": ["ZZ"], "year": [2022]}))
    assert (exc.value.table, exc.value.column, exc.value.value, exc.value.row) == (
        "review_requests", "school_id", "ZZ", 2)


def test_bad_cycle_is_an_input_error():
    schools, status = province([("A", "M1", True, False)])
    with pytest.raises(InputError, match="cycle_years"):
        sampling_plan(schools, status, 2021, cycle_years=0)


def test_school_eligible_only_later_is_planned_then():
    schools, status = province([("A", "M1", False, False)], year=2020)
    _, later = province([("A", "M1", True, False)], year=2023)
    p = sampling_plan(schools, pd.concat([status, later], ignore_index=True), 2021)
    assert len(p.plan) == 1 and p.plan["year"].iloc[0] >= 2023


def test_coverage_table():
    spec = [(f"S{i:02d}", f"M{i % 3}", True, False) for i in range(9)]
    schools, status = province(spec)
    p = sampling_plan(schools, status, 2021, seed=3)
    cov = coverage(p).set_index("municipality")
    assert cov.loc["total", "schools"] == 9 and cov.loc["total", "reviewed"] == 3
    assert cov.loc["total", "share"] == pytest.approx(1 / 3)
    assert cov[[str(y) for y in p.years]].sum(axis=1).equals(cov["reviews"])


# --- invariants over random provinces ------------------------------------------------

@st.composite
def provinces(draw):
    n = draw(st.integers(1, 18))
    n_m = draw(st.integers(1, 4))
    spec = [(f"S{i:02d}", f"M{draw(st.integers(0, n_m - 1))}", draw(st.booleans()),
             draw(st.booleans()) and draw(st.booleans())) for i in range(n)]
    later = draw(st.lists(st.sampled_from([s[0] for s in spec]), max_size=3, unique=True))
    ids = [s[0] for s in spec]
    incidents = draw(st.lists(st.tuples(st.sampled_from(ids), st.integers(2017, 2026), st.integers(1, 12)),
                              max_size=4, unique_by=lambda t: (t[0], t[1], t[2])))
    requests = draw(st.lists(st.tuples(st.sampled_from(ids), st.integers(2019, 2027)), max_size=4,
                             unique_by=lambda t: t))
    return spec, later, incidents, requests, draw(st.integers(0, 2**16))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(provinces())
def test_sampling_invariants(case):
    spec, later, incidents, requests, seed = case
    schools, status = province(spec, year=2020)
    if later:  # some schools change eligibility in 2023
        flip = [(s, 2023, k, v) for s0 in later for s in [s0]
                for k, v in (BAD if dict((x[0], x[2]) for x in spec)[s] else GOOD).items()]
        status = pd.concat([status, pd.DataFrame(flip, columns=status.columns)], ignore_index=True)
    inc = pd.DataFrame([(s, f"{y}-{m:02d}-01") for s, y, m in incidents], columns=["school_id", "date"])
    req = pd.DataFrame(requests, columns=["school_id", "year"])
    p = sampling_plan(schools, status, 2021, incidents=inc, requests=req, seed=seed)
    again = sampling_plan(schools, status, 2021, incidents=inc, requests=req, seed=seed)
    pd.testing.assert_frame_equal(p.plan, again.plan)
    pd.testing.assert_frame_equal(p.conflicts, again.conflicts)

    plan, conflicts, years = p.plan, p.conflicts, set(p.years)
    closing = {s[0] for s in spec if s[3]}
    scope = [s for s in spec if not s[3]]
    issues = set(conflicts["issue"])
    assert not plan.duplicated(["school_id", "year"]).any()
    assert set(plan["year"]) <= years
    assert not set(plan["school_id"]) & closing
    assert set(plan["reason"]) <= {"incident", "requested", "sampled"}
    # only schools eligible in the year of their review
    ok = eligibility_by_year(schools, status, sorted(years)).set_index(["school_id", "year"])["eligible"]
    assert all(ok.loc[(s, y)] for s, y in zip(plan["school_id"], plan["year"]))
    # at least a third of the schools in scope, or the shortfall reported
    target = math.ceil(len(scope) / 3 - 1e-9)
    assert p.target == target
    reviewed = plan["school_id"].nunique()
    eligible_any = {s for s, y in ok[ok].index if s not in closing}
    if reviewed < target:
        assert "quota_unreachable" in issues and reviewed == len(eligible_any)
    # every prefecture, or the gap reported
    for m in {s[1] for s in scope}:
        if m not in set(plan["municipality"]):
            assert ((conflicts["issue"] == "municipality_not_coverable") & (conflicts["municipality"] == m)).any()
    # every incident with a window in the cycle: reviewed in the window or reported
    for s, y, _m in incidents:
        lo, hi = max(y + 1, 2021), min(y + 2, 2025)
        if lo > hi:
            continue
        hit = plan[(plan["school_id"] == s) & plan["year"].between(lo, hi)]
        reported = conflicts[(conflicts["school_id"] == s)
                             & conflicts["issue"].isin(["incident_not_eligible", "incident_closing"])]
        assert len(hit) or len(reported), (s, y)
    # every request honoured in its year, or reported
    for s, y in requests:
        hit = plan[(plan["school_id"] == s) & (plan["year"] == y)]
        reported = conflicts[(conflicts["school_id"] == s) & conflicts["issue"].str.startswith("request_")
                             & (conflicts["year"] == y)]
        assert len(hit) or len(reported), (s, y)
