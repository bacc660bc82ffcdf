"""Quota, concept documents, anti-risk programmes and stage readiness of the project's schools."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalnb import InputError, RulesError
from evalnb.support import (SupportRules, antirisk_progress, documents_status, project_check,
                            stage_monitoring)

T = pd.Timestamp
PS = pd.DataFrame({"school_id": ["A", "B", "C", "D"], "year": [2022, 2022, 2022, 2021],
                   "teachers": [10, 20, 15, 8], "curator": ["Иванова", "", None, "Петров"]})


def test_project_check_against_the_quota():
    assert project_check(PS, 2022, {"quota": 3}).iloc[0].tolist() == [2022, 3, 3, True, "B;C"]
    assert not project_check(PS, 2022, {"quota": 36}).iloc[0]["ok"]
    none = project_check(PS, 2022).iloc[0]
    assert pd.isna(none["quota"]) and pd.isna(none["ok"])
    assert project_check(PS, 2021, {"quota": 1}).iloc[0]["without_curator"] == ""


def docs(rows):
    return pd.DataFrame(rows, columns=["school_id", "year", "doc", "placed", "confirmed_by_curator",
                                       "expertise_received"])


def test_documents_status_by_the_deadline():
    sd = docs([("A", 2022, "concept", "2022-03-01", "да", "2022-04-20"),
               ("A", 2022, "midterm_programme", "2022-03-15", "да", None),
               ("A", 2022, "antirisk_programme", "2022-03-30", "да", "2022-04-25"),
               ("B", 2022, "concept", "2022-03-01", "нет", None),
               ("B", 2022, "midterm_programme", "2022-03-02", "да", None),
               ("B", 2022, "antirisk_programme", "2022-03-31", "да", None),   # one day late
               ("C", 2022, "concept", "2022-03-10", "true", None),
               ("D", 2021, "concept", "2021-03-10", "true", None)])
    out = documents_status(sd, PS, 2022, {"documents_deadline": "2022-03-30"}).set_index("scope")
    assert list(out.index) == ["A", "B", "C", "region"]
    assert out.loc["A", "all_placed_by_deadline"] and not out.loc["B", "all_placed_by_deadline"]
    assert not out.loc["C", "all_placed_by_deadline"] and pd.isna(out.loc["C", "antirisk_programme"])
    assert out.loc["A", "confirmed"] and not out.loc["B", "confirmed"]
    assert out.loc["A", "expertise_received"] == T("2022-04-25")
    assert out.loc["region", "share"] == pytest.approx(1 / 3) and out.loc["region", "target"] == 1.0
    assert not out.loc["region", "met"]
    anyday = documents_status(sd, PS, 2022).set_index("scope")
    assert anyday.loc["region", "share"] == pytest.approx(2 / 3)      # B's late programme counts


def measures(rows):
    return pd.DataFrame(rows, columns=["school_id", "year", "factor", "measure_id", "measure", "stage",
                                       "deadline", "status", "evidence", "confirmed_by_curator"])


PROFILE = pd.DataFrame({"school_id": ["A", "A", "A", "B"], "year": [2022] * 4,
                        "factor": ["f1", "f2", "f3", "f1"],
                        "level": ["высокий", "средний", "низкий", "low"],
                        "activated": ["да", "нет", "да", "нет"]})
MEASURES = measures([
    ("A", 2022, "f1", "m1", "Курсы", 1, "2022-05-01", "done", "приказ.pdf", "да"),
    ("A", 2022, "f1", "m2", "Семинар", 1, "2022-05-31", "in_progress", None, "нет"),
    ("A", 2022, "f1", "m3", "Наставничество", 2, "2022-10-01", "planned", None, "нет"),
    ("B", 2022, "f1", "m1", "Курсы", 1, "2022-05-01", "done", "протокол", "да"),
    ("B", 2022, "f4", "m2", "Кружок", 1, None, "done", "отчёт", "да"),  # a factor outside the profile
])


def test_antirisk_progress_at_the_deadline_and_after():
    on = antirisk_progress(MEASURES, PROFILE, "2022-05-31")
    f = on.by_factor.set_index(["school_id", "factor"])
    assert f.loc[("A", "f1"), ["measures", "done", "overdue", "confirmed"]].tolist() == [3, 1, 0, 1]
    assert f.loc[("A", "f1"), "done_share"] == pytest.approx(1 / 3)
    assert f.loc[("A", "f2"), "uncovered"] and f.loc[("A", "f3"), "uncovered"]   # medium; low but activated
    assert not f.loc[("B", "f1"), "uncovered"] and np.isnan(f.loc[("A", "f2"), "done_share"])
    assert pd.isna(f.loc[("B", "f4"), "level"]) and f.loc[("B", "f4"), "done"] == 1
    after = antirisk_progress(MEASURES, PROFILE, "2022-06-01").by_factor.set_index(["school_id", "factor"])
    assert after.loc[("A", "f1"), "overdue"] == 1
    s = on.by_school.set_index("school_id")
    assert s.loc["A", ["factors_high", "factors_uncovered", "measures", "done"]].tolist() == [1, 2, 3, 1]
    assert s.loc["B", "measures_done_share"] == 1.0


def test_stage_monitoring_and_the_check_date():
    out = stage_monitoring(MEASURES, PS, 1, {"stage_checks": {1: "2022-06-01"}}, year=2022).set_index("scope")
    assert out.loc["A", ["measures_stage", "done", "with_evidence", "confirmed"]].tolist() == [2, 1, 1, 1]
    assert not out.loc["A", "ready"] and out.loc["B", "ready"]
    assert not out.loc["C", "ready"] and out.loc["C", "measures_stage"] == 0   # nothing to confirm
    assert out.loc["region", "share"] == pytest.approx(1 / 3)
    assert out.loc["region", "check_date"] == T("2022-06-01") and pd.isna(out.loc["A", "check_date"])
    two = stage_monitoring(MEASURES, PS, 2, year=2022).set_index("scope")
    assert two.loc["region", "share"] == 0 and pd.isna(two.loc["region", "check_date"])
    with pytest.raises(InputError, match="stage must be 1 or 2"):
        stage_monitoring(MEASURES, PS, 3)


def test_bad_inputs_and_rules():
    with pytest.raises(InputError) as err:
        antirisk_progress(MEASURES.assign(status=["done", "сделано", "planned", "done", "done"]), PROFILE,
                          "2022-05-31")
    assert (err.value.table, err.value.row, err.value.column, err.value.value) == (
        "antirisk_measures", 3, "status", "сделано")
    with pytest.raises(InputError) as err:
        antirisk_progress(MEASURES, PROFILE.assign(level=["high", "extreme", "low", "low"]), "2022-05-31")
    assert (err.value.table, err.value.row, err.value.column) == ("risk_profile", 3, "level")
    with pytest.raises(InputError, match="duplicate key"):
        stage_monitoring(pd.concat([MEASURES, MEASURES.head(1)]), PS, 1)
    with pytest.raises(RulesError, match="documents_deadline"):
        SupportRules.load({"documents_deadline": "30.03.2022"})
    with pytest.raises(RulesError, match="stage"):
        SupportRules.load({"stage_checks": {3: "2022-06-01"}})
    with pytest.raises(InputError, match="calendar year"):
        project_check(PS, "двадцать")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(["f1", "f2"]),
                          st.sampled_from(["planned", "in_progress", "done"]), st.booleans(), st.booleans()),
                min_size=1, max_size=12))
def test_readiness_and_shares_are_consistent(rows):
    am = measures([(s, 2022, f, f"m{i}", "мера", 1, "2022-05-01", status, "док" if ev else None, conf)
                   for i, (s, f, status, ev, conf) in enumerate(rows)])
    out = stage_monitoring(am, PS, 1, year=2022).set_index("scope")
    schools = out.drop("region")
    assert (schools["done"] <= schools["measures_stage"]).all()
    ready = schools["ready"].astype(bool)
    assert (schools.loc[ready, "done"] == schools.loc[ready, "measures_stage"]).all()
    assert out.loc["region", "share"] == pytest.approx(ready.mean())
    prog = antirisk_progress(am, PROFILE, "2022-06-01")
    assert prog.by_school["measures"].sum() == len(rows)
    share = prog.by_factor["done_share"].dropna()
    assert ((share >= 0) & (share <= 1)).all()


def test_factors_outside_the_catalogue_are_named():
    catalogue = pd.DataFrame({"factor": ["f1", "f2", "f3"], "name_ru": ["a", "b", "c"]})
    with pytest.raises(InputError) as err:
        antirisk_progress(MEASURES, PROFILE, "2022-05-31", risk_factors=catalogue)
    assert [(p.table, p.row, p.value) for p in err.value.problems] == [("antirisk_measures", 6, "f4")]
    ok = antirisk_progress(MEASURES.iloc[:4], PROFILE, "2022-05-31", risk_factors=catalogue)
    assert len(ok.by_factor) == 4
