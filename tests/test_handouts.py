"""Handouts as a reader gets them: built once per session with ``evalnb batch``, read back from
the PDF with pdfplumber (text positions, not pixels), index pages compared with the database.

The sets: the assessment school report of the school with the longest name, the training
unit report of the unit with the most teachers, the diagnosis report of the college with the
longest name, the county overview, the municipality overview and the school overview of one
school per language; each in its own language and a second one, so every PDF is seen in
en, ru and zh.  Screenshots of one handout per set and language are kept in
``test-artifacts/handouts/`` (look at them).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handout_checks import check_pdf, page_text  # noqa: E402

pytestmark = pytest.mark.slow


ROOT = Path(__file__).resolve().parents[1]
DB = Path(os.environ.get("EVALNB_HANDOUT_DB", ROOT / "data" / "evalnb.sqlite"))
if not DB.exists():
    DB = Path("/work/main/data/evalnb.sqlite")
ARTIFACTS = ROOT / "test-artifacts" / "handouts"


def _db():
    return sqlite3.connect(f"file:{DB}?mode=ro", uri=True)


def _longest(kind: str, table: str) -> str:
    with _db() as c:
        return c.execute(f"select s.school_id from schools s where kind = ? and exists "
                         f"(select 1 from {table} t where t.school_id = s.school_id) "
                         "order by length(s.name) desc, s.school_id limit 1", (kind,)).fetchone()[0]


def _most_teachers() -> str:
    with _db() as c:
        return c.execute("select school_id from teachers group by school_id "
                         "order by count(*) desc, school_id limit 1").fetchone()[0]


def _overview_schools() -> list[str]:
    with _db() as c:
        return [c.execute("select school_id from schools where language = ? "
                          "order by length(name) desc, school_id limit 1", (lg,)).fetchone()[0]
                for lg in ("ru", "zh", "en")]


def _builds():
    """(notebook, out folder name, batch arguments)."""
    school = _longest("general", "students")
    unit = _most_teachers()
    college = _longest("vocational", "vocational_status")
    return [
        ("assessment/school_report.ipynb", "own", ["--schools", school]),
        ("assessment/school_report.ipynb", "zh", ["--schools", school, "--lang", "zh"]),
        ("training/unit_monthly_report.ipynb", "own", ["--schools", unit]),
        ("training/unit_monthly_report.ipynb", "ru", ["--schools", unit, "--lang", "ru"]),
        ("diagnosis/school_report.ipynb", "own", ["--schools", college]),
        ("diagnosis/school_report.ipynb", "en", ["--schools", college, "--lang", "en"]),
        ("training/county_overview.ipynb", "own", []),
        ("assessment/municipality_overview.ipynb", "own", []),
        ("school_overview.ipynb", "own", ["--schools", *_overview_schools()]),
    ]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every build's output folder: {(set, lang label): folder of the set}."""
    out = tmp_path_factory.mktemp("handouts")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    folders = {}
    for notebook, label, args in _builds():
        cmd = [sys.executable, "-m", "evalnb", "batch", str(ROOT / "notebooks" / notebook),
               "--data", f"sqlite:///{DB}", "--out", str(out / label), "--jobs", "1",
               "--no-progress", "--ui-lang", "en", *args]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
        name = re.search(r"-> (.+)/index\.html", proc.stdout).group(1)
        folders[(Path(name).name, label)] = Path(name)
    _screenshots(folders)
    return folders


def _screenshots(folders) -> None:
    """pdftoppm PNGs (60 dpi) of one handout per set and language."""
    if shutil.which("pdftoppm") is None:
        return
    for (name, label), folder in folders.items():
        pdf = sorted(folder.glob("*.pdf"))[0]
        target = ARTIFACTS / f"{name}-{label}"
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob(f"{name}-{label}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(target)], check=True)


def _pdfs(built):
    return [(f"{name}/{label}/{pdf.stem}", pdf) for (name, label), folder in built.items()
            for pdf in sorted(folder.glob("*.pdf"))]


def _problems(built, checks):
    problems = {}
    for label, pdf in _pdfs(built):
        found = check_pdf(pdf, pdf.with_suffix(".html").read_text(encoding="utf-8"))
        bad = {k: v for k, v in found.items() if v and k in checks}
        if bad:
            problems[label] = bad
    return problems


def test_every_handout_fits_its_pages(built):
    """Nothing beyond the margins, no page of a lone heading, every table header where the
    table starts."""
    problems = _problems(built, ("outside", "heading_only", "headers"))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_handouts_show_no_developer_material(built):
    """No Python value (True, None, nan), rule key, module or file name in any handout."""
    problems = _problems(built, ("developer",))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_index_pages_are_in_a_language_with_readable_titles_and_no_paths(built):
    for (name, label), folder in built.items():
        page = (folder / "index.html").read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([^"]+)"', page).group(1)
        assert lang in ("en", "ru", "zh-CN")
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert name not in title and "_" not in title, title
        assert str(DB) not in page and "sqlite" not in page and "/tmp" not in page
        if label == "own" and name in ("school_overview",):
            assert lang == "en"  # a mixed set: the builder's language (--ui-lang en)
    landing_dir = next(iter(built.values())).parent
    subprocess.run([sys.executable, "-m", "evalnb", "batch", "--landing", str(landing_dir),
                    "--ui-lang", "ru"], env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                   check=True, capture_output=True)
    landing = (landing_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in landing and "school_report<" not in landing


def _index_rows(page: str) -> dict[str, list[tuple[str, str]]]:
    """key → (data-value, shown text) of each cell of its row."""
    rows = {}
    for tr in re.findall(r'<tr class="status-[^"]+">(.*?)</tr>', page, flags=re.S):
        cells = [(raw, re.sub(r"<[^>]+>", "", text).strip()) for raw, text in
                 re.findall(r'<td[^>]*data-value="([^"]*)"[^>]*>(.*?)</td>', tr, flags=re.S)]
        rows[cells[1][0]] = cells
    return rows


def _expected_overview(school_id: str) -> dict[str, int | None]:
    """Students and teachers of a school straight from the database."""
    with _db() as c:
        students = c.execute("select count(*) from students where school_id = ?", (school_id,)).fetchone()[0]
        teachers = c.execute("select count(*) from teachers where school_id = ?", (school_id,)).fetchone()[0]
        latest = c.execute("select max(year) from vocational_status where school_id = ?",
                           (school_id,)).fetchone()[0]

        def status(*indicators):
            marks = ",".join("?" * len(indicators))
            row = c.execute(f"select sum(value), count(*) from vocational_status where school_id = ? "
                            f"and year = ? and indicator in ({marks})",
                            (school_id, latest, *indicators)).fetchone()
            return int(round(row[0])) if row[1] else None
    return {"students": students or (status("enrollment_fulltime") if latest else None),
            "teachers": teachers or (status("teachers_fulltime", "teachers_part_time") if latest else None)}


def test_school_overview_index_figures_match_handout_and_database(built):
    from evalnb.core.i18n import fmt_int

    folder = built[("school_overview", "own")]
    rows = _index_rows((folder / "index.html").read_text(encoding="utf-8"))
    with _db() as c:
        langs = dict(c.execute("select school_id, language from schools"))
    assert len(rows) == 3
    for key, values in rows.items():
        expected = _expected_overview(key)
        shown = {"students": values[3][0], "teachers": values[4][0]}
        text = page_text(folder / f"{key}.pdf").replace("\u00a0", " ").replace("\u202f", " ")
        for name, value in expected.items():
            if value is None:
                assert shown[name] == "", (key, name)
                continue
            assert shown[name] == str(value), (key, name, shown[name], value)
            assert fmt_int(value, langs[key]).replace("\u00a0", " ").replace("\u202f", " ") in text, \
                (key, name, value)


def test_county_overview_index_figures_match_the_database(built):
    folder = built[("training-county_overview", "own")]
    rows = _index_rows((folder / "index.html").read_text(encoding="utf-8"))
    assert rows
    with _db() as c:
        for key, values in rows.items():
            teachers = c.execute("select count(*) from teachers t join schools s using (school_id) "
                                 "where s.municipality = ?", (key,)).fetchone()[0]
            assert values[3][0] == str(teachers), (key, values)
            raw, text = values[4]  # the share of teachers meeting the yearly requirements
            assert 0 <= float(raw) <= 1 and text.endswith("%"), (key, values)
