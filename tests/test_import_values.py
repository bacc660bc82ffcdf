"""Import never loses or bends a value silently: each doubtful cell is an InputError naming it."""

from __future__ import annotations

import pandas as pd
import pytest

from evalnb import InputError
from evalnb.cli import main
from evalnb.core.files import ReadOptions
from evalnb.core.loading import load_folder, read_folder
from evalnb.core.store import Store
from evalnb.core.validate import check_table

from evalnb_testing import MARKS, make

EXTERNAL_HEAD = "student_id,subject,procedure,date,mark,passed,score,max_score\n"


def external(*cells: str) -> str:
    """external.csv with one row per ``date,mark,passed,score,max_score`` given."""
    return EXTERNAL_HEAD + "".join(f"S1,Математика,ВПР {i},{c}\n" for i, c in enumerate(cells))


def only_problem(folder, options=None):
    probs = load_folder(folder, options=options)[1]
    assert len(probs) == 1, probs
    return probs[0]


@pytest.mark.parametrize("cells,column,value,words", [
    ("2019-09-02,4,,\"4,697\",5000", "score", "4,697", "a ',' in a number"),
    ("2019-09-02,4,,\"4,697\",5000", "score", "4,697", "--decimal ,"),
    ("2019-09-02,4,,4 697,5000", "score", "4 697", "thousands separators are not read"),
    ("2019-09-02,4,,inf,10", "score", "inf", "infinity and nan"),
    ("2019-09-02,4,,7,Infinity", "max_score", "Infinity", "infinity and nan"),
    ("2019-09-02,4,,nan,10", "score", "nan", "infinity and nan"),
    ("2019-09-02,4,,1e999,10", "score", "1e999", "too large a number"),
    ("2019-09-02,99999999999999999999999,,,", "mark", "99999999999999999999999", "64 bits"),
    ("2019-09-02,9223372036854775808,,,", "mark", "9223372036854775808", "64 bits"),
    ("2019-09-02,inf,,,", "mark", "inf", "infinity and nan"),
    ("2019-09-02,\"4,5\",,,", "mark", "4,5", "a ',' in a number"),
    ("2019-09-02garbage,4,,,", "date", "2019-09-02garbage", "nothing may follow the date"),
    ("2019-09-02 12:30,4,,,", "date", "2019-09-02 12:30", "nothing may follow the date"),
    ("2019-09-02,4,maybe,,", "passed", "maybe", "not a valid bool"),
])
def test_a_doubtful_number_or_date_is_an_error_naming_the_value(tmp_path, cells, column, value, words):
    p = only_problem(make(tmp_path, external=external(cells)))
    assert (p.table, p.row, p.column, p.value) == ("external.csv", 2, column, value)
    assert words in p.rule


def test_a_date_cell_of_a_spreadsheet_reads_as_its_date(tmp_path):
    frames, probs = load_folder(make(tmp_path, external=external("2019-09-02 00:00:00,4,,,")))
    assert probs == [] and frames["external"]["date"].tolist() == [pd.Timestamp("2019-09-02")]


def test_decimal_comma_is_read_only_when_asked_for(tmp_path):
    folder = make(tmp_path, external=external('2019-09-02,4,,"4,697",10', "2019-09-03,,,7,10"))
    frames, probs = load_folder(folder, options=ReadOptions(decimal=","))
    assert probs == [] and frames["external"]["score"].tolist() == [4.697, 7.0]
    folder = make(tmp_path, external=external("2019-09-02,4,,4.697,10"))
    p = only_problem(folder, ReadOptions(decimal=","))
    assert p.value == "4.697" and "a '.' in a number" in p.rule and "--decimal ." in p.rule


def test_cli_decimal_option(tmp_path, capsys):
    folder = make(tmp_path, external=external('2019-09-02,4,,"4,697",10'))
    assert main(["import", str(folder), "--db", str(tmp_path / "db.sqlite")]) == 2
    assert "value '4,697'" in capsys.readouterr().err
    assert main(["import", str(folder), "--db", str(tmp_path / "db.sqlite"), "--decimal", ","]) == 0
    with Store(tmp_path / "db.sqlite") as s:
        assert s.read("external")["score"].tolist() == [4.697]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_text_is_an_error(tmp_path, char):
    marks = MARKS.replace("S1,Математика", f"S1,Мате{char}матика")
    p = only_problem(make(tmp_path, marks=marks))
    assert (p.table, p.row, p.column) == ("marks.csv", 2, "subject")
    assert p.value == f"Мате{char}матика" and f"control character (U+{ord(char):04X})" in p.rule


def test_a_huge_integer_saved_by_a_form_is_an_input_error(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    store.import_folder(make(tmp_path))
    for value in ("99999999999999999999999", float("inf"), 1e30):
        row = pd.DataFrame({"student_id": ["S1"], "subject": ["Математика"], "period": ["2019-2020 Q1"],
                            "mark": [value]})
        with pytest.raises(InputError) as info:
            store.save_rows("marks", row)
        assert (info.value.row, info.value.column) == (2, "mark")
    assert store.read("marks", where={"student_id": "S1"})["mark"].tolist() == [5]


def test_integers_at_the_edge_of_64_bits_are_read_exactly():
    from evalnb.core import schemas

    schemas.register(schemas.TableSpec("t_edge", (schemas.Field("k", required=True),
                                                  schemas.Field("n", "int")), key=("k",), source="a test"))
    try:
        edges = ["9223372036854775807", "-9223372036854775808", "9007199254740993", "12"]
        typed, probs = check_table("t_edge", pd.DataFrame({"k": list("abcd"), "n": edges}))
        assert probs == [] and [int(v) for v in typed["n"]] == [int(v) for v in edges]
        _, probs = check_table("t_edge", pd.DataFrame({"k": ["a", "b"], "n": ["-9223372036854775809",
                                                                             "1e19"]}))
        assert [(p.row, p.value) for p in probs] == [(2, "-9223372036854775809"), (3, "1e19")]
        assert all("64 bits" in p.rule for p in probs)
    finally:
        schemas.unregister("t_edge")


def test_a_mistyped_optional_header_is_reported_with_the_closest_name(tmp_path, capsys):
    folder = make(tmp_path, external=EXTERNAL_HEAD.replace(",score,", ",Score,") + "S1,М,ВПР,2019-09-02,4,,7,10\n")
    p = only_problem(folder)
    assert (p.table, p.row, p.column) == ("external.csv", 1, "Score")
    assert "unknown column 'Score'" in p.rule and p.hint == "did you mean 'score'?"
    assert main(["import", str(folder), "--db", str(tmp_path / "db.sqlite")]) == 2
    assert "did you mean 'score'?" in capsys.readouterr().err


def test_an_unknown_column_unlike_any_names_the_columns(tmp_path):
    p = only_problem(make(tmp_path, periods="period,start,end,comment\n2019-2020 Q1,2019-09-02,2019-10-27,x\n"))
    assert p.column == "comment" and p.hint == "the columns of periods are: period, start, end"


def test_a_trailing_delimiter_adds_no_column(tmp_path):
    frames, probs = load_folder(make(tmp_path, periods="period,start,end,\n2019-2020 Q1,2019-09-02,2019-10-27,\n"))
    assert probs == [] and list(frames["periods"].columns) == ["period", "start", "end"]


def test_a_ragged_row_names_its_line(tmp_path):
    p = only_problem(make(tmp_path, periods="period,start,end\n2019-2020 Q1,2019-09-02,2019-10-27\nQ2,a,b,c\n"))
    assert p.table == "periods.csv" and p.row == 3
    assert p.rule == "not a well-formed CSV file at line 3: Expected 3 fields in line 3, saw 4"


def test_append_of_an_existing_key_names_row_and_value(tmp_path, capsys):
    db = tmp_path / "db.sqlite"
    assert main(["import", str(make(tmp_path)), "--db", str(db)]) == 0
    more = tmp_path / "more"
    more.mkdir()
    (more / "marks.csv").write_text("student_id,subject,period,mark\nS2,История,2019-2020 Q1,4\n"
                                    "S1,Математика,2019-2020 Q1,4\n", encoding="utf-8")
    assert main(["import", str(more), "--db", str(db), "--append"]) == 2
    err = capsys.readouterr().err
    assert ("table marks.csv, row 3, column student_id, subject, period: "
            "value 'student_id=S1, subject=Математика, period=2019-2020 Q1': key already in the database") in err


def test_validate_of_a_partial_folder_without_a_database(tmp_path, capsys):
    part = tmp_path / "part"
    part.mkdir()
    (part / "marks.csv").write_text(MARKS, encoding="utf-8")
    assert main(["validate", str(part)]) == 0
    out = capsys.readouterr().out
    assert "marks: 2 rows" in out and "student_id not checked against students" in out
    loaded = read_folder(part)  # import, unlike validate, needs them
    assert any("there is no students table" in p.rule for p in loaded.problems)


def test_header_only_marks_via_the_cli_needs_allow_shrink(tmp_path, capsys):
    db = tmp_path / "db.sqlite"
    assert main(["import", str(make(tmp_path)), "--db", str(db)]) == 0
    only = tmp_path / "only"
    only.mkdir()
    (only / "marks.csv").write_text("student_id,subject,period,mark,status\n", encoding="utf-8")
    assert main(["import", str(only), "--db", str(db)]) == 2
    assert "replacing table marks would remove 2 of its 2 rows" in capsys.readouterr().err
    assert main(["import", str(only), "--db", str(db), "--allow-shrink"]) == 0
    with Store(db) as s:
        assert s.count("marks") == 0
