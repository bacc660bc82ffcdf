"""The «500+» report notebooks under the plain ``papermill`` command, on the sample region."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from evalnb_testing import executed, papermill_run

import evalnb
from evalnb.core.store import Store
from evalnb.support import DOMAIN, SupportRules, roadmap_status

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks" / "support"
NAMES = ("roadmap_report", "school_report")
SAMPLE_RULES = ROOT / "src" / "evalnb" / "support" / "data" / "sample_rules.yaml"

@pytest.fixture(scope="session")
def support_db(tmp_path_factory) -> str:
    """The sample region's tables and schools in an SQLite file."""
    import numpy as np

    from evalnb.core.domain import SampleContext

    folder = tmp_path_factory.mktemp("support-sample")
    url = f"sqlite:///{folder / 'support.sqlite'}"
    tables = DOMAIN.make_sample(SampleContext(seed=0, rng=np.random.default_rng(0), tables={}))
    Store(url).write_frames(tables)
    return url


def kernel_env(folder: Path) -> dict:
    """The environment of the papermill runs (written once, before any kernel starts)."""
    return dict(os.environ)


def run(folder: Path, env: dict, name: str, **params):
    return papermill_run(NOTEBOOKS / f"{name}.ipynb", folder, env=env, timeout=600, **params)


@pytest.fixture(scope="session")
def runs(support_db, tmp_path_factory):
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("support-notebooks")
    plan = {
        "region_ru": ("roadmap_report", dict(data=support_db)),
        "region_en": ("roadmap_report", dict(data=support_db, lang="en", as_of="2022-03-31",
                                             rules_path=SAMPLE_RULES)),
        "municipality_zh": ("roadmap_report", dict(data=support_db, lang="zh", municipality="Козельский район")),
        "school_ru": ("school_report", dict(data=support_db, school_id="RUS005")),
        "school_zh": ("school_report", dict(data=support_db, school_id="RUS017", lang="zh",
                                            rules_path=SAMPLE_RULES)),
    }
    env = kernel_env(folder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {k: pool.submit(run, folder, env, name, **params) for k, (name, params) in plan.items()}
        return {k: f.result() for k, f in futures.items()}


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin_clean_and_match_their_generator(name, tmp_path):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for p in ("data = None", "lang = None", "rules_path = None", "as_of = None"):
        assert p in params[0].source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    meta = nb.metadata.evalnb
    assert meta["applies_to"]["with_rows_in"] == "project_schools"
    assert set(meta["figure_labels"]) == set(meta["figures"])
    import papermill

    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {meta["key"], "data", "lang", "rules_path", "as_of"} <= set(declared)


@pytest.mark.slow
def test_regional_report_in_russian_at_the_latest_progress(support_db, runs):
    nb, text = executed(*runs["region_ru"])
    store = Store(support_db)
    records = evalnb.read_records(nb)
    status = roadmap_status(store.read("roadmap"), "2022-06-30", store.read("roadmap_progress"))
    counts = status["state"].value_counts()
    assert records["as_of"] == "2022-06-30" and records["tasks"] == len(status)
    for name in ("done", "overdue", "due_soon"):
        assert records[name] == counts.get(name, 0), name
    meta = evalnb.read_meta(nb)
    assert meta["lang"] == "ru" and meta["title"] == "Региональная дорожная карта"
    assert "Просроченные задачи" in text and "Долевые показатели" in text and "image/png" in text
    first_overdue = status[status["state"] == "overdue"].sort_values(["due", "task_no"]).iloc[0]
    assert first_overdue["executors"].split(";")[0] in text


@pytest.mark.slow
def test_regional_report_in_english_with_the_region_rules(runs):
    nb, text = executed(*runs["region_en"])
    records = evalnb.read_records(nb)
    assert records["as_of"] == "2022-03-31"
    assert "quota 36" in text and "Overdue tasks" in text
    assert "Due within 14 days" in text


@pytest.mark.slow
def test_municipal_report_in_chinese(runs):
    nb, text = executed(*runs["municipality_zh"])
    assert evalnb.read_meta(nb)["title"] == "Козельский район"
    assert "逾期任务" in text and "比例指标" in text


@pytest.mark.slow
def test_school_report_in_the_school_language(support_db, runs):
    nb, text = executed(*runs["school_ru"])
    store = Store(support_db)
    meta = evalnb.read_meta(nb)
    assert meta["title"] == store.school("RUS005")["name"] and meta["lang"] == "ru"
    records = evalnb.read_records(nb)
    from evalnb.support import antirisk_progress

    prog = antirisk_progress(store.read("antirisk_measures", school_id="RUS005"),
                             store.read("risk_profile", school_id="RUS005"), "2022-06-30")
    row = prog.by_school.iloc[0]
    assert records["factors_high"] == row["factors_high"]
    assert records["factors_uncovered"] == row["factors_uncovered"]
    assert records["measures_done_share"] == pytest.approx(row["measures_done_share"])
    assert "Рисковый профиль школы" in text and "Антирисковая программа" in text


@pytest.mark.slow
def test_school_report_in_chinese_with_risk_factor_names(support_db, runs):
    nb, text = executed(*runs["school_zh"])
    assert "学校风险画像" in text and "第一阶段" in text
    store = Store(support_db)
    names = store.read("risk_factors").set_index("factor")["name_zh"]
    high = store.read("risk_profile", school_id="RUS017").query("level == 'high'")["factor"]
    assert len(high) and all(names[f] in text for f in high)
    assert SupportRules.load(SAMPLE_RULES).documents_deadline == "2022-03-30"
    assert "按期" in text                       # the deadline column shows under the region's rules
