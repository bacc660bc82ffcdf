"""The municipality's figures at region scale: computed in chunks of schools, shared once per revision."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb.assessment import data
from evalnb.assessment.rules import AssessmentRules
from evalnb.core.store import Store

FRAMES = ("stats_sp", "stats_s", "subjects", "total", "risk", "objectivity", "objectivity_muni",
          "flags", "essay")


def _same(a: pd.DataFrame, b: pd.DataFrame, name: str):
    a = a.sort_values(list(a.columns[:4])).reset_index(drop=True)
    b = b.sort_values(list(b.columns[:4])).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=name)


@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_chunks_of_schools_give_the_figures_of_the_whole(sample_db, chunk):
    store, rules = Store(sample_db), AssessmentRules()
    muni = str(store.schools(kinds=["general"], with_rows_in="students")["municipality"].iloc[0])
    whole = data._compute(store, muni, "2019-2020 Q4", rules, chunk=10_000)
    parts = data._compute(store, muni, "2019-2020 Q4", rules, chunk=chunk)
    assert len(whole.schools) == 20 and not whole.flags.empty and not whole.risk.empty
    for name in FRAMES:
        _same(getattr(whole, name), getattr(parts, name), name)
    _same(whole.cluster.schools, parts.cluster.schools, "cluster")
    assert (whole.period, whole.prev, whole.window) == (parts.period, parts.prev, parts.window)


def test_latest_period_is_found_without_reading_the_rows(sample_db):
    store = Store(sample_db)
    ids = list(store.schools(kinds=["general"])["school_id"])
    assert sorted(data._marked_periods(store, ids)) == [f"2019-2020 Q{q}" for q in (1, 2, 3, 4)]
    assert data._marked_periods(store, ["NO-SUCH"]) == []


def test_figures_are_computed_once_per_revision_between_processes(sample_db, tmp_path, monkeypatch):
    """A second kernel (here: the cache of this one cleared) reads the first's result."""
    monkeypatch.setenv("EVALNB_CACHE_DIR", str(tmp_path))
    store, rules = Store(sample_db), AssessmentRules()
    muni = data.first_municipality(store)
    calls = []
    real = data._compute

    def counting(*a, **k):
        calls.append(a[1])
        return real(*a, **k)

    monkeypatch.setattr(data, "_compute", counting)
    data.cache_clear()
    first = data.municipality_figures(store, muni, None, rules)
    data.cache_clear()                                # as in another kernel
    second = data.municipality_figures(store, muni, None, rules)
    assert calls == [muni] and first.period == second.period == "2019-2020 Q4"
    _same(first.stats_sp, second.stats_sp, "stats_sp")
    assert len(list(tmp_path.glob("assessment-municipality-*.pickle"))) == 1
    # other rules: other figures
    data.cache_clear()
    data.municipality_figures(store, muni, None, AssessmentRules(objectivity_min_n=3))
    assert calls == [muni, muni]
    data.cache_clear()


def test_a_new_revision_is_computed_anew(tmp_path, monkeypatch):
    from evalnb.sample import generate
    from evalnb.core.sampling import to_csv_text

    monkeypatch.setenv("EVALNB_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "csv"
    folder.mkdir()
    tables = generate(0)
    for name in ("schools", "students", "periods", "marks", "external"):
        (folder / f"{name}.csv").write_text(to_csv_text(tables[name]), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url)
    store.import_folder(folder)
    rules = AssessmentRules()
    data.cache_clear()
    before = data.municipality_figures(store, "г. Армавир", "2019-2020 Q4", rules)
    # one school's marks of the period replaced by 2: a new revision, new figures
    marks = tables["marks"]
    ids = set(tables["students"].loc[tables["students"].school_id == "RU001", "student_id"])
    marks.loc[marks.student_id.isin(ids) & (marks.period == "2019-2020 Q4") & marks.mark.notna(), "mark"] = 2
    (folder / "marks.csv").write_text(to_csv_text(marks), encoding="utf-8")
    store.import_folder(folder)
    data.cache_clear()
    after = data.municipality_figures(store, "г. Армавир", "2019-2020 Q4", rules)
    q = lambda m: float(m.stats_s.set_index(["school_id", "period"]).loc[("RU001", "2019-2020 Q4"), "quality"])  # noqa: E731
    assert q(before) > 0 and q(after) == 0.0
    assert len(list((tmp_path / "cache").glob("assessment-municipality-*.pickle"))) == 2
    data.cache_clear()


def test_the_cache_folder_keeps_the_newest_files(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(data, "_CACHE_FILES", 2)
    for i in range(4):
        f = tmp_path / f"assessment-municipality-{i}.pickle"
        f.write_bytes(b"x")
        (tmp_path / f"{f.name}.lock").write_bytes(b"")
        os.utime(f, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "other.txt").write_text("kept")
    data._prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "assessment-municipality-2.pickle", "assessment-municipality-2.pickle.lock",
        "assessment-municipality-3.pickle", "assessment-municipality-3.pickle.lock", "other.txt"]
