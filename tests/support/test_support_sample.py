"""The sample region: valid tables, deterministic, every period form of the grammar."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalnb.core.domain import SampleContext
from evalnb.core.store import Store
from evalnb.core.validate import check_table
from evalnb.support import (DOMAIN, antirisk_progress, documents_status, indicator_shares, project_check,
                            roadmap_ranges, roadmap_status)
from evalnb.support.period import parse_period


def make(seed=1):
    return DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(seed), tables={}))


@pytest.fixture(scope="module")
def tables():
    return make()


def test_deterministic_and_valid(tables):
    again = make()
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])
        _, problems = check_table(name, frame)
        assert not problems, (name, problems[:3])
    assert not make(2)["participation"].equals(tables["participation"])


def test_project_schools_of_the_kaluga_region(tables):
    schools = tables["schools"]
    assert 30 <= len(schools) <= 40
    assert schools["school_id"].str.fullmatch(r"RUS\d{3}").all()
    assert set(schools["kind"]) == {"general"} and set(schools["language"]) == {"ru"}
    assert schools["municipality"].str.contains("район|Калуга").all()
    check = project_check(tables["project_schools"], 2022, {"quota": 36}).iloc[0]
    assert check["ok"] and check["without_curator"] == "RUS017"


def test_the_roadmap_uses_every_period_form(tables):
    rm = tables["roadmap"]
    rg = roadmap_ranges(rm)
    assert set(rg["kind"]) == {"dated", "on_request", "on_schedule", "continuous"}
    assert set(rg["precision"]) == {"day", "month", "year"}
    assert rg["start"].isna().any()                                  # «до 30.03.2022»
    assert (rg.groupby("task_no").size() >= 3).any()                 # listed months
    texts = rm["period_text"].str.lower()
    for form in (r"^\d\d\.\d\d\.\d{4}$", r"^\d\d\.\d\d\.\d{4} \d\d\.\d\d\.\d{4}$", r"\d- \d", "– ", " — ",
                 " до ", "^с .* по ", "^до ", r"^\d\d-\d\d\.", "-июнь, сентябрь-", r"май, \d{4} ноябрь",
                 r"\d{4} апрель, июнь", "^декабрь-февраль", r"\d{4} - май \d{4}", "по заявкам", "на основании",
                 "^постоянно$", "^ежемесячно$", "по графику", r"^апрель-май$"):
        assert texts.str.contains(form).any(), form
    # month names without a year take the roadmap's year
    assert parse_period("Апрель-май", 2022).ranges[0][1] == pd.Timestamp("2022-05-31")


def test_the_reports_have_something_to_show(tables):
    status = roadmap_status(tables["roadmap"], "2022-06-30", tables["roadmap_progress"])
    assert {"done", "overdue", "in_window", "upcoming"} <= set(status["state"])
    shares = indicator_shares(tables["roadmap"], tables["participation"], tables["project_schools"], 2022,
                              tables["population"], risk_profile=tables["risk_profile"],
                              school_documents=tables["school_documents"])
    region = shares[shares["scope"] == "region"]
    assert region["share"].between(0, 1).all() and region["met"].fillna(False).any()
    docs = documents_status(tables["school_documents"], tables["project_schools"], 2022,
                            {"documents_deadline": "2022-03-30"})
    assert 0 < docs["share"].iloc[-1] < 1
    prog = antirisk_progress(tables["antirisk_measures"], tables["risk_profile"], "2022-06-30")
    assert prog.by_school["factors_uncovered"].sum() > 0 and prog.by_factor["overdue"].sum() >= 0


def test_the_sample_imports_into_a_store(tables):
    store = Store("sqlite://")
    store.write_frames(tables)
    assert store.count("participation") == len(tables["participation"])
    assert store.count("antirisk_measures") == len(tables["antirisk_measures"])
    back = store.read("roadmap")
    pd.testing.assert_frame_equal(roadmap_ranges(back), roadmap_ranges(tables["roadmap"]))
