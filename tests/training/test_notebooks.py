"""The training report notebooks under the plain ``papermill`` command, on the sample county."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from evalnb_testing import executed, papermill_run

import evalnb
from evalnb.core.store import Store
from evalnb.training import assess, monthly_unit_report

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks" / "training"
NAMES = ("unit_monthly_report", "teacher_record", "county_overview")


def run(tmp_path, name, **params):
    return papermill_run(NOTEBOOKS / f"{name}.ipynb", tmp_path, timeout=300, **params)


@pytest.fixture(scope="session")
def training_db(tmp_path_factory) -> str:
    """The sample county's training tables (and schools) in an SQLite file.

    Only the four tables the reports read, so that the import takes a second
    and a problem in another domain's sample cannot break these tests.
    """
    import shutil

    folder = tmp_path_factory.mktemp("training-sample")
    for table in ("schools", "teachers", "courses", "enrollments"):
        shutil.copy(ROOT / "data" / "sample" / f"{table}.csv", folder / f"{table}.csv")
    url = f"sqlite:///{folder / 'training.sqlite'}"
    Store(url).import_folder(folder)
    return url


def _county_rules(folder: Path, text: str) -> Path:
    path = folder / f"rules-{abs(hash(text))}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def runs(training_db, tmp_path_factory):
    """Every notebook run of this file, started together (kernel start-up dominates a run)."""
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("training-notebooks")
    kg = Store(training_db).schools(kinds=["kindergarten"], with_rows_in="teachers")["school_id"].iloc[0]
    plan = {
        "unit_en": ("unit_monthly_report", dict(school_id="EN001", data=training_db, month="2025-03")),
        "unit_zh": ("unit_monthly_report", dict(school_id=kg, data=training_db, lang="zh")),
        "teacher_ru": ("teacher_record", dict(
            data=training_db, lang="ru", as_of="2024-2025", rules_path=_county_rules(
                folder, "training:\n  cycle_min_hours: 240\n  annual_min_credits: 10\n"))),
        "county_en": ("county_overview", dict(data=training_db, year="2023-2024")),
        "forms_ru": ("data_entry", dict(data=training_db, lang="ru")),
    }
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {k: pool.submit(run, folder, name, **params) for k, (name, params) in plan.items()}
        return {k: f.result() for k, f in futures.items()}


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin_and_clean(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    src = params[0].source
    for p in ("data = None", "lang = None", "rules_path = None"):
        assert p in src
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.metadata.kernelspec.name == "python3"
    meta = nb.metadata.evalnb
    assert meta["key"] in src and meta["figures"]
    # papermill reads every declared parameter (no '=' in the comments)
    import papermill
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {meta["key"], "data", "lang", "rules_path"} <= set(declared)


def test_unit_report_applies_to_units_with_teachers():
    nb = nbformat.read(NOTEBOOKS / "unit_monthly_report.ipynb", as_version=4)
    assert nb.metadata.evalnb["applies_to"] == {"with_rows_in": "teachers"}
    assert "month" in nb.cells[1].source


@pytest.mark.slow
def test_unit_monthly_report_for_a_given_month(training_db, runs):
    nb, text = executed(*runs["unit_en"])
    store = Store(training_db)
    meta = evalnb.read_meta(nb)
    assert meta["title"] == store.school("EN001")["name"] and meta["lang"] == "en"
    assert meta["subtitle"] == "March 2025"
    records = evalnb.read_records(nb)
    teachers, courses = store.read("teachers"), store.read("courses")
    expected = monthly_unit_report(teachers, courses, assess(courses, store.read("enrollments")),
                                   "2025-03").set_index("school_id").loc["EN001"]
    for name in ("participants", "qualified", "unqualified", "commended", "sanctioned"):
        assert records[name] == expected[name], name
    assert records["hours_credited"] == expected["hours_credited"]
    assert records["due"] == "2025-04-05" and records["month"] == "2025-03"
    assert "Key figures" in text and "Results of the unit&#x27;s teachers" in text
    assert "image/png" in text


@pytest.mark.slow
def test_unit_monthly_report_latest_month_in_chinese(runs):
    nb, text = executed(*runs["unit_zh"])
    records = evalnb.read_records(nb)
    assert records["month"] == "2025-07"   # the unit's latest results: the summer school
    assert evalnb.read_meta(nb)["subtitle"] == "2025年7月"
    assert "主要数据" in text and "通报单位截止日期" in text


@pytest.mark.slow
def test_teacher_record_default_teacher_in_russian_with_county_rules(training_db, runs):
    nb, text = executed(*runs["teacher_ru"])
    meta = evalnb.read_meta(nb)
    first = Store(training_db).read("teachers", where={"teacher_id": "T0001"}).iloc[0]
    assert meta["title"] == first["name"] and meta["key"] == "T0001" and meta["lang"] == "ru"
    assert meta["subtitle"].endswith("2024-2025")
    assert "Выполнение требований" in text and "Пятилетние циклы" in text
    assert "Зачётных единиц в год" in text          # the county's yearly credit minimum
    assert "файл правил района" in text and "240" in text
    records = evalnb.read_records(nb)
    assert set(records) >= {"compliant", "hours_year", "hours_cycle"}
    assert records["compliant"] is False   # T0001 earns 4 online credits in 2024-2025
    # T0001: secondary, born 1962, chemistry — 62 in 2024, so not on the examination roster
    assert "Экзамен учителей, 2024-2025" in text and "40 лет и старше" in text
    assert "Школьное обучение, засчитанное за онлайн-курсы 2024-2025: 0 ч" in text


@pytest.mark.slow
def test_county_overview(training_db, runs):
    nb, text = executed(*runs["county_en"])
    records = evalnb.read_records(nb)
    store = Store(training_db)
    assert records["teachers"] == store.count("teachers")
    assert 0 < records["compliant_share"] < 1
    assert records["courses"] == 20   # C001–C020 end by 2024-08-31; C021 ends on 1 September: next year
    assert evalnb.read_meta(nb)["subtitle"] == "School year 2023-2024"
    assert "Commended trainees" in text and "Sanctioned trainees" in text
    assert text.count("image/png") >= 2
    assert "Consequences to send to the units" in text and "no certificate, hours not recognised" in text
    assert "Examination of teachers" in text and "sits the examination this year" in text
    assert records["exam_roster"] == 83   # the sample's primary and junior high teachers under 40 in 2023, not passed


def test_a_bad_rules_file_stops_the_report(training_db, tmp_path):
    from evalnb import RulesError
    from evalnb.core.report import ReportContext

    path = _county_rules(tmp_path, "training:\n  pass_mrk: 65\n")
    with pytest.raises(RulesError) as exc:
        ReportContext.open("training", training_db, rules_path=str(path), school_id="EN001")
    assert exc.value.column == "pass_mrk" and exc.value.table == str(path)


@pytest.mark.slow
def test_the_data_entry_notebook_shows_both_forms(runs):
    nb, text = executed(*runs["forms_ru"])
    views = [o for c in nb.cells for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 2
    assert "evalnb" not in nb.metadata   # a form, not a report for the batch
