"""Several people saving at once, on SQLite (WAL, retries) and PostgreSQL.

Each test runs once per backend (``db_url``, see ``tests/pg_fixtures.py``).
Writers save through :meth:`Store.save_rows`, the path every form takes:
some keys are each writer's own, some are saved by every writer (in
different orders, to provoke lock waits and deadlocks).  Afterwards every row
is there exactly once, the shared rows hold one writer's whole save, the
audit log has every save, and the revision counted every write.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

import pandas as pd
import pytest
import sqlalchemy as sa

from evalnb import InputError
from evalnb.core.store import Store
from pg_fixtures import db_url  # noqa: F401  (fixture)

SHARED = ("SHARED1", "SHARED2")


def _prepare(url: str) -> int:
    store = Store(url)
    store.write_frames({"schools": pd.DataFrame({
        "school_id": ["A", "B"], "name": ["School A", "Школа Б"], "municipality": ["M", "M"],
        "kind": ["general", "general"]})})
    return store.revision()


def _frame(writer: str, i: int) -> pd.DataFrame:
    """One save of ``writer``: its own row plus the shared rows (order depends on the writer)."""
    shared = list(SHARED) if int(writer[1:]) % 2 == 0 else list(reversed(SHARED))
    ids = [f"{writer}-{i}", *shared]
    return pd.DataFrame({"teacher_id": ids, "school_id": ["A", "B", "A"],
                         "name": [f"{writer}/{i}"] * 3, "kind": ["primary"] * 3,
                         "birth_year": [1970 + i] * 3})


def _save_many(url: str, writer: str, saves: int, barrier) -> None:
    store = Store(url)
    try:
        barrier.wait(timeout=120)
        for i in range(saves):
            store.save_rows("teachers", _frame(writer, i), user=writer)
    finally:
        store.engine.dispose()


def _process_writer(url, writer, saves, barrier, errors):
    try:
        _save_many(url, writer, saves, barrier)
    except BaseException as exc:  # report to the parent, which fails the test
        errors.put(f"{writer}: {type(exc).__name__}: {exc}")
        raise


def _check(url: str, writers: list[str], saves: int, rev0: int) -> None:
    store = Store(url)
    teachers = store.read("teachers")
    # every row exactly once: each writer's own rows and the shared ones
    expected = {f"{w}-{i}" for w in writers for i in range(saves)} | set(SHARED)
    assert sorted(teachers["teacher_id"]) == sorted(expected)
    own = teachers[~teachers["teacher_id"].isin(SHARED)]
    assert (own["name"] == own["teacher_id"].str.replace("-", "/")).all()
    # the shared rows hold one whole save (both from the same writer and round), never a mix
    shared_names = set(teachers.loc[teachers["teacher_id"].isin(SHARED), "name"])
    assert len(shared_names) == 1
    assert shared_names <= {f"{w}/{i}" for w in writers for i in range(saves)}
    # the audit has every save: one insert per key, an update for each later save of it
    audit = store.audit("teachers")
    assert len(audit) == len(writers) * saves * 3
    per_key = audit.groupby("row_key")["action"].agg(lambda s: sorted(s.tolist()))
    for key in SHARED:
        n = len(writers) * saves
        assert per_key[f'["{key}"]'] == ["insert"] + ["update"] * (n - 1)
    for w in writers:
        mine = audit[audit["row_key"] == f'["{w}-0"]']
        assert mine[["action", "changed_by"]].values.tolist() == [["insert", w]]
    assert store.revision() == rev0 + len(writers) * saves


def test_threads_saving_at_once_lose_nothing(db_url):
    rev0 = _prepare(db_url)
    writers, saves = [f"w{i}" for i in range(6)], 5
    barrier = threading.Barrier(len(writers))
    errors: list[BaseException] = []

    def run(writer):
        try:
            _save_many(db_url, writer, saves, barrier)
        except BaseException as exc:  # pragma: no cover - shown by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert not [t for t in threads if t.is_alive()], "a writer hung"
    assert not errors, errors
    _check(db_url, writers, saves, rev0)


@pytest.mark.slow
def test_processes_saving_at_once_lose_nothing(db_url):
    """Separate processes, as separate Voilà kernels are: no shared engine, no shared lock."""
    rev0 = _prepare(db_url)
    ctx = multiprocessing.get_context("spawn")
    writers, saves = ["w0", "w1", "w2"], 6
    barrier = ctx.Barrier(len(writers))
    errors = ctx.Queue()
    procs = [ctx.Process(target=_process_writer, args=(db_url, w, saves, barrier, errors))
             for w in writers]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
    for p in procs:
        if p.is_alive():  # pragma: no cover - a hang is a failure
            p.kill()
            p.join()
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    errors.close()
    errors.join_thread()
    assert not problems, problems
    assert [p.exitcode for p in procs] == [0] * len(procs)
    _check(db_url, writers, saves, rev0)


def test_a_bad_row_writes_nothing(db_url):
    rev0 = _prepare(db_url)
    store = Store(db_url)
    frame = pd.concat([_frame("w0", 0), _frame("w1", 1)]).drop_duplicates("teacher_id")
    frame.loc[frame.index[-1], "school_id"] = "NOPE"          # unknown school, last row
    with pytest.raises(InputError) as info:
        store.save_rows("teachers", frame, user="ann")
    assert info.value.problems[0].column == "school_id"
    assert store.count("teachers") == 0 and store.audit().empty
    assert store.revision() == rev0


def test_a_save_failing_midway_rolls_back_whole(db_url):
    """The database fails after some rows were written, before the commit: nothing stays."""
    rev0 = _prepare(db_url)
    store = Store(db_url)
    store.save_rows("teachers", _frame("w0", 0), user="ann")
    before = store.read("teachers").sort_values("teacher_id").reset_index(drop=True)
    rev1 = store.revision()
    assert rev1 == rev0 + 1
    seen = []

    def fail_on_third_audit_row(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO EVALNB_AUDIT"):
            seen.append(statement)
            if len(seen) == 3:       # two rows and their audit entries are written by now
                raise RuntimeError("the disk is full")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_third_audit_row)
    with pytest.raises(RuntimeError, match="disk is full"):
        store.save_rows("teachers", _frame("w0", 1).assign(name="changed"), user="bob")
    sa.event.remove(store.engine, "before_cursor_execute", fail_on_third_audit_row)
    after = store.read("teachers").sort_values("teacher_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(after, before)
    assert store.audit()["changed_by"].tolist() == ["ann"] * 3
    assert Store(db_url).revision() == rev1


def test_readers_are_not_blocked_by_a_writer(db_url):
    """A report reading while a form's transaction is open sees the last committed data at once."""
    _prepare(db_url)
    writer = Store(db_url)
    reader = Store(db_url)
    writer.save_rows("teachers", _frame("w0", 0), user="ann")
    t = writer.metadata.tables["teachers"]
    with writer.engine.connect() as conn:
        tx = conn.begin()
        conn.execute(t.update().values(name="uncommitted"))
        started = time.monotonic()
        names = set(reader.read("teachers")["name"])
        assert time.monotonic() - started < 5
        assert names == {"w0/0"}
        tx.rollback()


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10000
    store.engine.dispose()


def test_audit_keeps_who_and_when(db_url):
    _prepare(db_url)
    store = Store(db_url)
    store.save_rows("teachers", _frame("w0", 0).head(1), user="Иван Петров")
    store.save_rows("teachers", _frame("w0", 0).head(1).assign(name="again"), user="王芳")
    audit = store.audit("teachers")
    assert audit[["row_key", "action", "changed_by"]].values.tolist() == [
        ['["w0-0"]', "insert", "Иван Петров"], ['["w0-0"]', "update", "王芳"]]
    stamps = pd.to_datetime(audit["changed_at"], utc=True)
    assert (stamps.max() - pd.Timestamp.now(tz="UTC")).total_seconds() < 60
    assert store.count("teachers") == 1
