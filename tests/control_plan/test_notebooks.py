"""The control_plan report notebooks under the plain ``papermill`` command, on the sample district."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from evalnb_testing import executed, papermill_run

import evalnb
from evalnb.control_plan import check_document, check_plan
from evalnb.control_plan.report import documents_folder
from evalnb.core.store import Store
from evalnb_testing import ROOT, SAMPLE

NOTEBOOKS = ROOT / "notebooks" / "control_plan"
NAMES = ("school_report", "municipality_summary")


@pytest.fixture(scope="session")
def cp_data(tmp_path_factory) -> Path:
    """A folder with the sample's schools, plans, library and Положения, and its SQLite file."""
    import evalnb.control_plan.report  # noqa: F401  (registers the domain's tables)

    folder = tmp_path_factory.mktemp("control-plan-sample")
    for table in ("schools", "control_plan", "control_library"):
        shutil.copy(SAMPLE / f"{table}.csv", folder / f"{table}.csv")
    shutil.copytree(SAMPLE / "documents", folder / "documents")
    Store(f"sqlite:///{folder / 'cp.sqlite'}").import_folder(folder)
    return folder


def run(folder, name, **params):
    return papermill_run(NOTEBOOKS / f"{name}.ipynb", folder, timeout=300, **params)


@pytest.fixture(scope="session")
def runs(cp_data, tmp_path_factory):
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("control-plan-notebooks")
    url = f"sqlite:///{cp_data / 'cp.sqlite'}"
    plan = {
        "school_ru": ("school_report", dict(school_id="RU004", data=url,
                                            documents=cp_data / "documents")),
        "school_en": ("school_report", dict(school_id="RU006", data=cp_data, lang="en")),
        "muni_zh": ("municipality_summary", dict(data=url, lang="zh",
                                                  documents=cp_data / "documents")),
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {k: pool.submit(run, folder, name, **params) for k, (name, params) in plan.items()}
        return {k: f.result() for k, f in futures.items()}


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin_and_declare_their_parameters(name):
    import papermill

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    meta = nb.metadata.evalnb
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {meta["key"], "data", "lang", "rules_path", "year", "documents"} <= set(declared)
    assert meta["applies_to"] == {"with_rows_in": "control_plan"}
    assert set(meta["figures"]) == set(meta["figure_labels"])
    assert all(set(v) == {"en", "ru", "zh"} for v in meta["figure_labels"].values())


@pytest.mark.slow
def test_school_report_in_russian_with_the_school_s_document(cp_data, runs):
    nb, text = executed(*runs["school_ru"])
    store = Store(f"sqlite:///{cp_data / 'cp.sqlite'}")
    meta = evalnb.read_meta(nb)
    assert meta["title"] == "МБОУ СОШ № 4" and meta["lang"] == "ru"
    assert meta["subtitle"] == "2019-2020 учебный год"
    f = check_plan(store.read("control_plan", school_id="RU004"))
    doc = check_document(cp_data / "documents" / "RU004_polozhenie_vshk_vsoko.docx",
                         school_name="МБОУ СОШ № 4")
    records = evalnb.read_records(nb)
    assert records == {"items": 26, "errors": 0, "warnings": len(f), "document_findings": len(doc)}
    assert "На январь контроль не запланирован." in text
    assert "участников учебно-воспитательного процесса" in text and "Признак несамостоятельного" in text
    assert "image/png" in text


@pytest.mark.slow
def test_school_report_in_english_finds_the_document_folder_beside_the_data(runs):
    nb, text = executed(*runs["school_en"])
    records = evalnb.read_records(nb)
    assert records["document_findings"] is None      # RU006 has no Положение on file
    assert "No Положение о ВШК и ВСОКО of the school is on file." in text
    assert "is responsible for 5 items in December" in text
    assert "Overload of a responsible person" in text


@pytest.mark.slow
def test_municipality_summary_in_chinese(runs):
    nb, text = executed(*runs["muni_zh"])
    records = evalnb.read_records(nb)
    assert records == {"schools": 20, "schools_with_errors": 2, "schools_with_warnings": 7,
                       "clean_schools": 11, "documents_checked": 3}
    meta = evalnb.read_meta(nb)
    assert meta["title"] == "г. Армавир" and meta["lang"] == "zh"
    assert "负责人负担过重" in text and "过时术语" in text and "image/png" in text


def test_documents_folder_resolution(cp_data, tmp_path):
    assert documents_folder(cp_data) == cp_data / "documents"
    assert documents_folder(f"sqlite:///{cp_data / 'cp.sqlite'}") == cp_data / "documents"
    nested = tmp_path / "data"
    (nested / "sample" / "documents").mkdir(parents=True)
    assert documents_folder(f"sqlite:///{nested / 'evalnb.sqlite'}") == nested / "sample" / "documents"
    assert documents_folder(str(tmp_path / "x.sqlite")) is None
    with pytest.raises(evalnb.InputError, match="does not exist"):
        documents_folder(cp_data, tmp_path / "nowhere")
