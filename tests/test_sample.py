"""The sample district generator (evalnb.sample) and the committed data/sample files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalnb.core import schemas
from evalnb.sample import generate, tables, to_csv_text, write
from evalnb.sample.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
ELEMENTS = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2",
            "5.1", "5.2", "5.3", "6.1", "6.2", "6.3")
INDICATORS = (
    "enrollment_fulltime", "teachers_fulltime", "teachers_professional", "teachers_dual",
    "teachers_senior", "teachers_part_time", "building_area_m2", "land_area_m2",
    "equipment_value_yuan", "books_print", "graduates", "graduates_dual_cert",
    "graduates_employed", "graduates_further_study", "graduates_matching", "enrolled_start",
    "dropouts", "late_person_times", "absence_person_times", "student_weeks", "diagnosis_system",
)


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return generate(0)


@pytest.fixture(scope="module")
def wide(t) -> pd.DataFrame:
    """vocational_status as one row per school and year, with the derived rates."""
    w = t["vocational_status"].pivot(index=["school_id", "year"], columns="indicator",
                                     values="value").astype(float)
    w["ratio"] = w["enrollment_fulltime"] / w["teachers_fulltime"]
    w["prof_share"] = w["teachers_professional"] / w["teachers_fulltime"]
    w["dual_share"] = w["teachers_dual"] / w["teachers_professional"]
    w["equipment_ps"] = w["equipment_value_yuan"] / w["enrollment_fulltime"]
    w["employment"] = w["graduates_employed"] / w["graduates"]
    w["matching"] = w["graduates_matching"] / (w["graduates_employed"]
                                               - w["graduates_further_study"])
    w["dropout"] = w["dropouts"] / w["enrolled_start"]
    return w


@pytest.fixture(scope="module")
def assessed(t) -> pd.DataFrame:
    """Enrollments with the default qualification rules applied (DATA.md, assess)."""
    a = t["enrollments"].merge(t["courses"], on="course_id", validate="many_to_one")
    written = a["written_score"].astype("Float64").fillna(0).astype(float)
    a["total"] = 0.7 * written + 15 * (a["sessions"] - a["absences"]) / a["sessions"] \
        + a["discipline_score"]
    a["qualified"] = ((a["absences"] < a["sessions"] / 3) & (a["late_or_early"] <= 5)
                      & a["written_score"].notna().to_numpy() & (a["total"] >= 60 - 1e-9))
    a["year"] = np.where(a["end"] <= pd.Timestamp("2024-08-31"), "2023-2024", "2024-2025")
    return a


# --- determinism and the committed files ------------------------------------------------

def test_same_seed_gives_identical_frames(t):
    again = generate(0)
    assert list(again) == [n for n in tables() if n in again]
    for name in again:
        pd.testing.assert_frame_equal(again[name], t[name], check_exact=True, obj=name)


def test_another_seed_gives_other_data(t):
    other = generate(1)
    for name in ("students", "marks", "external", "vocational_status", "enrollments"):
        assert not other[name].equals(t[name]), name
    # the fixed structure does not move
    assert other["schools"]["school_id"].tolist() == t["schools"]["school_id"].tolist()
    assert other["courses"].equals(t["courses"])


def test_columns_follow_the_contract(t):
    assert {"schools", "students", "marks", "vocational_status", "enrollments"} <= set(t)
    for name, frame in t.items():
        spec = schemas.get(name)
        assert set(spec.required) <= set(frame.columns), name
        assert list(frame.columns) == [c for c in spec.columns if c in frame.columns], name
        assert len(frame) > 0, name


def test_committed_csv_files_are_what_generate_0_writes(t):
    committed = sorted(p.name for p in SAMPLE.glob("*.csv"))
    assert committed == sorted(f"{name}.csv" for name in t)
    for name, frame in t.items():
        text = (SAMPLE / f"{name}.csv").read_text(encoding="utf-8")
        assert text == to_csv_text(frame), (
            f"data/sample/{name}.csv is out of date: run `python -m evalnb.sample data/sample`")


def test_committed_files_read_back_as_the_contract_says(t):
    def read(name):
        return pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)

    schools = read("schools")
    assert schools["school_id"].tolist() == t["schools"]["school_id"].tolist()
    assert set(schools["closing_planned"]) == {"true", "false", ""}
    assert (schools.loc[schools["kind"] == "vocational", "remote_area"] != "").all()
    incident = schools["last_major_incident"]
    assert incident[incident != ""].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    students = read("students")
    assert students["student_id"].iloc[0] == "S000001"
    pd.testing.assert_series_equal(students["grade"].astype("int64"), t["students"]["grade"])
    marks = read("marks")
    assert len(marks) == len(t["marks"])
    assert ((marks["mark"] == "") == (marks["status"] != "")).all()
    external = read("external")
    assert external["date"].str.fullmatch(r"2019-\d\d-\d\d|2020-\d\d-\d\d").all()
    assert set(external["passed"]) == {"", "true", "false"}
    assert not (SAMPLE / "schools.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_sample_stays_small():
    total = sum(p.stat().st_size for p in SAMPLE.glob("*.csv"))
    assert total < 15 * 2**20


def test_write_and_command_line_reproduce_the_committed_files(tmp_path):
    paths = write(tmp_path / "w")
    assert [p.name for p in paths] == [f"{name}.csv" for name in generate(0)]
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == sorted(p.name for p in paths)
    for p in paths:
        assert p.read_bytes() == (SAMPLE / p.name).read_bytes(), p.name
    assert main([str(tmp_path / "cli"), "--seed", "1"]) == 0
    assert (tmp_path / "cli" / "marks.csv").read_bytes() != (SAMPLE / "marks.csv").read_bytes()


def test_csv_text_formats_every_kind_of_column():
    frame = pd.DataFrame({
        "id": pd.array(["007", None], dtype="str"),
        "n": pd.array([3, None], dtype="Int64"),
        "flag": pd.array([True, None], dtype="boolean"),
        "ok": [False, True],
        "day": pd.to_datetime(["2024-09-01", None]),
    })
    assert to_csv_text(frame) == "id,n,flag,ok,day\n007,3,true,false,2024-09-01\n,,,true,\n"


# --- referential integrity and ranges ------------------------------------------------------

def test_keys_are_unique(t):
    keys = {
        "schools": ["school_id"], "students": ["student_id"], "periods": ["period"],
        "marks": ["student_id", "subject", "period"],
        "external": ["student_id", "subject", "procedure", "date"],
        "vocational_status": ["school_id", "year", "indicator"],
        "self_diagnosis": ["school_id", "cycle", "element"],
        "review": ["school_id", "cycle", "element"], "review_summary": ["school_id", "cycle"],
        "incidents": ["school_id", "date"], "review_requests": ["school_id", "year"],
        "teachers": ["teacher_id"], "courses": ["course_id"],
        "enrollments": ["course_id", "teacher_id"],
    }
    for name, key in keys.items():
        assert not t[name].duplicated(key).any(), name


def test_references_point_to_existing_rows(t):
    schools = set(t["schools"]["school_id"])
    for name in ("students", "vocational_status", "self_diagnosis", "review", "review_summary",
                 "incidents", "review_requests", "teachers"):
        assert set(t[name]["school_id"]) <= schools, name
    students = set(t["students"]["student_id"])
    assert set(t["marks"]["student_id"]) <= students
    assert set(t["external"]["student_id"]) <= students
    assert set(t["marks"]["period"]) == set(t["periods"]["period"])
    assert set(t["enrollments"]["teacher_id"]) <= set(t["teachers"]["teacher_id"])
    assert set(t["enrollments"]["course_id"]) == set(t["courses"]["course_id"])
    by_kind = t["schools"].set_index("school_id")["kind"]
    assert (by_kind[t["students"]["school_id"]] == "general").all()
    assert (by_kind[t["vocational_status"]["school_id"]] == "vocational").all()
    school_kind = by_kind[t["teachers"]["school_id"]].map(
        {"general": "secondary", "primary": "primary", "kindergarten": "kindergarten"})
    assert (school_kind.to_numpy() == t["teachers"]["kind"].to_numpy()).all()


def test_values_are_in_range(t):
    s = t["schools"]
    assert set(s["kind"]) == {"general", "vocational", "primary", "kindergarten"}
    # the Chinese county of the growth communities has primary and middle (general) schools
    assert s.groupby("language")["kind"].agg(set).to_dict() == {
        "ru": {"general"}, "zh": {"vocational", "primary", "general"},
        "en": {"general", "primary", "kindergarten"}}
    first = s[s["school_id"].str.fullmatch(r"(RU|CN|EN)\d{3}")]
    assert first.groupby("language")["kind"].agg(set).to_dict() == {
        "ru": {"general"}, "zh": {"vocational"}, "en": {"general", "primary", "kindergarten"}}
    st = t["students"]
    assert st["grade"].between(1, 11).all() and set(st["gender"]) == {"m", "f"}
    assert (st["class_label"].str.extract(r"^(\d+)")[0].astype(int) == st["grade"]).all()
    m = t["marks"]
    assert m["mark"].dropna().between(1, 5).all()
    assert set(m["status"].dropna()) == {"na", "exempt"}
    assert (m["mark"].isna() == m["status"].notna()).all()
    e = t["external"]
    assert e["mark"].dropna().between(2, 5).all()
    assert (e["score"].dropna() <= e["max_score"].dropna()).all()
    p = t["periods"]
    assert (p["start"] <= p["end"]).all() and (p["end"].iloc[:-1].to_numpy() < p["start"].iloc[1:].to_numpy()).all()
    c, en = t["courses"], t["enrollments"]
    assert (c["sessions"] >= 1).all() and (c["hours"] >= 0).all() and (c["start"] <= c["end"]).all()
    sessions = en["course_id"].map(c.set_index("course_id")["sessions"])
    assert en["absences"].between(0, sessions).all()
    assert (en["late_or_early"] >= 0).all() and en["discipline_score"].between(0, 15).all()
    assert en["written_score"].dropna().between(0, 100).all()
    assert t["teachers"]["birth_year"].between(1960, 2000).all()
    assert (t["vocational_status"]["value"] >= 0).all()


# --- shape targets -----------------------------------------------------------------------

def test_sizes_are_about_the_targets(t):
    # the three regions of the first domains; other domains add regions of their own
    first = t["schools"][t["schools"]["school_id"].str.fullmatch(r"(RU|CN|EN)\d{3}")]
    counts = first["language"].value_counts()
    assert counts["ru"] == 20 and counts["zh"] == 30 and counts["en"] == 25
    assert 7000 <= len(t["students"]) <= 9000
    assert len(t["marks"]) <= 300_000
    assert 550 <= len(t["teachers"]) <= 650
    assert len(t["courses"]) == 40
    assert first.loc[first["language"] == "zh", "municipality"].nunique() >= 5
    ru = first[first["language"] == "ru"]
    assert 3 <= ru["cluster"].nunique() <= 4
    assert ru["name"].str.contains("лицей|гимназия").sum() >= 2


# --- Russian municipality: realism ------------------------------------------------------

def test_first_graders_have_no_marks_and_subjects_start_in_their_grade(t):
    m = t["marks"].merge(t["students"], on="student_id")
    assert m["grade"].min() == 2
    first = m.groupby("subject")["grade"].min()
    assert first["Математика"] == 2 and first["История"] == 5 and first["Физика"] == 7
    assert m["subject"].nunique() == 8


def test_journal_marks_look_like_a_school_journal(t):
    m = t["marks"]
    share = m["mark"].value_counts(normalize=True)
    assert share.get(1, 0) < 0.005
    assert 0.01 < share[2] < 0.08
    assert share[4] == share.max()
    assert 0.15 < share[5] < 0.40
    status = m["status"].value_counts() / len(m)
    assert 0 < status["na"] < 0.02 and 0 < status["exempt"] < 0.01
    # strong and weak schools
    mean = m.merge(t["students"], on="student_id").groupby("school_id")["mark"].mean()
    assert mean.max() - mean.min() > 0.5


def test_inflated_schools_mark_above_their_external_results(t):
    m = t["marks"].merge(t["students"], on="student_id")
    e = t["external"].merge(t["students"], on="student_id")
    gap = m.groupby("school_id")["mark"].mean() - e.groupby("school_id")["mark"].mean()
    inflated = ["RU004", "RU008", "RU014"]
    others = gap.drop(inflated)
    assert gap[inflated].min() > others.max()
    assert gap[inflated].mean() > others.mean() + 0.3
    # lowered share (ВПР below the Q3 journal mark)
    q3 = t["marks"][t["marks"]["period"] == "2019-2020 Q3"][["student_id", "subject", "mark"]]
    v = e[e["procedure"] == "ВПР"].merge(q3, on=["student_id", "subject"], how="left",
                                          suffixes=("", "_journal"))
    v = v[v["mark_journal"].notna()]
    lowered = (v["mark"] < v["mark_journal"]).groupby(v["school_id"]).mean()
    assert lowered[inflated].min() > 0.5
    assert lowered.drop(inflated).median() < 0.4


def test_external_procedures(t):
    e = t["external"].merge(t["students"], on="student_id")
    p = t["periods"].set_index("period")
    vpr = e[e["procedure"] == "ВПР"]
    assert set(vpr["grade"]) == {4, 5, 6, 7, 8}
    assert set(vpr["subject"]) == {"Русский язык", "Математика", "История"}
    assert vpr.loc[vpr["subject"] == "История", "grade"].min() == 5
    q4 = p.loc["2019-2020 Q4"]
    assert vpr["date"].between(q4["start"], q4["end"]).all()
    assert vpr["score"].notna().all() and vpr["max_score"].notna().all()
    # a higher score never gets a lower mark within one work
    for _, g in vpr.groupby(["grade", "subject"]):
        g = g.sort_values("score")
        assert g["mark"].is_monotonic_increasing
    rdr = e[e["procedure"] == "РДР"]
    assert set(rdr["grade"]) == {9, 10} and rdr["mark"].notna().all()
    assert rdr["date"].between(p.loc["2019-2020 Q2", "start"], p.loc["2019-2020 Q3", "end"]).all()
    essay = e[e["procedure"] == "Итоговое сочинение"]
    assert set(essay["grade"]) == {11} and essay["mark"].isna().all()
    first = essay[essay["date"] == pd.Timestamp("2019-12-04")]
    assert 0.9 <= first["passed"].astype(bool).mean() <= 0.99
    assert essay["passed"].notna().all()
    assert e.loc[e["procedure"] != "Итоговое сочинение", "passed"].isna().all()


def test_a_few_external_results_have_no_journal_mark_to_compare(t):
    e, m, p = t["external"], t["marks"], t["periods"]
    e = e[e["mark"].notna()].copy()
    # latest period whose end is on or before the external date
    ends = p["end"].to_numpy()
    e["period"] = p["period"].to_numpy()[np.searchsorted(ends, e["date"].to_numpy(), side="right") - 1]
    j = e.merge(m[m["mark"].notna()], on=["student_id", "subject", "period"], how="left",
                suffixes=("", "_journal"), indicator=True)
    unmatched = (j["_merge"] == "left_only").sum()
    assert 5 <= unmatched <= 0.03 * len(e)


# --- Chinese province: realism ------------------------------------------------------------

def test_status_data_is_complete_and_realistic(t, wide):
    s = t["vocational_status"]
    assert set(s["year"]) == {2021, 2022, 2023}
    assert set(s["indicator"]) == set(INDICATORS)
    assert len(s) == 30 * 3 * len(INDICATORS)
    assert wide["enrollment_fulltime"].between(600, 5000).all()
    assert wide["ratio"].between(13, 29).all()
    assert wide["prof_share"].between(0.38, 0.8).all()
    assert wide["dual_share"].between(0.2, 0.85).all()
    assert wide["building_area_m2"].between(10000, 80000).all()
    assert wide["equipment_ps"].between(1000, 9500).all()
    assert wide["employment"].between(0.88, 0.99).all()
    assert wide["matching"].between(0.55, 0.92).all()
    assert wide["dropout"].between(0.0, 0.08).all()
    assert set(wide["diagnosis_system"]) == {0, 1}
    # a school's enrollment moves by trend, not by noise
    change = wide["enrollment_fulltime"].groupby(level="school_id").pct_change().dropna()
    assert change.abs().max() < 0.2


def test_establishment_standard_has_pass_fail_and_boundary_cases(t, wide):
    last = wide.xs(2023, level="year")
    assert (last["enrollment_fulltime"] < 1200).sum() >= 3
    assert (last["enrollment_fulltime"] == 1200).sum() == 1
    assert (last["ratio"] > 20).sum() >= 3 and (last["ratio"] == 20).sum() == 1
    assert (last["prof_share"] < 0.5).any()
    assert (last["building_area_m2"] < 24000).sum() >= 3
    assert (last["equipment_ps"] < 2500).sum() >= 3
    eligible = ((last["enrollment_fulltime"] >= 1200) & (last["ratio"] <= 20)
                & (last["prof_share"] >= 0.5) & (last["building_area_m2"] >= 24000)
                & (last["equipment_ps"] >= 2500) & (last["diagnosis_system"] == 1))
    schools = t["schools"].set_index("school_id")
    in_scope = schools.loc[last.index, "closing_planned"] == False  # noqa: E712
    assert eligible[in_scope].sum() >= math.ceil(in_scope.sum() / 3)
    # every city has an eligible school, so a sampling plan can cover them all
    assert set(schools.loc[eligible[eligible].index, "municipality"]) == \
        set(schools.loc[last.index, "municipality"])


def test_vocational_flags_incidents_and_requests(t):
    v = t["schools"][t["schools"]["kind"] == "vocational"]
    assert 2 <= v["closing_planned"].sum() <= 3
    assert 3 <= v["remote_area"].sum() <= 4
    with_incident = v[v["last_major_incident"].notna()]
    assert len(with_incident) == 2
    incidents = t["incidents"].sort_values("school_id").reset_index(drop=True)
    assert incidents["school_id"].tolist() == with_incident["school_id"].tolist()
    assert (incidents["date"].to_numpy() == with_incident["last_major_incident"].to_numpy()).all()
    assert len(t["review_requests"]) == 2
    assert t["review_requests"]["year"].between(2021, 2025).all()
    ru_en = t["schools"][t["schools"]["kind"] != "vocational"]
    assert ru_en[["closing_planned", "remote_area", "last_major_incident"]].isna().all().all()


def test_self_diagnosis_and_review_cover_16_elements_and_give_every_conclusion(t):
    sd, rv, summary = t["self_diagnosis"], t["review"], t["review_summary"]
    assert 18 <= sd["school_id"].nunique() <= 22
    assert set(sd["cycle"]) == {"2021-2025"}
    for frame in (sd, rv):
        per_school = frame.groupby("school_id")["element"].agg(tuple)
        assert (per_school == ELEMENTS).all()
        assert set(frame["attainment"]) == {"achieved", "partly", "not_achieved"}
    assert set(summary["school_id"]) == set(sd["school_id"])
    assert sd["diagnosis_text"].str.len().le(500).all()
    assert sd["measures_text"].str.len().le(200).all()
    assert sd["effect_text"].str.len().le(200).all()
    assert sd["diagnosis_text"].str.contains("[\u4e00-\u9fff]").all()
    both = sd.merge(rv, on=["school_id", "cycle", "element"], suffixes=("_self", "_review"))
    matches = (both["attainment_self"] == both["attainment_review"]).groupby(both["school_id"]).sum()
    assert matches.between(8, 16).all()
    s = summary.set_index("school_id")
    good = s["measures_targeted"] & s["improvement_effective"]
    bad = ~s["measures_targeted"] & ~s["improvement_effective"]
    conclusion = np.where((matches >= 12) & good, "effective",
                          np.where((matches < 10) & bad, "abnormal", "needs_improvement"))
    counts = pd.Series(conclusion).value_counts()
    assert set(counts.index) == {"effective", "abnormal", "needs_improvement"}
    assert {12, 10, 9} <= set(matches)  # boundaries of the rule


# --- English county: realism --------------------------------------------------------------

def test_courses_cover_modes_levels_and_boundary_dates(t):
    c = t["courses"]
    online = c[c["mode"] == "online"]
    assert len(online) == len(c) // 2
    assert online["credits"].between(1, 4).all()
    f2f = c[c["mode"] == "face_to_face"]
    assert f2f["sessions"].between(3, 20).all()
    assert set(c["level"]) == {"county", "municipal", "provincial", "national", "school"}
    ends = set(c["end"].dt.strftime("%Y-%m-%d"))
    assert {"2024-08-31", "2024-09-01"} <= ends
    assert (c["end"].dt.strftime("%Y-%m") == "2025-03").sum() >= 3
    sizes = t["enrollments"].groupby("course_id").size()
    assert sizes[f2f["course_id"]].between(15, 60).all()
    assert sizes[online["course_id"]].min() >= 15


def test_enrollments_have_the_rule_boundaries(t, assessed):
    a = assessed
    third = a[(a["sessions"] % 3 == 0) & (a["mode"] == "face_to_face")]
    assert (third["absences"] == third["sessions"] // 3).any()
    assert (a["late_or_early"] == 5).any() and (a["late_or_early"] == 6).any()
    assert (a["late_or_early"] > 5).sum() >= 3
    assert np.isclose(a["total"], 60).any()
    chronic = a["absences"] >= a["sessions"] / 3
    assert 0.02 < chronic.mean() < 0.15
    assert 0.005 < a["written_score"].isna().mean() < 0.1
    # most trainees miss at most two sessions; online modules are mostly all watched
    assert (a["absences"] <= 2).mean() > 0.85
    assert (a.loc[a["mode"] == "online", "absences"] == 0).mean() > 0.75
    assert 0.8 < a["qualified"].mean() < 0.95


def test_about_two_thirds_of_teachers_meet_the_annual_requirement(t, assessed):
    teachers = t["teachers"].set_index("teacher_id")
    q = assessed[assessed["qualified"]]
    for year in ("2023-2024", "2024-2025"):
        y = q[q["year"] == year]
        on = y[y["mode"] == "online"].groupby("teacher_id").agg(
            n=("course_id", "size"), credits=("credits", "sum"))
        f2f = y[y["mode"] == "face_to_face"].groupby("teacher_id")["hours"].sum()
        r = teachers.join(on).join(f2f.rename("f2f")).fillna({"n": 0, "credits": 0, "f2f": 0})
        meets = (r["n"] >= 3) & (r["credits"] >= 8)
        meets &= (r["kind"] != "kindergarten") | (r["f2f"] >= 20)
        assert 0.55 <= meets.mean() <= 0.8, year
        kg = r[r["kind"] == "kindergarten"]
        assert 0.5 <= (kg["f2f"] >= 20).mean() < 1.0, year
