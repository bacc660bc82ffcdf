"""annual_compliance(), monthly_unit_report() and the teacher's registry — by hand.

County plan: at least 3 online video courses and at least 8 credits each school
year (§3 item 5); at least 20 hours of intensive training for every kindergarten
teacher (key work (A) item 8); results to units before the 5th of the next
month (§5 item 4).  School year 2024-2025 = courses ending 2024-09-01 … 2025-08-31.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from evalnb import InputError, RulesError
from evalnb.training import (annual_compliance, assess, compliance_by_unit, course_summary,
                             latest_month, monthly_unit_report, score_bands, teacher_registry,
                             unit_results)
from evalnb.training.periods import cycle_start_of, due_date, parse_month, parse_school_year

from .conftest import course, courses, enrollment, enrollments, teachers

STAFF = teachers(("P1", "S1", "primary"), ("K1", "S2", "kindergarten"), ("N1", "S1", "secondary"))


def comp(cs, es, year="2024-2025", rules=None, staff=STAFF):
    return annual_compliance(staff, cs, assess(cs, es, rules), year, rules).set_index("teacher_id")


def online(cid, end, credits=3.0, hours=24.0):
    return course(cid, mode="online", sessions=4, hours=hours, credits=credits, end=end)


# --- school year edge --------------------------------------------------------------------

@pytest.mark.parametrize("end,year,counted", [
    ("2025-08-31", "2024-2025", True),
    ("2025-09-01", "2024-2025", False),
    ("2025-09-01", "2025-2026", True),
    ("2024-09-01", "2024-2025", True),
    ("2024-08-31", "2024-2025", False),
    ("2024-08-31", "2023-2024", True),
])
def test_a_course_counts_in_the_school_year_it_ends(end, year, counted):
    cs = courses(course("F1", hours=12, credits=1, start="2024-08-01", end=end))
    row = comp(cs, enrollments(enrollment("P1", "F1")), year).loc["P1"]
    assert row.hours_total == (12.0 if counted else 0.0)
    assert row.year == year


def test_the_county_may_start_the_school_year_elsewhere():
    cs = courses(course("F1", hours=12, credits=1, start="2025-08-01", end="2025-08-20"))
    rules = {"school_year_start": "08-15"}
    assert comp(cs, enrollments(enrollment("P1", "F1")), "2025-2026", rules).loc["P1"].hours_total == 12


@pytest.mark.parametrize("year", ["2024", "2024-2026", "24-25", "2024/25", None, 2024.5])
def test_bad_school_year(year):
    cs = courses(course("F1"))
    with pytest.raises(InputError) as exc:
        comp(cs, enrollments(enrollment("P1", "F1")), year)
    assert exc.value.column == "year"


def test_school_year_given_as_its_first_calendar_year():
    assert parse_school_year(2024) == parse_school_year("2024-2025") == parse_school_year("2024/2025") == 2024


# --- online requirement --------------------------------------------------------------------

@pytest.mark.parametrize("credits,n_courses,meets", [
    ([3, 3, 2], 3, True),        # 3 courses, 8 credits
    ([3, 3, 1.5], 3, False),     # 7.5 credits
    ([5, 4], 2, False),          # 9 credits, 2 courses
    ([2, 2, 2, 2], 4, True),
])
def test_online_courses_and_credits(credits, n_courses, meets):
    cs = courses(*[online(f"O{i}", "2025-03-31", credits=c) for i, c in enumerate(credits)])
    es = enrollments(*[enrollment("P1", f"O{i}") for i in range(len(credits))])
    row = comp(cs, es).loc["P1"]
    assert (row.online_courses, row.online_credits) == (n_courses, sum(credits))
    assert bool(row.meets_online) is meets
    assert bool(row.compliant) is meets
    assert pd.isna(row.meets_kindergarten)


def test_an_unqualified_online_course_does_not_count():
    cs = courses(*[online(f"O{i}", "2025-03-31") for i in range(3)])
    es = enrollments(enrollment("P1", "O0"), enrollment("P1", "O1"), enrollment("P1", "O2", absences=2))
    row = comp(cs, es).loc["P1"]
    assert (row.online_courses, row.online_credits, row.courses_taken, row.courses_completed) == (2, 6.0, 3, 2)
    assert not row.meets_online


def test_online_credits_derived_from_hours():
    # 3 online courses of 24 hours, no credits: 24 / 8 = 3 credits each → 9 ≥ 8
    cs = courses(*[online(f"O{i}", "2025-03-31", credits=None) for i in range(3)])
    es = enrollments(*[enrollment("P1", f"O{i}") for i in range(3)])
    assert comp(cs, es).loc["P1"].online_credits == 9.0
    # a county counting 10 hours a credit: 2.4 each → 7.2 < 8
    row = comp(cs, es, rules={"hours_per_credit": {"online": 10}}).loc["P1"]
    assert row.online_credits == pytest.approx(7.2) and not row.meets_online


# --- kindergarten requirement ------------------------------------------------------------------

@pytest.mark.parametrize("hours,meets", [(20, True), (19.5, False), (36, True)])
def test_kindergarten_teachers_need_twenty_face_to_face_hours(hours, meets):
    cs = courses(course("F1", hours=hours, credits=2),
                 *[online(f"O{i}", "2025-03-31") for i in range(3)])
    es = enrollments(enrollment("K1", "F1"), *[enrollment("K1", f"O{i}") for i in range(3)])
    row = comp(cs, es).loc["K1"]
    assert bool(row.meets_kindergarten) is meets
    assert bool(row.compliant) is meets   # online met, so the kindergarten rule decides


def test_online_hours_do_not_count_for_kindergarten():
    cs = courses(*[online(f"O{i}", "2025-03-31", hours=40) for i in range(3)])
    es = enrollments(*[enrollment("K1", f"O{i}") for i in range(3)])
    row = comp(cs, es).loc["K1"]
    assert row.hours_total == 120 and row.face_to_face_hours == 0
    assert not row.meets_kindergarten and not row.compliant and row.meets_online


def test_teachers_without_any_course_are_listed_and_not_compliant():
    out = comp(courses(course("F1")), enrollments(enrollment("P1", "F1")))
    assert list(out.index) == ["P1", "K1", "N1"]
    assert out.loc["N1", "hours_total"] == 0 and not out.loc["N1", "compliant"]
    assert out.loc["K1", "meets_kindergarten"] is not pd.NA and not out.loc["K1", "meets_kindergarten"]


def test_county_yearly_minimums():
    cs = courses(*[online(f"O{i}", "2025-03-31") for i in range(3)], course("F1", hours=30, credits=3))
    es = enrollments(*[enrollment("P1", f"O{i}") for i in range(3)], enrollment("P1", "F1"))
    row = comp(cs, es, rules={"annual_min_hours": 100, "annual_min_credits": 12}).loc["P1"]
    # hours 3 × 24 + 30 = 102 ≥ 100; credits 9 + 3 = 12 ≥ 12
    assert (row.hours_total, row.credits_total) == (102.0, 12.0)
    assert row.meets_hours and row.meets_credits and row.compliant
    row = comp(cs, es, rules={"annual_min_hours": 103}).loc["P1"]
    assert not row.meets_hours and not row.compliant
    assert pd.isna(comp(cs, es).loc["P1", "meets_hours"])


def test_unknown_teacher_and_wrong_frame():
    cs = courses(course("F1"))
    a = assess(cs, enrollments(enrollment("X9", "F1")))
    with pytest.raises(InputError) as exc:
        annual_compliance(STAFF, cs, a, "2024-2025")
    assert (exc.value.table, exc.value.column, exc.value.value) == ("enrollments", "teacher_id", "X9")
    with pytest.raises(InputError) as exc:
        annual_compliance(STAFF, cs, enrollments(enrollment("P1", "F1")), "2024-2025")
    assert exc.value.table == "assessed" and "assess(" in exc.value.hint


def test_bad_teachers_table():
    bad = STAFF.assign(kind=["primary", "kindergarden", "secondary"])
    with pytest.raises(InputError) as exc:
        comp(courses(course("F1")), enrollments(enrollment("P1", "F1")), staff=bad)
    assert (exc.value.table, exc.value.row, exc.value.column) == ("teachers", 3, "kind")


# --- monthly unit report ------------------------------------------------------------------------

def monthly_frames():
    staff = teachers(("A1", "S1", "primary"), ("A2", "S1", "primary"), ("B1", "S2", "secondary"),
                     ("C1", "S3", "secondary"))
    cs = courses(course("M1", sessions=9, hours=18, credits=2, end="2025-03-31"),
                 course("M2", sessions=10, hours=10, credits=1, end="2025-03-01"),
                 course("F1", sessions=10, hours=30, credits=3, end="2025-04-01"))
    es = enrollments(enrollment("A1", "M1"), enrollment("A2", "M1", absences=3),
                     enrollment("B1", "M1", written=100), enrollment("A1", "M2"),
                     enrollment("C1", "F1"))
    return staff, cs, es


def test_monthly_unit_report_by_hand():
    staff, cs, es = monthly_frames()
    a = assess(cs, es)
    rep = monthly_unit_report(staff, cs, a, "2025-03").set_index("school_id")
    assert list(rep.index) == ["S1", "S2", "S3"]
    s1 = rep.loc["S1"]
    # A1 in M1 and M2 (qualified both), A2 in M1 (absent a third: unqualified, bottom of 3 → sanctioned)
    assert (s1.participants, s1.teachers, s1.qualified, s1.unqualified) == (3, 2, 2, 1)
    assert s1.sanctioned == 1
    assert s1.hours_credited == 18 + 10 and s1.credits_credited == 3
    # M1: n = 3 → one commended, B1 (100 points); M2: n = 1 → A1 commended
    assert (s1.commended, rep.loc["S2", "commended"]) == (1, 1)
    # F1 ends 1 April: not in March; S3 is listed with zeros
    assert rep.loc["S3", ["participants", "qualified", "hours_credited"]].tolist() == [0, 0, 0.0]
    assert (rep["due"] == pd.Timestamp("2025-04-05")).all()
    assert (rep["month"] == "2025-03").all()


@pytest.mark.parametrize("month,due", [("2025-03", "2025-04-05"), ("2025-12", "2026-01-05"),
                                       ("2024-01", "2024-02-05")])
def test_due_the_fifth_of_the_next_month(month, due):
    assert due_date(month) == dt.date.fromisoformat(due)


def test_due_day_is_a_rule():
    staff, cs, es = monthly_frames()
    rep = monthly_unit_report(staff, cs, assess(cs, es), "2025-03", {"report_due_day": 10})
    assert rep["due"].iloc[0] == pd.Timestamp("2025-04-10")


@pytest.mark.parametrize("month", ["2025-13", "March 2025", "2025-3", "", None])
def test_bad_month(month):
    staff, cs, es = monthly_frames()
    with pytest.raises(InputError) as exc:
        monthly_unit_report(staff, cs, assess(cs, es), month)
    assert exc.value.column == "month"


def test_month_as_a_date_or_period():
    assert str(parse_month(dt.date(2025, 3, 17))) == "2025-03"
    assert str(parse_month(pd.Period("2025-03", "M"))) == "2025-03"


def test_unit_results_and_latest_month():
    staff, cs, es = monthly_frames()
    a = assess(cs, es)
    rows = unit_results(staff, cs, a, "S1", "2025-03")
    assert rows[["teacher_id", "course_id"]].values.tolist() == [["A1", "M2"], ["A1", "M1"], ["A2", "M1"]]
    assert rows.loc[2, "reasons"] == "absence" and rows.loc[2, "sanctioned"]
    assert latest_month(cs, a) == "2025-04"
    assert latest_month(cs, a, staff, "S1") == "2025-03"
    assert latest_month(cs, a.iloc[0:0]) is None
    with pytest.raises(InputError, match="no teacher"):
        unit_results(staff, cs, a, "S9", "2025-03")


# --- county summaries ---------------------------------------------------------------------------

def test_compliance_by_unit_and_course_summary():
    staff, cs, es = monthly_frames()
    a = assess(cs, es)
    by = compliance_by_unit(annual_compliance(staff, cs, a, "2024-2025")).set_index("school_id")
    assert by.loc["S1", "teachers"] == 2 and by.loc["S1", "compliant_share"] == 0
    assert by.loc["S1", "hours_per_teacher"] == 14.0   # (18 + 10) / 2
    assert pd.isna(by.loc["S1", "meets_kindergarten_share"])
    summary = course_summary(cs, a).set_index("course_id")
    assert summary.loc["M1", ["enrolled", "qualified", "commended", "sanctioned"]].tolist() == [3, 2, 1, 1]
    assert summary.loc["M1", "qualified_share"] == pytest.approx(2 / 3)
    bands = score_bands(a)
    assert bands["count"].sum() == len(a)
    assert 60.0 in bands["band_from"].tolist()


# --- the teacher's registry ---------------------------------------------------------------------

def registry_frames():
    staff = teachers(("K1", "S2", "kindergarten"), ("P1", "S1", "primary"))
    cs = courses(
        course("A", hours=30, credits=3, start="2022-10-01", end="2022-10-31"),          # 2022-2023
        online("B", "2024-08-31"),                                                       # 2023-2024
        online("C", "2024-09-01"),                                                       # 2024-2025
        online("D", "2025-01-31"), online("E", "2025-05-31", credits=2),
        course("F", hours=20, credits=None, start="2025-07-01", end="2025-07-05"),       # 20/6 credits
        course("G", hours=50, credits=5, start="2026-03-01", end="2026-03-05"),          # 2025-2026
        online("H", "2025-06-30"))
    es = enrollments(enrollment("K1", "A"), enrollment("K1", "B"), enrollment("K1", "C"),
                     enrollment("K1", "D"), enrollment("K1", "E"), enrollment("K1", "F"),
                     enrollment("K1", "H", late=6), enrollment("P1", "G"))
    return staff, cs, es


def test_registry_of_a_kindergarten_teacher():
    staff, cs, es = registry_frames()
    reg = teacher_registry("K1", staff, cs, assess(cs, es), as_of="2024-2025")
    assert reg.teacher["name"] == "Teacher K1"
    assert (reg.as_of, reg.cycle) == ("2024-2025", "2021-2026")
    assert reg.courses["course_id"].tolist() == ["A", "B", "C", "D", "E", "H", "F"]
    assert reg.courses.set_index("course_id").loc["B", "year"] == "2023-2024"
    assert reg.courses.set_index("course_id").loc["C", "year"] == "2024-2025"
    h = reg.courses.set_index("course_id").loc["H"]
    assert not h.qualified and h.hours_credited == 0 and h.reasons == "lateness"
    assert reg.years["year"].tolist() == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]
    y = reg.years.set_index("year").loc["2024-2025"]
    # C, D, E online (3 + 3 + 2 = 8 credits), F face to face 20 hours (20/6 credits); H unqualified
    assert (y.online_courses, y.online_credits, y.face_to_face_hours) == (3, 8.0, 20.0)
    assert y.hours_total == 24 * 3 + 20
    assert y.credits_total == pytest.approx(8 + 20 / 6, abs=1e-6)
    assert y.compliant
    st = reg.standing.set_index("requirement")
    assert list(st.index) == ["online_courses", "online_credits", "kindergarten_hours", "cycle_hours"]
    assert st.loc["cycle_hours", "period"] == "2021-2026"
    # the cycle: A 30 + B 24 + C, D, E 72 + F 20 = 146 hours
    assert st.loc["cycle_hours", ["required", "actual", "shortfall"]].tolist() == [360.0, 146.0, 214.0]
    assert not st.loc["cycle_hours", "met"]
    assert reg.compliant   # the yearly requirements are met; the cycle is still in progress
    cyc = reg.cycles.set_index("cycle").loc["2021-2026"]
    assert not cyc.complete and cyc.first_year == "2021-2022" and cyc.last_year == "2025-2026"


def test_registry_default_as_of_is_the_latest_course_in_the_data():
    staff, cs, es = registry_frames()
    reg = teacher_registry("P1", staff, cs, assess(cs, es))
    assert reg.as_of == "2025-2026"  # course G ends in March 2026
    assert "kindergarten_hours" not in reg.standing["requirement"].tolist()
    assert not reg.compliant   # one face-to-face course, no online course


def test_registry_spans_cycles_and_county_rules():
    staff, cs, es = registry_frames()
    rules = {"cycle_years": 3, "cycle_first_year": 2022, "cycle_min_hours": 100,
             "cycle_min_credits": 10, "annual_min_credits": 8}
    reg = teacher_registry("K1", staff, cs, assess(cs, es, rules), rules, as_of="2024-2025")
    assert reg.cycle == "2022-2025"
    assert reg.years["year"].iloc[0] == "2022-2023"
    st = reg.standing.set_index("requirement")
    assert "annual_credits" in st.index and "cycle_credits" in st.index
    assert st.loc["cycle_hours", "actual"] == 146 and st.loc["cycle_hours", "met"]
    assert cycle_start_of(2025, 2022, 3) == 2025 and cycle_start_of(2021, 2022, 3) == 2019


def test_registry_of_a_teacher_without_courses():
    staff, cs, es = registry_frames()
    staff = pd.concat([staff, teachers(("Z1", "S1", "other"))], ignore_index=True)
    reg = teacher_registry("Z1", staff, cs, assess(cs, es), as_of="2024-2025")
    assert reg.courses.empty
    assert reg.years["hours_total"].sum() == 0 and not reg.compliant


def test_registry_unknown_teacher_and_bad_as_of():
    staff, cs, es = registry_frames()
    a = assess(cs, es)
    with pytest.raises(InputError) as exc:
        teacher_registry("X1", staff, cs, a)
    assert (exc.value.table, exc.value.column, exc.value.value) == ("teachers", "teacher_id", "X1")
    with pytest.raises(InputError) as exc:
        teacher_registry("K1", staff, cs, a, as_of="2024")
    assert exc.value.column == "as_of"
    with pytest.raises(RulesError):
        teacher_registry("K1", staff, cs, a, {"cycle_yers": 5})
