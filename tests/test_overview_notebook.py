"""The first report: notebooks/school_overview.ipynb under the plain papermill command."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

import evalnb
from evalnb.core.store import Store

from evalnb_testing import ROOT

NOTEBOOK = ROOT / "notebooks" / "school_overview.ipynb"


def first_school(url, kind, language):
    schools = Store(url).schools(kinds=[kind])
    return schools[schools["language"] == language]["school_id"].iloc[0]


@pytest.mark.slow
@pytest.mark.parametrize("kind,language,lang,expect", [
    ("general", "ru", None, "Основные сведения"),
    ("vocational", "zh", None, "基本情况"),
    ("primary", "en", None, "Basic facts"),
    ("vocational", "zh", "ru", "Обучающиеся очной формы"),
])
def test_overview_runs_for_a_school_of_each_region(sample_db, tmp_path, kind, language, lang, expect):
    school_id = first_school(sample_db, kind, language)
    out = tmp_path / "out.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(NOTEBOOK), str(out), "-p", "school_id", school_id,
           "-p", "data", sample_db, "-k", "python3", "--log-level", "WARNING"]
    if lang:
        cmd += ["-p", "lang", lang]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    text = json.dumps(nb, ensure_ascii=False)
    assert expect in text
    store = Store(sample_db)
    counts = (store.read("students", school_id=school_id)["grade"].nunique()
              or store.read("vocational_status", school_id=school_id)["year"].nunique()
              or store.read("teachers", school_id=school_id)["kind"].nunique())
    # a chart when it has bars to compare, a sentence when it would have one
    assert ("image/png" in text) == (counts > 1), counts
    meta = evalnb.read_meta(nb)
    school = Store(sample_db).school(school_id)
    assert meta["title"] == school["name"]
    assert meta["lang"] == (lang or school["language"])
    records = evalnb.read_records(nb)
    roster = store.read("students", school_id=school_id).shape[0]
    status = store.read("vocational_status", school_id=school_id)
    enrolled = status[(status["indicator"] == "enrollment_fulltime")
                      & (status["year"] == status["year"].max())]["value"]
    # the students a school has, from whichever table holds them (a college: its status data)
    assert records["students"] == (roster or (int(enrolled.iloc[0]) if len(enrolled) else None))
