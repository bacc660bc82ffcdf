"""``evalnb new-report``: the starter notebook, and that the batch runs it as written."""

from __future__ import annotations

import argparse
import json

import nbformat
import pandas as pd
import pytest

from evalnb import newreport
from evalnb.batch import load_notebook, run
from evalnb.errors import InputError


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """Two municipalities; S1 (English) and S2 (Russian) have students, S3 none."""
    from evalnb.core.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('starter') / 'd.sqlite'}"
    schools = pd.DataFrame([("S1", "Lyceum No. 1", "North", "general", "en"),
                            ("S2", "Школа № 2", "North", "general", "ru"),
                            ("S3", "第三中学", "South", "general", "zh")],
                           columns=["school_id", "name", "municipality", "kind", "language"])
    students = pd.DataFrame([(f"{s}-{i}", s, 5 + i % 2) for s, n in (("S1", 3), ("S2", 4))
                             for i in range(n)], columns=["student_id", "school_id", "grade"])
    with Store(url) as store:
        store.write_frames({"schools": schools, "students": students})
    return url


def test_the_starter_declares_what_the_batch_needs(tmp_path):
    path = newreport.write_starter(tmp_path / "my_report.ipynb")
    spec = load_notebook(path)
    assert spec.key == "school_id" and list(spec.params) == ["school_id", "data", "lang"]
    assert spec.params["school_id"].accepts_none and str in spec.params["school_id"].types
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for piece in ("ReportContext.open(", "html_table(", "figure(", "evalnb.record("):
        assert piece in code
    assert nb.cells[0].cell_type == "markdown" and "evalnb batch my_report.ipynb" in \
        nb.cells[0].source
    by_column = load_notebook(newreport.write_starter(tmp_path / "m.ipynb", key="municipality"))
    assert by_column.key == "municipality" and "municipality" in by_column.params


@pytest.mark.parametrize("key", ["teacher_id", "name", "remote_area", "class", "x y", ""])
def test_a_starter_keyed_by_anything_else_is_refused(tmp_path, key):
    with pytest.raises(InputError, match="cannot be keyed by") as info:
        newreport.write_starter(tmp_path / "r.ipynb", key=key)
    assert "school_id" in info.value.hint and "municipality" in info.value.hint
    assert not (tmp_path / "r.ipynb").exists()


def test_the_command_writes_once_and_refuses_to_overwrite(tmp_path, capsys):
    parser = newreport.add_arguments(argparse.ArgumentParser())
    path = tmp_path / "deep" / "mine.ipynb"
    assert newreport.run_from_args(parser.parse_args([str(path)])) == 0
    assert f"evalnb batch {path}" in capsys.readouterr().out
    before = path.read_bytes()
    assert newreport.run_from_args(parser.parse_args([str(path), "--key", "cluster"])) == 2
    assert "exists" in capsys.readouterr().err and path.read_bytes() == before
    assert newreport.run_from_args(parser.parse_args([str(path), "--key", "cluster",
                                                      "--force"])) == 0
    assert load_notebook(path).key == "cluster"
    assert newreport.main([str(tmp_path / "x.txt")]) == 2
    assert ".ipynb" in capsys.readouterr().err


@pytest.mark.slow
def test_the_batch_runs_the_starter_as_written(db, tmp_path):
    path = newreport.write_starter(tmp_path / "my_report.ipynb")
    result = run(path, data=db, out=tmp_path / "out", formats="html", jobs=1,
                 schools=["S2", "S3"])
    assert result.exit_status == 0, result.summary()
    e = {r["key"]: r for r in result.reports}
    assert e["S2"]["figures"] == {"students": 4} and e["S3"]["figures"] == {"students": 0}
    assert e["S2"]["title"] == "Школа № 2" and e["S2"]["lang"] == "ru"
    ru = (result.out_dir / "S2.html").read_text(encoding="utf-8")
    assert "Обучающиеся по классам" in ru and "data:image/png;base64," in ru
    zh = (result.out_dir / "S3.html").read_text(encoding="utf-8")
    assert "第三中学" in zh and "data:image/png;base64," not in zh  # no students: no chart
    index = result.index_path.read_text(encoding="utf-8")
    assert "Школа № 2" in index and "Students" in index


@pytest.mark.slow
def test_the_batch_runs_a_starter_keyed_by_municipality(db, tmp_path):
    path = newreport.write_starter(tmp_path / "by_municipality.ipynb", key="municipality")
    result = run(path, data=db, out=tmp_path / "out", formats="html", jobs=1)
    assert result.exit_status == 0, result.summary()
    assert [(r["key"], r["figures"]) for r in result.reports] == [
        ("North", {"students": 7}), ("South", {"students": 0})]
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    assert manifest["key"] == "municipality"
    # the handout keeps a name's number with its word (a no-break space): read it as a reader does
    north = (result.out_dir / "North.html").read_text(encoding="utf-8").replace("\u00a0", " ") \
        .replace("&nbsp;", " ")
    assert "Lyceum No. 1" in north and "Школа № 2" in north and "第三中学" not in north
