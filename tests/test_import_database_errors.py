"""Every failure of the database is one clear line and exit 2, and a failed command creates nothing.

The commands run in-process (``evalnb.cli.main``): an exception other than
the ones the CLI turns into exit 2 would fail the test with its traceback.
"""

from __future__ import annotations

import socket
import sqlite3
import threading

import pytest

from evalnb.cli import main
from evalnb.core.store import Store
from evalnb.core.store_open import Timeouts
from evalnb.errors import DatabaseError

from evalnb_testing import make


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("url,words", [
    ("postgresql://nobody@127.0.0.1:1/x", "cannot connect to the database postgresql://nobody@127.0.0.1:1/x"),
    ("mysql://user@localhost/x", "does not work with 'mysql' databases"),
    ("foo://x", "does not work with 'foo' databases"),
    ("sqlite:/x.sqlite", "'sqlite:/x.sqlite' is not a database URL"),
    ("postgresql:x", "is not a database URL"),
    ("://nothing", "not a database URL"),
])
@pytest.mark.parametrize("command", ["validate", "import"])
def test_a_bad_or_unreachable_url_is_one_line_exit_2_creating_nothing(capsys, tmp_path, monkeypatch,
                                                                      command, url, words):
    folder = make(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, command, folder, "--db", url)
    assert code == 2 and out == ""
    assert err.startswith("evalnb: ") and words in err
    assert "Traceback" not in err
    if "does not work" in err or "not a database URL" in err:
        assert "accepted forms:" in err and "postgresql://user:password@host:port/database" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]  # no folder named "sqlite:"


@pytest.mark.parametrize("command", ["validate", "import"])
def test_a_csv_or_a_damaged_file_given_as_the_database(capsys, tmp_path, command):
    folder = make(tmp_path)
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    for db in (folder / "schools.csv", damaged):
        raw = db.read_bytes()
        code, _, err = run(capsys, command, folder, "--db", db)
        assert code == 2 and f"{db} is not an SQLite database, or it is damaged" in err
        assert db.read_bytes() == raw


def test_validate_against_a_mistyped_database_creates_no_file(capsys, tmp_path):
    folder = make(tmp_path)
    code, _, err = run(capsys, "validate", folder, "--db", tmp_path / "typo.sqlite")
    assert code == 2 and f"no database file {tmp_path / 'typo.sqlite'}" in err
    assert not (tmp_path / "typo.sqlite").exists()


def test_a_failed_import_leaves_no_new_database_nor_folder(capsys, tmp_path):
    bad = make(tmp_path, students="student_id,school_id,grade\nS1,001,5\nS2,001,eleven\n")
    db = tmp_path / "new" / "deeper" / "db.sqlite"
    code, _, err = run(capsys, "import", bad, "--db", db)
    assert code == 2 and "value 'eleven'" in err
    assert not (tmp_path / "new").exists()
    code, _, err = run(capsys, "import", tmp_path / "no-such-folder", "--db", tmp_path / "db.sqlite")
    assert code == 2 and "not a folder" in err and not list(tmp_path.glob("db.sqlite*"))


def test_a_failed_import_into_an_existing_database_keeps_it(capsys, tmp_path):
    db = tmp_path / "db.sqlite"
    assert run(capsys, "import", make(tmp_path), "--db", db)[0] == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "periods.csv").write_text("period,start,end\nQ1,2019-09-02x,2019-10-27\n", encoding="utf-8")
    assert run(capsys, "import", bad, "--db", db)[0] == 2
    with Store(db) as s:
        assert s.count("periods") == 1 and s.revision() == 1


def test_validate_db_reads_only_and_leaves_the_file_as_it_was(capsys, tmp_path):
    db = tmp_path / "db.sqlite"
    with Store(db) as s:
        s.import_folder(make(tmp_path))
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=DELETE")  # as a copy taken for reading may be
    con.close()
    raw = db.read_bytes()
    code, out, err = run(capsys, "validate", make(tmp_path), "--db", db)
    assert code == 0, err
    assert db.read_bytes() == raw and not (tmp_path / "db.sqlite-wal").exists()


def test_import_into_a_database_that_cannot_be_written(capsys, tmp_path, monkeypatch):
    import os

    db = tmp_path / "db.sqlite"
    with Store(db) as s:
        s.import_folder(make(tmp_path))
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if str(p) == str(db) and mode == os.W_OK
                        else real(p, mode, *a, **k))
    code, _, err = run(capsys, "import", make(tmp_path), "--db", db)
    assert code == 2 and f"the database file {db} is read-only" in err and "Traceback" not in err
    code, out, err = run(capsys, "validate", make(tmp_path), "--db", db)
    assert code == 0, err


def test_a_held_lock_is_named_by_the_cli(capsys, tmp_path, monkeypatch):
    db = tmp_path / "db.sqlite"
    with Store(db) as s:
        s.import_folder(make(tmp_path))
    monkeypatch.setenv("EVALNB_DB_LOCK_TIMEOUT", "0.2")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = run(capsys, "import", make(tmp_path), "--db", db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and f"the database {db} is locked by another program (waited 0.2 s)" in err


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_a_bad_timeout_setting_is_named(capsys, tmp_path, monkeypatch, value):
    monkeypatch.setenv("EVALNB_DB_CONNECT_TIMEOUT", value)
    code, _, err = run(capsys, "import", make(tmp_path), "--db", tmp_path / "db.sqlite")
    assert code == 2 and "$EVALNB_DB_CONNECT_TIMEOUT must be a number of seconds" in err


@pytest.fixture()
def silent_server():
    """A TCP port that accepts connections and never answers (a hung server, a wrong service)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(srv.accept()[0])
            except (socket.timeout, OSError):
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1], accepted
    stop.set()
    t.join()
    for c in accepted:
        c.close()
    srv.close()


def test_a_postgresql_port_that_never_answers_does_not_hang(silent_server):
    port, accepted = silent_server
    outcome = {}

    def connect():
        try:
            Store(f"postgresql://nobody@127.0.0.1:{port}/x", timeouts=Timeouts(connect=2))
        except DatabaseError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=connect, daemon=True)
    worker.start()
    worker.join(120)  # a hang detector, not a timing: the connect timeout ends it long before
    assert not worker.is_alive(), "connecting to a silent server hangs"
    exc = outcome["error"]
    assert exc.reason == "timeout" and accepted
    assert str(exc) == f"the database server of postgresql://nobody@127.0.0.1:{port}/x did not answer within 2 s"


def test_statement_and_lock_timeouts_are_set_on_postgresql(postgres_url):
    from pg_fixtures import schema_url

    with schema_url(postgres_url) as url:
        s = Store(url, timeouts=Timeouts(statement=7, lock=3))
        try:
            with s.engine.connect() as conn:
                import sqlalchemy as sa

                assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "7s"
                assert conn.execute(sa.text("SHOW lock_timeout")).scalar() == "3s"
                assert "search_path" in url  # the URL's own options are kept
                assert conn.execute(sa.text("SELECT current_schema()")).scalar() in url
        finally:
            s.close()


def test_a_held_lock_on_postgresql_is_named(postgres_url, tmp_path):
    import pandas as pd
    import sqlalchemy as sa

    from pg_fixtures import schema_url

    with schema_url(postgres_url) as url:
        s = Store(url, timeouts=Timeouts(lock=1))
        other = Store(url)
        try:
            s.import_folder(make(tmp_path))
            with other.engine.connect() as conn:
                conn.execute(sa.text("SELECT value FROM evalnb_meta WHERE key = 'revision' FOR UPDATE"))
                with pytest.raises(DatabaseError, match="locked by another program") as info:
                    s.save_rows("periods", pd.DataFrame({"period": ["Q2"], "start": ["2019-11-05"],
                                                         "end": ["2019-12-28"]}))
                conn.rollback()
            assert info.value.reason == "locked" and s.revision() == 1
        finally:
            s.close()
            other.close()
