"""Schemas and loaders on good and bad files: each problem is the right InputError."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.loading import load_folder
from evalnb.core.store import Store
from evalnb.core.validate import validate

from evalnb_testing import MARKS, PERIODS, SCHOOLS, STUDENTS, make

def problems(folder):
    return load_folder(folder)[1]


def test_good_folder_loads_typed(tmp_path):
    frames, probs = load_folder(make(tmp_path))
    assert probs == []
    assert frames["schools"]["school_id"].tolist() == ["001", "002"]  # leading zeros kept
    assert str(frames["students"]["grade"].dtype) == "Int64"
    assert frames["periods"]["end"].iloc[0] == pd.Timestamp("2019-10-27")
    assert frames["marks"]["status"].tolist() == [None, "na"]


def test_bom_is_accepted(tmp_path):
    folder = make(tmp_path)
    (folder / "schools.csv").write_bytes("\ufeff".encode() + SCHOOLS.encode())
    frames, probs = load_folder(folder)
    assert probs == [] and "school_id" in frames["schools"].columns


@pytest.mark.parametrize("table,text,row,column,value,rule", [
    ("marks", MARKS.replace(",5,", ",7,"), 2, "mark", 7, "from 1 to 5"),
    ("marks", MARKS.replace(",5,", ",five,"), 2, "mark", "five", "not a valid int"),
    ("marks", MARKS.replace(",5,", ",4.5,"), 2, "mark", "4.5", "not a valid int"),
    ("students", STUDENTS.replace(",11,", ",12,"), 3, "grade", 12, "from 1 to 11"),
    ("periods", PERIODS.replace("2019-10-27", "27.10.2019"), 2, "end", "27.10.2019", "YYYY-MM-DD"),
    ("schools", SCHOOLS.replace("vocational", "college"), 3, "kind", "college", "one of"),
    ("marks", MARKS + "S1,Математика,2019-2020 Q1,4,\n", 4, "student_id, subject, period", None, "duplicate key"),
    ("marks", MARKS + "S9,Математика,2019-2020 Q1,4,\n", 4, "student_id", "S9", "unknown student"),
    ("marks", MARKS + "S1,История,2019-2020 Q1,,\n", 4, "mark, status", None, "a mark or a status"),
    ("students", STUDENTS.replace("S2,001", "S2,"), 3, "school_id", None, "required"),
])
def test_bad_value_names_table_row_column_value_and_rule(tmp_path, table, text, row, column, value, rule):
    probs = problems(make(tmp_path, **{table: text}))
    assert len(probs) == 1, probs
    p = probs[0]
    assert p.table == f"{table}.csv"
    assert (p.row, p.column) == (row, column)
    if value is not None:
        assert p.value == value
    assert rule in p.rule + " " + (p.hint or "")


def test_missing_required_column(tmp_path):
    probs = problems(make(tmp_path, students="student_id,grade\nS1,5\n"))
    assert any(p.table == "students.csv" and p.column == "school_id" and "missing" in p.rule for p in probs)


def test_cp1251_file_is_read_and_bytes_of_no_encoding_name_the_line(tmp_path):
    folder = make(tmp_path)
    russian_only = SCHOOLS.replace("学校", "Лицей").replace("南宁市", "Армавир")
    (folder / "schools.csv").write_bytes(russian_only.encode("cp1251"))
    frames, probs = load_folder(folder)
    assert probs == [] and frames["schools"]["name"].tolist() == ["Школа № 1", "Лицей"]
    (folder / "schools.csv").write_bytes(russian_only.encode("cp1251").replace("Лицей".encode("cp1251"),
                                                                               b"\x98\x98\xff\x81"))
    probs = problems(folder)
    assert probs[0].table == "schools.csv" and probs[0].row == 2 and "not UTF-8 text (byte 0xd8" in probs[0].rule


def test_empty_file(tmp_path):
    probs = problems(make(tmp_path, periods=""))
    assert probs[0].table == "periods.csv" and "empty" in str(probs[0])


def test_header_only_file_is_an_empty_table(tmp_path):
    frames, probs = load_folder(make(tmp_path, marks="student_id,subject,period,mark,status\n"))
    assert probs == [] and len(frames["marks"]) == 0


def test_xlsx_with_and_without_the_expected_sheet(tmp_path):
    folder = make(tmp_path, students=None)
    good = pd.DataFrame({"student_id": ["S1", "S2"], "school_id": ["001", "001"], "grade": [5, 11]})
    with pd.ExcelWriter(folder / "students.xlsx") as xw:
        good.to_excel(xw, sheet_name="students", index=False)
    frames, probs = load_folder(folder)
    assert probs == [] and frames["students"]["grade"].tolist() == [5, 11]
    with pd.ExcelWriter(folder / "students.xlsx") as xw:
        good.to_excel(xw, sheet_name="Лист1", index=False)
    probs = problems(folder)
    assert any(p.table == "students.xlsx" and "no sheet named 'students'" in p.rule for p in probs)


def test_unknown_file_is_reported_not_dropped(tmp_path):
    folder = make(tmp_path, notes="a,b\n1,2\n")
    assert any(p.table == "notes.csv" and "not a table" in p.rule for p in problems(folder))


def test_every_problem_reported_at_once(tmp_path):
    folder = make(tmp_path, marks=MARKS.replace(",5,", ",7,") + "S9,Математика,2019-2020 Q1,4,\n",
                  students=STUDENTS.replace(",11,", ",0,"))
    rules = sorted((p.table, p.row, p.column) for p in problems(folder))
    assert rules == [("marks.csv", 2, "mark"), ("marks.csv", 4, "student_id"), ("students.csv", 3, "grade")]


def test_import_is_all_or_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url)
    store.import_folder(make(tmp_path))
    before = {t: store.read(t) for t in ("schools", "students", "marks")}
    rev = store.revision()
    bad = tmp_path / "bad"
    shutil.copytree(make(tmp_path), bad)
    (bad / "schools.csv").write_text(SCHOOLS + "003,New,X,general,en\n", encoding="utf-8")
    (bad / "marks.csv").write_text(MARKS.replace(",5,", ",7,"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        store.import_folder(bad)
    assert info.value.table == "marks.csv" and info.value.row == 2
    after = Store(url)
    assert after.revision() == rev
    for t, frame in before.items():
        pd.testing.assert_frame_equal(after.read(t), frame)


def test_replacing_a_table_may_not_strand_rows_of_another(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.import_folder(make(tmp_path))
    only = tmp_path / "only_students"
    only.mkdir()
    (only / "students.csv").write_text("student_id,school_id,grade\nS1,001,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="still refer"):
        store.import_folder(only)
    assert store.count("students") == 2


def test_append_rejects_existing_keys_and_checks_references_in_the_database(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.import_folder(make(tmp_path))
    more = tmp_path / "more"
    more.mkdir()
    (more / "marks.csv").write_text("student_id,subject,period,mark\nS1,История,2019-2020 Q1,4\n", encoding="utf-8")
    assert store.import_folder(more, mode="append") == {"marks": 1}
    with pytest.raises(InputError, match="already in the database"):
        store.import_folder(more, mode="append")
    (more / "marks.csv").write_text("student_id,subject,period,mark\nS7,История,2019-2020 Q1,4\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        store.import_folder(more, mode="append")
    assert info.value.column == "student_id" and info.value.value == "S7"
    assert store.count("marks") == 3


def test_calculator_side_validation_of_a_hand_built_frame():
    frame = pd.DataFrame({"period": ["Q1"], "start": ["2019-11-01"], "end": ["2019-09-01"]})
    with pytest.raises(InputError, match="start must be on or before end"):
        validate("periods", frame)


def test_attainment_aliases_simplified_and_traditional():
    frame = pd.DataFrame({"school_id": ["C1"] * 3, "cycle": ["2021-2025"] * 3,
                          "element": ["1.1", "1.2", "1.3"], "attainment": ["达成", "達成", "基本達成"]})
    assert validate("review", frame)["attainment"].tolist() == ["achieved", "achieved", "partly"]
