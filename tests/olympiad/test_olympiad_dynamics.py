"""Dynamics: ranks with ties, changes against the year before, a year missing in the window."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError
from evalnb.olympiad import dynamics, participation_quality
from olympiad_helpers import olympiad, row, schools

Y0, Y1, Y2, Y3 = "2016-2017", "2017-2018", "2018-2019", "2019-2020"


def quality(values: dict, stage="municipal", municipality=None) -> pd.DataFrame:
    """``{(school, year): value}`` as school rows of a quality frame (plus a municipality row per year)."""
    rows = [{"level": "school", "municipality": "M", "school_id": s, "year": y, "stage": stage,
             "quality": v} for (s, y), v in values.items()]
    for y, v in (municipality or {}).items():
        rows.append({"level": "municipality", "municipality": "M", "school_id": None, "year": y,
                     "stage": stage, "quality": v})
    return pd.DataFrame(rows)


def cell(d, school, year, col):
    b = d.by_school
    return b[(b["school_id"] == school) & (b["year"] == year)][col].iloc[0]


def test_ties_take_the_lowest_rank():
    d = dynamics(quality({("A", Y3): 0.5, ("B", Y3): 0.4, ("C", Y3): 0.4, ("D", Y3): 0.1,
                          ("E", Y2): 0.9}))
    ranks = {s: cell(d, s, Y3, "rank") for s in "ABCD"}
    assert ranks == {"A": 1, "B": 2, "C": 2, "D": 4}
    assert pd.isna(cell(d, "E", Y3, "rank"))          # no value that year: no rank
    assert cell(d, "E", Y2, "rank") == 1
    assert d.years == (Y1, Y2, Y3)


def test_change_is_against_the_previous_school_year_even_before_the_window():
    d = dynamics(quality({("A", Y0): 0.1, ("A", Y1): 0.2, ("A", Y2): 0.3, ("A", Y3): 0.35}))
    assert [cell(d, "A", y, "change") for y in (Y1, Y2, Y3)] == pytest.approx([0.1, 0.1, 0.05])
    assert [bool(cell(d, "A", y, "positive")) for y in (Y1, Y2, Y3)] == [True] * 3
    assert bool(cell(d, "A", Y3, "positive_every_year"))
    assert set(d.by_school["year"]) == {Y1, Y2, Y3}     # 2016-2017 only feeds the first change


def test_a_year_missing_in_the_window():
    d = dynamics(quality({("A", Y1): 0.2, ("A", Y3): 0.4, ("B", Y1): 0.5, ("B", Y2): 0.4,
                          ("B", Y3): 0.6}))
    assert math.isnan(cell(d, "A", Y2, "value")) and math.isnan(cell(d, "A", Y2, "change"))
    assert math.isnan(cell(d, "A", Y3, "change"))       # the year before is missing
    assert pd.isna(cell(d, "A", Y3, "positive"))
    assert pd.isna(cell(d, "A", Y3, "positive_every_year"))
    # B fell in 2018-2019: not positive every year, whatever is missing
    assert not cell(d, "B", Y2, "positive")            # NA would raise here, not pass
    assert not cell(d, "B", Y3, "positive_every_year")


def test_an_unchanged_value_is_not_positive():
    d = dynamics(quality({("A", Y2): 0.3, ("A", Y3): 0.3}), rules={"dynamics_years": 1})
    assert cell(d, "A", Y3, "change") == 0 and not cell(d, "A", Y3, "positive")
    assert not cell(d, "A", Y3, "positive_every_year")


def test_count_of_schools_with_positive_dynamics_and_the_municipality_s_own():
    d = dynamics(quality({("A", Y2): 0.2, ("A", Y3): 0.3, ("B", Y2): 0.5, ("B", Y3): 0.4,
                          ("C", Y2): 0.1, ("C", Y3): 0.2, ("D", Y3): 0.9},
                         municipality={Y2: 0.3, Y3: 0.35}), until=Y3)
    pc = d.positive_count.set_index("year")
    assert pc.loc[Y3, "schools_positive"] == 2          # A and C; D has no year before
    assert pc.loc[Y3, "value"] == 0.35 and pc.loc[Y3, "change"] == pytest.approx(0.05)
    assert bool(pc.loc[Y3, "positive"])
    assert pc.loc[Y2, "schools_positive"] == 0 and pd.isna(pc.loc[Y2, "positive"])


def test_until_sets_the_window():
    d = dynamics(quality({("A", Y1): 0.2, ("A", Y2): 0.3, ("A", Y3): 0.1}), until=Y2,
                 rules={"dynamics_years": 2})
    assert d.years == (Y1, Y2) and set(d.by_school["year"]) == {Y1, Y2}


def test_dynamics_from_participation_quality():
    frame = olympiad(
        row("a1", status="winner", stage="municipal", year=Y2), row("a2", stage="municipal", year=Y2),
        row("a1", status="winner", stage="municipal", year=Y3),
        row("b1", stage="municipal", school="B", year=Y2),
        row("b1", status="prize_winner", stage="municipal", school="B", year=Y3),
        row("b2", status="winner", stage="municipal", school="B", year=Y3))
    d = dynamics(participation_quality(frame, schools("A", "B")))
    assert cell(d, "A", Y3, "change") == 0.5 and cell(d, "B", Y3, "change") == 1.0
    assert cell(d, "A", Y3, "rank") == 1 and cell(d, "B", Y3, "rank") == 1
    assert d.positive_count.set_index("year").loc[Y3, "schools_positive"] == 2


def test_bad_input_to_dynamics():
    with pytest.raises(InputError) as exc:
        dynamics(pd.DataFrame({"year": [Y3]}))
    assert exc.value.table == "quality" and exc.value.column == "level"
    with pytest.raises(InputError) as exc:
        dynamics(quality({("A", Y3): 0.2}), until="2019-2021")
    assert exc.value.column == "until"
    with pytest.raises(InputError):
        dynamics(quality({}))


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("ABCDE"), st.sampled_from([Y0, Y1, Y2, Y3])),
                       st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]), min_size=1))
def test_rank_invariants(values):
    d = dynamics(quality(values), until=Y3)
    for year, part in d.by_school.groupby("year"):
        have = part.dropna(subset=["value"])
        assert have["rank"].notna().all() and part.loc[part["value"].isna(), "rank"].isna().all()
        if len(have):
            assert have["rank"].min() == 1 and have["rank"].max() <= len(have)
            best = have["value"].max()
            assert (have.loc[have["value"] == best, "rank"] == 1).all()
            # a higher value never ranks below a lower one
            for _, a in have.iterrows():
                assert (have.loc[have["value"] > a["value"], "rank"] < a["rank"]).all()
    pos = d.by_school["positive"]
    assert (pos.dropna() == (d.by_school.loc[pos.notna(), "change"] > 0)).all()
