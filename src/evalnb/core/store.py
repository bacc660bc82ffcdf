"""The database: SQLite file by default, or PostgreSQL for many users.

Tables are made from the contract's specs (:mod:`evalnb.core.schemas`).
Every write is one transaction: importing a folder either loads every table
of it or leaves the database exactly as it was.  Each write also bumps a
revision number and records a new change id under the dataset's identity
(made at its first write), which the batch uses to tell whether a report is
up to date (:func:`evalnb.core.fingerprint.data_fingerprint`).

Reading one school's rows is a query (joined through students or teachers
where the table has no ``school_id`` column), never a full-table load.
Opening, timeouts, read-only access and the errors of the database are
:mod:`evalnb.core.store_open`'s.
"""

from __future__ import annotations

import datetime as _dt
import os
import uuid
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import DatabaseError, InputError
from . import schemas
from .store_checks import dependent_problems, existing_key_problems, shrink_problems
from .store_open import (PROJECT_ROOT, Timeouts, add_new_columns, default_url, guarded, is_transient,
                         normalize_url, open_engine, redact, remove_created)
from .store_read import Reading, _records, insert_rows

__all__ = ["Store", "open_data", "data_fingerprint", "default_url", "PROJECT_ROOT",
           "META_TABLE", "AUDIT_TABLE"]

_SQL_TYPES = {"str": sa.Text, "enum": sa.Text, "int": sa.BigInteger, "float": sa.Float,
              "bool": sa.Boolean, "date": sa.Date}
META_TABLE = "evalnb_meta"
AUDIT_TABLE = "evalnb_audit"


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    for name in schemas.names():
        spec = schemas.get(name)
        cols = [sa.Column(f.name, _SQL_TYPES[f.kind], nullable=not f.required) for f in spec.fields]
        args: list = [sa.PrimaryKeyConstraint(*spec.key, name=f"pk_{name}")]
        if spec.school_link and spec.school_link[0] != "school_id":
            args.append(sa.Index(f"ix_{name}_{spec.school_link[1]}", spec.school_link[1]))
        if "school_id" in spec.columns and "school_id" not in spec.key[:1]:
            args.append(sa.Index(f"ix_{name}_school_id", "school_id"))
        sa.Table(name, md, *cols, *args)
    sa.Table(META_TABLE, md, sa.Column("key", sa.Text, primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table(AUDIT_TABLE, md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("table_name", sa.Text, nullable=False), sa.Column("row_key", sa.Text, nullable=False),
             sa.Column("action", sa.Text, nullable=False), sa.Column("changed_by", sa.Text),
             sa.Column("changed_at", sa.Text, nullable=False))
    return md


def _is_url(data: str) -> bool:
    return "://" in str(data)


class Store(Reading):
    """A dataset in a database.

    Parameters
    ----------
    url : a SQLAlchemy URL (``sqlite:///path.sqlite``, ``postgresql://…``),
        a path to an SQLite file, or ``None`` for :func:`default_url`.
    readonly : ``True`` reads only (nothing is created or written: what
        ``validate --db`` and the batch need); ``False`` needs write access;
        ``None`` (default) opens an SQLite file that cannot be written read-only.
    create : make the SQLite file if it does not exist (never when read-only).
    timeouts : bounded waits (default: :meth:`Timeouts.from_env`).

    Raises :class:`~evalnb.errors.DatabaseError` naming the database when it
    cannot be opened (bad URL, unreachable server, missing or damaged file).

    Examples
    --------
    >>> store = Store("sqlite://")          # in memory
    >>> store.revision()
    0
    """

    def __init__(self, url: str | os.PathLike | None = None, *, readonly: bool | None = None,
                 create: bool = True, timeouts: Timeouts | None = None):
        self.url = normalize_url(url)
        self.timeouts = timeouts or Timeouts.from_env()
        self.created: list[Path] = []
        opened = open_engine(self.url, readonly=readonly, create=create, timeouts=self.timeouts)
        self.engine = opened.engine
        self.readonly = opened.readonly
        self.created = opened.created
        self.metadata = _metadata()
        self._present: dict[str, set[str]] | None = None
        try:
            self._prepare()
        except BaseException:
            self.discard()
            raise

    @guarded
    def _prepare(self) -> None:
        if self.readonly:
            # nothing is created: remember what the database holds, read what there is
            insp = sa.inspect(self.engine)
            self._present = {name: {c["name"] for c in insp.get_columns(name)}
                             for name in insp.get_table_names() if name in self.metadata.tables}
            return
        self.metadata.create_all(self.engine)
        add_new_columns(self.engine, self.metadata)

    def close(self) -> None:
        """Close the database connections (a Store can be used in a ``with`` block)."""
        self.engine.dispose()

    def discard(self) -> None:
        """Close, and delete the SQLite file (and folders) this Store created, if any.

        What a command that failed calls, so that it leaves nothing behind.
        """
        engine = getattr(self, "engine", None)
        if engine is not None:
            engine.dispose()
        remove_created(self.created)
        self.created = []

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({redact(self.url)!r})"

    def _has(self, table: str) -> bool:
        return self._present is None or table in self._present

    def _columns(self, t: sa.Table, names: list[str]) -> list:
        if self._present is None:
            return [t.c[c] for c in names]
        have = self._present.get(t.name, set())
        return [t.c[c] if c in have else sa.null().label(c) for c in names]

    def _writable(self) -> None:
        if self.readonly:
            raise DatabaseError(f"the database {redact(self.url)} was opened read-only: nothing can "
                                "be written to it", url=redact(self.url), reason="readonly",
                                hint="open it with Store(url, readonly=False) to write")

    # --- revision -----------------------------------------------------------
    def _meta(self) -> dict[str, str]:
        if not self._has(META_TABLE):
            return {}
        meta = self.metadata.tables[META_TABLE]
        with self.engine.connect() as conn:
            return {k: v for k, v in conn.execute(sa.select(meta.c.key, meta.c.value)).all()}

    @guarded
    def revision(self) -> int:
        """How many writes the database has seen (0 for a new one)."""
        value = self._meta().get("revision")
        return int(value) if value is not None else 0

    @guarded
    def identity(self) -> dict[str, str | int | None]:
        """``{"dataset_id", "revision", "change_id"}``: who this dataset is and which write it is at.

        ``dataset_id`` is made at the database's first write, ``change_id`` at
        every write; a rebuilt or recreated database gets a new identity even
        where its revision number starts again at 1.  Both are None for a
        database no evalnb has written to since identities exist.
        """
        meta = self._meta()
        return {"dataset_id": meta.get("dataset_id"), "revision": int(meta.get("revision") or 0),
                "change_id": meta.get("change_id")}

    def _bump(self, conn) -> None:
        meta = self.metadata.tables[META_TABLE]
        # one atomic UPDATE, so two writers at once never lose a revision
        bumped = conn.execute(meta.update().where(meta.c.key == "revision").values(
            value=sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.Text))).rowcount
        if not bumped:
            conn.execute(meta.insert().values(key="revision", value="1"))
        stamp = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        for key, value, replace in (("written_at", stamp, True), ("change_id", uuid.uuid4().hex, True),
                                    ("dataset_id", uuid.uuid4().hex, False)):
            updated = conn.execute(meta.update().where(meta.c.key == key).values(value=value)).rowcount \
                if replace else conn.execute(sa.select(sa.func.count()).select_from(meta)
                                             .where(meta.c.key == key)).scalar()
            if not updated:
                conn.execute(meta.insert().values(key=key, value=value))

    # --- writing ------------------------------------------------------------
    @guarded
    def import_folder(self, folder: str | os.PathLike, *, mode: str = "replace",
                      allow_shrink: bool = False, options=None) -> dict[str, int]:
        """Validate a folder of CSV / XLSX files and load it in one transaction.

        ``mode="replace"``: every table the folder brings replaces that table's
        rows — unless it would remove more than half of them, which needs
        ``allow_shrink=True``; ``mode="append"``: rows are added, and a key
        already in the database is an error.  ``options``: how files are read
        (:class:`evalnb.core.files.ReadOptions`).  Returns the number of rows
        per table.  Raises :class:`~evalnb.InputError` with every problem,
        writing nothing.
        """
        from .loading import read_folder

        if mode not in ("replace", "append"):
            raise InputError(f"unknown import mode {mode!r}", rule="replace | append")
        self._writable()
        loaded = read_folder(Path(folder), existing=self._existing_values(mode), options=options)
        if loaded.problems:
            raise InputError(problems=loaded.problems)
        if not loaded.frames:
            raise InputError(f"no table files in {folder}", table=str(folder),
                             rule="a folder of TABLE.csv / TABLE.xlsx files",
                             hint="files are named after the tables, e.g. schools.csv (see: evalnb tables)")
        return self.write_frames(loaded.frames, mode=mode, allow_shrink=allow_shrink,
                                 sources=loaded.sources)

    def _existing_values(self, mode):
        @guarded
        def existing(_self, table: str, column: str):
            if not self._has(table):
                return None
            t = self.metadata.tables[table]
            with self.engine.connect() as conn:
                if conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() == 0:
                    return None
                return pd.Series(conn.execute(sa.select(*self._columns(t, [column]))).scalars().all(),
                                 dtype=object)
        return lambda table, column: existing(self, table, column)

    @guarded
    def write_frames(self, frames: dict[str, pd.DataFrame], *, mode: str = "replace",
                     allow_shrink: bool = False, sources: dict[str, str] | None = None) -> dict[str, int]:
        """Write validated frames in one transaction (see :meth:`import_folder`)."""
        from .validate import validate

        self._writable()
        typed = {t: validate(t, f) for t, f in frames.items()}
        counts: dict[str, int] = {}
        tables = self.metadata.tables
        with self.engine.begin() as conn:
            self._bump(conn)
            if mode == "replace":
                problems = dependent_problems(conn, tables, typed)
                if not allow_shrink:
                    problems += shrink_problems(conn, tables, typed, sources)
            else:
                problems = [p for t, f in typed.items()
                            for p in existing_key_problems(conn, t, tables[t], f, (sources or {}).get(t))]
            if problems:
                raise InputError(problems=problems)
            for table in schemas.names():
                if table not in typed:
                    continue
                t = tables[table]
                if mode == "replace":
                    conn.execute(t.delete())
                counts[table] = insert_rows(conn, t, typed[table], schemas.get(table))
        return counts

    def save_rows(self, table: str, frame: pd.DataFrame, *, user: str | None = None,
                  source: str | None = None) -> int:
        """Insert or update rows of one table by key in one transaction — what forms call.

        See :meth:`save_tables`; returns the number of rows saved.
        """
        return self.save_tables({table: frame}, user=user, sources={table: source or table})[table]

    @guarded
    def save_tables(self, frames: dict[str, pd.DataFrame], *, user: str | None = None,
                    sources: dict[str, str] | None = None) -> dict[str, int]:
        """Insert or update rows of several tables by key, all in one transaction.

        Every frame is validated against its table's schema and its references
        checked against the other frames and the database first; any problem
        raises :class:`~evalnb.InputError` and writes nothing.  Saving a row
        whose key exists replaces it (no duplicates).  Each saved row is
        logged in ``evalnb_audit`` with who saved it and when.
        """
        import json

        from .loading import check_dataset

        self._writable()
        from .validate import check_table

        sources = {t: (sources or {}).get(t, t) for t in frames}
        typed: dict[str, pd.DataFrame] = {}
        problems = []
        for table, frame in frames.items():
            t_frame, t_problems = check_table(table, frame, source=sources[table])
            typed[table] = t_frame
            problems.extend(t_problems)
        if not problems:
            problems = check_dataset(
                typed, existing=self._existing_values("append"), sources=sources,
                read=lambda table, column, values: self.read(table, where={column: sorted(set(values))}))
        if problems:
            raise InputError(problems=problems)
        audit = self.metadata.tables[AUDIT_TABLE]
        order = [t for t in schemas.names() if t in typed]
        rows = {t: _records(typed[t], schemas.get(t)) for t in order}

        def write(conn):
            # the revision row first: its lock queues concurrent writers (as SQLite's
            # write lock does), instead of letting them collide on the same keys
            self._bump(conn)
            stamp = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
            for table in order:
                spec = schemas.get(table)
                t = self.metadata.tables[table]
                for row in rows[table]:
                    cond = sa.and_(*[t.c[k] == row[k] for k in spec.key])
                    existed = conn.execute(t.delete().where(cond)).rowcount
                    conn.execute(t.insert().values(**row))
                    conn.execute(audit.insert().values(
                        table_name=table,
                        row_key=json.dumps([str(row[k]) for k in spec.key], ensure_ascii=False),
                        action="update" if existed else "insert", changed_by=user, changed_at=stamp))

        self._transaction(write)
        return {t: len(rows[t]) for t in order}

    def _transaction(self, work, attempts: int = 8) -> None:
        """Run ``work(conn)`` in one transaction, again if another writer got in the way.

        SQLite answers "database is locked" when another connection holds the
        write lock past the busy timeout; PostgreSQL may reject one of two
        transactions that insert the same key at once (unique violation) or
        that both update the revision (serialization / deadlock).  Each is
        rolled back whole and retried after a short, growing pause; the last
        failure is raised (as a DatabaseError by the caller).
        """
        import random
        import time

        deadline = time.monotonic() + self.timeouts.lock
        for attempt in range(attempts):
            try:
                with self.engine.begin() as conn:
                    work(conn)
                return
            except (sa.exc.OperationalError, sa.exc.IntegrityError, sa.exc.DBAPIError) as exc:
                transient = isinstance(exc, sa.exc.IntegrityError) or is_transient(exc)
                # a lock held past the busy timeout is not retried beyond the lock timeout
                if not transient or attempt == attempts - 1 or time.monotonic() > deadline:
                    raise
                time.sleep(0.05 * (2 ** attempt) * (0.5 + random.random()))

def open_data(data: str | os.PathLike | None = None, *, readonly: bool | None = None) -> Store:
    """The dataset a report or the CLI names: a URL, an SQLite file, or a folder.

    A folder is validated and imported into a database in memory, so
    reports can run straight on the files people have.  A database is never
    created here (a mistyped path is an error); ``readonly`` as for :class:`Store`.
    """
    if data is None or _is_url(str(data)) or Path(str(data)).suffix in (".sqlite", ".db", ".sqlite3"):
        return Store(data, readonly=readonly, create=False)
    path = Path(data)
    if path.is_dir():
        store = Store("sqlite://")
        store.import_folder(path)
        return store
    raise InputError(f"data not found: {data}", table=str(data),
                     rule="a database URL, an SQLite file or a folder of CSV/XLSX files")


from .fingerprint import data_fingerprint  # noqa: E402  (re-exported: the batch reads it here)
