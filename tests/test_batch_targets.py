"""Which reports a batch makes: the targets of a notebook's key, checked before any kernel.

Fast: these tests plan batches (and run the CLI up to its checks) without starting a kernel.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from evalnb.batch import cli, load_notebook, run
from evalnb.batch.targets import select_targets
from evalnb.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
TEACHER_RECORD = ROOT / "notebooks" / "training" / "teacher_record.ipynb"
REPORT = Path(__file__).parent / "notebooks" / "report.ipynb"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """Three schools in two municipalities, four teachers, students in two schools."""
    from evalnb.core.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('targets') / 'd.sqlite'}"
    schools = pd.DataFrame(
        [("S1", "Lyceum No. 1", "North", "general", "en"),
         ("S2", "Школа № 2", "North", "general", "ru"),
         ("S3", "第三中学", "South", "general", "zh"),
         ("K1", "Kindergarten 1", "North", "kindergarten", "ru")],
        columns=["school_id", "name", "municipality", "kind", "language"])
    teachers = pd.DataFrame(
        [("T-002", "S2", "Анна Петрова", "secondary"), ("T-001", "S1", "Ann Smith", "secondary"),
         ("T-003", "S3", "李老师", "secondary"), ("T-004", "K1", "Ольга", "kindergarten")],
        columns=["teacher_id", "school_id", "name", "kind"])
    students = pd.DataFrame([("p1", "S1", 5), ("p2", "S3", 7)],
                            columns=["student_id", "school_id", "grade"])
    with Store(url) as store:
        store.write_frames({"schools": schools, "teachers": teachers, "students": students})
    return url


def _notebook(tmp_path: Path, key: str, applies_to: dict | None = None,
              name: str = "nb.ipynb") -> Path:
    cell = nbformat.v4.new_code_cell(f"{key} = None\ndata = None",
                                     metadata={"tags": ["parameters"]})
    nb = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell(f"print({key})")])
    nb.metadata["evalnb"] = {"key": key, "applies_to": applies_to or {}}
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _nothing_ran(out: Path) -> None:
    assert not out.exists() or not any(out.rglob("*"))


# -- bug: a notebook keyed by teacher_id was run with school ids ----------------------------

def test_a_notebook_keyed_by_a_tables_key_gets_that_tables_ids(db):
    spec = load_notebook(TEACHER_RECORD)
    assert spec.key == "teacher_id"
    targets = select_targets(spec, db)
    assert [t.key for t in targets] == ["T-001", "T-002", "T-003", "T-004"]  # never S1, S2…
    assert [t.title for t in targets] == ["Ann Smith", "Анна Петрова", "李老师", "Ольга"]
    assert [t.lang for t in targets] == ["en", "ru", "zh", "ru"]  # the teacher's school's


def test_the_selection_of_schools_narrows_a_tables_rows(db):
    spec = load_notebook(TEACHER_RECORD)
    assert [t.key for t in select_targets(spec, db, municipality="South")] == ["T-003"]
    assert [t.key for t in select_targets(spec, db, kinds=["kindergarten"])] == ["T-004"]
    with pytest.raises(InputError, match="no teacher_id found") as info:
        select_targets(spec, db, kinds=["vocational"])
    assert info.value.table == "teachers"


def test_the_batch_passes_a_tables_ids_as_its_key(db, tmp_path):
    """Planned through run(): the report key is the teacher id (the run stops at a bad -p)."""
    from evalnb.batch.plan import build_parameters

    spec = load_notebook(TEACHER_RECORD)
    target = select_targets(spec, db, schools=["T-002"])[0]
    params = build_parameters(spec, target, data=db, lang=None, rules_path=None, extra={})
    assert params["teacher_id"] == "T-002" and "school_id" not in params


def test_a_column_of_schools_gives_one_report_per_value(db, tmp_path):
    spec = load_notebook(_notebook(tmp_path, "municipality"))
    targets = select_targets(spec, db)
    assert [(t.key, t.title) for t in targets] == [("North", "North"), ("South", "South")]
    # North: S1 en, S2 ru, K1 ru -> most of its schools speak Russian
    assert [t.lang for t in targets] == ["ru", "zh"]
    spec = load_notebook(_notebook(tmp_path, "municipality", {"with_rows_in": "students"}))
    assert [(t.key, t.lang) for t in select_targets(spec, db)] == [("North", "en"),
                                                                   ("South", "zh")]


def test_a_key_the_data_cannot_name_is_refused(db, tmp_path):
    spec = load_notebook(_notebook(tmp_path, "pupil_code"))
    with pytest.raises(InputError, match="cannot tell what the key 'pupil_code' names") as info:
        select_targets(spec, db)
    assert info.value.column == "pupil_code"
    assert "teachers (teacher_id)" in info.value.hint and "municipality" in info.value.hint
    out = tmp_path / "out"
    with pytest.raises(InputError, match="pupil_code"):
        run(spec.path, data=db, out=out)
    _nothing_ran(out)


# -- bug: --schools ids were never checked -------------------------------------------------

def test_unknown_ids_name_the_closest_known_ones(db):
    spec = load_notebook(REPORT)
    assert [t.key for t in select_targets(spec, db, schools=["S2", "S1", "S2"])] == ["S2", "S1"]
    assert select_targets(spec, db, schools=["S2"])[0].title == "Школа № 2"
    with pytest.raises(InputError) as info:
        select_targets(spec, db, schools=["S1", "S01", "ZZZ-9"])
    err = info.value
    assert "'S01'" in str(err) and "'ZZZ-9'" in str(err) and "'S1'," not in str(err)
    assert err.table == "schools" and err.column == "school_id"
    assert err.value == ["S01", "ZZZ-9"]
    assert "'S01' → 'S1'" in err.hint and "'ZZZ-9' → none close" in err.hint


def test_unknown_keys_of_another_kind_are_refused_too(db, tmp_path):
    with pytest.raises(InputError, match="unknown teacher_id 'S1'") as info:
        select_targets(load_notebook(TEACHER_RECORD), db, schools=["S1"])
    assert info.value.table == "teachers"
    with pytest.raises(InputError, match="unknown municipality 'Nort'") as info:
        select_targets(load_notebook(_notebook(tmp_path, "municipality")), db, schools=["Nort"])
    assert "'North'" in info.value.hint


def test_cli_refuses_unknown_schools_before_any_kernel_starts(db, tmp_path, capsys):
    out = tmp_path / "out"
    status = cli.main([str(REPORT), "--data", db, "--schools", "S1", "S9", "--out", str(out),
                       "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2
    assert "unknown school_id 'S9'" in err and "closest known: 'S9' → 'S3', 'S2', 'S1'" in err
    assert "Traceback" not in err
    _nothing_ran(out)


def test_keys_of_another_kind_can_be_given_by_hand(db):
    args = cli.add_arguments(__import__("argparse").ArgumentParser()).parse_args(
        ["nb.ipynb", "--keys", "T-002", "T-001"])
    spec = load_notebook(TEACHER_RECORD)
    assert [t.title for t in select_targets(spec, db, schools=args.schools)] == [
        "Анна Петрова", "Ann Smith"]


def test_the_batch_names_no_domain():
    """What a key names comes from the schema registry, never from the batch's code."""
    import re

    import evalnb
    from evalnb.core import schemas

    src = Path(evalnb.__file__).parent
    domains = {p.name for p in src.iterdir()
               if (p / "__init__.py").is_file() and p.name not in ("core", "batch", "serve",
                                                                     "sample", "locale")}
    assert {"assessment", "training"} <= domains
    tables = {n for n in schemas.names() if n != "schools"}
    assert "teachers" in tables
    for path in (src / "batch").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        named = {w for w in domains | {"teacher", "student"}
                 if re.search(rf"\b{re.escape(w)}\b", text)}
        named |= {t for t in tables if re.search(rf"[\"']{re.escape(t)}[\"']", text)}
        assert not named, (path.name, named)
