"""The community report notebooks under the plain ``papermill`` command, on the sample county."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from evalnb_testing import executed, papermill_run

import evalnb
from evalnb.community import exchange_quotas

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks" / "community"
NAMES = ("school_grouping", "term_activities", "alliance_report")


def run(tmp_path, name, **params):
    return papermill_run(NOTEBOOKS / f"{name}.ipynb", tmp_path, timeout=600, **params)


@pytest.fixture(scope="session")
def runs(community_db, tmp_path_factory):
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("community-notebooks")
    plan = {
        "grouping_zh": ("school_grouping", dict(school_id="CNC001", data=community_db)),
        "activities_en": ("term_activities", dict(school_id="CNC001", data=community_db, lang="en")),
        "alliance_ru": ("alliance_report", dict(school_id="CNC003", data=community_db, lang="ru",
                                                year="2023-2024")),
    }
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {k: pool.submit(run, folder, name, **params) for k, (name, params) in plan.items()}
        return {k: f.result() for k, f in futures.items()}


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin_and_clean(name):
    import papermill

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    meta = nb.metadata.evalnb
    assert meta["key"] == "school_id" and meta["figures"]
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {"school_id", "data", "lang", "rules_path"} <= set(declared)


@pytest.mark.slow
def test_grouping_report_in_the_schools_language(runs):
    nb, text = executed(*runs["grouping_zh"])
    meta = evalnb.read_meta(nb)
    assert meta["lang"] == "zh" and meta["title"] == "青山县墨埠小学"
    rec = evalnb.read_records(nb)
    assert rec["students"] == 43 and rec["groups"] == 7 and rec["unmet_rules"] == 3
    for label in ("校外成长共同体", "未满足的规则", "无活动地点家庭", "学生组长", "附录：所用规则", "与默认值不同的规则"):
        assert label in text, label
    assert "image/png" in text
    assert "size_ok" not in text and "True" not in text


@pytest.mark.slow
def test_activity_report_in_english(runs):
    nb, text = executed(*runs["activities_en"])
    assert evalnb.read_meta(nb)["subtitle"] == "2024-2025 autumn term"
    rec = evalnb.read_records(nb)
    assert rec["groups"] == 7 and rec["activities"] > 0
    assert 0 < rec["attendance_rate"] < 1
    assert "Records to check" in text and "no parent on duty" in text


@pytest.mark.slow
def test_alliance_report_in_russian(runs, community_db):
    from evalnb.core.store import Store

    nb, text = executed(*runs["alliance_ru"])
    store = Store(community_db)
    q = exchange_quotas(store.read("exchanges"), store.read("staff_counts"), store.read("alliance_members"),
                        "2023-2024").by_school
    rec = evalnb.read_records(nb)
    assert rec["quota_met"] == int(q["share_ok"].sum()) and rec["schools"] == len(q)
    for label in ("Нормы обмена кадрами", "Отчёты о самопроверке", "Приложение: применённые правила",
                  "Данные на "):
        assert label in text, label
