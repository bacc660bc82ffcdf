"""Coverage, schools taking part and quality of participation: hand-computed cases at the edges."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalnb.olympiad import (OlympiadRules, coverage, more_than, participation_quality,
                             school_participation)
from olympiad_helpers import Y, by_school, enrolment, muni, olympiad, row, schools


# --- coverage ----------------------------------------------------------------------------

def test_coverage_counts_distinct_students_of_the_grades_and_sums_for_the_municipality():
    frame = olympiad(
        row("a1", "Математика", grade=4), row("a1", "Физика", grade=4), row("a2", grade=11),
        row("a3", grade=3),                                  # grade 3: not counted
        row("a4", stage="municipal"),                        # another stage
        row("a5", year="2018-2019"),                         # another year
        row("b1", school="B", grade=7),
    )
    enrol = enrolment(("A", 3, 100), ("A", 4, 5), ("A", 11, 5), ("B", 7, 40), ("A", 4, 99, "2018-2019"))
    got = coverage(frame, enrol, schools("A", "B", "C"), Y)
    s = by_school(got)
    assert s.loc["A", ["students", "participants", "participations"]].tolist() == [10, 2, 3]
    assert s.loc["A", "coverage"] == pytest.approx(0.2)
    assert s.loc["A", "participations_per_student"] == pytest.approx(0.3)
    assert s.loc["B", "coverage"] == pytest.approx(1 / 40)
    # C: no enrolment, no participants: NaN, not an error
    assert s.loc["C", "students"] == 0 and math.isnan(s.loc["C", "coverage"])
    m = muni(got)
    assert m[["students", "participants", "participations"]].tolist() == [50, 3, 4]
    # from summed counts (3/50), never the mean of the schools' shares ((0.2 + 0.025) / 2)
    assert m["coverage"] == pytest.approx(3 / 50)
    assert pd.isna(m["school_id"]) and m["level"] == "municipality"


def test_coverage_above_one_is_not_clipped_and_rules_change_the_grades():
    frame = olympiad(*[row(f"s{i}", grade=3 if i < 2 else 9) for i in range(6)])
    enrol = enrolment(("A", 9, 2), ("A", 3, 10))
    assert by_school(coverage(frame, enrol, schools("A"), Y)).loc["A", "coverage"] == 2.0
    wide = coverage(frame, enrol, schools("A"), Y, rules={"coverage_grades": [3, 11]})
    assert by_school(wide).loc["A", ["students", "participants"]].tolist() == [12, 6]


def test_coverage_keeps_to_the_municipalities_in_the_data():
    sch = pd.concat([schools("A", "B"), schools("Z", municipality="Far")], ignore_index=True)
    got = coverage(olympiad(row("s1")), enrolment(("A", 9, 10)), sch, Y)
    assert set(got["school_id"].dropna()) == {"A", "B"} and set(got["municipality"]) == {"M"}


def test_more_than_the_reference_at_exactly_73_and_35_percent():
    frame = olympiad(*[row(f"s{i}") for i in range(73)])
    cov = by_school(coverage(frame, enrolment(("A", 9, 100)), schools("A"), Y))["coverage"]
    r = OlympiadRules()
    assert cov.iloc[0] == 0.73 and not more_than(cov, r.coverage_benchmark).iloc[0]
    frame = olympiad(*[row(f"s{i}", stage="municipal", status="winner" if i < 7 else "participant")
                       for i in range(20)])
    q = by_school(participation_quality(frame, schools("A")))["quality"]
    assert q.iloc[0] == pytest.approx(0.35) and not more_than(q, r.quality_benchmark).iloc[0]
    assert more_than([0.3501, 0.7301], 0.35).tolist() == [True, True]


# --- schools taking part -------------------------------------------------------------------

def test_school_participation_lists_the_missing_general_schools():
    frame = olympiad(row("a1"), row("b1", school="B"), row("a2", stage="municipal"),
                     row("x1", school="X", stage="municipal"))
    got = school_participation(frame, schools("A", "B", "C", "X:other"), Y).set_index("stage")
    assert got.loc["school", ["schools_total", "schools_participating", "missing"]].tolist() == [3, 2, "C"]
    assert got.loc["school", "share"] == pytest.approx(2 / 3) and not got.loc["school", "meets_target"]
    assert got.loc["municipal", "missing"] == "B;C"       # X is not a general school: not counted
    assert list(got.index) == ["school", "municipal"]


def test_school_participation_exactly_100_percent_meets_the_target():
    frame = olympiad(row("a1"), row("b1", school="B"), row("a1", stage="municipal"),
                     row("b1", stage="municipal", school="B"))
    got = school_participation(frame, schools("A", "B"), Y)
    assert got["share"].tolist() == [1.0, 1.0] and got["meets_target"].tolist() == [True, True]
    assert got["missing"].tolist() == ["", ""]


# --- quality of participation ----------------------------------------------------------------

def quality_case():
    return olympiad(
        row("a1", "Математика", "winner", "municipal"), row("a1", "Физика", "participant", "municipal"),
        row("a2", "Математика", "prize_winner", "municipal"), row("a3", "Химия", "participant", "municipal"),
        row("a1", "Математика", "prize_winner", "regional"),
        row("b1", "Математика", "participant", "municipal", school="B"),
        row("a9", "Математика", "winner", "school"),                 # school stage: not in quality
    )


def test_quality_by_participation_and_by_student():
    got = participation_quality(quality_case(), schools("A", "B"))
    a = got[(got["school_id"] == "A") & (got["stage"] == "municipal")].iloc[0]
    assert a[["participations", "winners", "prize_winners", "awarded", "participants",
              "awarded_students"]].tolist() == [4, 1, 1, 2, 3, 2]
    assert a["quality"] == 0.5 and a["quality_students"] == pytest.approx(2 / 3)
    reg = got[(got["school_id"] == "A") & (got["stage"] == "regional")].iloc[0]
    assert reg["quality"] == 1.0
    m = got[(got["level"] == "municipality") & (got["stage"] == "municipal")].iloc[0]
    assert m[["participations", "awarded"]].tolist() == [5, 2] and m["quality"] == 0.4
    assert "school" not in set(got["stage"])
    # B has no regional rows: no regional row for B
    assert not ((got["school_id"] == "B") & (got["stage"] == "regional")).any()


def test_quality_with_the_stages_pooled():
    got = participation_quality(quality_case(), schools("A", "B"), combine_stages=True)
    assert set(got["stage"]) == {"municipal+regional"}
    a = got[got["school_id"] == "A"].iloc[0]
    assert a[["participations", "awarded", "participants", "awarded_students"]].tolist() == [5, 3, 3, 2]
    m = muni(got)
    assert m["quality"] == pytest.approx(3 / 6)


def test_quality_of_chosen_years_and_stages():
    frame = pd.concat([quality_case(), olympiad(row("a1", status="winner", stage="municipal",
                                                    year="2018-2019"))], ignore_index=True)
    assert set(participation_quality(frame, schools("A", "B"))["year"]) == {"2018-2019", Y}
    one = participation_quality(frame, schools("A", "B"), years=Y, stages=["школьный"])
    assert set(one["stage"]) == {"school"} and set(one["year"]) == {Y}
    empty = participation_quality(frame, schools("A", "B"), years=["2010-2011"])
    assert empty.empty and "quality" in empty.columns


# --- invariants ---------------------------------------------------------------------------------

status_st = st.sampled_from(["participant", "prize_winner", "winner"])
rows_st = st.lists(st.tuples(st.integers(0, 11), st.sampled_from(["М", "Ф", "Х"]),
                             st.sampled_from(["municipal", "regional", "school"]), status_st,
                             st.integers(3, 11)),
                   min_size=0, max_size=40)


def _frame(rows):
    seen, out = set(), []
    for sid, subject, stage, status, grade in rows:
        if (sid, subject, stage) in seen:
            continue
        seen.add((sid, subject, stage))
        out.append(row(f"s{sid}", subject, status, stage, school="ABC"[sid % 3], grade=grade))
    return olympiad(*out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_st, st.booleans())
def test_quality_municipality_rows_are_sums_and_shares_stay_in_range(rows, combine):
    frame = _frame(rows)
    got = participation_quality(frame, schools("A", "B", "C"), combine_stages=combine)
    school_rows = got[got["level"] == "school"]
    for (year, stage), part in school_rows.groupby(["year", "stage"]):
        m = got[(got["level"] == "municipality") & (got["stage"] == stage)].iloc[0]
        for c in ("participations", "winners", "prize_winners", "awarded", "participants",
                  "awarded_students"):
            assert m[c] == part[c].sum()
        pool = frame[frame["stage"].isin(stage.split("+"))]
        assert m["participants"] == pool["student_id"].nunique()
        assert m["quality"] == pytest.approx(m["awarded"] / m["participations"])
    assert got["quality"].between(0, 1).all() and got["quality_students"].between(0, 1).all()
    assert (got["awarded_students"] <= got["participants"]).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_st, st.lists(st.integers(0, 30), min_size=9, max_size=9))
def test_coverage_municipality_is_summed_counts(rows, sizes):
    frame = _frame(rows)
    enrol = enrolment(*[(s, g, n) for (s, g), n in zip(
        [(s, g) for s in "ABC" for g in (3, 6, 9)], sizes)])
    got = coverage(frame, enrol, schools("A", "B", "C"), Y)
    s, m = by_school(got), muni(got)
    assert m["students"] == s["students"].sum() and m["participants"] == s["participants"].sum()
    assert m["participations"] == s["participations"].sum()
    if m["students"]:
        assert m["coverage"] == pytest.approx(m["participants"] / m["students"])
    else:
        assert math.isnan(m["coverage"])
    assert (s["participants"] <= s["participations"]).all()
