"""``evalnb sample --scale N``: a region of N general schools with the sample's shapes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalnb.assessment import sample as assessment_sample

ASSESSMENT = ("schools", "students", "periods", "marks", "external")


def _region(n, seed=3):
    return assessment_sample.generate(np.random.default_rng(seed), n_schools=n)


def test_a_region_of_twenty_is_the_sample():
    a = assessment_sample.generate(np.random.default_rng(11))
    b = assessment_sample.generate(np.random.default_rng(11), n_schools=20)
    for t in ASSESSMENT:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)


def test_municipalities_take_their_turn_and_the_last_takes_the_rest():
    plans = assessment_sample.region_plan(np.random.default_rng(0), 100)
    sizes = [len(p[0]) for p in plans]
    assert sizes == [20, 35, 45] and sum(sizes) == 100
    names = [p[2] for p in plans]
    assert names == ["г. Армавир", "г. Новороссийск", "г. Краснодар"]
    ids = [i for p in plans for i in p[0]]
    assert ids[0] == "RU001" and ids[-1] == "RU100" and len(set(ids)) == 100
    # a second round of municipalities is numbered
    total = sum(size for _, size in assessment_sample.REGION_MUNICIPALITIES)
    plans = assessment_sample.region_plan(np.random.default_rng(0), total + 1)
    assert plans[-1][2] == "г. Армавир 2" and len(plans[-1][0]) == 1
    assert plans[-1][0] == [f"RU{total + 1:03d}"]
    # four-digit regions keep ids of one width
    assert assessment_sample.region_plan(np.random.default_rng(0), 1000)[0][0][0] == "RU0001"
    with pytest.raises(ValueError):
        assessment_sample.region_plan(np.random.default_rng(0), 0)


def test_a_region_has_the_shapes_of_the_sample():
    sample, region = _region(20), _region(57)
    schools, students, marks = region["schools"], region["students"], region["marks"]
    assert len(schools) == 57 and schools["school_id"].is_unique
    assert students["student_id"].is_unique and set(students["school_id"]) == set(schools["school_id"])
    assert marks["student_id"].isin(students["student_id"]).all()
    assert region["external"]["student_id"].isin(students["student_id"]).all()
    assert schools.groupby("municipality").size().to_dict() == {"г. Армавир": 20, "г. Новороссийск": 35,
                                                                 "г. Краснодар": 2}
    # students per school and marks per student as in the sample (within a fifth)
    per_school = len(students) / len(schools) / (len(sample["students"]) / len(sample["schools"]))
    per_student = len(marks) / len(students) / (len(sample["marks"]) / len(sample["students"]))
    assert 0.8 < per_school < 1.25 and 0.9 < per_student < 1.1
    # every municipality has a gymnasium, basic schools and its schools marking generously
    second = schools[schools["municipality"] == "г. Новороссийск"]
    assert second["name"].str.contains("гимназия").any() and second["name"].str.contains("ООШ").any()
    assert second["name"].is_unique
    st = students.merge(schools[["school_id", "municipality"]], on="school_id")
    m = marks.merge(st[["student_id", "school_id", "municipality"]], on="student_id")
    m = m[m["municipality"] == "г. Новороссийск"]
    mean = m.groupby("school_id")["mark"].mean()
    # the copies of RU004, RU008 and RU014 (schools 4, 8, 14 and 24, 28, 34) mark above the rest
    ids = list(second["school_id"])
    inflated = [ids[k] for k in (3, 7, 13, 23, 27, 33)]
    assert mean[inflated].mean() > mean.drop(inflated).mean() + 0.3


def test_the_region_is_deterministic():
    a, b = _region(25, seed=8), _region(25, seed=8)
    for t in ASSESSMENT:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)
    c = _region(25, seed=9)
    assert not a["marks"]["mark"].equals(c["marks"]["mark"])


def test_the_sample_command_scales_every_domain_built_on_the_schools(tmp_path):
    from evalnb.cli import main

    assert main(["sample", "--scale", "0", "--out", str(tmp_path / "none")]) == 2
    assert not (tmp_path / "none").exists()
    out = tmp_path / "region"
    assert main(["sample", "--scale", "23", "--out", str(out)]) == 0
    schools = pd.read_csv(out / "schools.csv", dtype=str, keep_default_na=False)
    # the assessment's schools (the «500+» schools of the support domain are RUS…)
    ru = schools[schools["school_id"].str.fullmatch(r"RU\d+")]
    assert len(ru) == 23 and ru["municipality"].nunique() == 2
    olympiad = pd.read_csv(out / "olympiad.csv", dtype=str, usecols=["school_id"])
    assert set(olympiad["school_id"]) <= set(schools["school_id"])
    assert {"RU021", "RU023"} <= set(olympiad["school_id"])


# --- the vocational province and the training counties grow with the region ------------------

from evalnb.diagnosis import sample as diagnosis_sample  # noqa: E402
from evalnb.diagnosis.sample_region import _numeral  # noqa: E402
from evalnb.training import sample as training_sample  # noqa: E402

DIAGNOSIS = ("schools", "vocational_status", "self_diagnosis", "review", "review_summary",
             "incidents", "review_requests")
TRAINING = ("schools", "teachers", "courses", "enrollments")


@pytest.fixture(scope="module")
def province():
    return diagnosis_sample.generate(np.random.default_rng(5), 200)


def test_a_province_keeps_the_sample_schools_first_and_copies_their_profiles(province):
    sample = diagnosis_sample.generate(np.random.default_rng(5))
    schools = province["schools"]
    assert len(schools) == 200 and schools["school_id"].is_unique
    assert schools["school_id"].str.fullmatch(r"CN\d{3}").all()
    assert list(schools["school_id"][:3]) == ["CN001", "CN002", "CN003"]
    # the sample's schools, with the same status data, come first
    pd.testing.assert_frame_equal(schools.iloc[:30].reset_index(drop=True), sample["schools"])
    n = len(sample["vocational_status"])
    pd.testing.assert_frame_equal(province["vocational_status"].iloc[:n].reset_index(drop=True),
                                  sample["vocational_status"])
    # names unique in the province, in more cities than the sample's seven
    assert schools["name"].is_unique and schools["municipality"].nunique() > 7
    assert schools["name"].str.endswith(("学校", "中心")).all()
    # every school has every year and indicator once
    status = province["vocational_status"]
    assert len(status) == 200 * len(diagnosis_sample.YEARS) * len(diagnosis_sample.INDICATORS)
    assert not status.duplicated(["school_id", "year", "indicator"]).any()
    # flags and failures in about the sample's shares; the exact boundary cases stay unique
    closing = schools["closing_planned"].astype(bool)
    assert 0.03 < closing.mean() < 0.2 and schools["remote_area"].astype(bool).mean() < 0.3
    v = status[status["year"] == 2023].pivot(index="school_id", columns="indicator", values="value")
    assert (v["enrollment_fulltime"] == 1200).sum() == 1
    eligible = diagnosis_sample._eligible_2023(status)
    assert 0.2 < eligible.mean() < 0.65


def test_a_province_reports_for_two_in_three_with_the_sample_mix(province):
    summary, review = province["review_summary"], province["review"]
    ids = set(province["schools"]["school_id"])
    assert len(summary) == round(20 * 200 / 30) and summary["school_id"].is_unique
    assert set(summary["school_id"]) <= ids
    closing = set(province["schools"].loc[province["schools"]["closing_planned"].astype(bool), "school_id"])
    assert not closing & set(summary["school_id"])
    # 16 elements a school, in the self-diagnosis and the review alike
    for t in (province["self_diagnosis"], review):
        assert len(t) == 16 * len(summary) and set(t["school_id"]) == set(summary["school_id"])
        assert not t.duplicated(["school_id", "cycle", "element"]).any()
    # the sample's shares of targeted measures and effective improvement
    sample = diagnosis_sample.generate(np.random.default_rng(5))["review_summary"]
    for col in ("measures_targeted", "improvement_effective"):
        assert abs(summary[col].mean() - sample[col].mean()) < 0.05, col
    days = pd.to_datetime(summary["concluded_on"])
    assert days.is_monotonic_increasing and days.nunique() == 20
    # incidents and requests for review on schools of the province, the sample's first
    for t, first in (("incidents", ["CN009", "CN029"]), ("review_requests", ["CN013", "CN022"])):
        frame = province[t]
        assert set(frame["school_id"]) <= ids and list(frame["school_id"][:2]) == first
        assert 2 < len(frame) < 40  # their copies: about one school in fifteen
    inc = province["incidents"]
    assert not inc["school_id"].duplicated().any()
    last = province["schools"].set_index("school_id")["last_major_incident"].dropna()
    assert set(last.index) == set(inc["school_id"])


def test_a_province_is_deterministic_and_at_least_the_sample():
    a = diagnosis_sample.generate(np.random.default_rng(2), 45)
    b = diagnosis_sample.generate(np.random.default_rng(2), 45)
    for t in DIAGNOSIS:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)
    c = diagnosis_sample.generate(np.random.default_rng(3), 45)
    assert not a["schools"]["name"].equals(c["schools"]["name"])
    # as many schools as the sample: the sample itself
    same = diagnosis_sample.generate(np.random.default_rng(2), 30)
    base = diagnosis_sample.generate(np.random.default_rng(2))
    for t in DIAGNOSIS:
        pd.testing.assert_frame_equal(same[t], base[t], obj=t)
    with pytest.raises(ValueError):
        diagnosis_sample.generate(np.random.default_rng(2), 29)
    # a thousand schools and more: ids of one wider width
    from evalnb.diagnosis.sample_region import school_ids
    assert school_ids(1000)[0] == "CN0001" and school_ids(999)[-1] == "CN999"


@pytest.mark.parametrize("k, text", [(1, "一"), (2, "二"), (10, "十"), (11, "十一"), (20, "二十"),
                                     (35, "三十五"), (100, "一百"), (105, "一百零五"), (110, "一百一十"),
                                     (999, "九百九十九")])
def test_numbered_vocational_schools_read_as_chinese_numerals(k, text):
    assert _numeral(k) == text


def test_names_stay_unique_when_a_city_runs_out_of_plain_names():
    from evalnb.diagnosis import sample_region

    taken: set = set()
    names = sample_region._names(np.random.default_rng(0), "北海市", taken)
    got = [next(names) for _ in range(300)]
    assert len(set(got)) == 300 and set(got) == taken
    assert any("第二职业技术学校" in n for n in got) and all(n.startswith(("北海市", "合浦县")) for n in got)


def test_training_counties_each_have_the_sample_county_shape():
    sample = training_sample.generate(np.random.default_rng(6))
    region = training_sample.generate(np.random.default_rng(6), 3)
    schools, teachers, courses, enr = (region[t] for t in TRAINING)
    assert len(schools) == 75 and schools["school_id"].is_unique and schools["municipality"].nunique() == 3
    assert schools["municipality"].iloc[0] == "Northbrook County"
    mix = sample["schools"]["kind"].value_counts().to_dict()
    assert all(g["kind"].value_counts().to_dict() == mix for _, g in schools.groupby("municipality"))
    assert schools.groupby("municipality")["name"].apply(lambda s: s.is_unique).all()
    # the first county is the sample, draw for draw
    for t in TRAINING:
        base = sample[t]
        pd.testing.assert_frame_equal(region[t].iloc[:len(base)].reset_index(drop=True), base, obj=t)
    # ids unique, references inside the region, each county's teachers in its own courses
    assert teachers["teacher_id"].is_unique and courses["course_id"].is_unique
    assert len(courses) == 3 * len(sample["courses"])
    assert set(teachers["school_id"]) <= set(schools["school_id"])
    assert enr["teacher_id"].isin(teachers["teacher_id"]).all() and enr["course_id"].isin(courses["course_id"]).all()
    county_of_school = schools.set_index("school_id")["municipality"]
    county_of_teacher = teachers.set_index("teacher_id")["school_id"].map(county_of_school)
    county_of_course = pd.Series(np.repeat(schools["municipality"].unique(), len(sample["courses"])),
                                 index=courses["course_id"].to_numpy())
    assert (enr["teacher_id"].map(county_of_teacher).to_numpy()
            == enr["course_id"].map(county_of_course).to_numpy()).all()
    # teachers and enrollments a county about as many as the sample's
    per = teachers.groupby(teachers["school_id"].map(county_of_school)).size()
    assert ((per / len(sample["teachers"])).between(0.85, 1.15)).all()
    assert 0.85 < len(enr) / 3 / len(sample["enrollments"]) < 1.15


def test_training_region_is_deterministic_with_wider_ids_when_needed():
    a = training_sample.generate(np.random.default_rng(1), 2)
    b = training_sample.generate(np.random.default_rng(1), 2)
    for t in TRAINING:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)
    with pytest.raises(ValueError):
        training_sample.generate(np.random.default_rng(1), 0)
    from evalnb.training.sample_region import county_names
    names = county_names(250)
    assert len(set(names)) == 250 and names[0] == "Northbrook County" and names[-1].endswith(" 2")


def test_scaled_sample_grows_every_part_in_proportion():
    from evalnb.sample import generate

    base, region = generate(0), generate(0, scale=40)
    kinds = lambda t: t["schools"].groupby("language").size()  # noqa: E731
    n0, n1 = kinds(base), kinds(region)
    assert n1["zh"] - n0["zh"] == 60 - 30       # vocational schools: 30 → 60 (the county's six stay)
    assert n1["en"] == 2 * n0["en"]             # two training counties
    assert len(region["vocational_status"]) == 2 * len(base["vocational_status"])
    assert region["schools"]["school_id"].is_unique
    # the same seed, the same region
    again = generate(0, scale=40)
    for t in ("schools", "vocational_status", "teachers", "enrollments", "olympiad", "review"):
        pd.testing.assert_frame_equal(again[t], region[t], obj=t)


def test_a_scaled_sample_passes_the_import_checks(tmp_path):
    from evalnb.core.loading import validate_folder
    from evalnb.sample import write

    paths = write(tmp_path, seed=2, scale=40)
    assert {p.name for p in paths} >= {"schools.csv", "vocational_status.csv", "teachers.csv", "olympiad.csv"}
    problems = validate_folder(tmp_path)
    assert problems == [], problems[:5]


def test_every_municipality_has_the_designed_olympiad_and_control_plan_traits():
    from evalnb.assessment._region import sample_twins
    from evalnb.sample import generate

    t = generate(0, scale=60)
    ru = t["schools"][t["schools"]["school_id"].str.fullmatch(r"RU\d+")]
    twin = sample_twins(ru)
    assert (twin[[f"RU{i:03d}" for i in range(1, 21)]].to_numpy()
            == [f"RU{i:03d}" for i in range(1, 21)]).all()
    assert twin["RU021"] == "RU001" and twin["RU044"] == "RU004" and twin["RU056"] == "RU001"
    second = ru.loc[ru["municipality"] == "г. Новороссийск", "school_id"]
    # the copies of the schools that never reach the regional stage do not reach it either
    olympiad = t["olympiad"]
    regional = set(olympiad.loc[olympiad["stage"] == "regional", "school_id"])
    never = {s for s in second if twin[s] in ("RU011", "RU012", "RU014", "RU016", "RU017")}
    assert len(never) == 8 and not never & regional and set(second) & regional  # 35 schools: 5 + 3
    # the copy of RU017 sent nobody to the municipal stage of 2017-2018
    m17 = olympiad[(olympiad["stage"] == "municipal") & (olympiad["year"] == "2017-2018")]
    assert not {s for s in second if twin[s] == "RU017"} & set(m17["school_id"])
    # control plans: the copy of RU008 has no personal results, the copy of RU004 no January
    plan = t["control_plan"]
    ru28 = plan[plan["school_id"] == "RU028"]
    assert len(ru28) and not (ru28["result_kind"] == "personal").any()
    assert not (plan.loc[plan["school_id"] == "RU024", "month"] == 1).any()
    assert (plan.loc[plan["school_id"] == "RU025", "month"] == 1).any()
