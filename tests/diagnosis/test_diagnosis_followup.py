"""The school's own cycle (§7(一)2), follow-up of 异常 (§6), the province's calendar (§6, notice §5),
report completeness (附2), stop of enrolment (§6) and the sampling plan's self-diagnosis check (§4(二))."""

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.diagnosis import DiagnosisRules, eligibility, sampling_plan
from evalnb.diagnosis.completeness import report_completeness
from evalnb.diagnosis.followup import follow_up, parse_cycles, province_calendar, self_cycle_check

from evalnb.diagnosis.catalog import ELEMENTS

GOOD = {"enrollment_fulltime": 1500, "teachers_fulltime": 75, "teachers_professional": 40,
        "building_area_m2": 30000, "equipment_value_yuan": 4_500_000, "diagnosis_system": 1}


def make_schools(ids):
    return pd.DataFrame({"school_id": list(ids), "name": [f"School {i}" for i in ids],
                         "municipality": "M1", "kind": "vocational"})


def make_status(rows):
    recs = [(s, y, k, v) for (s, y), vals in rows.items() for k, v in vals.items()]
    return pd.DataFrame(recs, columns=["school_id", "year", "indicator", "value"])


def self_rows(school, cycle, **texts):
    frame = pd.DataFrame({"school_id": school, "cycle": cycle, "element": list(ELEMENTS),
                          "attainment": "achieved"})
    for k, v in texts.items():
        frame[k] = v
    return frame


# --- the school's own cycle: at most 3 years ------------------------------------------------

@pytest.mark.parametrize("cycle,status", [("2021-2023", "ok"), ("2021-2024", "too_long"), ("2023", "ok")])
def test_a_cycle_of_three_years_is_fine_four_is_too_long(cycle, status):
    out = self_cycle_check(make_schools(["A"]), self_rows("A", cycle), 2024)
    assert out.loc[0, "status"] == status
    assert bool(out.loc[0, "past_cycle"]) == (status != "ok")


@pytest.mark.parametrize("year,status", [(2023, "ok"), (2024, "ok"), (2025, "overdue")])
def test_past_the_cycle_when_the_last_ended_more_than_three_years_ago(year, status):
    out = self_cycle_check(make_schools(["A"]), self_rows("A", "2019-2021"), year)
    assert out.loc[0, "due_year"] == 2024 and out.loc[0, "status"] == status


def test_latest_cycle_counts_and_a_school_without_any_is_reported():
    sd = pd.concat([self_rows("A", "2016-2018"), self_rows("A", "2019-2021")])
    out = self_cycle_check(make_schools(["A", "B"]), sd, 2024).set_index("school_id")
    assert out.loc["A", "last_cycle"] == "2019-2021" and out.loc["A", "cycles"] == 2
    assert out.loc["B", "status"] == "none" and out.loc["B", "cycles"] == 0


def test_a_cycle_begun_after_the_year_is_not_counted():
    out = self_cycle_check(make_schools(["A"]), self_rows("A", "2026-2027"), 2025)
    assert out.loc[0, "status"] == "none"


@pytest.mark.parametrize("bad", ["2021-2019", "2021 to 2023", "cycle one"])
def test_a_bad_cycle_label_names_row_and_value(bad):
    with pytest.raises(InputError) as exc:
        parse_cycles(pd.DataFrame({"cycle": ["2021-2023", bad]}))
    p = exc.value.problems[0]
    assert (p.table, p.row, p.column, p.value) == ("self_diagnosis", 3, "cycle", bad)


def test_the_limit_is_a_rule():
    out = self_cycle_check(make_schools(["A"]), self_rows("A", "2021-2025"), 2025,
                           rules={"max_self_cycle_years": 5})
    assert out.loc[0, "status"] == "ok"


# --- follow-up of 异常 --------------------------------------------------------------------

def summary(rows):
    return pd.DataFrame(rows, columns=["school_id", "cycle", "measures_targeted", "improvement_effective",
                                       "concluded_on"])


def conclusions(rows):
    return pd.DataFrame(rows, columns=["school_id", "cycle", "conclusion"])


@pytest.mark.parametrize("on,status", [("2025-03-30", "open"), ("2025-03-31", "open"), ("2025-04-01", "overdue")])
def test_rectification_deadline_twelve_months_after_the_conclusion(on, status):
    c = conclusions([("A", "2021-2023", "abnormal"), ("B", "2021-2023", "effective")])
    rs = summary([("A", "2021-2023", False, False, "2024-03-31"), ("B", "2021-2023", True, True, "2024-03-31")])
    out = follow_up(c, rs, on)
    assert out["school_id"].tolist() == ["A"]
    assert out.loc[0, "deadline"] == pd.Timestamp("2025-03-31") and out.loc[0, "status"] == status


def test_no_date_is_no_deadline_and_a_later_good_review_closes_it():
    c = conclusions([("A", "2021-2023", "abnormal"), ("A", "2024-2026", "needs_improvement"),
                     ("B", "2021-2023", "abnormal")])
    rs = summary([("A", "2021-2023", False, False, "2024-03-31"), ("A", "2024-2026", True, False, None),
                  ("B", "2021-2023", False, False, None)])
    out = follow_up(c, rs, "2030-01-01").set_index("school_id")["status"].to_dict()
    assert out == {"A": "re_reviewed", "B": "no_date"}


def test_calendar_of_the_year():
    follow = pd.DataFrame({"school_id": ["A", "B"], "deadline": pd.to_datetime(["2025-03-31", "2026-01-10"])})
    cal = province_calendar(2025, follow, {"plan_date": "2022-06-01"})
    assert cal["event"].tolist() == ["rectification_due", "conditions_deadline", "publish", "ministry_report"]
    assert cal["date"].tolist() == [pd.Timestamp(d) for d in ("2025-03-31", "2025-06-01", "2025-12-31",
                                                              "2025-12-31")]
    assert cal.loc[0, "school_id"] == "A"


def test_bad_month_day_rule_is_refused():
    with pytest.raises(Exception):
        DiagnosisRules.load({"ministry_report_due": "31-12"})


# --- report completeness (附2) ----------------------------------------------------------

def filled(school="S1", cycle="2021-2023"):
    return self_rows(school, cycle, diagnosis_text="写实", measures_text="措施", effect_text="效果")


def report(**over):
    row = {"school_id": "S1", "cycle": "2021-2023", "overview": "概述", "conclusion_text": "结论",
           "suggestions_text": "建议", "principal_signed": True, "signed_on": "2023-12-01"}
    row.update(over)
    return pd.DataFrame([row])


def test_complete_report_has_no_problem():
    assert report_completeness(filled(), report()).empty


@pytest.mark.parametrize("field,value", [("conclusion_text", ""), ("conclusion_text", "   "),
                                         ("suggestions_text", None), ("overview", "")])
def test_an_empty_part_is_a_problem_not_a_pass(field, value):
    out = report_completeness(filled(), report(**{field: value}))
    assert out[["field", "problem"]].values.tolist() == [[field, "empty"]]


@pytest.mark.parametrize("signed", [False, None])
def test_unsigned_report(signed):
    out = report_completeness(filled(), report(principal_signed=signed))
    assert out["problem"].tolist() == ["not_signed"]


def test_no_report_row_and_empty_element_texts():
    sd = filled()
    sd.loc[sd["element"] == "2.1", "measures_text"] = " "
    out = report_completeness(sd, None)
    assert out[["element", "field", "problem"]].values.tolist() == [
        [None, "report", "no_report"], ["2.1", "measures_text", "empty"]]


# --- stop of enrolment: only where data show a failure after the deadline ----------------------

def elig(values, year, rules):
    return eligibility(make_schools(["A"]), make_status({("A", year): values}), year, rules).iloc[0]


@pytest.mark.parametrize("year,stop", [(2018, "no"), (2019, "yes")])
def test_stop_only_where_data_show_a_failure_after_the_deadline(year, stop):
    e = elig(dict(GOOD, enrollment_fulltime=1000, teachers_fulltime=50, equipment_value_yuan=3e6), year,
             {"plan_date": "2016-05-27"})
    assert e["stop_status"] == stop


def test_missing_data_after_the_deadline_is_unknown_not_a_stop():
    values = {k: v for k, v in GOOD.items() if k != "building_area_m2"}
    e = elig(values, 2020, {"plan_date": "2016-05-27"})
    assert not e["eligible"] and pd.isna(e["stop_enrollment"]) and e["stop_status"] == "unknown"


def test_without_a_plan_date_a_failing_school_is_unknown_and_an_eligible_one_is_not_stopped():
    assert elig(dict(GOOD, enrollment_fulltime=100), 2030, None)["stop_status"] == "unknown"
    assert elig(GOOD, 2030, None)["stop_status"] == "no"


# --- the sampling plan checks the self-diagnosis --------------------------------------------

def plan_of(sd, incidents=None):
    schools = make_schools(["A"])
    status = make_status({("A", 2020): GOOD})
    return sampling_plan(schools, status, 2021, 3, incidents=incidents, self_diagnosis=sd, seed=0)


def test_review_without_self_diagnosis_is_a_conflict_and_stays_planned():
    p = plan_of(self_rows("A", "2026-2027"))
    assert len(p.plan) == 1
    assert p.conflicts["issue"].tolist() == ["no_self_diagnosis"]
    assert p.conflicts.loc[0, "school_id"] == "A"


def test_review_with_a_self_diagnosis_begun_by_its_year_is_fine():
    p = plan_of(self_rows("A", "2019-2021"))
    assert p.conflicts.empty


@pytest.mark.parametrize("cycle,conflict", [("2019-2020", True), ("2019-2021", False)])
def test_incident_needs_a_diagnosis_reaching_past_it(cycle, conflict):
    inc = pd.DataFrame({"school_id": ["A"], "date": ["2021-03-01"]})
    p = plan_of(self_rows("A", cycle), inc)
    assert p.plan.loc[0, "reason"] == "incident" and p.plan.loc[0, "year"] == 2022
    assert ("incident_no_self_diagnosis" in p.conflicts["issue"].tolist()) == conflict


# --- invariant of the stop of enrolment ---------------------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

from evalnb.diagnosis.eligibility import stop_enrollment  # noqa: E402


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=20),
       st.sampled_from([None, False, True]))
def test_stop_is_true_only_on_a_failure_the_data_show_after_the_deadline(rows, passed):
    eligible = [e for e, _ in rows]
    failed = [f for _, f in rows]
    out = stop_enrollment(eligible, failed, passed)
    for e, f, s in zip(eligible, failed, out.astype(object)):
        if s is not pd.NA and bool(s):
            assert passed and not e and f
        if e:
            assert s is not pd.NA and not bool(s)
        if passed and not e:
            assert (s is not pd.NA and bool(s)) if f else s is pd.NA   # no data on a failure: unknown
