"""The olympiad report notebooks under the plain ``papermill`` command, in every language."""

from __future__ import annotations

import os
import re

import nbformat
import pandas as pd
import pytest
from evalnb_testing import papermill_run

import evalnb
from evalnb.core.store import Store
from evalnb.olympiad import coverage, iom_implementation, iom_required, participation_quality
from olympiad_helpers import ROOT

NOTEBOOKS = ROOT / "notebooks" / "olympiad"
NAMES = ("municipality_report", "school_report")
SCHOOLS = ("RU001", "RU003", "RU009", "RU012", "RU017")
YEAR = "2019-2020"


def executed(res, out):
    """The executed notebook and the HTML it displayed (what a handout shows)."""
    assert res.returncode == 0, res.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    html = "\n".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells
                     for o in c.get("outputs", []))
    return nb, html


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    """Five schools of the sample's Russian municipality (a strong one, one with few ИОМ,
    one over 100 % coverage, one that never reaches the regional stage) in an SQLite file."""
    folder = tmp_path_factory.mktemp("olympiad-sample")
    sample = ROOT / "data" / "sample"
    for table in ("schools", "olympiad", "enrolment", "iom"):
        frame = pd.read_csv(sample / f"{table}.csv", dtype=str, keep_default_na=False)
        frame[frame["school_id"].isin(SCHOOLS)].to_csv(folder / f"{table}.csv", index=False)
    url = f"sqlite:///{folder / 'olympiad.sqlite'}"
    Store(url).import_folder(folder)
    return url


def run(folder, env, name, **params):
    return papermill_run(NOTEBOOKS / f"{name}.ipynb", folder, env=env, timeout=600, **params)


@pytest.fixture(scope="module")
def runs(small_db, tmp_path_factory):
    """Every notebook run of this file, started together (kernel start-up dominates a run)."""
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path_factory.mktemp("olympiad-notebooks")
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    rules = folder / "municipality.yaml"
    rules.write_text("olympiad:\n  iom_special_subjects: 3\n", encoding="utf-8")
    plan = {
        "muni_ru": ("municipality_report", dict(data=small_db)),                 # the schools' language
        "muni_en": ("municipality_report", dict(data=small_db, lang="en", year=YEAR)),
        "muni_zh": ("municipality_report", dict(data=small_db, lang="zh", rules_path=rules)),
        "school_ru": ("school_report", dict(data=small_db, school_id="RU009")),
        "school_en": ("school_report", dict(data=small_db, school_id="RU012", lang="en")),
        "school_zh": ("school_report", dict(data=small_db, school_id="RU001", lang="zh",
                                            year="2018-2019")),
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {k: pool.submit(run, folder, env, name, **params) for k, (name, params) in plan.items()}
        return {k: f.result() for k, f in futures.items()}


def no_python_leaks(html: str):
    text = re.sub(r"<[^>]+>", "|", html)
    cells = {c.strip() for c in text.split("|")}
    for leak in ("nan", "None", "True", "False", "NaN", "<NA>"):
        assert leak not in cells, leak
    for word in ("DATA.md", "coverage_benchmark", "iom_special_subjects", "evalnb.olympiad", "0.35"):
        assert word not in html, word


@pytest.fixture(scope="module")
def frames(small_db):
    store = Store(small_db)
    return {t: store.read(t) for t in ("olympiad", "enrolment", "iom")} | {
        "schools": store.schools(ids=list(SCHOOLS))}


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin_and_clean(name):
    import papermill

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    meta = nb.metadata.evalnb
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {meta["key"], "data", "lang", "rules_path", "year"} <= set(declared)
    assert set(meta["figure_labels"]) == set(meta["figures"])
    assert all(set(v) == {"en", "ru", "zh"} for v in meta["figure_labels"].values())
    assert "ReportContext.open(\"olympiad\"" in nb.cells[2].source


@pytest.mark.slow
def test_municipality_report_in_the_schools_language(runs, frames):
    nb, html = executed(*runs["muni_ru"])
    meta = evalnb.read_meta(nb)
    assert meta["title"] == "г. Армавир" and meta["lang"] == "ru" and meta["key"] == "г. Армавир"
    assert meta["subtitle"] == "2019-2020 учебный год"
    rec = evalnb.read_records(nb)
    cov = coverage(frames["olympiad"], frames["enrolment"], frames["schools"], YEAR)
    assert rec["coverage"] == pytest.approx(cov[cov["level"] == "municipality"]["coverage"].iloc[0])
    q = participation_quality(frames["olympiad"], frames["schools"], years=YEAR)
    m = q[q["level"] == "municipality"].set_index("stage")["quality"]
    assert rec["quality_municipal"] == pytest.approx(m["municipal"])
    assert rec["quality_regional"] == pytest.approx(m["regional"])
    req = iom_required(frames["olympiad"], YEAR)
    imp = iom_implementation(req, frames["iom"], frames["schools"])
    mi = imp[imp["level"] == "municipality"].iloc[0]
    assert rec["iom_required"] == mi["required"] and rec["iom_missing"] == mi["required"] - mi["with_iom"]
    assert rec["special_control"] == int(req["special_control"].sum())
    # the register answers "which schools have winners without an ИОМ, and who is under special control"
    for sid in mi["missing"].split(";"):
        assert sid in html
    assert "Индивидуальные образовательные маршруты" in html and "На особом контроле" in html
    assert "Охват выше 100 %" in html and "ООШ № 12" in html        # RU012's enrolment is short
    assert "Основные показатели" in html and "Приложение: применённые правила" in html
    assert "Правила, отличные от принятых по умолчанию" in html and "Данные на " in html
    assert "Приказ УО г. Армавира от 02.03.2020 № 204" in html
    assert sum(str(o.get("data", {})).count("image/png") for c in nb.cells for o in c.get("outputs", [])) >= 2
    no_python_leaks(html)


@pytest.mark.slow
def test_municipality_report_in_english_for_a_given_year(runs):
    nb, html = executed(*runs["muni_en"])
    meta = evalnb.read_meta(nb)
    assert meta["lang"] == "en" and meta["subtitle"] == "School year 2019-2020"
    assert "Key figures" in html and "the order reports more than 73%" in html
    assert "Schools with positive dynamics" in html
    no_python_leaks(html)


@pytest.mark.slow
def test_municipality_report_in_chinese_with_the_municipality_s_rules(runs, frames):
    nb, html = executed(*runs["muni_zh"])
    rec = evalnb.read_records(nb)
    req = iom_required(frames["olympiad"], YEAR, rules={"iom_special_subjects": 3})
    assert rec["special_control"] == int(req["special_control"].sum())
    assert rec["special_control"] < int(iom_required(frames["olympiad"], YEAR)["special_control"].sum())
    assert "主要数据" in html and "本市规则文件" in html and "重点关注" in html
    no_python_leaks(html)


@pytest.mark.slow
def test_school_report_in_russian(runs, frames):
    nb, html = executed(*runs["school_ru"])
    meta = evalnb.read_meta(nb)
    assert meta["key"] == "RU009" and meta["lang"] == "ru" and meta["title"] == "МБОУ СОШ № 9"
    rec = evalnb.read_records(nb)
    req = iom_required(frames["olympiad"], YEAR)
    imp = iom_implementation(req, frames["iom"], frames["schools"]).set_index("school_id")
    assert rec["iom_required"] == imp.loc["RU009", "required"]
    assert rec["iom_implementation"] == pytest.approx(imp.loc["RU009", "implementation"])
    assert "Победители и призёры и их ИОМ" in html and "нет ИОМ" in html     # RU009 lacks ИОМ
    assert "Этапы" in html and "муниципальный этап" in html
    assert "Охват выше 100 %" not in html
    no_python_leaks(html)


@pytest.mark.slow
def test_school_report_in_english_and_chinese(runs, frames):
    nb, html = executed(*runs["school_en"])
    rec = evalnb.read_records(nb)
    assert rec["coverage"] > 1                       # the short enrolment of RU012
    assert rec["quality_regional"] is None           # RU012 never reaches the regional stage
    assert "Coverage above 100 % means the enrolment reported is too low" in html
    assert "Winners and prize-winners, and their ИОМ" in html
    no_python_leaks(html)
    nb, html = executed(*runs["school_zh"])
    assert evalnb.read_meta(nb)["subtitle"] == "2018-2019学年"
    assert evalnb.read_records(nb)["rank"] >= 1
    assert "优胜者、获奖者及其ИОМ" in html and "主要数据" in html
    no_python_leaks(html)
