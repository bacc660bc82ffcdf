"""The county plan's examination roster (key work (A), item 9), the online courses as 8 hours of
school-based training (§3 item 5), the consequences list (§5 item 4) and the defaults no text sets."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.validate import ensure
from evalnb.training import annual_compliance, assess, course_credits, TrainingRules
from evalnb.training.consequences import county_actions
from evalnb.training.roster import exam_roster

from .conftest import course, courses, enrollment, enrollments, teachers


def staff(*rows):
    """rows: (teacher_id, kind, birth_year, subject, exam_result)."""
    return pd.DataFrame([{"teacher_id": t, "school_id": "S1", "name": f"Teacher {t}", "kind": k,
                          "birth_year": b, "subject": s, "exam_result": e} for t, k, b, s, e in rows])


def status_of(frame, year="2024-2025", rules=None):
    return exam_roster(frame, year, rules).set_index("teacher_id")["status"].to_dict()


# --- examination roster ------------------------------------------------------------------------

@pytest.mark.parametrize("birth_year,status", [(1985, "on_roster"), (1984, "over_age"), (1986, "on_roster")])
def test_under_40_in_the_year_the_school_year_begins(birth_year, status):
    # 2024 − 1985 = 39: under 40; 2024 − 1984 = 40: not under 40
    assert status_of(staff(("T1", "primary", birth_year, "chinese", None))) == {"T1": status}


@pytest.mark.parametrize("result,status", [(None, "on_roster"), ("failed", "on_roster"), ("passed", "passed"),
                                           ("不合格", "on_roster"), ("合格", "passed")])
def test_never_sat_or_failed_is_on_the_roster(result, status):
    assert status_of(staff(("T1", "secondary", 1990, "physics", result))) == {"T1": status}


@pytest.mark.parametrize("kind,subject,status", [
    ("primary", "mathematics", "on_roster"), ("primary", "english", "on_roster"),
    ("primary", "physics", "other_subject"), ("primary", "music", "other_subject"),
    ("secondary", "physics", "on_roster"), ("secondary", "music", "other_subject"),
    ("secondary", "语文", "on_roster")])
def test_subjects_of_each_examination(kind, subject, status):
    assert status_of(staff(("T1", kind, 1990, subject, None))) == {"T1": status}


def test_kindergarten_and_other_teachers_are_not_concerned_and_unknowns_are_said():
    frame = staff(("K", "kindergarten", 1990, "music", None), ("O", "other", 1990, "chinese", None),
                  ("A", "primary", None, "chinese", None), ("B", "primary", 1990, None, None))
    out = exam_roster(frame, "2024-2025").set_index("teacher_id")
    assert sorted(out.index) == ["A", "B"]
    assert out.loc["A", "status"] == "unknown_age" and pd.isna(out.loc["A", "on_roster"])
    assert out.loc["B", "status"] == "unknown_subject" and pd.isna(out.loc["B", "on_roster"])


def test_roster_rules_are_switchable():
    frame = staff(("T1", "primary", 1980, "music", None))
    assert status_of(frame, rules={"exam_max_age": 45, "exam_primary_subjects": ["music"]}) == {"T1": "on_roster"}


def test_teachers_without_the_new_columns_are_unknown_subject():
    frame = teachers(("T1", "S1", "primary")).assign(birth_year=1990)
    assert status_of(frame) == {"T1": "unknown_subject"}


def test_a_bad_subject_is_an_input_error_naming_row_and_column():
    frame = staff(("T1", "primary", 1990, "chinese", None), ("T2", "primary", 1990, "astrology", None))
    with pytest.raises(InputError) as exc:
        ensure(frame, "teachers")
    p = exc.value.problems[0]
    assert (p.table, p.row, p.column, p.value) == ("teachers", 3, "subject", "astrology")


# --- online courses count as 8 hours of school-based training -----------------------------

def online(cid, credits=3.0):
    return course(cid, mode="online", sessions=4, hours=24.0, credits=credits, end="2025-03-28")


@pytest.mark.parametrize("n_courses,hours", [(2, 0.0), (3, 8.0)])
def test_meeting_the_online_requirement_counts_eight_school_based_hours(n_courses, hours):
    cs = courses(*[online(f"O{i}") for i in range(n_courses)])
    es = enrollments(*[enrollment("P1", f"O{i}") for i in range(n_courses)])
    t = teachers(("P1", "S1", "primary"))
    row = annual_compliance(t, cs, assess(cs, es), "2024-2025").iloc[0]
    assert row["school_based_hours"] == hours


# --- consequences: the county office's list ------------------------------------------------------

def test_consequences_per_teacher_and_year():
    # ten trainees; T10 and T09 are unqualified, T10 (last tenth) is sanctioned, in two courses
    cs = courses(course("C1"), course("C2", end="2025-05-30"), course("C3", end="2025-10-01"))
    es = enrollments(*[enrollment(f"T{i:02d}", c, late=6 if i in (9, 10) else 0,
                                  written=30.0 if i == 10 else 80.0)
                       for c in ("C1", "C2") for i in range(1, 11)],
                     *[enrollment(f"T{i:02d}", "C3") for i in range(1, 11)])
    staff_ = teachers(*[(f"T{i:02d}", "S1", "primary") for i in range(1, 11)])
    out = county_actions(staff_, cs, assess(cs, es))
    t10 = out[out["teacher_id"] == "T10"]
    assert t10[["consequence", "course_id", "year"]].values.tolist() == [
        ["no_title_promotion", "C1", "2024-2025"], ["no_first_class_rating", "C1", "2024-2025"],
        ["fees_borne", "C1", "2024-2025"], ["fees_borne", "C2", "2024-2025"],
        ["no_certificate", "C1", "2024-2025"], ["no_certificate", "C2", "2024-2025"]]
    t09 = out[out["teacher_id"] == "T09"]
    assert t09["consequence"].tolist() == ["no_certificate", "no_certificate"]
    assert set(out["teacher_id"]) == {"T09", "T10"}


def test_no_consequence_for_a_qualified_class():
    cs = courses(course("C1"))
    es = enrollments(enrollment("T1"))
    assert county_actions(teachers(("T1", "S1", "primary")), cs, assess(cs, es)).empty


# --- defaults no text sets: switchable -----------------------------------------------------------

def test_derived_credits_can_be_switched_off():
    c = courses(course("C1", mode="online", hours=20.0, credits=None),
                course("C2", mode="face_to_face", hours=30.0, credits=None),
                course("C3", mode="online", hours=12.0, credits=3.0))
    assert course_credits(c, TrainingRules()).tolist() == [2.5, 5.0, 3.0]
    assert course_credits(c, TrainingRules.load({"derive_credits": False})).tolist() == [0.0, 0.0, 3.0]


def test_derived_credits_off_means_they_no_longer_count_towards_the_online_credits():
    cs = courses(*[course(f"O{i}", mode="online", sessions=4, hours=24.0, credits=None, end="2025-03-28")
                   for i in range(3)])
    es = enrollments(*[enrollment("P1", f"O{i}") for i in range(3)])
    t = teachers(("P1", "S1", "primary"))
    on = annual_compliance(t, cs, assess(cs, es), "2024-2025").iloc[0]
    off_rules = {"derive_credits": False}
    off = annual_compliance(t, cs, assess(cs, es, off_rules), "2024-2025", off_rules).iloc[0]
    assert (on["online_credits"], bool(on["meets_online"])) == (9.0, True)
    assert (off["online_credits"], bool(off["meets_online"])) == (0.0, False)


@pytest.mark.parametrize("name", ["derive_credits", "hours_per_credit", "cycle_min_hours",
                                  "missing_discipline_score", "exam_junior_subjects", "junior_high_kinds"])
def test_defaults_no_text_sets_say_so(name):
    assert "evalnb's reading" in TrainingRules().source_of(name)


def test_cycle_requirement_is_on_by_default_and_can_be_switched_off():
    assert TrainingRules().cycle_min_hours == 360.0
    assert TrainingRules.load({"cycle_min_hours": None}).cycle_min_hours is None


def test_an_unknown_subject_in_the_rules_is_a_rules_error():
    from evalnb import RulesError
    with pytest.raises(RulesError, match="unknown subject"):
        TrainingRules.load({"exam_primary_subjects": ["chinese", "maths!"]})


# --- invariants ---------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from evalnb.training.tables import SUBJECTS  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["primary", "secondary", "kindergarten", "other"]),
                          st.one_of(st.none(), st.integers(1950, 2000)),
                          st.one_of(st.none(), st.sampled_from(SUBJECTS)),
                          st.sampled_from([None, "passed", "failed"])), min_size=1, max_size=12))
def test_roster_invariants(rows):
    frame = staff(*[(f"T{i}", k, b, s, e) for i, (k, b, s, e) in enumerate(rows)])
    out = exam_roster(frame, "2024-2025")
    on = out[out["status"] == "on_roster"]
    # on the roster: under 40, not passed, a subject of its examination; every teacher placed once
    assert (on["age"] < 40).all() and not on["exam_result"].eq("passed").any()
    assert out["teacher_id"].is_unique
    assert set(out["teacher_id"]) == set(frame.loc[frame["kind"].isin(["primary", "secondary"]), "teacher_id"])
    assert out["on_roster"].isna().eq(out["status"].str.startswith("unknown")).all()
