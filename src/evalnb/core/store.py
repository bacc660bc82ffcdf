"""The database: SQLite file by default, any SQLAlchemy URL (PostgreSQL for many users).

Tables are made from the contract's specs (:mod:`evalnb.core.schemas`).
Every write is one transaction: importing a folder either loads every table
of it or leaves the database exactly as it was.  Each write also bumps a
revision number, which the batch uses to tell whether a report is up to date.

Reading one school's rows is a query (joined through students or teachers
where the table has no ``school_id`` column), never a full-table load.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from pathlib import Path
from typing import Iterable

import pandas as pd
import sqlalchemy as sa

from ..errors import InputError
from . import schemas
from .loading import load_folder
from .validate import VALIDATED

PROJECT_ROOT = Path(__file__).resolve().parents[3]
_SQL_TYPES = {"str": sa.Text, "enum": sa.Text, "int": sa.Integer, "float": sa.Float,
              "bool": sa.Boolean, "date": sa.Date}
META_TABLE = "evalnb_meta"
AUDIT_TABLE = "evalnb_audit"


def default_url() -> str:
    """``$EVALNB_DATA`` if set, else the SQLite file of ``make demo`` (``data/evalnb.sqlite``)."""
    env = os.environ.get("EVALNB_DATA")
    if env:
        return env
    return f"sqlite:///{PROJECT_ROOT / 'data' / 'evalnb.sqlite'}"


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


class Store:
    """A dataset in a database.

    Parameters
    ----------
    url : a SQLAlchemy URL (``sqlite:///path.sqlite``, ``postgresql+psycopg://…``),
        a path to an SQLite file, or ``None`` for :func:`default_url`.

    Examples
    --------
    >>> store = Store("sqlite://")          # in memory
    >>> store.revision()
    0
    """

    def __init__(self, url: str | os.PathLike | None = None):
        url = str(url) if url is not None else default_url()
        if not _is_url(url):
            url = f"sqlite:///{Path(url).resolve()}"
        self.url = url
        kw: dict = {}
        if url.startswith("sqlite"):
            if url in ("sqlite://", "sqlite:///:memory:"):
                kw["poolclass"] = sa.pool.StaticPool
            kw["connect_args"] = {"timeout": 30, "check_same_thread": False}
            path = sa.engine.make_url(url).database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(url, future=True, **kw)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.metadata = _metadata()
        self.metadata.create_all(self.engine)
        self._add_new_columns()

    def _add_new_columns(self) -> None:
        """Bring a database made by an older evalnb up to date.

        An optional column added to the contract since is added to the table
        (its rows get no value); a missing required column cannot be made up,
        so the database has to be imported again.
        """
        insp = sa.inspect(self.engine)
        with self.engine.begin() as conn:
            for name, table in self.metadata.tables.items():
                have = {c["name"] for c in insp.get_columns(name)}
                for col in table.columns:
                    if col.name in have:
                        continue
                    if not col.nullable:
                        raise InputError(
                            f"the database's table {name} lacks the required column {col.name}",
                            table=name, column=col.name, rule="the database was made by an older evalnb",
                            hint="import the data again: evalnb import FOLDER --db …")
                    coltype = col.type.compile(dialect=self.engine.dialect)
                    conn.execute(sa.text(f'ALTER TABLE "{name}" ADD COLUMN "{col.name}" {coltype}'))

    def close(self) -> None:
        """Close the database connections (a Store can be used in a ``with`` block)."""
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # --- revision -----------------------------------------------------------
    def revision(self) -> int:
        """How many writes the database has seen (0 for a new one)."""
        meta = self.metadata.tables[META_TABLE]
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "revision")).scalar()
        return int(value) if value is not None else 0

    def _bump(self, conn) -> None:
        meta = self.metadata.tables[META_TABLE]
        # one atomic UPDATE, so two writers at once never lose a revision
        bumped = conn.execute(meta.update().where(meta.c.key == "revision").values(
            value=sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.Text))).rowcount
        if not bumped:
            conn.execute(meta.insert().values(key="revision", value="1"))
        stamp = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        conn.execute(meta.delete().where(meta.c.key == "written_at"))
        conn.execute(meta.insert().values(key="written_at", value=stamp))

    # --- writing ------------------------------------------------------------
    def import_folder(self, folder: str | os.PathLike, *, mode: str = "replace") -> dict[str, int]:
        """Validate a folder of CSV / XLSX files and load it in one transaction.

        ``mode="replace"``: every table the folder brings replaces that table's
        rows; ``mode="append"``: rows are added, and a key already in the
        database is an error.  Returns the number of rows per table.  Raises
        :class:`~evalnb.InputError` with every problem, writing nothing.
        """
        if mode not in ("replace", "append"):
            raise InputError(f"unknown import mode {mode!r}", rule="replace | append")
        frames, problems = load_folder(Path(folder), existing=self._existing_values(mode))
        if problems:
            raise InputError(problems=problems)
        if not frames:
            raise InputError(f"no table files in {folder}", table=str(folder),
                             rule="a folder of TABLE.csv / TABLE.xlsx files",
                             hint="files are named after DATA.md's tables, e.g. schools.csv")
        return self.write_frames(frames, mode=mode)

    def _existing_values(self, mode):
        def existing(table: str, column: str):
            t = self.metadata.tables[table]
            with self.engine.connect() as conn:
                if conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() == 0:
                    return None
                return pd.Series(conn.execute(sa.select(t.c[column])).scalars().all(), dtype=object)
        return existing

    def write_frames(self, frames: dict[str, pd.DataFrame], *, mode: str = "replace") -> dict[str, int]:
        """Write validated frames in one transaction (see :meth:`import_folder`)."""
        from .validate import validate

        typed = {t: validate(t, f) for t, f in frames.items()}
        counts: dict[str, int] = {}
        with self.engine.begin() as conn:
            self._bump(conn)
            self._check_dependents(conn, typed, mode)
            for table in schemas.names():
                if table not in typed:
                    continue
                t = self.metadata.tables[table]
                frame = typed[table]
                if mode == "replace":
                    conn.execute(t.delete())
                else:
                    self._check_no_existing_keys(conn, table, frame)
                rows = _records(frame, schemas.get(table))
                if rows:
                    conn.execute(t.insert(), rows)
                counts[table] = len(rows)
        return counts

    def _check_no_existing_keys(self, conn, table, frame):
        spec = schemas.get(table)
        t = self.metadata.tables[table]
        existing = pd.DataFrame(conn.execute(sa.select(*[t.c[k] for k in spec.key])).all(),
                                columns=list(spec.key))
        if existing.empty:
            return
        keys = frame[list(spec.key)].astype(str)
        hit = keys.merge(existing.astype(str).drop_duplicates(), how="left", indicator=True)["_merge"] == "both"
        if hit.any():
            i = int(hit.to_numpy().nonzero()[0][0])
            raise InputError(f"{table}: key already in the database", table=table,
                             row=i + frame.attrs.get("evalnb_row_offset", 2),
                             column=", ".join(spec.key), value=keys.iloc[i].to_dict(),
                             rule="append adds new rows only", hint="use mode replace to reload the table")

    def _check_dependents(self, conn, frames, mode):
        """A replaced table must not strand rows of other tables that refer to it."""
        if mode != "replace":
            return
        from ..errors import Problem

        problems = []
        for table in schemas.names():
            if table in frames:
                continue
            for column, ref_table, ref_col in schemas.get(table).references:
                if ref_table not in frames:
                    continue
                t = self.metadata.tables[table]
                used = pd.Series(conn.execute(sa.select(t.c[column]).distinct()).scalars().all(), dtype=object)
                lost = used[~used.isin(frames[ref_table][ref_col])]
                if len(lost):
                    problems.append(Problem(ref_table, None, ref_col, str(lost.iloc[0]),
                                            f"the database's {table} still refer to {len(lost)} "
                                            f"{ref_col} value(s) this import removes",
                                            f"import {table} together with {ref_table}"))
        if problems:
            raise InputError(problems=problems)

    def save_rows(self, table: str, frame: pd.DataFrame, *, user: str | None = None,
                  source: str | None = None) -> int:
        """Insert or update rows of one table by key in one transaction — what forms call.

        See :meth:`save_tables`; returns the number of rows saved.
        """
        return self.save_tables({table: frame}, user=user, sources={table: source or table})[table]

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
        failure is raised.
        """
        import random
        import time

        for attempt in range(attempts):
            try:
                with self.engine.begin() as conn:
                    work(conn)
                return
            except (sa.exc.OperationalError, sa.exc.IntegrityError, sa.exc.DBAPIError) as exc:
                transient = isinstance(exc, sa.exc.IntegrityError) or _is_transient(exc)
                if not transient or attempt == attempts - 1:
                    raise
                time.sleep(0.05 * (2 ** attempt) * (0.5 + random.random()))

    def audit(self, table: str | None = None) -> pd.DataFrame:
        """Who saved which rows and when (newest last)."""
        a = self.metadata.tables[AUDIT_TABLE]
        q = sa.select(a).order_by(a.c.id)
        if table:
            q = q.where(a.c.table_name == table)
        with self.engine.connect() as conn:
            result = conn.execute(q)
            return pd.DataFrame([tuple(r) for r in result.all()], columns=list(result.keys()))

    # --- reading ------------------------------------------------------------
    def read(self, table: str, *, school_id: str | Iterable[str] | None = None,
             where: dict | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of ``table``, typed as its schema says.

        ``school_id`` keeps one school's (or several schools') rows, through a
        join where the table has no ``school_id`` column; ``where`` adds
        ``column == value`` (or ``column in values``) conditions.
        """
        spec = schemas.get(table)
        t = self.metadata.tables[table]
        cols = [t.c[c] for c in (columns or spec.columns)]
        q = sa.select(*cols)
        if school_id is not None:
            ids = [school_id] if isinstance(school_id, str) else list(school_id)
            link = spec.school_link
            if not link:
                raise InputError(f"table {table} has no school", table=table,
                                 rule="rows of this table belong to no school")
            if link[0] == "school_id":
                q = q.where(t.c.school_id.in_(ids))
            else:
                parent = self.metadata.tables[link[0]]
                q = q.join(parent, parent.c[link[1]] == t.c[link[1]]).where(parent.c.school_id.in_(ids))
        for col, value in (where or {}).items():
            c = t.c[col]
            q = q.where(c.in_(list(value)) if isinstance(value, (list, tuple, set)) else c == value)
        with self.engine.connect() as conn:
            result = conn.execute(q)
            # plain tuples: pandas probing SQLAlchemy Row objects costs more than the query
            frame = pd.DataFrame([tuple(r) for r in result.all()], columns=list(result.keys()))
        return _typed(frame, spec)

    def schools(self, kinds: Iterable[str] | None = None, municipality: str | None = None,
                ids: Iterable[str] | None = None, with_rows_in: str | None = None) -> pd.DataFrame:
        """Schools, optionally of some kinds, of one municipality, or with rows in a table."""
        t = self.metadata.tables["schools"]
        q = sa.select(*t.c)
        if kinds:
            q = q.where(t.c.kind.in_(list(kinds)))
        if municipality:
            q = q.where(t.c.municipality == municipality)
        if ids is not None:
            q = q.where(t.c.school_id.in_(list(ids)))
        if with_rows_in:
            spec = schemas.get(with_rows_in)
            other = self.metadata.tables[with_rows_in]
            link = spec.school_link
            if not link:
                raise InputError(f"table {with_rows_in} has no school", table=with_rows_in)
            if link[0] == "school_id":
                sub = sa.select(other.c.school_id).distinct()
            else:
                parent = self.metadata.tables[link[0]]
                sub = (sa.select(parent.c.school_id).join(other, other.c[link[1]] == parent.c[link[1]])
                       .distinct())
            q = q.where(t.c.school_id.in_(sub))
        q = q.order_by(t.c.school_id)
        with self.engine.connect() as conn:
            result = conn.execute(q)
            # plain tuples: pandas probing SQLAlchemy Row objects costs more than the query
            frame = pd.DataFrame([tuple(r) for r in result.all()], columns=list(result.keys()))
        return _typed(frame, schemas.get("schools"))

    def school(self, school_id: str) -> dict:
        """One school's row as a dict; :class:`~evalnb.InputError` if it is unknown."""
        frame = self.schools(ids=[school_id])
        if frame.empty:
            raise InputError(f"unknown school {school_id!r}", table="schools", column="school_id",
                             value=school_id, rule="school_id must be in the schools table")
        return frame.iloc[0].to_dict()

    def count(self, table: str) -> int:
        t = self.metadata.tables[table]
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar())


def _is_transient(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(k in text for k in ("database is locked", "database table is locked", "deadlock",
                                   "could not serialize", "serialization failure", "busy"))


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    # WAL lets readers (reports) go on while a form writes; NORMAL sync is safe under WAL
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _records(frame: pd.DataFrame, spec: schemas.TableSpec) -> list[dict]:
    out = frame[spec.columns].copy()
    for f in spec.fields:
        s = out[f.name]
        if f.kind == "date":
            out[f.name] = pd.Series([None if pd.isna(v) else v.date() for v in s], dtype=object, index=s.index)
        elif f.kind == "int":
            out[f.name] = pd.Series([None if pd.isna(v) else int(v) for v in s], dtype=object, index=s.index)
        elif f.kind == "bool":
            out[f.name] = pd.Series([None if pd.isna(v) else bool(v) for v in s], dtype=object, index=s.index)
        elif f.kind == "float":
            out[f.name] = s.astype(object).where(s.notna(), None)
        else:
            out[f.name] = s.astype(object).where(s.notna(), None)
    return out.to_dict("records")


def _typed(frame: pd.DataFrame, spec: schemas.TableSpec) -> pd.DataFrame:
    for f in spec.fields:
        if f.name not in frame.columns:
            continue
        s = frame[f.name]
        if f.kind == "date":
            frame[f.name] = pd.to_datetime(s).astype("datetime64[ns]")
        elif f.kind == "int":
            frame[f.name] = pd.array(s, dtype="Int64") if len(s) else s.astype("Int64")
        elif f.kind == "float":
            frame[f.name] = pd.to_numeric(s).astype("float64")
        elif f.kind == "bool":
            frame[f.name] = s.astype("boolean")
        else:
            frame[f.name] = s.astype(object).where(s.notna(), None)
    if list(frame.columns) == spec.columns:
        frame.attrs[VALIDATED] = spec.name
    return frame


def open_data(data: str | os.PathLike | None = None) -> Store:
    """The dataset a report or the CLI names: a URL, an SQLite file, or a folder.

    A folder is validated and imported into a database in memory, so
    reports can run straight on the files people have.
    """
    if data is None or _is_url(str(data)) or Path(str(data)).suffix in (".sqlite", ".db", ".sqlite3"):
        return Store(data)
    path = Path(data)
    if path.is_dir():
        store = Store("sqlite://")
        store.import_folder(path)
        return store
    raise InputError(f"data not found: {data}", table=str(data),
                     rule="a database URL, an SQLite file or a folder of CSV/XLSX files")


def data_fingerprint(data: str | os.PathLike | None = None) -> str:
    """A short fingerprint that changes whenever the dataset's data changes.

    For a database: its URL and revision (bumped by every write through
    evalnb).  For a folder: the names, sizes and modification times of its
    table files.
    """
    h = hashlib.sha256()
    if data is not None and not _is_url(str(data)) and Path(str(data)).is_dir():
        for p in sorted(Path(str(data)).iterdir()):
            if p.suffix.lower() in (".csv", ".xlsx"):
                st = p.stat()
                h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
        return "folder:" + h.hexdigest()[:16]
    store = Store(data)
    h.update(store.engine.url.render_as_string(hide_password=True).encode())
    h.update(f":{store.revision()}".encode())
    return "db:" + h.hexdigest()[:16]
