"""Status data: derived rates (DATA.md), three-year trends, position in the province."""

import math

import numpy as np
import pytest

from evalnb import InputError
from evalnb.diagnosis import province_position, status_rates, trends


def test_rates_hand_computed(status_of):
    s = status_of({("A", 2022): {
        "enrollment_fulltime": 1500, "teachers_fulltime": 75, "teachers_professional": 45,
        "teachers_dual": 30, "teachers_senior": 15, "equipment_value_yuan": 3_000_000,
        "graduates": 400, "graduates_employed": 380, "graduates_further_study": 80,
        "graduates_matching": 240, "graduates_dual_cert": 300, "enrolled_start": 1600,
        "dropouts": 32, "late_person_times": 900, "absence_person_times": 1800, "student_weeks": 60000}})
    r = status_rates(s).iloc[0]
    assert r["student_teacher_ratio"] == 20.0
    assert r["professional_share"] == 0.6
    assert r["dual_share"] == pytest.approx(30 / 45)
    assert r["senior_share"] == 0.2
    assert r["equipment_per_student"] == 2000.0
    assert r["employment_rate"] == 0.95
    assert r["matching_rate"] == 0.8            # 240 / (380 - 80)
    assert r["dual_cert_rate"] == 0.75
    assert r["dropout_rate"] == 0.02
    assert r["late_rate"] == 1.5                # 100 · 900 / 60000
    assert r["absence_rate"] == 3.0


@pytest.mark.parametrize("zero,rates", [
    ("teachers_fulltime", ["student_teacher_ratio", "professional_share", "senior_share"]),
    ("teachers_professional", ["dual_share"]),
    ("enrollment_fulltime", ["equipment_per_student"]),
    ("graduates", ["employment_rate", "dual_cert_rate"]),
    ("enrolled_start", ["dropout_rate"]),
    ("student_weeks", ["late_rate", "absence_rate"]),
])
def test_zero_denominator_gives_nan_never_inf(status_of, zero, rates):
    base = {"enrollment_fulltime": 1000, "teachers_fulltime": 50, "teachers_professional": 30,
            "teachers_dual": 10, "teachers_senior": 5, "equipment_value_yuan": 1e6, "graduates": 300,
            "graduates_employed": 280, "graduates_further_study": 30, "graduates_matching": 200,
            "graduates_dual_cert": 250, "enrolled_start": 1100, "dropouts": 20,
            "late_person_times": 10, "absence_person_times": 20, "student_weeks": 4000}
    base[zero] = 0
    r = status_rates(status_of({("A", 2022): base})).iloc[0]
    for rate in rates:
        assert math.isnan(r[rate]), rate
    numeric = status_rates(status_of({("A", 2022): base})).select_dtypes("number")
    assert not np.isinf(numeric.to_numpy()).any()


def test_matching_rate_with_everyone_in_further_study_is_nan(status_of):
    s = status_of({("A", 2022): {"graduates_employed": 50, "graduates_further_study": 50,
                                 "graduates_matching": 0}})
    assert math.isnan(status_rates(s)["matching_rate"].item())


def test_missing_indicator_gives_nan(status_of):
    r = status_rates(status_of({("A", 2022): {"enrollment_fulltime": 1000}})).iloc[0]
    assert math.isnan(r["student_teacher_ratio"]) and math.isnan(r["teachers_fulltime"])


def test_bad_status_row_is_an_input_error(status_of):
    s = status_of({("A", 2022): {"enrollment_fulltime": -5}})
    with pytest.raises(InputError) as exc:
        status_rates(s)
    assert exc.value.table == "vocational_status" and exc.value.column == "value" and exc.value.row == 2


def test_three_year_trend_and_better_direction(status_of):
    s = status_of({("A", 2020): {"dropouts": 30, "enrolled_start": 1000, "enrollment_fulltime": 900},
                   ("A", 2021): {"dropouts": 20, "enrolled_start": 1000, "enrollment_fulltime": 950},
                   ("A", 2022): {"dropouts": 10, "enrolled_start": 1000, "enrollment_fulltime": 950},
                   ("A", 2019): {"dropouts": 99, "enrolled_start": 1000, "enrollment_fulltime": 1}})
    t = trends(s, indicators=["dropout_rate", "enrollment_fulltime", "teachers_fulltime"]).set_index("indicator")
    assert t.loc["dropout_rate", "year_from"] == 2020 and t.loc["dropout_rate", "year_to"] == 2022
    assert t.loc["dropout_rate", "change"] == pytest.approx(-0.02)
    assert (t.loc["dropout_rate", "direction"], t.loc["dropout_rate", "assessment"]) == ("down", "better")
    assert (t.loc["enrollment_fulltime", "direction"], t.loc["enrollment_fulltime", "assessment"]) == ("up", "better")
    assert t.loc["teachers_fulltime", "direction"] == "n/a" and t.loc["teachers_fulltime", "n_years"] == 0
    assert [t.loc["enrollment_fulltime", f"y{i}"] for i in range(3)] == [900, 950, 950]


def test_trend_flat_and_single_year(status_of):
    s = status_of({("A", 2021): {"enrollment_fulltime": 900}, ("A", 2022): {"enrollment_fulltime": 900},
                   ("B", 2022): {"enrollment_fulltime": 500}})
    t = trends(s, indicators=["enrollment_fulltime"]).set_index("school_id")
    assert t.loc["A", "direction"] == "flat" and t.loc["A", "assessment"] == "same"
    assert t.loc["B", "direction"] == "n/a" and t.loc["B", "n_years"] == 1


def test_province_position_rank_and_percentile(schools_of, status_of):
    schools = schools_of(["A", "B", "C", "D"])
    vals = {"A": (1500, 60), "B": (900, 60), "C": (1200, 60), "D": (1200, 0)}
    s = status_of({(k, 2022): {"enrollment_fulltime": e, "teachers_fulltime": t} for k, (e, t) in vals.items()})
    p = province_position(schools, s, 2022, ["enrollment_fulltime", "student_teacher_ratio"])
    e = p[p["indicator"] == "enrollment_fulltime"].set_index("school_id")
    assert e["rank"].to_dict() == {"A": 1, "B": 4, "C": 2, "D": 2}
    assert e.loc["A", "percentile"] == 1.0 and e.loc["B", "percentile"] == 0.25
    assert e.loc["A", "median"] == 1200
    r = p[p["indicator"] == "student_teacher_ratio"].set_index("school_id")
    # lower is better: B (15) first; D has no teachers → no value, no rank
    assert r.loc["B", "rank"] == 1 and r.loc["A", "rank"] == 3
    assert math.isnan(r.loc["D", "value"]) and math.isnan(r.loc["D", "rank"]) and r.loc["A", "n"] == 3


def test_province_column_groups_schools(schools_of, status_of):
    schools = schools_of(["A", "B", "C"], province=["P1", "P1", "P2"])
    s = status_of({(k, 2022): {"enrollment_fulltime": v} for k, v in (("A", 1), ("B", 2), ("C", 3))})
    p = province_position(schools, s, 2022, ["enrollment_fulltime"]).set_index("school_id")
    assert p["n"].to_dict() == {"A": 2, "B": 2, "C": 1}
    assert p.loc["C", "rank"] == 1
