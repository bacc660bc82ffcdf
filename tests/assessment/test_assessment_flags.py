"""objectivity_flags: inflated internal marks, implausibly high external results — with evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb.assessment import objectivity_flags

from assessment_helpers import PERIODS, Q3, external_of, marks_of, schools_of, students

DATE = "2020-04-21"  # ВПР in April → compared with Q3


def world(groups, names=None):
    """groups: {school: [(journal, external), …]} → the five tables."""
    st, ma, ex = [], [], []
    for k, (school, pairs) in enumerate(groups.items()):
        s = students(len(pairs), school=school, prefix=f"{school}_")
        st.append(s)
        ma.append(marks_of(s["student_id"], [j for j, _ in pairs], period=Q3, subject="Математика"))
        ex.append(external_of(s["student_id"], [e for _, e in pairs], DATE, subject="Математика"))
    return (pd.concat(ex, ignore_index=True), pd.concat(ma, ignore_index=True), PERIODS,
            pd.concat(st, ignore_index=True), schools_of(list(groups), names=names))


def flags(groups, names=None, rules=None):
    return objectivity_flags(*world(groups, names), rules=rules)


def test_inflated_marks_with_evidence():
    f = flags({"A": [(5, 3)] * 10, "B": [(4, 4)] * 10})
    assert f[["school_id", "flag", "procedure", "subject"]].values.tolist() == [
        ["A", "inflated_marks", "ВПР", "Математика"]]
    r = f.iloc[0]
    assert (r.n, r.value, r.reference, r.threshold) == (10, 1.0, 0.5, 0.4)
    assert (r.lowered_share, r.muni_lowered_share) == (1.0, 0.5)
    assert r.municipality == "M"


@pytest.mark.parametrize("lowered_in_a,flagged", [
    (4, True),    # 40 % lowered (= threshold), municipality 20 % (margin exactly 20 p.p.)
    (3, False),   # 30 %: below the threshold
])
def test_inflated_threshold_is_inclusive(lowered_in_a, flagged):
    a = [(5, 4)] * lowered_in_a + [(4, 4)] * (10 - lowered_in_a)
    f = flags({"A": a, "B": [(4, 4)] * 10})
    assert ("A" in set(f["school_id"])) is flagged


def test_too_few_results_are_not_flagged():
    f = flags({"A": [(5, 3)] * 9, "B": [(4, 4)] * 9})
    assert f.empty
    assert list(f.columns)[:5] == ["school_id", "municipality", "procedure", "subject", "flag"]
    assert not flags({"A": [(5, 3)] * 9, "B": [(4, 4)] * 9}, rules={"objectivity_min_n": 9}).empty


def high_world():
    # C: external all 5, its journal marks 3 (own marks do not support); others external 3
    return {"A": [(3, 3)] * 10, "B": [(3, 3)] * 10, "C": [(3, 5)] * 10}


def test_implausibly_high_external_results():
    f = flags(high_world())
    hit = f[f.flag == "implausible_external"]
    assert hit["school_id"].tolist() == ["C"]
    r = hit.iloc[0]
    assert (r.value, r.reference) == (1.0, pytest.approx(1 / 3))
    assert r.external_gap == pytest.approx(2 / 3)
    assert (r.journal_quality, r.own_gap) == (0.0, 1.0)
    assert pd.isna(r.other_gap) and not r.advanced
    assert r.threshold == 0.15


@pytest.mark.parametrize("names,rules", [
    (["СОШ № 1", "СОШ № 2", "МАОУ лицей № 3"], None),
    (["СОШ № 1", "СОШ № 2", "Гимназия № 3"], None),
    (["СОШ № 1", "СОШ № 2", "СОШ № 3"], {"advanced_study": {"C": ["Математика"]}}),
    (["СОШ № 1", "СОШ № 2", "СОШ № 3"], {"advanced_study": {"C": ["*"]}}),
])
def test_a_lyceum_or_gymnasium_with_advanced_study_is_not_flagged(names, rules):
    f = flags(high_world(), names=names, rules=rules)
    assert "implausible_external" not in set(f["flag"])


def test_supported_by_the_students_own_marks_is_not_flagged():
    g = high_world()
    g["C"] = [(5, 5)] * 10
    assert "implausible_external" not in set(flags(g)["flag"])


def test_supported_by_another_procedure_is_not_flagged():
    ex, ma, pe, st, sc = world(high_world())
    # an RDR in March (compared with Q3 too? no: Q2) where C is also well above the municipality
    rdr = ex.assign(procedure="РДР", date="2020-03-04",
                    mark=[3] * 20 + [5] * 10)
    q2 = ma.assign(period="2019-2020 Q2")
    f = objectivity_flags(pd.concat([ex, rdr]), pd.concat([ma, q2]), pe, st, sc)
    assert "implausible_external" not in set(f["flag"])
    assert f.empty


def test_margins_are_rules():
    assert flags(high_world(), rules={"high_external_margin": 0.7}).empty
    f = flags({"A": [(5, 3)] * 10, "B": [(4, 4)] * 10}, rules={"inflated_lowered_share": 1.0,
                                                                "inflated_margin": 0.5})
    assert f["school_id"].tolist() == ["A"]
    assert flags({"A": [(5, 3)] * 10, "B": [(4, 4)] * 10}, rules={"inflated_margin": 0.51}).empty


def test_the_sample_finds_the_inflating_schools(sample_frames):
    from evalnb.assessment.sample import INFLATED

    f = sample_frames
    got = objectivity_flags(f["external"], f["marks"], f["periods"], f["students"], f["schools"])
    inflated = got[got.flag == "inflated_marks"]
    per_school = inflated.groupby("school_id").size()
    for sid in INFLATED:
        assert per_school.get(sid, 0) >= 4, sid
    # the inflating schools carry most of the flags
    assert per_school[list(INFLATED)].sum() > 0.7 * per_school.sum()


def test_each_municipality_is_its_own_reference():
    ex, ma, pe, st, sc = world({"A": [(5, 3)] * 10, "B": [(4, 4)] * 10, "C": [(5, 3)] * 10})
    sc.loc[sc.school_id == "C", "municipality"] = "Other"   # C alone: its own municipality
    f = objectivity_flags(ex, ma, pe, st, sc)
    assert f["school_id"].tolist() == ["A"]
