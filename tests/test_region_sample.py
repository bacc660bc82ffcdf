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
