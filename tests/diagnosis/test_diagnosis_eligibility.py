"""Eligibility for sampled review: guidance §4(三)–(四), §6; 教职成〔2010〕12号."""

import math

import pandas as pd
import pytest

from evalnb import InputError, RulesError
from evalnb.diagnosis import DiagnosisRules, eligibility, eligibility_by_year, eligibility_long


def run(schools_of, status_of, values, year=2022, rules=None, **school_cols):
    schools = schools_of(["A"], **school_cols)
    return eligibility(schools, status_of({("A", year): values}), year, rules).iloc[0]


@pytest.mark.parametrize("enrollment,ok", [(1199, False), (1200, True), (1201, True)])
def test_enrollment_edge(schools_of, status_of, good, enrollment, ok):
    # keep the ratio and equipment per student fine whatever the enrolment
    good.update(enrollment_fulltime=enrollment, teachers_fulltime=61, equipment_value_yuan=enrollment * 3000)
    e = run(schools_of, status_of, good)
    assert e["enrollment_value"] == enrollment and e["enrollment_threshold"] == 1200
    assert bool(e["enrollment_ok"]) == ok
    assert e["n_failed"] == (0 if ok else 1)
    assert bool(e["eligible"]) == ok


@pytest.mark.parametrize("teachers,ratio,ok", [(75, 20.0, True), (74, 1500 / 74, False), (76, 1500 / 76, True)])
def test_student_teacher_ratio_of_exactly_twenty_is_fine(schools_of, status_of, good, teachers, ratio, ok):
    good.update(teachers_fulltime=teachers, teachers_professional=teachers)
    e = run(schools_of, status_of, good)
    assert e["student_teacher_ratio_value"] == pytest.approx(ratio)
    assert bool(e["student_teacher_ratio_ok"]) == ok
    assert bool(e["eligible"]) == ok


def test_zero_teachers_gives_nan_and_fails_without_exception(schools_of, status_of, good):
    good.update(teachers_fulltime=0, teachers_professional=0)
    e = run(schools_of, status_of, good)
    assert math.isnan(e["student_teacher_ratio_value"]) and math.isnan(e["professional_share_value"])
    assert not e["student_teacher_ratio_ok"] and not e["professional_share_ok"] and not e["eligible"]
    assert "student_teacher_ratio" in e["missing"].split(";")


@pytest.mark.parametrize("prof,ok", [(37, False), (37.5, True), (38, True)])
def test_professional_share_edge(schools_of, status_of, good, prof, ok):
    good.update(teachers_fulltime=75, teachers_professional=prof)
    assert bool(run(schools_of, status_of, good)["professional_share_ok"]) == ok


@pytest.mark.parametrize("area,ok", [(23999, False), (24000, True)])
def test_building_area_edge(schools_of, status_of, good, area, ok):
    good.update(building_area_m2=area)
    assert bool(run(schools_of, status_of, good)["building_area_ok"]) == ok


@pytest.mark.parametrize("value,ok", [(3_749_999, False), (3_750_000, True)])
def test_equipment_per_student_edge(schools_of, status_of, good, value, ok):
    good.update(enrollment_fulltime=1500, equipment_value_yuan=value)   # 2500 yuan × 1500 = 3 750 000
    assert bool(run(schools_of, status_of, good)["equipment_per_student_ok"]) == ok


@pytest.mark.parametrize("system,ok", [(1, True), (0, False), (None, False)])
def test_diagnosis_system_condition(schools_of, status_of, good, system, ok):
    if system is None:
        del good["diagnosis_system"]
    else:
        good["diagnosis_system"] = system
    e = run(schools_of, status_of, good)
    assert bool(e["system_ok"]) == ok and bool(e["eligible"]) == ok
    assert e["n_failed"] == 0


def test_remote_area_thresholds_apply_only_to_remote_schools(schools_of, status_of, good):
    good.update(enrollment_fulltime=900, teachers_fulltime=60, equipment_value_yuan=900 * 3000,
                building_area_m2=18000)
    rules = {"remote_area": {"min_enrollment": 800, "min_building_area_m2": 16000}}
    schools = schools_of(["A", "B"], remote_area=[True, False])
    s = status_of({("A", 2022): good, ("B", 2022): good})
    e = eligibility(schools, s, 2022, rules).set_index("school_id")
    assert e.loc["A", "enrollment_threshold"] == 800 and e.loc["B", "enrollment_threshold"] == 1200
    assert bool(e.loc["A", "eligible"]) and not bool(e.loc["B", "eligible"])
    assert e.loc["B", "n_failed"] == 2


def test_rules_from_a_yaml_file(tmp_path, schools_of, status_of, good):
    path = tmp_path / "province.yaml"
    path.write_text("diagnosis:\n  min_enrollment: 1000\n  plan_date: '2016-05-27'\n", encoding="utf-8")
    good.update(enrollment_fulltime=1100, teachers_fulltime=55)
    e = run(schools_of, status_of, good, rules=str(path))
    assert e["enrollment_threshold"] == 1000 and bool(e["eligible"])


@pytest.mark.parametrize("bad", [{"remote_area": {"min_pupils": 1}}, {"plan_date": "27.05.2016"},
                                 {"min_enrollment": "many"}, {"no_such_rule": 1}])
def test_bad_rules_are_rules_errors(bad):
    with pytest.raises(RulesError):
        DiagnosisRules.load(bad)


@pytest.mark.parametrize("year,stop", [(2018, False), (2019, True), (2020, True)])
def test_deadline_three_years_after_the_plan_then_enrolment_stops(schools_of, status_of, good, year, stop):
    good.update(enrollment_fulltime=1000, teachers_fulltime=50, equipment_value_yuan=3e6)
    e = run(schools_of, status_of, good, year=year, rules={"plan_date": "2016-05-27"})
    assert not e["eligible"]
    assert e["deadline"] == pd.Timestamp("2019-05-27")
    assert bool(e["stop_enrollment"]) == stop


def test_eligible_school_has_no_deadline(schools_of, status_of, good):
    e = run(schools_of, status_of, good, rules={"plan_date": "2016-05-27"})
    assert e["eligible"] and pd.isna(e["deadline"]) and not e["stop_enrollment"]


def test_only_vocational_schools_one_row_each(schools_of, status_of, good):
    schools = schools_of(["A", "B", "C"])
    schools.loc[2, "kind"] = "general"
    e = eligibility(schools, status_of({("A", 2022): good}), 2022)
    assert e["school_id"].tolist() == ["A", "B"]
    assert not e.set_index("school_id").loc["B", "eligible"]
    assert e.set_index("school_id").loc["B", "missing"].count(";") == 5


def test_missing_required_column_is_an_input_error(status_of, good):
    with pytest.raises(InputError) as exc:
        eligibility(pd.DataFrame({"school_id": ["A"]}), status_of({("A", 2022): good}), 2022)
    assert exc.value.table == "schools" and exc.value.column == "name"


def test_long_form_and_as_of_years(schools_of, status_of, good):
    schools = schools_of(["A"])
    bad = dict(good, enrollment_fulltime=100)
    s = status_of({("A", 2020): bad, ("A", 2022): good})
    long = eligibility_long(eligibility(schools, s, 2022))
    assert long["indicator"].tolist() == ["enrollment", "student_teacher_ratio", "professional_share",
                                          "building_area", "equipment_per_student", "system"]
    by = eligibility_by_year(schools, s, [2019, 2020, 2021, 2022, 2023]).set_index("year")
    assert by["eligible"].to_dict() == {2019: False, 2020: False, 2021: False, 2022: True, 2023: True}
    assert by.loc[2021, "status_year"] == 2020 and pd.isna(by.loc[2019, "status_year"])
