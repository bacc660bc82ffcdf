import pandas as pd
import pytest

from evalnb import InputError
from evalnb.core.store import Store, data_fingerprint, open_data

from evalnb_testing import make


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    s.import_folder(make(tmp_path))
    return s


def test_reading_one_school_is_a_join_query(store, tmp_path):
    statements = []
    from sqlalchemy import event

    event.listen(store.engine, "before_cursor_execute",
                 lambda *a: statements.append(a[2]))
    marks = store.read("marks", school_id="001")
    assert sorted(marks["student_id"]) == ["S1", "S2"]
    sql = " ".join(statements).lower()
    assert "join students" in sql and "where students.school_id in" in sql
    assert store.read("marks", school_id="002").empty


def test_schools_filters(store):
    assert store.schools(kinds=["vocational"])["school_id"].tolist() == ["002"]
    assert store.schools(with_rows_in="marks")["school_id"].tolist() == ["001"]
    assert store.schools(municipality="Армавир")["name"].tolist() == ["Школа № 1"]
    with pytest.raises(InputError, match="unknown school"):
        store.school("999")


def test_save_rows_updates_by_key_keeps_audit_and_fails_whole(store):
    row = pd.DataFrame({"student_id": ["S1"], "subject": ["Математика"], "period": ["2019-2020 Q1"], "mark": [3]})
    assert store.save_rows("marks", row, user="ann") == 1
    marks = store.read("marks", where={"student_id": "S1"})
    assert marks["mark"].tolist() == [3]
    audit = store.audit("marks")
    assert audit[["action", "changed_by"]].values.tolist() == [["update", "ann"]]
    bad = pd.DataFrame({"student_id": ["S1", "S2"], "subject": ["История", "История"],
                        "period": ["2019-2020 Q1"] * 2, "mark": [4, 9]})
    with pytest.raises(InputError) as info:
        store.save_rows("marks", bad)
    assert (info.value.row, info.value.column, info.value.value) == (3, "mark", 9)
    assert store.read("marks", where={"subject": "История"}).empty


def test_hostile_text_is_stored_literally(store):
    name = "'); DROP TABLE marks; --<script>alert(1)</script>"
    store.save_rows("schools", pd.DataFrame({"school_id": ["003"], "name": [name],
                                             "municipality": ["X"], "kind": ["other"]}))
    assert store.school("003")["name"] == name
    assert store.count("marks") == 2


def test_fingerprint_changes_with_every_write(store, tmp_path):
    before = data_fingerprint(store.url)
    assert data_fingerprint(store.url) == before
    store.save_rows("periods", pd.DataFrame({"period": ["Q2"], "start": ["2019-11-05"], "end": ["2019-12-28"]}))
    assert data_fingerprint(store.url) != before
    folder = make(tmp_path)
    f1 = data_fingerprint(folder)
    (folder / "periods.csv").write_text("period,start,end\nQ9,2020-01-01,2020-02-01\n", encoding="utf-8")
    assert data_fingerprint(folder) != f1


def test_open_data_on_a_folder_and_on_a_missing_path(tmp_path):
    store = open_data(make(tmp_path))
    assert store.count("schools") == 2
    with pytest.raises(InputError, match="data not found"):
        open_data(tmp_path / "nothing")


def test_a_database_from_an_older_evalnb_gets_new_optional_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("create table schools (school_id text primary key, name text not null, "
                "municipality text not null, kind text not null, language text)")
    con.execute("insert into schools values ('001', 'A', 'M', 'general', 'ru')")
    con.commit()
    con.close()
    store = Store(path)
    school = store.school("001")
    assert school["name"] == "A" and school["province"] is None and school["cluster"] is None


def test_a_database_missing_a_required_column_asks_for_a_new_import(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("create table schools (school_id text primary key, name text not null)")
    con.commit()
    con.close()
    with pytest.raises(InputError, match="lacks the required column municipality") as info:
        Store(path)
    assert "import the data again" in info.value.hint
