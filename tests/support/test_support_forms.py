"""The roadmap-progress and anti-risk forms, driven in Python as a user would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalnb.core.domain import SampleContext
from evalnb.core.store import Store
from evalnb.support import DOMAIN, indicator_shares
from evalnb.support.forms import AntiriskMeasuresForm, RoadmapProgressForm


@pytest.fixture(scope="module")
def sample_tables():
    return DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(3), tables={}))


@pytest.fixture()
def store(sample_tables, tmp_path: Path):
    st = Store(f"sqlite:///{tmp_path / 'forms.sqlite'}")
    st.write_frames(sample_tables)
    return st


def test_progress_form_saves_a_report_with_the_audit(store):
    form = RoadmapProgressForm(store, task_no=3, lang="ru", user="kgiro")
    assert "06.12.2021 16.12.2021" in form.info.value and "МОН КО" in form.info.value
    form.fields["date"].widget.value = dt.date(2022, 7, 1)
    form.fields["status"].widget.value = "done"
    form.fields["evidence"].widget.value = "приказ.pdf"
    assert form.form.submit(), form.form.status.value
    saved = store.read("roadmap_progress", where={"task_no": 3})
    row = saved[saved["date"] == pd.Timestamp("2022-07-01")].iloc[0]
    assert row["status"] == "done" and row["evidence"] == "приказ.pdf" and row["indicator_no"] == 1
    assert store.audit("roadmap_progress")["changed_by"].iloc[-1] == "kgiro"
    assert "Задача 3" in form.form.status.value


def test_progress_form_shows_problems_next_to_fields_and_saves_nothing(store):
    before = store.count("roadmap_progress")
    form = RoadmapProgressForm(store, task_no=5, lang="ru")
    form.fields["numerator"].widget.value = "12"
    form.fields["denominator"].widget.value = "10"
    assert not form.form.submit()
    assert form.fields["numerator"].error.value           # numerator must not exceed denominator
    form.fields["numerator"].widget.value = "3,5"
    assert not form.form.submit()
    assert "целое число" in form.fields["numerator"].error.value
    form.fields["numerator"].widget.value = "8"
    form.fields["date"].widget.value = None
    assert not form.form.submit()
    assert form.fields["date"].error.value
    assert store.count("roadmap_progress") == before
    assert form.fields["numerator"].widget.value == "8"   # nothing typed is lost


def test_progress_form_computes_the_share_from_participation(store, sample_tables):
    form = RoadmapProgressForm(store, task_no=6, lang="en")         # teachers trained
    assert not form.compute_button.disabled
    assert form.compute()
    t = sample_tables
    shares = indicator_shares(t["roadmap"], t["participation"], t["project_schools"], 2022, t["population"])
    region = shares[(shares["task_no"] == 6) & (shares["scope"] == "region")].iloc[0]
    assert form.fields["numerator"].widget.value == str(region["numerator"])
    assert form.fields["denominator"].widget.value == str(int(region["denominator"]))
    other = RoadmapProgressForm(store, task_no=3, lang="en")        # a deliverable, no share
    assert other.compute_button.disabled


def test_antirisk_form_saves_only_the_changed_rows(store):
    form = AntiriskMeasuresForm(store, "RUS003", lang="ru", user="curator")
    first, second = form.grid.keys[:2]
    form.grid.cells[(first, "status")].value = "выполнено"
    form.grid.cells[(first, "evidence")].value = "отчёт.pdf"
    form.grid.cells[(first, "confirmed_by_curator")].value = "да"
    form.grid.cells[(first, "actual")].value = "85"
    before = store.read("antirisk_measures", school_id="RUS003").set_index("measure_id")
    assert form.form.submit(), form.form.status.value
    after = store.read("antirisk_measures", school_id="RUS003").set_index("measure_id")
    row = after.loc[first]
    assert (row["status"], row["evidence"], bool(row["confirmed_by_curator"]), row["actual"]) == (
        "done", "отчёт.pdf", True, 85)
    assert row["measure"] == before.loc[first, "measure"] and row["deadline"] == before.loc[first, "deadline"]
    pd.testing.assert_series_equal(after.loc[second], before.loc[second])
    audit = store.audit("antirisk_measures")
    assert len(audit) == 1 and audit["changed_by"].iloc[0] == "curator"
    assert not form.form.submit()                              # nothing changed since


def test_antirisk_form_marks_a_bad_row_and_adds_a_measure(store):
    form = AntiriskMeasuresForm(store, "RUS003", lang="zh")
    key = form.grid.keys[0]
    form.grid.cells[(key, "status")].value = "finished"
    assert not form.form.submit()
    assert form.grid.errors[key].value and "finished" in form.grid.errors[key].value
    assert store.audit("antirisk_measures").empty
    n = len(form.grid.keys)
    form.new["measure"].widget.value = "Родительское собрание"
    form.new["deadline"].widget.value = dt.date(2022, 10, 20)
    assert form.add_measure()
    assert len(form.grid.keys) == n + 1
    added = store.read("antirisk_measures", school_id="RUS003")
    new = added[added["measure"] == "Родительское собрание"].iloc[0]
    assert new["status"] == "planned" and new["deadline"] == pd.Timestamp("2022-10-20")
    assert new["factor"] in set(store.read("risk_profile", school_id="RUS003")["factor"])
    form.new["measure"].widget.value = ""
    assert not form.add_measure() and form.new["measure"].error.value


def test_the_forms_are_declared_for_evalnb_forms():
    names = {x.name: x for x in DOMAIN.forms}
    assert names["roadmap_progress"].load() is RoadmapProgressForm
    assert names["antirisk_measures"].load() is AntiriskMeasuresForm
    assert names["antirisk_measures"].pick == ("school",)
