"""Reading a dataset's rows back, typed as the schemas say (the reading half of :class:`Store`).

A database opened read-only is read as it is: a table it does not hold reads
as empty, a column it lacks (added to the contract since) as missing values.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd
import sqlalchemy as sa

from ..errors import InputError
from . import schemas
from .store_open import guarded
from .validate import VALIDATED

AUDIT_TABLE = "evalnb_audit"


def _frame(result) -> pd.DataFrame:
    # plain tuples: pandas probing SQLAlchemy Row objects costs more than the query
    return pd.DataFrame([tuple(r) for r in result.all()], columns=list(result.keys()))


class Reading:
    """Queries of a :class:`~evalnb.core.store.Store` (engine, metadata, ``_has``, ``_columns``)."""

    @guarded
    def audit(self, table: str | None = None) -> pd.DataFrame:
        """Who saved which rows and when (newest last)."""
        a = self.metadata.tables[AUDIT_TABLE]
        if not self._has(AUDIT_TABLE):
            return pd.DataFrame(columns=[c.name for c in a.columns])
        q = sa.select(a).order_by(a.c.id)
        if table:
            q = q.where(a.c.table_name == table)
        with self.engine.connect() as conn:
            return _frame(conn.execute(q))

    # --- reading ------------------------------------------------------------
    @guarded
    def read(self, table: str, *, school_id: str | Iterable[str] | None = None,
             where: dict | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of ``table``, typed as its schema says.

        ``school_id`` keeps one school's (or several schools') rows, through a
        join where the table has no ``school_id`` column; ``where`` adds
        ``column == value`` (or ``column in values``) conditions.
        """
        spec = schemas.get(table)
        t = self.metadata.tables[table]
        names = list(columns or spec.columns)
        if not self._has(table):
            return _typed(pd.DataFrame({c: pd.Series(dtype=object) for c in names}), spec)
        q = sa.select(*self._columns(t, names))
        if school_id is not None:
            ids = [school_id] if isinstance(school_id, str) else list(school_id)
            link = spec.school_link
            if not link:
                raise InputError(f"table {table} has no school", table=table,
                                 rule="rows of this table belong to no school")
            if link[0] == "school_id":
                q = q.where(t.c.school_id.in_(ids))
            else:
                if not self._has(link[0]):
                    return _typed(pd.DataFrame({c: pd.Series(dtype=object) for c in names}), spec)
                parent = self.metadata.tables[link[0]]
                q = q.join(parent, parent.c[link[1]] == t.c[link[1]]).where(parent.c.school_id.in_(ids))
        for col, value in (where or {}).items():
            c = t.c[col]
            q = q.where(c.in_(list(value)) if isinstance(value, (list, tuple, set)) else c == value)
        with self.engine.connect() as conn:
            result = conn.execute(q)
            frame = _frame(result)
        return _typed(frame, spec)

    @guarded
    def schools(self, kinds: Iterable[str] | None = None, municipality: str | None = None,
                ids: Iterable[str] | None = None, with_rows_in: str | None = None) -> pd.DataFrame:
        """Schools, optionally of some kinds, of one municipality, or with rows in a table."""
        t = self.metadata.tables["schools"]
        spec_schools = schemas.get("schools")
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in spec_schools.columns})
        if not self._has("schools"):
            return _typed(empty, spec_schools)
        q = sa.select(*self._columns(t, spec_schools.columns))
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
            if not self._has(with_rows_in) or not self._has(link[0]):
                return _typed(empty, spec_schools)
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
            frame = _frame(result)
        return _typed(frame, schemas.get("schools"))

    def school(self, school_id: str) -> dict:
        """One school's row as a dict; :class:`~evalnb.InputError` if it is unknown."""
        frame = self.schools(ids=[school_id])
        if frame.empty:
            raise InputError(f"unknown school {school_id!r}", table="schools", column="school_id",
                             value=school_id, rule="school_id must be in the schools table")
        return frame.iloc[0].to_dict()

    @guarded
    def count(self, table: str) -> int:
        """How many rows ``table`` holds."""
        if not self._has(table):
            return 0
        t = self.metadata.tables[table]
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar())




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




def _records(frame: pd.DataFrame, spec: schemas.TableSpec) -> list[dict]:
    """Rows of ``frame`` as dicts of Python values (None for missing) — what a form's few rows are saved as."""
    cols = _python_columns(frame, spec)
    return [dict(zip(spec.columns, row)) for row in zip(*cols)]


def _python_columns(frame: pd.DataFrame, spec: schemas.TableSpec) -> list[list]:
    """One list of Python values per column of ``spec`` (None for missing), as the driver takes them."""
    out = []
    for f in spec.fields:
        s = frame[f.name]
        if f.kind == "date":
            s = pd.to_datetime(s)
            values = s.dt.date.astype(object).where(s.notna(), None)
        else:
            # Int64 / boolean / float / text: .astype(object) gives Python ints, bools, floats, str
            values = s.astype(object).where(s.notna(), None)
        out.append(values.tolist())
    return out


def insert_rows(conn, table: sa.Table, frame: pd.DataFrame, spec: schemas.TableSpec,
                chunk: int = 20_000) -> int:
    """Insert every row of a validated ``frame`` into ``table``, ``chunk`` rows at a time.

    Only one chunk of rows is ever held as Python values (a region's marks
    are millions of rows); values go to the driver as tuples in one prepared
    statement, each through the column type's own conversion for this
    database (e.g. SQLite's dates as ISO text), so the rows read back exactly
    as SQLAlchemy would have written them.
    """
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    mark = {"qmark": "?", "numeric": None, "named": None}.get(dialect.paramstyle, "%s")
    if mark is None:  # a driver without positional parameters: let SQLAlchemy build the dicts
        for start in range(0, len(frame), chunk):
            rows = _records(frame.iloc[start:start + chunk], spec)
            if rows:
                conn.execute(table.insert(), rows)
        return len(frame)
    processors = [table.c[f.name].type.bind_processor(dialect) for f in spec.fields]
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in spec.columns)}) "
           f"VALUES ({', '.join([mark] * len(spec.columns))})")
    for start in range(0, len(frame), chunk):
        cols = _python_columns(frame.iloc[start:start + chunk], spec)
        for i, process in enumerate(processors):
            if process is not None:
                cols[i] = [None if v is None else process(v) for v in cols[i]]
        rows = list(zip(*cols))
        if rows:
            conn.exec_driver_sql(sql, rows)
    return len(frame)
