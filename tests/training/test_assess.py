"""assess(): points, qualification, commendation, sanctions, hours and credits — by hand.

County plan, §5 training evaluation: knowledge 70 + attendance 15 + discipline 15;
unqualified when absent from 1/3 of the classes, late / early more than 5 times,
no written test, or total < 60 (DATA.md); about a third commended; the
unqualified last tenth sanctioned; only the qualified are credited.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evalnb import InputError, RulesError
from evalnb.training import REASONS, TrainingRules, assess, course_credits

from .conftest import class_with_totals, course, courses, enrollment, enrollments, teachers

CONTRACT = ["course_id", "teacher_id", "knowledge_points", "attendance_points", "discipline_points",
            "total", "qualified", "reasons", "commended", "sanctioned", "hours_credited",
            "credits_credited"]


def one(sessions=9, rules=None, **kw) -> pd.Series:
    out = assess(courses(course("C1", sessions=sessions, hours=18, credits=2)),
                 enrollments(enrollment("T1", **kw)), rules)
    return out.iloc[0]


def test_columns_of_the_contract_in_the_order_given():
    out = assess(courses(course("C1")), enrollments(enrollment("T2"), enrollment("T1")))
    assert list(out.columns[:len(CONTRACT)]) == CONTRACT
    assert out["teacher_id"].tolist() == ["T2", "T1"]


def test_points_by_hand():
    # 9 sessions, 2 absences: attendance 15 × 7/9 = 11.666667; written 85 → 59.5; discipline 12
    r = one(sessions=9, absences=2, written=85, discipline=12)
    assert r.knowledge_points == pytest.approx(59.5)
    assert r.attendance_points == pytest.approx(15 * 7 / 9, abs=1e-6)
    assert r.discipline_points == 12
    assert r.total == pytest.approx(59.5 + 15 * 7 / 9 + 12, abs=1e-6)
    assert r.qualified and r.reasons == ""


@pytest.mark.parametrize("sessions,absences,unqualified", [
    (9, 2, False),
    (9, 3, True),    # exactly a third IS unqualified
    (10, 3, False),  # 3 < 10/3
    (10, 4, True),
    (6, 2, True),    # exactly a third again
    (3, 1, True),
    (1, 0, False),
    (12, 4, True),
    (12, 3, False),
])
def test_absence_from_a_third_of_the_sessions(sessions, absences, unqualified):
    r = one(sessions=sessions, absences=absences, written=100, discipline=15)
    assert ("absence" in r.reasons.split(",")) is unqualified
    assert bool(r.qualified) is (not unqualified)
    assert r.attendance_points == pytest.approx(15 * (sessions - absences) / sessions, abs=1e-6)


@pytest.mark.parametrize("late,qualified", [(0, True), (5, True), (6, False), (12, False)])
def test_late_or_early_more_than_five_times(late, qualified):
    r = one(late=late)
    assert bool(r.qualified) is qualified
    assert r.reasons == ("" if qualified else "lateness")
    assert r.total == pytest.approx(0.7 * 80 + 15 + 15)  # lateness costs no points, only the qualification


def test_missing_written_test_is_unqualified_and_counts_zero_knowledge():
    r = one(written=None)
    assert r.knowledge_points == 0
    assert r.total == 30
    assert not r.qualified
    assert r.reasons == "no_exam,score"
    assert r.hours_credited == 0 and r.credits_credited == 0


def test_missing_written_test_when_the_county_does_not_require_it():
    r = one(written=None, rules={"exam_required": False, "pass_mark": 30})
    assert r.qualified and r.reasons == ""


@pytest.mark.parametrize("written,discipline,total,qualified", [
    (57, 5.0, 59.9, False),   # 39.9 + 15 + 5
    (57, 5.1, 60.0, True),    # 39.9 + 15 + 5.1: exactly the pass mark
    (60, 3.0, 60.0, True),    # 42 + 15 + 3
    (58, 4.4, 60.0, True),    # 40.6 + 15 + 4.4
    (58, 4.3, 59.9, False),   # 40.6 + 15 + 4.3
    (100, 15.0, 100.0, True),
    (0, 0.0, 15.0, False),
])
def test_pass_mark_60(written, discipline, total, qualified):
    r = one(sessions=10, written=written, discipline=discipline)
    assert r.total == total  # exact: points are rounded to 6 decimals, no float noise at the edge
    assert bool(r.qualified) is qualified
    assert r.reasons == ("" if qualified else "score")


def test_several_reasons_are_all_listed_in_order():
    r = one(sessions=9, absences=5, late=7, written=None)
    assert r.reasons.split(",") == ["absence", "lateness", "no_exam", "score"]
    assert tuple(r.reasons.split(",")) == REASONS


@pytest.mark.parametrize("rules,points,total", [
    (None, 0.0, 71.0),                                   # 56 + 15 + 0: no record, no points
    ({"missing_discipline_score": 15}, 15.0, 86.0),       # a county presuming good discipline
    ({"missing_discipline_score": 7.5}, 7.5, 78.5),
])
def test_missing_discipline_score(rules, points, total):
    r = one(sessions=10, discipline=None, rules=rules)
    assert r.discipline_points == points
    assert r.total == total


def test_discipline_points_scale_with_the_county_weights():
    rules = {"knowledge_points": 60, "attendance_points": 20, "discipline_points": 20}
    r = one(sessions=10, absences=1, written=50, discipline=7.5, rules=rules)
    assert (r.knowledge_points, r.attendance_points, r.discipline_points) == (30.0, 18.0, 10.0)


# --- commendation: the best ⌈n/3⌉ of the qualified, n = all enrolled ---------------

@pytest.mark.parametrize("totals,expected", [
    ([95, 90, 85, 80, 75, 70], [True, True, False, False, False, False]),        # n=6 → 2
    ([95, 90, 85, 80, 75, 70, 65], [True, True, True, False, False, False, False]),  # n=7 → 3
    ([95, 90, 85, 80], [True, True, False, False]),                                # n=4 → 2
    ([95, 90, 85, 80, 75], [True, True, False, False, False]),                     # n=5 → 2
    ([90, 86, 86, 80, 75, 70], [True, True, True, False, False, False]),           # tie at the cut: all
    ([86, 86, 86, 86], [True, True, True, True]),                                  # everyone tied
    ([72], [True]),                                                                # n=1 → 1
])
def test_commended_best_third(totals, expected):
    out = assess(courses(course("C1")), class_with_totals(totals))
    assert out["total"].tolist() == pytest.approx(totals)
    assert out["commended"].tolist() == expected
    assert out["commended"].sum() >= math.ceil(len(totals) / 3) or not all(out["qualified"])


def test_commendation_skips_the_unqualified_but_counts_them_in_n():
    # n = 6 → 2 commended; the best total (95) is unqualified by lateness
    out = assess(courses(course("C1")), class_with_totals(
        [95, 90, 85, 80, 75, 70], qualified=[False, True, True, True, True, True]))
    assert out["commended"].tolist() == [False, True, True, False, False, False]


def test_commendation_when_few_are_qualified():
    # n = 9 → cut 3, but only 2 are qualified: both commended, no more
    q = [True, True] + [False] * 7
    out = assess(courses(course("C1")), class_with_totals([90, 80, 95, 94, 93, 92, 91, 70, 65], qualified=q))
    assert out["commended"].tolist() == q


def test_commendation_is_per_course():
    e = pd.concat([class_with_totals([90, 80, 70], "A"), class_with_totals([60, 65, 70, 75], "B")],
                  ignore_index=True)
    out = assess(courses(course("A"), course("B")), e)
    assert out.loc[out.course_id == "A", "commended"].tolist() == [True, False, False]
    assert out.loc[out.course_id == "B", "commended"].tolist() == [False, False, True, True]


# --- sanctions: unqualified and in the bottom ⌈n/10⌉ ------------------------------------

def test_sanctioned_bottom_tenth_of_ten():
    totals = [95, 90, 88, 86, 84, 82, 80, 78, 50, 40]   # n = 10 → bottom 1; 50 and 40 are unqualified
    out = assess(courses(course("C1")), class_with_totals(totals))
    assert out["qualified"].tolist() == [True] * 8 + [False, False]
    assert out["sanctioned"].tolist() == [False] * 9 + [True]


def test_sanctioned_bottom_tenth_of_eleven_is_two():
    totals = [95, 90, 88, 86, 84, 82, 80, 78, 76, 50, 40]   # n = 11 → ⌈1.1⌉ = 2
    out = assess(courses(course("C1")), class_with_totals(totals))
    assert out["sanctioned"].tolist() == [False] * 9 + [True, True]


def test_thirty_trainees_give_three_not_four():
    # 30 × 0.1 is 3.0000000000000004 in floating point: the cut must still be 3
    totals = [90 - i for i in range(26)] + [50, 45, 40, 35]
    out = assess(courses(course("C1")), class_with_totals(totals))
    assert out["sanctioned"].sum() == 3
    assert out["sanctioned"].tolist()[-3:] == [True, True, True]
    assert out["commended"].sum() == 10


def test_bottom_but_qualified_is_not_sanctioned_and_unqualified_above_the_cut_neither():
    totals = [95, 90, 88, 86, 84, 82, 80, 78, 76, 61]
    q = [False] + [True] * 9   # the best is unqualified (lateness): not in the bottom tenth
    out = assess(courses(course("C1")), class_with_totals(totals, qualified=q))
    assert not out["sanctioned"].any()


def test_ties_at_the_sanction_cut_are_all_sanctioned():
    totals = [95, 90, 88, 86, 84, 82, 80, 78, 40, 40]   # n = 10 → bottom 1, but two share it
    out = assess(courses(course("C1")), class_with_totals(totals))
    assert out["sanctioned"].tolist() == [False] * 8 + [True, True]


def test_sanctioned_and_commended_never_together():
    rng = np.random.default_rng(3)
    e = enrollments(*[enrollment(f"T{i}", absences=int(rng.integers(0, 5)), late=int(rng.integers(0, 8)),
                                 written=float(rng.integers(0, 101)) if rng.random() > .1 else None,
                                 discipline=float(rng.integers(0, 16))) for i in range(57)])
    out = assess(courses(course("C1", sessions=10)), e)
    assert not (out["commended"] & out["sanctioned"]).any()
    assert not (out["commended"] & ~out["qualified"]).any()
    assert not (out["sanctioned"] & out["qualified"]).any()
    assert out["sanctioned"].sum() <= 6 + (out["total"] == out["total"].min()).sum()


# --- hours and credits -------------------------------------------------------------------

def test_only_the_qualified_are_credited():
    out = assess(courses(course("C1", sessions=9, hours=18, credits=2)),
                 enrollments(enrollment("T1"), enrollment("T2", absences=3)))
    assert out["hours_credited"].tolist() == [18.0, 0.0]
    assert out["credits_credited"].tolist() == [2.0, 0.0]


@pytest.mark.parametrize("mode,hours,credits,rules,expected", [
    ("face_to_face", 18, None, None, 3.0),                 # 6 hours a credit
    ("online", 20, None, None, 2.5),                       # 8 hours a credit
    ("face_to_face", 18, None, {"hours_per_credit": {"face_to_face": 8}}, 2.25),
    ("online", 25, None, {"hours_per_credit": {"online": 10}}, 2.5),
    ("online", 20, None, {"credit_step": 1.0}, 2.0),       # rounded down to whole credits
    ("face_to_face", 20, None, {"credit_step": 0.5}, 3.0),  # 3.33 → 3.0
    ("online", 20, 4, None, 4.0),                          # stated credits are kept
    ("online", 20, 0, None, 0.0),                          # stated zero is kept, not derived
])
def test_credits_derived_from_hours_when_the_course_has_none(mode, hours, credits, rules, expected):
    c = courses(course("C1", mode=mode, hours=hours, credits=credits))
    out = assess(c, enrollments(enrollment("T1")), rules)
    assert out["credits_credited"].iloc[0] == pytest.approx(expected)
    assert course_credits(c, TrainingRules.load(rules)).iloc[0] == pytest.approx(expected)


def test_accepts_csv_text_as_read_from_files():
    c = pd.DataFrame({"course_id": ["C1"], "title": ["x"], "mode": ["online"], "sessions": ["4"],
                      "hours": ["8"], "credits": [""], "start": ["2025-01-01"], "end": ["2025-01-31"]})
    e = pd.DataFrame({"course_id": ["C1"], "teacher_id": ["007"], "absences": ["1"],
                      "late_or_early": ["0"], "written_score": [""], "discipline_score": ["15"]})
    r = assess(c, e).iloc[0]
    assert r.teacher_id == "007" and r.reasons == "no_exam,score"


def test_empty_enrollments():
    out = assess(courses(course("C1")), enrollments())
    assert out.empty and list(out.columns[:len(CONTRACT)]) == CONTRACT


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("bad,column,value", [
    ({"absences": 10}, "absences", 10),            # above the course's 9 sessions
    ({"written": 101}, "written_score", 101),
    ({"written": -1}, "written_score", -1),
    ({"discipline": 16}, "discipline_score", 16),
    ({"late": -1}, "late_or_early", -1),
])
def test_bad_values_name_table_row_and_column(bad, column, value):
    e = enrollments(enrollment("T1"), enrollment("T2", **bad))
    with pytest.raises(InputError) as exc:
        assess(courses(course("C1", sessions=9)), e)
    err = exc.value
    assert (err.table, err.row, err.column) == ("enrollments", 3, column)  # second data row = row 3
    assert float(err.value) == value


def test_unknown_course_and_unknown_teacher():
    with pytest.raises(InputError) as exc:
        assess(courses(course("C1")), enrollments(enrollment("T1", "C9")))
    assert (exc.value.table, exc.value.column, exc.value.value) == ("enrollments", "course_id", "C9")
    with pytest.raises(InputError) as exc:
        assess(courses(course("C1")), enrollments(enrollment("T1"), enrollment("T404")),
               teachers=teachers(("T1", "S1", "primary")))
    assert (exc.value.row, exc.value.column, exc.value.value) == (3, "teacher_id", "T404")
    assert "unknown teacher" in exc.value.rule


def test_not_a_number_and_missing_column():
    e = enrollments(enrollment("T1")).astype(object)
    e.loc[0, "absences"] = "two"
    with pytest.raises(InputError) as exc:
        assess(courses(course("C1")), e)
    assert (exc.value.column, exc.value.value) == ("absences", "two")
    with pytest.raises(InputError, match="late_or_early"):
        assess(courses(course("C1")), enrollments(enrollment("T1")).drop(columns="late_or_early"))


def test_not_a_frame():
    with pytest.raises(InputError, match="DataFrame"):
        assess(courses(course("C1")), [{"course_id": "C1"}])


# --- rules overrides -------------------------------------------------------------------------

def test_rules_from_a_yaml_file(tmp_path):
    path = tmp_path / "county.yaml"
    path.write_text("training:\n  pass_mark: 65\n  max_late_or_early: 3\n"
                    "  hours_per_credit: {face_to_face: 9}\n", encoding="utf-8")
    e = enrollments(enrollment("T1", written=60), enrollment("T2", late=4), enrollment("T3", late=3),
                    enrollment("T4", written=50))
    out = assess(courses(course("C1", hours=18, credits=None)), e, str(path))
    # T1: 42 + 30 = 72; T2: late 4 > 3; T3: 86; T4: 35 + 30 = 65 ≥ 65
    assert out["qualified"].tolist() == [True, False, True, True]
    assert out["credits_credited"].tolist() == [2.0, 0.0, 2.0, 2.0]
    with_defaults = assess(courses(course("C1", hours=18, credits=None)), e)
    assert with_defaults["qualified"].all()


def test_rules_from_a_dict_and_shares():
    totals = [95, 90, 88, 86, 84, 82]
    out = assess(courses(course("C1")), class_with_totals(totals), {"commend_share": 0.5})
    assert out["commended"].sum() == 3
    out = assess(courses(course("C1")), class_with_totals(totals), {"absence_share": 0.25, "pass_mark": 85})
    assert out["qualified"].tolist() == [True, True, True, True, False, False]


@pytest.mark.parametrize("rules,match", [
    ({"pass_marc": 65}, "unknown rule 'pass_marc'"),
    ({"pass_mark": "sixty"}, "must be float"),
    ({"max_late_or_early": 5.5}, "must be int"),
    ({"knowledge_points": 80}, "make 100"),
    ({"hours_per_credit": {"blended": 7}}, "unknown mode"),
    ({"commend_share": 1.5}, "share between 0 and 1"),
    ({"missing_discipline_score": 20}, "missing_discipline_score"),
    ({"school_year_start": "9-1"}, "MM-DD"),
])
def test_bad_rules(rules, match):
    with pytest.raises(RulesError, match=match):
        assess(courses(course("C1")), enrollments(enrollment("T1")), rules)


def test_bad_rules_file_names_the_file(tmp_path):
    path = tmp_path / "county.yaml"
    path.write_text("training:\n  pass_mark: 65\n  sanction_shar: 0.2\n", encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        TrainingRules.load(path)
    assert exc.value.table == str(path) and exc.value.column == "sanction_shar"
    with pytest.raises(RulesError, match="not found"):
        TrainingRules.load(tmp_path / "missing.yaml")


def test_every_rule_names_its_source():
    for item in TrainingRules().describe():
        assert item["source"], item["rule"]


def test_the_example_rules_file_holds_the_defaults():
    from pathlib import Path

    import evalnb.training

    example = Path(evalnb.training.__file__).with_name("rules.example.yaml")
    assert TrainingRules.load(example) == TrainingRules()
    assert evalnb.training.RULES is TrainingRules


@pytest.mark.parametrize("rules_cls", [
    pytest.param("evalnb.training.rules:TrainingRules", id="training"),
    pytest.param("evalnb.assessment.rules:AssessmentRules", id="assessment"),
    pytest.param("evalnb.diagnosis.rules:DiagnosisRules", id="diagnosis"),
])
def test_every_rule_cites_a_regulation_or_says_it_is_evalnbs_reading(rules_cls):
    import importlib
    import re

    module, _sep, name = rules_cls.partition(":")
    cls = getattr(importlib.import_module(module), name)
    cites = ("county plan", "Ministry of Education", "order", "FIOKO", "Симонов", "教职成")
    for item in cls().describe():
        source = item["source"]
        # never a file, a module or a note of the project
        assert not re.search(r"DATA\.md|\.py\b|\.md\b|\bevalnb\.\w|seed", source), (item["rule"], source)
        if "evalnb's reading" in source:
            assert "because" in source or "sets no" in source, (item["rule"], source)
        else:
            assert any(c in source for c in cites), (item["rule"], source)
