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


# --- the up-to-date check cannot be fooled (issue: stale reports served as up to date) -------

def _rename_school(folder, name):
    text = (folder / "schools.csv").read_text(encoding="utf-8").replace("Школа № 1", name)
    (folder / "schools.csv").write_text(text, encoding="utf-8")


def test_a_rebuilt_database_has_a_new_fingerprint_though_url_and_revision_are_the_same(tmp_path):
    path = tmp_path / "s.sqlite"
    folder = make(tmp_path)
    with Store(path) as s:
        s.import_folder(folder)
        assert s.revision() == 1
    before = data_fingerprint(path)
    for p in tmp_path.glob("s.sqlite*"):
        p.unlink()
    _rename_school(folder, "Лицей № 1")
    with Store(path) as s:
        s.import_folder(folder)
        assert s.revision() == 1 and s.school("001")["name"] == "Лицей № 1"
    assert data_fingerprint(path) != before


def test_a_restored_backup_written_to_again_has_a_new_fingerprint(tmp_path):
    import shutil

    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.import_folder(make(tmp_path))
    backup = tmp_path / "backup.sqlite"
    shutil.copy(path, backup)
    periods = pd.DataFrame({"period": ["Q2"], "start": ["2019-11-05"], "end": ["2019-12-28"]})
    with Store(path) as s:
        s.save_rows("periods", periods)
    first = data_fingerprint(path)
    shutil.copy(backup, path)
    with Store(path) as s:
        s.save_rows("periods", periods.assign(end=["2019-12-29"]))
        assert s.revision() == 2
    assert data_fingerprint(path) != first


def test_fingerprint_of_a_recreated_database_on_either_backend(db_url, tmp_path):
    folder = make(tmp_path)
    s = Store(db_url)
    s.import_folder(folder)
    before = data_fingerprint(db_url)
    s.metadata.drop_all(s.engine)
    s.close()
    _rename_school(folder, "Лицей № 1")
    Store(db_url).import_folder(folder)
    assert data_fingerprint(db_url) != before


def test_a_database_without_identity_is_fingerprinted_by_its_rows(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("create table schools (school_id text primary key, name text not null, "
                "municipality text not null, kind text not null)")
    con.execute("insert into schools values ('001', 'A', 'M', 'general')")
    con.commit()
    first = data_fingerprint(path)
    assert first.startswith("rows:") and data_fingerprint(path) == first
    con.execute("update schools set name = 'B'")
    con.commit()
    con.close()
    assert data_fingerprint(path) != first


def test_fingerprint_of_a_missing_database_creates_nothing(tmp_path):
    from evalnb.errors import DatabaseError

    with pytest.raises(DatabaseError, match="no database file") as info:
        data_fingerprint(tmp_path / "typo.sqlite")
    assert info.value.reason == "missing" and list(tmp_path.iterdir()) == []


def test_folder_fingerprint_follows_the_bytes_not_the_modification_time(tmp_path):
    import os

    folder = make(tmp_path)
    path = folder / "periods.csv"
    first = data_fingerprint(folder)
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("2019-10-27", "2019-10-28"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # a restore keeps the old time
    assert data_fingerprint(folder) != first


# --- a read-only database is read, never written ----------------------------------------------

def _rollback_journal_db(tmp_path):
    import sqlite3

    path = tmp_path / "ro.sqlite"
    with Store(path) as s:
        s.import_folder(make(tmp_path))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    return path


def test_readonly_store_reads_and_writes_nothing(tmp_path):
    from evalnb.errors import DatabaseError

    path = _rollback_journal_db(tmp_path)
    raw = path.read_bytes()
    with Store(path, readonly=True) as s:
        assert s.readonly and s.count("marks") == 2 and s.school("001")["name"] == "Школа № 1"
        assert sorted(s.read("marks", school_id="001")["student_id"]) == ["S1", "S2"]
        with pytest.raises(DatabaseError, match="read-only") as info:
            s.save_rows("periods", pd.DataFrame({"period": ["Q9"], "start": ["2020-01-01"],
                                                 "end": ["2020-02-01"]}))
        assert info.value.reason == "readonly"
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.glob("ro.sqlite*")) == ["ro.sqlite"]


def test_a_file_that_cannot_be_written_is_opened_readonly(tmp_path, monkeypatch):
    import os

    from evalnb.errors import DatabaseError

    path = _rollback_journal_db(tmp_path)
    raw = path.read_bytes()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if str(p) == str(path) and mode == os.W_OK
                        else real(p, mode, *a, **k))
    with Store(path) as s:  # as the batch and the reports open it
        assert s.readonly and s.count("schools") == 2
    with pytest.raises(DatabaseError, match="read-only"):
        Store(path, readonly=False)
    assert path.read_bytes() == raw


def test_readonly_store_of_an_older_database_reads_missing_tables_as_empty(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("create table schools (school_id text primary key, name text not null, "
                "municipality text not null, kind text not null)")
    con.execute("insert into schools values ('001', 'A', 'M', 'general')")
    con.commit()
    con.close()
    with Store(path, readonly=True) as s:
        assert s.school("001")["province"] is None
        assert s.read("marks").empty and s.count("marks") == 0 and s.revision() == 0
        assert s.schools(with_rows_in="marks").empty


# --- replacing a table with far fewer rows needs to be asked for ------------------------------

def test_a_header_only_file_does_not_empty_a_table(db_url, tmp_path):
    store = Store(db_url)
    store.import_folder(make(tmp_path))
    rev = store.revision()
    only = tmp_path / "only"
    only.mkdir()
    (only / "marks.csv").write_text("student_id,subject,period,mark,status\n", encoding="utf-8")
    with pytest.raises(InputError, match="would remove 2 of its 2 rows") as info:
        store.import_folder(only)
    assert "--allow-shrink" in info.value.hint and info.value.table == "marks.csv"
    assert store.count("marks") == 2 and store.revision() == rev
    assert store.import_folder(only, allow_shrink=True) == {"marks": 0}
    assert store.count("marks") == 0


def test_replacing_by_at_least_half_the_rows_needs_no_permission(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    store.import_folder(make(tmp_path))
    one = tmp_path / "one"
    one.mkdir()
    (one / "marks.csv").write_text("student_id,subject,period,mark\nS1,Математика,2019-2020 Q1,4\n",
                                   encoding="utf-8")
    assert store.import_folder(one) == {"marks": 1}  # 1 of 2: half stays


# --- the write lock of another program is waited for, then named ------------------------------

def test_a_held_write_lock_is_named_after_a_bounded_wait(tmp_path):
    import sqlite3

    from evalnb.core.store_open import Timeouts
    from evalnb.errors import DatabaseError

    path = tmp_path / "db.sqlite"
    with Store(path) as s:
        s.import_folder(make(tmp_path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeouts=Timeouts(lock=0.3)) as s:
            with pytest.raises(DatabaseError, match="locked by another program") as info:
                s.save_rows("periods", pd.DataFrame({"period": ["Q2"], "start": ["2019-11-05"],
                                                     "end": ["2019-12-28"]}))
            assert info.value.reason == "locked"
            with pytest.raises(DatabaseError, match="locked"):
                s.import_folder(make(tmp_path), allow_shrink=True)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(path) as s:
        assert s.revision() == 1
