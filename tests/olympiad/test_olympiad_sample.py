"""The olympiad sample: valid, deterministic, and with the shapes the reports need."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalnb.core.domain import SampleContext
from evalnb.core.validate import validate
from evalnb.olympiad import (DOMAIN, coverage, iom_implementation, iom_required,
                             participation_quality, school_participation)
from evalnb.olympiad.sample import FEW_IOM, NO_MUNICIPAL, NO_REGIONAL, SHORT_ENROLMENT, STRONG, YEARS
from olympiad_helpers import ROOT


@pytest.fixture(scope="module")
def base():
    from evalnb.sample import generate

    return generate(0)


@pytest.fixture(scope="module")
def tables(base):
    return DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(1), tables=base))


def test_the_sample_is_valid_and_deterministic(base, tables):
    assert set(tables) == {"olympiad", "enrolment", "iom"}
    for name, frame in tables.items():
        validate(name, frame)
    again = DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(1), tables=base))
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], again[name])
    schools = base["schools"]
    ru = schools[(schools["language"] == "ru")
                 & schools["school_id"].isin(base["students"]["school_id"])]["school_id"]
    assert set(tables["olympiad"]["school_id"]) == set(ru)
    known = set(base["students"]["student_id"])
    ids = tables["olympiad"]["student_id"]
    # current students keep their ids; those who have left since are G-ids of earlier years
    assert ids[~ids.isin(known)].str.match(r"G1[78]RU\d{3}1[01]\d{3}$").all()


def test_three_years_of_all_four_stages(tables):
    o = tables["olympiad"]
    assert set(o["year"]) == set(YEARS)
    assert set(zip(o["year"], o["stage"])) == {(y, s) for y in YEARS
                                              for s in ("school", "municipal", "regional", "final")}


def test_the_shapes_the_report_shows(base, tables):
    o, e, iom = tables["olympiad"], tables["enrolment"], tables["iom"]
    schools = base["schools"]
    cov = coverage(o, e, schools, SHORT_ENROLMENT[1])
    over = cov[(cov["level"] == "school") & (cov["coverage"] > 1)]["school_id"].tolist()
    assert over == [SHORT_ENROLMENT[0]]
    # schools that never reach the regional stage, and strong ones that do every year
    regional = o[o["stage"] == "regional"]
    assert not regional["school_id"].isin(NO_REGIONAL).any()
    for sid in STRONG:
        assert set(regional.loc[regional["school_id"] == sid, "year"]) == set(YEARS)
    part = school_participation(o, schools, NO_MUNICIPAL[1]).set_index("stage")
    assert NO_MUNICIPAL[0] in part.loc["municipal", "missing"].split(";")
    q = participation_quality(o, schools)
    strong = q[(q["school_id"].isin(list(STRONG))) & (q["stage"] == "municipal")]["quality"].mean()
    weak = q[(q["school_id"].isin(NO_REGIONAL)) & (q["stage"] == "municipal")]["quality"].mean()
    assert strong > 0.35 > weak
    req = iom_required(o, YEARS[-1])
    assert req["special_control"].sum() >= 10 and req["n_subjects"].max() >= 3
    imp = iom_implementation(req, iom, schools).set_index("school_id")
    for sid in FEW_IOM:
        assert imp.loc[sid, "implementation"] < 0.8
    assert 0.75 < imp.loc[[None], "implementation"].iloc[0] < 1


def test_the_committed_csv_files_are_valid_tables_of_the_russian_municipality():
    for name in ("olympiad", "enrolment", "iom"):
        path = ROOT / "data" / "sample" / f"{name}.csv"
        committed = validate(name, pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]))
        assert len(committed) and committed["school_id"].str.startswith("RU").all(), name
